//! The 3D toolbar and what it drives each frame: the mode animation, the relaxed core of
//! the creation energy, snapshots and movies (from the buttons or --snapshot / --movie).

use std::sync::Arc;

use eframe::egui;

use super::animation::movie_phases;
use super::panels::creation::{self, RELAXED_COLOR};
use super::snapshot::{frame_name, would_overwrite, Target};
use super::SoftmodeApp;

impl SoftmodeApp {
    /// The toolbar row above the 3D view.
    pub(super) fn tools3d_bar(&mut self, ui: &mut egui::Ui) {
        // wrapped: in a narrow window the last buttons go to a second row, not off the edge
        ui.horizontal_wrapped(|ui| {
            self.animation.ui(ui, self.state.settings.a_max);
            ui.separator();
            self.snapshots.ui(ui);
            ui.separator();
            if ui
                .selectable_label(self.creation.open, "Creation energy E_s")
                .clicked()
            {
                self.creation.open = !self.creation.open;
            }
        });
    }

    /// Before the 3D view draws: the creation window, the amplitude (animation or the
    /// relaxed core's A_out), the extra spheres, queued snapshots.
    pub(super) fn tools3d_frame(&mut self, ctx: &egui::Context) {
        creation::window(self, ctx);
        if self.creation.jobs.busy() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        let relaxed = self.relaxed_shown();
        let amplitude = match &relaxed {
            Some((a_out, ..)) => *a_out,
            None => {
                let dt = f64::from(ctx.input(|i| i.stable_dt)).clamp(0.0, 0.1);
                let a = self.animation.tick(dt, self.state.settings.a_max);
                if self.animation.playing {
                    ctx.request_repaint();
                }
                a
            }
        };
        self.view3d.amplitude = amplitude as f32;
        let diameters = super::scene::diameters(self.potential.as_ref());
        let scale = self.state.view.atom_scale;
        match (relaxed, self.analysis().cloned()) {
            (Some((_, result, k)), Some(a)) => {
                let key = Some((Arc::as_ptr(&result) as usize, k));
                self.view3d.set_extra(key, || {
                    crate::app::scene::relaxed_core(
                        &a,
                        &result,
                        k,
                        &diameters,
                        scale,
                        RELAXED_COLOR,
                    )
                });
            }
            _ => self.view3d.set_extra(None, Vec::new),
        }
        self.snapshots_frame(ctx);
    }

    /// (A_out, result, grid index) when the relaxed core is to be shown.
    fn relaxed_shown(
        &self,
    ) -> Option<(f64, Arc<crate::analysis::creation::CreationResult>, usize)> {
        if !self.creation.show_relaxed {
            return None;
        }
        let mode = self.modes.get(self.current)?;
        let entry = self.creation.jobs.get(mode, &self.state.creation)?;
        let k = self.creation.a_out_index;
        Some((*entry.result.a.get(k)?, entry.result.clone(), k))
    }

    /// Queues the captures of a target (one picture, or one per movie phase).
    fn queue(&mut self, target: &Target) {
        let a_max = self.animation.a_max_or(self.state.settings.a_max);
        match target {
            Target::Picture(p) => {
                let c = self.snapshots.capture(p.clone(), self.view3d.amplitude);
                self.view3d.captures.push(c);
            }
            Target::Movie(dir) => {
                if let Err(e) = std::fs::create_dir_all(dir) {
                    self.snapshots.status = format!("could not create {}: {e}", dir.display());
                    return;
                }
                let n = self.snapshots.frames;
                for (k, phase) in movie_phases(n).into_iter().enumerate() {
                    let amp = super::animation::amplitude(a_max, phase) as f32;
                    let c = self.snapshots.capture(dir.join(frame_name(k)), amp);
                    self.view3d.captures.push(c);
                }
            }
        }
    }

    fn snapshots_frame(&mut self, ctx: &egui::Context) {
        let all_saved = self.snapshots.poll();
        if !all_saved {
            ctx.request_repaint_after(std::time::Duration::from_millis(30));
        }
        if let Some(t) = self.snapshots.ready.take() {
            self.queue(&t);
        }
        // --snapshot / --movie: once the view is complete, render, save, exit
        let targets: Vec<Target> = [
            self.script.launch.snapshot.clone().map(Target::Picture),
            self.script.launch.movie.clone().map(Target::Movie),
        ]
        .into_iter()
        .flatten()
        .collect();
        if targets.is_empty() {
            return;
        }
        ctx.request_repaint();
        if !self.script.saves_queued && self.complete() {
            self.script.saves_queued = true;
            if let Some([w, h]) = self.script.launch.snapshot_size {
                self.snapshots.size = [w, h];
            }
            self.snapshots.transparent = self.script.launch.transparent;
            self.snapshots.frames = self.script.launch.movie_frames.max(1);
            for t in &targets {
                if would_overwrite(t) {
                    let what = match t {
                        Target::Picture(p) => format!("{} exists", p.display()),
                        Target::Movie(d) => format!("{} holds frame files", d.display()),
                    };
                    eprintln!("softmode: error: {what}; nothing replaced");
                    self.snapshots.failed += 1;
                } else {
                    self.queue(t);
                }
            }
        } else if self.script.saves_queued && all_saved && self.view3d.captures.is_empty() {
            if self.snapshots.failed > 0 {
                self.script
                    .launch
                    .failed
                    .store(true, std::sync::atomic::Ordering::Relaxed);
            }
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}
