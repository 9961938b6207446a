//! Building one language's inverted index (the postings are encoded and cut
//! into shard files by `shards.rs`).
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
//!   (which is the character's own position, see `tokenize/`). A
//!   one-character query is then the union of all terms that start with c,
//!   which the sorted term order turns into one contiguous range of shards.
//! * **Range shards.** Terms are sorted by code point and cut into shards of
//!   roughly `SHARD_TARGET` bytes; the meta file lists the first term of each
//!   shard, so the browser finds the shard of a term with a binary search and
//!   loads only what the query needs. A term whose postings exceed the target
//!   gets a shard of its own.
//! * **Fast, parallel build, no sorting of tokens.** Contiguous runs of
//!   documents are tokenized in parallel without allocating per token: Han
//!   terms are integers (two code points packed in a `u64`), words are
//!   stemmed once per spelling and interned, and each run numbers its terms
//!   in a small local table while counting df and positions. The local
//!   tables are merged and the terms numbered in code point order. Tokens
//!   then only need to be *scattered* term by term (a counting sort): doc
//!   order and position order come for free from the scan order. Tokens are
//!   kept apart by a hash partition of their term, so that `shards.rs` can
//!   scatter and encode one partition at a time (in parallel), reading only
//!   its own tokens and freeing them as it goes.
//! * **Compact tokens.** Until they are scattered, tokens are held as two
//!   varints: the term's slot in its partition of the run (small: a run's
//!   terms are spread over 16 partitions) and the gap to the previous
//!   position. That is about 3 bytes a token instead of 8 for a (term,
//!   position) pair of `u32`s; the tokens are the index's largest transient
//!   (a gigabyte at 100,000 pages before this).
//! * **Determinism.** Documents are numbered in path order, terms are sorted,
//!   and hash maps are only used for lookups and sums, never iterated into
//!   the output.

use std::sync::Mutex;

use rayon::prelude::*;

use super::SearchDoc;
use super::encode::{get_varint, put_varint};
use super::hash::FxMap;
use super::tokenize::{Scanner, Term, han_text};

/// Empty positions between two fields (and between two headings).
pub(crate) const FIELD_GAP: u32 = 3;
/// Word terms get keys above every packed Han key (which use 42 bits).
const WORD: u64 = 1 << 62;
/// Documents per tokenizing task. Each task keeps a table of its terms until
/// they are numbered, so fewer, larger runs hold less (10,000 pages: 98 MB
/// above the documents with 256, 84 MB with 512, same time on two cores);
/// 100 runs at 50,000 documents still keep 16 cores busy.
pub(crate) const RUN: usize = 512;
/// Terms are dealt into this many partitions by a hash of their key, and
/// tokens are kept by partition: `shards.rs` then encodes a partition's
/// postings from its own tokens only, one partition at a time per thread.
pub(crate) const PARTS: usize = 16;

fn part_of(key: u64) -> u8 {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 60) as u8
}

/// The tokens of one partition's terms in a run of consecutive documents,
/// compact (see the module docs): `bytes[ends[i - 1]..ends[i]]` (from 0 for
/// `i` = 0) are the tokens of the run's document `i` in position order, each
/// `varint(slot)`, `varint(position - previous position)` (the first from 0).
/// `terms[slot]` is the term: a run-local id until [`invert`] makes it the
/// final one.
#[derive(Default)]
pub(crate) struct Part {
    pub(crate) ends: Vec<u32>,
    bytes: Vec<u8>,
    terms: Vec<u32>,
    /// Position of the last token of the current document (while tokenizing).
    last: u32,
}

impl Part {
    fn push(&mut self, slot: u32, pos: u32) {
        put_varint(&mut self.bytes, slot);
        put_varint(&mut self.bytes, pos.wrapping_sub(self.last));
        self.last = pos;
    }

    fn end_doc(&mut self) {
        self.ends.push(self.bytes.len() as u32);
        self.last = 0;
    }

    /// Calls `f(document in run, term, position)` for every token, in
    /// document and position order.
    pub(crate) fn each(&self, mut f: impl FnMut(usize, u32, u32)) {
        let mut at = 0usize;
        for (i, &end) in self.ends.iter().enumerate() {
            let mut pos = 0u32;
            while at < end as usize {
                let slot = get_varint(&self.bytes, &mut at);
                pos = pos.wrapping_add(get_varint(&self.bytes, &mut at));
                f(i, self.terms[slot as usize], pos);
            }
        }
    }
}

/// The tokens of a run of documents. Terms are local ids (`keys[id]`) until
/// [`invert`] renumbers them.
struct Run {
    parts: Vec<Part>,
    keys: Vec<u64>,
    df: Vec<u32>,
    npos: Vec<u32>,
}

