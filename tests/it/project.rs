//! Incremental rebuilds must give exactly what a full build of the same
//! files gives, while re-rendering less: with the output in memory (`annals
//! serve`) and on disk (`build --watch`, which runs the same project on the
//! output folder). Every scenario runs against both.

use std::collections::BTreeMap;
use std::path::PathBuf;

use annals::build::{BuildOptions, build};
use annals::project::{Change, ModelUpdate, Project};

use crate::fixture::*;

fn opts(f: &Fixture) -> BuildOptions {
    BuildOptions { root: f.root().to_path_buf(), ..Default::default() }
}

/// Where the project keeps its output.
#[derive(Clone, Copy)]
enum Target {
    Memory,
    Disk,
}

fn open(f: &Fixture, target: Target) -> Project {
    match target {
        Target::Memory => Project::open(opts(f)).expect("open"),
        Target::Disk => Project::open_on_disk(opts(f), f.root().join("output"), &|_, _| {}).expect("open on disk").0,
    }
}

/// The project's output files, from memory or from the output folder.
fn files_of(p: &Project, f: &Fixture, target: Target) -> BTreeMap<String, Vec<u8>> {
    match target {
        Target::Memory => p.output().unpack().files,
        // The marker says Annals wrote the folder; it is not part of the site.
        Target::Disk => snapshot_tree(&f.root().join("output"))
            .into_iter()
            .filter(|(path, _)| path != annals::output::MARKER)
            .collect(),
    }
}

/// Applies one change and checks the output against a full build.
fn apply_and_compare(p: &mut Project, f: &Fixture, target: Target, change: Change) -> annals::project::Applied {
    let applied = p.apply(&[change]).expect("apply");
    p.update_search().expect("search index");
    let full = build(&opts(f), &|_, _| {}).expect("full build").output.files;
    let mine = files_of(p, f, target);
    let missing: Vec<_> = full.keys().filter(|k| !mine.contains_key(*k)).collect();
    let extra: Vec<_> = mine.keys().filter(|k| !full.contains_key(*k)).collect();
    let differ: Vec<_> = full.iter().filter(|(k, v)| mine.get(*k).is_some_and(|m| m != *v)).map(|(k, _)| k).collect();
    assert!(
        missing.is_empty() && extra.is_empty() && differ.is_empty(),
        "missing {missing:?}\nextra {extra:?}\ndiffer {differ:?}"
    );
    if let Target::Disk = target {
        // Nothing left behind: no temporary files, no empty folders.
        let dirs = walkdir::WalkDir::new(f.root().join("output"))
            .min_depth(1)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_dir());
        for d in dirs {
            assert!(std::fs::read_dir(d.path()).unwrap().next().is_some(), "empty folder {}", d.path().display());
        }
    }
    applied
}

/// One test per scenario and target.
macro_rules! both {
    ($name:ident, $memory:ident, $disk:ident) => {
        #[test]
        fn $memory() {
            $name(Target::Memory);
        }
        #[test]
        fn $disk() {
            $name(Target::Disk);
        }
    };
}

fn content(rel: &str) -> Change {
    Change::Content(PathBuf::from("content").join(rel))
}

both!(body_edit, body_edit_rerenders_few_pages_in_memory, body_edit_rerenders_few_pages_on_disk);
fn body_edit(target: Target) {
    let f = Fixture::small();
    let mut p = open(&f, target);
    f.write(
        "content/reports/2022/duty-report.en.md",
        "+++\ntitle = \"Duty Report 2022\"\ndate = 2023-01-15\ntopics = [\"garbage-sorting\"]\n+++\n\nOpening.\n\n## I. Duties\n\n### (1) Study\n\nStudied \\*\\* times, edited.\n\n## II. Problems\n\nGarbage sorting lagged.\n",
    );
    let a = apply_and_compare(&mut p, &f, target, content("reports/2022/duty-report.en.md"));
    assert!(a.changed.contains(&"en/reports/2022/duty-report/index.html".to_string()));
    assert!(a.rendered < 10, "re-rendered {} pages for a body edit", a.rendered);
    assert_eq!(a.model, ModelUpdate::Bodies, "a body edit keeps the model");
    assert!(!a.css_only);
}

