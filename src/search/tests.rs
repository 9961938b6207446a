//! Tests of the whole index: decoding round trip, phrase verification by
//! positions (recall), determinism, and the committed fixture site that the
//! node tests in `tests/js/` query with the real `search.js`.

use std::collections::BTreeMap;
use std::path::Path;

use super::encode::{self, decode};
use super::normalize::normalize;
use super::tokenize::{is_han_like, tokenize};
use super::*;

/// Splits `annals_register(key,payload);` into key and payload.
fn parse_script(bytes: &[u8]) -> (String, serde_json::Value) {
    let s = std::str::from_utf8(bytes).expect("utf-8");
    let inner = s.strip_prefix("annals_register(").and_then(|s| s.strip_suffix(");\n")).expect("registration call");
    let v: serde_json::Value = serde_json::from_str(&format!("[{inner}]")).expect("json");
    (v[0].as_str().expect("key").to_owned(), v[1].clone())
}

type Decoded = BTreeMap<String, Vec<(u32, Vec<u32>)>>;

/// Decodes every term shard of `lang` back into term → postings.
fn decode_lang(out: &Output, lang: &str) -> (serde_json::Value, Decoded) {
    let (key, meta) = parse_script(&out.files[&format!("search/{lang}/meta.js")]);
    assert_eq!(key, format!("{lang}/meta"));
    let n = meta["n"].as_u64().expect("n") as u32;
    // Doc lengths (the Rice parameter of positions depends on them).
    let table = decode::inflate(&decode::base85(meta["docs"].as_str().expect("docs")));
    let mut at = 0;
    let lens: Vec<u32> = (0..n)
        .map(|_| {
            let len = (0..3).map(|_| decode::varint(&table, &mut at)).sum();
            decode::varint(&table, &mut at); // year
            decode::varint(&table, &mut at); // kind
            for _ in 0..decode::varint(&table, &mut at) {
                decode::varint(&table, &mut at);
            }
            len
        })
        .collect();
    for _ in 0..n {
        assert!(decode::varint(&table, &mut at) >= 1, "every doc has a piece");
    }
    assert_eq!(at, table.len());
    let mut terms = Decoded::new();
    let nshards = meta["shards"].as_array().expect("shards").len();
    for i in 0..nshards {
        let (key, shard) = parse_script(&out.files[&format!("search/{lang}/t{i}.js")]);
        assert_eq!(key, format!("{lang}/t/{i}"));
        let names = shard[0].as_array().expect("terms");
        assert_eq!(names[0], meta["shards"][i], "shard {i} starts with its meta entry");
        let bytes = decode::base85(shard[1].as_str().expect("postings"));
        let mut at = 0;
        for name in names {
            let len = decode::varint(&bytes, &mut at) as usize;
            let end = at + len;
            let df = decode::varint(&bytes, &mut at);
            let mut r = decode::BitReader { bytes: &bytes[at..end], at: 0 };
            let kd = encode::rice_k(n, df);
            let mut doc = -1i64;
            let mut list = Vec::new();
            for _ in 0..df {
                doc += i64::from(r.rice(kd)) + 1;
                let count = r.gamma();
                let k = encode::rice_k(lens[doc as usize], count);
                let mut p = -1i64;
                let positions = (0..count)
                    .map(|_| {
                        p += i64::from(r.rice(k)) + 1;
                        p as u32
                    })
                    .collect();
                list.push((doc as u32, positions));
            }
            assert!(r.bytes.len() * 8 - r.at < 8, "term {name}: padding only");
            at = end;
            terms.insert(name.as_str().expect("term").to_owned(), list);
        }
        assert_eq!(at, bytes.len());
    }
    (meta, terms)
}

/// Docs whose tokens contain the query's bigram chain at consecutive positions.
fn phrase_docs(terms: &Decoded, query: &str) -> Vec<u32> {
    let q = tokenize(query);
    // A single Han character stands for every term that starts with it.
    let lists: Vec<Vec<(u32, Vec<u32>)>> = q
        .iter()
        .map(|t| {
            let single = t.text.chars().count() == 1 && t.text.chars().all(is_han_like);
            let mut merged: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
            for (term, list) in terms.range(t.text.clone()..) {
                if !(term == &t.text || single && term.starts_with(&t.text)) {
                    break;
                }
                for (d, ps) in list {
                    merged.entry(*d).or_default().extend(ps);
                }
            }
            merged.into_iter().collect()
        })
        .collect();
    let mut hits = Vec::new();
    for (doc, first) in &lists[0] {
        let found = first.iter().any(|&p| {
            q.iter().zip(&lists).skip(1).all(|(t, list)| {
                list.iter().find(|(d, _)| d == doc).is_some_and(|(_, ps)| ps.contains(&(p + t.pos - q[0].pos)))
            })
        });
        if found {
            hits.push(*doc);
        }
    }
    hits
}

fn fixture_docs() -> Vec<SearchDoc<'static>> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/search/docs.json");
    let text = std::fs::read_to_string(path).expect("read fixture docs");
    serde_json::from_str(&text).expect("parse fixture docs")
}

