//! The pure scene builder of the 3D view: which atoms are drawn, where, how big and in
//! which colour; the arrows; the overlay geometry (centre, core sphere, fit shell,
//! principal axes of P, periodic box). Coordinates are x_i, the minimum-image vectors from
//! the mode centre (`core.x`), so the mode is never cut by the box. Every number comes
//! from the `Analysis`; this file only arranges them.

use nalgebra::Vector3;
use serde::{Deserialize, Serialize};

use super::colormap;
use crate::analysis::{per_atom, Analysis};

/// What the atoms are coloured by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ColorBy {
    Species,
    /// |e_i| with viridis.
    Amplitude,
    /// |e_r,i| with viridis.
    Random,
    /// The radial share of e_i (0 to 1) with viridis.
    Radial,
}

/// Which per-atom vector is drawn as arrows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ArrowField {
    None,
    Eigenvector,
    Dipole,
    Random,
}

/// The normal of the slab of atoms kept around the centre: a box axis or a principal
/// axis of P (a slab across P11's axis shows the expansion side by side with the centre).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SlabNormal {
    Off,
    X,
    Y,
    Z,
    P11,
    P22,
    P33,
}

impl SlabNormal {
    pub const ALL: [SlabNormal; 7] = [
        SlabNormal::Off,
        SlabNormal::X,
        SlabNormal::Y,
        SlabNormal::Z,
        SlabNormal::P11,
        SlabNormal::P22,
        SlabNormal::P33,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SlabNormal::Off => "off",
            SlabNormal::X => "x",
            SlabNormal::Y => "y",
            SlabNormal::Z => "z",
            SlabNormal::P11 => "P11 axis",
            SlabNormal::P22 => "P22 axis",
            SlabNormal::P33 => "P33 axis",
        }
    }

    /// Whether the normal is a principal axis of P (it moves with the dipole fit).
    pub fn uses_dipole(self) -> bool {
        matches!(self, SlabNormal::P11 | SlabNormal::P22 | SlabNormal::P33)
    }

    /// The unit normal for `a`; None when off, or for a principal axis without a fit.
    pub fn normal(self, a: &Analysis) -> Option<Vector3<f64>> {
        let principal = |k: usize| a.dipole.as_ref().map(|f| f.principal.axes[k]);
        match self {
            SlabNormal::Off => None,
            SlabNormal::X => Some(Vector3::x()),
            SlabNormal::Y => Some(Vector3::y()),
            SlabNormal::Z => Some(Vector3::z()),
            SlabNormal::P11 => principal(0),
            SlabNormal::P22 => principal(1),
            SlabNormal::P33 => principal(2),
        }
    }
}

/// The view's own settings (not analysis settings).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ViewSettings {
    pub color_by: ColorBy,
    pub arrows: ArrowField,
    /// Arrow length is `arrow_scale` times the vector (A in M^1/2 a0).
    pub arrow_scale: f32,
    /// Arrows only where |v_i| >= arrow_min * max |v|.
    pub arrow_min: f32,
    /// Atoms with |e_i| < hide_below * max |e| are not drawn.
    pub hide_below: f32,
    /// Atoms with r_i > clip_radius are not drawn (0: no clip).
    pub clip_radius: f32,
    /// Only atoms with |x_i . n| <= slab_width / 2 are drawn (n from `slab`).
    pub slab: SlabNormal,
    pub slab_width: f32,
    pub atom_scale: f32,
    pub show_centre: bool,
    pub show_core: bool,
    pub show_shell: bool,
    pub show_axes: bool,
    pub show_box: bool,
}

impl Default for ViewSettings {
    fn default() -> Self {
        Self {
            color_by: ColorBy::Amplitude,
            arrows: ArrowField::Eigenvector,
            arrow_scale: 15.0,
            arrow_min: 0.15,
            hide_below: 0.2,
            clip_radius: 0.0,
            slab: SlabNormal::Off,
            slab_width: 4.0,
            atom_scale: 0.8,
            show_centre: true,
            show_core: true,
            show_shell: true,
            show_axes: true,
            show_box: true,
        }
    }
}

/// One sphere: centre, radius, sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Atom {
    pub centre: [f32; 3],
    pub radius: f32,
    pub color: [f32; 3],
}

/// One end of a line segment (segments are consecutive pairs).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LineVertex {
    pub pos: [f32; 3],
    pub color: [f32; 3],
}

/// The colour scale shown beside the view.
#[derive(Clone, Debug, PartialEq)]
pub struct ColorBar {
    pub label: &'static str,
    pub min: f64,
    pub max: f64,
}

