//! Search index: built at build time in Rust, queried in the browser by
//! `themes/default/static/search.js` with the same tokenizer.
//!
//! Why it is built this way:
//!
//! * Sites are read from `file://` as often as from a web server, under any
//!   URL prefix. So the browser side uses neither `fetch`, Workers nor WASM:
//!   every index file is a classic script, `annals_register(key, payload);`,
//!   that `search.js` inserts as a `<script>` element relative to the site
//!   root and awaits.
//! * Sites grow to tens of thousands of pages, so nothing is loaded up front
//!   except a small meta file per language; term postings are split into
//!   range shards (`shards.rs`), titles into small title files and body
//!   text into pieces of about 64 token positions stored in small files
//!   (`store.rs`), all loaded on demand: a result loads the piece its
//!   excerpt comes from, not its document.
//! * Chinese is indexed as overlapping bigrams with positions, so phrase
//!   queries are exact (`tokenize/`); numbers and Latin terms are phrases
//!   as written (`6.5%`, `PM2.5`, `1953年`), traditional characters are
//!   folded to simplified (`fold.rs`), and redaction masks are separators
//!   that excerpts show as masks.
//! * Size: postings are Rice/gamma bit streams (`encode.rs`), document text
//!   is raw deflate against a shared per-language dictionary (`store.rs`),
//!   inflated natively by the browser (`DecompressionStream`), and all
//!   binary data travels as base85. On the 10,000-page benchmark corpus the
//!   index is 49 MB (it was 102 MB with varints, plain JSON text and
//!   base64). On the 52 imported government work reports (`node
//!   bench/search_quality.mjs`), a cold query loads 113 KB (median, the
//!   14 KB folding table included; it was 308 KB when results loaded whole
//!   documents rather than pieces).
//! * Speed: no allocation per token, no sorting of tokens, everything
//!   parallel (`index.rs`, `shards.rs`), one scan of the text for both the
//!   tokens and the doc store's pieces; 10,000 pages take 1.5 s on two
//!   cores. Memory: languages are indexed one after the other and each is
//!   handed to the output as soon as it is encoded ([`build_index_into`]),
//!   so only one language's tokens are held at a time and the index files
//!   are never all in memory (sequential languages measured no slower than
//!   parallel ones on 10,000 pages).
//!
//! Files written under `search/` (`b85(x)` is a base85 string, `z(x)` raw
//! deflate):
//!
//! | file                 | key               | payload |
//! |----------------------|-------------------|---------|
//! | `languages.js`       | `languages`       | `["en","zh"]` |
//! | `<lang>/meta.js`     | `<lang>/meta`     | see `write_meta` in `store.rs` |
//! | `<lang>/t<i>.js`     | `<lang>/t/<i>`    | `[[terms…], b85(postings blocks)]`, see `shards.rs` |
//! | `<lang>/z.js`        | `<lang>/z`        | `b85(z(dictionary))`, ending on a sync flush |
//! | `<lang>/h<i>.js`     | `<lang>/h/<i>`    | `[[path, title]…]` of consecutive docs |
//! | `<lang>/d<i>.js`     | `<lang>/d/<i>`    | `b85(continuation of z.js inflating to [piece…])`, pieces of body text in doc order |
//!
//! | module        | what |
//! |---------------|------|
//! | `tokenize/`   | the tokenizer shared with the browser, as a streaming scanner |
//! | `fold.rs`     | traditional-to-simplified folding, from the theme's `search-fold.js` |
//! | `normalize.rs`| NFKC + lower-casing, skipped where it changes nothing |
//! | `index.rs`    | tokenizing all documents in parallel, numbering the terms |
//! | `shards.rs`   | encoding postings by term partition, cutting shard files |
//! | `store.rs`    | doc store, its dictionary, the meta file |
//! | `encode.rs`   | varints, bit codes, base85, script files |
//! | `deflate.rs`  | raw deflate, with a dictionary browsers can use |
//! | `hash.rs`     | a fast hasher for the lookup tables |
//!
//! This module is the engine only: it indexes [`SearchDoc`]s and knows
//! nothing of the site model. The site's pages and commitments become
//! documents in the index stage, `src/index.rs`, which sits above both.
//!
//! Ranking happens in the browser: BM25F over title (×5), headings (×2) and
//! body, multiplied by a bonus when the whole query occurs as a phrase.
//! Positions are kept for English words too: quoted phrases must be exact,
//! and they cost 3 MB of the 47.
//!
//! Benchmark: `cargo run --release --example index_bench -- <out dir>
//! --root <site>` indexes a real site (e.g. the corpus of
//! `bench/gen_corpus.py`), without `--root` 10,000 synthetic pages; it prints
//! time, peak memory and sizes. `node tests/js/query_bytes.mjs <out dir>`
//! then prints the bytes each query loads and its time.

