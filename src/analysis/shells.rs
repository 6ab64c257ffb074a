//! Consecutive shells for Fig. 3 (ANALYSIS.md section 5).

use nalgebra::Vector6;

use super::moments::{field_sq, u_sq, Suffix};

/// <|u|^2> r_mid^4 and <|s|^2> r_mid^4 per shell [k d, (k+1) d) (u = e for unit masses).
#[derive(Clone, Debug, PartialEq)]
pub struct Shells {
    pub d: f64,
    pub r_mid: Vec<f64>,
    pub count: Vec<usize>,
    /// None for an empty shell.
    pub e2_r4: Vec<Option<f64>>,
    /// None for an empty shell or without a dipole fit.
    pub s2_r4: Vec<Option<f64>>,
}

/// Shells of width `d` over the sorted distances, from the suffix-summed moments, with
/// the dipole field of the unknowns `q` if there is a fit. Shell k holds the atoms with
/// floor(r / d) = k, up to the shell of the farthest atom.
pub fn shells(d: f64, r_sorted: &[f64], moments: &Suffix, q: Option<&Vector6<f64>>) -> Shells {
    let index = |r: f64| (r / d).floor();
    let n_shells = r_sorted.last().map_or(0, |&r| index(r) as usize + 1);
    // floor(r/d) is monotone in r, so each shell's atoms are a contiguous rank range.
    let bounds: Vec<usize> = (0..=n_shells)
        .map(|k| r_sorted.partition_point(|&r| index(r) < k as f64))
        .collect();
    let mut out = Shells {
        d,
        r_mid: Vec::with_capacity(n_shells),
        count: Vec::with_capacity(n_shells),
        e2_r4: Vec::with_capacity(n_shells),
        s2_r4: Vec::with_capacity(n_shells),
    };
    for k in 0..n_shells {
        let (lo, hi) = (bounds[k], bounds[k + 1]);
        let r_mid = (k as f64 + 0.5) * d;
        let count = hi - lo;
        let m = moments.range(lo, hi);
        let mean_r4 = |sum: f64| (count > 0).then(|| sum / count as f64 * r_mid.powi(4));
        out.r_mid.push(r_mid);
        out.count.push(count);
        out.e2_r4.push(mean_r4(u_sq(&m)));
        out.s2_r4.push(q.and_then(|q| mean_r4(field_sq(&m, q))));
    }
    out
}
