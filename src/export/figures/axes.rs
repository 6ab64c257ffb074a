//! Axis ranges and tick positions: "nice" steps (1, 2, 2.5, 5 x 10^n) and labels with a
//! true minus sign.

/// A linear axis from `lo` to `hi` with its (markup) label.
#[derive(Clone, Debug, PartialEq)]
pub struct Axis {
    pub lo: f64,
    pub hi: f64,
    pub label: String,
}

impl Axis {
    pub fn new(lo: f64, hi: f64, label: &str) -> Self {
        let (lo, hi) = sane_range(lo, hi);
        Self {
            lo,
            hi,
            label: label.to_owned(),
        }
    }

    /// Ticks inside [lo, hi], about `target` of them, and the step.
    pub fn ticks(&self, target: usize) -> (Vec<f64>, f64) {
        let span = self.hi - self.lo;
        let raw = span / target.max(2) as f64;
        // Of the nice steps around raw, the one whose tick count is closest to target.
        let step = [0.5, 1.0, 2.0]
            .iter()
            .map(|f| nice_step(raw * f))
            .min_by(|a, b| {
                ((span / a) - target as f64)
                    .abs()
                    .total_cmp(&((span / b) - target as f64).abs())
            })
            .unwrap_or(raw);
        let first = (self.lo / step - 1e-9).ceil() as i64;
        let last = (self.hi / step + 1e-9).floor() as i64;
        let ticks = (first..=last)
            .map(|k| k as f64 * step)
            .map(|t| if t.abs() < step * 1e-9 { 0.0 } else { t })
            .collect();
        (ticks, step)
    }
}

/// A non-empty finite range.
fn sane_range(lo: f64, hi: f64) -> (f64, f64) {
    let (lo, hi) = if lo.is_finite() && hi.is_finite() {
        (lo.min(hi), lo.max(hi))
    } else {
        (0.0, 1.0)
    };
    if hi - lo > 1e-12 * hi.abs().max(lo.abs()).max(1e-300) {
        (lo, hi)
    } else {
        let pad = if lo == 0.0 { 1.0 } else { 0.1 * lo.abs() };
        (lo - pad, hi + pad)
    }
}

/// The smallest of 1, 2, 2.5, 5 times 10^n that is >= raw.
pub fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let p = 10f64.powf(raw.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if m * p >= raw * (1.0 - 1e-9) {
            return m * p;
        }
    }
    10.0 * p
}

/// The range of finite values with a relative margin on each side; `None` if none.
pub fn padded_range(values: impl IntoIterator<Item = f64>, margin: f64) -> Option<(f64, f64)> {
    let (lo, hi) = values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if lo > hi {
        return None;
    }
    let pad = margin * (hi - lo).max(1e-12 * hi.abs().max(lo.abs()));
    Some((lo - pad, hi + pad))
}

/// A tick label with as many decimals as the step needs and U+2212 for minus.
pub fn tick_label(v: f64, step: f64) -> String {
    let decimals = if step >= 1.0 {
        0
    } else {
        (-step.log10()).ceil().max(0.0) as usize + usize::from(is_quarter(step))
    };
    let s = format!("{v:.decimals$}");
    let s = if s.starts_with('-') && s.trim_start_matches(['-', '0', '.']).is_empty() {
        s[1..].to_owned()
    } else {
        s
    };
    s.replace('-', "\u{2212}")
}

/// Steps like 0.25 or 0.025 need one more decimal than their order of magnitude.
fn is_quarter(step: f64) -> bool {
    let m = step / 10f64.powf(step.log10().floor());
    (m - 2.5).abs() < 1e-6
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_and_labels() {
        assert_eq!(nice_step(0.3), 0.5);
        assert_eq!(nice_step(2.1), 2.5);
        assert_eq!(nice_step(7.0), 10.0);
        let (t, s) = Axis::new(-1.3, 2.2, "").ticks(5);
        assert_eq!(s, 1.0);
        assert_eq!(t, vec![-1.0, 0.0, 1.0, 2.0]);
        assert_eq!(tick_label(-0.5, 0.5), "\u{2212}0.5");
        assert_eq!(tick_label(0.25, 0.25), "0.25");
        assert_eq!(tick_label(-0.0, 1.0), "0");
        assert_eq!(tick_label(1500.0, 500.0), "1500");
    }

    #[test]
    fn ranges() {
        assert_eq!(padded_range([1.0, f64::NAN, 3.0], 0.5), Some((0.0, 4.0)));
        assert_eq!(padded_range([f64::NAN], 0.1), None);
        let a = Axis::new(2.0, 2.0, "");
        assert!(a.hi > a.lo);
    }
}
