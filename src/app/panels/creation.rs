//! The window "Creation energy E_s": its settings, Compute / Cancel with a progress bar,
//! the numbers, the double well E_p(A_out) and E_p - c1 A_out, A_core against A_out, and
//! the switch that shows the relaxed core in the 3D view. Every number comes from
//! `analysis::creation` (run by `creation_job`).

use eframe::egui::{self, Color32, DragValue};
use egui_plot::{Corner, Legend, Line, Plot, PlotPoints, Points};

use super::super::creation_job::CreationJobs;
use super::super::SoftmodeApp;
use crate::analysis::creation::{CreationResult, Side};

/// Colour of the relaxed core atoms in the 3D view (sRGB).
pub const RELAXED_COLOR: [f32; 3] = [0.95, 0.30, 0.85];

/// The window's own state (not persisted).
#[derive(Default)]
pub struct CreationPanel {
    pub open: bool,
    pub jobs: CreationJobs,
    /// Draw the relaxed core at grid point `a_out_index` in the 3D view.
    pub show_relaxed: bool,
    pub a_out_index: usize,
}

fn side_line(name: &str, s: &Option<Side>) -> String {
    match s {
        Some(s) => format!(
            "minimum {name}: A_out = {:.3}, E_t = {:.6}, A_core = {:.4}{}",
            s.a_out,
            s.e,
            s.core_a,
            if s.interior { "" } else { " (grid end)" }
        ),
        None => format!("minimum {name}: none"),
    }
}

/// The numbers shown, one label each (the UI test compares them with the library's).
pub fn creation_lines(r: &CreationResult) -> Vec<String> {
    let opt = |v: Option<f64>, digits: usize| {
        v.map_or_else(
            || "none (no interior double well)".to_owned(),
            |x| format!("{x:.digits$}"),
        )
    };
    let mut lines = vec![
        format!("E_s = {}", opt(r.e_s, 6)),
        format!("Delta A = {}", opt(r.delta_a, 4)),
        format!(
            "c1 = {}",
            r.linear_term
                .map_or_else(|| "none".to_owned(), |c| format!("{c:.6}"))
        ),
        side_line("-", &r.minus),
        side_line("+", &r.plus),
        format!(
            "n_core = {} (r_core = {:.2}), {} grid points, at most {} iterations",
            r.n_core,
            r.r_core,
            r.a.len(),
            r.iterations_max
        ),
    ];
    lines.extend(r.warnings.iter().take(3).cloned());
    if r.warnings.len() > 3 {
        lines.push(format!("… {} more warnings", r.warnings.len() - 3));
    }
    lines
}

fn pairs(x: &[f64], y: &[f64]) -> PlotPoints<'static> {
    PlotPoints::new(x.iter().zip(y).map(|(a, b)| [*a, *b]).collect())
}

fn plots(ui: &mut egui::Ui, r: &CreationResult, a_out_mark: Option<f64>) {
    let h = 230.0;
    let legend = || Legend::default().position(Corner::LeftTop);
    ui.columns(2, |cols| {
        Plot::new("creation_energy")
            .height(h)
            .x_axis_label("A_out")
            .y_axis_label("energy")
            .legend(legend())
            .allow_scroll(false)
            .show(&mut cols[0], |p| {
                p.points(Points::new("E_p", pairs(&r.a, &r.e)).radius(1.5));
                let et = r.e_t();
                if !et.is_empty() {
                    p.line(Line::new("E_p - c1 A_out", pairs(&r.a, &et)).color(Color32::ORANGE));
                }
                let minima: Vec<[f64; 2]> = [&r.minus, &r.plus]
                    .into_iter()
                    .flatten()
                    .map(|s| [s.a_out, s.e])
                    .collect();
                p.points(
                    Points::new("minima", PlotPoints::new(minima))
                        .radius(5.0)
                        .color(Color32::RED),
                );
                if let Some(a) = a_out_mark {
                    p.vline(egui_plot::VLine::new("A_out shown", a).color(Color32::GRAY));
                }
            });
        Plot::new("creation_core_a")
            .height(h)
            .x_axis_label("A_out")
            .y_axis_label("A_core")
            .legend(legend())
            .allow_scroll(false)
            .data_aspect(1.0)
            .show(&mut cols[1], |p| {
                p.points(Points::new("A_core", pairs(&r.a, &r.core_a)).radius(1.5));
                let (lo, hi) = (
                    r.a.first().copied().unwrap_or(-1.0),
                    r.a.last().copied().unwrap_or(1.0),
                );
                p.line(
                    Line::new("A_core = A_out", PlotPoints::new(vec![[lo, lo], [hi, hi]]))
                        .color(Color32::GRAY),
                );
            });
    });
}

