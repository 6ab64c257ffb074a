//! LAMMPS `pair_style lj/cut`: phi = 4 eps ((s/r)^12 - (s/r)^6) - offset, with LAMMPS's
//! mixing rules for unlisted pairs (`pair_modify mix`, default geometric).

use super::Radial;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LjCut {
    pub eps: f64,
    pub sigma: f64,
    /// phi at the cut-off without the offset where `pair_modify shift yes`, else 0.
    pub offset: f64,
}

/// LAMMPS's mixing rules (pair.cpp `mix_energy`, `mix_distance`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Mix {
    #[default]
    Geometric,
    Arithmetic,
    Sixthpower,
}

impl Mix {
    pub fn named(name: &str) -> Option<Mix> {
        match name {
            "geometric" => Some(Mix::Geometric),
            "arithmetic" => Some(Mix::Arithmetic),
            "sixthpower" => Some(Mix::Sixthpower),
            _ => None,
        }
    }

    /// (eps, sigma, cut) of the pair i j from those of i i and j j.
    pub fn mix(self, a: (f64, f64, f64), b: (f64, f64, f64)) -> (f64, f64, f64) {
        let ((e1, s1, c1), (e2, s2, c2)) = (a, b);
        match self {
            Mix::Geometric => ((e1 * e2).sqrt(), (s1 * s2).sqrt(), (c1 * c2).sqrt()),
            Mix::Arithmetic => ((e1 * e2).sqrt(), 0.5 * (s1 + s2), 0.5 * (c1 + c2)),
            Mix::Sixthpower => {
                let sixth = |x: f64, y: f64| (0.5 * (x.powi(6) + y.powi(6))).powf(1.0 / 6.0);
                let eps =
                    2.0 * (e1 * e2).sqrt() * s1.powi(3) * s2.powi(3) / (s1.powi(6) + s2.powi(6));
                (eps, sixth(s1, s2), sixth(c1, c2))
            }
        }
    }
}

impl LjCut {
    /// The pair with its offset if `shift` (LAMMPS: 4 eps ((s/rc)^12 - (s/rc)^6)).
    pub fn new(eps: f64, sigma: f64, cut: f64, shift: bool) -> Self {
        let ratio = sigma / cut;
        let offset = if shift {
            4.0 * eps * (ratio.powi(12) - ratio.powi(6))
        } else {
            0.0
        };
        Self { eps, sigma, offset }
    }
}

impl Radial for LjCut {
    fn derivatives(&self, r: f64) -> [f64; 5] {
        let s6 = (self.sigma / r).powi(6);
        let (a, b) = (4.0 * self.eps * s6 * s6, 4.0 * self.eps * s6);
        let x = 1.0 / r;
        // d^k/dr^k r^-n = (-1)^k n (n+1) .. (n+k-1) r^-(n+k)
        [
            a - b - self.offset,
            (-12.0 * a + 6.0 * b) * x,
            (156.0 * a - 42.0 * b) * x * x,
            (-2184.0 * a + 336.0 * b) * x * x * x,
            (32760.0 * a - 3024.0 * b) * x * x * x * x,
        ]
    }

    /// As LAMMPS: r6inv (lj3 r6inv - lj4) - offset.
    fn energy_r2(&self, r2: f64) -> f64 {
        let r6inv = (1.0 / r2).powi(3);
        let s6 = self.sigma.powi(6);
        let (lj3, lj4) = (4.0 * self.eps * s6 * s6, 4.0 * self.eps * s6);
        r6inv * (lj3 * r6inv - lj4) - self.offset
    }
}
