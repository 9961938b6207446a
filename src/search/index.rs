//! Building one language's inverted index and cutting it into term shards.
//!
//! Why this layout:
//!
//! * **One token stream per document, fields by position range.** Title,
//!   headings and body are tokenized one after the other into a single
//!   position space, separated by `FIELD_GAP` empty slots so no phrase spans
//!   two fields. The meta file stores the span of each field per document, so
//!   the browser derives per-field term frequencies (title and headings are
//!   boosted in BM25F) from the positions it needs anyway for phrases: no
//!   separate per-field counts in the postings.
//! * **Postings carry positions.** A Chinese query of n characters is n-1
//!   bigrams that must sit at consecutive positions; checking that is what
//!   makes `垃圾分类` match exactly the pages containing that string, instead
//!   of every page that happens to contain `垃圾`, `圾分` and `分类` somewhere.
//! * **One-character queries.** A character c is the first character of a
//!   bigram `cX`, a run of its own (`c`), or the last character of a run. The
//!   first two are in the index already; for the third we add a posting for
//!   the single character `c` in the gap slot after the run's last bigram
//!   (which is the character's own position, see `tokenize.rs`). A
//!   one-character query is then the union of all terms that start with c,
//!   which the sorted term order turns into one contiguous range of shards.
//! * **Range shards.** Terms are sorted by code point and cut into shards of
//!   roughly `SHARD_TARGET` bytes; the meta file lists the first term of each
//!   shard, so the browser finds the shard of a term with a binary search and
//!   loads only what the query needs. A term whose postings exceed the target
//!   gets a shard of its own.
//! * **Determinism.** Documents are numbered in path order, terms are sorted,
//!   and hash maps are only used as accumulators that are sorted before use.

use std::collections::HashMap;

use rayon::prelude::*;
use serde_json::json;

use super::SearchDoc;
use super::encode::{base64, put_varint, script};
use super::tokenize::{is_han_bigram, tokenize};
use crate::output::Output;

/// Empty positions between two fields (and between two headings).
pub(crate) const FIELD_GAP: u32 = 3;
/// Target size of one term shard file, in bytes.
pub(crate) const SHARD_TARGET: usize = 24 * 1024;

/// The terms of one document with their sorted positions, and the span of
/// each field (title, headings, body) in the document's position space.
pub(crate) struct DocTerms {
    pub(crate) spans: [u32; 3],
    pub(crate) terms: Vec<(String, Vec<u32>)>,
}

/// Tokenizes the fields of `doc` into one position space.
pub(crate) fn doc_terms(doc: &SearchDoc) -> DocTerms {
    let mut map: HashMap<String, Vec<u32>> = HashMap::new();
    let mut spans = [0u32; 3];
    let mut base = 0u32;
    let headings: Vec<&str> = doc.headings.iter().map(String::as_str).collect();
    let fields = [vec![doc.title.as_str()], headings, vec![doc.text.as_str()]];
    for (f, texts) in fields.iter().enumerate() {
        let start = base;
        for text in texts {
            let toks = tokenize(text);
            for (k, t) in toks.iter().enumerate() {
                map.entry(t.text.clone()).or_default().push(base + t.pos);
                let run_ends = toks.get(k + 1).is_none_or(|n| n.pos != t.pos + 1);
                if run_ends && is_han_bigram(&t.text) {
                    let last: String = t.text.chars().skip(1).collect();
                    map.entry(last).or_default().push(base + t.pos + 1);
                }
            }
            if let Some(last) = toks.last() {
                base += last.pos + 1 + FIELD_GAP;
            }
        }
        spans[f] = base - start;
    }
    let mut terms: Vec<(String, Vec<u32>)> = map.into_iter().collect();
    for (_, positions) in &mut terms {
        positions.sort_unstable();
    }
    terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    DocTerms { spans, terms }
}

/// Postings of one term: (doc id, positions), in doc id order.
pub(crate) type Postings = Vec<(u32, Vec<u32>)>;

