//! The plots (egui_plot), redrawn from the `Analysis` every frame: Fig. 1 (core energy
//! against A), Fig. 2 (D2 and D4 against r_c, with a draggable r_c line), Fig. 3
//! (<e^2> r^4 per shell with the dipole field) and the P(r_s) stability scan.

use eframe::egui::{self, Color32};
use egui_plot::{FilledArea, Line, LineStyle, Plot, PlotPoints, Points, Span, VLine};

use super::markup;
use crate::analysis::Analysis;
use crate::export::figures::energy;

const BLUE: Color32 = Color32::from_rgb(90, 160, 255);
const ORANGE: Color32 = Color32::from_rgb(255, 160, 60);
const GREEN: Color32 = Color32::from_rgb(110, 210, 110);
const RED: Color32 = Color32::from_rgb(235, 80, 70);
const YELLOW: Color32 = Color32::from_rgb(240, 215, 60);
/// Smallest r_c (a0) at which the elastic lines of Fig. 2 are drawn (when r_in is larger).
const ELASTIC_FROM: f64 = 2.0;
const WARN: Color32 = Color32::from_rgba_premultiplied(120, 30, 30, 40);

/// The live plots' axis labels, in the figures' markup: the exported figures' where they
/// fit, shorter ones (units per power of the normal coordinate A) where a panel is small.
const R_C: &str = "*r*_c (*a*_0)";
const D2: &str = "*D*_2 (*E*_0/*A*^2)";
const D4: &str = "*D*_4 (*E*_0/*A*^4)";
const R: &str = "*r* (*a*_0)";
const E2_R4: &str = "⟨*e*^2⟩ *r*^4 (*a*_0^4)";
const R_S: &str = "*r*_s (*a*_0)";
const P: &str = "*P* (*E*_0/*A*)";

/// What the "past half the box" warning means, shown under Fig. 3 when it applies.
pub const PAST_HALF_BOX: &str = "Past half the box means that the fit shell reaches \
    farther than L/2 from the centre, where the periodic box no longer holds a whole shell \
    (an atom there is also near the centre's image), so P and what depends on it (f_r, \
    lambda_t, lambda_l) are less certain; lower r_s + d_fit below L/2 to avoid it.";

/// Pixels either side of the r_c line within which a drag grabs it.
const GRAB_PX: f32 = 6.0;

/// A plot whose axis labels are the figures' markup (sub- and superscripts, italics).
/// A plot with axis labels in the glass's units (Å, eV, amu in metal units).
fn plot(ui: &egui::Ui, a: &Analysis, id: &str, x: &str, y: &str) -> Plot<'static> {
    let units = a.potential.units;
    Plot::new(id.to_owned())
        .x_axis_label(markup::label(ui, &units.markup(x), false))
        .y_axis_label(markup::label(ui, &units.markup(y), false))
        .allow_scroll(false)
}

/// The legend entry of the picked atom's line.
const PICKED_ENTRY: (&str, Color32, Mark) =
    ("picked atom's *r*_{*i*}", Color32::WHITE, Mark::Dashed);

/// Where the atom picked in the 3D view lies (r_i, a0), as a thin white line.
fn picked_line(p: &mut egui_plot::PlotUi, picked: Option<f64>) {
    if let Some(r) = picked {
        p.vline(
            VLine::new("picked atom", r)
                .color(Color32::WHITE)
                .style(LineStyle::dashed_dense()),
        );
    }
}

/// How a legend entry is drawn.
#[derive(Clone, Copy)]
enum Mark {
    Dots,
    Solid,
    Dashed,
    Band,
}

