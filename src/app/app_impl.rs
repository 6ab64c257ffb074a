//! The frame loop: results from worker threads, the analysis for the current settings,
//! the panels, keyboard and drag-and-drop, and the --screenshot / --bench-frames modes.

use std::time::Instant;

use eframe::egui;

use super::jobs::{Outcome, Source};
use super::live::Request;
use super::{panels, plots, state, tools, SoftmodeApp};

/// Frame timing of --bench-frames: first the camera orbits, then (same number of frames)
/// the r_s slider moves every frame, which redoes the dipole stage, the plots and the scene.
#[derive(Default)]
pub struct Bench {
    times: Vec<Instant>,
    /// CPU time of `ui` (egui layout, analysis, plots, scene) per frame, in ms.
    ui_ms: Vec<f64>,
    /// The orbit phase's line, printed after the slider phase.
    orbit: Option<String>,
    done: bool,
}

/// Frames at the start of each phase left out of the statistics (uploads, first layout).
const BENCH_SKIP: usize = 5;

/// "median frame .. ms (.. fps), 95th percentile .. ms; UI work median .. ms, 95th .. ms".
fn bench_line(times: &[Instant], ui_ms: &[f64]) -> String {
    let Some((median, p95)) = frame_stats(times) else {
        return "no frames".to_owned();
    };
    let (ui_median, ui_p95) = median_p95(ui_ms.to_vec()).unwrap_or((0.0, 0.0));
    format!(
        "median frame {median:.1} ms ({:.1} fps), 95th percentile {p95:.1} ms; UI work median {ui_median:.1} ms, 95th percentile {ui_p95:.1} ms",
        1e3 / median,
    )
}

/// Median and 95th percentile (nearest rank) of `v`; None when empty.
fn median_p95(mut v: Vec<f64>) -> Option<(f64, f64)> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let at = |q: f64| v[((q * (v.len() - 1) as f64).round() as usize).min(v.len() - 1)];
    Some((at(0.5), at(0.95)))
}

/// Median and 95th percentile of the periods between successive instants, in ms.
pub fn frame_stats(times: &[Instant]) -> Option<(f64, f64)> {
    median_p95(
        times
            .windows(2)
            .map(|w| (w[1] - w[0]).as_secs_f64() * 1e3)
            .collect(),
    )
}

/// Writes the window's screenshot as PNG and says so on stdout.
fn save_png(image: &egui::ColorImage, path: &std::path::Path) {
    let [w, h] = image.size;
    let bytes: Vec<u8> = image.pixels.iter().flat_map(|c| c.to_array()).collect();
    let result = image::RgbaImage::from_raw(w as u32, h as u32, bytes)
        .ok_or_else(|| "bad screenshot buffer".to_owned())
        .and_then(|img| img.save(path).map_err(|e| e.to_string()));
    match result {
        Ok(()) => println!("saved {} ({w}x{h})", path.display()),
        Err(e) => eprintln!("softmode: error: could not save {}: {e}", path.display()),
    }
}

impl SoftmodeApp {
    /// Takes in what the worker threads finished.
    fn pump(&mut self, ctx: &egui::Context) {
        panels::compute_modes::pump(self);
        for outcome in self.jobs.poll() {
            let outcome = match outcome {
                Ok(outcome) => outcome,
                Err(lost) => {
                    self.error = Some(lost);
                    self.end_scripted_run(ctx);
                    continue;
                }
            };
            match outcome {
                Outcome::Loaded {
                    source,
                    modes,
                    labels,
                } => match modes {
                    // The modes wait for the species mapping (reloaded on Apply).
                    Ok(_) if panels::types_dialog::must_ask(self, &source, labels) => {}
                    Ok(modes) if !modes.is_empty() => self.show_modes(source, modes),
                    Ok(_) => self.error = Some("the file holds no modes".into()),
                    Err(e) => {
                        let hint = if e.contains("vector") {
                            " (a configuration without eigenvectors? \"Modes…\" computes them)"
                        } else {
                            ""
                        };
                        self.error = Some(format!("could not open the file: {e}{hint}"));
                        self.end_scripted_run(ctx);
                        if let Source::File(p) = source {
                            // A configuration without eigenvectors: "Modes…" offers them.
                            self.compute.config = Some(p);
                        }
                    }
                },
                Outcome::Picked(Some(path)) => self.start_load(ctx, Source::File(path)),
                Outcome::Picked(None) | Outcome::PickedPotential(None) => {}
                Outcome::PickedPotential(Some(path)) => {
                    panels::potential::choose(self, ctx, &path.display().to_string());
                }
                Outcome::Analysed {
                    ticket,
                    analyzer,
                    result,
                } => match self.live.finished(ticket, *analyzer, *result) {
                    None => {}
                    Some(Ok(())) => self.error = None,
                    Some(Err(crate::Error::Cancelled)) => self.analysis_cancelled(),
                    Some(Err(e)) => {
                        self.error = Some(format!("analysis: {e}"));
                        self.end_scripted_run(ctx);
                    }
                },
            }
        }
        self.ensure_analysis(ctx);
    }

