//! Text kept compressed in memory until it is used.
//!
//! Why: a full build holds every page's rendered body from the Markdown stage
//! to the pages stage, and `annals serve` holds them for as long as it runs,
//! though each body is read only a few times (its page, its parallel view,
//! the related-cases and commitments scans). At 100,000 pages the bodies
//! were 640 MB of the model, a third of the build's memory. LZ4 packs HTML
//! about fourfold and unpacks at several GB/s, so a body costs a quarter of
//! its size while held and a few microseconds when read.

use std::fmt;

/// A string stored LZ4-compressed (block format). [`PackedText::unpack`]
/// gives the string back.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct PackedText {
    bytes: Box<[u8]>,
    /// Length of the unpacked text in bytes.
    len: usize,
}

impl PackedText {
    /// Packs `text`.
    pub fn pack(text: &str) -> Self {
        if text.is_empty() {
            return Self::default();
        }
        Self { bytes: lz4_flex::block::compress(text.as_bytes()).into_boxed_slice(), len: text.len() }
    }

    /// The text as it was packed.
    pub fn unpack(&self) -> String {
        if self.len == 0 {
            return String::new();
        }
        // Both can only fail on bytes this type did not write: the block
        // and its length come from `pack`, of a `str`.
        let bytes = lz4_flex::block::decompress(&self.bytes, self.len).unwrap_or_default();
        String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }

    /// Length of the unpacked text in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Bytes held.
    pub fn packed_len(&self) -> usize {
        self.bytes.len()
    }
}

impl From<&str> for PackedText {
    fn from(text: &str) -> Self {
        Self::pack(text)
    }
}

impl fmt::Debug for PackedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PackedText({} bytes in {})", self.len, self.bytes.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_packs() {
        for text in ["", "a", "一网统管", &"<p>垃圾分类工作取得成效。</p>\n".repeat(500)] {
            let p = PackedText::pack(text);
            assert_eq!(p.unpack(), text);
            assert_eq!(p.len(), text.len());
        }
        let long = "<p>垃圾分类工作取得成效。</p>\n".repeat(500);
        assert!(PackedText::pack(&long).packed_len() * 4 < long.len());
    }
}