mod deflate;
mod encode;
mod fold;
mod hash;
mod index;
mod normalize;
mod shards;
mod store;
mod tokenize;

use std::borrow::Cow;
use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::output::Output;
use crate::packed::PackedText;

pub use tokenize::{Token, tokenize};

/// One page to index. Text borrows from the site model where it can (the
/// index of a large site would otherwise copy all its text once more).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SearchDoc<'a> {
    pub lang: Cow<'a, str>,
    /// Site-relative URL path like `"en/cases/garbage-sorting/"`.
    pub path: Cow<'a, str>,
    pub title: Cow<'a, str>,
    pub headings: Vec<Cow<'a, str>>,
    /// Visible body text, redaction masks as private-use characters
    /// (`crate::markdown::text::mask_search_text`): separators for the
    /// tokenizer, shown as the mask in excerpts. Packed
    /// ([`crate::packed`], shared with the model, not copied): the index
    /// unpacks one document at a time.
    pub text: PackedText,
    pub year: Option<i32>,
    /// `"report"` | `"case"` | `"page"`.
    pub kind: Cow<'a, str>,
    pub topics: Vec<Cow<'a, str>>,
}

impl SearchDoc<'_> {
    /// The same document, borrowing every field from this one.
    pub fn borrowed(&self) -> SearchDoc<'_> {
        fn b(c: &str) -> Cow<'_, str> {
            Cow::Borrowed(c)
        }
        SearchDoc {
            lang: b(&self.lang),
            path: b(&self.path),
            title: b(&self.title),
            headings: self.headings.iter().map(|h| b(h)).collect(),
            text: self.text.clone(),
            year: self.year,
            kind: b(&self.kind),
            topics: self.topics.iter().map(|t| b(t)).collect(),
        }
    }
}

/// Options of [`build_index`].
#[derive(Debug, Clone, Default)]
pub struct IndexOptions {
    /// Number of term shards per language; `None` chooses from the size
    /// (about 24 KB per shard).
    pub shards: Option<usize>,
}

/// Builds the search index files (everything under `search/`), one index per
/// language. Output is byte-identical for identical input.
pub fn build_index(docs: &[SearchDoc<'_>], opts: &IndexOptions) -> Output {
    let mut out = Output::default();
    let docs = docs.iter().map(SearchDoc::borrowed).collect();
    let done: Result<(), std::convert::Infallible> = build_index_into(docs, opts, &mut |part| {
        out.extend(part);
        Ok(())
    });
    match done {
        Ok(()) => out,
    }
}

/// Like [`build_index`], but hands each language's files to `sink` as soon
/// as they are encoded, one language after the other (each in parallel
/// inside): a large site's index is never held whole, and the tokens of one
/// language are freed before the next is read. Where the documents own
/// their text (`annals build`), a language's text is freed once its index is
/// out, before the next language is read.
pub fn build_index_into<E>(
    docs: Vec<SearchDoc<'_>>,
    opts: &IndexOptions,
    sink: &mut dyn FnMut(Output) -> Result<(), E>,
) -> Result<(), E> {
    let mut by_lang: BTreeMap<String, Vec<SearchDoc<'_>>> = BTreeMap::new();
    for doc in docs {
        by_lang.entry(lang_id(&doc.lang)).or_default().push(doc);
    }
    let langs: Vec<String> = by_lang.keys().cloned().collect();
    while let Some((lang, mut docs)) = by_lang.pop_first() {
        let lang = &lang;
        docs.par_sort_by(|a, b| (&a.path, &a.title, &a.text).cmp(&(&b.path, &b.title, &b.text)));
        // The tokens and the doc store's cuts in one pass, then the postings
        // (each parallel inside), then the doc store from the cuts.
        let mut inverted = index::invert(&docs);
        let shards = shards::write_shards(lang, &mut inverted, opts.shards, sink)?;
        let cuts = std::mem::take(&mut inverted.cuts);
        let spans = std::mem::take(&mut inverted.spans);
        drop(inverted);
        let layout = store::write_doc_store(lang, &docs, &cuts, sink)?;
        drop(cuts);
        let mut out = Output::default();
        store::write_meta(lang, &docs, &spans, &shards, &layout, &mut out);
        // This language's text is freed before the next language is read.
        drop(docs);
        sink(out)?;
    }
    let mut out = Output::default();
    store::write_languages(&langs, &mut out);
    sink(out)
}

/// The language id used in file names and in `search.js`: the document's
/// `lang` with anything but ASCII letters, digits, `-` and `_` replaced.
fn lang_id(lang: &str) -> String {
    if lang.is_empty() {
        return "und".to_owned();
    }
    lang.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect()
}

#[cfg(test)]
mod tests;
