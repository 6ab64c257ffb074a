//! The 3D view in the central panel: the scene (rebuilt only when the analysis, r_c or
//! the view settings change), mouse orbit / zoom / pan, view buttons, atom picking, the
//! colour bar, and the paint callback that draws with `Renderer` in eframe's GL context.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use eframe::egui::{self, Color32, Pos2, Rect, Sense, Stroke, Vec2};
use eframe::{egui_glow, glow};
use nalgebra::Vector3;

use super::camera::OrbitCamera;
use super::colormap;
use super::renderer::{PixelRect, Renderer};
use super::scene::{self, Scene, ViewSettings};
use super::snapshot::Capture;
use super::state::Persisted;
use crate::analysis::core::Core;
use crate::analysis::{per_atom, Analysis, Potential, Settings};
use crate::model::Mode;

/// What the atoms were built from: `scene::atoms_key` and the view settings.
type AtomsKey = ((usize, usize, Option<[u64; 9]>), ViewSettings);
/// What the overlays were built from: the first stage (by address), the analysis
/// settings (they fix the dipole fit), r_c and the view settings.
type OverlayKey = (usize, Settings, u64, ViewSettings);

pub struct Viewport3d {
    renderer: Option<Arc<Mutex<Renderer>>>,
    /// Why there is no renderer (no GL context, shader error).
    pub renderer_error: Option<String>,
    /// The atoms and arrows (with the extra spheres): rebuilt and uploaded only when the
    /// mode or the view changes, not when r_s, d_fit or r_c move.
    scene: Arc<Scene>,
    atoms_key: Option<AtomsKey>,
    /// Bumped when `scene` changes (the renderer re-uploads the atoms).
    atoms_generation: u64,
    /// Centre, spheres, principal axes and box.
    overlays: Arc<Vec<scene::LineVertex>>,
    overlay_key: Option<OverlayKey>,
    /// The first stage and mode the keys name by address, held so that no other mode's
    /// can be allocated at the same address while the keys stand.
    named: Option<(Arc<Core>, Arc<Mode>)>,
    /// Bumped on any change of what is drawn.
    generation: u64,
    /// The scene generation the paint callback last drew.
    drawn: Arc<AtomicU64>,
    pub camera: OrbitCamera,
    /// The camera has been fitted to a scene (or restored).
    pub framed: bool,
    pub hovered: Option<usize>,
    pub selected: Option<usize>,
    /// The camera or the overlays changed this frame: draw the fast way, then once more
    /// exactly.
    moving: bool,
    /// The mode amplitude A drawn (atoms at x_i + A e_i; the animation sets it).
    pub amplitude: f32,
    /// The scene without `extra` atoms.
    base: Arc<Scene>,
    /// Spheres added to the scene (the relaxed core) and what they were made from.
    extra: (Option<(usize, usize)>, Vec<scene::Atom>),
    /// Off-screen renders waiting for the next paint (one per frame).
    pub captures: Vec<Capture>,
}

impl Viewport3d {
    pub fn new(gl: Option<Arc<glow::Context>>) -> Self {
        let (renderer, renderer_error) = match gl.map(Renderer::new) {
            Some(Ok(r)) => (Some(Arc::new(Mutex::new(r))), None),
            Some(Err(e)) => (None, Some(e)),
            None => (
                None,
                Some("no OpenGL context: the 3D view is off".to_owned()),
            ),
        };
        Self {
            renderer,
            renderer_error,
            scene: Arc::new(Scene::default()),
            atoms_key: None,
            atoms_generation: 0,
            overlays: Arc::new(Vec::new()),
            overlay_key: None,
            named: None,
            generation: 0,
            drawn: Arc::new(AtomicU64::new(0)),
            camera: OrbitCamera::default(),
            framed: false,
            hovered: None,
            selected: None,
            moving: false,
            amplitude: 0.0,
            base: Arc::new(Scene::default()),
            extra: (None, Vec::new()),
            captures: Vec::new(),
        }
    }

    /// Sets the extra spheres (made by `make` only when `key` changed; None: none).
    pub fn set_extra(
        &mut self,
        key: Option<(usize, usize)>,
        make: impl FnOnce() -> Vec<scene::Atom>,
    ) {
        if self.extra.0 == key {
            return;
        }
        self.extra = (key, if key.is_some() { make() } else { Vec::new() });
        self.compose();
    }

    /// The drawn scene: the built one plus the extra spheres.
    fn compose(&mut self) {
        self.scene = if self.extra.1.is_empty() {
            self.base.clone()
        } else {
            Arc::new(self.base.with_extra(&self.extra.1))
        };
        self.atoms_generation += 1;
        self.generation += 1;
    }

    pub fn scene(&self) -> &Scene {
        &self.scene
    }

    /// True when the current scene has been drawn (always true without a renderer).
    pub fn drawn_current(&self) -> bool {
        self.renderer.is_none()
            || (self.generation > 0 && self.drawn.load(Ordering::Acquire) == self.generation)
    }

    /// One step of the --bench-frames orbit.
    pub fn orbit_step(&mut self) {
        self.camera.orbit(0.03, 0.0);
        self.moving = true;
    }

