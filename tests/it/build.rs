use crate::fixture::*;

#[test]
fn example_site_builds_with_embedded_theme() {
    let f = example_site();
    assert!(!f.root().join("themes").exists());
    f.build();
    let html = f.read("reports/2022/duty-report/index.html");
    assert_eq!(html.matches("\n<h2 id=").count(), 3);
    assert_eq!(html.matches("\n<h3 id=").count(), 5);
    assert!(html.contains("<html lang=\"zh-Hans\""));
    assert!(f.exists("en/reports/2022/duty-report/index.html"));
    assert!(f.exists("cases/garbage-sorting/index.html"));
    assert!(f.exists("style.css"));
    let home = f.read("index.html");
    assert!(home.contains("2022年度述责述廉报告"));
    assert!(home.contains("cases/garbage-sorting/"));
}

#[test]
fn two_builds_are_byte_identical() {
    let f = example_site();
    f.build();
    let first = snapshot_tree(&f.root().join("output"));
    f.build();
    let second = snapshot_tree(&f.root().join("output"));
    assert!(first.len() > 20);
    assert_eq!(first.len(), second.len());
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(a.0, b.0);
        assert!(a.1 == b.1, "{} differs between builds", a.0);
    }
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let f = Fixture::small();
    f.build();
    let before = snapshot_tree(&f.root().join("output"));
    f.write("content/reports/2022/duty-report.md", "+++\ntitle = \"broken\n+++\n");
    let err = f.build_err();
    assert!(err.contains("content/reports/2022/duty-report.md:2"), "{err}");
    assert_eq!(before, snapshot_tree(&f.root().join("output")));
    // No temporary folders are left beside the output.
    let leftovers: Vec<_> = std::fs::read_dir(f.root())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".output.tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn refuses_output_at_site_root_or_above() {
    let f = Fixture::small();
    for bad in [".", "..", "/"] {
        let out = f.run(&["build", "--output", bad]);
        assert!(!out.status.success(), "{bad} accepted");
        assert!(String::from_utf8_lossy(&out.stderr).contains("refusing"));
    }
    assert!(f.root().join("site.toml").exists());
}

#[test]
fn languages_get_their_own_url_trees() {
    let f = Fixture::small();
    f.build();
    let zh = f.read("reports/2022/duty-report/index.html");
    let en = f.read("en/reports/2022/duty-report/index.html");
    assert!(en.contains("<html lang=\"en\""));
    assert!(
        zh.contains("hreflang=\"en\" href=\"https://portal.example.gov.cn/duty-reports/en/reports/2022/duty-report/\"")
    );
    assert!(zh.contains("hreflang=\"x-default\""));
    assert!(en.contains("href=\"../../../../reports/2022/duty-report/\""), "switcher goes to the twin");
}

#[test]
fn links_are_relative_and_work_under_a_prefix() {
    let f = Fixture::small();
    f.build();
    let html = f.read("cases/garbage-sorting/index.html");
    assert!(html.contains("href=\"../../style.css\""));
    assert!(html.contains("href=\"../../reports/2022/duty-report/#"), "internal @/ link resolved");
    assert!(html.contains(
        "<link rel=\"canonical\" href=\"https://portal.example.gov.cn/duty-reports/cases/garbage-sorting/\""
    ));
    for href in html.split("href=\"").skip(1).map(|s| &s[..s.find('"').unwrap()]) {
        assert!(!href.starts_with('/') || href.starts_with("//"), "root-absolute link {href} breaks under a prefix");
    }
}

#[test]
fn file_links_name_index_html() {
    let f = Fixture::small();
    let out = f.run(&["build", "--quiet", "--file-links"]);
    assert!(out.status.success());
    let html = f.read("cases/garbage-sorting/index.html");
    assert!(html.contains("href=\"../../reports/2022/duty-report/index.html#"), "{html}");
}

#[test]
fn chinese_line_break_is_not_a_space_and_masks_are_not_emphasis() {
    let f = Fixture::small();
    f.build();
    let html = f.read("reports/2022/duty-report/index.html");
    assert!(html.contains("我始终牢记从政德为先。"));
    assert!(html.contains("<strong>一是强化理论学习。</strong>"));
    assert_eq!(html.matches("class=\"redacted\"").count(), 2);
    assert!(!html.contains("<em>"));
}

