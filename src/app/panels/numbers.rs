//! The numbers panel: the Table I row of the mode, the checks, the warnings, and
//! "Copy as text" (the library's text summary). Each number is one label "name = value"
//! so that it can be read (and tested) by its text.

use eframe::egui::{self, RichText};

use crate::analysis::elastic::{eshelby_ratio, shear_to_dilatation_ratio};
use crate::analysis::Analysis;
use crate::export::summary::summary;
use crate::model::ModeKind;

/// `x` with `digits` decimals, or "undefined".
pub fn opt(x: Option<f64>, digits: usize) -> String {
    x.map_or_else(|| "undefined".to_owned(), |v| format!("{v:.digits$}"))
}

/// `x` with `digits` significant digits, in scientific notation outside 1e-3..1e5.
pub fn significant(x: f64, digits: usize) -> String {
    let magnitude = if x == 0.0 {
        0
    } else {
        x.abs().log10().floor() as i32
    };
    if x != 0.0 && !(-3..5).contains(&magnitude) {
        return format!("{x:.*e}", digits.saturating_sub(1));
    }
    let decimals = (digits as i32 - 1 - magnitude).max(0) as usize;
    format!("{x:.decimals$}")
}

/// The Table I lines of `a`, as shown.
pub fn table_lines(a: &Analysis) -> Vec<String> {
    let units = a.potential.units;
    // A quartic mode's omega^2 column holds its curvature kappa = pi.D.pi (section 15).
    let name = match a.mode.kind {
        ModeKind::Normal => "omega^2",
        ModeKind::Quartic => "kappa",
    };
    let omega2 = match units.frequency_thz(a.omega2) {
        Some(nu) => format!("{name} = {:.6} (nu = {nu:.3} THz)", a.omega2),
        None => format!("{name} = {:.6}", a.omega2),
    };
    let mut out = vec![
        omega2,
        format!("N_e = {:.1}", a.n_e),
        units.plain(&format!("r_in = {} a0", opt(a.r_in, 2))),
        format!("f_r = {} +- {}", opt(a.f_r, 4), opt(a.f_r_stderr, 4)),
    ];
    match &a.dipole {
        Some(f) => {
            let p = &f.principal;
            for k in 0..3 {
                let err = f
                    .principal_stderr
                    .map_or_else(|| "?".to_owned(), |e| format!("{:.2}", e[k]));
                let ax = p.axes[k];
                // value and axis on two lines: one would wrap in a panel this narrow
                out.push(format!("P{0}{0} = {1:.2} +- {2}", k + 1, p.values[k], err));
                out.push(format!("  axis ({:.3}, {:.3}, {:.3})", ax[0], ax[1], ax[2]));
            }
            out.push(format!("planar shear = {:.2}", p.shear_planar()));
            out.push(format!("second shear = {:.2}", p.shear_second()));
            out.push(format!("trace = {:.2}", p.trace()));
            out.push(format!("residual fraction = {:.3}", f.residual_fraction));
        }
        None => out.push(format!("P: {}", a.no_dipole_reason())),
    }
    // 4 significant digits: in metal units D4 is ~1e-5 eV/(amu^2 Å^4)
    out.push(format!("D4 = {}", significant(a.d4(), 4)));
    out.push(format!("lambda_t = {}", opt(a.lambda_t, 2)));
    out.push(format!("lambda_l = {}", opt(a.lambda_l, 2)));
    out.push(format!("W = {}", opt(a.w, 4)));
    out.push(format!("A0 = {}", opt(a.a0, 4)));
    out
}

/// The checks of `a`, as shown.
pub fn check_lines(a: &Analysis) -> Vec<String> {
    let c = &a.core.centre;
    vec![
        format!("D1(inf) = {:.3e}", a.d_inf[0]),
        format!("2 D2(inf)/omega^2 = {:.6}", 2.0 * a.d_inf[1] / a.omega2),
        match a.mode.kind {
            ModeKind::Normal => format!("eigen_residual = {:.2e}", a.core.eigen_residual),
            ModeKind::Quartic => format!(
                "eigen_residual = {:.2e} (a quartic mode is no eigenvector)",
                a.core.eigen_residual
            ),
        },
        a.potential
            .units
            .plain(&format!("centre shift = {:.3} a0", c.shift_from_start)),
        format!("weight in sphere = {:.1} %", 100.0 * c.weight_in_sphere),
        format!("K = {}", opt(a.k, 4)),
        format!(
            "shear/dilatation (point dipole) = {}",
            opt(a.medium.as_ref().map(shear_to_dilatation_ratio), 2)
        ),
        format!(
            "zeta/G (Eshelby sphere) = {}",
            opt(a.medium.as_ref().map(eshelby_ratio), 3)
        ),
        "paper's 1.22 = the Eshelby sphere".to_owned(),
    ]
}

/// One "name = value" line; a line wider than the panel wraps (at a space, so the
/// value moves whole to the next line) instead of being cut at the edge.
fn mono(ui: &mut egui::Ui, line: String) {
    ui.add(egui::Label::new(RichText::new(line).monospace()).wrap_mode(egui::TextWrapMode::Wrap));
}

pub fn ui(a: Option<&Analysis>, ui: &mut egui::Ui) {
    let Some(a) = a else {
        ui.label("no analysis yet");
        return;
    };
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.heading("Table I row");
            if ui.button("Copy as text").clicked() {
                ui.ctx().copy_text(summary(a));
            }
        });
        ui.label(format!(
            "method {}, {} atoms",
            a.settings.method.as_str(),
            a.mode.n_atoms()
        ));
        for line in table_lines(a) {
            mono(ui, line);
        }
        ui.separator();
        ui.heading("Checks");
        for line in check_lines(a) {
            mono(ui, line);
        }
        if !a.warnings.is_empty() {
            ui.separator();
            ui.heading("Warnings");
            for w in &a.warnings {
                ui.colored_label(egui::Color32::from_rgb(255, 170, 80), w);
            }
            if a.beyond_half_box {
                ui.label(RichText::new(crate::app::plots::PAST_HALF_BOX).small());
            }
        }
    });
}
