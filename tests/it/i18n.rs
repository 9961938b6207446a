use crate::fixture::*;

#[test]
fn missing_ui_key_falls_back_with_warning() {
    let f = Fixture::small();
    f.write("i18n/en.toml", "search = \"Find\"\n");
    f.write("templates/404.html", "<p>{{ t(key=\"search\") }} {{ t(key=\"only_zh_key\") }}</p>");
    f.write("i18n/zh.toml", "search = \"搜索\"\nonly_zh_key = \"仅中文\"\n");
    let out = f.run(&["build"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("only_zh_key") && stderr.contains("`en`"), "{stderr}");
    assert!(f.read("en/404.html").contains("Find 仅中文"));
}

#[test]
fn page_without_twin_links_to_nearest_section_and_says_so() {
    let f = Fixture::small();
    f.build();
    let html = f.read("cases/garbage-sorting/index.html");
    assert!(html.contains("本案例暂无英文版"), "a case study says so as a case study: {html}");
    assert!(html.contains("href=\"../../en/\" hreflang=\"en\" lang=\"en\" class=\"inexact\""), "{html}");
}

#[test]
fn dates_formatted_per_language() {
    let f = Fixture::small();
    f.build();
    assert!(f.read("reports/2022/duty-report/index.html").contains("2023年1月15日"));
    assert!(f.read("en/reports/2022/duty-report/index.html").contains("15 January 2023"));
}

/// Issue 5's fixture: a missing translation, a `translation_key` pair, a
/// missing UI key, and a third language.
fn trilingual() -> Fixture {
    let f = Fixture::small();
    f.write("site.toml", format!("{SITE_TOML}\n[languages.fr]\ntitle = \"Site de test\"\n"));
    f.write("content/_index.fr.md", "+++\ntitle = \"Accueil\"\n+++\n");
    f.write(
        "content/reports/2022/duty-report.fr.md",
        "+++\ntitle = \"Rapport 2022\"\ndate = 2023-01-15\n+++\n\nOuverture.\n\n## I. Devoirs\n\n### (1) Étude\n\nTexte.\n\n## II. Problèmes\n\nTexte.\n",
    );
    // Differently named files paired by translation_key.
    f.write(
        "content/cases/sorting-zh.md",
        "+++\ntitle = \"分类\"\ntranslation_key = \"sorting\"\n+++\n\n## 背景\n\n文字。\n",
    );
    f.write("content/cases/sorting-en.en.md", "+++\ntitle = \"Sorting\"\ntranslation_key = \"sorting\"\n+++\n\n## Background\n\nText.\n\n## Extra section\n\nOnly in English.\n");
    f.write("i18n/fr.toml", "search = \"Rechercher\"\n");
    f
}

#[test]
fn third_language_gets_its_tree_and_hreflang() {
    let f = trilingual();
    f.build();
    let fr = f.read("fr/reports/2022/duty-report/index.html");
    assert!(fr.contains("<html lang=\"fr\""));
    assert!(fr.contains("15 janvier 2023"), "dates per language");
    let zh = f.read("reports/2022/duty-report/index.html");
    for (lang, href) in [("zh-Hans", ""), ("en", "en/"), ("fr", "fr/")] {
        assert!(
            zh.contains(&format!("hreflang=\"{lang}\" href=\"https://portal.example.gov.cn/duty-reports/{href}reports/2022/duty-report/\"")),
            "{lang}"
        );
    }
    assert!(zh.contains("hreflang=\"x-default\""));
    let sitemap = f.read("sitemap.xml");
    assert!(
        sitemap.contains(
            "hreflang=\"fr\" href=\"https://portal.example.gov.cn/duty-reports/fr/reports/2022/duty-report/\""
        )
    );
}

#[test]
fn translation_key_pairs_differently_named_files() {
    let f = trilingual();
    f.build();
    let zh = f.read("cases/sorting-zh/index.html");
    assert!(zh.contains("href=\"../../en/cases/sorting-en/\" hreflang=\"en\""), "switcher leads to the twin");
    let en = f.read("en/cases/sorting-en/index.html");
    assert!(en.contains("href=\"../../../cases/sorting-zh/\" hreflang=\"zh-Hans\""));
    // The French reader has no twin: the switcher goes to the nearest French page, marked inexact.
    assert!(zh.contains("href=\"../../fr/\" hreflang=\"fr\" lang=\"fr\" class=\"inexact\""), "{zh}");
}

#[test]
fn missing_ui_keys_fall_back_to_default_language_with_warnings() {
    let f = trilingual();
    let out = f.run(&["build"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("warning: UI string `home` is missing for language `fr`"), "{stderr}");
    let fr = f.read("fr/index.html");
    assert!(fr.contains("Rechercher"), "site strings override theme strings");
    assert!(fr.contains(">首页<"), "missing key falls back to the default language, never empty");
}

#[test]
fn parallel_view_aligns_by_heading_structure() {
    let f = trilingual();
    f.build();
    let html = f.read("reports/2022/duty-report/parallel.html");
    assert!(html.contains("两种语言版本按章节逐一对齐"), "same structure: aligned");
    assert_eq!(html.matches("class=\"parallel-row\"").count(), 4, "rows: intro, 一, （一）, 二");
    assert!(html.contains("lang=\"en\""));
    let row = &html[html.find("id=\"p-1-1\"").unwrap()..];
    let row = &row[..row.find("</section>").unwrap()];
    assert!(row.contains("坚持勤学立德") && row.contains("(1) Study"), "（一） sits beside (1)");
    let uneven = f.read("cases/sorting-zh/parallel.html");
    assert!(uneven.contains("章节结构不完全一致"), "says so when structures differ");
    assert!(uneven.contains("parallel-row unmatched"));
}

#[test]
fn check_reports_coverage_and_strict_fails_on_gaps() {
    let f = trilingual();
    let out = f.run(&["check"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Translation coverage"));
    assert!(text.contains("no `fr` version of content/cases/garbage-sorting.md"), "{text}");
    assert!(text.contains("no `en` version of content/cases/garbage-sorting.md"), "{text}");
    assert!(text.contains("UI string `home` missing in i18n/fr.toml"), "{text}");
    let strict = f.run(&["check", "--strict"]);
    assert!(!strict.status.success());
}

#[test]
fn check_reports_heading_tree_masks_and_structure_problems() {
    let f = Fixture::new();
    f.write(
        "content/a.md",
        "+++\ntitle = \"A\"\n+++\n\n## 一、甲\n\n#### 1. 跳级\n\n文字\\*\\*。\n\n## 二、空\n\n## 一、甲\n\n文字。\n",
    );
    let out = f.run(&["check"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("content/a.md [zh] masks: 1"), "{text}");
    assert!(text.contains("warning: content/a.md:7: heading level skipped"), "{text}");
    assert!(text.contains("warning: content/a.md:11: empty section"), "{text}");
    assert!(text.contains("warning: content/a.md:13: duplicate heading"), "{text}");
    assert!(!f.run(&["check", "--strict"]).status.success());
    f.write("content/b.md", "+++\ntitle = \"B\"\ndate = bad\n+++\n");
    let out = f.run(&["check"]);
    assert!(!out.status.success(), "build errors make check fail");
    assert!(String::from_utf8_lossy(&out.stderr).contains("content/b.md:3"));
}
