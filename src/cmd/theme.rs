//! `annals theme eject`: copy the default theme into the site for editing.

use std::path::PathBuf;

use anyhow::Result;

use annals::scaffold::eject_theme;

#[derive(Debug, Clone, clap::Args)]
pub struct ThemeArgs {
    #[command(subcommand)]
    pub action: ThemeAction,
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum ThemeAction {
    /// Write the default theme's templates, static files and UI strings into
    /// the site's templates/, static/ and i18n/, never overwriting a file that
    /// exists (those are listed as skipped).
    Eject {
        /// Site root (the folder with site.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

pub fn run(args: &ThemeArgs) -> Result<()> {
    match &args.action {
        ThemeAction::Eject { root } => {
            let report = eject_theme(root)?;
            for f in &report.written {
                println!("wrote    {f}");
            }
            for f in &report.skipped {
                println!("skipped  {f} (exists; left as it is)");
            }
            println!(
                "{} files written, {} skipped. The site's files now override the built-in theme file by file.",
                report.written.len(),
                report.skipped.len()
            );
            Ok(())
        }
    }
}
