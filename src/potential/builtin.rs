//! Built-in pair potentials by name (ANALYSIS.md sections 3 and 12): Kob-Andersen and
//! Wahnstrom Lennard-Jones mixtures, polydisperse soft spheres, harmonic and Hertzian
//! spheres. All in LJ units; no moduli are given (none is known for a definite
//! preparation of these glasses, and section 12 forbids inventing them).

use std::sync::Arc;

use super::{Atom, PairFunctions, Potential, Species, Units};

/// [x^-n, d/dx x^-n, .., d^4/dx^4 x^-n].
#[inline]
fn inverse_power(n: i32, x: f64) -> [f64; 5] {
    let mut out = [x.powi(-n); 5];
    let mut coef = 1.0;
    for (k, o) in out.iter_mut().enumerate().skip(1) {
        coef *= -(f64::from(n) + (k - 1) as f64);
        *o = coef * x.powi(-n - k as i32);
    }
    out
}

/// A pair shape in the reduced distance x = r / sigma:
/// s(x) = x^-12 - k6 x^-6 + c0 + c2 x^2 + c4 x^4 for x < xc, 0 beyond.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Shape {
    k6: f64,
    c: [f64; 3],
    xc: f64,
}

impl Shape {
    /// c0, c2, c4 the exact solution of s = s' = s'' = 0 at xc (the rows of the 3x3
    /// system [1 xc^2 xc^4; 0 2xc 4xc^3; 0 2 12xc^2] c = -[g g' g''] at xc, g = x^-12 -
    /// k6 x^-6, eliminated by hand: the last two rows give c4, then c2, then c0).
    pub fn smoothed(k6: f64, xc: f64) -> Self {
        let g = Self::core(k6, xc);
        let c4 = (g[1] - xc * g[2]) / (8.0 * xc.powi(3));
        let c2 = -(g[2] + 12.0 * xc * xc * c4) / 2.0;
        let c0 = -(g[0] + c2 * xc * xc + c4 * xc.powi(4));
        Self {
            k6,
            c: [c0, c2, c4],
            xc,
        }
    }

    /// Cut at xc and shifted by -g(xc) (LAMMPS `pair_modify shift yes`).
    pub fn shifted(k6: f64, xc: f64) -> Self {
        Self {
            k6,
            c: [-Self::core(k6, xc)[0], 0.0, 0.0],
            xc,
        }
    }

    /// [c0, c2, c4].
    pub fn coefficients(&self) -> [f64; 3] {
        self.c
    }

    pub fn xc(&self) -> f64 {
        self.xc
    }

    /// x^-12 - k6 x^-6 and its derivatives.
    fn core(k6: f64, x: f64) -> [f64; 5] {
        let (a, b) = (inverse_power(12, x), inverse_power(6, x));
        std::array::from_fn(|k| a[k] - k6 * b[k])
    }

    /// [s, s', .., s''''] in x, without the cut (for x < xc).
    #[inline]
    fn uncut(&self, x: f64) -> [f64; 5] {
        let [c0, c2, c4] = self.c;
        let g = Self::core(self.k6, x);
        let x2 = x * x;
        [
            g[0] + c0 + c2 * x2 + c4 * x2 * x2,
            g[1] + 2.0 * c2 * x + 4.0 * c4 * x2 * x,
            g[2] + 2.0 * c2 + 12.0 * c4 * x2,
            g[3] + 24.0 * c4 * x,
            g[4] + 24.0 * c4,
        ]
    }

    /// [phi, phi', .., phi''''] in r of phi(r) = scale s(r / sigma), zero at r >= xc sigma.
    #[inline]
    fn derivatives(&self, scale: f64, sigma: f64, r: f64) -> [f64; 5] {
        // Cut where `cutoff` says, r >= xc sigma, in both forms (derivatives, value_r2).
        if r >= self.xc * sigma {
            return [0.0; 5];
        }
        let s = self.uncut(r / sigma);
        let mut f = scale;
        std::array::from_fn(|k| {
            let v = f * s[k];
            f /= sigma;
            v
        })
    }

