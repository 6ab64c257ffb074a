//! Truncated Taylor arithmetic: a function of r carried with its first four derivatives,
//! so a formula evaluated once on a `Jet` gives [phi, phi', .., phi''''] exactly (to
//! round-off) without symbolic differentiation.

use std::ops::{Add, Div, Mul, Neg, Sub};

use super::series::{compose, mul};

/// Taylor coefficients [f, f', f''/2, f'''/6, f''''/24] of a function at one point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Jet(pub [f64; 5]);

const FACTORIAL: [f64; 5] = [1.0, 1.0, 2.0, 6.0, 24.0];

impl Jet {
    /// The independent variable at x: [x, 1, 0, 0, 0].
    pub fn variable(x: f64) -> Self {
        Jet([x, 1.0, 0.0, 0.0, 0.0])
    }

    /// [f, f', f'', f''', f''''].
    pub fn derivatives(&self) -> [f64; 5] {
        std::array::from_fn(|k| self.0[k] * FACTORIAL[k])
    }

    /// g(self) for g given by its derivatives [g, g', .., g''''] at self's value.
    /// x^p, with `x_to(x, k)` = x^(p - k): g_k = p (p-1) .. (p-k+1) x^(p-k); a zero
    /// factor wins over x^(negative) at x = 0.
    fn power(self, p: f64, x_to: impl Fn(f64, usize) -> f64) -> Self {
        let x = self.0[0];
        let mut falling = 1.0;
        let g = std::array::from_fn(|k| {
            let term = if falling == 0.0 {
                0.0
            } else {
                falling * x_to(x, k)
            };
            falling *= p - k as f64;
            term
        });
        self.apply(g)
    }

    fn apply(self, g: [f64; 5]) -> Self {
        let mut delta = self.0;
        delta[0] = 0.0;
        let d = compose(&g, &delta);
        Jet([g[0], d[0], d[1], d[2], d[3]])
    }
}

/// The operations a formula needs, on plain numbers (energies) and on jets (derivatives).
pub trait Scalar:
    Copy
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
{
    fn constant(c: f64) -> Self;
    fn value(self) -> f64;
    fn exp(self) -> Self;
    fn ln(self) -> Self;
    fn sqrt(self) -> Self;
    fn sin(self) -> Self;
    fn cos(self) -> Self;
    fn powi(self, n: i32) -> Self;
    fn powf(self, c: f64) -> Self;
}

impl Scalar for f64 {
    fn constant(c: f64) -> Self {
        c
    }
    fn value(self) -> f64 {
        self
    }
    fn exp(self) -> Self {
        f64::exp(self)
    }
    fn ln(self) -> Self {
        f64::ln(self)
    }
    fn sqrt(self) -> Self {
        f64::sqrt(self)
    }
    fn sin(self) -> Self {
        f64::sin(self)
    }
    fn cos(self) -> Self {
        f64::cos(self)
    }
    fn powi(self, n: i32) -> Self {
        f64::powi(self, n)
    }
    fn powf(self, c: f64) -> Self {
        f64::powf(self, c)
    }
}

impl Scalar for Jet {
    fn constant(c: f64) -> Self {
        Jet([c, 0.0, 0.0, 0.0, 0.0])
    }
    fn value(self) -> f64 {
        self.0[0]
    }
    fn exp(self) -> Self {
        self.apply([self.0[0].exp(); 5])
    }
    fn ln(self) -> Self {
        let x = self.0[0];
        let y = 1.0 / x;
        self.apply([x.ln(), y, -y * y, 2.0 * y * y * y, -6.0 * y * y * y * y])
    }
    fn sqrt(self) -> Self {
        self.powf(0.5)
    }
    fn sin(self) -> Self {
        let (s, c) = self.0[0].sin_cos();
        self.apply([s, c, -s, -c, s])
    }
    fn cos(self) -> Self {
        let (s, c) = self.0[0].sin_cos();
        self.apply([c, -s, -c, s, c])
    }
    fn powi(self, n: i32) -> Self {
        self.power(f64::from(n), |x, k| x.powi(n - k as i32))
    }
    fn powf(self, c: f64) -> Self {
        self.power(c, |x, k| x.powf(c - k as f64))
    }
}

impl Add for Jet {
    type Output = Jet;
    fn add(self, b: Jet) -> Jet {
        Jet(std::array::from_fn(|k| self.0[k] + b.0[k]))
    }
}

