//! Labels with sub- and superscripts and italics, written as SVG `<text>` with `<tspan>`s
//! (text stays text in SVG and PDF).
//!
//! Markup: `_x` or `_{..}` subscript, `^x` or `^{..}` superscript, `*..*` italic (for
//! symbols of quantities). Everything else is literal Unicode (⟨, ⟩, ₀, −, ...).

use std::fmt::Write as _;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shift {
    Base,
    Sub,
    Sup,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Span {
    pub text: String,
    pub shift: Shift,
    pub italic: bool,
}

/// Splits a marked-up label into spans.
pub fn parse(markup: &str) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    let mut italic = false;
    let mut chars = markup.chars().peekable();
    let push = |spans: &mut Vec<Span>, c: char, shift: Shift, italic: bool| match spans.last_mut() {
        Some(s) if s.shift == shift && s.italic == italic => s.text.push(c),
        _ => spans.push(Span {
            text: c.to_string(),
            shift,
            italic,
        }),
    };
    while let Some(c) = chars.next() {
        match c {
            '*' => italic = !italic,
            '_' | '^' => {
                let shift = if c == '_' { Shift::Sub } else { Shift::Sup };
                let mut group = String::new();
                if chars.peek() == Some(&'{') {
                    chars.next();
                    for g in chars.by_ref() {
                        if g == '}' {
                            break;
                        }
                        group.push(g);
                    }
                } else if let Some(g) = chars.next() {
                    group.push(g);
                }
                // Inside a group `*` still toggles italics.
                let mut it = italic;
                for g in group.chars() {
                    if g == '*' {
                        it = !it;
                    } else {
                        push(&mut spans, g, shift, it);
                    }
                }
            }
            _ => push(&mut spans, c, Shift::Base, italic),
        }
    }
    spans
}

/// The label as plain text (for tests and accessibility titles).
pub fn plain(markup: &str) -> String {
    parse(markup).iter().map(|s| s.text.as_str()).collect()
}

/// The label with its unit upright: the `*` italics marks removed from the parenthesised
/// unit at its end ("*r*_c (*a*_0)" -> "*r*_c (a_0)"); a label without one unchanged.
pub fn upright_units(markup: &str) -> String {
    let Some(body) = markup.strip_suffix(')') else {
        return markup.to_owned();
    };
    // the '(' that opens the final group
    let mut depth = 0;
    let open = body.char_indices().rev().find_map(|(i, c)| match c {
        ')' => {
            depth += 1;
            None
        }
        '(' if depth == 0 => Some(i),
        '(' => {
            depth -= 1;
            None
        }
        _ => None,
    });
    match open {
        Some(i) => format!("{}{})", &body[..i], body[i..].replace('*', "")),
        None => markup.to_owned(),
    }
}

/// Escapes text for XML.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Rough advance width of the label in points (DejaVu Sans averages ~0.6 em).
pub fn width_pt(markup: &str, font_pt: f64) -> f64 {
    parse(markup)
        .iter()
        .map(|s| {
            let size = if s.shift == Shift::Base {
                font_pt
            } else {
                0.7 * font_pt
            };
            s.text.chars().count() as f64 * 0.6 * size
        })
        .sum()
}

/// Where the anchor point lies on the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    fn css(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// One `<text>` element at (x, y) (baseline), rotated by `rotate` degrees about it.
pub fn svg_text(
    markup: &str,
    x: f64,
    y: f64,
    font_pt: f64,
    anchor: Anchor,
    rotate: f64,
    class: &str,
) -> String {
    let mut out = String::new();
    let transform = if rotate == 0.0 {
        String::new()
    } else {
        format!(r#" transform="rotate({rotate} {x:.2} {y:.2})""#)
    };
    // xml:space="preserve": the spaces at the edges of the tspans are words' spaces; some
    // renderers (librsvg, hence rsvg-convert and GNOME viewers) drop them otherwise
    let _ = write!(
        out,
        r#"<text class="{class}" x="{x:.2}" y="{y:.2}" xml:space="preserve" font-size="{font_pt:.2}" text-anchor="{}"{transform}>"#,
        anchor.css()
    );
    let mut level = 0.0; // current baseline offset (pt, down positive)
    for s in parse(markup) {
        let (target, size) = match s.shift {
            Shift::Base => (0.0, font_pt),
            Shift::Sub => (0.3 * font_pt, 0.7 * font_pt),
            Shift::Sup => (-0.4 * font_pt, 0.7 * font_pt),
        };
        let dy = target - level;
        level = target;
        let _ = write!(out, "<tspan");
        if dy != 0.0 {
            let _ = write!(out, r#" dy="{dy:.2}""#);
        }
        if size != font_pt {
            let _ = write!(out, r#" font-size="{size:.2}""#);
        }
        if s.italic {
            let _ = write!(out, r#" font-style="italic""#);
        }
        let _ = write!(out, ">{}</tspan>", escape(&s.text));
    }
    out.push_str("</text>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup() {
        let s = parse("*D*_2 (*E*_0 *A*^{−2})");
        assert_eq!(plain("*D*_2 (*E*_0 *A*^{−2})"), "D2 (E0 A−2)");
        assert_eq!(
            s[0],
            Span {
                text: "D".into(),
                shift: Shift::Base,
                italic: true
            }
        );
        assert_eq!(s[1].shift, Shift::Sub);
        assert_eq!(s.last().map(|s| s.text.as_str()), Some(")"));
        assert_eq!(plain("*r*_{c,in}"), "rc,in");
    }

    #[test]
    fn units_are_set_upright_and_quantities_stay_italic() {
        let label = "*P*_{*ii*} (*E*_0 *M*^{−1/2} *a*_0^{−1})";
        let up = upright_units(label);
        assert_eq!(up, "*P*_{*ii*} (E_0 M^{−1/2} a_0^{−1})");
        assert_eq!(plain(&up), plain(label));
        let italic: String = parse(&up)
            .iter()
            .filter(|s| s.italic)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(italic, "Pii");
        assert_eq!(
            upright_units("*E*(*A*) (*E*_0) (x)"),
            "*E*(*A*) (*E*_0) (x)"
        );
        assert_eq!(
            upright_units("*A* (*M*^{1/2} (*a*_0))"),
            "*A* (M^{1/2} (a_0))"
        );
        for unchanged in ["*r*_c", "*x*)", "no unit"] {
            assert_eq!(upright_units(unchanged), unchanged);
        }
    }

    #[test]
    fn text_element_returns_to_baseline() {
        let t = svg_text("*x*^2 + 1", 0.0, 0.0, 10.0, Anchor::Start, 0.0, "l");
        assert!(
            t.contains(r#"dy="-4.00""#) && t.contains(r#"dy="4.00""#),
            "{t}"
        );
    }
}
