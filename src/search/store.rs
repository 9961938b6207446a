//! The per-language meta file and the document store.
//!
//! Why: every query needs, for every candidate document, its field lengths
//! (BM25) and its facets (filters and counts), so those live in the meta file
//! as a few varints per document (`docs`). Titles, URLs and body text are only
//! needed for the handful of results actually shown, so they live in small
//! files loaded per shown result:
//!
//! * `h<i>.js`: `[path, title]` of a run of consecutive documents.
//! * `d<i>.js`: *pieces* of body text. An excerpt is a hundred characters
//!   around the best match, so loading a whole document (a government work
//!   report is 50 KB) to show one is waste: the body is cut into pieces of
//!   about `PIECE` token positions, at a token boundary where one is near,
//!   and piece `k` of a document holds the text from position `k × PIECE` on.
//!   The browser knows the match's position from the postings, so it loads
//!   the piece holding it and its neighbours, a few hundred bytes, instead of
//!   the document. Pieces are numbered through the language (document by
//!   document, the count per document is in `docs`) and stored in files of
//!   about `STORE_TARGET` bytes of text.
//!
//! The pieces are deflated (raw deflate, inflated in the browser by the
//! native `DecompressionStream`) against a shared dictionary (`z.js`), which
//! small files need to compress at all.

use std::collections::BTreeSet;

use rayon::prelude::*;
use serde_json::json;

use super::SearchDoc;
use super::deflate::{Deflater, deflate};
use super::encode::{base85, put_varint, script, script_b85};
use crate::output::Output;

/// Target size of one doc store file (pieces or titles) before compression, in bytes.
pub(crate) const STORE_TARGET: usize = 4 * 1024;

/// Token positions per piece of body text. Where the pieces start is found
/// while tokenizing ([`super::tokenize::Scanner::scan_cutting`]).
pub(crate) const PIECE: u32 = 64;

/// What the browser needs to find a document's title and pieces.
pub(crate) struct StoreLayout {
    /// Pieces per `d<i>.js` file.
    pub(crate) piece_files: Vec<usize>,
    /// Documents per `h<i>.js` file.
    pub(crate) head_files: Vec<usize>,
    /// Pieces per document.
    pub(crate) pieces: Vec<u32>,
    /// Length of the deflate dictionary.
    pub(crate) dict: usize,
}

/// Size of the shared deflate dictionary: deflate's whole window.
const DICT: usize = 32 * 1024;

