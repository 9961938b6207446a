//! The newcomer's path, scripted: a bureau publisher starts a site, imports
//! a GB18030 report for a new year, translates it, adds a Chinese-only case
//! study, a menu with an external link and a custom stylesheet, freezes the
//! year, moves the site to its real address, builds and gates it with
//! `check --strict`. Every step is the real binary on real files.

use std::path::Path;
use std::process::Command;

use crate::fixture::{BIN, snapshot_tree};

fn annals(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(BIN).args(args).current_dir(dir).output().expect("run annals");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "annals {args:?} failed:\n{text}");
    text
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// An English version with the same heading structure as the Chinese page.
fn translate(zh: &str) -> String {
    let body = zh.splitn(3, "+++\n").nth(2).unwrap();
    let mut en = String::from("+++\ntitle = \"Duty Report 2023\"\ndate = 2024-01-15\n+++\n\nIntroduction.\n");
    let mut n = 0;
    for line in body.lines().filter(|l| l.starts_with('#')) {
        n += 1;
        let hashes = line.split(' ').next().unwrap();
        en.push_str(&format!("\n{hashes} Part {n}\n\nText of part {n}.\n"));
    }
    en
}

#[test]
fn newcomer_scenario_from_init_to_strict_check() {
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path();
    annals(work, &["init", "site"]);
    let site = work.join("site");

    // A 2023 report delivered in GB18030, for a year the site does not have yet.
    let seed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/report-2022.txt")).unwrap();
    let text = seed.replace("2023", "2024").replace("2022", "2023");
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    std::fs::write(work.join("report-2023.txt"), &bytes).unwrap();
    annals(&site, &["import", "../report-2023.txt", "--year", "2023"]);
    let zh_path = site.join("content/reports/2023/duty-report.md");
    let zh = std::fs::read_to_string(&zh_path).unwrap();
    assert!(!site.join("content/reports/2023/_index.md").exists(), "import writes no _index.md");

    // Translate.
    write(&site.join("content/reports/2023/duty-report.en.md"), &translate(&zh));

    // A Chinese-only case study linking to a heading of the report.
    let first_heading = zh.lines().find(|l| l.starts_with("## ")).unwrap().trim_start_matches("## ").to_string();
    write(
        &site.join("content/cases/street-vendors.md"),
        &format!(
            "+++\ntitle = \"流动摊贩疏导\"\ndate = 2024-02-01\nyear = 2023\ntopics = [\"garbage-sorting\"]\nlanguages = [\"zh\"]\n+++\n\n## 做法\n\n见[报告](@/reports/2023/duty-report.md#{}).\n",
            first_heading.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_lowercase()
        ),
    );

    // A menu with an external link, and a custom stylesheet.
    let toml_path = site.join("site.toml");
    let mut toml = std::fs::read_to_string(&toml_path).unwrap();
    toml.push_str("\n[[languages.zh.menu]]\nname = \"年度报告\"\nurl = \"@/reports/_index.md\"\n\n[[languages.zh.menu]]\nname = \"市政府门户\"\nurl = \"https://www.example.gov.cn/\"\nweight = 9\n");
    write(&toml_path, &toml);
    write(&site.join("static/custom.css"), ".masthead { border-bottom: 4px solid #005a9c; }\n");

    // Freeze 2023, then move the site to its real address and build.
    let out = annals(&site, &["snapshot", "2023", "--date", "2024-03-01"]);
    assert!(out.contains("placeholder"), "the placeholder base_url is pointed out: {out}");
    let frozen = snapshot_tree(&site.join("archive/2023"));
    write(
        &toml_path,
        &toml.replace("https://portal.example.gov.cn/duty-reports/", "https://intranet.example.org/gov/annals/"),
    );
    let out = annals(&site, &["build"]);
    assert!(!out.contains("warning"), "a clean build: {out}");

    // What the newcomer expects to see.
    let output = site.join("output");
    let read = |rel: &str| std::fs::read_to_string(output.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let year = read("reports/2023/index.html");
    assert!(year.contains("<title>2023年 · "), "2023 is a year section");
    let report = read("reports/2023/duty-report/index.html");
    assert!(report.contains(">2023年</a>"), "breadcrumb step for the year");
    assert!(report.contains("href=\"https://www.example.gov.cn/\""), "menu with the external link");
    assert!(report.contains("custom.css"));
    assert!(report.contains(
        "<link rel=\"canonical\" href=\"https://intranet.example.org/gov/annals/reports/2023/duty-report/\">"
    ));
    let case = read("cases/street-vendors/index.html");
    assert!(case.contains("本案例暂无英文版"));
    assert!(read("en/reports/2023/duty-report/parallel.html").contains("<html lang=\"en\""));
    // The snapshot is untouched by the move, published as is, and names no host.
    assert_eq!(snapshot_tree(&site.join("archive/2023")), frozen);
    assert_eq!(snapshot_tree(&output.join("archive/2023")), frozen);
    for (rel, bytes) in &frozen {
        let t = String::from_utf8_lossy(bytes);
        assert!(!t.contains("portal.example.gov.cn") && !t.contains("intranet.example.org"), "{rel}");
    }
    annals(&site, &["snapshot", "--verify"]);

    // The CI gate passes: the Chinese-only case study is by design.
    annals(&site, &["check", "--strict", "--quiet"]);
}
