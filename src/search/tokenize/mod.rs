//! The one tokenizer, shared bit-for-bit with `themes/default/static/search.js`.
//!
//! Why it looks like this:
//!
//! * The index is built here and queried in the browser, so a query only finds
//!   what the build indexed if both sides cut text into *exactly* the same
//!   tokens. Every rule below is therefore one a few lines of JavaScript can
//!   reproduce: NFKC, `toLowerCase`, fixed code point ranges, the Unicode
//!   `Alphabetic`/`Number` properties (Rust `char::is_alphanumeric`, JS
//!   `/[\p{Alphabetic}\p{N}]/u`) and the English Snowball stemmer (Porter2 as
//!   shipped by `rust-stemmers` 1.2; `search.js` carries its own
//!   implementation). `tests/search_vectors.json` and `tests/stem_vectors.tsv`
//!   are checked by both a Rust and a node test.
//! * Chinese has no spaces and the reports use open-ended vocabulary (names of
//!   programmes, slogans), so we do not segment words: a run of Han characters
//!   becomes overlapping bigrams (`垃圾分类` → `垃圾 圾分 分类`). A query of n
//!   characters is then n-1 bigrams that must sit at consecutive positions,
//!   which is an *exact substring* test, not a fuzzy one.
//! * Positions are ordinals in the token stream with one twist: after every
//!   Han run the position counter skips one slot (unless a word touches the
//!   run). Without the gap, `垃圾，圾分类`
//!   would yield `垃圾`@0 `圾分`@1 `分类`@2 and falsely contain `垃圾分类`.
//!   The skipped slot is exactly where the run's last character sits if one
//!   counts characters (character i of a run starting at s is at s+i), which
//!   the index uses for one-character queries (see `index.rs`).
//! * Kana and Hangul are treated like Han (bigrams): both appear in names in
//!   the reports, and bigrams need no dictionary. `〇` and `々` count as Han.
//! * Numbers and Latin terms are phrases as written, like Chinese runs:
//!   `6.5%`, `PM2.5`, `1953年`, `5G基站`. A joining character (`.` `%` `-`
//!   `/` `:`, see [`is_joiner`]) between word characters (`%` after one) is
//!   a token of its own, and a Han run *touching* a word (no separator in
//!   between) continues the position sequence, while a separator between a
//!   word and a Han run (either order) costs one more gap slot. A query
//!   segment without spaces is matched as one phrase by relative positions,
//!   so `6.5%` does not match `6、5%` or `1 6 5`, and `5G基站` not `5G，基站`.
//!   Between two words a separator is no gap: English phrases ignore
//!   punctuation as before.
//! * Traditional characters are folded to simplified ones (`fold.rs`, OpenCC's
//!   table) after normalization, at index and at query time alike.
//! * Latin words made only of `a-z` are stemmed; words with digits (`2022`,
//!   `g20`) or other letters (`café`) are kept as they are, because the
//!   stemmer is only defined on ASCII and a faithful JS port is only
//!   checkable there.
//!
//! Unicode versions: Rust's `std`, the `unicode-normalization` crate and the
//! browser's ICU may disagree on characters assigned in the most recent
//! Unicode versions. Such characters are vanishingly rare in our content.

use std::collections::HashMap;

use super::fold::fold;
use super::hash::FxBuild;
use super::normalize::for_each_normalized;
use super::store::PIECE;
use rust_stemmers::{Algorithm, Stemmer};

use crate::script::is_han;

/// One token and its position in the token stream.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Token {
    pub text: String,
    pub pos: u32,
}

/// Characters that form runs emitted as bigrams: Han ([`is_han`]), `々` `〇`,
/// Hiragana, Katakana (minus the middle dot `・`), Hangul syllables.
pub(crate) fn is_han_like(c: char) -> bool {
    if (c as u32) < 0x3005 {
        return false;
    }
    is_han(c)
        || matches!(c as u32,
            0x3005 | 0x3007
            | 0x3040..=0x309F
            | 0x30A0..=0x30FA
            | 0x30FC..=0x30FF
            | 0x31F0..=0x31FF
            | 0xAC00..=0xD7AF)
}

fn is_word_char(c: char) -> bool {
    if c.is_ascii() { c.is_ascii_alphanumeric() } else { !is_han_like(c) && c.is_alphanumeric() }
}

