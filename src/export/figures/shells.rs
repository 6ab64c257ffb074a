//! Fig. 3: <e^2>_shell r^4 per shell (points joined by a thin line) and the dipole field's
//! <s^2>_shell r^4 (dashed), with the dipole fit window [r_s, r_s + d_fit] shaded.

use crate::analysis::Analysis;

use super::axes::{padded_range, Axis};
use super::legend::dense;
use super::restoring::x_range;
use super::style::FigureStyle;
use super::svg::{Dash, Doc, Glyph, Marker, Panel};

pub const X_LABEL: &str = "*r* (*a*_0)";
pub const Y_LABEL: &str = "⟨*e*^2⟩_{shell} *r*^4 (*a*_0^4)";

/// Option values as f64 with NaN for None (the line and the markers skip them).
fn or_nan(v: &[Option<f64>]) -> Vec<f64> {
    v.iter().map(|x| x.unwrap_or(f64::NAN)).collect()
}

/// The r window shown: as Fig. 2's (half the box), at least up to the end of the fit shell.
pub fn shell_range(a: &Analysis) -> (f64, f64) {
    let (x0, x1) = x_range(a);
    (x0, x1.max(a.settings.r_s + a.settings.d_fit))
}

pub fn draw(a: &Analysis, style: &FigureStyle) -> String {
    let sh = &a.shells;
    let mut doc = Doc::new(style, style.width_pt() * style.aspect);
    let (x0, x1) = shell_range(a);
    let e2 = or_nan(&sh.e2_r4);
    let s2 = or_nan(&sh.s2_r4);
    let shown = sh
        .r_mid
        .iter()
        .zip(e2.iter().zip(&s2))
        .filter(|(&r, _)| r <= x1)
        .flat_map(|(_, (&e, &s))| [e, s]);
    let (_, hi) = padded_range(shown.chain([0.0]), 0.08).unwrap_or((0.0, 1.0));
    let area = [0.0, 0.0, doc.width, doc.height];
    let (c_e, c_s, c_band) = (style.colour(0), style.colour(1), style.band_colour());
    let (r_s, d_fit) = (a.settings.r_s, a.settings.d_fit);
    let mut legend = vec![(
        Glyph::Points {
            colour: c_e.clone(),
            marker: Marker::Circle,
            open: false,
        },
        format!(
            "⟨*e*^2⟩ *r*^4, shells of {} {}",
            sh.d,
            style.unit(&a.potential.units.markup("*a*_0"))
        ),
    )];
    if a.dipole.is_some() {
        legend.push((
            Glyph::Line {
                colour: c_s.clone(),
                dash: Dash::Dashed,
            },
            "dipole field ⟨*s*^2⟩ *r*^4".to_owned(),
        ));
    }
    legend.push((
        Glyph::Band {
            colour: c_band.clone(),
        },
        format!(
            "fit shell {r_s}–{} {}",
            r_s + d_fit,
            style.unit(&a.potential.units.markup("*a*_0"))
        ),
    ));
    let mut panel = Panel::new(
        &mut doc,
        Axis::new(x0, x1, &a.potential.units.markup(X_LABEL)),
        Axis::new(0.0, hi, &a.potential.units.markup(Y_LABEL)),
        area,
    );
    let (de, se) = (dense(&sh.r_mid, &e2), dense(&sh.r_mid, &s2));
    let at = panel.make_room_for_legend(&mut doc, &legend, &[(&de.0, &de.1), (&se.0, &se.1)]);
    panel.band(
        &mut doc,
        "fit_window",
        Some((r_s, r_s + d_fit)),
        None,
        &c_band,
    );
    panel.line(&mut doc, "e2_r4_line", &sh.r_mid, &e2, &c_e, Dash::Solid);
    if a.dipole.is_some() {
        panel.line(&mut doc, "s2_r4", &sh.r_mid, &s2, &c_s, Dash::Dashed);
    }
    panel.points(
        &mut doc,
        "e2_r4",
        &sh.r_mid,
        &e2,
        &c_e,
        Marker::Circle,
        false,
    );
    panel.frame(&mut doc);
    panel.legend(&mut doc, &legend, at);
    doc.finish(
        &format!("Fig. 3: shell mean square displacement, {} frame {}", a.mode.file_name(), a.mode.frame),
        "<e^2>_shell r^4 for consecutive shells of width d (points, at the shell centres); dashed: the same for the fitted dipole field; shaded: the dipole fit shell.",
    )
}
