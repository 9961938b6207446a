//! Byte- and bit-level encodings of the index files.
//!
//! Why: the index must load from `file://` as classic `<script>` files, so
//! binary data travels inside JavaScript string literals.
//!
//! * Bytes travel as base85 (`base85`, 4 bytes in 5 ASCII characters that
//!   need no escaping in a string literal; 6% smaller than base64).
//! * Small header integers are LEB128 varints (a five-line decoder).
//! * Postings are a bit stream (`BitWriter`, most significant bit first) of
//!   Rice codes for gaps (doc id gaps, position gaps) and Elias gamma codes
//!   for counts. Gaps of a term spread over a range are close to geometric,
//!   for which a Rice code with the right parameter `k` is within a few
//!   percent of the entropy; `rice_k` derives `k` from the mean gap, which
//!   both sides know (doc count and df, doc length and count), so no
//!   parameter is stored. About 40% smaller than byte-aligned varints.
//! * Text (the doc store, the meta table) is raw deflate (`deflate.rs`),
//!   which browsers decode natively with `DecompressionStream("deflate-raw")`.

/// Appends `v` as an unsigned LEB128 varint.
pub(crate) fn put_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7F) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads a varint written by [`put_varint`] at `*at`, moving past it.
pub(crate) fn get_varint(bytes: &[u8], at: &mut usize) -> u32 {
    let mut v = 0u32;
    let mut shift = 0;
    loop {
        let b = bytes[*at];
        *at += 1;
        v |= u32::from(b & 0x7F) << shift;
        if b < 0x80 {
            return v;
        }
        shift += 7;
    }
}

/// Appends bits most significant first; `finish` pads the last byte with 0s.
#[derive(Default)]
pub(crate) struct BitWriter {
    pub(crate) bytes: Vec<u8>,
    /// Pending bits are the low `n` bits (`n` < 32); higher bits are stale.
    acc: u64,
    n: u32,
}

impl BitWriter {
    /// Appends the low `n` bits of `v` (`n` ≤ 32).
    pub(crate) fn bits(&mut self, v: u32, n: u32) {
        if n == 0 {
            return;
        }
        self.acc = (self.acc << n) | (u64::from(v) & ((1u64 << n) - 1));
        self.n += n;
        if self.n >= 32 {
            self.n -= 32;
            self.bytes.extend_from_slice(&((self.acc >> self.n) as u32).to_be_bytes());
        }
    }

    /// Rice code: `v >> k` as that many 1 bits and a 0, then the low `k` bits.
    pub(crate) fn rice(&mut self, v: u32, k: u32) {
        let mut q = v >> k;
        if q + 1 + k <= 32 {
            let ones = ((1u32 << q) - 1) << 1;
            let low = if k == 0 { 0 } else { v & ((1u32 << k) - 1) };
            self.bits((ones << k) | low, q + 1 + k);
            return;
        }
        while q >= 31 {
            self.bits(u32::MAX, 31);
            q -= 31;
        }
        self.bits(((1u32 << q) - 1) << 1, q + 1);
        self.bits(v, k);
    }

    /// Elias gamma code of `v` ≥ 1: as many 0 bits as `v` has bits after its
    /// leading 1, then `v`.
    pub(crate) fn gamma(&mut self, v: u32) {
        let n = 31 - v.leading_zeros();
        if 2 * n < 32 {
            self.bits(v, 2 * n + 1);
        } else {
            self.bits(0, n);
            self.bits(v, n + 1);
        }
    }

    pub(crate) fn finish(mut self) -> Vec<u8> {
        while self.n >= 8 {
            self.n -= 8;
            self.bytes.push((self.acc >> self.n) as u8);
        }
        if self.n > 0 {
            self.bytes.push((self.acc << (8 - self.n)) as u8);
        }
        self.bytes
    }
}

/// The Rice parameter for gaps of mean about `range / count`: ⌊log2(⌊⌊range·11/16⌋ / count⌋)⌋,
/// 0 when that is below 1 (`11/16` ≈ ln 2, the optimum for geometric gaps).
/// `search.js` computes the same.
pub(crate) fn rice_k(range: u32, count: u32) -> u32 {
    let m = (u64::from(range) * 11 / 16) / u64::from(count.max(1));
    if m <= 1 { 0 } else { 63 - m.leading_zeros() }
}

