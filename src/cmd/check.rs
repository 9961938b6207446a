//! `annals check`: heading trees, masks, structural problems, translation coverage.

use std::path::PathBuf;

use anyhow::{Result, bail};

use annals::build::BuildOptions;
use annals::check::check;

#[derive(Debug, Clone, clap::Args)]
pub struct CheckArgs {
    /// Site root.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Treat structural problems and translation gaps as errors (for CI).
    #[arg(long)]
    pub strict: bool,
    /// Only print problems and the coverage table, not every page's heading tree.
    #[arg(long, short)]
    pub quiet: bool,
    /// Include drafts.
    #[arg(long)]
    pub drafts: bool,
}

pub fn run(args: &CheckArgs) -> Result<()> {
    annals::memory::keep_freed_memory();
    let opts = BuildOptions { root: args.root.clone(), drafts: args.drafts, ..Default::default() };
    let report = check(&opts)?;
    if !args.quiet {
        for p in &report.pages {
            println!("{} [{}] masks: {}", p.file.display(), p.lang, p.masks);
            for (level, title, line) in &p.headings {
                println!("  {:width$}{title}  (line {line})", "", width = (*level as usize).saturating_sub(1) * 2);
            }
        }
        println!();
    }
    let kind = if args.strict { "error" } else { "warning" };
    for p in &report.problems {
        println!("{kind}: {}:{}: {}", p.file.display(), p.line, p.message);
    }
    println!();
    println!("Translation coverage");
    println!(
        "{:<8} {:>6} {:>9} {:>14} {:>17} {:>15}",
        "lang", "pages", "sections", "missing pages", "missing sections", "missing UI keys"
    );
    for c in &report.coverage {
        println!(
            "{:<8} {:>6} {:>9} {:>14} {:>17} {:>15}",
            c.lang,
            c.pages,
            c.sections,
            c.missing_pages.len(),
            c.missing_sections.len(),
            c.missing_strings.len()
        );
    }
    for c in &report.coverage {
        for f in &c.missing_pages {
            println!("  {}: no `{}` version of {}", kind, c.lang, f.display());
        }
        for f in &c.missing_sections {
            println!("  {}: no `{}` version of section {}", kind, c.lang, f.display());
        }
        for k in &c.missing_strings {
            println!("  {}: UI string `{k}` missing in i18n/{}.toml", kind, c.lang);
        }
    }
    if !report.commitments.is_empty() {
        println!();
        println!("Commitments to review");
        for p in &report.commitments {
            println!("  review: {}:{}: {}", p.file.display(), p.line, p.message);
        }
    }
    let gaps = report.translation_gaps();
    println!();
    println!("{} pages, {} problems, {} translation gaps", report.pages.len(), report.problems.len(), gaps);
    if args.strict && (gaps > 0 || !report.problems.is_empty()) {
        bail!("check --strict failed: {} problems, {gaps} translation gaps", report.problems.len());
    }
    Ok(())
}
