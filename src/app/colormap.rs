//! Colours of the 3D view: viridis (perceptually uniform) and the species palette, as
//! sRGB in [0, 1].

/// Viridis at t = 0, 0.1, ..., 1 (matplotlib's values).
const VIRIDIS: [[u8; 3]; 11] = [
    [0x44, 0x01, 0x54],
    [0x48, 0x24, 0x75],
    [0x41, 0x44, 0x87],
    [0x35, 0x5f, 0x8d],
    [0x2a, 0x78, 0x8e],
    [0x21, 0x91, 0x8c],
    [0x22, 0xa8, 0x84],
    [0x44, 0xbf, 0x70],
    [0x7a, 0xd1, 0x51],
    [0xbd, 0xdf, 0x26],
    [0xfd, 0xe7, 0x25],
];

/// Viridis at `t` (clamped to [0, 1]; NaN gives the low end).
pub fn viridis(t: f32) -> [f32; 3] {
    let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
    let x = t * 10.0;
    let k = (x.floor() as usize).min(9);
    let f = x - k as f32;
    let (a, b) = (VIRIDIS[k], VIRIDIS[k + 1]);
    std::array::from_fn(|c| (f32::from(a[c]) * (1.0 - f) + f32::from(b[c]) * f) / 255.0)
}

/// Colour of species `s` (S light blue-grey, L orange, others cycle).
pub fn species(s: u8) -> [f32; 3] {
    const PALETTE: [[f32; 3]; 4] = [
        [0.62, 0.70, 0.82],
        [0.93, 0.55, 0.25],
        [0.45, 0.75, 0.45],
        [0.80, 0.45, 0.75],
    ];
    PALETTE[usize::from(s) % PALETTE.len()]
}

/// Red for expansion (positive principal value), blue for contraction.
pub fn sign(v: f64) -> [f32; 3] {
    if v >= 0.0 {
        [0.90, 0.15, 0.12]
    } else {
        [0.15, 0.35, 0.95]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viridis_ends_and_clamp() {
        let lo = viridis(0.0);
        let hi = viridis(1.0);
        assert!((lo[0] - 0x44 as f32 / 255.0).abs() < 1e-6);
        assert!((hi[1] - 0xe7 as f32 / 255.0).abs() < 1e-6);
        assert_eq!(viridis(-3.0), lo);
        assert_eq!(viridis(7.0), hi);
        assert_eq!(viridis(f32::NAN), lo);
        // brightness grows monotonically (perceptual map)
        let lum = |c: [f32; 3]| 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
        for k in 0..20 {
            assert!(lum(viridis((k + 1) as f32 / 20.0)) > lum(viridis(k as f32 / 20.0)));
        }
    }
}
