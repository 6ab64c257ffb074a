//! A sparse Cholesky factor L L^T of a symmetric positive definite matrix given by its
//! lower triangle (faer's supernodal Cholesky with its approximate-minimum-degree
//! fill-reducing ordering).

use faer::dyn_stack::{MemBuffer, MemStack};
use faer::sparse::linalg::cholesky::{
    factorize_symbolic_cholesky, LltRef, SymbolicCholesky, SymmetricOrdering,
};
use faer::sparse::SparseColMat;
use faer::{Conj, MatMut, Par, Side};

/// Why a factorisation failed.
#[derive(Debug)]
pub enum FactorError {
    /// The matrix has a pivot <= 0: it is not positive definite.
    NotPositiveDefinite,
    /// faer could not allocate or index the factor.
    Other(String),
}

/// The structure of the factor: the ordering and the fill, known before any number is
/// computed (so the memory a factor needs can be told in advance).
pub struct Symbolic {
    inner: SymbolicCholesky<usize>,
}

impl Symbolic {
    /// Orders (AMD) and analyses the pattern of `lower`.
    pub fn analyse(lower: &SparseColMat<usize, f64>) -> Result<Self, FactorError> {
        factorize_symbolic_cholesky(
            lower.symbolic(),
            Side::Lower,
            SymmetricOrdering::Amd,
            Default::default(),
        )
        .map(|inner| Self { inner })
        .map_err(|e| FactorError::Other(format!("{e:?}")))
    }

    /// Number of stored values of L.
    pub fn factor_len(&self) -> usize {
        self.inner.len_val()
    }

    /// Bytes of L's values.
    pub fn factor_bytes(&self) -> usize {
        self.factor_len() * std::mem::size_of::<f64>()
    }
}

/// The numeric factor.
pub struct Cholesky {
    symbolic: Symbolic,
    values: Vec<f64>,
}

impl Cholesky {
    /// Factors `lower` (the pattern `symbolic` was analysed for).
    pub fn new(symbolic: Symbolic, lower: &SparseColMat<usize, f64>) -> Result<Self, FactorError> {
        let mut values = Vec::new();
        values
            .try_reserve_exact(symbolic.factor_len())
            .map_err(|e| FactorError::Other(format!("{e}")))?;
        values.resize(symbolic.factor_len(), 0.0);
        let par = Par::Seq;
        let scratch = symbolic
            .inner
            .factorize_numeric_llt_scratch::<f64>(par, Default::default());
        let mut buf =
            MemBuffer::try_new(scratch).map_err(|e| FactorError::Other(format!("{e:?}")))?;
        symbolic
            .inner
            .factorize_numeric_llt::<f64>(
                &mut values,
                lower.as_ref(),
                Side::Lower,
                Default::default(),
                par,
                MemStack::new(&mut buf),
                Default::default(),
            )
            .map_err(|_| FactorError::NotPositiveDefinite)?;
        Ok(Self { symbolic, values })
    }

    /// Factors `lower` with its own analysis.
    pub fn of(lower: &SparseColMat<usize, f64>) -> Result<Self, FactorError> {
        Self::new(Symbolic::analyse(lower)?, lower)
    }

    pub fn symbolic(&self) -> &Symbolic {
        &self.symbolic
    }

    /// x <- A^-1 x.
    pub fn solve_in_place(&self, x: &mut [f64]) {
        let n = x.len();
        let sym = &self.symbolic.inner;
        let par = Par::Seq;
        let mut buf = MemBuffer::new(sym.solve_in_place_scratch::<f64>(1, par));
        let rhs = MatMut::from_column_major_slice_mut(x, n, 1);
        LltRef::new(sym, &self.values).solve_in_place_with_conj(
            Conj::No,
            rhs,
            par,
            MemStack::new(&mut buf),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use faer::sparse::Triplet;

    fn lower(entries: &[(usize, usize, f64)], n: usize) -> SparseColMat<usize, f64> {
        let t: Vec<Triplet<usize, usize, f64>> = entries
            .iter()
            .map(|&(r, c, v)| Triplet::new(r, c, v))
            .collect();
        SparseColMat::try_new_from_triplets(n, n, &t).expect("valid triplets")
    }

    #[test]
    fn solves_a_tridiagonal_system() {
        // A = tridiag(-1, 2.5, -1), 4 x 4; x = A^-1 (A [1 2 3 4]).
        let a = lower(
            &[
                (0, 0, 2.5),
                (1, 0, -1.0),
                (1, 1, 2.5),
                (2, 1, -1.0),
                (2, 2, 2.5),
                (3, 2, -1.0),
                (3, 3, 2.5),
            ],
            4,
        );
        let x = [1.0, 2.0, 3.0, 4.0];
        let mut b = [
            2.5 * x[0] - x[1],
            -x[0] + 2.5 * x[1] - x[2],
            -x[1] + 2.5 * x[2] - x[3],
            -x[2] + 2.5 * x[3],
        ];
        Cholesky::of(&a)
            .expect("positive definite")
            .solve_in_place(&mut b);
        for (got, want) in b.iter().zip(x) {
            assert!((got - want).abs() < 1e-14, "{got} vs {want}");
        }
    }

    #[test]
    fn an_indefinite_matrix_is_refused() {
        let a = lower(&[(0, 0, 1.0), (1, 0, 2.0), (1, 1, 1.0)], 2);
        assert!(matches!(
            Cholesky::of(&a),
            Err(FactorError::NotPositiveDefinite)
        ));
    }
}