    fn update_scene(&mut self, a: &Analysis, r_c: f64, v: &ViewSettings, potential: &Potential) {
        self.named = Some((a.core.clone(), a.mode.clone()));
        let atoms_key = (scene::atoms_key(a, v), v.clone());
        if self.atoms_key.as_ref() != Some(&atoms_key) {
            let diameters = scene::diameters(potential);
            self.base = Arc::new(scene::build_atoms(a, &diameters, v));
            self.atoms_key = Some(atoms_key);
            self.compose();
            if !self.framed {
                self.camera.reset(self.scene.radius * 0.8);
                self.framed = true;
            }
        }
        let overlay_key = (
            Arc::as_ptr(&a.core) as usize,
            a.settings.clone(),
            r_c.to_bits(),
            v.clone(),
        );
        if self.overlay_key.as_ref() != Some(&overlay_key) {
            self.overlays = Arc::new(scene::overlay_lines(a, r_c, v));
            self.overlay_key = Some(overlay_key);
            self.generation += 1;
            // A slider drag changes the overlays every frame: draw those frames the fast
            // way, as while the camera moves, and the last one exactly (at 16,000 atoms on
            // llvmpipe 17 -> 34 fps while r_s moves).
            self.moving = true;
        }
    }

    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        a: Option<&Analysis>,
        state: &mut Persisted,
        potential: &Potential,
    ) {
        let (rect, response) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
        if let Some(a) = a {
            self.update_scene(a, state.settings.fig1_r_c, &state.view, potential);
        }
        let before = self.camera;
        self.mouse(ui, &response, rect);
        self.moving |= self.camera != before;
        let aspect = rect.width() / rect.height().max(1.0);
        let radius = self.scene.radius;
        if let Some(renderer) = &self.renderer {
            let (renderer, scene, overlays, drawn) = (
                renderer.clone(),
                self.scene.clone(),
                self.overlays.clone(),
                self.drawn.clone(),
            );
            let (generation, atoms_generation) = (self.generation, self.atoms_generation);
            let view = self.camera.view();
            let projection = self.camera.projection(aspect, radius);
            let fast = std::mem::take(&mut self.moving);
            if fast {
                ui.ctx().request_repaint();
            }
            let amplitude = self.amplitude;
            let capture = self.next_capture(ui.ctx());
            let callback = egui_glow::CallbackFn::new(move |info, _painter| {
                let Ok(mut r) = renderer.lock() else { return };
                if r.atoms_generation != atoms_generation {
                    r.upload_atoms(&scene, atoms_generation);
                }
                if r.generation != generation {
                    r.upload_lines(&scene, &overlays, generation);
                }
                if let Some((c, view, projection)) = &capture {
                    let (size, pixels) =
                        r.render_image(c.size, view, projection, c.amplitude, c.transparent);
                    c.save(size, pixels);
                }
                let (v, c) = (info.viewport_in_pixels(), info.clip_rect_in_pixels());
                let px = |p: egui::epaint::ViewportInPixels| PixelRect {
                    left: p.left_px,
                    bottom: p.from_bottom_px,
                    width: p.width_px.max(0) as u32,
                    height: p.height_px.max(0) as u32,
                };
                r.paint(
                    info.screen_size_px,
                    super::renderer::PaintArea {
                        viewport: px(v),
                        clip: px(c),
                    },
                    &view,
                    &projection,
                    fast,
                    amplitude,
                );
                drawn.store(generation, Ordering::Release);
            });
            // clipped to the view's rect: the callback clears its clip rect, which must
            // not wipe widgets drawn beside the view (the toolbar above it)
            ui.painter().with_clip_rect(rect).add(egui::PaintCallback {
                rect,
                callback: Arc::new(callback),
            });
        } else {
            ui.painter()
                .rect_filled(rect, 0.0, Color32::from_rgb(20, 23, 28));
            if let Some(e) = &self.renderer_error {
                ui.painter().text(
                    rect.center(),
                    egui::Align2::CENTER_CENTER,
                    e,
                    egui::FontId::proportional(14.0),
                    Color32::GRAY,
                );
            }
        }
        self.overlay_ui(ui, rect, a, &potential.species());
    }

    /// The next off-screen render with its camera matrices (the view's camera, the
    /// capture's aspect); captures fail at once without a renderer.
    fn next_capture(
        &mut self,
        ctx: &egui::Context,
    ) -> Option<(Capture, nalgebra::Matrix4<f32>, nalgebra::Matrix4<f32>)> {
        if self.captures.is_empty() {
            return None;
        }
        let c = self.captures.remove(0);
        ctx.request_repaint();
        if self.renderer.is_none() {
            c.fail("no OpenGL context: nothing to render".to_owned());
            return None;
        }
        let aspect = c.size[0].max(1) as f32 / c.size[1].max(1) as f32;
        let projection = self.camera.projection(aspect, self.scene.radius);
        Some((c, self.camera.view(), projection))
    }

    fn mouse(&mut self, ui: &egui::Ui, response: &egui::Response, rect: Rect) {
        let h = rect.height().max(1.0);
        if response.dragged_by(egui::PointerButton::Primary) {
            let d = response.drag_delta();
            self.camera.orbit(d.x / h * 3.0, d.y / h * 3.0);
        }
        if response.dragged_by(egui::PointerButton::Secondary)
            || response.dragged_by(egui::PointerButton::Middle)
        {
            let d = response.drag_delta();
            self.camera.pan(d.x / h, d.y / h);
        }
        if response.hovered() {
            let scroll = ui.input(|i| i.smooth_scroll_delta.y);
            if scroll != 0.0 {
                self.camera.zoom((-scroll / 300.0).exp());
            }
        }
        self.hovered = response.hover_pos().and_then(|p| self.pick(p, rect));
        if response.clicked() {
            self.selected = self.hovered;
        }
    }

    fn pick(&self, p: Pos2, rect: Rect) -> Option<usize> {
        let ndc = [
            2.0 * (p.x - rect.left()) / rect.width() - 1.0,
            1.0 - 2.0 * (p.y - rect.top()) / rect.height(),
        ];
        let (o, d) = self.camera.ray(
            ndc,
            rect.width() / rect.height().max(1.0),
            self.scene.radius,
        )?;
        self.scene.pick(o, d)
    }

    fn overlay_ui(
        &mut self,
        ui: &mut egui::Ui,
        rect: Rect,
        a: Option<&Analysis>,
        species: &[&str],
    ) {
        let mut child = ui.new_child(egui::UiBuilder::new().max_rect(rect.shrink(6.0)));
        child.horizontal(|ui| {
            if ui.button("Reset view").clicked() {
                self.camera.reset(self.scene.radius * 0.8);
            }
            for (name, dir) in [
                ("x", Vector3::x()),
                ("y", Vector3::y()),
                ("z", Vector3::z()),
            ] {
                if ui
                    .button(name)
                    .on_hover_text(format!("view along {name}"))
                    .clicked()
                {
                    self.camera.look_along(dir);
                }
            }
            if let Some(fit) = a.and_then(|a| a.dipole.as_ref()) {
                for (name, axis) in ["P11", "P22", "P33"].iter().zip(&fit.principal.axes) {
                    if ui
                        .button(*name)
                        .on_hover_text(format!("view along the {name} axis"))
                        .clicked()
                    {
                        self.camera.look_along(axis.cast::<f32>());
                    }
                }
            }
        });
        if let Some(bar) = &self.scene.color_bar {
            color_bar(ui, rect, bar);
        }
        let info = self
            .selected
            .or(self.hovered)
            .and_then(|i| a.map(|a| atom_text(a, species, i)));
        if let Some(text) = info {
            ui.painter().text(
                rect.left_bottom() + Vec2::new(8.0, -8.0),
                egui::Align2::LEFT_BOTTOM,
                text,
                egui::FontId::monospace(13.0),
                Color32::WHITE,
            );
        }
    }
}

