//! Bytes → text for files handed to `annals import`.
//!
//! Official documents reach us from many offices and many decades of
//! tooling: UTF-8 (often with a BOM written by Notepad), UTF-16 exported
//! from Word, and GBK/GB18030 from older Windows systems. No charset is ever
//! declared, so we decide by evidence, strictest first:
//!
//! 1. A BOM is authoritative (UTF-8, UTF-16 LE, UTF-16 BE).
//! 2. Otherwise the bytes must be valid UTF-8 — UTF-8 is self-validating, so
//!    GBK text practically never passes by accident.
//! 3. Otherwise GB18030 (a superset of GBK and GB2312), accepted only if the
//!    decoder needed no replacement characters.
//!
//! Anything else — NUL bytes, undecodable bytes, or text made mostly of
//! control characters — is rejected with an error naming the file, because
//! silently importing a PDF or a `.docx` as mojibake would publish garbage.
//! Line endings are *not* touched here; `convert` normalises them so that
//! text from any source (files, stdin, the corpus) gets the same treatment.

use std::path::Path;

use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};

use super::ImportError;

/// Share of control characters (other than tab, LF, CR, FF) above which the
/// input is considered binary rather than text.
const MAX_CONTROL_SHARE: f64 = 0.02;

/// Decodes `bytes` read from `file` into text. See the module docs for the
/// order in which encodings are tried.
pub fn decode(bytes: &[u8], file: &Path) -> Result<String, ImportError> {
    let not_text = |reason: &str| ImportError::NotText { file: file.to_path_buf(), reason: reason.to_string() };
    let text = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        std::str::from_utf8(rest).map_err(|_| not_text("invalid UTF-8 after a UTF-8 byte-order mark"))?.to_string()
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        utf16(rest, true).ok_or_else(|| not_text("invalid UTF-16LE after its byte-order mark"))?
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        utf16(rest, false).ok_or_else(|| not_text("invalid UTF-16BE after its byte-order mark"))?
    } else {
        if bytes.contains(&0) {
            return Err(not_text("contains NUL bytes (UTF-16 without a byte-order mark, or a binary file?)"));
        }
        match std::str::from_utf8(bytes) {
            Ok(s) => s.to_string(),
            Err(_) => GB18030
                .decode_without_bom_handling_and_without_replacement(bytes)
                .map(|s| s.into_owned())
                .ok_or_else(|| not_text("neither valid UTF-8 nor GB18030/GBK"))?,
        }
    };
    check_text(&text).map_err(|reason| not_text(&reason))?;
    Ok(text)
}

fn utf16(bytes: &[u8], little_endian: bool) -> Option<String> {
    let enc = if little_endian { UTF_16LE } else { UTF_16BE };
    enc.decode_without_bom_handling_and_without_replacement(bytes).map(|s| s.into_owned())
}

/// Rejects decoded text that is evidently not a document.
fn check_text(text: &str) -> Result<(), String> {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars() {
        total += 1;
        if c == '\0' {
            return Err("contains NUL characters (binary file?)".into());
        }
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c') {
            control += 1;
        }
    }
    if total > 0 && control as f64 / total as f64 > MAX_CONTROL_SHARE {
        return Err(format!("{control} of {total} characters are control characters (binary file?)"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("in.txt")
    }

    #[test]
    fn utf8_plain_and_bom() {
        assert_eq!(decode("一、总体".as_bytes(), p()).unwrap(), "一、总体");
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice("述责述廉".as_bytes());
        assert_eq!(decode(&b, p()).unwrap(), "述责述廉");
    }

    #[test]
    fn utf16_both_endians() {
        let s = "（一）坚持\r\n学习**次";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(&le, p()).unwrap(), s);
        assert_eq!(decode(&be, p()).unwrap(), s);
        // Odd byte count: truncated UTF-16 is an error, not a guess.
        le.push(0x41);
        assert!(decode(&le, p()).is_err());
    }

    #[test]
    fn gbk_and_gb18030() {
        let s = "一、述责述廉情况\r\n（一）坚持勤学立德。××市";
        let (bytes, _, unmappable) = encoding_rs::GBK.encode(s);
        assert!(!unmappable);
        assert!(std::str::from_utf8(&bytes).is_err());
        assert_eq!(decode(&bytes, p()).unwrap(), s);
        let (bytes, _, _) = GB18030.encode("𠀀 rare ideograph");
        assert_eq!(decode(&bytes, p()).unwrap(), "𠀀 rare ideograph");
    }

    #[test]
    fn binary_rejected_with_file_name() {
        let cases: [&[u8]; 4] =
            [b"PK\x03\x04\x00\x00binary", b"\xFF\xFF\xFF\xFF", b"\x01\x02\x03\x04\x05\x06\x07abc", b"\xEF\xBB\xBF\xFF"];
        for bytes in cases {
            let err = decode(bytes, Path::new("scan.pdf")).unwrap_err();
            assert!(err.to_string().contains("scan.pdf"), "{err}");
        }
    }

    #[test]
    fn empty_is_text() {
        assert_eq!(decode(b"", p()).unwrap(), "");
    }
}