both!(
    body_only_edits,
    body_only_edits_keep_anchors_and_summaries_in_memory,
    body_only_edits_keep_anchors_and_summaries_on_disk
);
/// Edits that keep the front matter take over the previous model: a heading
/// another page links to is still checked, and a new first paragraph still
/// reaches the lists that show it.
fn body_only_edits(target: Target) {
    let f = Fixture::small();
    let mut p = open(&f, target);
    let report = "content/reports/2022/duty-report.md";
    let front = "+++\ntitle = \"2022年度述责述廉报告\"\ndate = 2023-01-15\ntopics = [\"garbage-sorting\"]\n+++\n\n";
    let before = files_of(&p, &f, target);
    // The heading the case study links to is renamed: refused, as by a full build.
    f.write(report, format!("{front}开篇。\n\n## 二、问题\n\n垃圾分类不够。\n"));
    let err = p.apply(&[content("reports/2022/duty-report.md")]).unwrap_err();
    assert!(err.errors[0].file.ends_with("content/cases/garbage-sorting.md"), "{err}");
    assert_eq!(before, files_of(&p, &f, target), "last good build is kept");
    // A new opening paragraph (the summary in lists) and a new heading.
    f.write(
        report,
        format!("{front}新的开篇段落。\n\n## 二、存在的问题\n\n垃圾分类不够。\n\n## 三、下一步\n\n继续。\n"),
    );
    let a = apply_and_compare(&mut p, &f, target, content("reports/2022/duty-report.md"));
    assert_eq!(a.model, ModelUpdate::Bodies);
    assert!(a.changed.contains(&"reports/2022/duty-report/index.html".to_string()), "{:?}", a.changed);
    let listed = files_of(&p, &f, target);
    assert!(
        listed.values().filter(|v| String::from_utf8_lossy(v).contains("新的开篇段落")).count() > 1,
        "lists show the new summary"
    );
}

both!(alias_edit, alias_added_and_removed_in_memory, alias_added_and_removed_on_disk);
fn alias_edit(target: Target) {
    let f = Fixture::small();
    let mut p = open(&f, target);
    let page = |aliases: &str| {
        format!("+++\ntitle = \"垃圾分类\"\nyear = 2022\ntopics = [\"garbage-sorting\"]\n{aliases}+++\n\n正文。\n")
    };
    f.write("content/cases/garbage-sorting.md", page("aliases = [\"old/sorting/\"]\n"));
    let a = apply_and_compare(&mut p, &f, target, content("cases/garbage-sorting.md"));
    assert!(a.changed.contains(&"old/sorting/index.html".to_string()), "{:?}", a.changed);
    f.write("content/cases/garbage-sorting.md", page(""));
    let a = apply_and_compare(&mut p, &f, target, content("cases/garbage-sorting.md"));
    assert!(a.changed.contains(&"old/sorting/index.html".to_string()), "{:?}", a.changed);
    assert!(!files_of(&p, &f, target).contains_key("old/sorting/index.html"));
    // An alias onto another page's address is refused, as by a full build,
    // naming both sources; the last good output stays.
    let before = files_of(&p, &f, target);
    f.write("content/cases/garbage-sorting.md", page("aliases = [\"reports/2022/duty-report/\"]\n"));
    let err = p.apply(&[content("cases/garbage-sorting.md")]).unwrap_err().to_string();
    assert!(err.contains("garbage-sorting.md") && err.contains("duty-report.md"), "{err}");
    assert_eq!(before, files_of(&p, &f, target));
}

both!(title_edit, title_edit_updates_lists_in_memory, title_edit_updates_lists_on_disk);
fn title_edit(target: Target) {
    let f = Fixture::small();
    let mut p = open(&f, target);
    f.write(
        "content/cases/garbage-sorting.md",
        "+++\ntitle = \"新标题\"\ndate = 2023-02-01\nyear = 2022\ntopics = [\"garbage-sorting\"]\n+++\n\n正文。\n",
    );
    let a = apply_and_compare(&mut p, &f, target, content("cases/garbage-sorting.md"));
    assert_eq!(a.model, ModelUpdate::Retitled, "a title edit takes the model over");
    assert!(a.changed.contains(&"index.html".to_string()), "home lists the case study");
    assert!(String::from_utf8_lossy(&files_of(&p, &f, target)["topics/garbage-sorting/index.html"]).contains("新标题"));
}

