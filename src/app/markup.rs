//! The figures' label markup (`export::figures::text`: `_x` subscript, `^x` superscript,
//! `*..*` italic) as egui text, so the live plots carry the same labels as the exported
//! figures (E₀, ⟨e²⟩ r⁴, ...), and DejaVu Sans as the fallback font for the symbols the
//! default font lacks.

use eframe::egui::{self, text::LayoutJob, Align, Color32, FontId, TextFormat};

use crate::export::figures::text::{parse, upright_units, Shift};

/// Unicode subscript characters (digits, signs, the letters Unicode has).
const SUB: [(char, char); 32] = [
    ('0', '₀'),
    ('1', '₁'),
    ('2', '₂'),
    ('3', '₃'),
    ('4', '₄'),
    ('5', '₅'),
    ('6', '₆'),
    ('7', '₇'),
    ('8', '₈'),
    ('9', '₉'),
    ('+', '₊'),
    ('−', '₋'),
    ('-', '₋'),
    ('=', '₌'),
    ('(', '₍'),
    (')', '₎'),
    ('a', 'ₐ'),
    ('e', 'ₑ'),
    ('o', 'ₒ'),
    ('x', 'ₓ'),
    ('h', 'ₕ'),
    ('k', 'ₖ'),
    ('l', 'ₗ'),
    ('m', 'ₘ'),
    ('n', 'ₙ'),
    ('p', 'ₚ'),
    ('s', 'ₛ'),
    ('t', 'ₜ'),
    ('i', 'ᵢ'),
    ('r', 'ᵣ'),
    ('u', 'ᵤ'),
    ('v', 'ᵥ'),
];

/// Unicode superscript characters.
const SUP: [(char, char); 18] = [
    ('0', '⁰'),
    ('1', '¹'),
    ('2', '²'),
    ('3', '³'),
    ('4', '⁴'),
    ('5', '⁵'),
    ('6', '⁶'),
    ('7', '⁷'),
    ('8', '⁸'),
    ('9', '⁹'),
    ('+', '⁺'),
    ('−', '⁻'),
    ('-', '⁻'),
    ('=', '⁼'),
    ('(', '⁽'),
    (')', '⁾'),
    ('i', 'ⁱ'),
    ('n', 'ⁿ'),
];

/// `text` in the Unicode sub- or superscript characters of `table`, if it has them all.
fn shifted(text: &str, table: &[(char, char)]) -> Option<String> {
    text.chars()
        .map(|c| table.iter().find(|(from, _)| *from == c).map(|(_, to)| *to))
        .collect()
}

/// The label as a layout job at `size` points in `color`; the unit (the parenthesised
/// end) upright as in the exported figures. Sub- and superscripts are Unicode characters
/// (E₀, A², r⁴) where Unicode has them, else smaller text set low or high.
pub fn job(markup: &str, size: f32, color: Color32) -> LayoutJob {
    let mut job = LayoutJob::default();
    for mut span in parse(&upright_units(markup)) {
        let table: &[(char, char)] = match span.shift {
            Shift::Base => &[],
            Shift::Sub => &SUB,
            Shift::Sup => &SUP,
        };
        if let Some(text) = shifted(&span.text, table).filter(|_| !table.is_empty()) {
            span.text = text;
            span.shift = Shift::Base;
        }
        let (font, valign) = match span.shift {
            Shift::Base => (size, Align::Center),
            Shift::Sub => (0.8 * size, Align::BOTTOM),
            Shift::Sup => (0.8 * size, Align::TOP),
        };
        let format = TextFormat {
            font_id: FontId::proportional(font),
            color,
            italics: span.italic,
            valign,
            ..TextFormat::default()
        };
        job.append(&span.text, 0.0, format);
    }
    job
}

/// A label of `markup` in the ui's text colour (body size, or `small`).
pub fn label(ui: &egui::Ui, markup: &str, small: bool) -> LayoutJob {
    let style = if small {
        egui::TextStyle::Small
    } else {
        egui::TextStyle::Body
    };
    let size = style.resolve(ui.style()).size;
    job(markup, size, ui.visuals().text_color())
}

/// Adds DejaVu Sans (embedded for the exported figures) behind egui's fonts, so that
/// ⟨ ⟩ − ± ∞ and the sub- and superscript digits are drawn, not shown as boxes.
pub fn install_fallback_font(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        "dejavu".to_owned(),
        std::sync::Arc::new(egui::FontData::from_static(
            crate::export::figures::convert::SANS,
        )),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push("dejavu".to_owned());
    }
    ctx.set_fonts(fonts);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_becomes_unicode_sub_and_superscripts_and_italic_sections() {
        let j = job("*D*_2 (*E*_0 *M*^{−1})", 10.0, Color32::WHITE);
        assert_eq!(j.text, "D₂ (E₀ M⁻¹)");
        let italic: String = j
            .sections
            .iter()
            .filter(|s| s.format.italics)
            .map(|s| &j.text[s.byte_range.start.0..s.byte_range.end.0])
            .collect();
        // the quantity italic, the unit upright
        assert_eq!(italic, "D");
        assert_eq!(job("⟨*e*^2⟩ *r*^4", 10.0, Color32::WHITE).text, "⟨e²⟩ r⁴");
        // no subscript c in Unicode: a smaller c set low
        let j = job("*r*_c", 10.0, Color32::WHITE);
        assert_eq!(j.text, "rc");
        let c = &j.sections[1].format;
        assert_eq!(c.valign, Align::BOTTOM);
        assert!(c.font_id.size < 10.0);
    }
}
