//! Commitments end to end: the evaluation set on the imported corpus, the
//! example site's pages, and editor files.
//!
//! The evaluation imports the dated government work reports of the corpus as
//! one series (`annals import FILE --year Y --slug gwr`), runs
//! `annals commitments --json`, and scores it against
//! `tests/fixtures/commitments_eval.toml`, hand-checked pairs of consecutive
//! years: a quote of the commitment, and a quote of its true follow-up in the
//! next report or none. Printed figures: commitments found per report,
//! detection rate, follow-up top-1 accuracy, accuracy on "no follow-up".

use std::path::Path;
use std::process::Command;

use crate::fixture::{BIN, Fixture};

#[derive(serde::Deserialize)]
struct Eval {
    pair: Vec<Pair>,
}

#[derive(serde::Deserialize)]
struct Pair {
    year: i64,
    promise: String,
    /// A quote of the true follow-up; absent when the next report never reports on it.
    followup: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    kind: String,
}

fn import_corpus(f: &Fixture, years: &std::collections::BTreeSet<i64>) {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/government_work_reports.jsonl"),
    )
    .unwrap();
    let dir = f.root().join("incoming");
    std::fs::create_dir_all(&dir).unwrap();
    for line in text.lines() {
        let row: serde_json::Value = serde_json::from_str(line).unwrap();
        let Some(year) = row["year"].as_str().and_then(|y| y.parse::<i64>().ok()) else { continue };
        if !years.contains(&year) {
            continue;
        }
        let p = dir.join(format!("{year}.txt"));
        std::fs::write(&p, format!("{}\n\n{}", row["title"].as_str().unwrap(), row["content"].as_str().unwrap()))
            .unwrap();
        let out = Command::new(BIN)
            .current_dir(f.root())
            .args(["import", p.to_str().unwrap(), "--year", &year.to_string(), "--slug", "gwr"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn evaluation_set_on_the_corpus() {
    let eval: Eval = toml::from_str(
        &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/commitments_eval.toml"))
            .unwrap(),
    )
    .unwrap();
    let mut years: std::collections::BTreeSet<i64> = eval.pair.iter().map(|p| p.year).collect();
    let nexts: Vec<i64> = years.iter().map(|y| if *y == 2019 { 2021 } else { y + 1 }).collect();
    years.extend(nexts);
    let year_pairs: std::collections::BTreeSet<i64> = eval.pair.iter().map(|p| p.year).collect();
    assert!(
        eval.pair.len() >= 40 && year_pairs.len() >= 8,
        "{} pairs over {} year pairs",
        eval.pair.len(),
        year_pairs.len()
    );
    let f = Fixture::new();
    import_corpus(&f, &years);
    let out = Command::new(BIN).current_dir(f.root()).args(["commitments", "--json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let records: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();

    let mut per_report: std::collections::BTreeMap<i64, usize> = Default::default();
    for r in &records {
        *per_report.entry(r["promise_year"].as_i64().unwrap()).or_default() += 1;
    }
    println!("commitments found per report: {per_report:?}");
    let (mut detected, mut linked, mut linked_ok, mut none, mut none_ok) = (0, 0, 0, 0, 0);
    let mut mistakes = Vec::new();
    for p in &eval.pair {
        let hit = records.iter().find(|r| {
            r["promise_year"].as_i64() == Some(p.year)
                && r["promise_text"].as_str().is_some_and(|t| t.contains(&p.promise))
        });
        let Some(r) = hit else {
            mistakes.push(format!("{} not detected: {}", p.year, p.promise));
            if p.followup.is_some() {
                linked += 1;
            } else {
                none += 1;
            }
            continue;
        };
        detected += 1;
        let status = r["status"].as_str().unwrap();
        let got = r["followup_text"].as_str().filter(|_| status != "carried-over");
        match &p.followup {
            Some(want) => {
                linked += 1;
                if got.is_some_and(|g| g.contains(want.as_str())) {
                    linked_ok += 1;
                } else {
                    mistakes.push(format!("{} `{}`: want `{want}`, got {:?} ({})", p.year, p.promise, got, r["score"]));
                }
            }
            None => {
                none += 1;
                if got.is_none() {
                    none_ok += 1;
                } else {
                    mistakes.push(format!("{} `{}`: want none, got {:?} ({})", p.year, p.promise, got, r["score"]));
                }
            }
        }
    }
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    println!(
        "detected {detected}/{} ({:.0}%), top-1 {linked_ok}/{linked} ({:.0}%), none {none_ok}/{none} ({:.0}%)",
        eval.pair.len(),
        pct(detected, eval.pair.len()),
        pct(linked_ok, linked),
        pct(none_ok, none)
    );
    for m in &mistakes {
        println!("  mistake: {m}");
    }
    assert!(pct(detected, eval.pair.len()) >= 90.0, "detection below 90%");
    assert!(pct(linked_ok, linked) >= 80.0, "top-1 below 80%");
    assert!(pct(none_ok, none) >= 75.0, "'none' below 75%");
}

#[test]
fn example_site_shows_the_2022_commitments() {
    let f = crate::fixture::example_site();
    f.build();
    let zh = f.read("reports/2022/duty-report/commitments/index.html");
    assert!(zh.contains("承诺与落实"), "title");
    // Counts, both reports linked, the follow-up excerpt linked to its heading in 2023.
    assert!(zh.contains("<dd>3</dd>"), "three commitments counted");
    assert!(zh.contains("深化理论武装"));
    assert!(zh.contains("reports/2023/duty-report/#二基层基础不断夯实"), "follow-up linked to its place: {zh}");
    assert!(zh.contains("reports/2022/duty-report/#三下步工作打算"));
    // Masks stay masks in quoted follow-ups.
    assert!(zh.contains("<span class=\"redacted\" role=\"img\" aria-label=\"已隐去\">**</span>"));
    assert!(!zh.contains("<strong>**"));
    // The editor's file: one confirmed and done, one partial with its note and replaced link.
    assert!(zh.contains("status-done") && zh.contains("status-partial"));
    assert!(zh.contains("家庭家教家风建设尚未形成制度"));
    assert!(!f.exists("reports/2022/duty-report.commitments.toml"), "editor files are not published");
    // Both reports link to the page, and series neighbours to each other.
    let r2022 = f.read("reports/2022/duty-report/index.html");
    let r2023 = f.read("reports/2023/duty-report/index.html");
    assert!(
        r2022.contains("href=\"../../../reports/2022/duty-report/commitments/\"") && r2022.contains("rel=\"next\"")
    );
    assert!(
        r2023.contains("href=\"../../../reports/2022/duty-report/commitments/\"") && r2023.contains("rel=\"prev\"")
    );
    // English, aligned through the twins' headings.
    let en = f.read("en/reports/2022/duty-report/commitments/index.html");
    assert!(en.contains("Commitments &amp; follow-up") || en.contains("Commitments & follow-up"));
    assert!(en.contains("deepening theoretical grounding"), "English commitment text");
    assert!(
        en.contains("all \u{2a}\u{2a} Party branches") || en.contains("aria-label=\"redacted\""),
        "English follow-up"
    );
    // JSON beside the pages, the same as `annals commitments --json`.
    let json: Vec<serde_json::Value> = serde_json::from_str(&f.read("commitments.json")).unwrap();
    assert_eq!(json.len(), 3);
    let cli = f.run(&["commitments", "--json"]);
    assert!(cli.status.success());
    assert_eq!(serde_json::from_slice::<Vec<serde_json::Value>>(&cli.stdout).unwrap(), json);
    for key in [
        "series",
        "promise_year",
        "promise_text",
        "promise_url",
        "followup_year",
        "followup_text",
        "followup_url",
        "score",
        "status",
        "confirmed",
    ] {
        assert!(json[0].get(key).is_some(), "{key}");
    }
    assert_eq!(json[0]["series"], "duty-report");
    assert_eq!(json[0]["status"], "done");
    assert_eq!(json[0]["confirmed"], true);
    // Topic page shows the commitments of its topic.
    assert!(f.read("topics/integrity/index.html").contains("commitments/"));
    // Searchable: tests/js/commitments.test.mjs queries the built index.
}

#[test]
fn editor_file_errors_name_file_and_line_and_check_lists_reviews() {
    let f = crate::fixture::example_site();
    f.write(
        "content/reports/2022/duty-report.commitments.toml",
        "[[commitment]]\ntext = \"深化理论武装\"\n\n[[commitment]]\ntext = \"不存在的承诺\"\nconfirm = true\n",
    );
    let err = f.build_err();
    assert!(err.contains("duty-report.commitments.toml:4"), "{err}");
    assert!(err.contains("不存在的承诺"), "{err}");
    f.write(
        "content/reports/2022/duty-report.commitments.toml",
        "[[commitment]]\ntext = \"深化理论武装\"\nstatus = \"finished\"\n",
    );
    let err = f.build_err();
    assert!(err.contains("duty-report.commitments.toml:1") && err.contains("finished"), "{err}");
    // Without the editor file, `check` lists what an editor should look at.
    f.remove("content/reports/2022/duty-report.commitments.toml");
    f.write(
        "content/reports/2023/duty-report.md",
        std::fs::read_to_string(f.root().join("content/reports/2023/duty-report.md"))
            .unwrap()
            .replace("**二是机关统战工作有序开展。**召开党外代表人士座谈会\\*次，收集建言资政意见\\*\\*条，采纳\\*\\*条。", "**二是其他工作。**按计划推进。")
            .replace("对标支部工作条例和机关基层组织工作条例，完成全部\\*\\*个党支部标准化、规范化建设验收，基层党组织的组织力、凝聚力、战斗力明显提升。", "各项工作按计划推进。"),
    );
    let out = f.run(&["check", "--quiet"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Commitments to review"), "{text}");
    assert!(text.contains("content/reports/2022/duty-report.md:") && text.contains("抓实基层基础"), "{text}");
}

#[test]
fn commitments_search_documents_carry_encoded_urls() {
    // A series whose file name needs percent-encoding in a URL.
    let f = crate::fixture::example_site();
    for year in ["2022", "2023"] {
        let text = std::fs::read_to_string(f.root().join(format!("content/reports/{year}/duty-report.md"))).unwrap();
        f.write(&format!("content/reports/{year}/work report.md"), text);
    }
    let opts = annals::build::BuildOptions { root: f.root().to_path_buf(), ..Default::default() };
    let loaded = annals::build::load_site(&opts).unwrap();
    let docs = annals::index::documents(&loaded.site, &loaded.ledger);
    let paths: Vec<&str> = docs.iter().map(|d| d.path.as_ref()).filter(|p| p.contains("commitments/")).collect();
    assert!(paths.contains(&"reports/2022/work%20report/commitments/"), "{paths:?}");
    assert!(paths.iter().all(|p| !p.contains(' ')), "{paths:?}");
    // The page itself is where the search result points.
    f.build();
    assert!(f.exists("reports/2022/work report/commitments/index.html"));
}