#[test]
fn drafts_only_with_flag() {
    let f = Fixture::small();
    f.write("content/reports/2023/draft.md", "+++\ntitle = \"草稿\"\ndraft = true\n+++\n草稿。\n");
    f.build();
    assert!(!f.exists("reports/2023/draft/index.html"));
    let out = f.run(&["build", "--quiet", "--drafts"]);
    assert!(out.status.success());
    assert!(f.exists("reports/2023/draft/index.html"));
}

#[test]
fn page_bundle_assets_are_copied_for_every_language() {
    let f = Fixture::small();
    f.write("content/cases/bundle/index.md", "+++\ntitle = \"图表\"\n+++\n![图](chart.png)\n");
    f.write("content/cases/bundle/index.en.md", "+++\ntitle = \"Chart\"\n+++\n![chart](chart.png)\n");
    f.write("content/cases/bundle/chart.png", b"\x89PNG fake");
    f.build();
    assert!(f.exists("cases/bundle/chart.png"));
    assert!(f.exists("en/cases/bundle/chart.png"));
    assert!(f.read("cases/bundle/index.html").contains("src=\"chart.png\""));
}

#[test]
fn site_template_overrides_theme_and_static_is_copied() {
    let f = Fixture::small();
    f.write("templates/404.html", "<!DOCTYPE html><title>x</title><p>custom {{ title }}</p>");
    f.write("static/extra.txt", "hello");
    f.build();
    assert!(f.read("404.html").contains("custom 页面未找到"));
    assert_eq!(f.read("extra.txt"), "hello");
}

#[test]
fn year_comes_from_front_matter_then_path_then_date() {
    let f = Fixture::small();
    f.write("content/misc/a.md", "+++\ntitle = \"A\"\nkind = \"report\"\ndate = 2019-05-01\n+++\n");
    f.write("content/reports/2018/b.md", "+++\ntitle = \"B\"\ndate = 2019-05-01\n+++\n");
    f.write("content/reports/2018/c.md", "+++\ntitle = \"C\"\nyear = 2017\n+++\n");
    f.build();
    assert!(f.read("years/2019/index.html").contains(">A</a>"));
    assert!(f.read("years/2018/index.html").contains(">B</a>"));
    assert!(f.read("years/2017/index.html").contains(">C</a>"));
}

#[test]
fn sitemap_feed_and_robots() {
    let f = Fixture::small();
    f.build();
    let sitemap = f.read("sitemap.xml");
    assert!(sitemap.contains("<xhtml:link rel=\"alternate\" hreflang=\"en\""));
    assert!(f.read("atom.xml").contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-Hans\">"));
    assert!(f.read("en/atom.xml").contains("Duty Report 2022"));
    assert!(f.read("robots.txt").contains("Disallow: /"));
}

#[test]
fn headings_have_unique_ids_and_toc() {
    let f = Fixture::new();
    f.write("content/a.md", "+++\ntitle = \"A\"\n+++\n## 问题\n\n## 问题\n\n### 小节\n");
    f.build();
    let html = f.read("a/index.html");
    assert!(html.contains("id=\"问题\""));
    assert!(html.contains("id=\"问题-2\""));
    assert!(html.contains("<a href=\"#小节\">小节</a>"), "toc lists nested headings");
}

#[test]
fn aliases_redirect_to_the_page() {
    let f = Fixture::small();
    f.write(
        "content/cases/garbage-sorting.md",
        "+++\ntitle = \"垃圾分类案例\"\nyear = 2022\naliases = [\"old/ljfl/\", \"/legacy/case.html\"]\n+++\n\n正文。\n",
    );
    f.build();
    let html = f.read("old/ljfl/index.html");
    assert!(html.contains("url=../../cases/garbage-sorting/"), "{html}");
    assert!(f.read("legacy/case.html").contains("url=../cases/garbage-sorting/"));
    // An alias leaving the site is an error naming the file and line.
    f.write(
        "content/cases/garbage-sorting.md",
        "+++\ntitle = \"垃圾分类案例\"\nyear = 2022\naliases = [\"../escape\"]\n+++\n\n正文。\n",
    );
    let err = f.build_err();
    assert!(err.contains("content/cases/garbage-sorting.md:4:") && err.contains("../escape"), "{err}");
    assert!(!f.root().join("escape").exists());
}

