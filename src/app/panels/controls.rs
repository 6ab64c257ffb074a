//! The side panel: the modes of the file, the analysis settings and the view settings.
//! Controls only edit `state`; the frame loop turns changes into a new `Analysis`.

use eframe::egui::{self, Slider};

use super::super::scene::{ArrowField, ColorBy, SlabNormal};
use super::super::SoftmodeApp;
use crate::analysis::couplings::participation;
use crate::analysis::Method;

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
                let text = format!("mode {k}: omega^2 = {w2}, N_e = {:.1}", participation(&m.e));
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
    let moduli = app.potential().moduli();
    let s = &mut app.state.settings;
    ui.heading("Analysis");
    ui.add(Slider::new(&mut s.fig1_r_c, 0.05..=12.0).text("r_c"))
        .on_hover_text("core radius (a0): Fig. 1, core sphere, Fig. 2 line");
    ui.add(Slider::new(&mut s.r_s, 0.0..=12.0).text("r_s"))
        .on_hover_text("inner radius of the dipole fit shell (a0)");
    ui.add(Slider::new(&mut s.d_fit, 0.25..=6.0).text("d_fit"))
        .on_hover_text("thickness of the fit shell (a0)");
    ui.add(Slider::new(&mut s.shell_d, 0.1..=2.0).text("shell width"))
        .on_hover_text("shell width of Fig. 3 (a0)");
    ui.horizontal(|ui| {
        ui.label("method");
        ui.radio_value(&mut s.method, Method::Taylor, "taylor");
        ui.radio_value(&mut s.method, Method::Fit, "fit");
    });
    ui.add(Slider::new(&mut s.a_max, 0.05..=3.0).text("A_max"))
        .on_hover_text("A range of the fit method and Fig. 1 (M^1/2 a0)");
    ui.add(Slider::new(&mut s.n_a, 5..=101).text("A points"));
    ui.checkbox(&mut s.half_weight, "half-weight")
        .on_hover_text("core-outside pairs count 1/2");
    ui.checkbox(&mut s.omega_term, "omega term")
        .on_hover_text("add omega^2/2 to the elastic line");
    ui.checkbox(&mut s.flip, "flip sign")
        .on_hover_text("e -> -e (flips P)");
    let mut bulk = s.bulk.or(moduli.map(|m| m.bulk)).unwrap_or(56.0);
    let mut shear = s.shear.or(moduli.map(|m| m.shear)).unwrap_or(14.0);
    if ui
        .add(Slider::new(&mut bulk, 1.0..=200.0).text("B"))
        .on_hover_text("bulk modulus (E0/a0^3)")
        .changed()
    {
        s.bulk = Some(bulk);
    }
    if ui
        .add(Slider::new(&mut shear, 1.0..=100.0).text("G"))
        .on_hover_text("shear modulus (E0/a0^3)")
        .changed()
    {
        s.shear = Some(shear);
    }
    if ui.button("Default settings").clicked() {
        *s = crate::analysis::Settings::default();
    }
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