    /// scale s(x) at x^2 = r^2 / sigma^2 (no square root).
    #[inline]
    fn value_r2(&self, scale: f64, sigma: f64, r2: f64) -> f64 {
        let rc = self.xc * sigma;
        if r2 >= rc * rc {
            return 0.0;
        }
        let x2 = r2 / (sigma * sigma);
        let [c0, c2, c4] = self.c;
        let m6 = (1.0 / x2).powi(3);
        scale * (m6 * m6 - self.k6 * m6 + c0 + c2 * x2 + c4 * x2 * x2)
    }
}

/// Lennard-Jones between species: phi_ab(r) = 4 eps_ab s(r / sigma_ab) (Kob-Andersen,
/// Wahnstrom), cut at xc sigma_ab.
#[derive(Clone, Debug)]
pub struct SpeciesLj {
    shape: Shape,
    n: usize,
    /// 4 eps_ab and sigma_ab, row-major n x n.
    scale: Vec<f64>,
    sigma: Vec<f64>,
}

impl SpeciesLj {
    /// `eps` and `sigma` as rows of the symmetric n x n matrices.
    pub fn new(shape: Shape, eps: &[&[f64]], sigma: &[&[f64]]) -> Self {
        let flat = |m: &[&[f64]]| m.iter().flat_map(|r| r.iter().copied()).collect::<Vec<_>>();
        Self {
            shape,
            n: eps.len(),
            scale: flat(eps).into_iter().map(|e| 4.0 * e).collect(),
            sigma: flat(sigma),
        }
    }

    #[inline]
    fn index(&self, a: Atom, b: Atom) -> usize {
        usize::from(a.species) * self.n + usize::from(b.species)
    }
}

impl PairFunctions for SpeciesLj {
    fn cutoff(&self, a: Atom, b: Atom) -> f64 {
        self.shape.xc * self.sigma[self.index(a, b)]
    }

    fn max_cutoff(&self) -> f64 {
        self.shape.xc * self.sigma.iter().copied().fold(0.0, f64::max)
    }

    #[inline]
    fn derivatives(&self, a: Atom, b: Atom, r: f64) -> [f64; 5] {
        let k = self.index(a, b);
        self.shape.derivatives(self.scale[k], self.sigma[k], r)
    }

    #[inline]
    fn energy_r2(&self, a: Atom, b: Atom, r2: f64) -> f64 {
        let k = self.index(a, b);
        self.shape.value_r2(self.scale[k], self.sigma[k], r2)
    }
}

/// Polydisperse soft spheres (Ninarello, Berthier, Coslovich, PRX 7, 021039 (2017)):
/// phi = (sigma_ij / r)^12 + c0 + c2 (r/sigma_ij)^2 + c4 (r/sigma_ij)^4 for r < 1.25
/// sigma_ij, sigma_ij = (sigma_i + sigma_j)/2 (1 - 0.2 |sigma_i - sigma_j|), eps = 1.
#[derive(Clone, Debug)]
pub struct SoftSpheres {
    shape: Shape,
    /// The largest per-atom diameter the neighbour range covers.
    max_size: f64,
}

impl SoftSpheres {
    pub fn new(max_size: f64) -> Self {
        Self {
            shape: Shape::smoothed(0.0, 1.25),
            max_size,
        }
    }

    /// The non-additive pair diameter.
    #[inline]
    pub fn sigma(a: Atom, b: Atom) -> f64 {
        0.5 * (a.size + b.size) * (1.0 - 0.2 * (a.size - b.size).abs())
    }
}

impl PairFunctions for SoftSpheres {
    fn cutoff(&self, a: Atom, b: Atom) -> f64 {
        self.shape.xc * Self::sigma(a, b)
    }

    /// sigma_ij <= max(sigma_i, sigma_j): the mean is at most the larger diameter and
    /// the non-additive factor at most 1, so 1.25 max_size covers every pair.
    fn max_cutoff(&self) -> f64 {
        self.shape.xc * self.max_size
    }

    fn largest_size(&self) -> Option<f64> {
        Some(self.max_size)
    }

    #[inline]
    fn derivatives(&self, a: Atom, b: Atom, r: f64) -> [f64; 5] {
        self.shape.derivatives(1.0, Self::sigma(a, b), r)
    }

    #[inline]
    fn energy_r2(&self, a: Atom, b: Atom, r2: f64) -> f64 {
        self.shape.value_r2(1.0, Self::sigma(a, b), r2)
    }
}

