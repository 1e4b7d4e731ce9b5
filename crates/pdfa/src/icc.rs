//! An ICC v2 sRGB display profile for the PDF/A output intent, computed from the published
//! sRGB parameters (IEC 61966-2-1) rather than copied from a profile file.

/// Chromaticities (x, y) of the sRGB red, green and blue primaries and of its white point D65.
const PRIMARIES: [[f64; 2]; 3] = [[0.64, 0.33], [0.30, 0.60], [0.15, 0.06]];
const D65: [f64; 2] = [0.3127, 0.3290];
/// The ICC profile connection space illuminant, XYZ.
const D50: [f64; 3] = [0.9642, 1.0, 0.8249];
/// Bradford cone response matrix, for adapting the colorants from D65 to D50.
const BRADFORD: [[f64; 3]; 3] = [
    [0.8951, 0.2664, -0.1614],
    [-0.7502, 1.7135, 0.0367],
    [0.0389, -0.0685, 1.0296],
];
/// Entries of the tone curve table.
const CURVE_POINTS: u16 = 1024;

type Matrix = [[f64; 3]; 3];

/// The profile's bytes: header, tag table and the tags desc, cprt, wtpt, r/g/bXYZ and one
/// tone curve shared by r/g/bTRC.
pub(crate) fn srgb_profile() -> Vec<u8> {
    let [red, green, blue] = colorants();
    let tags = [
        text_description("sRGB IEC61966-2.1 (computed by Aktenscan)"),
        text(b"No copyright, use freely"),
        xyz(xyz_of(D65)),
        xyz(red),
        xyz(green),
        xyz(blue),
        srgb_curve(),
    ];
    // Signature and index into `tags`; the three tone curves share one.
    let entries: [(&[u8; 4], usize); 9] = [
        (b"desc", 0),
        (b"cprt", 1),
        (b"wtpt", 2),
        (b"rXYZ", 3),
        (b"gXYZ", 4),
        (b"bXYZ", 5),
        (b"rTRC", 6),
        (b"gTRC", 6),
        (b"bTRC", 6),
    ];

    let mut offsets = Vec::with_capacity(tags.len());
    let mut data = Vec::new();
    let data_start = 128 + 4 + 12 * entries.len();
    for tag in &tags {
        offsets.push(data_start + data.len());
        data.extend_from_slice(tag);
        data.resize(data.len().next_multiple_of(4), 0);
    }
    let size = data_start + data.len();

    let mut out = Vec::with_capacity(size);
    out.extend_from_slice(&be32(size));
    out.extend_from_slice(&[0; 4]); // preferred CMM
    out.extend_from_slice(&[2, 0x10, 0, 0]); // version 2.1
    out.extend_from_slice(b"mntrRGB XYZ ");
    for field in [2025u16, 1, 1, 0, 0, 0] {
        out.extend_from_slice(&field.to_be_bytes()); // creation date and time
    }
    out.extend_from_slice(b"acsp");
    out.extend_from_slice(&[0; 24]); // platform, flags, manufacturer, model, attributes
    out.extend_from_slice(&[0; 4]); // rendering intent: perceptual
    for v in D50 {
        out.extend_from_slice(&s15_fixed16(v));
    }
    out.resize(128, 0); // creator, profile ID and reserved bytes
    out.extend_from_slice(&be32(entries.len()));
    for (sig, tag) in entries {
        out.extend_from_slice(sig);
        out.extend_from_slice(&be32(offsets[tag]));
        out.extend_from_slice(&be32(tags[tag].len()));
    }
    out.extend_from_slice(&data);
    out
}

/// The XYZ of the red, green and blue primaries at full intensity, adapted to D50.
fn colorants() -> [[f64; 3]; 3] {
    let p: Matrix =
        std::array::from_fn(|row| std::array::from_fn(|col| xyz_of(PRIMARIES[col])[row]));
    let white = xyz_of(D65);
    let inv = invert(&p);
    let scale: [f64; 3] = std::array::from_fn(|row| dot(&inv[row], &white));
    let cone_src = mul_vec(&BRADFORD, &white);
    let cone_dst = mul_vec(&BRADFORD, &D50);
    std::array::from_fn(|primary| {
        let column: [f64; 3] = std::array::from_fn(|row| p[row][primary] * scale[primary]);
        let cone = mul_vec(&BRADFORD, &column);
        let adapted: [f64; 3] = std::array::from_fn(|i| cone[i] * cone_dst[i] / cone_src[i]);
        mul_vec(&invert(&BRADFORD), &adapted)
    })
}

/// XYZ with Y = 1 of a chromaticity.
fn xyz_of([x, y]: [f64; 2]) -> [f64; 3] {
    [x / y, 1.0, (1.0 - x - y) / y]
}