/// Tokenizes `input` (see the module docs for the rules).
pub fn tokenize(input: &str) -> Vec<Token> {
    let mut out = Vec::new();
    Scanner::new().scan(input, &mut |term, pos, run_final| {
        if !run_final {
            let text = match term {
                Term::Han(key) => han_text(key),
                Term::Word(_, word) => word.to_owned(),
            };
            out.push(Token { text, pos });
        }
    });
    out
}

/// A term as [`Scanner::scan`] reports it, without allocating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Term<'a> {
    /// One or two Han-like characters packed by [`han_key`].
    Han(u64),
    /// The word, stemmed if made of `a-z` only, and its index in
    /// [`Scanner::words`].
    Word(u32, &'a str),
}

#[cfg(test)]
impl Term<'_> {
    fn to_owned_term(self) -> Term<'static> {
        match self {
            Term::Han(key) => Term::Han(key),
            Term::Word(id, _) => Term::Word(id, ""),
        }
    }
}

/// Packs one or two characters into an integer whose order is the code point
/// order of the strings (a lone character sorts before its bigrams).
pub(crate) fn han_key(a: char, b: Option<char>) -> u64 {
    (u64::from(a) << 21) | b.map_or(0, u64::from)
}

/// The string of a [`han_key`].
pub(crate) fn han_text(key: u64) -> String {
    let a = char::from_u32((key >> 21) as u32).unwrap_or('\u{FFFD}');
    let b = char::from_u32((key & 0x1F_FFFF) as u32).filter(|&b| b != '\0');
    std::iter::once(a).chain(b).collect()
}

/// Characters that join a run of digits and Latin letters into one phrase
/// (`6.5%`, `PM2.5`, `2022-01-01`, `1/2`, `10:30`), after NFKC (so the
/// full-width `．％－／：` too). `%` joins to the run before it; the others
/// only between two word characters. A joining character is a token of its
/// own, so `6.5` is the phrase `6 . 5`, which `6、5` or `6 5` is not.
pub(crate) fn is_joiner(c: char) -> bool {
    matches!(c, '.' | '%' | '-' | '/' | ':')
}

/// The tokenizer as a reusable state machine: words are stemmed once per
/// distinct spelling (cached), Han terms are integers, and normalization is
/// skipped for the (usual) stretches of text it cannot change.
pub(crate) struct Scanner {
    stemmer: Stemmer,
    cache: HashMap<String, u32, FxBuild>,
    /// Distinct terms of `Term::Word`, by id.
    pub(crate) words: Vec<String>,
    word: String,
    /// The previous character of the current Han-like run, and the run length.
    prev: char,
    run: u32,
    pos: u32,
    end: u32,
    /// A joining character seen right after a word character, decided by the
    /// next character.
    pending: Option<char>,
    /// The last token was a word or a joiner.
    after_word: bool,
    /// A separator came after the last word: a Han run now starts after a gap.
    spaced: bool,
}

impl Scanner {
    pub(crate) fn new() -> Self {
        Scanner {
            stemmer: Stemmer::create(Algorithm::English),
            cache: HashMap::default(),
            words: Vec::new(),
            word: String::new(),
            prev: '\0',
            run: 0,
            pos: 0,
            end: 0,
            pending: None,
            after_word: false,
            spaced: false,
        }
    }

