//! SVG to PDF (svg2pdf, vector, fonts embedded as subsets) and to PNG (resvg), both with
//! the embedded DejaVu Sans so that no system font is consulted.

use std::sync::{Arc, OnceLock};

use usvg::fontdb;

use crate::error::{Error, Result};

pub const SANS: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
const SANS_OBLIQUE: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Oblique.ttf");

/// The font database with only the embedded fonts (built once).
pub fn fonts() -> Arc<fontdb::Database> {
    static DB: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_font_data(SANS.to_vec());
        db.load_font_data(SANS_OBLIQUE.to_vec());
        db.set_sans_serif_family("DejaVu Sans");
        Arc::new(db)
    })
    .clone()
}

/// Parses our SVG with 1 user unit = 1 pt (usvg at 72 dpi).
pub fn parse(svg: &str) -> Result<usvg::Tree> {
    let options = usvg::Options {
        dpi: 72.0,
        font_family: "DejaVu Sans".into(),
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options).map_err(|e| Error::Convert(format!("SVG: {e}")))
}

/// A vector PDF of the SVG; the page has the figure's size in points.
pub fn to_pdf(svg: &str) -> Result<Vec<u8>> {
    let tree = parse(svg)?;
    svg2pdf::to_pdf(
        &tree,
        svg2pdf::ConversionOptions::default(),
        svg2pdf::PageOptions { dpi: 72.0 },
    )
    .map_err(|e| Error::Convert(format!("PDF: {e}")))
}

/// Pixel size of a figure `width_pt` x `height_pt` at `dpi`.
pub fn pixel_size(width_pt: f64, height_pt: f64, dpi: f64) -> (u32, u32) {
    let px = |pt: f64| (pt / 72.0 * dpi).round().max(1.0) as u32;
    (px(width_pt), px(height_pt))
}

/// A PNG of the SVG at `dpi`, with the resolution recorded in its pHYs chunk.
pub fn to_png(svg: &str, dpi: f64) -> Result<Vec<u8>> {
    if !(dpi.is_finite() && dpi > 0.0 && dpi <= 4800.0) {
        return Err(Error::Setting(format!("dpi = {dpi} must be in (0, 4800]")));
    }
    let tree = parse(svg)?;
    let size = tree.size();
    let (w, h) = pixel_size(f64::from(size.width()), f64::from(size.height()), dpi);
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h)
        .ok_or_else(|| Error::Convert(format!("PNG: cannot allocate {w} x {h} pixels")))?;
    let sx = w as f32 / size.width();
    let sy = h as f32 / size.height();
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(sx, sy),
        &mut pixmap.as_mut(),
    );
    let rgba: Vec<u8> = pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        })
        .collect();
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        let per_metre = (dpi / 0.0254).round() as u32;
        enc.set_pixel_dims(Some(png::PixelDimensions {
            xppu: per_metre,
            yppu: per_metre,
            unit: png::Unit::Meter,
        }));
        let png_err = |e: png::EncodingError| Error::Convert(format!("PNG: {e}"));
        let mut writer = enc.write_header().map_err(png_err)?;
        writer.write_image_data(&rgba).map_err(png_err)?;
    }
    Ok(out)
}