impl Sub for Jet {
    type Output = Jet;
    fn sub(self, b: Jet) -> Jet {
        Jet(std::array::from_fn(|k| self.0[k] - b.0[k]))
    }
}

impl Neg for Jet {
    type Output = Jet;
    fn neg(self) -> Jet {
        Jet(self.0.map(|c| -c))
    }
}

impl Mul for Jet {
    type Output = Jet;
    fn mul(self, b: Jet) -> Jet {
        Jet(mul(&self.0, &b.0))
    }
}

impl Div for Jet {
    type Output = Jet;
    /// q = a / b from a = q b, coefficient by coefficient.
    fn div(self, b: Jet) -> Jet {
        let mut q = [0.0; 5];
        for k in 0..5 {
            let known: f64 = (1..=k).map(|j| b.0[j] * q[k - j]).sum();
            q[k] = (self.0[k] - known) / b.0[0];
        }
        Jet(q)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Derivatives 1..4 of f at x by Richardson-extrapolated central differences, each
    /// with a step (relative to x) that balances truncation and round-off.
    fn finite_differences(f: impl Fn(f64) -> f64, x: f64) -> [f64; 4] {
        let fd = |k: usize, h: f64| {
            let e = |j: f64| f(x + j * h);
            match k {
                0 => (e(1.0) - e(-1.0)) / (2.0 * h),
                1 => (e(1.0) - 2.0 * e(0.0) + e(-1.0)) / (h * h),
                2 => (e(2.0) - 2.0 * e(1.0) + 2.0 * e(-1.0) - e(-2.0)) / (2.0 * h.powi(3)),
                _ => (e(2.0) - 4.0 * e(1.0) + 6.0 * e(0.0) - 4.0 * e(-1.0) + e(-2.0)) / h.powi(4),
            }
        };
        let steps = [1e-4, 1e-3, 4e-3, 1e-2];
        std::array::from_fn(|k| {
            let h = steps[k] * x;
            (4.0 * fd(k, h / 2.0) - fd(k, h)) / 3.0
        })
    }

    fn check(name: &str, jet: impl Fn(Jet) -> Jet, plain: impl Fn(f64) -> f64, x: f64) {
        let d = jet(Jet::variable(x)).derivatives();
        assert!(
            (d[0] - plain(x)).abs() <= 1e-15 * plain(x).abs(),
            "{name} value"
        );
        let fd = finite_differences(plain, x);
        for k in 0..4 {
            // Richardson-extrapolated differences are good to ~1e-5 here
            let tol = 2e-5 * (1.0 + fd[k].abs());
            assert!(
                (d[k + 1] - fd[k]).abs() < tol,
                "{name} at {x}: derivative {} is {} by jets, {} by differences",
                k + 1,
                d[k + 1],
                fd[k]
            );
        }
    }

    #[test]
    fn elementary_functions_match_finite_differences() {
        for x in [0.7, 1.3, 2.9] {
            check("exp", |j| j.exp(), f64::exp, x);
            check("ln", |j| j.ln(), f64::ln, x);
            check("sqrt", |j| j.sqrt(), f64::sqrt, x);
            check("powf", |j| j.powf(-2.7), |x| x.powf(-2.7), x);
            check("powi", |j| j.powi(-12), |x| x.powi(-12), x);
            check("powi+", |j| j.powi(5), |x| x.powi(5), x);
            check("sin", |j| j.sin(), f64::sin, x);
            check("cos", |j| j.cos(), f64::cos, x);
            check(
                "quotient",
                |j| (j * j + Jet::constant(1.0)) / (j.exp() - j),
                |x| (x * x + 1.0) / (x.exp() - x),
                x,
            );
        }
    }

    /// Exact cases: (1 + x)^-1 has Taylor coefficients (-1)^k at x = 0; x^2 at 0 has no
    /// negative-power terms (no NaN from 0^-1).
    #[test]
    fn exact_series() {
        let x = Jet::variable(0.0);
        let q = Jet::constant(1.0) / (Jet::constant(1.0) + x);
        assert_eq!(q.0, [1.0, -1.0, 1.0, -1.0, 1.0]);
        assert_eq!(x.powi(2).0, [0.0, 0.0, 1.0, 0.0, 0.0]);
        assert_eq!(x.powf(3.0).0, [0.0, 0.0, 0.0, 1.0, 0.0]);
    }
}
