//! `annals snapshot <year>` and `annals snapshot --verify [<year>]`.

use std::path::PathBuf;

use anyhow::{Result, bail};

use annals::archive::{SnapshotOptions, snapshot_dirs, today, verify};
use annals::build::take_snapshot;
use annals::config::SiteConfig;

#[derive(Debug, Clone, clap::Args)]
pub struct SnapshotArgs {
    /// Year to freeze (content up to and including that year).
    pub year: Option<i32>,
    /// Check snapshots against their MANIFEST.sha256 instead (one year, or all).
    #[arg(long)]
    pub verify: bool,
    /// Replace an existing snapshot of that year.
    #[arg(long)]
    pub force: bool,
    /// Date shown in the snapshot banner (YYYY-MM-DD; default: today, UTC).
    #[arg(long)]
    pub date: Option<String>,
    /// Include drafts.
    #[arg(long)]
    pub drafts: bool,
    /// Site root.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

pub fn run(args: &SnapshotArgs) -> Result<()> {
    annals::memory::keep_freed_memory();
    if args.verify {
        return run_verify(args);
    }
    let Some(year) = args.year else {
        bail!("which year? usage: annals snapshot <year> [--force] [--date YYYY-MM-DD]")
    };
    let opts = SnapshotOptions {
        root: args.root.clone(),
        year,
        date: args.date.clone().unwrap_or_else(today),
        force: args.force,
        drafts: args.drafts,
    };
    if let Some(w) = SiteConfig::load(&args.root)?.placeholder_warning() {
        eprintln!("warning: {w} (the snapshot itself names no host and works wherever it is moved)");
    }
    let (dir, files) = take_snapshot(&opts)?;
    println!("Snapshot of {year} written to {} ({files} files, taken on {}).", dir.display(), opts.date);
    println!(
        "Verify with `annals snapshot --verify {year}` or `cd {} && sha256sum -c MANIFEST.sha256`.",
        dir.display()
    );
    Ok(())
}

fn run_verify(args: &SnapshotArgs) -> Result<()> {
    let config = SiteConfig::load(&args.root)?;
    let mut dirs = snapshot_dirs(&args.root, &config);
    if let Some(y) = args.year {
        dirs.retain(|(year, _)| *year == y);
        if dirs.is_empty() {
            bail!("{}: no snapshot of {y}", args.root.join(&config.archive_dir).display());
        }
    }
    if dirs.is_empty() {
        println!("No snapshots under {}.", args.root.join(&config.archive_dir).display());
        return Ok(());
    }
    let mut failed = 0;
    for (year, dir) in dirs {
        let v = verify(&dir)?;
        if v.ok() {
            println!("{year}: OK ({} files match MANIFEST.sha256)", v.files);
            continue;
        }
        failed += 1;
        println!("{year}: FAILED ({})", dir.display());
        for f in &v.modified {
            println!("  modified: {f}");
        }
        for f in &v.missing {
            println!("  missing:  {f}");
        }
        for f in &v.extra {
            println!("  extra:    {f}");
        }
    }
    if failed > 0 {
        bail!("{failed} snapshot(s) differ from their manifest");
    }
    Ok(())
}
