//! Mapping of the species labels found in files (S/L, A/B, 1/2, element symbols) to the
//! potential's species indices.

use crate::error::{Error, Result};

/// Label -> species-name overrides (`--types 1=S,2=L`), on top of the built-in aliases:
/// a potential's own names (element names match by name), S and L for the two species
/// of a binary potential, then A, B, .. and 1, 2, .. in the potential's order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TypeMap {
    pairs: Vec<(String, String)>,
}

impl TypeMap {
    /// Parses "LABEL=SPECIES,LABEL=SPECIES".
    pub fn parse(text: &str) -> Result<Self> {
        let mut pairs = Vec::new();
        for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (label, name) = item.split_once('=').ok_or_else(|| {
                Error::Setting(format!("--types entry '{item}' is not LABEL=SPECIES"))
            })?;
            pairs.push((label.trim().to_owned(), name.trim().to_owned()));
        }
        Ok(Self { pairs })
    }

    /// The species index of `label` among `species`, or None if nothing maps it.
    pub fn resolve(&self, label: &str, species: &[&str]) -> Option<u8> {
        let by_name = |name: &str| species.iter().position(|s| *s == name);
        let index = if let Some((_, name)) = self.pairs.iter().find(|(l, _)| l == label) {
            by_name(name)
        } else if let Some(i) = by_name(label) {
            Some(i)
        } else if let Some(i) = small_large(label, species) {
            Some(i)
        } else if label.len() == 1 && label.as_bytes()[0].is_ascii_uppercase() {
            Some(usize::from(label.as_bytes()[0] - b'A')).filter(|i| *i < species.len())
        } else {
            label
                .parse::<usize>()
                .ok()
                .filter(|k| (1..=species.len()).contains(k))
                .map(|k| k - 1)
        };
        index.and_then(|i| u8::try_from(i).ok())
    }
}

/// S and L (3DIPL's small and large) as the first and second of any other two-species
/// potential, so that a 3DIPL-labelled glass opens with it.
fn small_large(label: &str, species: &[&str]) -> Option<usize> {
    let named_sl = species.iter().any(|s| *s == "S" || *s == "L");
    if species.len() != 2 || named_sl {
        return None;
    }
    match label {
        "S" => Some(0),
        "L" => Some(1),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_and_overrides() {
        let sp = ["S", "L"];
        let m = TypeMap::default();
        assert_eq!(m.resolve("S", &sp), Some(0));
        assert_eq!(m.resolve("L", &sp), Some(1));
        assert_eq!(m.resolve("A", &sp), Some(0));
        assert_eq!(m.resolve("B", &sp), Some(1));
        assert_eq!(m.resolve("1", &sp), Some(0));
        assert_eq!(m.resolve("2", &sp), Some(1));
        assert_eq!(m.resolve("3", &sp), None);
        assert_eq!(m.resolve("C", &sp), None);
        assert_eq!(m.resolve("Cu", &sp), None);
        let m = TypeMap::parse("Cu=S, Zr=L,1=L").expect("valid");
        assert_eq!(m.resolve("Cu", &sp), Some(0));
        assert_eq!(m.resolve("Zr", &sp), Some(1));
        assert_eq!(m.resolve("1", &sp), Some(1));
        assert!(TypeMap::parse("Cu").is_err());
    }

    /// A/B, 1/2 and S/L are species 0/1 of any binary potential, in that order; element
    /// names go by name, whatever their order.
    #[test]
    fn binary_aliases_and_element_names() {
        let m = TypeMap::default();
        for sp in [["A", "B"], ["Cu", "Zr"], ["Zr", "Cu"], ["S", "L"]] {
            for (labels, want) in [
                (["A", "B"], [0, 1]),
                (["1", "2"], [0, 1]),
                (["S", "L"], [0, 1]),
            ] {
                let got = labels.map(|l| m.resolve(l, &sp));
                assert_eq!(got, want.map(Some), "{labels:?} against {sp:?}");
            }
        }
        assert_eq!(m.resolve("Cu", &["Cu", "Zr"]), Some(0));
        assert_eq!(m.resolve("Zr", &["Cu", "Zr"]), Some(1));
        assert_eq!(m.resolve("Cu", &["Zr", "Cu"]), Some(1));
        assert_eq!(m.resolve("Al", &["Cu", "Zr"]), None);
        // S/L are no aliases for one or three species.
        assert_eq!(m.resolve("L", &["A"]), None);
        assert_eq!(m.resolve("S", &["A", "B", "C"]), None);
        assert_eq!(m.resolve("L", &["A", "B", "C"]), None);
    }

    #[test]
    fn small_large_map_onto_any_two_species() {
        let m = TypeMap::default();
        for sp in [["1", "2"], ["Cu", "Zr"]] {
            assert_eq!(m.resolve("S", &sp), Some(0));
            assert_eq!(m.resolve("L", &sp), Some(1));
            assert_eq!(m.resolve("A", &sp), Some(0));
            assert_eq!(m.resolve("2", &sp), Some(1));
        }
        // only for two species, and never against a potential's own S or L
        assert_eq!(m.resolve("L", &["1", "2", "3"]), None);
        assert_eq!(m.resolve("L", &["S", "Zn"]), None);
        assert_eq!(m.resolve("S", &["Zn", "S"]), Some(1));
        // an explicit mapping wins
        let m = TypeMap::parse("S=2").expect("valid");
        assert_eq!(m.resolve("S", &["1", "2"]), Some(1));
    }
}