both!(
    series_title_edit,
    report_title_edits_reach_every_page_that_shows_it_in_memory,
    report_title_edits_reach_every_page_that_shows_it_on_disk
);
/// A report's title shows beyond the lists: on its series neighbours
/// (previous / next), on the commitments pages and topic entries of its
/// series, and on the case studies whose "mentioned in" it is. A title-only
/// edit renders only the lists that show the page, and every one of them.
fn series_title_edit(target: Target) {
    let f = Fixture::small();
    f.write("site.toml", format!("{SITE_TOML}\n[topics.credit]\nname = {{ zh = \"信用\", en = \"Credit\" }}\n"));
    f.write(
        "content/reports/2021/duty-report.md",
        "+++\ntitle = \"2021年度述责述廉报告\"\ndate = 2022-01-15\ntopics = [\"garbage-sorting\"]\n+++\n\n开篇。\n\n## 三、下一步工作\n\n一是推进垃圾分类全覆盖。\n\n二是完善考核机制。\n",
    );
    f.write("content/cases/other.md", "+++\ntitle = \"其他案例\"\nyear = 2021\ntopics = [\"credit\"]\n+++\n\n正文。\n");
    // Of the same date: the title orders the two reports in lists and mentions.
    f.write(
        "content/reports/2021/other-report.md",
        "+++\ntitle = \"2021年度综合报告\"\ndate = 2022-01-15\ntopics = [\"garbage-sorting\"]\n+++\n\n## 一、垃圾分类\n\n推进垃圾分类。\n",
    );
    let mut p = open(&f, target);
    let report = |title: &str| {
        format!(
            "+++\ntitle = \"{title}\"\ndate = 2022-01-15\ntopics = [\"garbage-sorting\"]\n+++\n\n开篇。\n\n## 三、下一步工作\n\n一是推进垃圾分类全覆盖。\n\n二是完善考核机制。\n"
        )
    };
    f.write("content/reports/2021/duty-report.md", report("二〇二一年度报告"));
    let a = apply_and_compare(&mut p, &f, target, content("reports/2021/duty-report.md"));
    assert_eq!(a.model, ModelUpdate::Retitled, "a title edit takes the model over");
    let files = files_of(&p, &f, target);
    let shows = |path: &str| String::from_utf8_lossy(&files[path]).contains("二〇二一年度报告");
    assert!(shows("reports/2022/duty-report/index.html"), "the next report names its predecessor");
    assert!(shows("years/2021/index.html") && shows("topics/garbage-sorting/index.html"));
    assert!(!a.changed.iter().any(|c| c.starts_with("topics/credit/")), "{:?}", a.changed);
    // A second title edit, after the first: nothing is left from either,
    // and the report now comes before the other one of its date.
    let lists = ["topics/garbage-sorting/index.html", "years/2021/index.html", "reports/2021/index.html"];
    let before = |files: &BTreeMap<String, Vec<u8>>, list: &str, a: &str, b: &str| {
        let text = String::from_utf8_lossy(&files[list]).to_string();
        text.find(a).expect("listed") < text.find(b).expect("listed")
    };
    for list in lists {
        assert!(before(&files, list, "2021年度综合报告", "二〇二一年度报告"), "{list}");
    }
    f.write("content/reports/2021/duty-report.md", report("2021年度报告（修订）"));
    apply_and_compare(&mut p, &f, target, content("reports/2021/duty-report.md"));
    let files = files_of(&p, &f, target);
    for list in lists {
        assert!(before(&files, list, "2021年度报告（修订）", "2021年度综合报告"), "{list}");
    }
    // A new title and a new commitment at once: the commitments follow.
    f.write(
        "content/reports/2021/duty-report.md",
        report("2021年度报告").replace("二是完善考核机制。", "二是完善考核机制。\n\n三是建设智慧停车平台。"),
    );
    let a = apply_and_compare(&mut p, &f, target, content("reports/2021/duty-report.md"));
    assert_eq!(a.model, ModelUpdate::Retitled);
    assert!(
        String::from_utf8_lossy(&files_of(&p, &f, target)["reports/2021/duty-report/commitments/index.html"])
            .contains("智慧停车")
    );
    // A case study in no series: its retitling renders its own lists only;
    // a new date may move it in any list, so every list renders.
    let case =
        |front: &str| format!("+++\ntitle = \"其他案例\"\nyear = 2021\ntopics = [\"credit\"]\n{front}+++\n\n正文。\n");
    f.write("content/cases/other.md", case("summary = \"新的摘要\"\n"));
    let words = apply_and_compare(&mut p, &f, target, content("cases/other.md"));
    assert_eq!(words.model, ModelUpdate::Bodies, "a summary orders nothing");
    let files = files_of(&p, &f, target);
    for list in ["topics/credit/index.html", "years/2021/index.html"] {
        let shown = files.get(list).map(|b| String::from_utf8_lossy(b).contains("新的摘要"));
        assert_eq!(shown, Some(true), "{list} in {:?}", files.keys().collect::<Vec<_>>());
    }
    f.write("content/cases/other.md", case("summary = \"新的摘要\"\ndate = 2021-06-01\n"));
    let places = apply_and_compare(&mut p, &f, target, content("cases/other.md"));
    assert_eq!(places.model, ModelUpdate::Assembled);
    assert!(words.rendered + 5 < places.rendered, "{} against {}", words.rendered, places.rendered);
}

