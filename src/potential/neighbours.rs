//! All pairs within a distance, by a cell list (minimum image, each pair once).

use nalgebra::Vector3;
use rayon::prelude::*;

use super::Atoms;
use crate::error::{Error, Result};

/// A pair i < j and its minimum-image vector r_j - r_i.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pair {
    pub i: u32,
    pub j: u32,
    pub r: Vector3<f64>,
}

/// Pairs (i < j) whose minimum-image distance is below `rcut`. Two atoms closer than
/// 1e-8 are an error: no pair potential is defined there.
pub fn pairs_within(atoms: &Atoms, rcut: f64) -> Result<Vec<Pair>> {
    pairs_where(atoms, rcut, |_| true)
}

/// As `pairs_within`, keeping only the pairs `keep` accepts (decided inside the search,
/// so that rejected pairs are never stored). Under a deformation F (`Atoms::deformation`)
/// the pairs are those whose deformed vector F r is shorter than `rcut`, with that vector.
pub fn pairs_where(
    atoms: &Atoms,
    rcut: f64,
    keep: impl Fn(&Pair) -> bool + Sync,
) -> Result<Vec<Pair>> {
    pairs_within_reach(atoms, rcut, None, keep)
}

/// As `pairs_where` with a reach per atom: the pairs `keep` accepts among those closer
/// than rcut + reach_i + reach_j (it may also be offered some farther ones). The few
/// atoms whose reach is large (a soft mode's core, moved along r + A u) are searched
/// one by one, so that the many others are searched with a small skin.
pub fn pairs_within_reach(
    atoms: &Atoms,
    rcut: f64,
    reach: Option<&[f64]>,
    keep: impl Fn(&Pair) -> bool + Sync,
) -> Result<Vec<Pair>> {
    if let Some(r) = reach {
        if r.len() != atoms.len() || r.iter().any(|x| !(x.is_finite() && *x >= 0.0)) {
            return Err(Error::invalid(
                atoms.source,
                "a pair search needs a finite reach >= 0 for every atom",
            ));
        }
    }
    let Some(f) = atoms.deformation else {
        return undeformed_pairs_where(atoms, rcut, reach, keep);
    };
    let deformed = |p: &Pair| Pair { r: f * p.r, ..*p };
    // |F r| >= s_min |r|, s_min the smallest singular value of F.
    let s_min = f.singular_values().min();
    let scaled: Option<Vec<f64>> = reach.map(|r| r.iter().map(|x| x / s_min).collect());
    let pairs = undeformed_pairs_where(atoms, rcut / s_min, scaled.as_deref(), |p| {
        let q = deformed(p);
        let bound = rcut + reach_of(reach, p.i) + reach_of(reach, p.j);
        q.r.norm_squared() < bound * bound && keep(&q)
    })?;
    Ok(pairs.iter().map(deformed).collect())
}

fn reach_of(reach: Option<&[f64]>, i: u32) -> f64 {
    reach.map_or(0.0, |r| r[i as usize])
}

/// The atoms searched one by one: those whose reach exceeds an eighth of the largest,
/// unless they are more than a sixteenth of all (a mode that is not localized), and the
/// reach `tau` that bounds every other atom's.
struct FarReaching {
    /// The largest reach of any atom (0 without reaches).
    largest: f64,
    tau: f64,
    is_far: Vec<bool>,
    atoms: Vec<u32>,
}

impl FarReaching {
    fn of(reach: Option<&[f64]>, n: usize) -> Self {
        let largest = reach.map_or(0.0, |r| r.iter().copied().fold(0.0, f64::max));
        let tau = largest / 8.0;
        let is_far: Vec<bool> = match reach {
            Some(r) if tau > 0.0 => r.iter().map(|&x| x > tau).collect(),
            _ => Vec::new(),
        };
        let atoms: Vec<u32> = (0..is_far.len() as u32)
            .filter(|&i| is_far[i as usize])
            .collect();
        if atoms.len() > n / 16 {
            return Self {
                largest,
                tau: largest,
                is_far: Vec::new(),
                atoms: Vec::new(),
            };
        }
        Self {
            largest,
            tau,
            is_far,
            atoms,
        }
    }

