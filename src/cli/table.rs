//! `softmode table FILES...`: Table I for every frame of every file.

use std::path::PathBuf;

use clap::Args;
use softmode::export::table::{Row, Table, TableFormat};

use super::analyze::{analyse, load};
use super::args::{FrameArgs, SettingsArgs};
use super::creation::{compute, CreationArgs};
use super::output::write_text;

#[derive(Args, Debug)]
pub struct TableArgs {
    /// Mode files; every frame of each is a row
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// markdown, csv or latex
    #[arg(long, default_value = "markdown")]
    pub format: TableFormat,
    /// Write to PATH instead of standard output
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// Overwrite an existing output file
    #[arg(long)]
    pub force: bool,
    /// Add the columns E_s and Delta_A (section 11; costs more than the rest)
    #[arg(long)]
    pub creation: bool,
    #[command(flatten)]
    pub creation_settings: CreationArgs,
    #[command(flatten)]
    pub settings: SettingsArgs,
}

pub fn run(args: &TableArgs) -> anyhow::Result<()> {
    let mut table = Table::default();
    if args.creation {
        table.extra = vec!["E_s".into(), "Delta_A".into()];
    }
    let every = FrameArgs { frame: None, all: true };
    for file in &args.files {
        let modes = load(file, &every, &args.settings)?;
        let energies: Vec<Vec<Option<f64>>> = if args.creation {
            compute(&modes, &args.creation_settings, &args.settings)?
                .into_iter()
                .map(|c| vec![c.e_s, c.delta_a])
                .collect()
        } else {
            vec![Vec::new(); modes.len()]
        };
        for (a, extra) in analyse(modes, &args.settings)?.iter().zip(energies) {
            table.rows.push(Row { extra, ..Row::of(a) });
        }
    }
    let text = table.render(args.format);
    write_text(args.out.as_deref().unwrap_or("-".as_ref()), &text, args.force)
}
