//! Encoding the postings and cutting them into term shard files.
//!
//! Terms are numbered in code point order (`index.rs`), so a shard is a
//! range of term ids. The work is split into ranges of term ids of similar
//! weight, encoded in parallel: a range scatters the tokens of its terms out
//! of the documents' token lists (in doc and position order, so nothing is
//! sorted) and writes one block per term. Blocks are then cut into files of
//! about `SHARD_TARGET` bytes; the meta file lists the first term of each,
//! so the browser finds a term's shard with a binary search. A term whose
//! postings exceed the target gets a shard of its own.

use rayon::prelude::*;
use serde_json::json;

use super::encode::{BitWriter, put_varint, rice_k, script_b85};
use super::index::Inverted;
use crate::output::Output;

/// Target size of one term shard file, in bytes.
pub(crate) const SHARD_TARGET: usize = 24 * 1024;

/// Encodes the postings of terms `a..b`, one block per term:
/// `varint(df)`, then a bit stream (see `encode.rs`) with, per document in
/// id order: Rice(doc id gap − 1, k = rice_k(n, df)) (the first gap counts
/// from −1), gamma(count), then the positions as Rice(gap − 1, k =
/// rice_k(doc length, count)) (the first from −1).
fn encode_range(inv: &Inverted, a: u32, b: u32) -> Vec<Vec<u8>> {
    // Counting sort of this range's tokens by term: (doc, position).
    let mut at: Vec<usize> = Vec::with_capacity((b - a) as usize + 1);
    let mut sum = 0usize;
    for t in a..b {
        at.push(sum);
        sum += inv.npos[t as usize] as usize;
    }
    at.push(sum);
    let bounds = at.clone();
    let mut toks = vec![(0u32, 0u32); sum];
    for run in &inv.runs {
        for (i, w) in run.starts.windows(2).enumerate() {
            let doc = run.first + i as u32;
            for &(t, p) in &run.toks[w[0] as usize..w[1] as usize] {
                if (a..b).contains(&t) {
                    let slot = &mut at[(t - a) as usize];
                    toks[*slot] = (doc, p);
                    *slot += 1;
                }
            }
        }
    }
    let n = inv.spans.len() as u32;
    (a..b)
        .map(|t| {
            let i = (t - a) as usize;
            let list = &toks[bounds[i]..bounds[i + 1]];
            let df = inv.df[t as usize];
            let kd = rice_k(n, df);
            let mut w = BitWriter::default();
            let mut prev = -1i64;
            for group in list.chunk_by(|x, y| x.0 == y.0) {
                let doc = group[0].0;
                w.rice((i64::from(doc) - prev - 1) as u32, kd);
                prev = i64::from(doc);
                w.gamma(group.len() as u32);
                let k = rice_k(inv.len(doc as usize), group.len() as u32);
                let mut last = -1i64;
                for &(_, p) in group {
                    w.rice((i64::from(p) - last - 1) as u32, k);
                    last = i64::from(p);
                }
            }
            let mut block = Vec::new();
            put_varint(&mut block, df);
            block.extend_from_slice(&w.finish());
            block
        })
        .collect()
}

/// Encodes all postings and writes the shard files `search/<lang>/t<i>.js`,
/// each `[[terms…], base85(varint(block length), block, …)]`; returns the
/// first term of every shard.
pub(crate) fn write_shards(lang: &str, inv: &Inverted, shards: Option<usize>, out: &mut Output) -> Vec<String> {
    let nterms = inv.terms.len() as u32;
    let total: u64 = inv.npos.iter().sum::<u64>() + u64::from(nterms);
    // One range per thread: each range reads all tokens once.
    let parts = rayon::current_num_threads() as u64;
    let mut ranges = Vec::new();
    let (mut start, mut acc) = (0u32, 0u64);
    for t in 0..nterms {
        acc += inv.npos[t as usize] + 1;
        if acc * parts >= total * (ranges.len() as u64 + 1) || t + 1 == nterms {
            ranges.push((start, t + 1));
            start = t + 1;
        }
    }
    let blocks: Vec<Vec<u8>> = ranges
        .into_par_iter()
        .flat_map_iter(|(a, b)| encode_range(inv, a, b))
        .collect();
    // Estimated file bytes of each term: base85 of its block + its JSON string.
    let cost = |i: usize| (blocks[i].len() + 2) * 5 / 4 + inv.terms[i].len() + 3;
    let total: usize = (0..blocks.len()).map(cost).sum();
    let target = match shards {
        Some(n) => total.div_ceil(n.max(1)).max(1),
        None => SHARD_TARGET,
    };
    let mut cuts = Vec::new();
    let mut start = 0;
    while start < blocks.len() {
        let (mut end, mut size) = (start, 0);
        while end < blocks.len() && (end == start || size + cost(end) <= target) {
            size += cost(end);
            end += 1;
        }
        cuts.push(start..end);
        start = end;
    }
    let files: Vec<Vec<u8>> = cuts
        .par_iter()
        .enumerate()
        .map(|(i, r)| {
            let mut bytes = Vec::new();
            for b in &blocks[r.clone()] {
                put_varint(&mut bytes, b.len() as u32);
                bytes.extend_from_slice(b);
            }
            script_b85(&format!("{lang}/t/{i}"), Some(&json!(inv.terms[r.clone()])), &bytes)
        })
        .collect();
    for (i, file) in files.into_iter().enumerate() {
        out.insert(format!("search/{lang}/t{i}.js"), file);
    }
    cuts.into_iter().map(|r| inv.terms[r.start].clone()).collect()
}
