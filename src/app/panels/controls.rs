//! The side panel: the modes of the file, the analysis settings and the view settings.
//! Controls only edit `state`; the frame loop turns changes into a new `Analysis`.

use eframe::egui::{self, Slider};

use super::super::scene::{ArrowField, ColorBy, SlabNormal};
use super::super::SoftmodeApp;
use crate::analysis::couplings::participation;
use crate::analysis::settings::Scale;
use crate::analysis::{Method, Settings};
use crate::model::ModeKind;

pub fn ui(app: &mut SoftmodeApp, ui: &mut egui::Ui) {
    egui::ScrollArea::vertical().show(ui, |ui| {
        modes(app, ui);
        ui.separator();
        analysis(app, ui);
        ui.separator();
        view(app, ui);
    });
}

fn modes(app: &mut SoftmodeApp, ui: &mut egui::Ui) {
    ui.heading("Modes");
    ui.label("(arrow keys switch)");
    let mut pick = None;
    egui::ScrollArea::vertical()
        .id_salt("modes")
        .max_height(130.0)
        .show(ui, |ui| {
            for (k, m) in app.modes().iter().enumerate() {
                let w2 = m
                    .omega2_file
                    .map_or_else(|| "?".to_owned(), |w| format!("{w:.4}"));
                let n_e = participation(&m.e);
                let text = match m.kind {
                    ModeKind::Normal => format!("mode {k}: omega^2 = {w2}, N_e = {n_e:.1}"),
                    ModeKind::Quartic => {
                        format!("mode {k} (quartic): kappa = {w2}, N_e = {n_e:.1}")
                    }
                };
                if ui.selectable_label(k == app.current_mode(), text).clicked() {
                    pick = Some(k);
                }
            }
        });
    if let Some(k) = pick {
        if k != app.current_mode() {
            app.select_mode(k);
        }
    }
}

fn analysis(app: &mut SoftmodeApp, ui: &mut egui::Ui) {
    let potential = app.potential().clone();
    let mode = app.modes().get(app.current_mode()).cloned();
    let scale = mode
        .as_deref()
        .map_or(Scale::REDUCED, |m| Scale::of(m, &potential));
    let (a0, q) = (scale.a0, scale.coordinate);
    let s = &mut app.state.settings;
    ui.heading("Analysis");
    ui.add(Slider::new(&mut s.fig1_r_c, 0.05 * a0..=12.0 * a0).text("r_c"))
        .on_hover_text("core radius: Fig. 1, core sphere, Fig. 2 line");
    ui.add(Slider::new(&mut s.r_s, 0.0..=12.0 * a0).text("r_s"))
        .on_hover_text("inner radius of the dipole fit shell");
    ui.add(Slider::new(&mut s.d_fit, 0.25 * a0..=6.0 * a0).text("d_fit"))
        .on_hover_text("thickness of the fit shell");
    ui.add(Slider::new(&mut s.shell_d, 0.1 * a0..=2.0 * a0).text("shell width"))
        .on_hover_text("shell width of Fig. 3");
    ui.horizontal(|ui| {
        ui.label("method");
        ui.radio_value(&mut s.method, Method::Taylor, "taylor");
        ui.radio_value(&mut s.method, Method::Fit, "fit");
    });
    ui.add(Slider::new(&mut s.a_max, 0.05 * q..=3.0 * q).text("A_max"))
        .on_hover_text("A range of the fit method and Fig. 1");
    ui.add(Slider::new(&mut s.n_a, 5..=101).text("A points"));
    ui.add_enabled(
        !potential.is_many_body(),
        egui::Checkbox::new(&mut s.half_weight, "half-weight"),
    )
    .on_hover_text(
        "core-outside pairs count 1/2 (always, as per-atom energies, for many-body potentials)",
    );
    ui.checkbox(&mut s.omega_term, "omega term")
        .on_hover_text("add omega^2/2 to the elastic line");
    ui.checkbox(&mut s.flip, "flip sign")
        .on_hover_text("e -> -e (flips P)");
    let known = potential.moduli();
    modulus(ui, "B", "bulk modulus", &mut s.bulk, known.map(|m| m.bulk));
    modulus(
        ui,
        "G",
        "shear modulus",
        &mut s.shear,
        known.map(|m| m.shear),
    );
    if ui.button("Default settings").clicked() {
        *s = mode
            .as_deref()
            .map_or_else(Settings::default, |m| Settings::for_glass(m, &potential));
    }
}