/// Inverts the per-document term lists (moving them out, to keep peak memory
/// down); returns terms in code point order.
pub(crate) fn invert(docs: &mut [DocTerms]) -> Vec<(String, Postings)> {
    let mut map: HashMap<String, Postings> = HashMap::new();
    for (id, doc) in docs.iter_mut().enumerate() {
        for (term, positions) in std::mem::take(&mut doc.terms) {
            match map.get_mut(term.as_str()) {
                Some(list) => list.push((id as u32, positions)),
                None => {
                    map.insert(term, vec![(id as u32, positions)]);
                }
            }
        }
    }
    let mut terms: Vec<(String, Postings)> = map.into_iter().collect();
    terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    terms
}

/// Encodes one term's postings:
/// `df, then per doc: doc delta, count, first position, position deltas…`,
/// all varints, the whole block prefixed by its byte length.
pub(crate) fn encode_postings(postings: &Postings, out: &mut Vec<u8>) {
    let mut block = Vec::new();
    put_varint(&mut block, postings.len() as u32);
    let mut prev_doc = 0;
    for (doc, positions) in postings {
        put_varint(&mut block, doc - prev_doc);
        prev_doc = *doc;
        put_varint(&mut block, positions.len() as u32);
        let mut prev = 0;
        for &p in positions {
            put_varint(&mut block, p - prev);
            prev = p;
        }
    }
    put_varint(out, block.len() as u32);
    out.extend_from_slice(&block);
}

/// Cuts the sorted term list into shard files `search/<lang>/t<i>.js`;
/// returns the first term of every shard.
pub(crate) fn write_shards(
    lang: &str,
    terms: &[(String, Postings)],
    shards: Option<usize>,
    out: &mut Output,
) -> Vec<String> {
    let blocks: Vec<Vec<u8>> = terms
        .par_iter()
        .map(|(_, postings)| {
            let mut b = Vec::new();
            encode_postings(postings, &mut b);
            b
        })
        .collect();
    // Estimated file bytes of each term: base64 of its block + its JSON string.
    let cost = |i: usize| blocks[i].len() * 4 / 3 + terms[i].0.len() + 3;
    let total: usize = (0..terms.len()).map(cost).sum();
    let target = match shards {
        Some(n) => total.div_ceil(n.max(1)).max(1),
        None => SHARD_TARGET,
    };
    let mut firsts = Vec::new();
    let mut start = 0;
    while start < terms.len() {
        let mut end = start;
        let mut size = 0;
        while end < terms.len() && (end == start || size + cost(end) <= target) {
            size += cost(end);
            end += 1;
        }
        let names: Vec<&str> = terms[start..end].iter().map(|t| t.0.as_str()).collect();
        let bytes: Vec<u8> = blocks[start..end].concat();
        let i = firsts.len();
        let payload = json!([names, base64(&bytes)]);
        out.insert(
            format!("search/{lang}/t{i}.js"),
            script(&format!("{lang}/t/{i}"), &payload),
        );
        firsts.push(terms[start].0.clone());
        start = end;
    }
    firsts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, text: &str) -> SearchDoc {
        SearchDoc {
            lang: "zh".into(),
            path: "p/".into(),
            title: title.into(),
            headings: vec![],
            text: text.into(),
            year: None,
            kind: "page".into(),
            topics: vec![],
        }
    }

    #[test]
    fn fields_share_one_position_space() {
        let d = doc_terms(&doc("廉政", "垃圾分类"));
        let get = |t: &str| d.terms.iter().find(|x| x.0 == t).map(|x| x.1.clone());
        assert_eq!(get("廉政"), Some(vec![0]));
        assert_eq!(get("政"), Some(vec![1])); // run-final character
        // title span: 1 bigram + FIELD_GAP (the run-final slot is inside the gap)
        assert_eq!(d.spans, [1 + FIELD_GAP, 0, 3 + FIELD_GAP]);
        let body = d.spans[0];
        assert_eq!(get("垃圾"), Some(vec![body]));
        assert_eq!(get("分类"), Some(vec![body + 2]));
        assert_eq!(get("类"), Some(vec![body + 3]));
    }
}
