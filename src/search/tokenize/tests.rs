//! Tests of the tokenizer. The vectors it shares with the browser's
//! tokenizer are `tests/search_vectors.json` and `tests/stem_vectors.tsv`,
//! checked by both test suites.

use super::super::normalize::normalize;
use super::*;

fn toks(s: &str) -> Vec<(String, u32)> {
    tokenize(s).into_iter().map(|t| (t.text, t.pos)).collect()
}

#[test]
fn han_runs_become_bigrams_with_gaps() {
    assert_eq!(toks("垃圾，圾分类"), vec![("垃圾".into(), 0), ("圾分".into(), 3), ("分类".into(), 4)]);
    assert_eq!(toks("廉"), vec![("廉".into(), 0)]);
    assert_eq!(
        toks("2022 垃圾分类"),
        vec![("2022".into(), 0), ("垃圾".into(), 2), ("圾分".into(), 3), ("分类".into(), 4)]
    );
}

#[test]
fn words_are_normalized_and_stemmed() {
    assert_eq!(
        toks("Ｃｒｅｄｉｔ Commitments, ２０２２!"),
        vec![("credit".into(), 0), ("commit".into(), 1), ("2022".into(), 2)]
    );
    assert!(toks("** 🎉 —").is_empty());
}

fn text_of(t: Term<'_>, p: u32) -> (String, u32) {
    match t {
        Term::Han(k) => (han_text(k), p),
        Term::Word(_, w) => (w.to_owned(), p),
    }
}

/// The reference: normalize all, then the rules of the module docs.
fn reference(input: &str) -> Vec<(String, u32)> {
    let norm = normalize(input);
    let mut scanner = Scanner::new();
    let mut out = Vec::new();
    // A single piece, fully normalized: no fast path involved.
    for c in norm.chars() {
        scanner.push(c, &mut |t, p, fin| {
            if !fin {
                out.push(text_of(t, p));
            }
        });
    }
    scanner.push(' ', &mut |t, p, fin| {
        if !fin {
            out.push(text_of(t, p));
        }
    });
    out
}

#[test]
fn fast_normalization_matches_full_normalization() {
    for input in [
        "ΑΣ ΟΔΟΣ abc ΣΑΣ.a ΑΣ中 中ΑΣ",
        "e\u{301}clair <\u{338} ＜\u{338} 中\u{301}文",
        "㈠垃圾分类（二〇二二年）",
        "ＡＢＣ公司：Ｃｒｅｄｉｔ…２０２２年—《条例》",
        "ｶﾞｷﾞ ｶﾞ・ア ﾟ 가각 ﬁne ﬂow Ⅻ ① ²",
        "Straße İstanbul ǅ 中ǅ",
        "a\u{200D}b 中\u{FE0F}文 ‘quoted’ x’s",
        "６．５％ ＰＭ２．５ １０：３０ １／２ Ａ－Ｂ 5․6 5‥6 經濟發展 增长，5%",
    ] {
        assert_eq!(toks(input), reference(input), "input {input:?}");
    }
}

#[test]
fn run_finals_sit_in_the_gap() {
    let mut seen = Vec::new();
    let mut scanner = Scanner::new();
    let end = scanner.scan("垃圾分类，廉 ab", &mut |t, p, fin| seen.push((t.to_owned_term(), p, fin)));
    let han = |a, b| Term::Han(han_key(a, b));
    assert_eq!(
        seen,
        vec![
            (han('垃', Some('圾')), 0, false),
            (han('圾', Some('分')), 1, false),
            (han('分', Some('类')), 2, false),
            (han('类', None), 3, true),
            (han('廉', None), 5, false),
            (Term::Word(0, ""), 7, false),
        ]
    );
    assert_eq!(end, 8);
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
        let lines: Vec<String> = vectors.iter().map(|v| serde_json::to_string(v).expect("json")).collect();
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