/// The base85 digits: printable ASCII without `"` and `\\`, so they need no
/// escaping in a JavaScript string.
const B85: &[u8; 85] = b"!#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvw";

/// Base85: every 4 bytes (big-endian) as 5 digits, most significant first;
/// a final group of n < 4 bytes is padded with zeros and cut to n + 1
/// digits (the decoder pads with the largest digit). 25% larger than the
/// bytes, against base64's 33%.
pub(crate) fn base85(bytes: &[u8]) -> String {
    let mut s = Vec::new();
    base85_into(&mut s, bytes);
    String::from_utf8(s).expect("ASCII")
}

fn base85_into(s: &mut Vec<u8>, bytes: &[u8]) {
    s.reserve(bytes.len().div_ceil(4) * 5);
    // Whole groups with fixed-size copies (a variable-length copy per group
    // was a `memmove` call per 4 bytes of the index), then the last few bytes.
    let groups = bytes.chunks_exact(4);
    let tail = groups.remainder();
    for group in groups {
        s.extend_from_slice(&b85_digits([group[0], group[1], group[2], group[3]]));
    }
    if !tail.is_empty() {
        let mut b = [0u8; 4];
        b[..tail.len()].copy_from_slice(tail);
        s.extend_from_slice(&b85_digits(b)[..tail.len() + 1]);
    }
}

fn b85_digits(group: [u8; 4]) -> [u8; 5] {
    let mut n = u32::from_be_bytes(group);
    let mut digits = [0u8; 5];
    for d in digits.iter_mut().rev() {
        *d = B85[(n % 85) as usize];
        n /= 85;
    }
    digits
}

/// A complete index file: one call of the global registration function.
/// `key` names the file (`"zh/t/3"`) so the loader can match the call to the
/// `<script>` it inserted.
pub(crate) fn script(key: &str, payload: &serde_json::Value) -> Vec<u8> {
    let key = serde_json::Value::String(key.to_owned());
    format!("annals_register({key},{payload});\n").into_bytes()
}

/// [`script`] with the payload `[head, "base85(bytes)"]`, or just the string
/// without `head`, written straight into the file (the digits need no
/// escaping).
pub(crate) fn script_b85(key: &str, head: Option<&serde_json::Value>, bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() * 5 / 4 + 64);
    out.extend_from_slice(b"annals_register(");
    serde_json::to_writer(&mut out, key).expect("JSON");
    out.push(b',');
    if let Some(head) = head {
        out.push(b'[');
        serde_json::to_writer(&mut out, head).expect("JSON");
        out.push(b',');
    }
    out.push(b'"');
    base85_into(&mut out, bytes);
    out.push(b'"');
    if head.is_some() {
        out.push(b']');
    }
    out.extend_from_slice(b");\n");
    out
}

/// Test-side decoders, the mirror images of the encoders above (the JS ones
/// live in `search.js`).
#[cfg(test)]
pub(crate) mod decode {
    pub(crate) use super::get_varint as varint;

