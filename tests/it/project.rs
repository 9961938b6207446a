//! Incremental rebuilds (`annals serve`, `build --watch`) must give exactly
//! what a full build of the same files gives, while re-rendering less.

use std::path::PathBuf;

use annals::build::{BuildOptions, build};
use annals::project::{Change, Project};

use crate::fixture::*;

fn opts(f: &Fixture) -> BuildOptions {
    BuildOptions { root: f.root().to_path_buf(), ..Default::default() }
}

/// Applies one change and checks the in-memory output against a full build.
fn apply_and_compare(p: &mut Project, f: &Fixture, change: Change) -> annals::project::Applied {
    let applied = p.apply(&[change]).expect("apply");
    p.update_search();
    let full = build(&opts(f), &|_, _| {}).expect("full build").output;
    let mine = p.output();
    let missing: Vec<_> = full.files.keys().filter(|k| !mine.files.contains_key(*k)).collect();
    let extra: Vec<_> = mine.files.keys().filter(|k| !full.files.contains_key(*k)).collect();
    let differ: Vec<_> =
        full.files.iter().filter(|(k, v)| mine.files.get(*k).is_some_and(|m| m != *v)).map(|(k, _)| k).collect();
    assert!(
        missing.is_empty() && extra.is_empty() && differ.is_empty(),
        "missing {missing:?}\nextra {extra:?}\ndiffer {differ:?}"
    );
    applied
}

fn content(rel: &str) -> Change {
    Change::Content(PathBuf::from("content").join(rel))
}

#[test]
fn body_edit_rerenders_few_pages_and_matches_full_build() {
    let f = Fixture::small();
    let mut p = Project::open(opts(&f)).unwrap();
    f.write(
        "content/reports/2022/duty-report.en.md",
        "+++\ntitle = \"Duty Report 2022\"\ndate = 2023-01-15\ntopics = [\"garbage-sorting\"]\n+++\n\nOpening.\n\n## I. Duties\n\n### (1) Study\n\nStudied \\*\\* times, edited.\n\n## II. Problems\n\nGarbage sorting lagged.\n",
    );
    let a = apply_and_compare(&mut p, &f, content("reports/2022/duty-report.en.md"));
    assert!(a.changed.contains(&"en/reports/2022/duty-report/index.html".to_string()));
    assert!(a.rendered < 10, "re-rendered {} pages for a body edit", a.rendered);
    assert!(!a.css_only);
}

#[test]
fn title_edit_updates_lists() {
    let f = Fixture::small();
    let mut p = Project::open(opts(&f)).unwrap();
    f.write(
        "content/cases/garbage-sorting.md",
        "+++\ntitle = \"新标题\"\ndate = 2023-02-01\nyear = 2022\ntopics = [\"garbage-sorting\"]\n+++\n\n正文。\n",
    );
    let a = apply_and_compare(&mut p, &f, content("cases/garbage-sorting.md"));
    assert!(a.changed.contains(&"index.html".to_string()), "home lists the case study");
    assert!(String::from_utf8_lossy(&p.output().files["topics/garbage-sorting/index.html"]).contains("新标题"));
}

#[test]
fn add_delete_and_rename_pages() {
    let f = Fixture::small();
    let mut p = Project::open(opts(&f)).unwrap();
    f.write("content/cases/new-case.md", "+++\ntitle = \"新案例\"\nyear = 2022\n+++\n\n新。\n");
    apply_and_compare(&mut p, &f, content("cases/new-case.md"));
    assert!(p.output().files.contains_key("cases/new-case/index.html"));
    f.remove("content/cases/new-case.md");
    let a = apply_and_compare(&mut p, &f, content("cases/new-case.md"));
    assert!(!p.output().files.contains_key("cases/new-case/index.html"));
    assert!(a.changed.contains(&"cases/new-case/index.html".to_string()));
    std::fs::rename(f.root().join("content/cases/garbage-sorting.md"), f.root().join("content/cases/sorting.md"))
        .unwrap();
    p.apply(&[content("cases/garbage-sorting.md")]).unwrap();
    apply_and_compare(&mut p, &f, content("cases/sorting.md"));
}

#[test]
fn template_static_and_config_changes() {
    let f = Fixture::small();
    let mut p = Project::open(opts(&f)).unwrap();
    f.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<p class=\"custom\">{{ page.title }}</p>{% endblock main %}",
    );
    apply_and_compare(&mut p, &f, Change::Template(PathBuf::from("templates/page.html")));
    assert!(
        String::from_utf8_lossy(&p.output().files["reports/2022/duty-report/index.html"]).contains("class=\"custom\"")
    );
    f.write("static/style.css", "body { color: red }");
    let a = apply_and_compare(&mut p, &f, Change::Static(PathBuf::from("static/style.css")));
    assert!(a.css_only, "{:?}", a.changed);
    f.write("site.toml", SITE_TOML.replace("测试站点", "改名站点"));
    apply_and_compare(&mut p, &f, Change::Config);
}

#[test]
fn broken_edit_keeps_last_good_output() {
    let f = Fixture::small();
    let mut p = Project::open(opts(&f)).unwrap();
    let before = p.output().files.clone();
    f.write("content/reports/2022/duty-report.md", "+++\ntitle = \"x\n+++\n");
    let err = p.apply(&[content("reports/2022/duty-report.md")]).unwrap_err();
    assert_eq!(err.errors[0].line, Some(2));
    assert!(err.errors[0].file.ends_with("content/reports/2022/duty-report.md"));
    assert_eq!(before, p.output().files, "last good build is kept");
    // Fixed, keeping the heading the case study links to.
    f.write(
        "content/reports/2022/duty-report.md",
        "+++\ntitle = \"修好了\"\ndate = 2023-01-15\n+++\n\n好了。\n\n## 二、存在的问题\n\n不足。\n",
    );
    apply_and_compare(&mut p, &f, content("reports/2022/duty-report.md"));
}
