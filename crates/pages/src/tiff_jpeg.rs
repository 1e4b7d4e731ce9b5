//! Joins the JPEG strips of a TIFF page into one standalone JPEG file without re-encoding.
//!
//! A JPEG TIFF (compression 7) stores each strip as its own small JPEG stream that shares the
//! quantisation and Huffman tables kept once in `JPEGTables`. Every strip starts its DC
//! prediction afresh, which is exactly what a JPEG restart marker does; so the strips' entropy
//! coded data, joined with RST markers and a restart interval of one strip's MCUs, under one
//! frame header with the page's full height, is the same image as one JPEG.

const SOI: [u8; 2] = [0xFF, 0xD8];
const EOI: [u8; 2] = [0xFF, 0xD9];

/// The parts of one strip's stream.
struct Strip<'a> {
    /// Marker segments before the frame header (tables, application data), each whole.
    tables: Vec<&'a [u8]>,
    /// The frame header segment (SOF0/1/2), whole.
    frame: &'a [u8],
    /// Segments between the frame and the scan header (e.g. more tables), each whole.
    between: Vec<&'a [u8]>,
    /// The scan header segment (SOS), whole.
    scan: &'a [u8],
    /// The entropy-coded data up to (not including) the end-of-image marker.
    data: &'a [u8],
}

/// Splits a JPEG stream (as stored in a TIFF strip, or `JPEGTables`) into its segments.
/// `None` for anything this joiner does not handle (restart intervals of its own, several
/// scans, hierarchical or arithmetic coding).
fn parse(stream: &[u8], tables_only: bool) -> Option<Strip<'_>> {
    let mut pos = SOI.len();
    if !stream.starts_with(&SOI) {
        return None;
    }
    let (mut tables, mut between) = (Vec::new(), Vec::new());
    let mut frame: Option<&[u8]> = None;
    loop {
        while stream.get(pos) == Some(&0xFF) && stream.get(pos + 1) == Some(&0xFF) {
            pos += 1;
        }
        let (&0xFF, &code) = (stream.get(pos)?, stream.get(pos + 1)?) else {
            return None;
        };
        if code == 0xD9 && tables_only {
            return Some(Strip {
                tables,
                frame: &[],
                between,
                scan: &[],
                data: &[],
            });
        }
        let len = usize::from(u16::from_be_bytes([
            *stream.get(pos + 2)?,
            *stream.get(pos + 3)?,
        ]));
        let segment = stream.get(pos..pos + 2 + len)?;
        pos += 2 + len;
        match code {
            // Baseline and extended sequential Huffman frames.
            0xC0 | 0xC1 => frame = Some(segment),
            0xDA => {
                let data = stream.get(pos..)?;
                let data = data.strip_suffix(&EOI)?;
                // A second scan (or any other marker but byte stuffing) would show as 0xFF
                // followed by something other than 0x00 inside the data.
                let foreign = data.windows(2).any(|w| w[0] == 0xFF && w[1] != 0x00);
                if foreign {
                    return None;
                }
                return Some(Strip {
                    tables,
                    frame: frame?,
                    between,
                    scan: segment,
                    data,
                });
            }
            // DRI: the strip has its own restart interval; DNL; progressive, lossless,
            // hierarchical and arithmetic frames (0xC4, DHT, is a table and passes below).
            0xDD | 0xDC | 0xC2 | 0xC3 | 0xC5..=0xCF => return None,
            _ if frame.is_some() => between.push(segment),
            _ => tables.push(segment),
        }
    }
}