/// One language's documents as tokens, and its terms in code point order.
pub(crate) struct Inverted {
    pub(crate) terms: Vec<String>,
    pub(crate) df: Vec<u32>,
    pub(crate) npos: Vec<u64>,
    /// The partition of each term.
    pub(crate) part: Vec<u8>,
    /// Field spans (title, headings, body) of every document.
    pub(crate) spans: Vec<[u32; 3]>,
    /// Where the doc store pieces of every document's body start (byte
    /// offsets, the first 0): cut while tokenizing, see `store.rs`.
    pub(crate) cuts: Vec<Vec<u32>>,
    /// `parts[p][k]`: the tokens of partition `p` in the `k`-th run of `RUN`
    /// documents, by term id.
    pub(crate) parts: Vec<Vec<Part>>,
}

impl Inverted {
    /// Positions of document `d` (its fields' spans with gaps).
    pub(crate) fn len(&self, d: usize) -> u32 {
        self.spans[d].iter().sum()
    }
}

/// Words seen by any task, by global id.
#[derive(Default)]
struct Words {
    ids: FxMap<String, u32>,
    list: Vec<String>,
}

/// What tokenizing a run of documents gives besides the tokens.
struct RunDocs {
    /// Field spans of each document.
    spans: Vec<[u32; 3]>,
    /// Where each document's doc store pieces start ([`Scanner::scan_cutting`]).
    cuts: Vec<Vec<u32>>,
}

/// What a run knows of one of its terms while tokenizing: kept in one place
/// (the value of the term's hash table slot), so a token costs one lookup
/// instead of one per array (id, counts, last document, partition slot).
struct LocalTerm {
    /// Run-local id (`Run::keys[id]` is the term).
    id: u32,
    /// Its slot in its partition (`parts[part].terms[slot] == id`).
    slot: u32,
    df: u32,
    npos: u32,
    /// The last document (in the run) it occurred in.
    last: u32,
    part: u8,
}

/// Tokenizes `docs` (ids from `first`) into one position space per document,
/// fields one after the other `FIELD_GAP` apart.
fn tokenize_run(docs: &[SearchDoc<'_>], words: &Mutex<Words>) -> (Run, RunDocs) {
    let mut scanner = Scanner::new();
    let mut global: Vec<u32> = Vec::new();
    let mut terms: FxMap<u64, LocalTerm> = FxMap::default();
    let mut run = Run {
        parts: (0..PARTS).map(|_| Part::default()).collect(),
        keys: Vec::new(),
        df: Vec::new(),
        npos: Vec::new(),
    };
    let mut spans = Vec::with_capacity(docs.len());
    let mut cuts = Vec::with_capacity(docs.len());
    let mut text_buf = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        let mut doc_cuts = Vec::new();
        let mut span = [0u32; 3];
        let mut base = 0u32;
        let title = [doc.title.as_ref()];
        let headings: Vec<&str> = doc.headings.iter().map(|h| h.as_ref()).collect();
        let body = [doc.text.unpack_into(&mut text_buf) as &str];
        for (f, texts) in [&title[..], &headings, &body].into_iter().enumerate() {
            let start = base;
            for text in texts {
                let body_cuts = if f == 2 { Some(&mut doc_cuts) } else { None };
                let end = scanner.scan_cutting(text, body_cuts, &mut |term, pos, _| {
                    let key = match term {
                        Term::Han(key) => key,
                        Term::Word(w, text) => {
                            let w = w as usize;
                            if global.len() <= w {
                                global.resize(w + 1, u32::MAX);
                            }
                            if global[w] == u32::MAX {
                                let mut words = words.lock().expect("word table");
                                let next = words.list.len() as u32;
                                global[w] = *words.ids.entry(text.to_owned()).or_insert(next);
                                if global[w] == next {
                                    words.list.push(text.to_owned());
                                }
                            }
                            WORD | u64::from(global[w])
                        }
                    };
                    let t = terms.entry(key).or_insert_with(|| {
                        let part = part_of(key);
                        let in_part = &mut run.parts[part as usize].terms;
                        let slot = in_part.len() as u32;
                        in_part.push(run.keys.len() as u32);
                        run.keys.push(key);
                        LocalTerm { id: run.keys.len() as u32 - 1, slot, df: 0, npos: 0, last: u32::MAX, part }
                    });
                    t.npos += 1;
                    if t.last != i as u32 {
                        t.last = i as u32;
                        t.df += 1;
                    }
                    run.parts[t.part as usize].push(t.slot, base + pos);
                });
                if end > 0 {
                    base += end + FIELD_GAP;
                }
            }
            span[f] = base - start;
        }
        spans.push(span);
        doc_cuts.shrink_to_fit();
        cuts.push(doc_cuts);
        for p in &mut run.parts {
            p.end_doc();
        }
    }
    // Counts by id (each id is written once, so the table's order does not
    // matter).
    run.df = vec![0; run.keys.len()];
    run.npos = vec![0; run.keys.len()];
    for t in terms.values() {
        run.df[t.id as usize] = t.df;
        run.npos[t.id as usize] = t.npos;
    }
    drop(terms);
    // Growth slack would be a third of what the runs hold until encoded.
    run.keys.shrink_to_fit();
    for p in &mut run.parts {
        p.bytes.shrink_to_fit();
        p.terms.shrink_to_fit();
    }
    (run, RunDocs { spans, cuts })
}

