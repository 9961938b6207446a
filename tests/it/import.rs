//! End-to-end tests of `annals import`: the real binary in a temporary site,
//! plus corpus and no-panic property tests of the library.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::fixture::XorShift;
use annals::import::{ImportOptions, convert, decode};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn annals(site: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_annals")).current_dir(site).arg("import").args(args).output().expect("run annals")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(files_under(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// Counts `*` that are not backslash-escaped and not part of a `**` lead-in
/// we generated. Bold markers come in pairs around `**一是…**`, so after
/// removing escaped stars and balanced `**` pairs nothing may remain.
fn unescaped_stars(md: &str) -> usize {
    let body = md.splitn(3, "+++").nth(2).unwrap_or("");
    let mut n = 0;
    for line in body.lines() {
        let stripped = line.replace("\\\\", "").replace("\\*", "");
        let doubles = stripped.matches("**").count();
        let singles = stripped.matches('*').count() - 2 * doubles;
        n += singles + doubles % 2;
    }
    n
}

#[test]
fn seed_report_end_to_end() {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(
        site.path().join("site.toml"),
        "title = \"x\"\n[topics.garbage-sorting]\nkeywords = [\"垃圾分类\"]\nname = {zh = \"垃圾分类\", en = \"Garbage sorting\"}\n[topics.unused]\nkeywords = [\"不存在的词\"]\n",
    )
    .unwrap();
    let src = fixture("report-2022.txt");
    let o = annals(site.path(), &[src.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = site.path().join("content/reports/2022/duty-report.md");
    assert!(String::from_utf8_lossy(&o.stdout).contains("duty-report.md"));
    let md = std::fs::read_to_string(&page).unwrap();

    let h2: Vec<&str> = md.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(h2, ["## 一、述责述廉情况", "## 二、存在的问题", "## 三、下步工作打算"]);
    let first = md.split("## 二、").next().unwrap();
    assert_eq!(first.lines().filter(|l| l.starts_with("### ")).count(), 5);
    assert!(md.contains("### （一）坚持勤学立德，不断提升个人政治素养\n\n我始终牢记"));
    assert!(md.contains("\n\n**一是强化理论学习**。深入学习"));

    let source = std::fs::read_to_string(&src).unwrap();
    let stars = source.matches('*').count();
    assert!(stars > 20);
    assert_eq!(md.matches("\\*").count(), stars, "every mask star escaped");
    assert_eq!(unescaped_stars(&md), 0);

    let fm: toml::Table = md.split("+++").nth(1).unwrap().parse().unwrap();
    assert_eq!(fm["title"].as_str(), Some("2022年度述责述廉报告"));
    assert_eq!(fm["year"].as_integer(), Some(2022));
    assert_eq!(fm["kind"].as_str(), Some("report"));
    assert_eq!(fm["topics"].as_array().unwrap().len(), 1);
    assert_eq!(fm["topics"][0].as_str(), Some("garbage-sorting"));
    assert!(fm["summary"].as_str().unwrap().starts_with("2022年，在市委"));
    assert_eq!(fm["extra"]["imported_from"].as_str(), Some("report-2022.txt"));
    assert!(fm.get("date").is_none());
    // Paragraphs are separated by blank lines, never hard-wrapped.
    assert!(!md.contains("\n\n\n"));
}

#[test]
fn force_semantics() {
    let site = tempfile::tempdir().unwrap();
    let src = site.path().join("a.txt");
    std::fs::write(&src, "2021年度总结\n\n一、情况\n正文一。\n").unwrap();
    let o = annals(site.path(), &["a.txt", "--slug", "summary"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = site.path().join("content/reports/2021/summary.md");
    std::fs::write(&page, "hand-edited").unwrap();

    let o = annals(site.path(), &["a.txt", "--slug", "summary"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("summary.md"), "{}", stderr(&o));
    assert!(stderr(&o).contains("--force"));
    assert_eq!(std::fs::read_to_string(&page).unwrap(), "hand-edited");

    let o = annals(site.path(), &["a.txt", "--slug", "summary", "--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read_to_string(&page).unwrap().contains("## 一、情况"));
}

#[test]
fn binary_input_rejected_and_nothing_written() {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(site.path().join("good.txt"), "2020年工作报告\n\n正文。\n").unwrap();
    std::fs::write(site.path().join("scan.pdf"), b"%PDF-1.4\n\x00\x01\x02\xff\xfe binary").unwrap();
    let o = annals(site.path(), &["good.txt", "scan.pdf"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("scan.pdf"), "{}", stderr(&o));
    assert!(files_under(&site.path().join("content")).is_empty());
}

#[test]
fn stdin_dest_lang_and_encodings() {
    let site = tempfile::tempdir().unwrap();
    // GBK with CRLF, UTF-16LE with BOM, and stdin.
    let (gbk, _, _) = encoding_rs::GBK.encode("2019年工作总结\r\n\r\n一、情况\r\n正文。\r\n");
    std::fs::write(site.path().join("gbk.txt"), &gbk).unwrap();
    let mut u16 = vec![0xFF, 0xFE];
    for u in "Annual report\r\rOne. Text.\r".encode_utf16() {
        u16.extend_from_slice(&u.to_le_bytes());
    }
    std::fs::write(site.path().join("annual.txt"), &u16).unwrap();
    let o = annals(site.path(), &["gbk.txt", "--year", "2019", "--slug", "summary"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = std::fs::read_to_string(site.path().join("content/reports/2019/summary.md")).unwrap();
    assert!(md.contains("title = \"2019年工作总结\"") && md.contains("## 一、情况\n\n正文。\n"));

    let o = annals(site.path(), &["annual.txt", "--lang", "en", "--kind", "case"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(site.path().join("content/cases/annual.en.md").exists());

    let mut child = Command::new(env!("CARGO_BIN_EXE_annals"))
        .current_dir(site.path())
        .args(["import", "-", "--year", "2024", "--dest", "out"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all("述责述廉报告\n\n一、情况\n学习**次。\n".as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let md = std::fs::read_to_string(site.path().join("out/duty-report.md")).unwrap();
    assert!(md.contains("学习\\*\\*次。") && !md.contains("imported_from"));

    // Missing year for a report is an error naming the file.
    std::fs::write(site.path().join("noyear.txt"), "通知\n\n正文。\n").unwrap();
    let o = annals(site.path(), &["noyear.txt"]);
    assert!(!o.status.success() && stderr(&o).contains("noyear.txt"));
    let o = annals(site.path(), &["missing.txt"]);
    assert!(!o.status.success() && stderr(&o).contains("missing.txt"));
}

#[test]
fn corpus_converts() {
    let text = std::fs::read_to_string(fixture("government_work_reports.jsonl")).unwrap();
    // Reports whose source really has fewer than three numbered top-level
    // sections: two `一、`/`二、` parts, or no numbering at all (1985 has two
    // parts and 结束语, 1964 four unnumbered part titles).
    const FEWER_SECTIONS: [i32; 6] = [2023, 2010, 2008, 2003, 1975, 1954];
    let mut converted = 0;
    for line in text.lines() {
        let row: serde_json::Value = serde_json::from_str(line).unwrap();
        let content = row["content"].as_str().unwrap();
        let year = row["year"].as_str().and_then(|y| y.parse::<i32>().ok());
        let opts = ImportOptions { year, ..Default::default() };
        let page = convert(content, &opts).unwrap_or_else(|e| panic!("{}: {e}", row["title"]));
        assert_eq!(unescaped_stars(&page.markdown), 0);
        assert!(!page.markdown.contains("本作品") && !page.markdown.contains("Public domain"));
        let Some(year) = year else { continue };
        converted += 1;
        assert_eq!(page.year, Some(year));
        let h2 = page.markdown.lines().filter(|l| l.starts_with("## ")).count();
        if FEWER_SECTIONS.contains(&year) {
            assert!(h2 < 3, "{year} now has {h2} sections; update FEWER_SECTIONS");
        } else {
            assert!(h2 >= 3, "{year}: only {h2} level-2 headings");
        }
    }
    assert_eq!(converted, 52);
}

#[test]
fn never_panics() {
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let file = Path::new("random.txt");
    for _ in 0..2000 {
        let len = rng.below(64);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        if let Ok(text) = decode(&bytes, file) {
            let _ = convert(&text, &ImportOptions::default());
        }
    }
    let alphabet: Vec<char> =
        "一二三十、（）()１1.．是，。；：*×X0123456789\n\r\u{3000} 第首先年月日报告#>-_".chars().collect();
    for _ in 0..2000 {
        let len = rng.below(80);
        let s: String = (0..len).map(|_| alphabet[rng.below(alphabet.len())]).collect();
        let text = decode(s.as_bytes(), file).unwrap();
        if let Ok(page) = convert(&text, &ImportOptions::default()) {
            assert!(page.markdown.starts_with("+++\n"));
            assert_eq!(unescaped_stars(&page.markdown), 0, "{s:?}");
        }
    }
}

/// Issue 3's end-to-end check: import the seed, build, look at the HTML.
#[test]
fn import_seed_then_build_gives_structured_page() {
    let f = crate::fixture::Fixture::new();
    let seed = fixture("report-2022.txt");
    let out = annals(f.root(), &[seed.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    f.build();
    let html = f.read("reports/2022/duty-report/index.html");
    let body = &html[html.find("doc-body").unwrap()..];
    let h2: Vec<usize> = body.match_indices("\n<h2 id=").map(|(i, _)| i).collect();
    assert_eq!(h2.len(), 3, "three level-2 headings");
    let under_first = body[h2[0]..h2[1]].matches("\n<h3 id=").count();
    assert_eq!(under_first, 5, "five level-3 headings under 一、");
    assert!(body.matches("class=\"redacted\"").count() >= 20);
    // No emphasis produced by a mask: every <strong> is a run-in lead-in.
    for strong in body.split("<strong>").skip(1) {
        let inner = &strong[..strong.find("</strong>").unwrap()];
        assert!(!inner.contains("redacted") && !inner.is_empty(), "{inner}");
        assert!(inner.starts_with(['一', '二', '三', '四', '五']), "unexpected bold: {inner}");
    }
    assert!(!body.contains("<em>"));
    assert!(html.contains("<span class=\"redacted\" role=\"img\" aria-label=\"已隐去\">**</span>"));
}

/// Every dated report of the corpus imports and the whole site builds.
#[test]
fn corpus_imports_and_builds() {
    let f = crate::fixture::Fixture::new();
    let text = std::fs::read_to_string(fixture("government_work_reports.jsonl")).unwrap();
    let dir = f.root().join("incoming");
    std::fs::create_dir_all(&dir).unwrap();
    let mut files = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let row: serde_json::Value = serde_json::from_str(line).unwrap();
        let Some(year) = row["year"].as_str().filter(|y| !y.is_empty()) else {
            continue;
        };
        let p = dir.join(format!("gwr-{year}-{i}.txt"));
        std::fs::write(&p, format!("{}\n\n{}", row["title"].as_str().unwrap(), row["content"].as_str().unwrap()))
            .unwrap();
        files.push((p, year.to_string()));
    }
    assert!(files.len() >= 50);
    for (p, year) in &files {
        let slug = format!("work-report-{}", p.file_stem().unwrap().to_string_lossy().rsplit('-').next().unwrap());
        let out = annals(f.root(), &[p.to_str().unwrap(), "--year", year, "--slug", &slug]);
        assert!(out.status.success(), "{}: {}", p.display(), stderr(&out));
    }
    f.build();
    let built = walkdir::WalkDir::new(f.root().join("output/reports"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_name() == "index.html")
        .count();
    assert!(built >= files.len());
}

/// The content of a corpus row, imported without its title line (as the
/// scraped reports arrive).
fn corpus_page(pick: impl Fn(&serde_json::Value) -> bool, year: Option<i32>) -> annals::import::Imported {
    let text = std::fs::read_to_string(fixture("government_work_reports.jsonl")).unwrap();
    let row: serde_json::Value =
        text.lines().map(|l| serde_json::from_str(l).unwrap()).find(|r| pick(r)).expect("corpus row");
    convert(row["content"].as_str().unwrap(), &ImportOptions { year, ..Default::default() }).unwrap()
}

fn report(year: i32) -> annals::import::Imported {
    corpus_page(|r| r["year"].as_str() == Some(&year.to_string()), Some(year))
}

#[test]
fn corpus_2023_title_dateline_and_salutation() {
    let p = report(2023);
    assert_eq!(p.title, "2023年政府工作报告");
    assert_eq!(p.date.as_deref(), Some("2023-03-05"));
    let body = p.markdown.splitn(3, "+++\n").nth(2).unwrap();
    assert!(
        body.starts_with("\n<p class=\"dateline\">——2023年3月5日在第十四届全国人民代表大会第一次会议上<br>国务院总理　李克强</p>\n\n各位代表：\n"),
        "{}",
        &body[..300]
    );
}

#[test]
fn corpus_2019_and_1954_titles_from_the_text_as_written() {
    assert_eq!(report(2019).title, "2019年政府工作报告");
    assert_eq!(report(1954).title, "1954年政府工作報告");
    assert_eq!(report(1986).title, "1986年政府工作报告");
}

#[test]
fn corpus_resolution_titles() {
    let p =
        corpus_page(|r| r["title"].as_str().is_some_and(|t| t.starts_with("第十四届全国人民代表大会第三次会议")), None);
    assert_eq!(p.title, "第十四届全国人民代表大会第三次会议关于政府工作报告的决议");
    let p = corpus_page(|r| r["title"].as_str().is_some_and(|t| t.starts_with("第二届")), None);
    assert_eq!(p.title, "第二届全国人民代表大会第三次会议关于政府工作报告的决议");
}

#[test]
fn corpus_unnumbered_headings() {
    assert!(report(2002).markdown.contains("\n## 结束语\n\n各位代表"));
    let h2: Vec<String> = report(1964).markdown.lines().filter(|l| l.starts_with("## ")).map(str::to_string).collect();
    assert_eq!(
        h2,
        [
            "## 国民经济的成就和今后的建设任务",
            "## 今后发展国民经济中应当注意的几个问题",
            "## 社会主义革命和人民民主统一战线",
            "## 国际形势和我国对外工作",
        ]
    );
}

#[test]
fn corpus_2007_wiki_leftovers_dropped() {
    let p = report(2007);
    assert!(!p.markdown.contains("粗体文字") && !p.markdown.contains("深化。'"));
    assert!(p.markdown.contains("\n——改革开放进一步深化。\n"));
}

#[test]
fn corpus_2001_yi_yao_enumerations() {
    let md = report(2001).markdown;
    assert!(md.contains("\n**一要**积极推进具有战略意义的高技术研究") || md.contains("\n**一要积极推进"), "{md}");
    assert!(!md.contains("\n一要\n"));
    assert!(report(2017).markdown.contains("**一要加快发展服务消费**。"));
}