/// The read-out of one atom: index, species (named by the loaded potential), |e_i|, r_i.
pub fn atom_text(a: &Analysis, species: &[&str], i: usize) -> String {
    let name = species
        .get(usize::from(a.mode.species[i]))
        .copied()
        .unwrap_or("?");
    a.potential.units.plain(&format!(
        "atom {i} ({name}): |e_i| = {:.4}, r_i = {:.3} a0",
        per_atom::amplitude(a, i),
        a.core.r[i]
    ))
}

fn color_bar(ui: &egui::Ui, rect: Rect, bar: &scene::ColorBar) {
    let painter = ui.painter();
    let (w, h) = (16.0, (rect.height() * 0.4).min(220.0));
    let top = rect.right_top() + Vec2::new(-w - 60.0, 40.0);
    let n = 32;
    for k in 0..n {
        let t = 1.0 - (k as f32 + 0.5) / n as f32;
        let c = colormap::viridis(t);
        let r = Rect::from_min_size(
            top + Vec2::new(0.0, h * k as f32 / n as f32),
            Vec2::new(w, h / n as f32 + 0.5),
        );
        painter.rect_filled(
            r,
            0.0,
            Color32::from_rgb(
                (c[0] * 255.0) as u8,
                (c[1] * 255.0) as u8,
                (c[2] * 255.0) as u8,
            ),
        );
    }
    painter.rect_stroke(
        Rect::from_min_size(top, Vec2::new(w, h)),
        0.0,
        Stroke::new(1.0, Color32::GRAY),
        egui::StrokeKind::Outside,
    );
    let font = egui::FontId::proportional(12.0);
    painter.text(
        top + Vec2::new(w + 4.0, 0.0),
        egui::Align2::LEFT_TOP,
        format!("{:.3}", bar.max),
        font.clone(),
        Color32::WHITE,
    );
    painter.text(
        top + Vec2::new(w + 4.0, h),
        egui::Align2::LEFT_BOTTOM,
        format!("{:.3}", bar.min),
        font.clone(),
        Color32::WHITE,
    );
    painter.text(
        top + Vec2::new(w / 2.0, -4.0),
        egui::Align2::CENTER_BOTTOM,
        bar.label,
        font,
        Color32::WHITE,
    );
}