    /// A scripted run (--screenshot, --snapshot, ...) that met an error it cannot get past
    /// (the file or its analysis failed): print the error, close, exit non-zero.
    fn end_scripted_run(&mut self, ctx: &egui::Context) {
        if !self.script.launch.scripted() {
            return;
        }
        if let Some(e) = &self.error {
            eprintln!("softmode: error: {e}");
        }
        self.script
            .launch
            .failed
            .store(true, std::sync::atomic::Ordering::Relaxed);
        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
    }

    /// Runs the analysis when the settings or the mode changed: on the UI thread when the
    /// first stage is cached (a few ms), else on a thread.
    fn ensure_analysis(&mut self, ctx: &egui::Context) {
        match self.live.request(&self.state.settings) {
            Request::None => {}
            Request::Done(Ok(())) => self.error = None,
            Request::Done(Err(e)) => self.error = Some(format!("analysis: {e}")),
            Request::Job(analyzer, ticket) => {
                let settings = self.state.settings.clone();
                self.jobs.analyse(ctx, analyzer, settings, ticket);
            }
        }
    }

    /// A cancelled analysis: the settings go back to those of the analysis shown (if it is
    /// of this mode), so that the sliders never disagree with the numbers.
    fn analysis_cancelled(&mut self) {
        if let Some(s) = self.live.cancelled() {
            self.state.settings = s;
        }
        self.error = Some("analysis cancelled; change a setting to run it again".into());
    }

    fn keys_and_drops(&mut self, ctx: &egui::Context) {
        let (up, down, dropped) = ctx.input(|i| {
            (
                i.key_pressed(egui::Key::ArrowUp),
                i.key_pressed(egui::Key::ArrowDown),
                i.raw
                    .dropped_files
                    .iter()
                    .map(|f| f.path().to_path_buf())
                    .find(|p| !p.as_os_str().is_empty()),
            )
        });
        let typing = ctx.egui_wants_keyboard_input();
        if !typing && down && self.current + 1 < self.modes.len() {
            self.select_mode(self.current + 1);
        }
        if !typing && up && self.current > 0 {
            self.select_mode(self.current - 1);
        }
        if let Some(p) = dropped {
            self.start_load(ctx, Source::File(p));
        }
    }

    /// True once the analysis is complete and the 3D view has drawn it.
    pub(super) fn complete(&self) -> bool {
        self.analysis().is_some() && !self.is_busy() && self.view3d.drawn_current()
    }

    fn screenshot_and_bench(&mut self, ctx: &egui::Context) {
        if let Some(path) = self.script.launch.screenshot.clone() {
            if self.complete() {
                self.script.shot_frames += 1;
                if self.script.shot_frames == 3 {
                    let ctx2 = ctx.clone();
                    let callback = egui::ScreenshotCallback::new(move |image| {
                        save_png(&image, &path);
                        ctx2.send_viewport_cmd(egui::ViewportCommand::Close);
                        ctx2.request_repaint();
                    });
                    ctx.send_viewport_cmd(egui::ViewportCommand::Screenshot(callback));
                }
            }
            ctx.request_repaint();
        }
        if let Some(n) = self.script.launch.bench_frames {
            if self.benching() {
                self.bench_step(ctx, n);
            }
            ctx.request_repaint();
        }
    }
}

