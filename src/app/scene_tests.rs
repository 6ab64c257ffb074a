//! Unit tests of the scene builder on mode 0 of the 2,000-atom test glass.

use std::sync::{Arc, OnceLock};

use nalgebra::Vector3;

use super::scene::{
    self, ArrowField, ColorBy, SlabNormal, ViewSettings, CIRCLE_SEGMENTS, SHELL_COLOR,
};
use crate::analysis::{Analysis, Analyzer, Settings};
use crate::potential::Potential;

fn analysis() -> &'static Analysis {
    static A: OnceLock<Analysis> = OnceLock::new();
    A.get_or_init(|| {
        let mode = crate::example::test_glass(0);
        Analyzer::new(mode, Arc::new(Potential::ipl3d()))
            .run(&Settings::default())
            .expect("analysis")
    })
}

const DIAM: [f64; 2] = [1.0, 1.4];

fn bare() -> ViewSettings {
    ViewSettings {
        arrows: ArrowField::None,
        hide_below: 0.0,
        show_centre: false,
        show_core: false,
        show_shell: false,
        show_axes: false,
        show_box: false,
        ..ViewSettings::default()
    }
}

#[test]
fn every_atom_unwrapped_around_the_centre() {
    let a = analysis();
    let s = scene::build(a, &DIAM, 2.0, &bare());
    assert_eq!(s.atoms.len(), a.mode.n_atoms());
    assert!(s.lines.is_empty());
    let half = a.mode.cell.half_min_length() as f32 * 3f32.sqrt() + 1e-3;
    for (atom, &i) in s.atoms.iter().zip(&s.index) {
        let x = Vector3::from(atom.centre);
        assert!((x.norm() - a.core.r[i as usize] as f32).abs() < 1e-3);
        assert!(x.norm() <= half);
        let expect = 0.5 * DIAM[usize::from(a.mode.species[i as usize])] as f32 * bare().atom_scale;
        assert!((atom.radius - expect).abs() < 1e-6);
    }
}

#[test]
fn thresholds_hide_atoms_and_arrows() {
    let a = analysis();
    let max = a.mode.e.iter().map(|e| e.norm()).fold(0.0, f64::max);
    let v = ViewSettings {
        hide_below: 0.2,
        ..bare()
    };
    let s = scene::build(a, &DIAM, 2.0, &v);
    let expect = a.mode.e.iter().filter(|e| e.norm() >= 0.2 * max).count();
    assert_eq!(s.atoms.len(), expect);
    assert!(expect > 0 && expect < a.mode.n_atoms());

    let v = ViewSettings {
        clip_radius: 4.0,
        ..bare()
    };
    let s = scene::build(a, &DIAM, 2.0, &v);
    assert_eq!(
        s.atoms.len(),
        a.core.r.iter().filter(|r| **r <= 4.0).count()
    );

    // a slab keeps exactly the atoms within half its width of the plane through the centre
    for (slab, width) in [(SlabNormal::Z, 3.0f32), (SlabNormal::P11, 2.5)] {
        let n = slab.normal(a).expect("normal");
        assert!((n.norm() - 1.0).abs() < 1e-12);
        let v = ViewSettings {
            slab,
            slab_width: width,
            ..bare()
        };
        let s = scene::build(a, &DIAM, 2.0, &v);
        let kept: std::collections::HashSet<u32> = s.index.iter().copied().collect();
        for (atom, i) in s.atoms.iter().zip(&s.index) {
            let c = Vector3::from(atom.centre).cast::<f64>();
            assert!(c.dot(&n).abs() <= 0.5 * f64::from(width) + 1e-5, "atom {i}");
        }
        for i in 0..a.mode.n_atoms() {
            if !kept.contains(&(i as u32)) {
                assert!(a.core.x[i].dot(&n).abs() > 0.5 * f64::from(width));
            }
        }
        // a z slab of 3 a0 in a glass of density 0.82 holds about 0.82 Lx Ly 3 atoms
        // (an oblique slab cuts the box in a larger area)
        let l = a.mode.cell.lengths;
        let expect = 0.82 * l[0] * l[1] * f64::from(width);
        assert!(
            slab != SlabNormal::Z || (s.atoms.len() as f64 - expect).abs() < 0.15 * expect,
            "{} atoms in the slab, about {expect:.0} expected",
            s.atoms.len()
        );
    }
    assert_eq!(SlabNormal::Off.normal(a), None);

    // arrows: 5 segments (shaft + 4 head lines) per atom above the threshold
    let v = ViewSettings {
        arrows: ArrowField::Eigenvector,
        arrow_min: 0.3,
        ..bare()
    };
    let s = scene::build(a, &DIAM, 2.0, &v);
    let n = a.mode.e.iter().filter(|e| e.norm() >= 0.3 * max).count();
    assert_eq!(s.lines.len(), 2 * 5 * n);
    // the largest arrow starts at an atom and has length arrow_scale * max |e|
    let longest = s
        .lines
        .chunks(10)
        .map(|c| (Vector3::from(c[1].pos) - Vector3::from(c[0].pos)).norm())
        .fold(0.0, f32::max);
    assert!((longest - v.arrow_scale * max as f32).abs() < 1e-3);
}

