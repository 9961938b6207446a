//! `annals build`: build the site into the output folder.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::Result;

use annals::build::{BuildOptions, build_to_disk, output_folder};

#[derive(Debug, Clone, clap::Args)]
pub struct BuildArgs {
    /// Site root (the folder with site.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Output folder (default: `output_dir` of site.toml, relative to the root).
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Override `base_url` of site.toml.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
    /// Links name `index.html`, so the output can be browsed from disk (file://).
    #[arg(long)]
    pub file_links: bool,
    /// Print only errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// Rebuild whenever content, templates, static files or site.toml change.
    #[arg(long)]
    pub watch: bool,
}

impl BuildArgs {
    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            root: self.root.clone(),
            base_url: self.base_url.clone(),
            drafts: self.drafts,
            index_links: self.file_links,
            ..Default::default()
        }
    }

    pub fn output_dir(&self) -> Result<PathBuf> {
        Ok(output_folder(&self.root, self.output.as_deref())?)
    }
}

pub fn run(args: &BuildArgs) -> Result<()> {
    if args.watch {
        // The watcher starts first, so a failed first build or an edit made
        // during it is not lost.
        return annals::watch::watch_build(args.options(), &|| args.output_dir(), args.quiet);
    }
    run_once(args)
}

/// One build, written atomically; errors are returned for printing.
fn run_once(args: &BuildArgs) -> Result<()> {
    annals::memory::keep_freed_memory();
    let out_dir = args.output_dir()?;
    let show_bar = !args.quiet && std::io::stderr().is_terminal();
    let bar = indicatif::ProgressBar::hidden();
    if show_bar {
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} rendering {pos}/{len} pages {wide_bar}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
    }
    let progress = |done: usize, total: usize| {
        if show_bar && total > 500 {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    };
    let summary = build_to_disk(&args.options(), &out_dir, &progress)?;
    bar.finish_and_clear();
    if !args.quiet {
        for w in &summary.warnings {
            eprintln!("warning: {w}");
        }
        eprintln!("{}", summary.describe(&out_dir));
    }
    Ok(())
}