    /// Calls `sink(term, position, run_final)` for every token of `text` in
    /// position order, positions starting at 0. `run_final` marks the extra
    /// one-character term the index adds after each Han run of two or more
    /// characters (in the gap slot, see `index.rs`); it is not a token.
    /// Returns the position after the last token (0 without tokens).
    pub(crate) fn scan(&mut self, text: &str, sink: &mut impl FnMut(Term<'_>, u32, bool)) -> u32 {
        self.scan_cutting(text, None, sink)
    }

    /// Like [`Scanner::scan`]; with `cuts`, also records there the byte
    /// offsets where the doc store's pieces of `text` start (see
    /// `store.rs`): piece `k` starts at the first token boundary at or
    /// after position `k × PIECE`, or, in a long run without one, half a
    /// piece later wherever it is. The first piece starts at 0. Inside a
    /// stretch that normalization changes as a whole (`normalize.rs`) a
    /// piece can only start where the stretch does, so a piece may be empty.
    /// One pass gives the tokens and the pieces: cutting the pieces with a
    /// scan of their own cost 8% of a build.
    pub(crate) fn scan_cutting(
        &mut self,
        text: &str,
        mut cuts: Option<&mut Vec<u32>>,
        sink: &mut impl FnMut(Term<'_>, u32, bool),
    ) -> u32 {
        self.reset();
        if let Some(starts) = cuts.as_deref_mut() {
            starts.clear();
            starts.push(0);
        }
        for_each_normalized(text, &mut |at, c| {
            if let Some(starts) = cuts.as_deref_mut() {
                let next = starts.len() as u32 * PIECE;
                if at > 0 && ((self.pos >= next && self.at_rest()) || self.pos >= next + PIECE / 2) {
                    starts.push(at as u32);
                }
            }
            self.push(c, sink)
        });
        self.push(' ', sink);
        self.end
    }

    fn push(&mut self, c: char, sink: &mut impl FnMut(Term<'_>, u32, bool)) {
        if let Some(j) = self.pending.take() {
            self.end_word(sink);
            if is_word_char(c) {
                self.emit_word(&j.to_string(), sink);
                self.word.push(c);
                return;
            } else if j == '%' {
                self.emit_word("%", sink);
            } else {
                self.spaced = true; // the joiner was a separator after all
            }
        }
        if is_han_like(c) {
            let c = fold(c);
            self.end_word(sink);
            if self.run == 0 && std::mem::take(&mut self.spaced) {
                self.pos += 1;
            }
            self.after_word = false;
            if self.run > 0 {
                sink(Term::Han(han_key(self.prev, Some(c))), self.pos, false);
                self.end = self.pos + 1;
                self.pos += 1;
            }
            self.prev = c;
            self.run += 1;
            return;
        }
        let word_char = is_word_char(c);
        if self.run > 0 {
            // The run's (last) character takes its slot; a separator adds a
            // gap, so that `长，5` is not the phrase `长5` (module docs).
            let step = if word_char { 1 } else { 2 };
            if self.run == 1 {
                sink(Term::Han(han_key(self.prev, None)), self.pos, false);
                self.end = self.pos + 1;
            } else {
                sink(Term::Han(han_key(self.prev, None)), self.pos, true);
            }
            self.pos += step;
            self.run = 0;
        }
        if word_char {
            self.word.push(c);
        } else if is_joiner(c) && !self.word.is_empty() {
            self.pending = Some(c);
        } else {
            self.end_word(sink);
            if self.after_word {
                self.spaced = true;
            }
        }
    }

    /// Starts a new text.
    fn reset(&mut self) {
        self.pos = 0;
        self.end = 0;
        self.after_word = false;
        self.spaced = false;
    }

    /// Between tokens (no Han run, word or joiner under way): the next token
    /// will be at the current position or one gap slot later.
    fn at_rest(&self) -> bool {
        self.run == 0 && self.word.is_empty() && self.pending.is_none()
    }

    /// Emits a joiner as a token of its own.
    fn emit_word(&mut self, text: &str, sink: &mut impl FnMut(Term<'_>, u32, bool)) {
        let id = match self.cache.get(text) {
            Some(&id) => id,
            None => {
                let id = self.words.len() as u32;
                self.words.push(text.to_owned());
                self.cache.insert(text.to_owned(), id);
                id
            }
        };
        sink(Term::Word(id, &self.words[id as usize]), self.pos, false);
        self.end = self.pos + 1;
        self.pos += 1;
        self.after_word = true;
        self.spaced = false;
    }

    fn end_word(&mut self, sink: &mut impl FnMut(Term<'_>, u32, bool)) {
        if self.word.is_empty() {
            return;
        }
        let id = match self.cache.get(self.word.as_str()) {
            Some(&id) => id,
            None => {
                let text = if self.word.bytes().all(|b| b.is_ascii_lowercase()) {
                    self.stemmer.stem(&self.word).into_owned()
                } else {
                    self.word.clone()
                };
                let id = self.words.len() as u32;
                self.words.push(text);
                self.cache.insert(self.word.clone(), id);
                id
            }
        };
        self.word.clear();
        sink(Term::Word(id, &self.words[id as usize]), self.pos, false);
        self.end = self.pos + 1;
        self.pos += 1;
        self.after_word = true;
        self.spaced = false;
    }
}

#[cfg(test)]
mod tests;