/// The frame header's (width, height, MCU width, MCU height).
fn frame_geometry(frame: &[u8]) -> Option<(u32, u32, u32, u32)> {
    // FF Cx, length (2), precision, height (2), width (2), components, then 3 bytes each.
    let height = u32::from(u16::from_be_bytes([*frame.get(5)?, *frame.get(6)?]));
    let width = u32::from(u16::from_be_bytes([*frame.get(7)?, *frame.get(8)?]));
    let components = usize::from(*frame.get(9)?);
    if components == 0 {
        return None;
    }
    let (mut max_h, mut max_v) = (1u32, 1u32);
    for c in 0..components {
        let sampling = *frame.get(10 + 3 * c + 1)?;
        max_h = max_h.max(u32::from(sampling >> 4));
        max_v = max_v.max(u32::from(sampling & 0x0F));
    }
    // A single component is coded non-interleaved: its MCU is one 8×8 block.
    let (mcu_w, mcu_h) = if components == 1 {
        (8, 8)
    } else {
        (8 * max_h, 8 * max_v)
    };
    Some((width, height, mcu_w, mcu_h))
}

/// One JPEG file holding the page whose strips are `strips`, `rows_per_strip` rows each (the
/// last may have fewer), with the shared `tables` (a `JPEGTables` stream) if the TIFF has them.
/// `adobe_rgb` adds an Adobe APP14 marker with transform 0 (the samples are RGB, not YCbCr).
pub fn join_strips(
    strips: &[&[u8]],
    tables: Option<&[u8]>,
    width: u32,
    height: u32,
    rows_per_strip: u32,
    adobe_rgb: bool,
) -> Option<Vec<u8>> {
    let parsed: Vec<Strip> = strips
        .iter()
        .map(|s| parse(s, false))
        .collect::<Option<_>>()?;
    let first = parsed.first()?;
    let (frame_w, _, mcu_w, mcu_h) = frame_geometry(first.frame)?;
    if frame_w != width || rows_per_strip == 0 {
        return None;
    }
    let strips_needed = height.div_ceil(rows_per_strip.min(height));
    if parsed.len() as u32 != strips_needed {
        return None;
    }
    // Strips must end on MCU rows, and all must agree on everything but their height.
    if parsed.len() > 1 && !rows_per_strip.is_multiple_of(mcu_h) {
        return None;
    }
    for s in &parsed[1..] {
        let same_frame = s.frame.len() == first.frame.len()
            && s.frame[..5] == first.frame[..5]
            && s.frame[7..] == first.frame[7..];
        if !same_frame
            || s.scan != first.scan
            || s.tables != first.tables
            || s.between != first.between
        {
            return None;
        }
    }
    let mcus_per_strip = width.div_ceil(mcu_w) * (rows_per_strip.min(height) / mcu_h).max(1);
    let restart_interval = u16::try_from(mcus_per_strip).ok()?;

    let mut out = Vec::with_capacity(strips.iter().map(|s| s.len()).sum::<usize>() + 1024);
    out.extend_from_slice(&SOI);
    if adobe_rgb {
        // APP14 "Adobe", version 100, no flags, transform 0.
        out.extend_from_slice(&[0xFF, 0xEE, 0x00, 0x0E]);
        out.extend_from_slice(b"Adobe\x00\x64\x00\x00\x00\x00\x00");
    }
    if let Some(tables) = tables {
        for segment in parse(tables, true)?.tables {
            out.extend_from_slice(segment);
        }
    }
    for segment in &first.tables {
        out.extend_from_slice(segment);
    }
    let mut frame = first.frame.to_vec();
    let full = u16::try_from(height).ok()?;
    frame[5..7].copy_from_slice(&full.to_be_bytes());
    out.extend_from_slice(&frame);
    for segment in &first.between {
        out.extend_from_slice(segment);
    }
    if parsed.len() > 1 {
        out.extend_from_slice(&[0xFF, 0xDD, 0x00, 0x04]);
        out.extend_from_slice(&restart_interval.to_be_bytes());
    }
    out.extend_from_slice(first.scan);
    for (i, s) in parsed.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(&[0xFF, 0xD0 + ((i - 1) % 8) as u8]);
        }
        out.extend_from_slice(s.data);
    }
    out.extend_from_slice(&EOI);
    Some(out)
}