#[derive(Clone, Debug, Default)]
pub struct Scene {
    pub atoms: Vec<Atom>,
    /// The atom index (in the mode) of each drawn sphere.
    pub index: Vec<u32>,
    pub lines: Vec<LineVertex>,
    /// The mode vector e_i of each sphere: the animation draws it at centre + A e_i.
    pub shifts: Vec<[f32; 3]>,
    /// The same for each line vertex (arrows move with their atom; overlays, missing
    /// at the end, stay).
    pub line_shifts: Vec<[f32; 3]>,
    /// Radius of a sphere about the origin holding everything drawn.
    pub radius: f32,
    pub color_bar: Option<ColorBar>,
}

pub const CORE_COLOR: [f32; 3] = [0.95, 0.85, 0.20];
pub const SHELL_COLOR: [f32; 3] = [0.30, 0.85, 0.95];
pub const ARROW_COLOR: [f32; 3] = [0.95, 0.95, 0.95];
pub const BOX_COLOR: [f32; 3] = [0.55, 0.55, 0.55];

fn v3(v: &Vector3<f64>) -> [f32; 3] {
    [v.x as f32, v.y as f32, v.z as f32]
}

/// The drawing diameter of each species of `potential` (index = species).
pub fn diameters(potential: &crate::potential::Potential) -> Vec<f64> {
    (0..potential.species().len().max(1))
        .map(|s| potential.diameter(s as u8))
        .collect()
}

/// Builds the scene. `diameters[s]` is the drawing size of species s; `r_c` the core radius.
pub fn build(a: &Analysis, diameters: &[f64], r_c: f64, v: &ViewSettings) -> Scene {
    let mut scene = build_atoms(a, diameters, v);
    scene.lines.extend(overlay_lines(a, r_c, v));
    scene
}

/// What `build_atoms` reads of an analysis besides the view settings: the first stage
/// (mode, centre, x_i, by address) and, only where the colours, arrows or slab use it, the
/// dipole tensor. The window rebuilds the atoms (the big part of a scene) only when this
/// changes, so r_s, d_fit and r_c sliders redo the overlays alone.
pub fn atoms_key(a: &Analysis, v: &ViewSettings) -> (usize, usize, Option<[u64; 9]>) {
    let uses_dipole = v.color_by == ColorBy::Random
        || matches!(v.arrows, ArrowField::Dipole | ArrowField::Random)
        || v.slab.uses_dipole();
    let dipole = uses_dipole.then(|| {
        a.dipole
            .as_ref()
            .map_or([u64::MAX; 9], |f| std::array::from_fn(|k| f.p[k].to_bits()))
    });
    (
        std::sync::Arc::as_ptr(&a.core) as usize,
        std::sync::Arc::as_ptr(&a.mode) as usize,
        dipole,
    )
}

/// The atoms, their arrows and the colour bar (no overlays); `radius` covers the box too.
pub fn build_atoms(a: &Analysis, diameters: &[f64], v: &ViewSettings) -> Scene {
    let amp = per_atom::amplitudes(a);
    let max_amp = amp.iter().copied().fold(0.0, f64::max);
    let (values, bar) = match v.color_by {
        ColorBy::Species => (None, None),
        ColorBy::Amplitude => (Some(amp.clone()), Some(("|e_i|", 0.0, max_amp))),
        ColorBy::Random => {
            let r = per_atom::random_amplitudes(a);
            let m = r.iter().copied().fold(0.0, f64::max);
            (Some(r), Some(("|e_r,i|", 0.0, m)))
        }
        ColorBy::Radial => (
            Some(per_atom::radial_shares(a)),
            Some(("radial share of e_i", 0.0, 1.0)),
        ),
    };
    let x = &a.core.x;
    let mut scene = Scene {
        color_bar: bar.map(|(label, min, max)| ColorBar { label, min, max }),
        ..Scene::default()
    };
    let mut radius: f64 = 0.0;
    let slab = v.slab.normal(a);
    let half_slab = 0.5 * f64::from(v.slab_width);
    for i in 0..x.len() {
        if amp[i] < f64::from(v.hide_below) * max_amp
            || (v.clip_radius > 0.0 && a.core.r[i] > f64::from(v.clip_radius))
            || slab.is_some_and(|n| x[i].dot(&n).abs() > half_slab)
        {
            continue;
        }
        let s = a.mode.species[i];
        let color = match (&values, &scene.color_bar) {
            (Some(vals), Some(b)) if b.max > b.min => {
                colormap::viridis(((vals[i] - b.min) / (b.max - b.min)) as f32)
            }
            (Some(_), _) => colormap::viridis(0.0),
            _ => colormap::species(s),
        };
        let d = diameters.get(usize::from(s)).copied().unwrap_or(1.0);
        scene.atoms.push(Atom {
            centre: v3(&x[i]),
            radius: (0.5 * d) as f32 * v.atom_scale,
            color,
        });
        scene.index.push(i as u32);
        scene.shifts.push(v3(&a.mode.e[i]));
        radius = radius.max(a.core.r[i] + d);
    }
    arrows(&mut scene, a, v);
    if v.show_box {
        radius = radius.max(0.5 * Vector3::from(a.mode.cell.lengths).norm());
    }
    scene.radius = radius.max(1.0) as f32;
    scene
}