/// Repulsive contact spheres (O'Hern, Silbert, Liu, Nagel, PRE 68, 011306 (2003)):
/// phi = eps/alpha (1 - r/sigma_ij)^alpha for r < sigma_ij, sigma_ij = (sigma_i +
/// sigma_j)/2, eps = 1; alpha = 2 harmonic, 5/2 Hertzian.
///
/// The functions are not smooth at contact r = sigma_ij: harmonic phi'' jumps from
/// 1/sigma^2 to 0 (phi''' = phi'''' = 0 inside), Hertzian phi'' is continuous but phi'''
/// and phi'''' diverge as (1 - r/sigma)^-1/2 and ^-3/2. The Taylor coefficients D3, D4
/// of a pair (and so of the core energy) therefore describe E(A) only while no pair
/// crosses contact, and pairs just inside contact dominate D3 and D4 of Hertzian spheres;
/// E(A) itself is exact at every A.
#[derive(Clone, Debug)]
pub struct Contact {
    alpha: f64,
    /// The largest diameter (per-atom or per-species) the neighbour range covers.
    max_size: f64,
}

impl Contact {
    pub fn new(alpha: f64, max_size: f64) -> Self {
        Self { alpha, max_size }
    }

    #[inline]
    fn sigma(a: Atom, b: Atom) -> f64 {
        0.5 * (a.size + b.size)
    }
}

impl PairFunctions for Contact {
    fn cutoff(&self, a: Atom, b: Atom) -> f64 {
        Self::sigma(a, b)
    }

    fn max_cutoff(&self) -> f64 {
        self.max_size
    }

    fn largest_size(&self) -> Option<f64> {
        Some(self.max_size)
    }

    #[inline]
    fn derivatives(&self, a: Atom, b: Atom, r: f64) -> [f64; 5] {
        let sigma = Self::sigma(a, b);
        let y = 1.0 - r / sigma;
        if y <= 0.0 {
            return [0.0; 5];
        }
        // d^k/dr^k: (-1/sigma)^k alpha (alpha - 1) .. (alpha - k + 1) y^(alpha - k) / alpha
        let mut coef = 1.0 / self.alpha;
        let mut power = y.powf(self.alpha);
        let mut out = [0.0; 5];
        for (k, slot) in out.iter_mut().enumerate() {
            if k > 0 {
                coef *= -(self.alpha - (k - 1) as f64) / sigma;
                power /= y;
            }
            *slot = coef * power;
        }
        out
    }
}

/// The diameter ratio of the binary harmonic and Hertzian packings (O'Hern et al. 2003).
const CONTACT_RATIO: f64 = 1.4;

/// Ninarello et al.'s diameters: P(sigma) ~ sigma^-3 on [sigma_min, sigma_max] with
/// sigma_min / sigma_max = 0.45 and mean 1. The mean of that distribution is
/// 2 sigma_min sigma_max / (sigma_min + sigma_max) = (0.9 / 1.45) sigma_max.
pub const SOFT_SPHERES_MAX_SIZE: f64 = 1.45 / 0.9;

impl Potential {
    /// Kob-Andersen 80:20 (PRE 51, 4626 (1995)) smoothed at 2.5 sigma_ab as in
    /// `shared/data/ka2000.lammps`.
    pub fn ka_lj() -> Self {
        Self::kob_andersen("ka-lj", Shape::smoothed(1.0, 2.5))
    }

    /// Kob-Andersen 80:20 cut at 2.5 sigma_ab and shifted (phi - phi(rc)).
    pub fn ka_lj_shifted() -> Self {
        Self::kob_andersen("ka-lj-shifted", Shape::shifted(1.0, 2.5))
    }

    fn kob_andersen(name: &str, shape: Shape) -> Self {
        let pair = SpeciesLj::new(
            shape,
            &[&[1.0, 1.5], &[1.5, 0.5]],
            &[&[1.0, 0.8], &[0.8, 0.88]],
        );
        let species = vec![Species::new("A", 1.0, 1.0), Species::new("B", 1.0, 0.88)];
        Self::pair(name, species, Units::Lj, Arc::new(pair))
    }

