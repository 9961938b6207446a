//! Raw deflate (no zlib header) for the doc store and the meta table,
//! inflated in the browser by the native `DecompressionStream("deflate-raw")`.

/// Deflate level (of the meta table): 6 compresses 1–2% better than 3 but
/// takes half as long again.
const LEVEL: u8 = 3;
/// Match probes of the doc store's greedy deflate (level 3 is 32). On the
/// 10,000-page benchmark corpus 16 probes cost 3% in size against 32 and
/// saved a third of the time; 8 cost another 5% of the doc store (1 MB,
/// 2% of the index) and save a tenth of the index's CPU time against 16
/// (`perf stat` on `examples/index_bench`, 3 runs each), while 4 are no
/// faster than 8: the larger output costs what the shorter search saves.
/// Deflate is the largest single part of the index build.
const PROBES: u32 = 8;

/// Raw deflate (no zlib header).
pub(crate) fn deflate(bytes: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec(bytes, LEVEL)
}

/// Raw deflate with a shared dictionary that browsers can use.
///
/// `DecompressionStream` takes no preset dictionary, but a deflate stream
/// may start with blocks that merely *produce* the dictionary: [`new`]
/// compresses the dictionary and ends it with a sync flush (so its blocks
/// end on a byte boundary) and keeps that compressor state; [`compress`]
/// continues a copy of the state with one input, whose blocks then refer back
/// into the dictionary. The browser inflates `prefix() + compress(x)` and
/// drops the dictionary's bytes from the front of the output.
///
/// [`new`]: Deflater::new
/// [`compress`]: Deflater::compress
#[derive(Clone)]
pub(crate) struct Deflater {
    state: Box<miniz_oxide::deflate::core::CompressorOxide>,
    prefix: Vec<u8>,
}

impl Deflater {
    pub(crate) fn new(dictionary: &[u8]) -> Self {
        use miniz_oxide::deflate::core::deflate_flags::TDEFL_GREEDY_PARSING_FLAG;
        use miniz_oxide::deflate::core::{CompressorOxide, TDEFLFlush};
        let flags = PROBES | TDEFL_GREEDY_PARSING_FLAG;
        let mut state = Box::new(CompressorOxide::new(flags));
        let prefix = run(&mut state, dictionary, TDEFLFlush::Sync);
        Deflater { state, prefix }
    }

    /// The compressed dictionary, ending on a byte boundary.
    pub(crate) fn prefix(&self) -> &[u8] {
        &self.prefix
    }

    /// The continuation of [`Deflater::prefix`] that inflates to `bytes`.
    pub(crate) fn compress(&self, bytes: &[u8]) -> Vec<u8> {
        let mut state = self.state.clone();
        run(&mut state, bytes, miniz_oxide::deflate::core::TDEFLFlush::Finish)
    }
}

fn run(
    state: &mut miniz_oxide::deflate::core::CompressorOxide,
    mut input: &[u8],
    flush: miniz_oxide::deflate::core::TDEFLFlush,
) -> Vec<u8> {
    use miniz_oxide::deflate::core::{TDEFLStatus, compress};
    let mut out = vec![0; input.len() + 1024];
    let mut pos = 0;
    loop {
        let (status, read, written) = compress(state, input, &mut out[pos..], flush);
        pos += written;
        input = &input[read..];
        match status {
            TDEFLStatus::Done => break,
            // All input read and the flush stopped short of the buffer's end.
            TDEFLStatus::Okay if input.is_empty() && pos < out.len() => break,
            TDEFLStatus::Okay => out.resize(out.len() * 2, 0),
            _ => panic!("deflate failed: {status:?}"),
        }
    }
    out.truncate(pos);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::encode::decode;

    #[test]
    fn deflate_round_trip() {
        let text = "垃圾分类 credit commitment ".repeat(50);
        let z = deflate(text.as_bytes());
        assert!(z.len() < text.len() / 4);
        assert_eq!(decode::inflate(&z), text.as_bytes());
    }

    #[test]
    fn deflate_with_dictionary() {
        let dict = "信用承诺制度 garbage sorting commitment ".repeat(40);
        let z = Deflater::new(dict.as_bytes());
        let text = "本市推行信用承诺制度，garbage sorting 垃圾分类";
        let c = z.compress(text.as_bytes());
        assert!(c.len() < deflate(text.as_bytes()).len());
        let whole = decode::inflate(&[z.prefix(), &c[..]].concat());
        assert_eq!(&whole[..dict.len()], dict.as_bytes());
        assert_eq!(&whole[dict.len()..], text.as_bytes());
        assert_eq!(z.compress(text.as_bytes()), c, "deterministic");
    }
}
