//! Yearly snapshots: written once, verifiable, published byte for byte.

use crate::fixture::*;

fn snapshot(f: &Fixture, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["snapshot", "2022", "--date", "2023-12-31"];
    args.extend_from_slice(extra);
    f.run(&args)
}

fn verify(f: &Fixture) -> (bool, String) {
    let out = f.run(&["snapshot", "--verify", "2022"]);
    (out.status.success(), String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr))
}

fn with_later_year() -> Fixture {
    let f = Fixture::small();
    f.write("content/reports/2023/later.md", "+++\ntitle = \"2023年报告\"\ndate = 2024-01-10\n+++\n\n后来的内容。\n");
    f
}

#[test]
fn snapshot_is_self_contained_and_limited_to_its_year() {
    let f = with_later_year();
    let out = snapshot(&f, &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let dir = f.root().join("archive/2022");
    assert!(dir.join("reports/2022/duty-report/index.html").exists());
    assert!(!dir.join("reports/2023/later/index.html").exists(), "later years are left out");
    assert!(dir.join("search/languages.js").exists(), "own search index");
    assert!(dir.join("style.css").exists() && dir.join("search.js").exists());
    let html = std::fs::read_to_string(dir.join("cases/garbage-sorting/index.html")).unwrap();
    assert!(html.contains("这是 2022 年度的归档快照，生成于 2023年12月31日"), "banner in the page's language");
    assert!(html.contains("href=\"../../reports/2022/duty-report/index.html#"), "relative links name index.html");
    let en = std::fs::read_to_string(dir.join("en/reports/2022/duty-report/index.html")).unwrap();
    assert!(en.contains("archived snapshot of 2022, taken on 31 December 2023"));
    for e in
        walkdir::WalkDir::new(&dir).into_iter().flatten().filter(|e| e.path().extension().is_some_and(|x| x == "html"))
    {
        let text = std::fs::read_to_string(e.path()).unwrap();
        for attr in ["href=\"", "src=\""] {
            for v in text.split(attr).skip(1).map(|s| &s[..s.find('"').unwrap()]) {
                assert!(!v.starts_with('/'), "{}: root-absolute link {v}", e.path().display());
                if v.starts_with("http") {
                    assert!(attr == "href=\"" && html_allows_absolute(&text, v), "{}: {v}", e.path().display());
                }
            }
        }
    }
}

/// Absolute URLs are allowed only in <link rel=canonical/alternate> and the banner's live-site link.
fn html_allows_absolute(text: &str, url: &str) -> bool {
    let needle = format!("href=\"{url}\"");
    text.match_indices(&needle).all(|(i, _)| {
        let before = &text[text[..i].rfind('<').unwrap_or(0)..i];
        before.starts_with("<link") || text[..i].rfind("snapshot-banner").is_some_and(|b| i - b < 400)
    })
}

#[test]
fn verify_passes_and_agrees_with_sha256sum() {
    let f = Fixture::small();
    assert!(snapshot(&f, &[]).status.success());
    let (ok, text) = verify(&f);
    assert!(ok, "{text}");
    let out = std::process::Command::new("sha256sum")
        .args(["-c", "--quiet", "MANIFEST.sha256"])
        .current_dir(f.root().join("archive/2022"))
        .output()
        .expect("sha256sum");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn verify_reports_modified_missing_and_extra_files() {
    let f = Fixture::small();
    assert!(snapshot(&f, &[]).status.success());
    let dir = f.root().join("archive/2022");
    // One byte changed.
    let p = dir.join("index.html");
    let mut bytes = std::fs::read(&p).unwrap();
    bytes[10] ^= 1;
    std::fs::write(&p, &bytes).unwrap();
    let (ok, text) = verify(&f);
    assert!(!ok && text.contains("modified: index.html"), "{text}");
    bytes[10] ^= 1;
    std::fs::write(&p, &bytes).unwrap();
    assert!(verify(&f).0);
    // One file deleted.
    std::fs::remove_file(dir.join("style.css")).unwrap();
    let (ok, text) = verify(&f);
    assert!(!ok && text.contains("missing:  style.css"), "{text}");
    // One file added.
    std::fs::write(dir.join("extra.html"), "x").unwrap();
    let (ok, text) = verify(&f);
    assert!(!ok && text.contains("extra:    extra.html"), "{text}");
    let out = std::process::Command::new("sha256sum")
        .args(["-c", "--quiet", "MANIFEST.sha256"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(!out.status.success(), "sha256sum agrees that the snapshot is damaged");
}

#[test]
fn never_overwritten_without_force_and_deterministic() {
    let f = Fixture::small();
    assert!(snapshot(&f, &[]).status.success());
    let first = snapshot_tree(&f.root().join("archive/2022"));
    let out = snapshot(&f, &[]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert!(snapshot(&f, &["--force"]).status.success());
    assert_eq!(first, snapshot_tree(&f.root().join("archive/2022")), "same input, same bytes");
}

#[test]
fn build_publishes_snapshot_byte_for_byte_and_never_touches_it() {
    let f = Fixture::small();
    assert!(snapshot(&f, &[]).status.success());
    let frozen = snapshot_tree(&f.root().join("archive/2022"));
    f.write(
        "content/reports/2022/duty-report.md",
        "+++\ntitle = \"改过的报告\"\ndate = 2023-01-15\n+++\n\n新内容。\n\n## 二、存在的问题\n\n不足。\n",
    );
    f.build();
    assert_eq!(frozen, snapshot_tree(&f.root().join("archive/2022")), "build leaves the snapshot untouched");
    assert_eq!(frozen, snapshot_tree(&f.out("archive/2022")), "published byte for byte");
    let archive = f.read("archive/index.html");
    assert!(archive.contains("href=\"../archive/2022/\""), "{archive}");
    assert!(f.read("en/archive/index.html").contains("2022"));
}

#[test]
fn forced_snapshot_leaves_nothing_else_in_the_archive_folder() {
    let f = Fixture::small();
    assert!(snapshot(&f, &[]).status.success());
    assert!(snapshot(&f, &["--force"]).status.success());
    let mut names: Vec<String> = std::fs::read_dir(f.root().join("archive"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| !n.starts_with(".2022.old"))
        .collect();
    names.sort();
    assert_eq!(names, ["2022"]);
}
