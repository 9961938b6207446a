//! Normalization as the tokenizer needs it: NFKC and full lower-casing, the
//! same as JS `normalize("NFKC").toLowerCase()`, with a fast path for the
//! text it cannot change.

use unicode_normalization::UnicodeNormalization;

/// NFKC, then full Unicode lower-casing (same as JS `normalize("NFKC").toLowerCase()`).
pub(crate) fn normalize(s: &str) -> String {
    s.nfkc().collect::<String>().to_lowercase()
}

/// CJK Unified Ideographs: no decomposition, no case, never composed with a
/// neighbour, and not case-ignorable.
fn is_uro(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// Common CJK and general punctuation whose NFKC form holds neither letters,
/// digits, Han-like characters nor combining marks, so it separates tokens
/// before and after normalization: the scanner may pass it on as a space.
/// Not the full-width forms of the joining characters (`．％－／：`, `․`),
/// which NFKC turns into ASCII the tokenizer keeps.
fn is_plain_punct(c: char) -> bool {
    matches!(c as u32,
        0x00B7 | 0x3000..=0x3004 | 0x3008..=0x3011 | 0x3014..=0x301F
        | 0x2010..=0x2016 | 0x2018..=0x2023 | 0x2025..=0x2027
        | 0xFF01..=0xFF04 | 0xFF06..=0xFF0C | 0xFF1B..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65)
}

/// Calls `f(at, c)` with the characters `c` of `normalize(text)`, up to
/// characters that cannot change how the text is tokenized (punctuation may
/// come out as a space). `at` is the byte offset in `text` of the character
/// `c` comes from where normalization kept it apart (the fast path), and of
/// the start of the normalized piece otherwise. Fast path: the text is cut
/// between two characters that are both ASCII, URO Han or plain punctuation
/// when one of them is ASCII whitespace or URO Han; such a cut never changes
/// NFKC (both sides are stable starters that compose with nothing) nor
/// lower-casing (the final-sigma context stops at whitespace and Han). A
/// piece made only of such characters needs ASCII lower-casing only; any
/// other piece is normalized in full.
pub(super) fn for_each_normalized(text: &str, f: &mut impl FnMut(usize, char)) {
    let simple = |c: char| c.is_ascii() || is_uro(c) || is_plain_punct(c);
    let stop = |c: char| c.is_ascii_whitespace() || is_uro(c);
    let mut start = 0;
    let mut clean = true;
    let mut prev: Option<char> = None;
    fn flush(piece: &str, from: usize, clean: bool, f: &mut impl FnMut(usize, char)) {
        if clean {
            for (i, c) in piece.char_indices() {
                let c = if c.is_ascii() {
                    c.to_ascii_lowercase()
                } else if is_uro(c) {
                    c
                } else {
                    ' '
                };
                f(from + i, c);
            }
        } else {
            normalize(piece).chars().for_each(|c| f(from, c));
        }
    }
    for (i, c) in text.char_indices() {
        let is_simple = simple(c);
        if let Some(p) = prev
            && is_simple
            && simple(p)
            && (stop(p) || stop(c))
        {
            flush(&text[start..i], start, clean, f);
            start = i;
            clean = true;
        }
        clean &= is_simple;
        prev = Some(c);
    }
    flush(&text[start..], start, clean, f);
}