both!(add_delete_rename, add_delete_and_rename_pages_in_memory, add_delete_and_rename_pages_on_disk);
fn add_delete_rename(target: Target) {
    let f = Fixture::small();
    let mut p = open(&f, target);
    f.write("content/cases/new-case.md", "+++\ntitle = \"新案例\"\nyear = 2022\n+++\n\n新。\n");
    apply_and_compare(&mut p, &f, target, content("cases/new-case.md"));
    assert!(files_of(&p, &f, target).contains_key("cases/new-case/index.html"));
    f.remove("content/cases/new-case.md");
    let a = apply_and_compare(&mut p, &f, target, content("cases/new-case.md"));
    assert!(!files_of(&p, &f, target).contains_key("cases/new-case/index.html"));
    assert!(a.changed.contains(&"cases/new-case/index.html".to_string()));
    std::fs::rename(f.root().join("content/cases/garbage-sorting.md"), f.root().join("content/cases/sorting.md"))
        .unwrap();
    p.apply(&[content("cases/garbage-sorting.md")]).unwrap();
    apply_and_compare(&mut p, &f, target, content("cases/sorting.md"));
}

both!(template_static_config, template_static_and_config_in_memory, template_static_and_config_on_disk);
fn template_static_config(target: Target) {
    let f = Fixture::small();
    let mut p = open(&f, target);
    f.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<p class=\"custom\">{{ page.title }}</p>{% endblock main %}",
    );
    apply_and_compare(&mut p, &f, target, Change::Template(PathBuf::from("templates/page.html")));
    assert!(
        String::from_utf8_lossy(&files_of(&p, &f, target)["reports/2022/duty-report/index.html"])
            .contains("class=\"custom\"")
    );
    // A shared fragment of the chrome: every page shows the new footer.
    f.write("templates/shared/footer.html", "<footer class=\"site-footer mine\">{{ lang.code }}</footer>\n");
    apply_and_compare(&mut p, &f, target, Change::Template(PathBuf::from("templates/shared/footer.html")));
    for page in ["index.html", "en/search/index.html", "reports/2022/duty-report/index.html"] {
        let html = String::from_utf8_lossy(&files_of(&p, &f, target)[page]).into_owned();
        assert!(
            html.contains("<footer class=\"site-footer mine\">") && html.ends_with("</footer>\n</body>\n</html>\n"),
            "{page}: {html}"
        );
    }
    f.write("static/style.css", "body { color: red }");
    let a = apply_and_compare(&mut p, &f, target, Change::Static(PathBuf::from("static/style.css")));
    assert!(a.css_only, "{:?}", a.changed);
    f.write("site.toml", SITE_TOML.replace("测试站点", "改名站点"));
    apply_and_compare(&mut p, &f, target, Change::Config);
}

both!(broken_edit, broken_edit_keeps_last_good_output_in_memory, broken_edit_keeps_last_good_output_on_disk);
fn broken_edit(target: Target) {
    let f = Fixture::small();
    let mut p = open(&f, target);
    let before = files_of(&p, &f, target);
    f.write("content/reports/2022/duty-report.md", "+++\ntitle = \"x\n+++\n");
    let err = p.apply(&[content("reports/2022/duty-report.md")]).unwrap_err();
    assert_eq!(err.errors[0].line, Some(2));
    assert!(err.errors[0].file.ends_with("content/reports/2022/duty-report.md"));
    assert_eq!(before, files_of(&p, &f, target), "last good build is kept");
    // Fixed, keeping the heading the case study links to.
    f.write(
        "content/reports/2022/duty-report.md",
        "+++\ntitle = \"修好了\"\ndate = 2023-01-15\n+++\n\n好了。\n\n## 二、存在的问题\n\n不足。\n",
    );
    apply_and_compare(&mut p, &f, target, content("reports/2022/duty-report.md"));
}