fn dot(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    a.iter().zip(b).map(|(a, b)| a * b).sum()
}

fn mul_vec(m: &Matrix, v: &[f64; 3]) -> [f64; 3] {
    std::array::from_fn(|row| dot(&m[row], v))
}

fn invert(m: &Matrix) -> Matrix {
    let cofactor = |r: usize, c: usize| {
        let (r1, r2) = ((r + 1) % 3, (r + 2) % 3);
        let (c1, c2) = ((c + 1) % 3, (c + 2) % 3);
        m[r1][c1] * m[r2][c2] - m[r1][c2] * m[r2][c1]
    };
    let det: f64 = (0..3).map(|c| m[0][c] * cofactor(0, c)).sum();
    std::array::from_fn(|r| std::array::from_fn(|c| cofactor(c, r) / det))
}

/// The sRGB decoding function sampled into a `curv` table.
fn srgb_curve() -> Vec<u8> {
    let mut tag = tag_header(b"curv");
    tag.extend_from_slice(&be32(usize::from(CURVE_POINTS)));
    let last = f64::from(CURVE_POINTS - 1);
    for i in 0..CURVE_POINTS {
        let v = f64::from(i) / last;
        let linear = if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        };
        tag.extend_from_slice(&((linear * 65535.0).round() as u16).to_be_bytes());
    }
    tag
}

fn xyz(v: [f64; 3]) -> Vec<u8> {
    let mut tag = tag_header(b"XYZ ");
    for c in v {
        tag.extend_from_slice(&s15_fixed16(c));
    }
    tag
}

fn text(ascii: &[u8]) -> Vec<u8> {
    let mut tag = tag_header(b"text");
    tag.extend_from_slice(ascii);
    tag.push(0);
    tag
}

/// A v2 `textDescriptionType`: ASCII, then empty Unicode and ScriptCode descriptions.
fn text_description(ascii: &str) -> Vec<u8> {
    let mut tag = tag_header(b"desc");
    tag.extend_from_slice(&be32(ascii.len() + 1));
    tag.extend_from_slice(ascii.as_bytes());
    tag.push(0);
    tag.extend_from_slice(&[0; 8]); // Unicode language code and count
    tag.extend_from_slice(&[0; 3]); // ScriptCode code and count
    tag.extend_from_slice(&[0; 67]); // ScriptCode description
    tag
}

fn tag_header(kind: &[u8; 4]) -> Vec<u8> {
    let mut tag = kind.to_vec();
    tag.extend_from_slice(&[0; 4]);
    tag
}

fn s15_fixed16(v: f64) -> [u8; 4] {
    ((v * 65536.0).round() as i32).to_be_bytes()
}

/// A length or offset as the big-endian u32 ICC uses; profiles here are a few kilobytes.
fn be32(n: usize) -> [u8; 4] {
    u32::try_from(n).unwrap_or(u32::MAX).to_be_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u32_at(p: &[u8], at: usize) -> usize {
        u32::from_be_bytes([p[at], p[at + 1], p[at + 2], p[at + 3]]) as usize
    }

    #[test]
    fn colorants_are_the_published_d50_values_and_add_up_to_white() {
        let [r, g, b] = colorants();
        let published = [
            [0.4361, 0.2225, 0.0139],
            [0.3851, 0.7169, 0.0971],
            [0.1431, 0.0606, 0.7141],
        ];
        for (got, want) in [r, g, b].iter().zip(published) {
            for (g, w) in got.iter().zip(want) {
                assert!((g - w).abs() < 2e-4, "{got:?} vs {want:?}");
            }
        }
        for i in 0..3 {
            assert!((r[i] + g[i] + b[i] - D50[i]).abs() < 1e-4);
        }
    }

    #[test]
    fn profile_header_and_tag_table_are_consistent() {
        let p = srgb_profile();
        assert_eq!(u32_at(&p, 0), p.len());
        assert_eq!(&p[8..10], &[2, 0x10]);
        assert_eq!(&p[12..24], b"mntrRGB XYZ ");
        assert_eq!(&p[36..40], b"acsp");
        let count = u32_at(&p, 128);
        assert_eq!(count, 9);
        let mut sigs = Vec::new();
        for i in 0..count {
            let entry = 132 + 12 * i;
            let (offset, size) = (u32_at(&p, entry + 4), u32_at(&p, entry + 8));
            assert_eq!(offset % 4, 0);
            assert!(offset + size <= p.len());
            sigs.push(&p[entry..entry + 4]);
        }
        for sig in [
            b"desc", b"cprt", b"wtpt", b"rXYZ", b"gXYZ", b"bXYZ", b"rTRC", b"gTRC", b"bTRC",
        ] {
            assert!(sigs.contains(&&sig[..]), "{}", String::from_utf8_lossy(sig));
        }
    }
}
