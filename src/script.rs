//! Character classes shared by stages that must agree on what Chinese text is.
//!
//! The Markdown stage joins lines between Han characters and decides whether a
//! single `×` is a mask; the search tokenizer cuts Han runs into bigrams. Both
//! ask [`is_han`], so a character never counts as Chinese for one and not for
//! the other. (The JavaScript tokenizer, `search-tokenize.js`, has the same
//! ranges; the shared vectors in `tests/search_vectors.json` check it.)

/// Han ideographs: CJK Unified Ideographs, extensions A to H, compatibility
/// ideographs and their supplement.
pub(crate) fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F | 0x30000..=0x323AF)
}

#[cfg(test)]
mod tests {
    use super::is_han;

    #[test]
    fn han_ranges() {
        for c in ['一', '述', '\u{3400}', '\u{F900}', '\u{20000}', '\u{30000}', '\u{323AF}'] {
            assert!(is_han(c), "{c}");
        }
        for c in ['a', '、', '。', 'あ', 'ア', '한', '〇', '々', '×'] {
            assert!(!is_han(c), "{c}");
        }
    }
}