/// The shared dictionary of the doc store: `DICT / 1024` slices of 1 KB of
/// body text from documents spread over the language. Small chunks compress
/// poorly on their own (deflate has little text to find repeats in); with
/// the dictionary in front, common words and phrases are found there: 18%
/// smaller for Chinese, 35% for English.
fn dictionary(docs: &[SearchDoc<'_>]) -> Vec<u8> {
    let mut dict = Vec::with_capacity(DICT);
    let pieces = DICT / 1024;
    for i in 0..pieces {
        let Some(d) = docs.get(i * docs.len() / pieces) else {
            break;
        };
        let text = d.text.unpack();
        let text = text.as_bytes();
        let from = text.len().saturating_sub(1024) / 2;
        dict.extend_from_slice(&text[from..text.len().min(from + 1024)]);
    }
    dict
}

/// Writes the dictionary `search/<lang>/z.js` (`base85(prefix)`, see
/// [`Deflater`]), the piece files `search/<lang>/d<i>.js`, each
/// `base85(continuation of the prefix inflating to JSON [piece…])`, and the
/// title files `search/<lang>/h<i>.js`, `[[path, title]…]`.
pub(crate) fn write_doc_store<E>(
    lang: &str,
    docs: &[SearchDoc<'_>],
    cuts: &[Vec<u32>],
    sink: &mut dyn FnMut(Output) -> Result<(), E>,
) -> Result<StoreLayout, E> {
    let dict = dictionary(docs);
    let z = Deflater::new(&dict);
    let counts: Vec<u32> = cuts.iter().map(|c| c.len() as u32).collect();
    let pieces: Vec<Piece> = docs
        .iter()
        .zip(cuts)
        .enumerate()
        .flat_map(|(doc, (d, starts))| {
            let ends = starts.iter().skip(1).copied().chain([d.text.len() as u32]);
            starts.iter().zip(ends).map(move |(&start, end)| Piece { doc: doc as u32, start, end })
        })
        .collect();
    let cuts = super::encode::cut_runs(pieces.len(), |i| pieces[i].len() + 3, |size, _| size < STORE_TARGET);
    // Compressed and handed to the sink a batch of files at a time: the
    // store of a large site is never held whole, and only the documents of
    // one batch are unpacked at a time.
    for (b, batch) in cuts.chunks(FILES_PER_BATCH).enumerate() {
        let (Some(first), Some(last)) = (batch.first(), batch.last()) else { continue };
        let first_doc = pieces[first.start].doc as usize;
        let last_doc = pieces[last.end - 1].doc as usize;
        let texts: Vec<String> = docs[first_doc..=last_doc].par_iter().map(|d| d.text.unpack()).collect();
        let files: Vec<Vec<u8>> = batch
            .par_iter()
            .enumerate()
            .map(|(j, r)| {
                let strs: Vec<&str> = pieces[r.clone()]
                    .iter()
                    .map(|p| &texts[p.doc as usize - first_doc][p.start as usize..p.end as usize])
                    .collect();
                let json = serde_json::to_vec(&strs).expect("doc store JSON");
                script_b85(&format!("{lang}/d/{}", b * FILES_PER_BATCH + j), None, &z.compress(&json))
            })
            .collect();
        let mut out = Output::default();
        for (j, file) in files.into_iter().enumerate() {
            out.insert(format!("search/{lang}/d{}.js", b * FILES_PER_BATCH + j), file);
        }
        sink(out)?;
    }
    let mut out = Output::default();
    let head_cuts = super::encode::cut_runs(
        docs.len(),
        |i| docs[i].path.len() + docs[i].title.len() + 8,
        |size, _| size < STORE_TARGET,
    );
    for (i, r) in head_cuts.iter().enumerate() {
        let rows: Vec<_> = docs[r.clone()].iter().map(|d| json!([d.path, d.title])).collect();
        out.insert(format!("search/{lang}/h{i}.js"), script(&format!("{lang}/h/{i}"), &json!(rows)));
    }
    out.insert(format!("search/{lang}/z.js"), script_b85(&format!("{lang}/z"), None, z.prefix()));
    sink(out)?;
    Ok(StoreLayout {
        piece_files: cuts.into_iter().map(|r| r.len()).collect(),
        head_files: head_cuts.into_iter().map(|r| r.len()).collect(),
        pieces: counts,
        dict: dict.len(),
    })
}

/// One piece of a document's body: bytes `start..end` of its text.
struct Piece {
    doc: u32,
    start: u32,
    end: u32,
}

impl Piece {
    fn len(&self) -> usize {
        (self.end - self.start) as usize
    }
}

/// Doc store files compressed and handed to the sink at a time.
const FILES_PER_BATCH: usize = 512;

/// Writes `search/<lang>/meta.js`:
/// `{v: 3, lang, n, shards: [first term of each shard], years, kinds, topics,
///   docs: base85(deflate(varints per doc: title span, headings span, body
///   span, year index + 1 (0 = none), kind index, topic count, topic
///   indices…; then the piece count of every doc)), chunks: base85(varint pieces per d<i>.js…),
///   heads: base85(varint docs per h<i>.js…), piece: PIECE,
///   z: length of the doc store dictionary}`.
pub(crate) fn write_meta(
    lang: &str,
    docs: &[SearchDoc<'_>],
    spans: &[[u32; 3]],
    shards: &[String],
    store: &StoreLayout,
    out: &mut Output,
) {
    let years: Vec<i32> = docs.iter().filter_map(|d| d.year).collect::<BTreeSet<_>>().into_iter().collect();
    let kinds: Vec<&str> = docs.iter().map(|d| d.kind.as_ref()).collect::<BTreeSet<_>>().into_iter().collect();
    let topics: Vec<&str> =
        docs.iter().flat_map(|d| d.topics.iter().map(|t| t.as_ref())).collect::<BTreeSet<_>>().into_iter().collect();
    let index_of = |list: &[&str], s: &str| list.binary_search(&s).unwrap_or(0) as u32;
    let mut bytes = Vec::new();
    for (d, spans) in docs.iter().zip(spans) {
        for &span in spans {
            put_varint(&mut bytes, span);
        }
        let year = d.year.and_then(|y| years.binary_search(&y).ok()).map_or(0, |i| i as u32 + 1);
        put_varint(&mut bytes, year);
        put_varint(&mut bytes, index_of(&kinds, &d.kind));
        let mut own: Vec<u32> = Vec::new();
        for t in d.topics.iter().map(|t| index_of(&topics, t)) {
            if !own.contains(&t) {
                own.push(t);
            }
        }
        put_varint(&mut bytes, own.len() as u32);
        for t in own {
            put_varint(&mut bytes, t);
        }
    }
    for &n in &store.pieces {
        put_varint(&mut bytes, n);
    }
    let varints = |list: &[usize]| {
        let mut b = Vec::new();
        for &c in list {
            put_varint(&mut b, c as u32);
        }
        base85(&b)
    };
    let payload = json!({
        "v": 3,
        "lang": lang,
        "n": docs.len(),
        "shards": shards,
        "years": years,
        "kinds": kinds,
        "topics": topics,
        "docs": base85(&deflate(&bytes)),
        "chunks": varints(&store.piece_files),
        "heads": varints(&store.head_files),
        "piece": PIECE,
        "z": store.dict,
    });
    out.insert(format!("search/{lang}/meta.js"), script(&format!("{lang}/meta"), &payload));
}

/// Writes `search/languages.js`, the list of indexed languages (`lang: "all"`).
pub(crate) fn write_languages(langs: &[String], out: &mut Output) {
    out.insert("search/languages.js", script("languages", &json!(langs)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::tokenize;

    /// The pieces of `text` as the index cuts them, for a document with a
    /// title and a heading before its body (positions are the body's own).
    fn cuts(text: &str) -> Vec<usize> {
        let doc = SearchDoc {
            lang: "zh".into(),
            path: "a/".into(),
            title: "标题 title".into(),
            headings: vec!["一、总体情况".into()],
            text: text.into(),
            year: None,
            kind: "page".into(),
            topics: vec![],
        };
        let inverted = crate::search::index::invert(&[doc]);
        inverted.cuts[0].iter().map(|&c| c as usize).collect()
    }

    #[test]
    fn pieces_cover_the_text_and_start_near_their_positions() {
        let text = "垃圾分类工作，PM2.5浓度下降6.5%。".repeat(40) + &" credit commitment 2022-01-01".repeat(30);
        let starts = cuts(&text);
        assert_eq!(starts[0], 0);
        assert!(starts.len() > 4, "{} pieces", starts.len());
        assert!(starts.windows(2).all(|w| w[0] < w[1]));
        let total = tokenize(&text).last().map_or(0, |t| t.pos);
        assert!(
            (starts.len() as u32).abs_diff(total / PIECE + 1) <= 1,
            "{} pieces for {total} positions",
            starts.len()
        );
        for (k, &s) in starts.iter().enumerate().skip(1) {
            // The prefix before a cut ends at a token boundary at or past k × PIECE.
            let before = tokenize(&text[..s]).last().map_or(0, |t| t.pos);
            let at = k as u32 * PIECE;
            assert!(before + 8 >= at && before < at + PIECE / 2 + 2, "piece {k} starts after position {before}");
            let prev = text[..s].chars().last().expect("char");
            assert!(!prev.is_alphanumeric() || text[s..].starts_with(char::is_whitespace), "cut inside a word at {s}");
        }
    }

    #[test]
    fn pieces_start_on_char_boundaries_where_normalization_joins_characters() {
        // Full-width colons and digits are normalized with their neighbours:
        // a piece can only start where such a stretch starts.
        let text = "会议：研究１２３项工作，ｃａｆé ".repeat(60);
        let starts = cuts(&text);
        assert!(starts.len() > 4, "{} pieces", starts.len());
        assert!(starts.windows(2).all(|w| w[0] <= w[1]));
        assert!(starts.iter().all(|&s| text.is_char_boundary(s)));
        let total = tokenize(&text).last().map_or(0, |t| t.pos);
        assert!((starts.len() as u32).abs_diff(total / PIECE + 1) <= 1, "{} pieces for {total}", starts.len());
    }
}