fn arrows(scene: &mut Scene, a: &Analysis, v: &ViewSettings) {
    let field: Vec<Vector3<f64>> = match v.arrows {
        ArrowField::None => return,
        ArrowField::Eigenvector => a.mode.e.clone(),
        ArrowField::Dipole if a.dipole.is_none() => return,
        ArrowField::Dipole => (0..a.mode.n_atoms()).map(|i| a.field_at(i)).collect(),
        ArrowField::Random => (0..a.mode.n_atoms()).map(|i| a.random_part(i)).collect(),
    };
    let norms = per_atom::norms(&field);
    let max = norms.iter().copied().fold(0.0, f64::max);
    let scale = f64::from(v.arrow_scale);
    for &i in &scene.index {
        let i = i as usize;
        if max <= 0.0 || norms[i] < f64::from(v.arrow_min) * max {
            continue;
        }
        let from = a.core.x[i];
        push_arrow(
            &mut scene.lines,
            &from,
            &(from + scale * field[i]),
            ARROW_COLOR,
        );
        let e = v3(&a.mode.e[i]);
        scene.line_shifts.resize(scene.lines.len(), e);
    }
}

/// The overlays: centre, core sphere r_c, fit shell, principal axes of P, periodic box.
pub fn overlay_lines(a: &Analysis, r_c: f64, v: &ViewSettings) -> Vec<LineVertex> {
    let mut out = Vec::new();
    let lines = &mut out;
    if v.show_centre {
        for axis in [Vector3::x(), Vector3::y(), Vector3::z()] {
            push_line(lines, &(-0.6 * axis), &(0.6 * axis), CORE_COLOR);
        }
    }
    if v.show_core {
        push_wire_sphere(lines, r_c, CORE_COLOR);
    }
    if v.show_shell {
        let s = &a.settings;
        push_wire_sphere(lines, s.r_s, SHELL_COLOR);
        push_wire_sphere(lines, s.r_s + s.d_fit, SHELL_COLOR);
    }
    if v.show_axes {
        if let Some(fit) = &a.dipole {
            let p = &fit.principal;
            let pmax = p.values.iter().fold(0.0f64, |m, x| m.max(x.abs()));
            if pmax > 0.0 {
                for (value, axis) in p.values.iter().zip(&p.axes) {
                    let len = a.settings.r_s.max(2.0) * value.abs() / pmax;
                    push_double_arrow(lines, axis, len, *value >= 0.0, colormap::sign(*value));
                }
            }
        }
    }
    if v.show_box {
        push_box(lines, a.mode.cell.lengths, BOX_COLOR);
    }
    out
}

pub fn push_line(lines: &mut Vec<LineVertex>, a: &Vector3<f64>, b: &Vector3<f64>, color: [f32; 3]) {
    lines.push(LineVertex { pos: v3(a), color });
    lines.push(LineVertex { pos: v3(b), color });
}

/// Segments per great circle of a wire sphere.
pub const CIRCLE_SEGMENTS: usize = 72;

/// Three great circles (in the xy, yz and zx planes) of radius `r` about the origin.
pub fn push_wire_sphere(lines: &mut Vec<LineVertex>, r: f64, color: [f32; 3]) {
    let axes = [
        (Vector3::x(), Vector3::y()),
        (Vector3::y(), Vector3::z()),
        (Vector3::z(), Vector3::x()),
    ];
    for (u, w) in axes {
        let at = |k: usize| {
            let t = std::f64::consts::TAU * k as f64 / CIRCLE_SEGMENTS as f64;
            r * (t.cos() * u + t.sin() * w)
        };
        for k in 0..CIRCLE_SEGMENTS {
            push_line(lines, &at(k), &at(k + 1), color);
        }
    }
}