    /// Wahnstrom 50:50 (PRA 44, 3752 (1991)): sigma_AA 1, sigma_BB 1.2, sigma_AB 1.1,
    /// every eps 1, the larger B twice as heavy (m_A 1, m_B 2, as in U. Pedersen's
    /// `dompap` Wahnstrom example and OpenMM's Wahnstrom example, argon 39.9 amu with
    /// 79.9 amu for the larger species); smoothed at 2.5 sigma_ab like `ka-lj`.
    pub fn wahnstrom() -> Self {
        let pair = SpeciesLj::new(
            Shape::smoothed(1.0, 2.5),
            &[&[1.0, 1.0], &[1.0, 1.0]],
            &[&[1.0, 1.1], &[1.1, 1.2]],
        );
        let species = vec![Species::new("A", 1.0, 1.0), Species::new("B", 2.0, 1.2)];
        Self::pair("wahnstrom", species, Units::Lj, Arc::new(pair))
    }

    /// Polydisperse soft spheres with per-atom diameters up to `max_size` (the neighbour
    /// range is 1.25 max_size; a larger diameter is an error in `Potential::check`).
    pub fn soft_spheres(max_size: f64) -> Self {
        let species = vec![Species::new("A", 1.0, 1.0)];
        Self {
            needs_sizes: true,
            ..Self::pair(
                "soft-spheres",
                species,
                Units::Lj,
                Arc::new(SoftSpheres::new(max_size)),
            )
        }
    }

    /// Harmonic spheres: per-atom diameters if the file has them (up to 1.4), else a
    /// 50:50 binary of S (diameter 1) and L (1.4).
    pub fn harmonic() -> Self {
        Self::contact("harmonic", 2.0)
    }

    /// Hertzian spheres (exponent 5/2), conventions as `harmonic`.
    pub fn hertzian() -> Self {
        Self::contact("hertzian", 2.5)
    }

    fn contact(name: &str, alpha: f64) -> Self {
        let species = vec![
            Species::new("S", 1.0, 1.0),
            Species::new("L", 1.0, CONTACT_RATIO),
        ];
        let pair = Contact::new(alpha, CONTACT_RATIO);
        Self::pair(name, species, Units::Lj, Arc::new(pair))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [phi', .., phi''''] by central differences of phi, Richardson-extrapolated from
    /// steps h and h/2.
    fn finite_differences(phi: impl Fn(f64) -> f64, r: f64, h: f64) -> [f64; 4] {
        let fd = |h: f64| {
            let e = |k: f64| phi(r + k * h);
            [
                (e(1.0) - e(-1.0)) / (2.0 * h),
                (e(1.0) - 2.0 * e(0.0) + e(-1.0)) / (h * h),
                (e(2.0) - 2.0 * e(1.0) + 2.0 * e(-1.0) - e(-2.0)) / (2.0 * h.powi(3)),
                (e(2.0) - 4.0 * e(1.0) + 6.0 * e(0.0) - 4.0 * e(-1.0) + e(-2.0)) / h.powi(4),
            ]
        };
        let (coarse, fine) = (fd(h), fd(h / 2.0));
        std::array::from_fn(|k| (4.0 * fine[k] - coarse[k]) / 3.0)
    }

    /// Every derivative of `pair` against finite differences of its energy at `r`
    /// (energy_r2 and derivatives()[0] must also agree).
    fn check_derivatives(pair: &dyn PairFunctions, a: Atom, b: Atom, r: f64) {
        let d = pair.derivatives(a, b, r);
        let e = |r: f64| pair.energy_r2(a, b, r * r);
        assert!(
            (e(r) - d[0]).abs() <= 1e-14 * d[0].abs().max(1.0),
            "{pair:?} {a:?} {b:?} r {r}: energy_r2 {} vs {}",
            e(r),
            d[0]
        );
        // Steps that resolve D3/D4 above round-off yet stay inside the range.
        let h = 2e-3 * r;
        let fd = finite_differences(e, r, h);
        // Round-off of the finer stencil (energies known to ~3e-16 max(1, |phi|)).
        let noise = 3e-16 * d[0].abs().max(1.0) * 16.0;
        for k in 0..4 {
            let tol = 1e-6 * d[k + 1].abs() + noise / (h / 2.0).powi(k as i32 + 1);
            assert!(
                (d[k + 1] - fd[k]).abs() <= tol,
                "{a:?} {b:?} r {r}: derivative {} = {} vs finite differences {}",
                k + 1,
                d[k + 1],
                fd[k]
            );
        }
    }

    fn species_pairs(n: u8) -> Vec<(Atom, Atom)> {
        let mut v = Vec::new();
        for a in 0..n {
            for b in 0..n {
                v.push((Atom::of(a), Atom::of(b)));
            }
        }
        v
    }

    /// The README's c0, c2, c4 (the exact solution, also in ka2000.lammps).
    #[test]
    fn ka_coefficients_equal_the_readme() {
        let c = Shape::smoothed(1.0, 2.5).coefficients();
        let readme = [0.040490237952, -0.00970155098112, 0.0006201261686784];
        for k in 0..3 {
            assert!(
                (c[k] - readme[k]).abs() <= 4e-15 * readme[k].abs(),
                "c{}: {} vs {}",
                2 * k,
                c[k],
                readme[k]
            );
        }
    }

    /// phi, phi', phi'' of the smoothed shapes vanish at xc (to round-off of the terms),
    /// and the shifted shape's phi does while its phi' does not.
    #[test]
    fn smoothed_shapes_vanish_at_the_cutoff() {
        for (k6, xc) in [(1.0, 2.5), (0.0, 1.25)] {
            let s = Shape::smoothed(k6, xc).uncut(xc);
            let g = Shape::core(k6, xc);
            for k in 0..3 {
                assert!(
                    s[k].abs() < 1e-14 * (1.0 + g[k].abs()),
                    "{k6} {xc} {k}: {}",
                    s[k]
                );
            }
            assert!(s[3].abs() > 1e-4, "phi''' need not vanish: {}", s[3]);
        }
        let s = Shape::shifted(1.0, 2.5);
        assert!(s.uncut(2.5)[0].abs() < 1e-18);
        assert!((s.uncut(2.5)[1] - Shape::core(1.0, 2.5)[1]).abs() < 1e-18);
        assert!(s.uncut(2.5)[1].abs() > 1e-3);
    }

