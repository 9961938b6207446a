//! Search index benchmark: 5,000 Chinese pages of ~5 KB built from sentences
//! of the government work reports corpus, plus 5,000 English pages of ~5 KB
//! of Zipf-distributed words, indexed with `annals::search::build_index`.
//!
//!     cargo run --release --example index_bench -- [out-dir] [corpus.jsonl] [docs-per-lang]
//!     cargo run --release --example index_bench -- [out-dir] --root <site dir> [repeat]
//!
//! The second form indexes the pages of a real site (e.g. the benchmark
//! corpus from `bench/gen_corpus.py`), exactly as `annals build` does.
//! Prints build time, the indexer's peak memory above the loaded site, and
//! sizes; with `out-dir`, writes the `search/` files there so
//! `node tests/js/query_bytes.mjs <out-dir>` can measure per-query loads.

use std::time::Instant;

use annals::search::{IndexOptions, SearchDoc, build_index};

/// A small deterministic PRNG (xorshift64*), so runs are comparable.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// Zipf-like rank in 0..n (s ≈ 1).
    fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((n as f64).powf(u) as usize).saturating_sub(1).min(n - 1)
    }
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let out_dir = args.first().cloned().filter(|a| a != "-");
    let site = if args.get(1).map(String::as_str) == Some("--root") {
        let root = args.get(2).cloned().unwrap_or_default();
        let opts = annals::build::BuildOptions { root: root.into(), ..Default::default() };
        Some(annals::build::load_site(&opts).map_err(|e| anyhow::anyhow!("{e:?}"))?)
    } else {
        None
    };
    let docs = match &site {
        Some(loaded) => annals::index::documents(&loaded.site, &loaded.ledger),
        None => synthetic(&args)?,
    };
    let repeat: usize = match args.get(1).map(String::as_str) {
        Some("--root") => args.get(3).map(|s| s.parse()).transpose()?.unwrap_or(1),
        _ => 1,
    };
    let text_bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    println!("docs: {} ({} MB of body text)", docs.len(), text_bytes / 1_000_000);

    // Reset the peak RSS so VmHWM afterwards is the indexer's own peak.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let before = vm_kb("VmRSS");
    let mut out = None;
    for _ in 0..repeat {
        let start = Instant::now();
        let cpu = cpu_ms();
        out = Some(build_index(&docs, &IndexOptions::default()));
        println!("build_index: {:.3} s ({:.2} s of CPU)", start.elapsed().as_secs_f64(), (cpu_ms() - cpu) as f64 / 1e3);
    }
    let out = out.expect("one run");
    println!(
        "peak memory: {} MB above the {} MB of loaded documents",
        vm_kb("VmHWM").saturating_sub(before) / 1024,
        before / 1024
    );
    report(&out, out_dir)
}

/// User + system CPU time of this process, in ms.
fn cpu_ms() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or("").split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
    (ticks(11) + ticks(12)) * 10
}

fn vm_kb(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches(" kB").parse().ok())
        .unwrap_or(0)
}

fn synthetic(args: &[String]) -> anyhow::Result<Vec<SearchDoc<'static>>> {
    let corpus = args.get(1).cloned().unwrap_or_else(|| "/work/shared/corpora/government_work_reports.jsonl".into());
    let per_lang: usize = args.get(2).map(|s| s.parse()).transpose()?.unwrap_or(5000);

    let mut sentences = Vec::new();
    for line in std::fs::read_to_string(&corpus)?.lines() {
        let v: serde_json::Value = serde_json::from_str(line)?;
        let content = v["content"].as_str().unwrap_or_default();
        for s in content.split_inclusive(['。', '！', '？', '\n']) {
            let s = s.trim();
            if s.chars().count() >= 8 {
                sentences.push(s.to_owned());
            }
        }
    }
    let words: Vec<String> = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/stem_vectors.tsv"))?
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split('\t').next().map(str::to_owned))
        .collect();
    println!("corpus: {} sentences, {} English words", sentences.len(), words.len());

    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut order: Vec<usize> = (0..words.len()).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i + 1));
    }
    let kinds = ["report", "case", "page"];
    let mut docs = Vec::new();
    for i in 0..per_lang {
        let mut text = String::new();
        while text.len() < 5000 {
            text.push_str(&sentences[rng.below(sentences.len())]);
        }
        let title: String = sentences[rng.below(sentences.len())].chars().take(20).collect();
        docs.push(SearchDoc {
            lang: "zh".into(),
            path: format!("zh/cases/c{i:05}/").into(),
            title: title.into(),
            headings: (0..3).map(|_| sentences[rng.below(sentences.len())].chars().take(12).collect()).collect(),
            text: text.into(),
            year: Some(2015 + (i % 10) as i32),
            kind: kinds[i % 3].into(),
            topics: vec![format!("topic{}", i % 17).into()],
        });
        let mut text = String::new();
        while text.len() < 5000 {
            if rng.below(400) == 0 {
                text.push_str("credit commitment ");
            }
            text.push_str(&words[order[rng.zipf(order.len())]]);
            text.push(if rng.below(12) == 0 { '.' } else { ' ' });
            text.push(' ');
        }
        docs.push(SearchDoc {
            lang: "en".into(),
            path: format!("en/cases/c{i:05}/").into(),
            title: (0..5).map(|_| words[order[rng.zipf(order.len())]].as_str()).collect::<Vec<_>>().join(" ").into(),
            headings: vec![],
            text: text.into(),
            year: Some(2015 + (i % 10) as i32),
            kind: kinds[i % 3].into(),
            topics: vec![format!("topic{}", i % 17).into()],
        });
    }
    Ok(docs)
}

fn report(out: &annals::output::Output, out_dir: Option<String>) -> anyhow::Result<()> {
    for lang in ["zh", "en"] {
        let sum = |pre: &str| {
            let files: Vec<usize> = out
                .files
                .iter()
                .filter(|(k, _)| k.starts_with(&format!("search/{lang}/{pre}")))
                .map(|(_, v)| v.len())
                .collect();
            (files.len(), files.iter().sum::<usize>())
        };
        let (nt, t) = sum("t");
        let (nd, d) = sum("d");
        let (_, m) = sum("meta");
        println!(
            "{lang}: meta {:.1} KB, {nt} term shards {:.1} MB, {nd} doc store chunks {:.1} MB, total {:.1} MB",
            m as f64 / 1e3,
            t as f64 / 1e6,
            d as f64 / 1e6,
            (m + t + d) as f64 / 1e6
        );
    }
    let total: usize = out.files.values().map(Vec::len).sum();
    println!("total: {} files, {:.1} MB", out.files.len(), total as f64 / 1e6);

    if let Some(dir) = out_dir {
        let dir = std::path::Path::new(&dir);
        for (path, bytes) in &out.files {
            let file = dir.join(path);
            if let Some(parent) = file.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(file, bytes)?;
        }
        println!("written to {}", dir.display());
    }
    Ok(())
}