/// A shaft from `from` to `to` with a four-line head at `to`.
pub fn push_arrow(
    lines: &mut Vec<LineVertex>,
    from: &Vector3<f64>,
    to: &Vector3<f64>,
    color: [f32; 3],
) {
    push_line(lines, from, to, color);
    let d = to - from;
    let len = d.norm();
    if len <= 0.0 {
        return;
    }
    let dir = d / len;
    let helper = if dir.x.abs() < 0.9 {
        Vector3::x()
    } else {
        Vector3::y()
    };
    let p = dir.cross(&helper).normalize();
    let q = dir.cross(&p);
    let head = 0.25 * len;
    for side in [p, -p, q, -q] {
        push_line(lines, to, &(to - head * dir + 0.4 * head * side), color);
    }
}

/// A double arrow along ±`axis` of half-length `len`: heads outward for expansion,
/// inward (towards the centre) for contraction.
pub fn push_double_arrow(
    lines: &mut Vec<LineVertex>,
    axis: &Vector3<f64>,
    len: f64,
    outward: bool,
    color: [f32; 3],
) {
    for s in [1.0, -1.0] {
        let tip = s * len * axis;
        if outward {
            push_arrow(lines, &Vector3::zeros(), &tip, color);
        } else {
            push_arrow(lines, &tip, &(0.15 * tip), color);
            push_line(lines, &(0.15 * tip), &Vector3::zeros(), color);
        }
    }
}

/// The 12 edges of the periodic box, centred on the mode centre (the minimum-image cell).
pub fn push_box(lines: &mut Vec<LineVertex>, l: [f64; 3], color: [f32; 3]) {
    let h = Vector3::from(l) / 2.0;
    let corner = |m: usize| {
        Vector3::new(
            if m & 1 == 0 { -h.x } else { h.x },
            if m & 2 == 0 { -h.y } else { h.y },
            if m & 4 == 0 { -h.z } else { h.z },
        )
    };
    for m in 0..8 {
        for bit in [1, 2, 4] {
            if m & bit == 0 {
                push_line(lines, &corner(m), &corner(m | bit), color);
            }
        }
    }
}

impl Scene {
    /// The sphere centres at mode amplitude A: centre + A e_i (what the shader draws).
    pub fn displaced(&self, amplitude: f32) -> Vec<[f32; 3]> {
        self.atoms
            .iter()
            .enumerate()
            .map(|(k, atom)| {
                let e = self.shifts.get(k).copied().unwrap_or([0.0; 3]);
                [0, 1, 2].map(|d| atom.centre[d] + amplitude * e[d])
            })
            .collect()
    }

    /// This scene with `extra` spheres appended (they do not move with the animation).
    pub fn with_extra(&self, extra: &[Atom]) -> Scene {
        let mut s = self.clone();
        s.atoms.extend_from_slice(extra);
        s
    }

    /// The atom (mode index) whose sphere the ray hits first, if any.
    pub fn pick(&self, origin: Vector3<f32>, dir: Vector3<f32>) -> Option<usize> {
        let mut best: Option<(f32, usize)> = None;
        for (atom, &i) in self.atoms.iter().zip(&self.index) {
            let oc = Vector3::from(atom.centre) - origin;
            let t = oc.dot(&dir);
            let d2 = oc.norm_squared() - t * t;
            let r2 = atom.radius * atom.radius;
            if d2 > r2 {
                continue;
            }
            let hit = t - (r2 - d2).sqrt();
            if hit > 0.0 && best.is_none_or(|(b, _)| hit < b) {
                best = Some((hit, i as usize));
            }
        }
        best.map(|(_, i)| i)
    }
}

/// The relaxed core of `creation` grid point `k` as spheres: atom i of the core at
/// x_i + (relaxed shift of i), in `color`, sized like the scene's atoms. Empty when the
/// result does not fit the analysis (another mode) or k is off the grid.
pub fn relaxed_core(
    a: &Analysis,
    creation: &crate::analysis::creation::CreationResult,
    k: usize,
    diameters: &[f64],
    atom_scale: f32,
    color: [f32; 3],
) -> Vec<Atom> {
    let Some(shifts) = creation.relaxed_shift.get(k) else {
        return Vec::new();
    };
    creation
        .core
        .iter()
        .zip(shifts)
        .filter_map(|(&i, u)| {
            let x = a.core.x.get(i)?;
            let s = a.mode.species.get(i)?;
            let d = diameters.get(usize::from(*s)).copied().unwrap_or(1.0);
            Some(Atom {
                centre: v3(&(x + u)),
                radius: (0.5 * d) as f32 * atom_scale,
                color,
            })
        })
        .collect()
}