/// Related case studies, topic and year pages list what a plain reading of
/// every page's front matter says they should (they come from lists built
/// once per build, not from scanning the site per page).
#[test]
fn lists_match_a_reading_of_every_page() {
    let f = Fixture::new();
    f.write(
        "site.toml",
        format!("{SITE_TOML}\n[topics.credit]\nname = {{ zh = \"信用\" }}\n\n[topics.integrity]\nname = {{ zh = \"廉政\" }}\n"),
    );
    let topics = ["garbage-sorting", "credit", "integrity"];
    // (slug, kind, year, date, topics)
    let mut pages: Vec<(String, &str, i32, String, Vec<&str>)> = Vec::new();
    for i in 0..60u32 {
        let kind = if i % 3 == 0 { "case" } else { "report" };
        let year = 2019 + (i % 4) as i32;
        let date = format!("{year}-{:02}-{:02}", 1 + i % 12, 1 + (i * 7) % 28);
        let mut tags: Vec<&str> =
            topics.iter().enumerate().filter(|(t, _)| (i >> t) & 1 == 1).map(|(_, s)| *s).collect();
        if i % 5 == 0 {
            tags.clear();
        }
        let slug = format!("p{i:02}");
        let dir = if kind == "case" { "cases".to_string() } else { format!("reports/{year}") };
        let list = tags.iter().map(|t| format!("\"{t}\"")).collect::<Vec<_>>().join(", ");
        f.write(
            &format!("content/{dir}/{slug}.md"),
            format!(
                "+++\ntitle = \"页面{slug}\"\ndate = {date}\nyear = {year}\nkind = \"{kind}\"\ntopics = [{list}]\n+++\n\n正文{slug}。\n"
            ),
        );
        pages.push((slug, kind, year, date, tags));
    }
    f.build();
    let fixture_pages =
        |kind: &str| -> Vec<&(String, &str, i32, String, Vec<&str>)> { pages.iter().filter(|p| p.1 == kind).collect() };
    // Newest first, then by title (titles sort like slugs here).
    let newest = |mut v: Vec<&(String, &str, i32, String, Vec<&str>)>| {
        v.sort_by(|a, b| b.3.cmp(&a.3).then_with(|| a.0.cmp(&b.0)));
        v.into_iter().map(|p| p.0.clone()).collect::<Vec<String>>()
    };
    let slugs_in = |html: &str, class: &str| -> Vec<String> {
        html.split(&format!("class=\"{class}\" href=\""))
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .map(|href| href.trim_end_matches('/').rsplit('/').next().unwrap_or("").to_string())
            .filter(|s| s.starts_with('p') && s.len() == 3)
            .collect()
    };
    for (slug, _, year, _, tags) in fixture_pages("report") {
        let html = f.read(&format!("reports/{year}/{slug}/index.html"));
        let related_html =
            html.split("<aside class=\"related\"").nth(1).unwrap_or("").split("</aside>").next().unwrap();
        let expected: Vec<String> =
            newest(fixture_pages("case").into_iter().filter(|c| c.4.iter().any(|t| tags.contains(t))).collect())
                .into_iter()
                .take(4)
                .collect();
        assert_eq!(slugs_in(related_html, "card-title"), expected, "related case studies of {slug}");
    }
    for topic in topics {
        let html = f.read(&format!("topics/{topic}/index.html"));
        let tagged: Vec<_> = pages.iter().filter(|p| p.4.contains(&topic)).collect();
        let mut shown = slugs_in(&html, "item-title");
        shown.sort();
        let mut expected: Vec<String> = tagged.iter().map(|p| p.0.clone()).collect();
        expected.sort();
        assert_eq!(shown, expected, "topic page {topic}");
    }
    for year in 2019..2023 {
        let html = f.read(&format!("years/{year}/index.html"));
        let of = |kind| newest(fixture_pages(kind).into_iter().filter(|p| p.2 == year).collect());
        let expected = of("report");
        assert_eq!(slugs_in(&html, "item-title"), expected, "reports of {year}");
        assert_eq!(slugs_in(&html, "card-title"), of("case"), "case studies of {year}");
    }
}
