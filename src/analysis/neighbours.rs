//! All pairs within a distance, by a cell list (minimum image, each pair once).

use nalgebra::Vector3;
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::model::Mode;

/// Pairs (i < j) whose minimum-image distance is below `rcut`. Two atoms closer than
/// 1e-8 are an error: no pair potential is defined there.
pub fn pairs_within(mode: &Mode, rcut: f64) -> Result<Vec<[u32; 2]>> {
    let cell = &mode.cell;
    if rcut >= cell.half_min_length() {
        return Err(Error::invalid(
            &mode.source,
            format!(
                "the box ({:?}) is too small: the pair range {rcut:.3} must stay below half of it",
                cell.lengths
            ),
        ));
    }
    let n = mode.n_atoms();
    if u32::try_from(n).is_err() {
        return Err(Error::invalid(&mode.source, format!("{n} atoms: too many")));
    }
    let dims: [usize; 3] = std::array::from_fn(|k| ((cell.lengths[k] / rcut).floor() as usize).max(1));
    let pairs = if dims.iter().any(|d| *d < 3) {
        brute_force(mode, rcut)
    } else {
        cell_list(mode, rcut, dims)
    };
    if let Some(&[i, j]) = pairs.iter().find(|&&[i, j]| {
        let (i, j) = (i as usize, j as usize);
        cell.delta(&mode.positions[i], &mode.positions[j]).norm_squared() < 1e-16
    }) {
        return Err(Error::invalid(
            &mode.source,
            format!("frame {}: atoms {i} and {j} are at the same place", mode.frame),
        ));
    }
    Ok(pairs)
}

fn brute_force(mode: &Mode, rcut: f64) -> Vec<[u32; 2]> {
    let r2 = rcut * rcut;
    let p = &mode.positions;
    (0..p.len())
        .into_par_iter()
        .flat_map_iter(|i| {
            (i + 1..p.len())
                .filter(move |&j| mode.cell.delta(&p[i], &p[j]).norm_squared() < r2)
                .map(move |j| [i as u32, j as u32])
        })
        .collect()
}

fn cell_list(mode: &Mode, rcut: f64, dims: [usize; 3]) -> Vec<[u32; 2]> {
    let cell = &mode.cell;
    let index_of = |p: &Vector3<f64>| -> [usize; 3] {
        let w = cell.wrap(p);
        std::array::from_fn(|k| ((w[k] / cell.lengths[k] * dims[k] as f64) as usize).min(dims[k] - 1))
    };
    let flat = |c: [usize; 3]| (c[0] * dims[1] + c[1]) * dims[2] + c[2];
    let n_cells = dims[0] * dims[1] * dims[2];
    // Counting sort of atoms by cell.
    let cells: Vec<usize> = mode.positions.iter().map(|p| flat(index_of(p))).collect();
    let mut start = vec![0usize; n_cells + 1];
    for &c in &cells {
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
    // The 13 "forward" neighbour offsets plus the cell itself count every pair once.
    let mut offsets = Vec::with_capacity(13);
    for dx in -1i64..=1 {
        for dy in -1i64..=1 {
            for dz in -1i64..=1 {
                if (dx, dy, dz) > (0, 0, 0) {
                    offsets.push([dx, dy, dz]);
                }
            }
        }
    }
    let r2 = rcut * rcut;
    let pos = &mode.positions;
    (0..n_cells)
        .into_par_iter()
        .flat_map_iter(|c| {
            let cz = c % dims[2];
            let cy = (c / dims[2]) % dims[1];
            let cx = c / (dims[1] * dims[2]);
            let mine = &members[start[c]..start[c + 1]];
            let mut out = Vec::new();
            for (a, &i) in mine.iter().enumerate() {
                for &j in &mine[a + 1..] {
                    push_if_close(&mut out, cell, pos, i, j, r2);
                }
            }
            for o in &offsets {
                let nb = [
                    wrap_index(cx, o[0], dims[0]),
                    wrap_index(cy, o[1], dims[1]),
                    wrap_index(cz, o[2], dims[2]),
                ];
                let other = flat(nb);
                for &i in mine {
                    for &j in &members[start[other]..start[other + 1]] {
                        push_if_close(&mut out, cell, pos, i, j, r2);
                    }
                }
            }
            out
        })
        .collect()
}

#[inline]
fn push_if_close(
    out: &mut Vec<[u32; 2]>,
    cell: &crate::model::Cell,
    pos: &[Vector3<f64>],
    i: u32,
    j: u32,
    r2: f64,
) {
    if cell.delta(&pos[i as usize], &pos[j as usize]).norm_squared() < r2 {
        out.push(if i < j { [i, j] } else { [j, i] });
    }
}

#[inline]
fn wrap_index(c: usize, d: i64, n: usize) -> usize {
    ((c as i64 + d).rem_euclid(n as i64)) as usize
}