    /// Beyond and at the cut-off every derivative is exactly zero; just inside, the
    /// smoothed KA pair's phi, phi', phi'' are tiny.
    #[test]
    fn values_at_the_cutoff() {
        let ka = Potential::ka_lj();
        for (a, b) in species_pairs(2) {
            let rc = ka.pair.cutoff(a, b);
            assert_eq!(ka.pair.derivatives(a, b, rc), [0.0; 5]);
            assert_eq!(ka.pair.energy_r2(a, b, rc * rc), 0.0);
            let d = ka.pair.derivatives(a, b, rc * (1.0 - 1e-6));
            assert!(
                d[0].abs() < 1e-15 && d[1].abs() < 1e-11 && d[2].abs() < 1e-5,
                "{d:?}"
            );
        }
        let shifted = Potential::ka_lj_shifted();
        let (a, b) = (Atom::of(0), Atom::of(0));
        let d = shifted.pair.derivatives(a, b, 2.5 * (1.0 - 1e-12));
        assert!(d[0].abs() < 1e-12, "{d:?}");
        // phi'(rc-) of plain LJ at 2.5: 4 (-12 rc^-13 + 6 rc^-7) = 0.03899..
        assert!((d[1] - 4.0 * (-12.0 * 2.5f64.powi(-13) + 6.0 * 2.5f64.powi(-7))).abs() < 1e-9);
        for pot in [Potential::harmonic(), Potential::hertzian()] {
            let (s, l) = (
                Atom {
                    species: 0,
                    size: 1.0,
                },
                Atom {
                    species: 1,
                    size: 1.4,
                },
            );
            assert_eq!(pot.pair.cutoff(s, l), 1.2);
            assert_eq!(pot.pair.derivatives(s, l, 1.2), [0.0; 5]);
            let d = pot.pair.derivatives(s, l, 1.2 * (1.0 - 1e-8));
            assert!(
                d[0].abs() < 1e-15 && d[1].abs() < 1e-7,
                "{}: {d:?}",
                pot.name
            );
        }
        let soft = Potential::soft_spheres(2.0);
        let (a, b) = (
            Atom {
                species: 0,
                size: 0.8,
            },
            Atom {
                species: 0,
                size: 1.5,
            },
        );
        let rc = soft.pair.cutoff(a, b);
        assert!((rc - 1.25 * 1.15 * (1.0 - 0.2 * 0.7)).abs() < 1e-15);
        assert_eq!(soft.pair.derivatives(a, b, rc), [0.0; 5]);
        let d = soft.pair.derivatives(a, b, rc * (1.0 - 1e-7));
        assert!(
            d[0].abs() < 1e-15 && d[1].abs() < 1e-9 && d[2].abs() < 1e-4,
            "{d:?}"
        );
    }

