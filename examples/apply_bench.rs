//! Incremental rebuild timing on a generated corpus, without HTTP:
//! `cargo run --release --example apply_bench -- /tmp/c10k [edits]`.
//! Prints the full in-memory build time and the median `Project::apply`
//! time for a one-page body edit, then for the search index update.

use std::path::PathBuf;
use std::time::Instant;

use annals::build::BuildOptions;
use annals::project::{Change, Project};

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().unwrap_or_else(|| "/tmp/c10k".into()));
    let edits: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(10);
    let t = Instant::now();
    let mut project = match Project::open(BuildOptions { root: root.clone(), ..Default::default() }) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    println!("open (full build in memory): {:.0} ms", t.elapsed().as_secs_f64() * 1000.0);
    let page = walkdir::WalkDir::new(root.join("content/reports"))
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .find(|e| e.file_name().to_string_lossy().ends_with(".md") && !e.file_name().to_string_lossy().starts_with('_'))
        .map(|e| e.path().to_path_buf())
        .expect("a page");
    let original = std::fs::read_to_string(&page).expect("read page");
    let mut apply_ms = Vec::new();
    let mut search_ms = Vec::new();
    for i in 0..edits {
        std::fs::write(&page, format!("{original}\n\n编辑第{i}次。\n")).expect("write");
        let t = Instant::now();
        let applied = project.apply(&[Change::Content(page.clone())]).expect("apply");
        apply_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        project.update_search().expect("search index");
        search_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        if i == 0 {
            println!("first edit: {} pages re-rendered, {} files changed", applied.rendered, applied.changed.len());
        }
    }
    std::fs::write(&page, original).expect("restore");
    let median = |v: &mut Vec<f64>| {
        v.sort_by(|a, b| a.total_cmp(b));
        v[v.len() / 2]
    };
    println!("apply (one-page edit), median of {edits}: {:.0} ms", median(&mut apply_ms));
    println!("search index update, median of {edits}: {:.0} ms", median(&mut search_ms));
}