/// The legend of a plot as a wrapped row above it: a legend inside the frame covers
/// data in plots this small.
fn legend(ui: &mut egui::Ui, entries: &[(&str, Color32, Mark)]) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        for (name, color, mark) in entries {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(18.0, 10.0), egui::Sense::hover());
            let p = ui.painter();
            let (l, r, y) = (rect.left(), rect.right(), rect.center().y);
            let stroke = egui::Stroke::new(1.5, *color);
            match mark {
                Mark::Dots => {
                    for x in [l + 4.0, r - 4.0] {
                        p.circle_filled(egui::pos2(x, y), 2.5, *color);
                    }
                }
                Mark::Solid => {
                    p.line_segment([egui::pos2(l, y), egui::pos2(r, y)], stroke);
                }
                Mark::Dashed => {
                    for k in 0..3 {
                        let x = l + 7.0 * k as f32;
                        p.line_segment([egui::pos2(x, y), egui::pos2(x + 4.0, y)], stroke);
                    }
                }
                Mark::Band => {
                    p.rect_filled(rect.shrink2(egui::vec2(0.0, 1.0)), 1.0, *color);
                }
            }
            ui.label(markup::label(ui, name, true));
            ui.add_space(6.0);
        }
    });
}

fn pts(v: Vec<[f64; 2]>) -> PlotPoints<'static> {
    PlotPoints::new(v)
}

/// All four figures side by side; returns a new r_c when the user dragged it in Fig. 2.
/// `picked`: r_i of the atom picked in the 3D view, marked in Figs. 2 and 3.
pub fn all(ui: &mut egui::Ui, a: &Analysis, r_c: f64, picked: Option<f64>) -> Option<f64> {
    let mut new_rc = None;
    ui.columns(4, |cols| {
        fig1(&mut cols[0], a);
        new_rc = fig2(&mut cols[1], a, r_c, picked);
        fig3(&mut cols[2], a, picked);
        p_scan(&mut cols[3], a);
    });
    new_rc
}

pub fn fig1(ui: &mut egui::Ui, a: &Analysis) {
    let f = &a.fig1;
    ui.label(a.potential.units.plain(&format!(
        "Fig. 1: core energy, r_c = {:.2} a0 ({} atoms)",
        f.r_c, f.n_core_atoms
    )));
    let points: Vec<[f64; 2]> = f.a.iter().zip(&f.e).map(|(x, y)| [*x, *y]).collect();
    legend(
        ui,
        &[
            ("*E*(*A*) − *E*(0)", BLUE, Mark::Dots),
            ("fitted quartic", ORANGE, Mark::Solid),
            ("Taylor quartic", GREEN, Mark::Dashed),
        ],
    );
    plot(ui, a, "fig1", energy::X_LABEL, energy::Y_LABEL).show(ui, |p| {
        p.points(
            Points::new("E(A) - E(0)", pts(points))
                .radius(2.5)
                .color(BLUE),
        );
        p.line(Line::new("fitted quartic", pts(f.fit_curve(121))).color(ORANGE));
        p.line(
            Line::new("Taylor quartic", pts(f.taylor_curve(121)))
                .color(GREEN)
                .style(LineStyle::dashed_loose()),
        );
    });
}

/// D2(r_c) above D4(r_c); a click or drag in either sets r_c.
/// The r_in and current r_c lines of both Fig. 2 panels.
fn r_markers(p: &mut egui_plot::PlotUi, a: &Analysis, r_c: f64) {
    if let Some(r_in) = a.r_in {
        p.vline(
            VLine::new("r_in", r_in)
                .color(ORANGE)
                .style(LineStyle::dotted_dense()),
        );
    }
    p.vline(VLine::new("r_c", r_c).color(YELLOW));
}

/// The r_c set in a Fig. 2 panel: a click anywhere, or a drag that started on the r_c
/// line (the cursor shows where the line can be grabbed).
fn picked_rc(
    ui: &egui::Ui,
    r: &egui_plot::PlotResponse<Option<egui_plot::PlotPoint>>,
    r_c: f64,
) -> Option<f64> {
    let resp = &r.response;
    let line_x = r.transform.position_from_point_x(r_c);
    let near = resp.hover_pos().is_some_and(|p| grabs(p.x, line_x));
    let id = resp.id.with("grab_rc");
    if resp.drag_started() {
        let start = resp
            .interact_pointer_pos()
            .is_some_and(|p| grabs(p.x, line_x));
        ui.data_mut(|d| d.insert_temp(id, start));
    }
    let grabbing = resp.dragged() && ui.data(|d| d.get_temp::<bool>(id).unwrap_or(false));
    if near || grabbing {
        ui.ctx().set_cursor_icon(egui::CursorIcon::ResizeHorizontal);
    }
    (grabbing || resp.clicked())
        .then(|| r.inner.map(|p| p.x.clamp(0.05, 12.0)))
        .flatten()
}