/// The window (open from the 3D toolbar).
pub fn window(app: &mut SoftmodeApp, ctx: &egui::Context) {
    app.creation.jobs.poll();
    let mut open = app.creation.open;
    egui::Window::new("Creation energy E_s")
        .open(&mut open)
        .default_width(620.0)
        .resizable(true)
        .show(ctx, |ui| body(app, ui));
    app.creation.open = open;
}

fn body(app: &mut SoftmodeApp, ui: &mut egui::Ui) {
    let s = &mut app.state.creation;
    ui.horizontal(|ui| {
        ui.label("r_core");
        ui.add(DragValue::new(&mut s.r_core).speed(0.02).range(0.5..=8.0));
        ui.label("A_out_max");
        ui.add(
            DragValue::new(&mut s.a_out_max)
                .speed(0.05)
                .range(0.1..=10.0),
        );
        ui.label("step");
        ui.add(DragValue::new(&mut s.step).speed(0.005).range(0.005..=1.0));
        ui.label("force tol");
        ui.add(
            DragValue::new(&mut s.force_tol)
                .speed(1e-9)
                .range(1e-12..=1e-2)
                .custom_formatter(|v, _| format!("{v:.0e}")),
        );
    });
    let Some(mode) = app.modes.get(app.current).cloned() else {
        ui.label("no mode loaded");
        return;
    };
    let settings = app.state.creation.clone();
    let jobs = &mut app.creation.jobs;
    ui.horizontal(|ui| {
        if let Some(f) = jobs.progress() {
            ui.add(
                egui::ProgressBar::new(f)
                    .show_percentage()
                    .desired_width(260.0),
            );
            if ui.button("Cancel").clicked() {
                jobs.cancel();
            }
        } else if ui
            .button("Compute")
            .on_hover_text("relax the core on the A_out grid (a few tenths of a second per mode)")
            .clicked()
        {
            jobs.start(
                ui.ctx(),
                mode.clone(),
                app.potential.clone(),
                settings.clone(),
            );
        }
    });
    if let Some(e) = &jobs.error {
        ui.colored_label(Color32::from_rgb(255, 110, 100), e);
    }
    let Some(entry) = jobs.get(&mode, &settings) else {
        ui.label("not computed for this mode and these settings");
        app.creation.show_relaxed = false;
        return;
    };
    let r = entry.result.clone();
    ui.horizontal(|ui| {
        ui.label(format!("computed in {:.2} s", entry.seconds));
        ui.menu_button("Export double well", |ui| {
            crate::app::export_ui::creation_items(
                ui,
                &mut app.tools.export,
                &app.state.export,
                &mode,
                &r,
            )
        });
    });
    for line in creation_lines(&r) {
        ui.label(line);
    }
    let n = r.a.len();
    let panel = &mut app.creation;
    panel.a_out_index = panel.a_out_index.min(n.saturating_sub(1));
    ui.horizontal(|ui| {
        ui.checkbox(&mut panel.show_relaxed, "relaxed core in 3D")
            .on_hover_text(
                "3D view: all atoms at r + A_out e, the relaxed core atoms (magenta) beside them",
            );
        if n > 0 {
            // the slider walks the grid points; the label shows their A_out
            ui.add(egui::Slider::new(&mut panel.a_out_index, 0..=n - 1).show_value(false));
            let a = r.a.get(panel.a_out_index).copied().unwrap_or(0.0);
            ui.label(format!("A_out = {a:.3}"));
        }
    });
    let mark = panel
        .show_relaxed
        .then(|| r.a.get(panel.a_out_index).copied())
        .flatten();
    plots(ui, &r, mark);
}
