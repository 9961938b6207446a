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
//!   Han run the position counter skips one slot. Without the gap, `垃圾，圾分类`
//!   would yield `垃圾`@0 `圾分`@1 `分类`@2 and falsely contain `垃圾分类`.
//!   The skipped slot is exactly where the run's last character sits if one
//!   counts characters (character i of a run starting at s is at s+i), which
//!   the index uses for one-character queries (see `index.rs`).
//! * Kana and Hangul are treated like Han (bigrams): both appear in names in
//!   the reports, and bigrams need no dictionary. `〇` and `々` count as Han.
//! * Latin words made only of `a-z` are stemmed; words with digits (`2022`,
//!   `g20`) or other letters (`café`) are kept as they are, because the
//!   stemmer is only defined on ASCII and a faithful JS port is only
//!   checkable there.
//!
//! Unicode versions: Rust's `std`, the `unicode-normalization` crate and the
//! browser's ICU may disagree on characters assigned in the most recent
//! Unicode versions. Such characters are vanishingly rare in our content.

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;

/// One token and its position in the token stream.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Token {
    pub text: String,
    pub pos: u32,
}

/// NFKC, then full Unicode lower-casing (same as JS `normalize("NFKC").toLowerCase()`).
pub(crate) fn normalize(s: &str) -> String {
    s.nfkc().collect::<String>().to_lowercase()
}

/// Characters that form runs emitted as bigrams: Han (URO, ext. A–H,
/// compatibility ideographs), `々` `〇`, Hiragana, Katakana (minus the middle
/// dot `・`), Hangul syllables.
pub(crate) fn is_han_like(c: char) -> bool {
    matches!(c as u32,
        0x3005 | 0x3007
        | 0x3040..=0x309F
        | 0x30A0..=0x30FA
        | 0x30FC..=0x30FF
        | 0x31F0..=0x31FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF
        | 0x20000..=0x2FA1F
        | 0x30000..=0x323AF)
}

fn is_word_char(c: char) -> bool {
    !is_han_like(c) && c.is_alphanumeric()
}

/// Tokenizes `input` (see the module docs for the rules).
pub fn tokenize(input: &str) -> Vec<Token> {
    let stemmer = Stemmer::create(Algorithm::English);
    let chars: Vec<char> = normalize(input).chars().collect();
    let mut out = Vec::new();
    let mut pos = 0u32;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_han_like(c) {
            let start = i;
            while i < chars.len() && is_han_like(chars[i]) {
                i += 1;
            }
            let run = &chars[start..i];
            if run.len() == 1 {
                out.push(Token {
                    text: c.to_string(),
                    pos,
                });
                pos += 1;
            } else {
                for pair in run.windows(2) {
                    out.push(Token {
                        text: pair.iter().collect(),
                        pos,
                    });
                    pos += 1;
                }
            }
            pos += 1; // the gap after a Han run, see the module docs
        } else if is_word_char(c) {
            let start = i;
            while i < chars.len() && is_word_char(chars[i]) {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let text = if word.bytes().all(|b| b.is_ascii_lowercase()) {
                stemmer.stem(&word).into_owned()
            } else {
                word
            };
            out.push(Token { text, pos });
            pos += 1;
        } else {
            i += 1;
        }
    }
    out
}

/// Whether `term` is a Han-like bigram (two Han-like characters).
pub(crate) fn is_han_bigram(term: &str) -> bool {
    let mut it = term.chars();
    matches!((it.next(), it.next(), it.next()), (Some(a), Some(b), None) if is_han_like(a) && is_han_like(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<(String, u32)> {
        tokenize(s).into_iter().map(|t| (t.text, t.pos)).collect()
    }

    #[test]
    fn han_runs_become_bigrams_with_gaps() {
        assert_eq!(
            toks("垃圾，圾分类"),
            vec![("垃圾".into(), 0), ("圾分".into(), 2), ("分类".into(), 3)]
        );
        assert_eq!(toks("廉"), vec![("廉".into(), 0)]);
        assert_eq!(
            toks("2022 垃圾分类"),
            vec![
                ("2022".into(), 0),
                ("垃圾".into(), 1),
                ("圾分".into(), 2),
                ("分类".into(), 3)
            ]
        );
    }

    #[test]
    fn words_are_normalized_and_stemmed() {
        assert_eq!(
            toks("Ｃｒｅｄｉｔ Commitments, ２０２２!"),
            vec![
                ("credit".into(), 0),
                ("commit".into(), 1),
                ("2022".into(), 2)
            ]
        );
        assert!(toks("** 🎉 —").is_empty());
    }

    #[derive(serde::Deserialize, serde::Serialize)]
    struct Vector {
        input: String,
        tokens: Vec<(String, u32)>,
    }

    #[test]
    fn shared_vectors() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/search_vectors.json");
        let text = std::fs::read_to_string(path).expect("read tests/search_vectors.json");
        let mut vectors: Vec<Vector> = serde_json::from_str(&text).expect("parse vectors");
        assert!(vectors.len() >= 60, "need at least 60 vectors");
        if std::env::var_os("ANNALS_UPDATE_FIXTURES").is_some() {
            for v in &mut vectors {
                v.tokens = toks(&v.input);
            }
            let lines: Vec<String> = vectors
                .iter()
                .map(|v| serde_json::to_string(v).expect("json"))
                .collect();
            std::fs::write(path, format!("[\n{}\n]\n", lines.join(",\n"))).expect("write");
        }
        for v in vectors {
            assert_eq!(toks(&v.input), v.tokens, "input {:?}", v.input);
        }
    }

    #[test]
    fn shared_stem_vectors() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/stem_vectors.tsv");
        let text = std::fs::read_to_string(path).expect("read tests/stem_vectors.tsv");
        let stemmer = Stemmer::create(Algorithm::English);
        let mut n = 0;
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let (word, stem) = line.split_once('\t').expect("word<TAB>stem");
            assert_eq!(stemmer.stem(word), stem, "word {word:?}");
            n += 1;
        }
        assert!(n > 20_000);
    }
}