/// True when a pointer at screen x `x` is on the line drawn at `line_x`.
fn grabs(x: f32, line_x: f32) -> bool {
    (x - line_x).abs() <= GRAB_PX
}

pub fn fig2(ui: &mut egui::Ui, a: &Analysis, r_c: f64, picked: Option<f64>) -> Option<f64> {
    let c = &a.curves;
    let col =
        |k: usize| -> Vec<[f64; 2]> { c.r_c.iter().zip(&c.d).map(|(x, d)| [*x, d[k]]).collect() };
    // the elastic lines diverge as r_c -> 0: draw them outside the core only
    let from = a.r_in.unwrap_or(ELASTIC_FROM).min(ELASTIC_FROM);
    let line = |ys: &Option<Vec<f64>>| {
        ys.as_ref().map(|v| {
            c.r_c
                .iter()
                .zip(v)
                .filter(|(x, _)| **x >= from)
                .map(|(x, y)| [*x, *y])
                .collect::<Vec<_>>()
        })
    };
    let mut new_rc = None;
    ui.label(format!(
        "Fig. 2: D2, D4 vs r_c (drag the yellow line: r_c = {r_c:.2})"
    ));
    let random = match (a.f_r, a.f_r_stderr) {
        (Some(f), Some(e)) => format!("elastic + random, *f*_r = {f:.3} ± {e:.3}"),
        (Some(f), None) => format!("elastic + random, *f*_r = {f:.3}"),
        _ => "elastic + random".to_owned(),
    };
    let band = format!("*D*_4(∞) ± {} %", 100.0 * a.settings.r_in_band);
    let mut entries = vec![
        ("*D*_{*k*}(*r*_c)", BLUE, Mark::Dots),
        ("elastic", RED, Mark::Dashed),
        (random.as_str(), GREEN, Mark::Solid),
        (band.as_str(), Color32::from_rgb(80, 80, 130), Mark::Band),
        ("*r*_{in}", ORANGE, Mark::Dashed),
        ("*r*_c", YELLOW, Mark::Solid),
    ];
    entries.extend(picked.map(|_| PICKED_ENTRY));
    legend(ui, &entries);
    // the two panels share what is left below the title and the (wrapped) legend
    // (at least 90 px each: the bottom panel grows rather than squeeze them)
    let h = ((ui.available_height() - ui.spacing().item_spacing.y) / 2.0).max(90.0);
    let r = plot(ui, a, "fig2_d2", "", D2)
        .height(h)
        .allow_drag(false)
        .show(ui, |p| {
            p.points(Points::new("D2(r_c)", pts(col(1))).radius(1.5).color(BLUE));
            if let Some(v) = line(&c.d2_elastic) {
                p.line(
                    Line::new("elastic", pts(v))
                        .color(RED)
                        .style(LineStyle::dashed_loose()),
                );
            }
            if let Some(v) = line(&c.d2_elastic_plus_random) {
                p.line(Line::new("elastic + random", pts(v)).color(GREEN));
            }
            r_markers(p, a, r_c);
            picked_line(p, picked);
            p.pointer_coordinate()
        });
    new_rc = picked_rc(ui, &r, r_c).or(new_rc);
    let (lo, hi) = a.d4_band();
    let r = plot(ui, a, "fig2_d4", R_C, D4)
        .height(h)
        .allow_drag(false)
        .show(ui, |p| {
            let n = c.r_c.len();
            p.add(
                FilledArea::new(band.as_str(), &c.r_c, &vec![lo; n], &vec![hi; n])
                    .fill_color(Color32::from_rgba_premultiplied(60, 60, 90, 60)),
            );
            p.points(Points::new("D4(r_c)", pts(col(3))).radius(1.5).color(BLUE));
            r_markers(p, a, r_c);
            picked_line(p, picked);
            p.pointer_coordinate()
        });
    new_rc = picked_rc(ui, &r, r_c).or(new_rc);
    new_rc
}

