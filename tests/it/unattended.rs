//! A site run without a developer at hand: mistakes fail loudly (year
//! folders, anchors, topics, translations by design, UI strings), and the
//! usual customisations are configuration, not template edits.

use crate::fixture::*;

/// A report in a year folder that has no `_index.md`.
fn with_loose_year() -> Fixture {
    let f = Fixture::small();
    f.write(
        "content/reports/2023/duty-report.md",
        "+++\ntitle = \"2023年度述责述廉报告\"\ndate = 2024-01-10\ntopics = [\"garbage-sorting\"]\n+++\n\n## 1.深化生活垃圾分类\n\n正文。\n\n## 2.加强队伍建设\n\n正文。\n",
    );
    f
}

#[test]
fn year_folder_without_index_is_a_year_section() {
    let f = with_loose_year();
    f.write(
        "content/reports/2023/duty-report.en.md",
        "+++\ntitle = \"Duty Report 2023\"\ndate = 2024-01-10\n+++\n\n## 1. Garbage sorting\n\nText.\n\n## 2. Staff\n\nText.\n",
    );
    f.build();
    let year = f.read("reports/2023/index.html");
    assert!(year.contains("<title>2023年 · "), "titled in the Chinese year format");
    assert!(year.contains("2023年度述责述廉报告"), "the year page lists its report");
    let en = f.read("en/reports/2023/index.html");
    assert!(en.contains("<title>2023 · "), "English year format: plain year");
    let page = f.read("reports/2023/duty-report/index.html");
    let crumbs = &page[page.find("class=\"breadcrumbs\"").expect("breadcrumbs")..];
    let crumbs = &crumbs[..crumbs.find("</nav>").unwrap()];
    assert!(crumbs.contains(">2023年</a>"), "breadcrumb step for the year: {crumbs}");
    let reports = f.read("reports/index.html");
    let subsections = &reports[reports.find("subsections").expect("the year is a subsection")..];
    assert!(subsections.contains("2023年"), "year listed as a subsection of 年度报告");
}

#[test]
fn anchor_to_missing_heading_fails_with_closest_hint() {
    let f = with_loose_year();
    f.write(
        "content/cases/link.md",
        "+++\ntitle = \"链接\"\n+++\n\n正文。\n\n见[报告](@/reports/2023/duty-report.md#1-深化生活垃圾分类)。\n",
    );
    let err = f.build_err();
    assert!(err.contains("content/cases/link.md:7"), "file and line: {err}");
    assert!(err.contains("no heading `#1-深化生活垃圾分类`"), "{err}");
    assert!(err.contains("closest heading id is `#1深化生活垃圾分类`"), "hint: {err}");
    // The README's rule (punctuation dropped) is what the code does.
    f.write(
        "content/cases/link.md",
        "+++\ntitle = \"链接\"\n+++\n\n见[报告](@/reports/2023/duty-report.md#1深化生活垃圾分类)。\n",
    );
    f.build();
    assert!(f.read("reports/2023/duty-report/index.html").contains("id=\"1深化生活垃圾分类\""));
    let link = f.read("cases/link/index.html");
    assert!(link.contains("reports/2023/duty-report/#1"), "{link}");
    // Percent-encoded fragments are compared decoded.
    f.write(
        "content/cases/link.md",
        "+++\ntitle = \"链接\"\n+++\n\n见[报告](@/reports/2023/duty-report.md#2%E5%8A%A0%E5%BC%BA%E9%98%9F%E4%BC%8D%E5%BB%BA%E8%AE%BE)。\n",
    );
    f.build();
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(readme.contains("`1.深化` → `1深化`"), "README states the rule with this example");
}

#[test]
fn undeclared_topic_is_an_error_with_did_you_mean() {
    let f = Fixture::small();
    f.write(
        "content/cases/a.md",
        "+++\ntitle = \"甲\"\ndate = 2023-01-01\ntopics = [\"garbage-sortng\"]\n+++\n正文。\n",
    );
    let err = f.build_err();
    assert!(err.contains("content/cases/a.md:4"), "{err}");
    assert!(
        err.contains("topic `garbage-sortng` is not declared in site.toml; did you mean `garbage-sorting`?"),
        "{err}"
    );
    f.write("content/cases/a.md", "+++\ntitle = \"甲\"\ntopics = [\"city-appearance\"]\n+++\n正文。\n");
    let err = f.build_err();
    assert!(err.contains("content/cases/a.md:3") && err.contains("`city-appearance` is not declared"), "{err}");
    assert!(!err.contains("did you mean"), "nothing close: no guess: {err}");
    assert!(!f.out("topics/city-appearance").exists(), "no topic page was made");
}

#[test]
fn check_strict_passes_chinese_only_by_design_and_fails_on_structure() {
    let f = Fixture::small();
    // The case study has no twin: strict fails until it says it is Chinese-only.
    assert!(!f.run(&["check", "--strict", "--quiet"]).status.success());
    f.write(
        "content/cases/garbage-sorting.md",
        "+++\ntitle = \"垃圾分类案例\"\ndate = 2023-02-01\nyear = 2022\ntopics = [\"garbage-sorting\"]\nlanguages = [\"zh\"]\n+++\n\n见[报告](@/reports/2022/duty-report.md#二存在的问题)。\n",
    );
    // A whole section marked Chinese-only, inherited by its pages.
    f.write("content/local/_index.md", "+++\ntitle = \"地方动态\"\nlanguages = [\"zh\"]\n+++\n");
    f.write("content/local/news.md", "+++\ntitle = \"动态\"\n+++\n正文。\n");
    let out = f.run(&["check", "--strict", "--quiet"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "by design: passes\n{text}{}", String::from_utf8_lossy(&out.stderr));
    // Delete a whole section from the English twin: strict fails, naming both files.
    f.write(
        "content/reports/2022/duty-report.en.md",
        "+++\ntitle = \"Duty Report 2022\"\ndate = 2023-01-15\ntopics = [\"garbage-sorting\"]\n+++\n\nOpening.\n\n## I. Duties\n\nStudied.\n\n## II. Problems\n\nGarbage sorting lagged.\n",
    );
    let out = f.run(&["check", "--strict", "--quiet"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "{text}");
    let line = text.lines().find(|l| l.contains("heading structure differs")).expect("reported");
    assert!(line.contains("content/reports/2022/duty-report.en.md"), "{line}");
    assert!(line.contains("content/reports/2022/duty-report.md"), "{line}");
    assert!(
        line.contains("`## II. Problems`") && line.contains("`### （一）坚持勤学立德`"),
        "first parting heading: {line}"
    );
    // A language that is not configured is an error in the front matter.
    f.write("content/local/news.md", "+++\ntitle = \"动态\"\nlanguages = [\"zh\", \"fr\"]\n+++\n正文。\n");
    let err = f.build_err();
    assert!(err.contains("content/local/news.md:3") && err.contains("`fr`"), "{err}");
}

#[test]
fn unknown_ui_string_key_warns_with_file_and_line() {
    let f = Fixture::small();
    f.write("i18n/en.toml", "home = \"Start\"\n\nserach = \"Find\"\n");
    let out = f.run(&["build"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("i18n/en.toml:3: unknown UI string key `serach`"), "{err}");
    assert!(err.contains("did you mean `search`?"), "{err}");
    assert!(!err.contains("`home`"), "known keys are fine: {err}");
    // A key that a site template uses is known.
    f.write("templates/partials/extra.html", "{{ t(key=\"serach\") }}");
    let out = f.run(&["build"]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("serach"));
}
