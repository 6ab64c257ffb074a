//! `FigureStyle`: one look for every exported figure (width, font size, colours).

use serde::{Deserialize, Serialize};

/// Journal column widths.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Width {
    /// 3.4 in (one column of a two-column journal).
    Single,
    /// 7 in (full page width).
    Double,
}

impl Width {
    pub fn inches(self) -> f64 {
        match self {
            Width::Single => 3.4,
            Width::Double => 7.0,
        }
    }
}

/// The style applied to all figures. Lengths in points (1/72 in) at print size.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FigureStyle {
    /// Figure width in inches (3.4 single column, 7 double column).
    pub width_in: f64,
    /// Height of one panel as a fraction of the width.
    pub aspect: f64,
    /// Font size of labels at print size (pt); tick labels are 0.85 of it.
    pub font_pt: f64,
    /// Line width of data lines (pt).
    pub line_pt: f64,
    /// Marker size (diameter, pt).
    pub marker_pt: f64,
    /// Draw everything in black and grey (markers still differ by shape).
    pub greyscale: bool,
    /// Colours of the data series in order, as CSS colours ("#1f77b4").
    pub colours: Vec<String>,
    /// Colour of shaded bands and windows.
    pub band: String,
    /// Font family name written into the SVG (the embedded font is DejaVu Sans).
    pub font_family: String,
    /// Set the units of axis labels (the parenthesised end) upright, as journals set unit
    /// symbols, while the quantities stay italic; off: italics as marked up.
    pub upright_units: bool,
}

impl Default for FigureStyle {
    fn default() -> Self {
        Self {
            width_in: Width::Single.inches(),
            aspect: 0.75,
            font_pt: 9.0,
            line_pt: 1.0,
            marker_pt: 3.6,
            greyscale: false,
            // Colour-blind-safe (Okabe-Ito) blue, vermillion, bluish green, reddish purple.
            colours: ["#0072B2", "#D55E00", "#009E73", "#CC79A7"]
                .map(String::from)
                .to_vec(),
            band: "#B0B0B0".into(),
            font_family: "DejaVu Sans".into(),
            upright_units: true,
        }
    }
}

impl FigureStyle {
    /// The default style at a journal width.
    pub fn with_width(width: Width) -> Self {
        Self {
            width_in: width.inches(),
            // A double-column figure is not a blown-up single-column one: flatter panels.
            aspect: if width == Width::Double { 0.5 } else { 0.75 },
            ..Self::default()
        }
    }

    /// Width in points.
    pub fn width_pt(&self) -> f64 {
        self.width_in * 72.0
    }

    /// The colour of series `k`.
    pub fn colour(&self, k: usize) -> String {
        if self.greyscale {
            return ["#000000", "#555555", "#000000", "#555555"][k % 4].into();
        }
        match self.colours.get(k % self.colours.len().max(1)) {
            Some(c) if !c.is_empty() => c.clone(),
            _ => "#000000".into(),
        }
    }

    /// A unit symbol inside a legend or annotation ("*a*_0"): upright (italics marks
    /// dropped) when the style sets units upright.
    pub fn unit(&self, markup: &str) -> String {
        if self.upright_units {
            markup.replace('*', "")
        } else {
            markup.to_owned()
        }
    }

    /// Colour of shaded bands.
    pub fn band_colour(&self) -> String {
        if self.greyscale {
            "#C8C8C8".into()
        } else {
            self.band.clone()
        }
    }

    /// Rejects sizes that cannot make a figure.
    pub fn validate(&self) -> Result<(), String> {
        for (name, v) in [
            ("width_in", self.width_in),
            ("aspect", self.aspect),
            ("font_pt", self.font_pt),
            ("line_pt", self.line_pt),
            ("marker_pt", self.marker_pt),
        ] {
            if !(v.is_finite() && v > 0.0) {
                return Err(format!("figure style: {name} = {v} must be positive"));
            }
        }
        if self.width_in > 100.0 {
            return Err(format!(
                "figure style: width_in = {} is not a print width",
                self.width_in
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_in_legends_follow_the_style() {
        let upright = FigureStyle::default();
        assert_eq!(upright.unit("*a*_0"), "a_0");
        let italic = FigureStyle {
            upright_units: false,
            ..FigureStyle::default()
        };
        assert_eq!(italic.unit("*a*_0"), "*a*_0");
    }
}
