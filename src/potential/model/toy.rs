//! A small analytic embedded-atom term on top of 3DIPL, for tests of the generic
//! (pair + embedding) code: densities s_ab (r_c - r)^4 that differ with direction
//! (as eam/fs), F_a(rho) = -c_a sqrt(rho) + b rho^2.

use std::sync::Arc;

use crate::potential::{Embedding, Potential};

#[derive(Debug)]
pub struct ToyEmbedding {
    pub cutoff: f64,
    /// scale[at][from].
    pub scale: [[f64; 2]; 2],
    pub sqrt_weight: [f64; 2],
    pub square_weight: f64,
}

impl Default for ToyEmbedding {
    fn default() -> Self {
        Self {
            cutoff: 1.8,
            scale: [[1.0, 1.3], [0.8, 1.1]],
            sqrt_weight: [0.3, 0.45],
            square_weight: 0.02,
        }
    }
}

impl Embedding for ToyEmbedding {
    fn cutoff(&self) -> f64 {
        self.cutoff
    }

    fn density(&self, at: u8, from: u8, r: f64) -> [f64; 5] {
        if r >= self.cutoff {
            return [0.0; 5];
        }
        let s = self.scale[usize::from(at)][usize::from(from)];
        let x = self.cutoff - r;
        [
            s * x.powi(4),
            -4.0 * s * x.powi(3),
            12.0 * s * x * x,
            -24.0 * s * x,
            24.0 * s,
        ]
    }

    fn embed(&self, a: u8, rho: f64) -> [f64; 5] {
        let c = self.sqrt_weight[usize::from(a)];
        let b = self.square_weight;
        let s = rho.sqrt();
        [
            -c * s + b * rho * rho,
            -c / (2.0 * s) + 2.0 * b * rho,
            c / (4.0 * s * rho) + 2.0 * b,
            -3.0 * c / (8.0 * s * rho * rho),
            15.0 * c / (16.0 * s * rho.powi(3)),
        ]
    }
}

/// 3DIPL with the toy embedding.
pub fn toy_eam() -> Potential {
    Potential {
        name: "toy-eam".to_owned(),
        embedding: Some(Arc::new(ToyEmbedding::default())),
        ..Potential::ipl3d()
    }
}
