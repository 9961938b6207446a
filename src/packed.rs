//! Text kept compressed in memory until it is used.
//!
//! Why: a full build holds every page's rendered body from the Markdown stage
//! to the pages stage, and `annals serve` holds them for as long as it runs,
//! though each body is read only a few times (its page, its parallel view,
//! the related-cases and commitments scans). At 100,000 pages the bodies
//! were 640 MB of the model, a third of the build's memory. LZ4 packs HTML
//! about twofold (Chinese) to fourfold and unpacks at several GB/s, so a
//! body costs a fraction of its size while held and a few microseconds when
//! read. The page's search text is packed in the same block, after the HTML
//! whose words it repeats ([`PackedText::pack_pair`]): 100,000 pages' text
//! took 470 MB as strings, 297 MB packed alone, 22 MB packed with the HTML.

use std::fmt;
use std::sync::Arc;

/// A string stored LZ4-compressed (block format). [`PackedText::unpack`]
/// gives the string back.
///
/// Two strings can share one block ([`PackedText::pack_pair`]): a page's
/// search text repeats the words of its HTML, so packed after it the text
/// costs little more than its tags and line breaks, where packed on its own
/// it took 297 of the 990 MB a 100,000-page model held. Each string is then
/// a range of the unpacked block, and reading one unpacks the block.
///
/// Ordered by the packed bytes and the range: a total order, the same in
/// every run, but not the order of the texts.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct PackedText {
    bytes: Arc<[u8]>,
    /// Length of the unpacked block in bytes.
    block_len: usize,
    /// The bytes `start..end` of the unpacked block are this text.
    start: usize,
    end: usize,
}

impl PackedText {
    /// Packs `text`.
    pub fn pack(text: &str) -> Self {
        if text.is_empty() {
            return Self::default();
        }
        let bytes: Arc<[u8]> = lz4_flex::block::compress(text.as_bytes()).into();
        Self { bytes, block_len: text.len(), start: 0, end: text.len() }
    }

    /// Packs `first` and `second` in one block (`second` after `first`, so
    /// that it is packed against it) and returns a view of each.
    pub fn pack_pair(first: &str, second: &str) -> (Self, Self) {
        if first.is_empty() || second.is_empty() {
            return (Self::pack(first), Self::pack(second));
        }
        let mut both = String::with_capacity(first.len() + second.len());
        both.push_str(first);
        both.push_str(second);
        let whole = Self::pack(&both);
        let second = Self { start: first.len(), ..whole.clone() };
        (Self { end: first.len(), ..whole }, second)
    }

    /// The text as it was packed.
    pub fn unpack(&self) -> String {
        if self.is_empty() {
            return String::new();
        }
        let mut bytes = self.unpack_block();
        bytes.truncate(self.end);
        bytes.drain(..self.start);
        // Only bytes this type did not write fail: the block comes from
        // `pack`, of a `str`, and ranges end on its parts' boundaries.
        match simdutf8::basic::from_utf8(&bytes) {
            // SAFETY: `from_utf8` has just checked that `bytes` is UTF-8.
            Ok(_) => unsafe { String::from_utf8_unchecked(bytes) },
            Err(_) => String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// The text unpacked into `buf` (its earlier content is dropped), for
    /// reading many texts one after the other without allocating each.
    pub fn unpack_into<'b>(&self, buf: &'b mut Vec<u8>) -> &'b str {
        buf.clear();
        if self.is_empty() {
            return "";
        }
        buf.resize(self.block_len, 0);
        // As in `unpack`: only bytes this type did not write fail; they
        // read as empty.
        match lz4_flex::block::decompress_into(&self.bytes, buf) {
            Ok(n) if n == self.block_len => simdutf8::basic::from_utf8(&buf[self.start..self.end]).unwrap_or_default(),
            _ => "",
        }
    }

    fn unpack_block(&self) -> Vec<u8> {
        lz4_flex::block::decompress(&self.bytes, self.block_len).unwrap_or_default()
    }

    /// Length of the unpacked text in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }

    /// Bytes held (shared with the other text of a pair).
    pub fn packed_len(&self) -> usize {
        self.bytes.len()
    }
}

impl From<&str> for PackedText {
    fn from(text: &str) -> Self {
        Self::pack(text)
    }
}

impl From<String> for PackedText {
    fn from(text: String) -> Self {
        Self::pack(&text)
    }
}

/// As the text itself (search fixtures are written as JSON).
impl serde::Serialize for PackedText {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.unpack())
    }
}

impl<'de> serde::Deserialize<'de> for PackedText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Ok(Self::pack(&text))
    }
}

impl fmt::Debug for PackedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PackedText({} bytes of {} in {})", self.len(), self.block_len, self.bytes.len())
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
            let mut buf = b"left over".to_vec();
            assert_eq!(p.unpack_into(&mut buf), text);
        }
        let long = "<p>垃圾分类工作取得成效。</p>\n".repeat(500);
        assert!(PackedText::pack(&long).packed_len() * 4 < long.len());
    }

    #[test]
    fn a_pair_shares_one_block_and_unpacks_apart() {
        let html: String = (0..300).map(|i| format!("<p>第{i}项：垃圾分类、一网统管与信用承诺。</p>\n")).collect();
        let text: String = (0..300).map(|i| format!("第{i}项：垃圾分类、一网统管与信用承诺。\n")).collect();
        let (h, t) = PackedText::pack_pair(&html, &text);
        assert_eq!((h.unpack(), t.unpack()), (html.clone(), text.clone()));
        assert_eq!((h.len(), t.len()), (html.len(), text.len()));
        let mut buf = Vec::new();
        assert_eq!(t.unpack_into(&mut buf), text);
        assert_eq!(h.unpack_into(&mut buf), html);
        // The text costs little next to the HTML it repeats.
        assert_eq!(h.packed_len(), t.packed_len());
        assert!(h.packed_len() < PackedText::pack(&html).packed_len() + text.len() / 8, "{h:?}");
        for (a, b) in [("", "text"), ("html", ""), ("", "")] {
            let (x, y) = PackedText::pack_pair(a, b);
            assert_eq!((x.unpack().as_str(), y.unpack().as_str()), (a, b));
        }
    }
}
