//! `softmode table FILES...`: Table I for every frame of every file.

use std::path::PathBuf;

use clap::Args;
use softmode::export::table::{Row, Table, TableFormat};

use super::analyze::{analyse, load};
use super::args::{FrameArgs, SettingsArgs};
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
    #[command(flatten)]
    pub settings: SettingsArgs,
}

pub fn run(args: &TableArgs) -> anyhow::Result<()> {
    let mut table = Table::default();
    let every = FrameArgs {
        frame: None,
        all: true,
    };
    for file in &args.files {
        let modes = load(file, &every, &args.settings)?;
        table
            .rows
            .extend(analyse(modes, &args.settings)?.iter().map(Row::of));
    }
    let text = table.render(args.format);
    write_text(
        args.out.as_deref().unwrap_or("-".as_ref()),
        &text,
        args.force,
    )
}
