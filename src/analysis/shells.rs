//! Consecutive shells for Fig. 3 (ANALYSIS.md section 5).

use nalgebra::Vector3;

/// <e^2> r_mid^4 and <s^2> r_mid^4 per shell [k d, (k+1) d).
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

/// Shells of width `d` over the distances `r`, with the eigenvector `e` and the fitted
/// dipole field `s` (if any) per atom.
pub fn shells(d: f64, r: &[f64], e: &[Vector3<f64>], s: Option<&[Vector3<f64>]>) -> Shells {
    let index = |ri: f64| (ri / d).floor() as usize;
    let k_max = r.iter().copied().fold(0.0, f64::max);
    let n_shells = index(k_max) + 1;
    let mut count = vec![0usize; n_shells];
    let mut e2 = vec![0.0; n_shells];
    let mut s2 = vec![0.0; n_shells];
    for (i, &ri) in r.iter().enumerate() {
        let k = index(ri);
        count[k] += 1;
        e2[k] += e[i].norm_squared();
        if let Some(s) = s {
            s2[k] += s[i].norm_squared();
        }
    }
    let r_mid: Vec<f64> = (0..n_shells).map(|k| (k as f64 + 0.5) * d).collect();
    let mean_r4 = |sum: &[f64]| -> Vec<Option<f64>> {
        (0..n_shells)
            .map(|k| (count[k] > 0).then(|| sum[k] / count[k] as f64 * r_mid[k].powi(4)))
            .collect()
    };
    Shells {
        d,
        e2_r4: mean_r4(&e2),
        s2_r4: if s.is_some() { mean_r4(&s2) } else { vec![None; n_shells] },
        r_mid,
        count,
    }
}
