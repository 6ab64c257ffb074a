//! `softmode figures FILE [--frame K | --all] --out DIR --format svg,pdf,png`: the
//! publication figures, their CSV data and the JSON result, without a window.

use std::path::PathBuf;

use clap::Args;
use softmode::export::figures::{export_all, FigureStyle, Format};

use super::analyze::{analyse, load};
use super::args::{FrameArgs, SettingsArgs};

#[derive(Args, Debug)]
pub struct FiguresArgs {
    /// Mode file (extended XYZ, plain or .gz)
    pub file: PathBuf,
    #[command(flatten)]
    pub frames: FrameArgs,
    /// Output folder (created if missing); files are named <stem>_m<frame>_fig2.svg etc.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Overwrite existing files
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub look: StyleArgs,
    #[command(flatten)]
    pub settings: SettingsArgs,
}

/// Figure formats and style, shared by every command that draws figures.
#[derive(Args, Debug, Clone)]
pub struct StyleArgs {
    /// Figure formats, comma-separated: svg, pdf, png
    #[arg(long, value_delimiter = ',', default_value = "svg,pdf")]
    pub format: Vec<String>,
    /// Figure width in inches (3.4 single column, 7 double column)
    #[arg(long, default_value_t = 3.4)]
    pub width_in: f64,
    /// Font size at print size (pt)
    #[arg(long)]
    pub font_pt: Option<f64>,
    /// PNG resolution (dots per inch)
    #[arg(long, default_value_t = 600.0)]
    pub dpi: f64,
    /// Black and grey only
    #[arg(long)]
    pub greyscale: bool,
    /// Units in the axis labels italic as marked up (default: upright, as journals set them)
    #[arg(long)]
    pub italic_units: bool,
    /// Figure style as JSON (FigureStyle fields); the flags above override it
    #[arg(long, value_name = "PATH")]
    pub style: Option<PathBuf>,
}

impl StyleArgs {
    /// The style the flags describe (a style file first, then the flags on top).
    pub fn figure_style(&self) -> anyhow::Result<FigureStyle> {
        let mut style = match &self.style {
            Some(p) => {
                let text = std::fs::read_to_string(p)
                    .map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
                serde_json::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?
            }
            None if self.width_in >= 5.0 => {
                FigureStyle::with_width(softmode::export::figures::Width::Double)
            }
            None => FigureStyle::default(),
        };
        style.width_in = self.width_in;
        if let Some(f) = self.font_pt {
            style.font_pt = f;
        }
        style.greyscale |= self.greyscale;
        style.upright_units &= !self.italic_units;
        style.validate().map_err(anyhow::Error::msg)?;
        Ok(style)
    }

    /// The formats asked for.
    pub fn formats(&self) -> anyhow::Result<Vec<Format>> {
        Ok(self
            .format
            .iter()
            .map(|f| Format::parse(f, self.dpi))
            .collect::<Result<Vec<_>, _>>()?)
    }
}

pub fn run(args: &FiguresArgs) -> anyhow::Result<()> {
    let style = args.look.figure_style()?;
    let formats = args.look.formats()?;
    let modes = load(&args.file, &args.frames, &args.settings)?;
    for a in analyse(modes, &args.settings)? {
        for path in export_all(&a, &args.out, &formats, &style, args.force)? {
            println!("{}", path.display());
        }
    }
    Ok(())
}