    #[test]
    fn lennard_jones_derivatives() {
        for pot in [
            Potential::ka_lj(),
            Potential::ka_lj_shifted(),
            Potential::wahnstrom(),
        ] {
            for (a, b) in species_pairs(2) {
                let rc = pot.pair.cutoff(a, b);
                for x in [0.33, 0.4, 0.5, 0.7, 0.9, 0.99] {
                    check_derivatives(pot.pair.as_ref(), a, b, x * rc);
                }
            }
        }
    }

    #[test]
    fn soft_sphere_derivatives() {
        let pot = Potential::soft_spheres(SOFT_SPHERES_MAX_SIZE);
        for (sa, sb) in [(1.0, 1.0), (0.73, 1.6), (1.2, 0.9)] {
            let (a, b) = (
                Atom {
                    species: 0,
                    size: sa,
                },
                Atom {
                    species: 0,
                    size: sb,
                },
            );
            let rc = pot.pair.cutoff(a, b);
            for x in [0.6, 0.75, 0.9, 0.99] {
                check_derivatives(pot.pair.as_ref(), a, b, x * rc);
            }
        }
    }

    #[test]
    fn contact_derivatives() {
        for pot in [Potential::harmonic(), Potential::hertzian()] {
            for (sa, sb) in [(1.0, 1.0), (1.0, 1.4), (0.7, 1.3)] {
                let (a, b) = (
                    Atom {
                        species: 0,
                        size: sa,
                    },
                    Atom {
                        species: 1,
                        size: sb,
                    },
                );
                let rc = pot.pair.cutoff(a, b);
                for x in [0.5, 0.7, 0.85, 0.9] {
                    check_derivatives(pot.pair.as_ref(), a, b, x * rc);
                }
            }
        }
        // closed forms at r = sigma/2, sigma = 1: harmonic 1/2 (1/2)^2, -1/2, 1, 0, 0
        let h = Potential::harmonic();
        let d = h.pair.derivatives(Atom::of(0), Atom::of(0), 0.5);
        assert_eq!(d, [0.125, -0.5, 1.0, 0.0, 0.0]);
    }

    /// Diameters beyond the covered range and missing diameters are errors; within it,
    /// two soft spheres at r = sigma_ij have energy 1 + c0 + c2 + c4 = s(1).
    #[test]
    fn soft_sphere_sizes_are_checked() {
        use crate::model::Cell;
        use nalgebra::Vector3;
        let pot = Potential::soft_spheres(1.5);
        let cell = Cell::new([10.0; 3]);
        let positions = [Vector3::new(1.0, 1.0, 1.0), Vector3::new(2.2, 1.0, 1.0)];
        let atoms = |sizes: Option<&'static [f64]>| super::super::Atoms {
            source: std::path::Path::new("poly.xyz"),
            frame: 0,
            positions: &positions,
            species: &[0, 0],
            sizes,
            cell: &cell,
            deformation: None,
        };
        let e = pot
            .energies(&atoms(Some(&[1.2, 1.2][..])))
            .expect("within range");
        let s1 = Shape::smoothed(0.0, 1.25).uncut(1.0)[0];
        assert!((e[0] - 0.5 * s1).abs() < 1e-15 && (e[1] - 0.5 * s1).abs() < 1e-15);
        let err = pot
            .energies(&atoms(Some(&[1.2, 1.6][..])))
            .expect_err("too large");
        let msg = err.to_string();
        assert!(
            msg.contains("poly.xyz") && msg.contains("atom 1") && msg.contains("1.6"),
            "{msg}"
        );
        assert!(pot.energies(&atoms(None)).is_err());
    }

    /// Every name in BUILT_IN opens, with the species it promises.
    #[test]
    fn by_name_knows_every_built_in() {
        for name in super::super::BUILT_IN {
            let p = super::super::by_name(name).unwrap_or_else(|| panic!("{name}"));
            assert_eq!(p.name, *name);
            assert_eq!(p.units, Units::Lj);
        }
        let w = Potential::wahnstrom();
        assert_eq!((w.mass(0), w.mass(1)), (1.0, 2.0));
        assert!((SOFT_SPHERES_MAX_SIZE * 0.45 - 0.725).abs() < 1e-12);
    }
}