/// A modulus: the user's value, else the potential's; "unknown" with nothing to show
/// when neither exists (the dipole numbers are then empty). Energy / length^3 of the
/// file's units.
fn modulus(ui: &mut egui::Ui, name: &str, what: &str, value: &mut Option<f64>, known: Option<f64>) {
    ui.horizontal(|ui| {
        ui.label(name);
        let mut v = value.or(known).unwrap_or(0.0);
        let speed = 0.005 * v.abs().max(0.01);
        let drag = ui
            .add(
                egui::DragValue::new(&mut v)
                    .speed(speed)
                    .range(0.0..=f64::MAX),
            )
            .on_hover_text(format!("{what} (energy / length^3 of the file's units)"));
        if drag.changed() && v > 0.0 {
            *value = Some(v);
        }
        if value.is_none() && known.is_none() {
            ui.weak("unknown: drag to set");
        } else if value.is_some() && ui.small_button("potential's").clicked() {
            *value = None;
        }
    });
}

fn view(app: &mut SoftmodeApp, ui: &mut egui::Ui) {
    let v = &mut app.state.view;
    ui.heading("View");
    egui::ComboBox::from_label("colour by")
        .selected_text(format!("{:?}", v.color_by))
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut v.color_by, ColorBy::Species, "species");
            ui.selectable_value(&mut v.color_by, ColorBy::Amplitude, "|e_i|");
            ui.selectable_value(&mut v.color_by, ColorBy::Random, "|e_r,i| (random part)");
            ui.selectable_value(&mut v.color_by, ColorBy::Radial, "radial share of e_i");
        });
    egui::ComboBox::from_label("arrows")
        .selected_text(format!("{:?}", v.arrows))
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut v.arrows, ArrowField::None, "none");
            ui.selectable_value(&mut v.arrows, ArrowField::Eigenvector, "A e_i");
            ui.selectable_value(&mut v.arrows, ArrowField::Dipole, "dipole field A s_i");
            ui.selectable_value(&mut v.arrows, ArrowField::Random, "random part A e_r,i");
        });
    ui.add(
        Slider::new(&mut v.arrow_scale, 0.5..=100.0)
            .logarithmic(true)
            .text("arrow scale A"),
    );
    ui.add(Slider::new(&mut v.arrow_min, 0.0..=1.0).text("arrow threshold"));
    ui.add(Slider::new(&mut v.hide_below, 0.0..=1.0).text("hide |e_i| below"));
    ui.add(Slider::new(&mut v.clip_radius, 0.0..=30.0).text("clip radius"))
        .on_hover_text("draw only atoms within this distance of the centre (0: all)");
    ui.horizontal(|ui| {
        egui::ComboBox::from_label("slab")
            .selected_text(v.slab.label())
            .show_ui(ui, |ui| {
                for s in SlabNormal::ALL {
                    ui.selectable_value(&mut v.slab, s, s.label());
                }
            });
    });
    if v.slab != SlabNormal::Off {
        ui.add(Slider::new(&mut v.slab_width, 0.5..=20.0).text("slab width"))
            .on_hover_text(
                "thickness (a0) of the slab through the centre, normal to the chosen axis",
            );
    }
    ui.add(Slider::new(&mut v.atom_scale, 0.1..=1.5).text("atom size"));
    ui.horizontal_wrapped(|ui| {
        ui.checkbox(&mut v.show_centre, "centre");
        ui.checkbox(&mut v.show_core, "core r_c");
        ui.checkbox(&mut v.show_shell, "fit shell");
        ui.checkbox(&mut v.show_axes, "P axes");
        ui.checkbox(&mut v.show_box, "box");
    });
}
