//! Customisation by configuration (menus, styling hooks, theme eject, names
//! per language) and the small things a bureau notices (favicon, signature
//! block, notices, plurals, help).

use crate::fixture::*;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn nav_of(html: &str) -> &str {
    let nav = &html[html.find("class=\"main-nav\"").expect("main nav")..];
    &nav[..nav.find("</nav>").unwrap()]
}

#[test]
fn menu_entries_replace_the_computed_nav() {
    let f = Fixture::small();
    let mut toml = SITE_TOML.to_string();
    toml.push_str(
        "\n[[languages.zh.menu]]\nname = \"政府网站\"\nurl = \"https://www.example.gov.cn/\"\nweight = 3\n\n[[languages.zh.menu]]\nname = \"年度报告\"\nurl = \"@/reports/_index.md\"\nweight = 1\n\n[[languages.zh.menu]]\nname = \"专题\"\nurl = \"/topics/\"\nweight = 2\n",
    );
    f.write("site.toml", &toml);
    f.build();
    let page = f.read("reports/2022/duty-report/index.html");
    let nav = nav_of(&page);
    let order: Vec<usize> = ["年度报告", "专题", "政府网站"].iter().map(|n| nav.find(n).expect(n)).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "by weight: {nav}");
    assert!(nav.contains("href=\"https://www.example.gov.cn/\""), "external URL kept: {nav}");
    assert!(nav.contains("href=\"../../../reports/\""), "@/ link resolved relatively: {nav}");
    assert!(nav.contains("href=\"../../../topics/\""), "site path made relative: {nav}");
    assert!(!nav.contains("首页") && !nav.contains(">归档<"), "computed entries replaced: {nav}");
    // English has no menu: the default nav, unchanged.
    let en = f.read("en/reports/2022/duty-report/index.html");
    assert!(nav_of(&en).contains(">Topics<") && nav_of(&en).contains(">Archive<"));
    // A menu link to missing content fails, naming site.toml.
    f.write("site.toml", format!("{SITE_TOML}\n[[languages.en.menu]]\nname = \"Gone\"\nurl = \"@/nothing.md\"\n"));
    let err = f.build_err();
    assert!(err.contains("site.toml") && err.contains("@/nothing.md"), "{err}");
}

/// `(href, aria-current)` of each main-navigation entry of a page.
fn nav_marks(html: &str) -> Vec<(String, String)> {
    let attr = |tag: &str, name: &str| {
        let key = format!(" {name}=\"");
        tag.find(&key).map(|i| tag[i + key.len()..].split('"').next().unwrap_or("").to_string()).unwrap_or_default()
    };
    nav_of(html)
        .split("<a ")
        .skip(1)
        .map(|a| {
            let tag = format!(" {}", &a[..a.find('>').unwrap()]);
            (attr(&tag, "href"), attr(&tag, "aria-current"))
        })
        .collect()
}

#[test]
fn main_nav_marks_where_the_reader_is() {
    let f = Fixture::small();
    f.build();
    let current = |page: &str| -> Vec<(String, String)> {
        nav_marks(&f.read(page)).into_iter().filter(|(_, mark)| !mark.is_empty()).collect()
    };
    let one = |href: &str, mark: &str| vec![(href.to_string(), mark.to_string())];
    assert_eq!(current("index.html"), one("./", "page"), "home");
    assert_eq!(current("reports/index.html"), one("../reports/", "page"), "the reports section itself");
    assert_eq!(current("reports/2022/duty-report/index.html"), one("../../../reports/", "true"), "a report in it");
    assert_eq!(current("en/reports/2022/duty-report/index.html"), one("../../../../en/reports/", "true"), "its twin");
    assert_eq!(current("search/index.html"), one("../search/", "page"), "the search page");
    assert_eq!(current("topics/garbage-sorting/index.html"), one("../../topics/", "true"), "a topic");
    // The entries themselves: home, sections, topics, archive, search.
    let hrefs: Vec<String> =
        nav_marks(&f.read("reports/2022/duty-report/index.html")).into_iter().map(|(h, _)| h).collect();
    assert!(
        hrefs.first().is_some_and(|h| h == "../../../") && hrefs.last().is_some_and(|h| h == "../../../search/"),
        "{hrefs:?}"
    );
}