pub fn fig3(ui: &mut egui::Ui, a: &Analysis, picked: Option<f64>) {
    let sh = &a.shells;
    let series = |v: &[Option<f64>]| -> Vec<[f64; 2]> {
        sh.r_mid
            .iter()
            .zip(v)
            .filter_map(|(x, y)| y.map(|y| [*x, y]))
            .collect()
    };
    let s = &a.settings;
    let title = ui.label(a.potential.units.plain(&format!(
        "Fig. 3: shells of {:.3} a0, fit {:.2}..{:.2} a0{}",
        sh.d,
        s.r_s,
        s.r_s + s.d_fit,
        if a.beyond_half_box {
            " (past half the box!)"
        } else {
            ""
        }
    )));
    if a.beyond_half_box {
        title.on_hover_text(PAST_HALF_BOX);
    }
    let mut entries = vec![
        ("⟨*e*^2⟩ *r*^4", BLUE, Mark::Dots),
        ("dipole field ⟨*s*^2⟩ *r*^4", RED, Mark::Dashed),
        ("fit window", Color32::from_rgb(70, 120, 70), Mark::Band),
    ];
    entries.extend(picked.map(|_| PICKED_ENTRY));
    legend(ui, &entries);
    plot(ui, a, "fig3", R, E2_R4).show(ui, |p| {
        let fill = if a.beyond_half_box {
            WARN
        } else {
            Color32::from_rgba_premultiplied(40, 70, 40, 40)
        };
        p.span(Span::new("fit window", s.r_s..=s.r_s + s.d_fit).fill(fill));
        p.points(
            Points::new("<e^2> r^4", pts(series(&sh.e2_r4)))
                .radius(2.0)
                .color(BLUE),
        );
        p.line(Line::new("<e^2> r^4", pts(series(&sh.e2_r4))).color(BLUE));
        p.line(
            Line::new("dipole field <s^2> r^4", pts(series(&sh.s2_r4)))
                .color(RED)
                .style(LineStyle::dashed_loose()),
        );
        p.vline(
            VLine::new("half box", a.mode.cell.half_min_length())
                .color(Color32::GRAY)
                .style(LineStyle::dotted_dense()),
        );
        picked_line(p, picked);
    });
}

pub fn p_scan(ui: &mut egui::Ui, a: &Analysis) {
    ui.label("P11, P22, P33 (± 1 standard error) against the fit radius r_s");
    let names = ["P11", "P22", "P33"];
    let colors = [RED, BLUE, GREEN];
    legend(
        ui,
        &[
            ("*P*_{11}", RED, Mark::Solid),
            ("*P*_{22}", BLUE, Mark::Solid),
            ("*P*_{33}", GREEN, Mark::Solid),
            ("*r*_s", YELLOW, Mark::Solid),
        ],
    );
    plot(ui, a, "p_scan", R_S, P).show(ui, |p| {
        for k in 0..3 {
            let v: Vec<[f64; 2]> = a
                .dipole_scan
                .iter()
                .filter_map(|s| s.fit.as_ref().map(|f| [s.r_s, f.principal.values[k]]))
                .collect();
            p.line(Line::new(names[k], pts(v.clone())).color(colors[k]));
            for (x, y, e) in a.dipole_scan.iter().filter_map(|s| {
                let f = s.fit.as_ref()?;
                Some((s.r_s, f.principal.values[k], f.principal_stderr?[k]))
            }) {
                p.line(Line::new(names[k], pts(vec![[x, y - e], [x, y + e]])).color(colors[k]));
            }
            p.points(Points::new(names[k], pts(v)).radius(2.0).color(colors[k]));
        }
        if let Some(first) = a.dipole_scan.iter().find(|s| s.beyond_half_box) {
            p.span(Span::new("fit shell past half the box", first.r_s..=10.0).fill(WARN));
        }
        p.vline(VLine::new("r_s", a.settings.r_s).color(YELLOW));
    });
}