both!(assets_and_archive, bundle_assets_and_archive_in_memory, bundle_assets_and_archive_on_disk);
fn assets_and_archive(target: Target) {
    let f = Fixture::small();
    let mut p = open(&f, target);
    f.write("content/cases/bundle/index.md", "+++\ntitle = \"带图案例\"\nyear = 2022\n+++\n\n![图](chart.png)\n");
    f.write("content/cases/bundle/chart.png", b"\x89PNG not really");
    p.apply(&[content("cases/bundle/index.md")]).unwrap();
    apply_and_compare(&mut p, &f, target, content("cases/bundle/chart.png"));
    assert!(files_of(&p, &f, target).contains_key("cases/bundle/chart.png"));
    // A removed asset leaves the output too (a bundle's asset lives beside its page).
    f.remove("content/cases/bundle/chart.png");
    let a = apply_and_compare(&mut p, &f, target, content("cases/bundle/chart.png"));
    assert!(a.changed.contains(&"cases/bundle/chart.png".to_string()), "{:?}", a.changed);
    // A snapshot appearing in the archive folder is published and listed.
    f.write("archive/2021/index.html", "<p>2021</p>");
    f.write("archive/2021/MANIFEST.sha256", "0000  index.html\n");
    f.write("archive/2021/snapshot.toml", "year = 2021\ndate = \"2022-01-05\"\n");
    apply_and_compare(&mut p, &f, target, Change::Archive(PathBuf::from("archive/2021/index.html")));
    assert!(files_of(&p, &f, target).contains_key("archive/2021/index.html"));
}

#[test]
fn snapshot_builds_do_not_publish_snapshots() {
    // A live rebuild of a snapshot build must not list the archive folder's
    // snapshots either: the load stage reads them once, for both.
    let f = Fixture::small();
    f.write("archive/2021/index.html", "<p>2021</p>");
    f.write("archive/2021/MANIFEST.sha256", "0000  index.html\n");
    let info = annals::render::SnapshotInfo {
        year: 2022,
        date: "2023-01-01".into(),
        date_display: "2023-01-01".into(),
        live_url: None,
    };
    let o = BuildOptions { snapshot: Some(info), index_links: true, ..opts(&f) };
    let mut p = Project::open(o.clone()).unwrap();
    f.write(
        "content/reports/2022/duty-report.md",
        "+++\ntitle = \"改\"\ndate = 2023-01-15\n+++\n\n改。\n\n## 二、存在的问题\n\n不足。\n",
    );
    p.apply(&[content("reports/2022/duty-report.md")]).unwrap();
    p.update_search().unwrap();
    let full = build(&o, &|_, _| {}).unwrap().output.files;
    assert!(!full.contains_key("archive/2021/index.html"));
    assert_eq!(full, p.output().unpack().files);
}

/// Every file under a folder with its bytes, or `None` while a writer is busy
/// there (a file vanished between listing and reading).
fn tree(dir: &std::path::Path) -> Option<Vec<(String, Vec<u8>)>> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.ok()?;
        if e.file_type().is_file() {
            let rel = e.path().strip_prefix(dir).ok()?.to_string_lossy().to_string();
            out.push((rel, std::fs::read(e.path()).ok()?));
        }
    }
    Some(out)
}

/// `annals build --watch` itself: after each edit the output folder becomes
/// exactly what a full build of the same files gives.
#[test]
fn build_watch_output_equals_full_build() {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    struct Killed(std::process::Child);
    impl Drop for Killed {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let f = Fixture::small();
    let logs = tempfile::tempdir().unwrap();
    let log = logs.path().join("watch.log");
    let _watcher = Killed(
        Command::new(BIN)
            .args(["build", "--watch"])
            .current_dir(f.root())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("start annals build --watch"),
    );
    let wait = |what: &str, ok: &dyn Fn() -> bool| {
        let deadline = Instant::now() + Duration::from_secs(60);
        while !ok() {
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}\n{}",
                std::fs::read_to_string(&log).unwrap()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    wait("the watcher", &|| std::fs::read_to_string(&log).is_ok_and(|l| l.contains("Watching ")));
    let full = tempfile::tempdir().unwrap();
    let same_as_full_build = |what: &str| {
        let out = f.run(&["build", "--quiet", "--output", full.path().to_str().unwrap()]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let expected = Some(snapshot_tree(full.path()));
        wait(what, &|| tree(&f.root().join("output")) == expected);
    };
    same_as_full_build("the first build");
    f.write(
        "content/reports/2022/duty-report.md",
        "+++\ntitle = \"2022年度述责述廉报告\"\ndate = 2023-01-15\n+++\n\n改了。\n\n## 二、存在的问题\n\n不足。\n",
    );
    same_as_full_build("a body edit");
    f.write(
        "content/cases/new-case.md",
        "+++\ntitle = \"新案例\"\nyear = 2022\ntopics = [\"garbage-sorting\"]\n+++\n\n新。\n",
    );
    same_as_full_build("a new page");
    f.remove("content/cases/garbage-sorting.md");
    same_as_full_build("a deleted page");
    f.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<p>{{ page.title }}</p>{% endblock main %}",
    );
    same_as_full_build("a template edit");
    let log = std::fs::read_to_string(&log).unwrap();
    assert!(log.contains("rebuilt in"), "{log}");
    assert!(!log.contains("error"), "{log}");
}
