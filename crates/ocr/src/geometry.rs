//! Maps word boxes from the corrected (rotated, deskewed) image back to the stored image.

use aktenscan_model::BBox;

/// Undoes a small rotation of `degrees` clockwise about the centre of a `w` × `h` image
/// (Leptonica's `pixRotate` keeps the size), giving the box that holds the rotated corners.
pub fn unrotate_small(b: BBox, degrees: f32, w: u32, h: u32) -> BBox {
    if degrees == 0.0 {
        return b;
    }
    let (cx, cy) = (w as f64 / 2.0, h as f64 / 2.0);
    let t = -(degrees as f64).to_radians();
    let (s, c) = t.sin_cos();
    let corners = [
        (b.x as f64, b.y as f64),
        ((b.x + b.w) as f64, b.y as f64),
        (b.x as f64, (b.y + b.h) as f64),
        ((b.x + b.w) as f64, (b.y + b.h) as f64),
    ];
    let pts = corners.map(|(x, y)| {
        let (dx, dy) = (x - cx, y - cy);
        (cx + dx * c - dy * s, cy + dx * s + dy * c)
    });
    let clamp = |v: f64, max: u32| v.round().clamp(0.0, max as f64) as u32;
    let x0 = clamp(pts.iter().map(|p| p.0).fold(f64::MAX, f64::min), w);
    let y0 = clamp(pts.iter().map(|p| p.1).fold(f64::MAX, f64::min), h);
    let x1 = clamp(pts.iter().map(|p| p.0).fold(f64::MIN, f64::max), w);
    let y1 = clamp(pts.iter().map(|p| p.1).fold(f64::MIN, f64::max), h);
    BBox::new(x0, y0, x1 - x0, y1 - y0)
}

/// Undoes `quarters` clockwise quarter turns: `b` is in the turned image, the result is in the
/// original image of size `w` × `h` (the original's size, before turning).
pub fn unrotate_quarters(b: BBox, quarters: u32, w: u32, h: u32) -> BBox {
    match quarters % 4 {
        1 => BBox::new(b.y, h.saturating_sub(b.x + b.w), b.h, b.w),
        2 => BBox::new(
            w.saturating_sub(b.x + b.w),
            h.saturating_sub(b.y + b.h),
            b.w,
            b.h,
        ),
        3 => BBox::new(w.saturating_sub(b.y + b.h), b.x, b.h, b.w),
        _ => b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Forward quarter turn clockwise of a box in a `w` × `h` image.
    fn turn_cw(b: BBox, w: u32, h: u32) -> (BBox, u32, u32) {
        let _ = w;
        (BBox::new(h - b.y - b.h, b.x, b.h, b.w), h, w)
    }

    #[test]
    fn quarter_turns_invert_exactly() {
        let (w, h) = (200, 100);
        let original = BBox::new(20, 10, 50, 8);
        let mut b = original;
        let (mut cw, mut ch) = (w, h);
        for q in 1..4 {
            (b, cw, ch) = turn_cw(b, cw, ch);
            assert_eq!(unrotate_quarters(b, q, w, h), original, "after {q} turns");
        }
    }

    #[test]
    fn small_rotation_round_trips_approximately() {
        let b = BBox::new(100, 200, 300, 40);
        let back = unrotate_small(b, 0.0, 1000, 1000);
        assert_eq!(back, b);
        let r = unrotate_small(b, 1.0, 1000, 1000);
        assert!(r.w >= 300 && r.w < 310 && r.h > 40 && r.h < 50, "{r:?}");
    }
}