/// Documents are tokenized in runs of `RUN` with run-local term tables and
/// compact tokens: across several runs, every posting still lands on its
/// document and position.
#[test]
fn postings_are_exact_across_tokenizing_runs() {
    let words = ["垃圾分类", "一网统管", "信用承诺", "廉政建设", "综合执法", "credit", "sorting", "2022年"];
    let n = 3 * super::index::RUN + 7;
    let docs: Vec<SearchDoc<'static>> = (0..n)
        .map(|i| {
            // Deterministic, varied: which words, how often, in what order.
            let text: Vec<&str> = (0..1 + i % 5).map(|k| words[(i * 7 + k * 3 + i / 11) % words.len()]).collect();
            SearchDoc {
                lang: "zh".into(),
                path: format!("p/{i:05}/").into(),
                title: String::new().into(),
                headings: vec![],
                text: text.join("，").into(),
                year: None,
                kind: "page".into(),
                topics: vec![],
            }
        })
        .collect();
    let out = build_index(&docs, &IndexOptions::default());
    let (meta, terms) = decode_lang(&out, "zh");
    assert_eq!(meta["n"], n);
    for query in ["垃圾分类", "网统", "信用承诺", "政建", "2022年", "执法"] {
        let expected: Vec<u32> =
            (0..n as u32).filter(|&i| normalize(&docs[i as usize].text.unpack()).contains(query)).collect();
        assert!(!expected.is_empty() && expected.len() < n, "query {query} selects some documents");
        assert_eq!(phrase_docs(&terms, query), expected, "query {query}");
    }
}

#[test]
fn postings_round_trip_and_phrases_are_exact() {
    let docs = fixture_docs();
    let out = build_index(&docs, &IndexOptions { shards: Some(3) });
    let (meta, terms) = decode_lang(&out, "zh");
    let mut zh: Vec<&SearchDoc> = docs.iter().filter(|d| d.lang == "zh").collect();
    zh.sort_by(|a, b| a.path.cmp(&b.path));
    assert_eq!(meta["n"], zh.len());
    for query in ["垃圾分类", "一网统管", "信用承诺", "廉政", "圾分类", "分类垃圾", "2022年"] {
        let expected: Vec<u32> = (0..zh.len() as u32)
            .filter(|&i| {
                let d = zh[i as usize];
                let mut fields = vec![d.title.clone(), d.text.unpack().into()];
                fields.extend(d.headings.iter().cloned());
                fields.iter().any(|f| normalize(f).contains(query))
            })
            .collect();
        assert_eq!(phrase_docs(&terms, query), expected, "query {query}");
    }
    // Every character occurrence is findable: as a bigram start, a single
    // run, or (added by the index) the last character of a run.
    let starts_with = |c: &str| terms.keys().filter(|t| t.starts_with(c)).count();
    assert!(terms.contains_key("类") && starts_with("类") >= 1);
}

#[test]
fn output_is_deterministic_and_complete() {
    let mut docs = fixture_docs();
    let a = build_index(&docs, &IndexOptions::default());
    docs.reverse();
    let b = build_index(&docs, &IndexOptions::default());
    assert_eq!(a.files, b.files);
    assert!(a.files.contains_key("search/languages.js"));
    assert!(a.files.contains_key("search/en/meta.js"));
    assert!(a.files.contains_key("search/zh/d0.js"));
    let (_, langs) = parse_script(&a.files["search/languages.js"]);
    assert_eq!(langs, serde_json::json!(["en", "zh"]));
}

#[test]
fn shard_count_is_honoured_roughly() {
    let docs = fixture_docs();
    let one = build_index(&docs, &IndexOptions { shards: Some(1) });
    assert!(one.files.contains_key("search/zh/t0.js") && !one.files.contains_key("search/zh/t1.js"));
    let many = build_index(&docs, &IndexOptions { shards: Some(8) });
    let n = many.files.keys().filter(|k| k.starts_with("search/zh/t")).count();
    assert!((6..=10).contains(&n), "{n} shards");
}

/// The node tests query `tests/fixtures/search/site/` with the real runtime;
/// this keeps it in sync with the builder. Regenerate with
/// `ANNALS_UPDATE_FIXTURES=1 cargo test`.
#[test]
fn committed_fixture_site_is_current() {
    let out = build_index(&fixture_docs(), &IndexOptions { shards: Some(4) });
    let site = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/search/site");
    let update = std::env::var_os("ANNALS_UPDATE_FIXTURES").is_some();
    if update {
        let _ = std::fs::remove_dir_all(&site);
    }
    for (path, bytes) in &out.files {
        let file = site.join(path);
        if update {
            std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
            std::fs::write(&file, bytes).expect("write fixture");
        }
        let on_disk = std::fs::read(&file).unwrap_or_default();
        assert!(on_disk == *bytes, "{path} is stale: run ANNALS_UPDATE_FIXTURES=1 cargo test");
    }
}
