//! `annals commitments`: every commitment of the site and its follow-up.

use std::path::PathBuf;

use anyhow::Result;

use annals::build::{BuildOptions, load_site};
use annals::commitments::records::{records, to_json};

#[derive(Debug, Clone, clap::Args)]
pub struct CommitmentsArgs {
    /// Site root.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Print JSON (the same as the build's `commitments.json`).
    #[arg(long)]
    pub json: bool,
    /// Include drafts.
    #[arg(long)]
    pub drafts: bool,
}

pub fn run(args: &CommitmentsArgs) -> Result<()> {
    let opts = BuildOptions { root: args.root.clone(), drafts: args.drafts, ..Default::default() };
    let loaded = load_site(&opts)?;
    let recs = records(&loaded.site, &loaded.ledger);
    if args.json {
        print!("{}", to_json(&recs));
        return Ok(());
    }
    for r in &recs {
        let year = |y: Option<i32>| y.map(|y| y.to_string()).unwrap_or_default();
        println!(
            "{} {} → {}  [{}{}] score {:.3}",
            r.series,
            year(r.promise_year),
            year(r.followup_year),
            r.status,
            if r.confirmed { ", confirmed" } else { "" },
            r.score
        );
        println!("  promise:   {}  ({})", short(&r.promise_text, 80), r.promise_url);
        match &r.followup_text {
            Some(t) => println!("  follow-up: {}  ({})", short(t, 80), r.followup_url),
            None => println!("  follow-up: none found"),
        }
    }
    let found = recs.iter().filter(|r| r.followup_text.is_some()).count();
    let confirmed = recs.iter().filter(|r| r.confirmed).count();
    println!(
        "{} commitments: {found} with follow-up, {} without, {confirmed} confirmed",
        recs.len(),
        recs.len() - found
    );
    Ok(())
}

fn short(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n).collect();
    if s.chars().count() > n {
        out.push('…');
    }
    out
}
