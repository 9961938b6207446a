//! Byte-level encodings of the index files.
//!
//! Why: the index must load from `file://` as classic `<script>` files, so
//! binary data travels inside JavaScript string literals. Integers (doc ids,
//! positions) are delta-encoded and written as LEB128 varints: most deltas fit
//! in one byte, and the decoder is a five-line loop in `search.js`. The bytes
//! are then base64'd (6 bits per ASCII byte, decodable without `atob`).
//! Text (terms, titles, excerpts) stays as JSON strings: raw UTF-8 is already
//! as compact as it gets without real compression.

/// Appends `v` as an unsigned LEB128 varint.
pub(crate) fn put_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7F) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
pub(crate) fn base64(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                s.push(B64[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                s.push('=');
            }
        }
    }
    s
}

/// A complete index file: one call of the global registration function.
/// `key` names the file (`"zh/t/3"`) so the loader can match the call to the
/// `<script>` it inserted.
pub(crate) fn script(key: &str, payload: &serde_json::Value) -> Vec<u8> {
    let key = serde_json::Value::String(key.to_owned());
    format!("annals_register({key},{payload});\n").into_bytes()
}

/// Test-side decoders, the mirror images of the encoders above (the JS ones
/// live in `search.js`).
#[cfg(test)]
pub(crate) mod decode {
    pub(crate) fn varint(bytes: &[u8], at: &mut usize) -> u32 {
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

    pub(crate) fn base64(s: &str) -> Vec<u8> {
        let val = |c: u8| super::B64.iter().position(|&x| x == c).map(|p| p as u32);
        let mut out = Vec::new();
        for chunk in s.as_bytes().chunks(4) {
            let vals: Vec<u32> = chunk.iter().filter_map(|&c| val(c)).collect();
            let n = vals.iter().fold(0u32, |n, v| (n << 6) | v) << (6 * (4 - vals.len()));
            for i in 0..vals.len().saturating_sub(1) {
                out.push((n >> (16 - 8 * i)) as u8);
            }
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
    fn base64_round_trip() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        let bytes: Vec<u8> = (0..=255u8).chain((0..=255u8).rev()).collect();
        for len in 0..bytes.len() {
            assert_eq!(decode::base64(&base64(&bytes[..len])), bytes[..len]);
        }
    }

    #[test]
    fn script_escapes_payload() {
        let s = script("zh/d/0", &serde_json::json!(["</script>\"\\\u{2028}"]));
        let s = String::from_utf8(s).expect("utf-8");
        assert_eq!(
            s,
            "annals_register(\"zh/d/0\",[\"</script>\\\"\\\\\u{2028}\"]);\n"
        );
    }
}