#[test]
fn wire_spheres_have_the_radii_of_the_settings() {
    let a = analysis();
    let v = ViewSettings {
        show_shell: true,
        ..bare()
    };
    let s = scene::build(a, &DIAM, 2.0, &v);
    assert_eq!(s.lines.len(), 2 * 2 * 3 * CIRCLE_SEGMENTS);
    let (r_in, r_out) = (
        a.settings.r_s as f32,
        (a.settings.r_s + a.settings.d_fit) as f32,
    );
    for p in &s.lines {
        assert_eq!(p.color, SHELL_COLOR);
        let r = Vector3::from(p.pos).norm();
        assert!((r - r_in).abs() < 1e-4 || (r - r_out).abs() < 1e-4, "{r}");
    }
    let v = ViewSettings {
        show_core: true,
        ..bare()
    };
    let s = scene::build(a, &DIAM, 3.25, &v);
    assert!(s
        .lines
        .iter()
        .all(|p| (Vector3::from(p.pos).norm() - 3.25).abs() < 1e-4));
}

#[test]
fn principal_axes_point_along_p_with_sign_colours() {
    let a = analysis();
    let fit = a.dipole.as_ref().expect("dipole");
    let v = ViewSettings {
        show_axes: true,
        ..bare()
    };
    let s = scene::build(a, &DIAM, 2.0, &v);
    assert!(!s.lines.is_empty());
    let pmax = fit
        .principal
        .values
        .iter()
        .fold(0.0f64, |m, x| m.max(x.abs()));
    for (value, axis) in fit.principal.values.iter().zip(&fit.principal.axes) {
        let len = (a.settings.r_s * value.abs() / pmax) as f32;
        let tip = axis.cast::<f32>() * len;
        let colour = super::colormap::sign(*value);
        let found = s
            .lines
            .iter()
            .any(|p| p.color == colour && (Vector3::from(p.pos) - tip).norm() < 1e-3);
        assert!(found, "no vertex at the tip of the axis with value {value}");
    }
}

#[test]
fn box_and_colour_bar() {
    let a = analysis();
    let v = ViewSettings {
        show_box: true,
        ..bare()
    };
    let s = scene::build(a, &DIAM, 2.0, &v);
    assert_eq!(s.lines.len(), 24);
    let h = a.mode.cell.lengths[0] as f32 / 2.0;
    assert!(s
        .lines
        .iter()
        .all(|p| (p.pos[0].abs() - h).abs() < 1e-3 || p.pos[0].abs() <= h));
    assert!(s.radius >= Vector3::from(a.mode.cell.lengths).norm() as f32 / 2.0 - 1e-3);
    let bar = s.color_bar.expect("bar for amplitude");
    assert_eq!(bar.min, 0.0);
    assert!((bar.max - a.mode.e.iter().map(|e| e.norm()).fold(0.0, f64::max)).abs() < 1e-12);
    let s = scene::build(
        a,
        &DIAM,
        2.0,
        &ViewSettings {
            color_by: ColorBy::Species,
            ..bare()
        },
    );
    assert!(s.color_bar.is_none());
    assert_eq!(
        s.atoms[0].color,
        super::colormap::species(a.mode.species[s.index[0] as usize])
    );
}

#[test]
fn picking_finds_the_front_atom() {
    let a = analysis();
    let s = scene::build(a, &DIAM, 2.0, &bare());
    let target = 17;
    let k = s
        .index
        .iter()
        .position(|&i| i == target)
        .expect("atom drawn");
    let c = Vector3::from(s.atoms[k].centre);
    // a ray from far outside straight through the atom's centre hits it or one in front
    let dir = Vector3::new(0.3, -0.5, 0.8).normalize();
    let origin = c - 100.0 * dir;
    let hit = s.pick(origin, dir).expect("hit");
    let hit_centre = Vector3::from(
        s.atoms[s
            .index
            .iter()
            .position(|&i| i as usize == hit)
            .expect("drawn")]
        .centre,
    );
    assert!((hit_centre - origin).dot(&dir) <= (c - origin).dot(&dir) + 1e-3);
    // a ray pointing away from everything misses
    assert!(s
        .pick(Vector3::new(0.0, 0.0, 500.0), Vector3::z())
        .is_none());
}