/// Tokenizes all documents (in parallel runs), numbers the terms in code
/// point order and renumbers every run's tokens to those ids.
pub(crate) fn invert(docs: &[SearchDoc<'_>]) -> Inverted {
    let words = Mutex::new(Words::default());
    let (runs, run_docs): (Vec<Run>, Vec<RunDocs>) =
        docs.par_chunks(RUN).map(|chunk| tokenize_run(chunk, &words)).unzip();
    let mut spans = Vec::with_capacity(docs.len());
    let mut cuts = Vec::with_capacity(docs.len());
    for r in run_docs {
        spans.extend(r.spans);
        cuts.extend(r.cuts);
    }
    let words = words.into_inner().expect("word table").list;
    // Provisional ids in first-seen order, then the final code point order.
    let mut prov: FxMap<u64, u32> = FxMap::default();
    let (mut keys, mut df, mut npos) = (Vec::new(), Vec::new(), Vec::new());
    let local: Vec<Vec<u32>> = runs
        .iter()
        .map(|r| {
            r.keys
                .iter()
                .enumerate()
                .map(|(l, &k)| {
                    let p = *prov.entry(k).or_insert_with(|| {
                        keys.push(k);
                        df.push(0u32);
                        npos.push(0u64);
                        keys.len() as u32 - 1
                    });
                    df[p as usize] += r.df[l];
                    npos[p as usize] += u64::from(r.npos[l]);
                    p
                })
                .collect()
        })
        .collect();
    let mut named: Vec<(String, u32)> = keys
        .iter()
        .enumerate()
        .map(|(p, &k)| {
            let name = if k & WORD != 0 { words[(k & !WORD) as usize].clone() } else { han_text(k) };
            (name, p as u32)
        })
        .collect();
    named.par_sort_unstable();
    let mut fin = vec![0u32; named.len()];
    for (i, (_, p)) in named.iter().enumerate() {
        fin[*p as usize] = i as u32;
    }
    let runs: Vec<Vec<Part>> = runs
        .into_par_iter()
        .zip(local)
        .map(|(mut r, local)| {
            for p in &mut r.parts {
                for t in &mut p.terms {
                    *t = fin[local[*t as usize] as usize];
                }
            }
            r.parts
        })
        .collect();
    // Transpose to partition-major.
    let mut parts: Vec<Vec<Part>> = (0..PARTS).map(|_| Vec::with_capacity(runs.len())).collect();
    for run in runs {
        for (p, part) in run.into_iter().enumerate() {
            parts[p].push(part);
        }
    }
    Inverted {
        df: named.iter().map(|(_, p)| df[*p as usize]).collect(),
        npos: named.iter().map(|(_, p)| npos[*p as usize]).collect(),
        part: named.iter().map(|(_, p)| part_of(keys[*p as usize])).collect(),
        terms: named.into_iter().map(|(name, _)| name).collect(),
        spans,
        cuts,
        parts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, text: &str) -> SearchDoc<'static> {
        SearchDoc {
            lang: "zh".into(),
            path: "p/".into(),
            title: title.to_owned().into(),
            headings: vec![],
            text: text.to_owned().into(),
            year: None,
            kind: "page".into(),
            topics: vec![],
        }
    }

    #[test]
    fn fields_share_one_position_space() {
        let inv = invert(&[doc("廉政", "垃圾分类")]);
        let get = |t: &str| {
            let id = inv.terms.iter().position(|x| x == t)? as u32;
            let part = &inv.parts[inv.part[id as usize] as usize][0];
            let mut ps = Vec::new();
            part.each(|_, t, p| {
                if t == id {
                    ps.push(p);
                }
            });
            Some(ps)
        };
        let spans = inv.spans[0];
        assert_eq!(get("廉政"), Some(vec![0]));
        assert_eq!(get("政"), Some(vec![1])); // run-final character
        // title span: 1 bigram + FIELD_GAP (the run-final slot is inside the gap)
        assert_eq!(spans, [1 + FIELD_GAP, 0, 3 + FIELD_GAP]);
        let body = spans[0];
        assert_eq!(get("垃圾"), Some(vec![body]));
        assert_eq!(get("分类"), Some(vec![body + 2]));
        assert_eq!(get("类"), Some(vec![body + 3]));
    }
}