    fn has(&self, i: u32) -> bool {
        self.is_far.get(i as usize).copied().unwrap_or(false)
    }
}

fn undeformed_pairs_where(
    atoms: &Atoms,
    rcut: f64,
    reach: Option<&[f64]>,
    keep: impl Fn(&Pair) -> bool + Sync,
) -> Result<Vec<Pair>> {
    let cell = &atoms.cell;
    let far = FarReaching::of(reach, atoms.len());
    let range = rcut + 2.0 * far.largest;
    if range >= cell.half_min_length() {
        return Err(Error::invalid(
            atoms.source,
            format!(
                "the box ({:?}) is too small: the pair range {range:.3} must stay below half of it",
                cell.lengths
            ),
        ));
    }
    let n = atoms.len();
    if u32::try_from(n).is_err() {
        return Err(Error::invalid(atoms.source, format!("{n} atoms: too many")));
    }
    // Pairs of two near-reaching atoms within rcut + 2 tau; those with a far-reaching
    // atom one far-reaching atom at a time.
    let near = |p: &Pair| !far.has(p.i) && !far.has(p.j) && keep(p);
    let mut pairs = all_pairs_where(atoms, rcut + 2.0 * far.tau, &near);
    if !far.atoms.is_empty() {
        let reach = reach.unwrap_or(&[]);
        pairs.extend(far_pairs(atoms, &far, rcut, reach, range, &keep));
    }
    if let Some(p) = pairs.iter().find(|p| p.r.norm_squared() < 1e-16) {
        return Err(Error::invalid(
            atoms.source,
            format!(
                "frame {}: atoms {} and {} are at the same place",
                atoms.frame, p.i, p.j
            ),
        ));
    }
    Ok(pairs)
}

/// Every pair within `rcut` that `keep` accepts (and coincident ones), by the cheapest
/// search the box allows.
fn all_pairs_where(atoms: &Atoms, rcut: f64, keep: &(impl Fn(&Pair) -> bool + Sync)) -> Vec<Pair> {
    let n = atoms.len();
    let cell = &atoms.cell;
    // Cells of edge >= rcut / reach, searched `reach` cells in every direction: reach 2
    // visits (5 rcut / 2)^3 instead of (3 rcut)^3 of space per atom, but pays for 62
    // neighbour cells instead of 13, which only pays off with 2 or more atoms per cell
    // (all pairs within 2.0 of 128,000 atoms at density 0.82, 0.8 atoms per reach-2
    // cell: reach 2 0.10-0.13 s, reach 1 0.085-0.094 s).
    let dims_for = |reach: usize| grid_dims(cell.lengths, rcut / reach as f64);
    let fits = |reach: usize| dims_for(reach).iter().all(|d| *d > 2 * reach);
    let crowded = |reach: usize| n >= 2 * dims_for(reach).iter().product::<usize>();
    if fits(2) && crowded(2) {
        cell_list(atoms, rcut, dims_for(2), 2, keep)
    } else if fits(1) {
        cell_list(atoms, rcut, dims_for(1), 1, keep)
    } else {
        brute_force(atoms, rcut, keep)
    }
}

/// The number of cells of edge >= `edge` along each side of a box.
fn grid_dims(lengths: [f64; 3], edge: f64) -> [usize; 3] {
    std::array::from_fn(|k| ((lengths[k] / edge).floor() as usize).max(1))
}