#[test]
fn animation_displaces_atoms_and_arrows_by_a_times_e() {
    let a = analysis();
    let v = ViewSettings {
        arrows: ArrowField::Eigenvector,
        show_box: true,
        ..bare()
    };
    let s = scene::build(a, &DIAM, 2.0, &v);
    assert_eq!(s.shifts.len(), s.atoms.len());
    let amp = 1.7_f32;
    let moved = s.displaced(amp);
    for ((p, atom), &i) in moved.iter().zip(&s.atoms).zip(&s.index) {
        let want = a.core.x[i as usize] + f64::from(amp) * a.mode.e[i as usize];
        for d in 0..3 {
            assert!((f64::from(p[d]) - want[d]).abs() < 1e-4, "atom {i}");
        }
        assert_ne!(*p, atom.centre);
    }
    assert_eq!(
        s.displaced(0.0),
        s.atoms.iter().map(|t| t.centre).collect::<Vec<_>>()
    );
    // arrows carry their atom's e_i; the box edges after them do not move
    assert!(!s.line_shifts.is_empty() && s.line_shifts.len() < s.lines.len());
    assert_eq!(s.lines.len() - s.line_shifts.len(), 24);
    assert!(s.line_shifts.iter().all(|e| e.iter().any(|c| *c != 0.0)));
    // an extra sphere (the relaxed core) is appended without a shift
    let extra = scene::Atom {
        centre: [1.0, 2.0, 3.0],
        radius: 0.5,
        color: [1.0, 0.0, 1.0],
    };
    let with = s.with_extra(&[extra]);
    assert_eq!(with.displaced(amp).last(), Some(&[1.0, 2.0, 3.0]));
}

#[test]
fn relaxed_core_sits_at_x_plus_the_relaxed_shift() {
    use crate::analysis::creation::{creation, CreationSettings};
    let a = analysis();
    let settings = CreationSettings {
        step: 1.0,
        ..CreationSettings::default()
    };
    let r =
        creation(&a.mode, &Potential::ipl3d(), &settings, &Default::default()).expect("creation");
    let k = r.a.len() - 1;
    let atoms = scene::relaxed_core(a, &r, k, &DIAM, 0.8, [1.0, 0.0, 1.0]);
    assert_eq!(atoms.len(), r.n_core);
    for ((atom, &i), u) in atoms.iter().zip(&r.core).zip(&r.relaxed_shift[k]) {
        let want = a.core.x[i] + u;
        for d in 0..3 {
            assert!((f64::from(atom.centre[d]) - want[d]).abs() < 1e-4);
        }
        assert_eq!(atom.color, [1.0, 0.0, 1.0]);
    }
    assert!(scene::relaxed_core(a, &r, r.a.len(), &DIAM, 0.8, [1.0; 3]).is_empty());
}

#[test]
fn atoms_are_rebuilt_exactly_when_what_they_show_changes() {
    let mode = crate::example::test_glass(0);
    let mut analyzer = Analyzer::new(mode, Arc::new(Potential::ipl3d()));
    let a = analyzer.run(&Settings::default()).expect("analysis");
    let b = analyzer
        .run(&Settings {
            r_s: 4.5,
            ..Settings::default()
        })
        .expect("analysis");
    let atoms = |a: &Analysis, v: &ViewSettings| scene::build_atoms(a, &DIAM, v).atoms;
    // |e_i| colours and e arrows: r_s changes nothing of the atoms, and the key says so
    let v = ViewSettings::default();
    assert_eq!(scene::atoms_key(&a, &v), scene::atoms_key(&b, &v));
    assert_eq!(atoms(&a, &v), atoms(&b, &v));
    // colours by the random part e_i - s_i depend on the fit: a new key and new colours
    let v = ViewSettings {
        color_by: ColorBy::Random,
        ..ViewSettings::default()
    };
    assert_ne!(scene::atoms_key(&a, &v), scene::atoms_key(&b, &v));
    assert_ne!(atoms(&a, &v), atoms(&b, &v));
    // the whole scene is the atoms plus the overlays
    let whole = scene::build(&a, &DIAM, 2.0, &ViewSettings::default());
    let parts = scene::build_atoms(&a, &DIAM, &ViewSettings::default());
    let overlays = scene::overlay_lines(&a, 2.0, &ViewSettings::default());
    assert_eq!(whole.lines.len(), parts.lines.len() + overlays.len());
    assert_eq!(whole.atoms, parts.atoms);
}

/// The default view shows the mode, not the glass, whatever the glass's size: few of the
/// atoms, but those that carry most of sum |e_i|^2 = 1, with their arrows, for the test
/// glass, the same glass tiled 2 x 2 x 2 (16,000 atoms) and the built-in example (8,000).
#[test]
fn the_default_view_shows_the_core_and_its_arrows_at_every_size() {
    let glass = crate::example::test_glass(0);
    let example = crate::example::example_mode().expect("example");
    for (name, mode) in [
        ("2k", glass.clone()),
        ("16k", glass.tiled([2, 2, 2])),
        ("example", example),
    ] {
        let a = Analyzer::new(mode, Arc::new(Potential::ipl3d()))
            .run(&Settings::default())
            .expect("analysis");
        let s = scene::build(&a, &DIAM, 2.0, &ViewSettings::default());
        let n = a.mode.n_atoms();
        let shown = s.index.len();
        let weight: f64 = s
            .index
            .iter()
            .map(|&i| a.mode.e[i as usize].norm_squared())
            .sum();
        assert!(shown * 10 < n, "{name}: {shown} of {n} atoms drawn");
        assert!(
            weight > 0.5,
            "{name}: the drawn atoms carry {weight} of the mode"
        );
        let arrows = s
            .lines
            .iter()
            .filter(|v| v.color == scene::ARROW_COLOR)
            .count();
        assert!(arrows >= 2 * 20, "{name}: {arrows} arrow vertices");
    }
}