#[test]
fn shared_fragments_see_only_what_pages_share() {
    let f = Fixture::small();
    f.write(
        "templates/shared/where.html",
        "<p class=\"where\">{{ lang.code }}|{{ root }}|{{ current_section }}|{{ at_section }}</p>\n",
    );
    f.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}{{ shared.where | safe }}{% endblock main %}",
    );
    f.build();
    // Rendered per language, depth and section; the file's last line break dropped.
    let zh = f.read("reports/2022/duty-report/index.html");
    assert!(zh.contains("<p class=\"where\">zh|../../../|../../../reports/|false</p>\n</main>"), "{zh}");
    let en = f.read("en/reports/2022/duty-report/index.html");
    assert!(en.contains("<p class=\"where\">en|../../../../|../../../../en/reports/|false</p>\n</main>"), "{en}");
    let case = f.read("cases/garbage-sorting/index.html");
    assert!(case.contains("<p class=\"where\">zh|../../|../../cases/garbage-sorting/|true</p>"), "{case}");
    // The theme's own fragments are there too.
    assert!(zh.contains("class=\"site-footer\"") && zh.contains("class=\"masthead\""));
    // A fragment naming a field that differs from page to page is refused.
    f.write("templates/shared/where.html", "<link href=\"{{ permalink }}\">\n");
    let err = f.build_err();
    assert!(err.contains("templates/shared/where.html") && err.contains("permalink"), "{err}");
    assert!(f.read("reports/2022/duty-report/index.html").contains("class=\"where\""), "output kept");
}

#[test]
fn custom_css_and_theme_keys_style_without_templates() {
    let f = Fixture::small();
    f.build();
    assert!(!f.read("index.html").contains("custom.css"), "no link without the file");
    f.write("static/custom.css", ".site-title { letter-spacing: .1em; }\n");
    f.write(
        "site.toml",
        format!("{SITE_TOML}\n[theme]\naccent = \"#005a9c\"\nbody_font = \"serif\"\nindent = true\n").replacen(
            "[languages.en]",
            "[languages.en]",
            1,
        ),
    );
    f.build();
    assert!(f.exists("custom.css"));
    for page in ["index.html", "reports/2022/duty-report/index.html", "en/topics/index.html", "search/index.html"] {
        let html = f.read(page);
        let theme_css = html.find("style.css\"").expect("theme css");
        let custom = html.find("custom.css\"").unwrap_or_else(|| panic!("{page} links custom.css"));
        assert!(custom > theme_css, "{page}: custom.css after the theme's CSS");
        assert!(html.contains("--accent: #005a9c"), "{page}: accent");
        assert!(html.contains(" font-serif") && html.contains(" indent-first"), "{page}: font and indent");
    }
    f.write("site.toml", format!("{SITE_TOML}\n[theme]\nbody_font = \"comic\"\n"));
    let err = f.build_err();
    assert!(err.contains("site.toml:") && err.contains("body_font"), "{err}");
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for key in ["static/custom.css", "`accent`", "`body_font`", "`indent`", "`emblem`", "[[languages.<code>.menu]]"] {
        assert!(readme.contains(key), "README documents {key}");
    }
}