/// The pairs with a far-reaching atom closer than rcut + reach_i + reach_j (all below
/// `range`) that `keep` accepts, each once, from a grid of cells of edge >= `range`.
fn far_pairs(
    atoms: &Atoms,
    far: &FarReaching,
    rcut: f64,
    reach: &[f64],
    range: f64,
    keep: &(impl Fn(&Pair) -> bool + Sync),
) -> Vec<Pair> {
    let grid = Grid::new(atoms, grid_dims(atoms.cell.lengths, range));
    far.atoms
        .par_iter()
        .flat_map_iter(|&m| {
            grid.cells_around(&atoms.cell.wrap(&atoms.positions[m as usize]))
                .into_iter()
                .flat_map(|c| grid.members_of(c).iter().copied())
                // A pair of two far-reaching atoms is taken from its first.
                .filter(move |&j| j != m && !(far.has(j) && j < m))
                .filter_map(move |j| {
                    let (i, j) = (m.min(j), m.max(j));
                    let (a, b) = (i as usize, j as usize);
                    let r = atoms.cell.delta(&atoms.positions[a], &atoms.positions[b]);
                    let bound = rcut + reach[a] + reach[b];
                    let r_sq = r.norm_squared();
                    let pair = Pair { i, j, r };
                    (r_sq < bound * bound && (keep(&pair) || r_sq < 1e-16)).then_some(pair)
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

fn brute_force(atoms: &Atoms, rcut: f64, keep: &(impl Fn(&Pair) -> bool + Sync)) -> Vec<Pair> {
    let r2 = rcut * rcut;
    let p = &atoms.positions;
    (0..p.len())
        .into_par_iter()
        .flat_map_iter(|i| {
            (i + 1..p.len()).filter_map(move |j| {
                let r = atoms.cell.delta(&p[i], &p[j]);
                let pair = Pair {
                    i: i as u32,
                    j: j as u32,
                    r,
                };
                // Coincident atoms are always kept, so that the caller can report them.
                (r.norm_squared() < r2 && (keep(&pair) || r.norm_squared() < 1e-16)).then_some(pair)
            })
        })
        .collect()
}

/// Atoms sorted into a periodic grid of cells: cell c holds the atoms
/// members[start[c]..start[c + 1]], whose wrapped positions are sorted[start[c]..].
struct Grid {
    dims: [usize; 3],
    lengths: [f64; 3],
    start: Vec<usize>,
    members: Vec<u32>,
    sorted: Vec<Vector3<f64>>,
}

impl Grid {
    fn new(atoms: &Atoms, dims: [usize; 3]) -> Self {
        let cell = &atoms.cell;
        let wrapped: Vec<Vector3<f64>> = atoms.positions.iter().map(|p| cell.wrap(p)).collect();
        let mut grid = Self {
            dims,
            lengths: cell.lengths,
            start: Vec::new(),
            members: Vec::new(),
            sorted: Vec::new(),
        };
        let cells: Vec<usize> = wrapped.iter().map(|w| grid.flat(grid.coords(w))).collect();
        (grid.start, grid.members) = sort_by_cell(&cells, dims.iter().product());
        // Positions in cell order: a cell's atoms lie together in memory.
        grid.sorted = grid.members.iter().map(|&i| wrapped[i as usize]).collect();
        grid
    }

    /// The cell coordinates of a wrapped position.
    fn coords(&self, w: &Vector3<f64>) -> [usize; 3] {
        let (l, d) = (self.lengths, self.dims);
        std::array::from_fn(|k| ((w[k] / l[k] * d[k] as f64) as usize).min(d[k] - 1))
    }

    fn flat(&self, c: [usize; 3]) -> usize {
        (c[0] * self.dims[1] + c[1]) * self.dims[2] + c[2]
    }

    fn members_of(&self, c: usize) -> &[u32] {
        &self.members[self.start[c]..self.start[c + 1]]
    }

    /// The distinct cells within one cell of the wrapped position `w` (periodic).
    fn cells_around(&self, w: &Vector3<f64>) -> Vec<usize> {
        let here = self.coords(w);
        let near = |k: usize| -> Vec<usize> {
            let d = self.dims[k];
            let mut v: Vec<usize> = [d - 1, 0, 1].iter().map(|o| (here[k] + o) % d).collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        let (xs, ys, zs) = (near(0), near(1), near(2));
        let mut cells = Vec::with_capacity(27);
        for &x in &xs {
            for &y in &ys {
                for &z in &zs {
                    cells.push(self.flat([x, y, z]));
                }
            }
        }
        cells
    }
}

/// Counting sort of atoms by cell: the atoms of cell c are members[start[c]..start[c + 1]].
fn sort_by_cell(cells: &[usize], n_cells: usize) -> (Vec<usize>, Vec<u32>) {
    let mut start = vec![0usize; n_cells + 1];
    for &c in cells {
        start[c + 1] += 1;
    }
    for c in 0..n_cells {
        start[c + 1] += start[c];
    }
    let mut fill = start.clone();
    let mut members = vec![0u32; cells.len()];
    for (i, &c) in cells.iter().enumerate() {
        members[fill[c]] = i as u32;
        fill[c] += 1;
    }
    (start, members)
}

/// The "forward" half of the neighbour-cell offsets: with the cell itself they count
/// every pair once.
fn forward_offsets(reach: usize) -> Vec<[i64; 3]> {
    let reach = reach as i64;
    let mut offsets = Vec::new();
    for dx in -reach..=reach {
        for dy in -reach..=reach {
            for dz in -reach..=reach {
                if (dx, dy, dz) > (0, 0, 0) {
                    offsets.push([dx, dy, dz]);
                }
            }
        }
    }
    offsets
}

/// step[k][c][o + reach]: the cell reached from coordinate c by offset o along axis k,
/// and the periodic shift (0 or +-L_k) that brings its atoms next to cell c.
fn periodic_steps(dims: [usize; 3], l: [f64; 3], reach: usize) -> Vec<Vec<Vec<(usize, f64)>>> {
    let reach = reach as i64;
    (0..3)
        .map(|k| {
            let d = dims[k] as i64;
            (0..d)
                .map(|c| {
                    (-reach..=reach)
                        .map(|o| {
                            let m = c + o;
                            let shift = match m {
                                _ if m < 0 => -l[k],
                                _ if m >= d => l[k],
                                _ => 0.0,
                            };
                            (m.rem_euclid(d) as usize, shift)
                        })
                        .collect()
                })
                .collect()
        })
        .collect()
}

/// Cells of edge >= rcut / reach, more than 2 reach per direction: a neighbour cell's
/// periodic image is then unique, so each neighbour cell gets one shift vector and no
/// distance needs the minimum-image rounding.
fn cell_list(
    atoms: &Atoms,
    rcut: f64,
    dims: [usize; 3],
    reach: usize,
    keep: &(impl Fn(&Pair) -> bool + Sync),
) -> Vec<Pair> {
    let l = atoms.cell.lengths;
    let grid = Grid::new(atoms, dims);
    let (start, members, sorted) = (&grid.start, &grid.members, &grid.sorted);
    let flat = |c: [usize; 3]| grid.flat(c);
    let offsets = forward_offsets(reach);
    let step = periodic_steps(dims, l, reach);
    let reach = reach as i64;
    let r2 = rcut * rcut;
    let slab = dims[1] * dims[2];
    // One task per slab of cells (x fixed), each filling one vector.
    let per_slab: Vec<Vec<Pair>> = (0..dims[0])
        .into_par_iter()
        .map(|x| {
            let mut out = Vec::new();
            let mut visit = |a: usize, b: usize, shift: &Vector3<f64>| {
                let r = sorted[b] + shift - sorted[a];
                let r_sq = r.norm_squared();
                if r_sq < r2 {
                    let (i, j) = (members[a], members[b]);
                    let pair = if i < j {
                        Pair { i, j, r }
                    } else {
                        Pair { i: j, j: i, r: -r }
                    };
                    if keep(&pair) || r_sq < 1e-16 {
                        out.push(pair);
                    }
                }
            };
            for c in x * slab..(x + 1) * slab {
                let here = [x, (c / dims[2]) % dims[1], c % dims[2]];
                let mine = start[c]..start[c + 1];
                for a in mine.clone() {
                    for b in a + 1..mine.end {
                        visit(a, b, &Vector3::zeros());
                    }
                }
                for o in &offsets {
                    let mut nb = [0usize; 3];
                    let mut shift = Vector3::zeros();
                    for k in 0..3 {
                        (nb[k], shift[k]) = step[k][here[k]][(o[k] + reach) as usize];
                    }
                    let other = flat(nb);
                    for a in mine.clone() {
                        for b in start[other]..start[other + 1] {
                            visit(a, b, &shift);
                        }
                    }
                }
            }
            out
        })
        .collect();
    per_slab.concat()
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::Matrix3;

    /// The cell list (both reaches) finds exactly the pairs and vectors of the O(N^2)
    /// minimum-image search, for the 2,000-atom test glass.
    #[test]
    fn cell_list_equals_brute_force() {
        let mode = crate::example::test_glass(0);
        let atoms = mode.atoms();
        let rcut = 2.5;
        let sorted = |mut v: Vec<Pair>| {
            v.sort_by_key(|p| (p.i, p.j));
            v
        };
        let all = |_: &Pair| true;
        let want = sorted(brute_force(&atoms, rcut, &all));
        assert!(want.len() > 20_000, "{} pairs", want.len());
        let l = atoms.cell.lengths;
        for reach in [1usize, 2] {
            let dims = std::array::from_fn(|k| (l[k] * reach as f64 / rcut).floor() as usize);
            let got = sorted(cell_list(&atoms, rcut, dims, reach, &all));
            assert_eq!(got.len(), want.len(), "reach {reach}");
            for (g, w) in got.iter().zip(&want) {
                assert_eq!((g.i, g.j), (w.i, w.j), "reach {reach}");
                assert!((g.r - w.r).norm() < 1e-12, "reach {reach}");
            }
        }
    }

    /// With a reach per atom, the search finds exactly the pairs closer than
    /// rcut + reach_i + reach_j of the O(N^2) search: with a few far-reaching atoms
    /// (searched one by one), with many (one search), and under a shear.
    #[test]
    fn reach_search_equals_brute_force() {
        let mode = crate::example::test_glass(0);
        let n = mode.n_atoms();
        let few: Vec<f64> = (0..n)
            .map(|i| {
                if i % 97 == 0 {
                    0.6
                } else {
                    0.01 * (i % 3) as f64
                }
            })
            .collect();
        let many: Vec<f64> = (0..n).map(|i| 0.1 * (i % 4) as f64).collect();
        let shear = Matrix3::new(1.0, 0.05, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0);
        let rcut = 1.5;
        for (reach, deformation) in [(&few, None), (&many, None), (&few, Some(shear))] {
            let atoms = Atoms {
                deformation,
                ..mode.atoms()
            };
            let far = FarReaching::of(Some(reach), n);
            let bound = |p: &Pair| rcut + reach[p.i as usize] + reach[p.j as usize];
            let within = |p: &Pair| p.r.norm() < bound(p);
            let mut got = pairs_within_reach(&atoms, rcut, Some(reach), within).expect("pairs");
            got.sort_by_key(|p| (p.i, p.j));
            let f = deformation.unwrap_or_else(Matrix3::identity);
            let mut want = 0;
            for i in 0..n as u32 {
                for j in i + 1..n as u32 {
                    let (a, b) = (&mode.positions[i as usize], &mode.positions[j as usize]);
                    let r = f * mode.cell.delta(a, b);
                    if r.norm() < bound(&Pair { i, j, r }) {
                        let k = want;
                        want += 1;
                        let g = got.get(k).expect("as many pairs");
                        assert_eq!((g.i, g.j), (i, j), "far {}", far.atoms.len());
                        assert!((g.r - r).norm() < 1e-12);
                    }
                }
            }
            assert_eq!(got.len(), want, "far {}", far.atoms.len());
            assert_eq!(far.atoms.is_empty(), std::ptr::eq(reach, &many));
        }
    }
}
