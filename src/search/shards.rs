//! Encoding the postings and cutting them into term shard files.
//!
//! Terms are numbered in code point order (`index.rs`), so a shard is a
//! range of term ids. Postings are encoded in parallel by partition
//! (`index.rs`): a partition scatters its tokens term by term (they come in
//! doc and position order, so nothing is sorted) and writes one block per
//! term. Blocks are then cut into files of
//! about `SHARD_TARGET` bytes; the meta file lists the first term of each,
//! so the browser finds a term's shard with a binary search. A term whose
//! postings exceed the target gets a shard of its own.

use rayon::prelude::*;
use serde_json::json;

use super::encode::{BitWriter, put_varint, rice_k, script_b85};
use super::index::{Inverted, PARTS, Part, RUN};
use crate::output::Output;

/// Target size of one term shard file, in bytes.
pub(crate) const SHARD_TARGET: usize = 24 * 1024;

/// Encodes the postings of the terms `ids` (increasing; all of partition
/// `parts`), one block per term: `varint(df)`, then a bit stream (see
/// `encode.rs`) with, per document in id order: Rice(doc id gap − 1, k =
/// rice_k(n, df)) (the first gap counts from −1), gamma(count), then the
/// positions as Rice(gap − 1, k = rice_k(doc length, count)) (the first
/// from −1).
/// `slot[t]` is the index of term `t` in its partition's `ids`.
fn encode_part(inv: &Inverted, ids: &[u32], slot: &[u32], parts: Vec<Part>) -> Vec<Vec<u8>> {
    // Counting sort of the partition's tokens by term: (doc, position).
    let mut at: Vec<usize> = Vec::with_capacity(ids.len() + 1);
    let mut sum = 0usize;
    for &t in ids {
        at.push(sum);
        sum += inv.npos[t as usize] as usize;
    }
    at.push(sum);
    let bounds = at.clone();
    let mut toks = vec![(0u32, 0u32); sum];
    for (k, part) in parts.into_iter().enumerate() {
        part.each(|i, t, p| {
            let s = &mut at[slot[t as usize] as usize];
            toks[*s] = ((k * RUN + i) as u32, p);
            *s += 1;
        });
    }
    let n = inv.spans.len() as u32;
    ids.iter()
        .enumerate()
        .map(|(i, &t)| {
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

/// Shard files encoded and handed to the sink at a time: the encoded
/// postings of a batch are freed as soon as its files are out.
const FILES_PER_BATCH: usize = 256;

/// Encodes all postings and writes the shard files `search/<lang>/t<i>.js`,
/// each `[[terms…], base85(varint(block length), block, …)]`, handing them
/// to `sink` a batch at a time; returns the first term of every shard.
pub(crate) fn write_shards<E>(
    lang: &str,
    inv: &mut Inverted,
    shards: Option<usize>,
    sink: &mut dyn FnMut(Output) -> Result<(), E>,
) -> Result<Vec<String>, E> {
    let mut ids: Vec<Vec<u32>> = vec![Vec::new(); PARTS];
    let mut slot = vec![0u32; inv.terms.len()];
    for (t, &p) in inv.part.iter().enumerate() {
        slot[t] = ids[p as usize].len() as u32;
        ids[p as usize].push(t as u32);
    }
    let parts = std::mem::take(&mut inv.parts);
    let inv = &*inv;
    let encoded: Vec<Vec<Vec<u8>>> =
        parts.into_par_iter().zip(&ids).map(|(parts, ids)| encode_part(inv, ids, &slot, parts)).collect();
    let mut blocks: Vec<Vec<u8>> = vec![Vec::new(); inv.terms.len()];
    for (ids, encoded) in ids.iter().zip(encoded) {
        for (&t, block) in ids.iter().zip(encoded) {
            blocks[t as usize] = block;
        }
    }
    // Estimated file bytes of each term: base85 of its block + its JSON string.
    let cost = |i: usize| (blocks[i].len() + 2) * 5 / 4 + inv.terms[i].len() + 3;
    let total: usize = (0..blocks.len()).map(cost).sum();
    let target = match shards {
        Some(n) => total.div_ceil(n.max(1)).max(1),
        None => SHARD_TARGET,
    };
    let cuts = super::encode::cut_runs(blocks.len(), cost, |size, next| size + next <= target);
    for (b, batch) in cuts.chunks(FILES_PER_BATCH).enumerate() {
        let files: Vec<Vec<u8>> = batch
            .par_iter()
            .enumerate()
            .map(|(j, r)| {
                let mut bytes = Vec::new();
                for b in &blocks[r.clone()] {
                    put_varint(&mut bytes, b.len() as u32);
                    bytes.extend_from_slice(b);
                }
                let i = b * FILES_PER_BATCH + j;
                script_b85(&format!("{lang}/t/{i}"), Some(&json!(inv.terms[r.clone()])), &bytes)
            })
            .collect();
        for r in batch {
            blocks[r.clone()].iter_mut().for_each(|b| *b = Vec::new());
        }
        let mut out = Output::default();
        for (j, file) in files.into_iter().enumerate() {
            out.insert(format!("search/{lang}/t{}.js", b * FILES_PER_BATCH + j), file);
        }
        sink(out)?;
    }
    Ok(cuts.into_iter().map(|r| inv.terms[r.start].clone()).collect())
}
