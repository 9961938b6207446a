//! Characters that XML and HTML forbid never reach a generated file.
//!
//! A form feed or an ESC pasted into a report body, a title or a UI string is
//! harmless in Markdown but makes `atom.xml` and the sitemap ill-formed XML
//! (XML 1.0 cannot hold them even as character references) and is a parse
//! error in HTML. Every text file Annals generates — pages, lists, aliases,
//! feeds, sitemap — passes through [`xml_safe`]; copied files (static files,
//! assets, snapshots) are left byte for byte.

/// Whether a character is forbidden in XML 1.0 and HTML text: the C0
/// controls except tab, line feed and carriage return.
fn forbidden(c: char) -> bool {
    (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r')
}

/// Whether `bytes` hold a forbidden character. Every generated page is
/// scanned, so the test is written for the compiler to vectorize: blocks of
/// 64 bytes folded without branches, instead of a byte-by-byte `any`, which
/// was 2% of a build's time.
fn has_forbidden(bytes: &[u8]) -> bool {
    bytes.chunks(64).any(|block| {
        block.iter().fold(false, |found, &b| found | ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r')))
    })
}

/// Removes the forbidden control characters; returns the text unchanged
/// (without copying) when there are none, which is nearly always.
pub fn xml_safe(text: String) -> String {
    if !has_forbidden(text.as_bytes()) {
        return text;
    }
    text.chars().filter(|&c| !forbidden(c)).collect()
}

/// [`xml_safe`] for UTF-8 bytes. The forbidden characters are single bytes
/// below 0x20, which never occur inside a multi-byte UTF-8 sequence, so
/// dropping those bytes drops exactly those characters.
pub fn xml_safe_bytes(mut bytes: Vec<u8>) -> Vec<u8> {
    if has_forbidden(&bytes) {
        bytes.retain(|&b| !forbidden(char::from(b)));
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_c0_but_keeps_whitespace() {
        assert_eq!(xml_safe("a\u{0}b\u{c}c\u{1b}[1m\td\r\ne".into()), "abc[1m\td\r\ne");
        assert_eq!(xml_safe("纯文本".into()), "纯文本");
        for text in ["a\u{0}b\u{c}c\u{1b}[1m\td\r\ne", "纯\u{1}文本\u{7f}", "plain"] {
            assert_eq!(xml_safe_bytes(text.as_bytes().to_vec()), xml_safe(text.into()).into_bytes());
        }
        // Every byte value, alone and at each place of a block.
        for b in 0..=255u8 {
            assert_eq!(has_forbidden(&[b]), forbidden(char::from(b)), "byte {b}");
        }
        for at in [0, 1, 63, 64, 65, 127, 128, 199] {
            let mut bytes = vec![b'x'; 200];
            bytes[at] = 0x1b;
            assert!(has_forbidden(&bytes), "at {at}");
            bytes[at] = b'\n';
            assert!(!has_forbidden(&bytes), "at {at}");
        }
    }
}