impl SoftmodeApp {
    /// True in the frames --bench-frames measures: from the first complete frame on (the
    /// slider phase's frames count while their new scene waits for its first paint).
    fn benching(&self) -> bool {
        self.script.launch.bench_frames.is_some()
            && !self.script.bench.done
            && (self.complete() || !self.script.bench.times.is_empty())
    }

    /// One frame of --bench-frames: orbit for n frames, then move r_s for n frames.
    fn bench_step(&mut self, ctx: &egui::Context, n: usize) {
        let b = &mut self.script.bench;
        b.times.push(Instant::now());
        if b.orbit.is_none() {
            self.view3d.orbit_step();
            if b.times.len() > n + BENCH_SKIP {
                b.orbit = Some(bench_line(&b.times[BENCH_SKIP..], &b.ui_ms[BENCH_SKIP..]));
                b.times.clear();
                b.ui_ms.clear();
            }
            return;
        }
        // r_s steps 5.0, 5.1, ... 6.9, then starts again: a new fit, plots and overlays
        // every frame
        let k = b.times.len() % 20;
        self.state.settings.r_s = 5.0 + 0.1 * k as f64;
        if b.times.len() > n + BENCH_SKIP {
            let atoms = self.live.shown().map_or(0, |a| a.mode.n_atoms());
            println!(
                "atoms {atoms}, {n} frames each\n  orbit:  {}\n  r_s slider: {}",
                b.orbit.as_deref().unwrap_or(""),
                bench_line(&b.times[BENCH_SKIP..], &b.ui_ms[BENCH_SKIP..])
            );
            b.done = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}

impl eframe::App for SoftmodeApp {
    /// The panels' colour: they are drawn unfilled over it (`panels::show_unfilled`).
    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        visuals.panel_fill.to_normalized_gamma_f32()
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let started = Instant::now();
        let ctx = ui.ctx().clone();
        self.pump(&ctx);
        self.keys_and_drops(&ctx);
        if self.jobs.busy() || self.compute.busy() {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
        tools::menu_bar(self, ui);
        panels::top_bar(self, ui);
        panels::types_dialog::window(self, &ctx);
        let plots = egui::Panel::bottom("plots")
            .resizable(true)
            .default_size(270.0)
            .min_size(200.0);
        panels::show_unfilled(plots, ui, |ui| {
            tools::plot_buttons(self, ui);
            if let Some(a) = self.analysis().cloned() {
                let picked = self.view3d.selected.and_then(|i| a.core.r.get(i).copied());
                if let Some(r_c) = plots::all(ui, &a, self.state.settings.fig1_r_c, picked) {
                    self.state.settings.fig1_r_c = r_c;
                }
            }
        });
        let controls = egui::Panel::left("controls")
            .resizable(true)
            .default_size(270.0);
        panels::show_unfilled(controls, ui, |ui| {
            panels::controls::ui(self, ui);
        });
        let numbers = egui::Panel::right("numbers")
            .resizable(true)
            .default_size(310.0)
            .min_size(310.0);
        panels::show_unfilled(numbers, ui, |ui| {
            panels::numbers::ui(self.analysis().map(|a| a.as_ref()), ui);
        });
        self.tools3d_frame(&ctx);
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                self.tools3d_bar(ui);
                let a = self.analysis().cloned();
                self.view3d
                    .ui(ui, a.as_deref(), &mut self.state, self.potential.as_ref());
            });
        if self.benching() {
            self.script
                .bench
                .ui_ms
                .push(started.elapsed().as_secs_f64() * 1e3);
        }
        tools::show(self, &ctx);
        self.screenshot_and_bench(&ctx);
        // the next change after an analysis comes back must be seen at once
        self.ensure_analysis(&ctx);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if self.script.launch.scripted() {
            return;
        }
        self.state.camera = Some(self.view3d.camera);
        storage.set_string(state::STORAGE_KEY, self.state.to_json());
    }
}