    /// Reads what `BitWriter` wrote.
    pub(crate) struct BitReader<'a> {
        pub(crate) bytes: &'a [u8],
        pub(crate) at: usize,
    }

    impl BitReader<'_> {
        pub(crate) fn bit(&mut self) -> u32 {
            let b = self.bytes[self.at >> 3] >> (7 - (self.at & 7)) & 1;
            self.at += 1;
            u32::from(b)
        }
        pub(crate) fn bits(&mut self, n: u32) -> u32 {
            (0..n).fold(0, |v, _| (v << 1) | self.bit())
        }
        pub(crate) fn rice(&mut self, k: u32) -> u32 {
            let mut q = 0;
            while self.bit() == 1 {
                q += 1;
            }
            (q << k) | self.bits(k)
        }
        pub(crate) fn gamma(&mut self) -> u32 {
            let mut n = 0;
            while self.bit() == 0 {
                n += 1;
            }
            (1 << n) | self.bits(n)
        }
    }

    pub(crate) fn inflate(bytes: &[u8]) -> Vec<u8> {
        miniz_oxide::inflate::decompress_to_vec(bytes).expect("raw deflate")
    }

    pub(crate) fn base85(s: &str) -> Vec<u8> {
        let val = |c: u8| super::B85.iter().position(|&x| x == c).expect("base85 digit") as u64;
        let mut out = Vec::new();
        for chunk in s.as_bytes().chunks(5) {
            let mut n = 0u64;
            for i in 0..5 {
                n = n * 85 + chunk.get(i).map_or(84, |&c| val(c));
            }
            out.extend_from_slice(&(n as u32).to_be_bytes()[..chunk.len() - 1]);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varint_round_trip() {
        let values = [0u32, 1, 127, 128, 300, 16_383, 16_384, 1 << 21, u32::MAX];
        let mut buf = Vec::new();
        for &v in &values {
            put_varint(&mut buf, v);
        }
        let mut at = 0;
        for &v in &values {
            assert_eq!(decode::varint(&buf, &mut at), v);
        }
        assert_eq!(at, buf.len());
        assert_eq!(buf[..4], [0, 1, 127, 0x80]);
    }

    #[test]
    fn bit_codes_round_trip() {
        let mut w = BitWriter::default();
        let values = [0u32, 1, 2, 3, 7, 8, 100, 1000, 65_535, 1 << 20];
        for &v in &values {
            for k in [0, 1, 3, 7, 12] {
                if (v >> k) < 5000 {
                    w.rice(v, k);
                }
            }
            w.gamma(v + 1);
            w.bits(v, 21);
        }
        let bytes = w.finish();
        let mut r = decode::BitReader { bytes: &bytes, at: 0 };
        for &v in &values {
            for k in [0, 1, 3, 7, 12] {
                if (v >> k) < 5000 {
                    assert_eq!(r.rice(k), v, "rice {v} k {k}");
                }
            }
            assert_eq!(r.gamma(), v + 1);
            assert_eq!(r.bits(21), v & 0x1F_FFFF);
        }
        assert!(bytes.len() * 8 - r.at < 8);
        assert_eq!(rice_k(5000, 5000), 0);
        assert_eq!(rice_k(5000, 10), 8); // 343 → 2^8
        assert_eq!(rice_k(1, 0), 0);
    }

    #[test]
    fn base85_round_trip() {
        assert_eq!(base85(b""), "");
        assert_eq!(base85(&[0, 0, 0, 0]), "!!!!!");
        assert_eq!(base85(&[255, 255, 255, 255]).len(), 5);
        let bytes: Vec<u8> = (0..=255u8).chain((0..=255u8).rev()).collect();
        for len in 0..bytes.len() {
            let s = base85(&bytes[..len]);
            assert!(!s.contains(['"', '\\']));
            assert_eq!(decode::base85(&s), bytes[..len]);
        }
        let max = [255u8; 7];
        assert_eq!(decode::base85(&base85(&max)), max);
    }

    #[test]
    fn script_b85_is_script_of_the_json() {
        let head = serde_json::json!(["a\"b", "垃圾"]);
        let bytes = [1u8, 2, 3, 250, 251];
        assert_eq!(
            script_b85("zh/t/0", Some(&head), &bytes),
            script("zh/t/0", &serde_json::json!([head, base85(&bytes)]))
        );
        assert_eq!(script_b85("zh/d/0", None, &bytes), script("zh/d/0", &serde_json::json!(base85(&bytes))));
    }

    #[test]
    fn script_escapes_payload() {
        let s = script("zh/d/0", &serde_json::json!(["</script>\"\\\u{2028}"]));
        let s = String::from_utf8(s).expect("utf-8");
        assert_eq!(s, "annals_register(\"zh/d/0\",[\"</script>\\\"\\\\\u{2028}\"]);\n");
    }
}

/// Splits items `0..n` into consecutive runs: an item joins the current run
/// while `fits(run size so far, its size)`; every run holds at least one item.
pub(crate) fn cut_runs(
    n: usize,
    size: impl Fn(usize) -> usize,
    fits: impl Fn(usize, usize) -> bool,
) -> Vec<std::ops::Range<usize>> {
    let mut cuts = Vec::new();
    let mut start = 0;
    while start < n {
        let (mut end, mut total) = (start, 0);
        while end < n && (end == start || fits(total, size(end))) {
            total += size(end);
            end += 1;
        }
        cuts.push(start..end);
        start = end;
    }
    cuts
}
