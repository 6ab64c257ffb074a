//! 3DIPL, the paper's potential (ANALYSIS.md section 3).

use super::{Atom, PairFunctions};

/// 3DIPL: phi_ab(r) = (l/r)^10 + c0 + c2 (r/l)^2 + c4 (r/l)^4 for r < x_c l.
#[derive(Clone, Debug)]
pub struct Ipl3d {
    /// lambda for SS, SL (= LS), LL, indexed by a + b.
    lambda: [f64; 3],
    xc: f64,
    c0: f64,
    c2: f64,
    c4: f64,
}

impl Default for Ipl3d {
    fn default() -> Self {
        Self::new(1.48, [1.0, 1.18, 1.4])
    }
}

impl Ipl3d {
    /// `lambda` = [SS, SL, LL]. c0, c2, c4 make phi, phi', phi'' vanish at x_c; solving
    /// the 3x3 system by hand gives c4 = -15 xc^-14, c2 = 35 xc^-12, c0 = -21 xc^-10.
    pub fn new(xc: f64, lambda: [f64; 3]) -> Self {
        Self {
            lambda,
            xc,
            c0: -21.0 * xc.powi(-10),
            c2: 35.0 * xc.powi(-12),
            c4: -15.0 * xc.powi(-14),
        }
    }

    /// [c0, c2, c4].
    pub fn coefficients(&self) -> [f64; 3] {
        [self.c0, self.c2, self.c4]
    }

    /// lambda of the species pair (0 = S, 1 = L).
    #[inline]
    pub fn lambda_of(&self, a: u8, b: u8) -> f64 {
        self.lambda[usize::from(a.min(1)) + usize::from(b.min(1))]
    }
}

impl PairFunctions for Ipl3d {
    fn cutoff(&self, a: Atom, b: Atom) -> f64 {
        self.xc * self.lambda_of(a.species, b.species)
    }

    fn max_cutoff(&self) -> f64 {
        self.xc * self.lambda[2]
    }

    #[inline]
    fn derivatives(&self, a: Atom, b: Atom, r: f64) -> [f64; 5] {
        let l = self.lambda_of(a.species, b.species);
        let x = r / l;
        if x >= self.xc {
            return [0.0; 5];
        }
        let (c0, c2, c4) = (self.c0, self.c2, self.c4);
        let x2 = x * x;
        let xm10 = (1.0 / x2).powi(5);
        let xm1 = 1.0 / x;
        let phi = xm10 + c0 + c2 * x2 + c4 * x2 * x2;
        let d1 = -10.0 * xm10 * xm1 + 2.0 * c2 * x + 4.0 * c4 * x2 * x;
        let d2 = 110.0 * xm10 * xm1 * xm1 + 2.0 * c2 + 12.0 * c4 * x2;
        let d3 = -1320.0 * xm10 * xm1 * xm1 * xm1 + 24.0 * c4 * x;
        let d4 = 17160.0 * xm10 * xm1 * xm1 * xm1 * xm1 + 24.0 * c4;
        [
            phi,
            d1 / l,
            d2 / (l * l),
            d3 / (l * l * l),
            d4 / (l * l * l * l),
        ]
    }

    #[inline]
    fn energy_r2(&self, a: Atom, b: Atom, r2: f64) -> f64 {
        let l = self.lambda_of(a.species, b.species);
        let x2 = r2 / (l * l);
        if x2 >= self.xc * self.xc {
            return 0.0;
        }
        (1.0 / x2).powi(5) + self.c0 + self.c2 * x2 + self.c4 * x2 * x2
    }
}
