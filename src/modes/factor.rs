//! A sparse Cholesky factor L L^T of a symmetric positive definite matrix given by its
//! lower triangle (faer's supernodal Cholesky, with its approximate-minimum-degree
//! ordering or one given, e.g. the nested dissection of `ordering`). The dense blocks of
//! the factor and of the solves run on rayon's threads.

use faer::dyn_stack::{MemBuffer, MemStack};
use faer::perm::PermRef;
use faer::sparse::linalg::cholesky::{
    factorize_symbolic_cholesky, LltRef, SymbolicCholesky, SymmetricOrdering,
};
use faer::sparse::SparseColMat;
use faer::{Conj, MatMut, Par, Side};

/// The fill-reducing ordering of the factor.
#[derive(Clone, Copy, Debug)]
pub enum Ordering<'a> {
    /// faer's approximate minimum degree, from the pattern alone.
    Amd,
    /// `order[k]` is the row eliminated k-th (a permutation of 0..n).
    Given(&'a [usize]),
}

/// All of rayon's threads.
fn parallelism() -> Par {
    Par::rayon(0)
}

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
    /// Orders and analyses the pattern of `lower`.
    pub fn analyse(
        lower: &SparseColMat<usize, f64>,
        ordering: Ordering,
    ) -> Result<Self, FactorError> {
        let inverse;
        let ordering = match ordering {
            Ordering::Amd => SymmetricOrdering::Amd,
            Ordering::Given(order) => {
                inverse = inverse_of(order, lower.nrows())?;
                SymmetricOrdering::Custom(PermRef::new_checked(order, &inverse, order.len()))
            }
        };
        factorize_symbolic_cholesky(lower.symbolic(), Side::Lower, ordering, Default::default())
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

/// inverse[order[k]] = k, checking that `order` is a permutation of 0..n.
fn inverse_of(order: &[usize], n: usize) -> Result<Vec<usize>, FactorError> {
    let mut inverse = vec![usize::MAX; n];
    for (k, &row) in order.iter().enumerate() {
        match inverse.get_mut(row) {
            Some(slot) if *slot == usize::MAX => *slot = k,
            _ => {
                return Err(FactorError::Other(format!(
                    "the ordering repeats or exceeds row {row}"
                )))
            }
        }
    }
    if order.len() != n {
        return Err(FactorError::Other(format!(
            "the ordering has {} rows for a matrix of {n}",
            order.len()
        )));
    }
    Ok(inverse)
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
        let par = parallelism();
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

    /// Factors `lower` with its own analysis and AMD.
    pub fn of(lower: &SparseColMat<usize, f64>) -> Result<Self, FactorError> {
        Self::new(Symbolic::analyse(lower, Ordering::Amd)?, lower)
    }

    pub fn symbolic(&self) -> &Symbolic {
        &self.symbolic
    }

    /// x <- A^-1 x for x of one or more columns (column-major, n rows each). A block
    /// of columns reads the factor once.
    pub fn solve_in_place(&self, x: &mut [f64]) {
        let sym = &self.symbolic.inner;
        let n = sym.nrows();
        let columns = x.len() / n;
        // One column is bound by the memory traffic; threads only add overhead there.
        let par = if columns > 1 { parallelism() } else { Par::Seq };
        let mut buf = MemBuffer::new(sym.solve_in_place_scratch::<f64>(columns, par));
        let rhs = MatMut::from_column_major_slice_mut(x, n, columns);
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
    fn a_given_ordering_gives_the_same_solution() {
        // A = tridiag(-1, 3, -1) + 0.5 at (3, 0); A x = b solved in a scrambled order.
        let mut entries = vec![(3, 0, 0.5)];
        for i in 0..4 {
            entries.push((i, i, 3.0));
            if i > 0 {
                entries.push((i, i - 1, -1.0));
            }
        }
        let a = lower(&entries, 4);
        let x = [1.0, -2.0, 0.5, 4.0];
        let mut b = [
            3.0 * x[0] - x[1] + 0.5 * x[3],
            -x[0] + 3.0 * x[1] - x[2],
            -x[1] + 3.0 * x[2] - x[3],
            0.5 * x[0] - x[2] + 3.0 * x[3],
        ];
        let symbolic = Symbolic::analyse(&a, Ordering::Given(&[2, 0, 3, 1])).expect("an ordering");
        Cholesky::new(symbolic, &a)
            .expect("positive definite")
            .solve_in_place(&mut b);
        for (got, want) in b.iter().zip(x) {
            assert!((got - want).abs() < 1e-14, "{got} vs {want}");
        }
        for bad in [&[0, 1, 1, 2][..], &[0, 1, 2], &[0, 1, 2, 4]] {
            assert!(matches!(
                Symbolic::analyse(&a, Ordering::Given(bad)),
                Err(FactorError::Other(_))
            ));
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
