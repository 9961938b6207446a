//! The per-language meta file and the document store.
//!
//! Why: every query needs, for every candidate document, its field lengths
//! (BM25) and its facets (filters and counts), so those live in the meta file
//! as a few varints per document (`docs`). Titles, URLs and body text are only
//! needed for the handful of results actually shown, so they live in small
//! "doc store" chunks (`d<i>.js`, about `STORE_TARGET` bytes of text each,
//! consecutive doc ids) that the browser loads per shown result.
//!
//! The store is most of the index by size, and it is text: each chunk is
//! deflated (raw deflate, inflated in the browser by the native
//! `DecompressionStream`), which makes it 2–4 times smaller. Chunks are
//! larger than they would be uncompressed because deflate needs some text to
//! find repeats in; 10 results still load well under 150 KB of chunks.

use std::collections::BTreeSet;

use rayon::prelude::*;
use serde_json::json;

use super::SearchDoc;
use super::deflate::{Deflater, deflate};
use super::encode::{base85, put_varint, script, script_b85};
use crate::output::Output;

/// Target size of one doc store chunk before compression, in bytes.
pub(crate) const STORE_TARGET: usize = 16 * 1024;

/// Size of the shared deflate dictionary: deflate's whole window.
const DICT: usize = 32 * 1024;

/// The shared dictionary of the doc store: `DICT / 1024` slices of 1 KB of
/// body text from documents spread over the language. Small chunks compress
/// poorly on their own (deflate has little text to find repeats in); with
/// the dictionary in front, common words and phrases are found there: 18%
/// smaller for Chinese, 35% for English.
fn dictionary(docs: &[&SearchDoc<'_>]) -> Vec<u8> {
    let mut dict = Vec::with_capacity(DICT);
    let pieces = DICT / 1024;
    for i in 0..pieces {
        let Some(d) = docs.get(i * docs.len() / pieces) else {
            break;
        };
        let text = d.text.as_bytes();
        let from = text.len().saturating_sub(1024) / 2;
        dict.extend_from_slice(&text[from..text.len().min(from + 1024)]);
    }
    dict
}

/// Writes the dictionary `search/<lang>/z.js` (`base85(prefix)`, see
/// [`Deflater`]) and the chunks `search/<lang>/d<i>.js`, each
/// `base85(continuation of the prefix inflating to JSON [[path, title, text]…])`;
/// returns the number of docs in each chunk and the dictionary's length.
pub(crate) fn write_doc_store(lang: &str, docs: &[&SearchDoc<'_>], out: &mut Output) -> (Vec<usize>, usize) {
    let dict = dictionary(docs);
    let z = Deflater::new(&dict);
    let size_of = |i: usize| docs[i].path.len() + docs[i].title.len() + docs[i].text.len() + 16;
    let cuts = super::encode::cut_runs(docs.len(), size_of, |size, _| size < STORE_TARGET);
    let files: Vec<Vec<u8>> = cuts
        .par_iter()
        .enumerate()
        .map(|(i, r)| {
            let rows: Vec<_> = docs[r.clone()].iter().map(|d| json!([d.path, d.title, d.text])).collect();
            let json = serde_json::to_vec(&rows).expect("doc store JSON");
            script_b85(&format!("{lang}/d/{i}"), None, &z.compress(&json))
        })
        .collect();
    for (i, file) in files.into_iter().enumerate() {
        out.insert(format!("search/{lang}/d{i}.js"), file);
    }
    out.insert(format!("search/{lang}/z.js"), script_b85(&format!("{lang}/z"), None, z.prefix()));
    (cuts.into_iter().map(|r| r.len()).collect(), dict.len())
}

/// Writes `search/<lang>/meta.js`:
/// `{v: 2, lang, n, shards: [first term of each shard], years, kinds, topics,
///   docs: base85(deflate(varints per doc: title span, headings span, body
///   span, year index + 1 (0 = none), kind index, topic count, topic
///   indices…)), chunks: base85(varint docs per doc store chunk…),
///   z: length of the doc store dictionary}`.
pub(crate) fn write_meta(
    lang: &str,
    docs: &[&SearchDoc<'_>],
    spans: &[[u32; 3]],
    shards: &[String],
    (chunks, dict): (&[usize], usize),
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
    let mut chunk_bytes = Vec::new();
    for &c in chunks {
        put_varint(&mut chunk_bytes, c as u32);
    }
    let payload = json!({
        "v": 2,
        "lang": lang,
        "n": docs.len(),
        "shards": shards,
        "years": years,
        "kinds": kinds,
        "topics": topics,
        "docs": base85(&deflate(&bytes)),
        "chunks": base85(&chunk_bytes),
        "z": dict,
    });
    out.insert(format!("search/{lang}/meta.js"), script(&format!("{lang}/meta"), &payload));
}

/// Writes `search/languages.js`, the list of indexed languages (`lang: "all"`).
pub(crate) fn write_languages(langs: &[String], out: &mut Output) {
    out.insert("search/languages.js", script("languages", &json!(langs)));
}