#[test]
fn theme_eject_writes_the_theme_and_never_overwrites() {
    let f = Fixture::small();
    f.write("templates/page.html", "{% extends \"base.html\" %}{% block main %}MINE{% endblock main %}");
    let out = f.run(&["theme", "eject"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("skipped  templates/page.html"), "{text}");
    assert!(text.contains("wrote    templates/base.html") && text.contains("wrote    i18n/en.toml"), "{text}");
    assert!(text.contains("wrote    static/style.css"), "{text}");
    let mine = std::fs::read_to_string(f.root().join("templates/page.html")).unwrap();
    assert!(mine.contains("MINE"), "an existing file is never overwritten");
    assert!(f.root().join("templates/partials/macros.html").is_file());
    assert!(f.root().join("templates/shared/footer.html").is_file(), "shared fragments ejected too");
    f.build();
    assert!(f.read("reports/2022/duty-report/index.html").contains("MINE"));
    // A second run writes nothing and lists everything as skipped.
    let again = String::from_utf8_lossy(&f.run(&["theme", "eject"]).stdout).to_string();
    assert!(again.contains("0 files written"), "{again}");
    // Not a site: an error naming site.toml.
    let empty = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(BIN).args(["theme", "eject"]).current_dir(empty.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("site.toml"));
}

#[test]
fn names_per_language_in_masthead_footer_title_and_feeds() {
    let f = Fixture::small();
    f.write(
        "site.toml",
        SITE_TOML.replace("title = \"测试站点\"", "title = \"测试站点\"\norganization = \"××市城市管理局\"").replace(
            "[languages.en]\ntitle = \"Test site\"",
            "[languages.en]\ntitle = \"Test site\"\norganization = \"×× Municipal Bureau\"",
        ),
    );
    f.remove("content/_index.md");
    f.remove("content/_index.en.md");
    f.build();
    let en = f.read("en/reports/2022/duty-report/index.html");
    assert!(!en.contains("××市城市管理局"), "English pages do not name the Chinese organisation");
    assert!(en.contains("Published by ×× Municipal Bureau"));
    assert!(en.contains("class=\"org\">×× Municipal Bureau<"));
    assert!(en.contains("<title>Duty Report 2022 · Test site</title>"), "<title> from [languages.en] title");
    let home = f.read("en/index.html");
    assert!(home.contains("<h1 id=\"hero-h\">Test site</h1>"), "hero from site.toml");
    assert!(f.read("index.html").contains("<h1 id=\"hero-h\">测试站点</h1>"));
    assert!(f.read("en/atom.xml").contains("<author><name>×× Municipal Bureau</name></author>"));
    assert!(f.read("atom.xml").contains("<author><name>××市城市管理局</name></author>"));
    // The home _index.md still overrides the hero.
    f.write("content/_index.en.md", "+++\ntitle = \"Welcome\"\n+++\n");
    f.build();
    assert!(f.read("en/index.html").contains("<h1 id=\"hero-h\">Welcome</h1>"));
}

#[test]
fn parallel_view_in_every_language() {
    let f = Fixture::small();
    f.build();
    let en_page = f.read("en/reports/2022/duty-report/index.html");
    assert!(
        en_page.contains("href=\"../../../../en/reports/2022/duty-report/parallel.html\""),
        "the English report links to its own parallel view"
    );
    let en = f.read("en/reports/2022/duty-report/parallel.html");
    assert!(en.contains("<html lang=\"en\""), "English chrome");
    assert!(en.contains(">Home<"));
    let zh = f.read("reports/2022/duty-report/parallel.html");
    assert!(zh.contains("<html lang=\"zh-Hans\""));
    assert!(
        f.read("reports/2022/duty-report/index.html")
            .contains("href=\"../../../reports/2022/duty-report/parallel.html\"")
    );
}

#[test]
fn snapshots_name_no_host_and_survive_a_move() {
    let f = Fixture::small();
    let out = f.run(&["build"]);
    assert!(stderr(&out).contains("base_url in site.toml is still the placeholder"), "{}", stderr(&out));
    let out = f.run(&["snapshot", "2022", "--date", "2023-12-31"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("placeholder"), "snapshot warns too");
    let archive = f.root().join("archive/2022");
    let before = snapshot_tree(&archive);
    for (rel, bytes) in &before {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("portal.example.gov.cn"), "{rel} names the host");
    }
    let page =
        String::from_utf8_lossy(&before.iter().find(|(r, _)| r == "reports/2022/duty-report/index.html").unwrap().1)
            .to_string();
    assert!(
        page.contains("<link rel=\"canonical\" href=\"../../../reports/2022/duty-report/index.html\">"),
        "relative canonical"
    );
    assert!(page.contains("hreflang=\"en\" href=\"../../../en/reports/2022/duty-report/index.html\""));
    assert!(page.contains("href=\"../../../../../archive/index.html\""), "live archive, relative");
    // The site moves: the snapshot is unchanged and still verifies; the live site uses the new address.
    f.write(
        "site.toml",
        SITE_TOML.replace("https://portal.example.gov.cn/duty-reports/", "https://intranet.example.org/gov/annals/"),
    );
    let out = f.run(&["build"]);
    assert!(out.status.success());
    assert!(!stderr(&out).contains("placeholder"), "{}", stderr(&out));
    assert_eq!(snapshot_tree(&archive), before);
    assert!(f.run(&["snapshot", "--verify", "2022"]).status.success());
    assert!(f.read("index.html").contains("href=\"https://intranet.example.org/gov/annals/\""));
    assert_eq!(snapshot_tree(&f.out("archive/2022")), before, "published byte for byte");
}

#[test]
fn favicon_on_every_page() {
    let f = Fixture::small();
    f.build();
    assert!(f.read("favicon.svg").starts_with("<svg"));
    let mut pages = 0;
    for e in walkdir::WalkDir::new(f.out("")) {
        let e = e.unwrap();
        if e.path().extension().is_some_and(|x| x == "html") {
            let html = std::fs::read_to_string(e.path()).unwrap();
            if html.contains("http-equiv=\"refresh\"") {
                continue;
            }
            pages += 1;
            assert!(html.contains("<link rel=\"icon\" href=\""), "{}", e.path().display());
            assert!(html.contains("favicon.svg\" type=\"image/svg+xml\">"), "{}", e.path().display());
        }
    }
    assert!(pages > 10);
}

#[test]
fn closing_shortcode_renders_the_signature_block() {
    let f = Fixture::small();
    f.write(
        "content/reports/2022/closing.md",
        "+++\ntitle = \"署名\"\n+++\n\n正文。\n\n{% closing() %}\n××市城市管理局<局长>\n2023年1月15日\n{% end %}\n",
    );
    f.build();
    let html = f.read("reports/2022/closing/index.html");
    assert!(html.contains("<p class=\"closing\">"), "{html}");
    assert!(html.contains("城市管理局&lt;局长&gt;<br>\n2023年1月15日\n</p>"), "lines kept, escaped");
    assert!(html.contains("class=\"redacted\""), "masks still masked");
    f.write("content/reports/2022/closing.md", "+++\ntitle = \"署名\"\n+++\n\n正文。\n\n{% closing() %}\n××市\n");
    let err = f.build_err();
    assert!(err.contains("content/reports/2022/closing.md:7") && err.contains("{% end %}"), "{err}");
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(readme.contains("{% closing() %}"), "documented");
}

#[test]
fn case_study_without_twin_and_english_plurals() {
    let f = Fixture::small();
    f.build();
    let case = f.read("cases/garbage-sorting/index.html");
    assert!(case.contains("本案例暂无英文版"), "a case study, not 本报告");
    assert!(!case.contains("本报告暂无"));
    f.write(
        "content/cases/garbage-sorting.en.md",
        "+++\ntitle = \"Garbage sorting\"\ndate = 2023-02-01\nyear = 2022\ntopics = [\"garbage-sorting\"]\n+++\n\nSee the report.\n",
    );
    f.remove("content/reports/2022/duty-report.en.md");
    f.build();
    let topic = f.read("en/topics/garbage-sorting/index.html");
    assert!(topic.contains("1 page<") || topic.contains("1 page "), "singular");
    assert!(!topic.contains("1 pages"));
    let report = f.read("reports/2022/duty-report/index.html");
    assert!(report.contains("本报告暂无英文版"));
}

#[test]
fn help_explains_every_option_with_examples() {
    for cmd in ["build", "serve", "import", "check", "snapshot", "init", "theme"] {
        let out = std::process::Command::new(BIN).args([cmd, "--help"]).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{cmd}");
        assert!(text.contains("Examples:\n  annals "), "{cmd} --help has examples:\n{text}");
        for line in text.lines().filter(|l| l.trim_start().starts_with('-')) {
            let t = line.trim();
            let described = t.split("  ").filter(|s| !s.trim().is_empty()).count() >= 2;
            assert!(described, "{cmd}: option without an explanation: {line}");
        }
    }
}
