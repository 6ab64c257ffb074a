//! Where a vector property is among a file's scalar columns. LAMMPS, OVITO and ASE split
//! a vector `mode` into three columns named in several ways: `mode[1]` (LAMMPS
//! `compute`/`fix` arrays, also behind the prefixes `c_`, `f_`, `v_`, `d_`, `i_`),
//! `mode1` (OVITO's LAMMPS dump), `mode.1`, `mode.X` (OVITO's component names), `modex`
//! and `mode_x` (scripts, ASE). Every such triple is found; more than one is ambiguous.

/// The LAMMPS prefixes of per-atom quantities: compute, fix, variable, custom properties.
const PREFIXES: [&str; 6] = ["", "c_", "f_", "v_", "d_", "i_"];

/// The component suffixes of one naming, x, y, z in that order.
const SUFFIXES: [[&str; 3]; 12] = [
    ["[1]", "[2]", "[3]"],
    ["1", "2", "3"],
    [".1", ".2", ".3"],
    ["_1", "_2", "_3"],
    ["x", "y", "z"],
    ["X", "Y", "Z"],
    [".x", ".y", ".z"],
    [".X", ".Y", ".Z"],
    ["_x", "_y", "_z"],
    ["_X", "_Y", "_Z"],
    ["[x]", "[y]", "[z]"],
    ["[X]", "[Y]", "[Z]"],
];

/// The column triples (indices into `cols`) that can hold the vector `name`.
///
/// If `name` is itself the first column of a triple (`--vector 'c_mode[1]'`), that triple
/// alone: so a user can pick one of several candidates. Otherwise every triple
/// `PREFIX name SUFFIX` present; an empty list if none.
pub(crate) fn vector_triples(cols: &[&str], name: &str) -> Vec<[usize; 3]> {
    if name.is_empty() {
        return Vec::new();
    }
    let find = |want: &str| cols.iter().position(|c| *c == want);
    let triple = |stem: &str, suffix: &[&str; 3]| -> Option<[usize; 3]> {
        let [a, b, c] = suffix.map(|s| find(&format!("{stem}{s}")));
        Some([a?, b?, c?])
    };
    let named_first = SUFFIXES.iter().find_map(|suffix| {
        let stem = name.strip_suffix(suffix[0])?;
        find(name)?;
        triple(stem, suffix)
    });
    if let Some(t) = named_first {
        return vec![t];
    }
    PREFIXES
        .iter()
        .flat_map(|p| SUFFIXES.iter().map(move |s| (p, s)))
        .filter_map(|(prefix, suffix)| triple(&format!("{prefix}{name}"), suffix))
        .collect()
}

/// The columns of a triple, as listed in messages: `mode1 mode2 mode3`.
pub(crate) fn triple_names(cols: &[&str], t: [usize; 3]) -> String {
    t.map(|k| cols[k]).join(" ")
}

/// The message for a vector name that several column sets match: each candidate listed,
/// and how to choose one.
pub(crate) fn ambiguous(name: &str, candidates: &[String]) -> String {
    format!(
        "the eigenvector '{name}' is ambiguous: {} columns match ({}); choose one with \
         --vector and its first column, e.g. --vector '{}'",
        candidates.len(),
        candidates.join("; "),
        candidates
            .last()
            .and_then(|c| c.split(' ').next())
            .unwrap_or(name)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(cols: &str, name: &str) -> Vec<String> {
        let cols: Vec<&str> = cols.split(' ').collect();
        vector_triples(&cols, name)
            .into_iter()
            .map(|t| triple_names(&cols, t))
            .collect()
    }

    #[test]
    fn every_client_naming_is_found() {
        for (cols, want) in [
            (
                "id type x y z mode[1] mode[2] mode[3]",
                "mode[1] mode[2] mode[3]",
            ),
            (
                "id type x y z c_mode[1] c_mode[2] c_mode[3]",
                "c_mode[1] c_mode[2] c_mode[3]",
            ),
            ("id type x y z mode1 mode2 mode3", "mode1 mode2 mode3"),
            ("mode.1 mode.2 mode.3 id type x y z", "mode.1 mode.2 mode.3"),
            ("id mode.X type mode.Y x y z mode.Z", "mode.X mode.Y mode.Z"),
            ("id type x y z modex modey modez", "modex modey modez"),
            ("id type x y z mode_x mode_y mode_z", "mode_x mode_y mode_z"),
        ] {
            assert_eq!(names(cols, "mode"), [want], "{cols}");
        }
    }

    #[test]
    fn incomplete_or_foreign_triples_are_not_found() {
        assert!(names("id type x y z mode1 mode2", "mode").is_empty());
        assert!(names("id type x y z mode1 mode_y mode.Z", "mode").is_empty());
        assert!(names("id type x y z modes1 modes2 modes3", "mode").is_empty());
        assert!(names("id type x y z mode1 mode2 mode3", "").is_empty());
        // "v" selects the velocities, not the positions.
        assert_eq!(names("id type x y z vx vy vz", "v"), ["vx vy vz"]);
    }

    #[test]
    fn several_triples_are_all_candidates_and_the_first_column_picks_one() {
        let cols = "id type x y z mode[1] mode[2] mode[3] c_mode[1] c_mode[2] c_mode[3]";
        assert_eq!(
            names(cols, "mode"),
            ["mode[1] mode[2] mode[3]", "c_mode[1] c_mode[2] c_mode[3]"]
        );
        assert_eq!(names(cols, "mode[1]"), ["mode[1] mode[2] mode[3]"]);
        assert_eq!(names(cols, "c_mode[1]"), ["c_mode[1] c_mode[2] c_mode[3]"]);
        assert_eq!(names(cols, "c_mode"), ["c_mode[1] c_mode[2] c_mode[3]"]);
        let msg = ambiguous("mode", &names(cols, "mode"));
        assert!(msg.contains("mode[1] mode[2] mode[3]; c_mode[1]"), "{msg}");
        assert!(msg.contains("--vector 'c_mode[1]'"), "{msg}");
    }
}
