//! Hostile and careless input: nothing outside the output folder is ever
//! created, changed or deleted, whatever the content, configuration or options.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::fixture::{BIN, Fixture, SITE_TOML, XorShift, snapshot_tree};

/// Every file under `dir` except the build's own folders, with its bytes.
fn inputs_of(dir: &Path) -> Vec<(String, Vec<u8>)> {
    snapshot_tree(dir)
        .into_iter()
        .filter(|(rel, _)| {
            let first = rel.split('/').next().unwrap_or("");
            !(first == "output" || first == "archive" || first.starts_with(".output."))
        })
        .collect()
}

fn run_in(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(BIN).args(args).current_dir(dir).output().expect("run annals")
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Exit status 0 or 1, never a panic (101) or a signal.
fn assert_clean_exit(out: &std::process::Output, what: &str) {
    let code = out.status.code();
    assert!(code == Some(0) || code == Some(1), "{what}: exit {code:?}\n{}", stderr(out));
}

/// Waits for a condition with a deadline (no fixed sleeps).
fn wait_until(what: &str, mut cond: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !cond() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Pieces of hostile names: traversal, separators, escapes, control
/// characters, look-alikes of `.` and `/`, names of generated files.
const HOSTILE: &[&str] = &[
    "..",
    ".",
    "/",
    "\\",
    "%",
    "%2e%2e",
    "%2F",
    "\0",
    "\n",
    "\r",
    "\u{c}",
    "\u{1b}",
    "#",
    "?",
    " ",
    "．．",
    "∕",
    "⁄",
    "\u{2024}\u{2024}",
    "a",
    "b",
    "-",
    "index.html",
    "style.css",
    "~",
    "$HOME",
    "tmp",
    "annals-pwn",
    "C:",
    "垃圾分类",
    "\u{202e}",
    "",
];

fn hostile_name(rng: &mut XorShift) -> String {
    let n = 1 + rng.below(4);
    (0..n).map(|_| HOSTILE[rng.below(HOSTILE.len())]).collect()
}

fn toml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Property: topics, slugs, aliases, file names and config topic keys drawn
/// from hostile alphabets either build (every written file inside the output)
/// or fail with exit 1 naming a file — and no file outside the output (the
/// site's inputs, a sibling folder, /tmp) is created, changed or deleted.
#[test]
fn hostile_names_never_write_outside_the_output() {
    let mut rng = XorShift(0x2545_F491_4F6C_DD1D);
    let canary = Path::new("/tmp/annals-pwn");
    for round in 0..36 {
        let top = tempfile::tempdir().unwrap();
        let root = top.path().join("site");
        let outside = top.path().join("outside");
        std::fs::create_dir_all(outside.join("deep")).unwrap();
        std::fs::write(outside.join("index.html"), "precious").unwrap();
        std::fs::write(outside.join("deep/style.css"), "precious").unwrap();
        std::fs::create_dir_all(root.join("content")).unwrap();
        let topic = hostile_name(&mut rng);
        let slug = hostile_name(&mut rng);
        let alias = format!("{}/{}", hostile_name(&mut rng), hostile_name(&mut rng));
        let depth = "../".repeat(rng.below(14));
        let what = match round % 4 {
            0 => format!("topics = [{}]", toml_str(&topic)),
            1 => format!("slug = {}", toml_str(&slug)),
            2 => format!("aliases = [{}]", toml_str(&alias)),
            _ => format!("topics = [{}]", toml_str(&format!("{depth}tmp/annals-pwn"))),
        };
        let config_topic =
            if round % 5 == 0 { format!("\n[topics.{}]\nkeywords = []\n", toml_str(&topic)) } else { String::new() };
        std::fs::write(root.join("site.toml"), format!("{SITE_TOML}{config_topic}")).unwrap();
        let page = format!("+++\ntitle = \"t\"\ndate = 2022-01-01\n{what}\n+++\n\n正文。\n");
        std::fs::create_dir_all(root.join("content/reports/2022")).unwrap();
        std::fs::write(root.join("content/reports/2022/p.md"), &page).unwrap();
        // A content file named by the generator, when the file system allows it.
        let file_name = hostile_name(&mut rng);
        let asset_ok = std::fs::write(root.join("content/reports").join(format!("{file_name}.md")), &page).is_ok();
        let before = inputs_of(&root);
        let before_outside = snapshot_tree(&outside);
        for args in [&["build", "--quiet"][..], &["snapshot", "2022", "--date", "2023-01-01"][..]] {
            let out = run_in(&root, args);
            let context = format!("round {round}: {args:?} with {what:?}, file {file_name:?} ({asset_ok})");
            assert_clean_exit(&out, &context);
            if !out.status.success() {
                let err = stderr(&out);
                assert!(err.contains("content/") || err.contains("site.toml"), "{context}: error names no file: {err}");
            }
        }
        assert_eq!(inputs_of(&root), before, "round {round}: a site input changed ({what})");
        assert_eq!(snapshot_tree(&outside), before_outside, "round {round}: a file outside changed ({what})");
        assert!(!canary.exists(), "round {round}: wrote {} ({what})", canary.display());
        for dir in [root.join("output"), root.join("archive")] {
            if dir.exists() {
                for e in walkdir::WalkDir::new(&dir) {
                    let e = e.unwrap();
                    assert!(!e.path_is_symlink(), "{}", e.path().display());
                }
            }
        }
        if root.join("output").exists() {
            assert!(root.join("output/index.html").is_file(), "round {round}: home page replaced or missing");
        }
    }
}

#[test]
fn traversal_topics_are_errors_with_file_and_line() {
    for topic in ["..", "../../tmp/pwn", "../../../../../../../../tmp/annals-pwn", "a/b", ".", "", "x\ny"] {
        let f = Fixture::small();
        f.build();
        let home = f.read("index.html");
        f.write(
            "content/cases/bad.md",
            format!("+++\ntitle = \"坏\"\nyear = 2022\ntopics = [{}]\n+++\n\n正文。\n", toml_str(topic)),
        );
        let err = f.build_err();
        assert!(err.contains("content/cases/bad.md:4:") && err.contains("invalid topic"), "{topic:?}: {err}");
        assert_eq!(f.read("index.html"), home, "failed build changed the output");
        let snap = f.run(&["snapshot", "2022", "--date", "2023-01-01"]);
        assert_eq!(snap.status.code(), Some(1), "{topic:?}");
        assert!(stderr(&snap).contains("content/cases/bad.md:4:"), "{}", stderr(&snap));
        assert!(!f.root().join("archive/2022").exists());
        assert!(!Path::new("/tmp/pwn/index.html").exists() || topic != "../../tmp/pwn");
    }
    let f = Fixture::small();
    f.write("site.toml", format!("{SITE_TOML}\n[topics.\"../x\"]\nkeywords = []\n"));
    let err = f.build_err();
    assert!(err.contains("site.toml") && err.contains("invalid topic"), "{err}");
}

#[test]
fn two_producers_of_one_path_are_an_error_naming_both() {
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "content/cases/old.md",
            "+++\ntitle = \"旧\"\nyear = 2022\naliases = [\"/reports/2022/duty-report/\"]\n+++\n正文。\n",
            "content/cases/old.md",
            "content/reports/2022/duty-report.md",
        ),
        (
            "content/cases/home.md",
            "+++\ntitle = \"x\"\naliases = [\"index.html\"]\n+++\n正文。\n",
            "content/cases/home.md",
            "content/_index.md",
        ),
        ("static/index.html", "<p>mine</p>", "static/index.html", "content/_index.md"),
        ("content/index.html", "<p>mine</p>", "content/index.html", "content/_index.md"),
        ("content/style.css", "body{}", "content/style.css", "static file style.css"),
        (
            "content/topics/garbage-sorting.md",
            "+++\ntitle = \"x\"\n+++\n正文。\n",
            "content/topics/garbage-sorting.md",
            "topic `garbage-sorting`",
        ),
        ("content/search/_index.md", "+++\ntitle = \"x\"\n+++\n", "content/search/_index.md", "search page"),
        ("content/sitemap.xml", "<x/>", "content/sitemap.xml", "sitemap"),
    ];
    for (file, text, first, second) in cases {
        let f = Fixture::small();
        f.build();
        let before = snapshot_tree(&f.root().join("output"));
        f.write(file, text);
        let err = f.build_err();
        assert!(err.contains(first) && err.contains(second) && err.contains("two sources"), "{file}: {err}");
        assert_eq!(snapshot_tree(&f.root().join("output")), before, "{file}: output changed");
    }
}

#[test]
fn names_with_url_characters_are_percent_encoded() {
    let f = Fixture::small();
    let names = ["a#b", "c?d", "100%", "with space", "q'uote", "年度 报告"];
    f.write("content/cases/_index.md", "+++\ntitle = \"案例\"\n+++\n");
    for n in names {
        f.write(&format!("content/cases/{n}.md"), format!("+++\ntitle = \"T {n}\"\nyear = 2022\n+++\n正文。\n"));
    }
    f.write(
        "content/cases/links.md",
        "+++\ntitle = \"links\"\nyear = 2022\n+++\n[x](@/cases/a%23b.md) [y](@/cases/100%25.md)\n",
    );
    f.build();
    let out = f.root().join("output");
    // Every relative link of the case section and of the home page leads to a file.
    for page in ["cases/index.html", "index.html", "cases/links/index.html"] {
        let html = f.read(page);
        let dir = out.join(page).parent().unwrap().to_path_buf();
        let mut checked = 0;
        for n in names {
            let enc = annals::output::path::encode_path(&format!("cases/{n}/"));
            if let Some(i) = html.find(&format!("{enc}\"")) {
                let start = html[..i].rfind('"').unwrap() + 1;
                let href = &html[start..i + enc.len()];
                let decoded = percent_encoding::percent_decode_str(href).decode_utf8().unwrap();
                assert!(dir.join(decoded.as_ref()).join("index.html").is_file(), "{page}: {href}");
                assert!(!href.contains(['#', '?', ' ']) && !href.contains("%."), "{page}: {href}");
                checked += 1;
            }
        }
        assert!(checked > 0 || page.starts_with("cases/links"), "{page}: no link found");
    }
    assert!(
        f.read("cases/links/index.html").contains("href=\"../../cases/a%23b/\""),
        "{}",
        f.read("cases/links/index.html")
    );
    assert!(f.read("sitemap.xml").contains("cases/with%20space/"));
    // The snapshot of such a site verifies, with annals and with sha256sum.
    let snap = f.run(&["snapshot", "2022", "--date", "2023-01-01"]);
    assert!(snap.status.success(), "{}", stderr(&snap));
    let verify = f.run(&["snapshot", "--verify"]);
    assert!(verify.status.success(), "{}", String::from_utf8_lossy(&verify.stdout));
    let sha = Command::new("sha256sum")
        .args(["-c", "--quiet", "MANIFEST.sha256"])
        .current_dir(f.root().join("archive/2022"))
        .output();
    if let Ok(sha) = sha {
        assert!(sha.status.success(), "{}", String::from_utf8_lossy(&sha.stdout));
    }
}

#[test]
fn names_a_manifest_cannot_hold_are_refused() {
    for name in ["new\nline", "tab\there", "back\\slash", "esc\u{1b}"] {
        let f = Fixture::small();
        f.build();
        let before = snapshot_tree(&f.root().join("output"));
        f.write(&format!("content/cases/{name}.md"), "+++\ntitle = \"x\"\nyear = 2022\n+++\n正文。\n");
        let err = f.build_err();
        assert!(err.contains("cannot be published"), "{name:?}: {err}");
        assert_eq!(snapshot_tree(&f.root().join("output")), before);
        let snap = f.run(&["snapshot", "2022", "--date", "2023-01-01"]);
        assert_eq!(snap.status.code(), Some(1), "{name:?}");
        // An asset too.
        f.remove(&format!("content/cases/{name}.md"));
        f.write(&format!("content/cases/{name}.pdf"), "pdf");
        assert!(f.build_err().contains("cannot be published"));
    }
}

// ---- the output folder rule ----

fn refused(f: &Fixture, args: &[&str]) -> String {
    let out = f.run(args);
    assert_eq!(out.status.code(), Some(1), "{args:?} should be refused\n{}", stderr(&out));
    stderr(&out)
}

#[test]
fn output_inside_sources_or_onto_site_files_is_refused() {
    let f = Fixture::small();
    f.write("static/extra.css", "x");
    f.write("templates/readme.txt", "x");
    f.write("archive/2021/MANIFEST.sha256", "");
    let before = inputs_of(f.root());
    for out in
        ["content", "content/reports", "static", "templates", "themes/x", "archive", "archive/2021", "site.toml", "."]
    {
        for _ in 0..2 {
            let err = refused(&f, &["build", "--quiet", "--output", out]);
            assert!(err.contains("refusing"), "{out}: {err}");
        }
    }
    f.write("site.toml", format!("output_dir = \"archive\"\n{SITE_TOML}"));
    assert!(refused(&f, &["build", "--quiet"]).contains("archive"));
    // The archive folder protected is the one site.toml names…
    f.write("site.toml", format!("archive_dir = \"data/snapshots\"\n{SITE_TOML}"));
    assert!(refused(&f, &["build", "--quiet", "--output", "data/snapshots/new"]).contains("data/snapshots"));
    // …and `archive` when site.toml cannot be read.
    f.write("site.toml", "title = \n");
    assert!(refused(&f, &["build", "--quiet", "--output", "archive/new"]).contains("inside archive"));
    f.write("site.toml", SITE_TOML);
    assert_eq!(inputs_of(f.root()), before, "a source changed");
    assert!(f.root().join("site.toml").is_file());
    assert_eq!(snapshot_tree(&f.root().join("archive")).len(), 1);
}

#[test]
fn foreign_folders_are_never_replaced() {
    let f = Fixture::small();
    let mine = f.root().join("mine");
    std::fs::create_dir_all(mine.join("sub")).unwrap();
    std::fs::write(mine.join("thesis.md"), "years of work").unwrap();
    std::fs::write(mine.join("sub/data.csv"), "1,2").unwrap();
    let before = snapshot_tree(&mine);
    for _ in 0..2 {
        let err = refused(&f, &["build", "--quiet", "--output", "mine"]);
        assert!(
            err.contains("not created by Annals") && err.contains(".annals-output") && err.contains("mine"),
            "{err}"
        );
    }
    assert_eq!(snapshot_tree(&mine), before);
    // An empty folder is fine; once built, it carries the marker and is replaced freely.
    std::fs::create_dir_all(f.root().join("empty")).unwrap();
    for _ in 0..3 {
        assert!(f.run(&["build", "--quiet", "--output", "empty"]).status.success());
    }
    assert!(f.root().join("empty/.annals-output").is_file());
    assert!(f.root().join("empty/index.html").is_file());
    // A file is not a folder.
    std::fs::write(f.root().join("notes.txt"), "x").unwrap();
    refused(&f, &["build", "--quiet", "--output", "notes.txt"]);
    assert_eq!(std::fs::read_to_string(f.root().join("notes.txt")).unwrap(), "x");
}

#[cfg(unix)]
#[test]
fn symlinked_output_is_followed_never_replaced() {
    use std::os::unix::fs::symlink;
    let f = Fixture::small();
    let top = tempfile::tempdir().unwrap();
    // A link to an empty deployment folder: published into, atomically, link kept.
    let target = top.path().join("www/annals");
    std::fs::create_dir_all(&target).unwrap();
    std::fs::write(top.path().join("www/other-site.html"), "other").unwrap();
    symlink(&target, f.root().join("output")).unwrap();
    for _ in 0..3 {
        f.build();
        assert!(std::fs::symlink_metadata(f.root().join("output")).unwrap().file_type().is_symlink());
        assert!(target.join("index.html").is_file() && target.join(".annals-output").is_file());
    }
    assert_eq!(std::fs::read_to_string(top.path().join("www/other-site.html")).unwrap(), "other");
    // A link to a folder holding other files is refused, and they stay.
    let shared = top.path().join("shared");
    std::fs::create_dir_all(&shared).unwrap();
    std::fs::write(shared.join("keep.txt"), "keep").unwrap();
    std::fs::remove_file(f.root().join("output")).unwrap();
    symlink(&shared, f.root().join("output")).unwrap();
    assert!(refused(&f, &["build", "--quiet"]).contains("not created by Annals"));
    assert_eq!(snapshot_tree(&shared), vec![("keep.txt".to_string(), b"keep".to_vec())]);
    // A link to the content folder, or to the site itself.
    for to in [f.root().join("content"), f.root().to_path_buf()] {
        std::fs::remove_file(f.root().join("output")).unwrap();
        symlink(&to, f.root().join("output")).unwrap();
        refused(&f, &["build", "--quiet"]);
    }
    // Loops and dangling links.
    std::fs::remove_file(f.root().join("output")).unwrap();
    symlink(f.root().join("loop2"), f.root().join("output")).unwrap();
    symlink(f.root().join("output"), f.root().join("loop2")).unwrap();
    assert!(refused(&f, &["build", "--quiet"]).contains("symbolic link"));
    std::fs::remove_file(f.root().join("loop2")).unwrap();
    assert!(refused(&f, &["build", "--quiet"]).contains("symbolic link"));
}

#[cfg(unix)]
#[test]
fn home_folder_is_refused_through_links() {
    use std::os::unix::fs::symlink;
    let f = Fixture::small();
    let top = tempfile::tempdir().unwrap();
    let real_home = top.path().join("real/home");
    std::fs::create_dir_all(&real_home).unwrap();
    std::fs::write(real_home.join(".bashrc"), "x").unwrap();
    symlink(&real_home, top.path().join("home")).unwrap();
    for out in [real_home.clone(), top.path().join("home"), top.path().join("real")] {
        let run = Command::new(BIN)
            .args(["build", "--quiet", "--output"])
            .arg(&out)
            .env("HOME", top.path().join("home"))
            .current_dir(f.root())
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(1), "{}", out.display());
        assert!(stderr(&run).contains("home folder"), "{}", stderr(&run));
    }
    assert_eq!(std::fs::read_to_string(real_home.join(".bashrc")).unwrap(), "x");
}

// ---- interrupted builds ----

fn big_site(pages: usize) -> Fixture {
    let f = Fixture::small();
    for i in 0..pages {
        f.write(
            &format!("content/reports/2021/p{i}.md"),
            format!(
                "+++\ntitle = \"第{i}篇\"\ndate = 2021-03-01\n+++\n\n## 一、情况\n\n{}\n",
                "工作报告正文。".repeat(200)
            ),
        );
    }
    f
}

fn tmp_folders(root: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(".output.tmp-"))
        .collect()
}

#[cfg(unix)]
#[test]
fn signals_leave_no_temporary_folder_and_the_output_intact() {
    let f = big_site(1500);
    f.build();
    let before = snapshot_tree(&f.root().join("output"));
    for signal in ["-INT", "-TERM"] {
        let mut child = Command::new(BIN)
            .args(["build", "--quiet"])
            .current_dir(f.root())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let tmp = f.root().join(format!(".output.tmp-{}", child.id()));
        wait_until("the temporary folder", || tmp.join("index.html").exists() || tmp.join("reports").exists());
        let sent = Command::new("kill").arg(signal).arg(child.id().to_string()).status().unwrap();
        assert!(sent.success());
        let status = child.wait().unwrap();
        if status.success() {
            // The build won the race; nothing to check this time.
            continue;
        }
        assert_eq!(status.code(), Some(130), "{signal}");
        assert!(!tmp.exists(), "{signal}: {} left behind", tmp.display());
        assert_eq!(snapshot_tree(&f.root().join("output")), before, "{signal}: output damaged");
    }
}

#[cfg(unix)]
#[test]
fn stale_temporary_folders_of_dead_processes_are_removed() {
    let f = Fixture::small();
    f.build();
    // A pid that cannot be running (above the kernel's pid limit).
    let dead = f.root().join(".output.tmp-99999999");
    std::fs::create_dir_all(dead.join("reports")).unwrap();
    std::fs::write(dead.join(".annals-output"), "").unwrap();
    std::fs::write(dead.join("reports/big.html"), vec![b'x'; 100_000]).unwrap();
    let old = f.root().join(".output.old-99999998");
    std::fs::create_dir_all(&old).unwrap();
    std::fs::write(old.join(".annals-output"), "").unwrap();
    // Same name pattern, but not ours (no marker): kept.
    let foreign = f.root().join(".output.tmp-99999997");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("mine.txt"), "mine").unwrap();
    f.build();
    wait_until("stale folders removed", || !dead.exists() && !old.exists());
    assert_eq!(std::fs::read_to_string(foreign.join("mine.txt")).unwrap(), "mine");
    assert!(tmp_folders(f.root()).iter().all(|p| *p == foreign));
}

#[cfg(unix)]
#[test]
fn spare_folder_links_are_not_written_through() {
    use std::os::unix::fs::symlink;
    let f = Fixture::small();
    f.build();
    f.build(); // now .output.spare exists
    let spare = f.root().join(".output.spare");
    assert!(spare.join(".annals-output").is_file());
    let victim = tempfile::tempdir().unwrap();
    std::fs::write(victim.path().join("index.html"), "victim").unwrap();
    std::fs::remove_dir_all(spare.join("cases")).unwrap();
    symlink(victim.path(), spare.join("cases")).unwrap();
    f.build();
    assert_eq!(std::fs::read_to_string(victim.path().join("index.html")).unwrap(), "victim");
    assert_eq!(snapshot_tree(victim.path()).len(), 1);
    assert!(f.exists("cases/garbage-sorting/index.html"));
}

/// Files and folders (empty ones too) under `dir`, relative, sorted.
fn tree_entries(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("walk").path().strip_prefix(dir).expect("prefix").to_string_lossy().to_string())
        .collect()
}

#[test]
fn a_reused_spare_folder_ends_as_a_fresh_build() {
    let f = Fixture::small();
    f.write("content/cases/leaving.md", "+++\ntitle = \"将删除的案例\"\ndate = 2023-03-01\n+++\n正文。\n");
    f.build();
    f.build(); // .output.spare now holds the first build
    let spare = f.root().join(".output.spare");
    assert!(spare.join("cases/leaving/index.html").is_file());
    // What a spare may hold that the next build does not write, or holds in
    // the way: a stray file, empty folders, a folder where a file goes and a
    // file where a folder goes.
    std::fs::write(spare.join("stray.txt"), "stray").unwrap();
    std::fs::create_dir_all(spare.join("empty/deeper")).unwrap();
    std::fs::remove_file(spare.join("cases/garbage-sorting/index.html")).unwrap();
    std::fs::create_dir_all(spare.join("cases/garbage-sorting/index.html/inner")).unwrap();
    std::fs::write(spare.join("cases/garbage-sorting/index.html/inner/x.txt"), "x").unwrap();
    std::fs::remove_dir_all(spare.join("reports/2022")).unwrap();
    std::fs::write(spare.join("reports/2022"), "a file where a folder goes").unwrap();
    f.remove("content/cases/leaving.md");
    f.build();
    // Reused: the spare now holds the second build, not the planted one.
    assert!(spare.join(".annals-output").is_file() && !spare.join("stray.txt").exists());
    let out = f.run(&["build", "--quiet", "--output", "fresh"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (reused, fresh) = (f.root().join("output"), f.root().join("fresh"));
    assert!(!f.exists("cases/leaving") && !f.exists("stray.txt") && !f.exists("empty"));
    assert_eq!(tree_entries(&reused), tree_entries(&fresh));
    assert!(snapshot_tree(&reused) == snapshot_tree(&fresh), "same bytes as a fresh build");
}

/// A fixture built twice, so that `.output.spare` holds the first build.
fn with_spare() -> (Fixture, std::path::PathBuf) {
    let f = Fixture::small();
    f.build();
    f.build();
    let spare = f.root().join(".output.spare");
    (f, spare)
}

/// The output holds the same bytes as a build into a new folder.
fn assert_same_as_fresh(f: &Fixture) {
    let fresh = f.run(&["build", "--quiet", "--output", "fresh"]);
    assert!(fresh.status.success(), "{}", String::from_utf8_lossy(&fresh.stderr));
    assert!(
        snapshot_tree(&f.root().join("output")) == snapshot_tree(&f.root().join("fresh")),
        "same bytes as a fresh build"
    );
}

/// Every file of the spare folder, with its modification time set far back.
fn age_spare(spare: &std::path::Path) -> usize {
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(978_307_200); // 2001
    let mut n = 0;
    for e in walkdir::WalkDir::new(spare).into_iter().map(|e| e.unwrap()) {
        if e.file_type().is_file() {
            std::fs::File::options().write(true).open(e.path()).unwrap().set_modified(old).unwrap();
            n += 1;
        }
    }
    n
}

#[test]
fn a_rebuild_marks_every_file_new_even_where_the_bytes_were_there() {
    let (f, spare) = with_spare();
    assert!(age_spare(&spare) > 20);
    f.write("content/cases/new-one.md", "+++\ntitle = \"新增案例\"\ndate = 2023-04-01\n+++\n正文。\n");
    f.build();
    let year_2020 = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_577_836_800);
    let out = f.root().join("output");
    for (rel, _) in snapshot_tree(&out) {
        let modified = std::fs::metadata(out.join(&rel)).unwrap().modified().unwrap();
        assert!(modified > year_2020, "{rel} kept the spare's modification time");
    }
    assert_same_as_fresh(&f);
}

#[cfg(unix)]
#[test]
fn a_named_pipe_in_the_spare_folder_neither_blocks_nor_survives() {
    let (f, spare) = with_spare();
    // Where the home page goes, and where nothing does.
    for rel in ["index.html", "stray-pipe"] {
        let _ = std::fs::remove_file(spare.join(rel));
        let made = std::process::Command::new("mkfifo").arg(spare.join(rel)).status().unwrap();
        assert!(made.success());
    }
    f.build();
    assert!(std::fs::metadata(f.root().join("output/index.html")).unwrap().is_file());
    assert!(!f.exists("stray-pipe"));
    assert_same_as_fresh(&f);
}

#[cfg(unix)]
#[test]
fn files_hard_linked_from_a_backup_are_replaced_not_rewritten() {
    use std::os::unix::fs::MetadataExt;
    let (f, spare) = with_spare();
    // An archivist's backup of the published site made with `cp -al`: it
    // shares every file with what is now the spare folder.
    let backup = f.root().join("backup");
    for e in walkdir::WalkDir::new(&spare).into_iter().map(|e| e.unwrap()) {
        let to = backup.join(e.path().strip_prefix(&spare).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::hard_link(e.path(), &to).unwrap();
        }
    }
    age_spare(&spare);
    let before = snapshot_tree(&backup);
    let old_times: Vec<_> =
        before.iter().map(|(rel, _)| std::fs::metadata(backup.join(rel)).unwrap().modified().unwrap()).collect();
    f.write("content/cases/new-one.md", "+++\ntitle = \"新增案例\"\ndate = 2023-04-01\n+++\n正文。\n");
    f.build();
    assert!(f.read("index.html").contains("新增案例"), "the home page changed");
    assert!(snapshot_tree(&backup) == before, "the backup's bytes are untouched");
    for ((rel, _), old) in before.iter().zip(old_times) {
        let meta = std::fs::metadata(backup.join(rel)).unwrap();
        assert_eq!(meta.modified().unwrap(), old, "{rel}: the backup's time is untouched");
        assert_eq!(meta.nlink(), 1, "{rel} is no longer shared with the output");
    }
}

// ---- bytes that are not text ----

#[test]
fn nul_ridden_files_are_refused_naming_the_file() {
    let f = Fixture::small();
    f.build();
    let utf16: Vec<u8> = "+++\ntitle = \"x\"\n+++\n正文\n".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    f.write("content/cases/utf16.md", utf16);
    let err = f.build_err();
    assert!(err.contains("content/cases/utf16.md") && err.contains("NUL"), "{err}");
    f.write("content/cases/utf16.md", b"+++\ntitle = \"x\"\n+++\nok\n\0\0\0");
    assert!(f.build_err().contains("content/cases/utf16.md:5:"));
}

#[test]
fn control_characters_never_reach_html_or_xml() {
    let f = Fixture::small();
    f.write(
        "content/cases/ctl.md",
        "+++\ntitle = \"标题\\u001b[31m\\u000c\"\nyear = 2022\nsummary = \"摘要\\u0007\\u0001\"\n+++\n\n正文\u{c}分页\u{1b}[0m，\u{b}结束。\n\n## 小节\u{8}\n",
    );
    f.build();
    let forbidden = |c: char| (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r');
    let mut checked = 0;
    for (rel, bytes) in snapshot_tree(&f.root().join("output")) {
        if rel.ends_with(".html") || rel.ends_with(".xml") {
            let text = String::from_utf8(bytes).unwrap();
            assert!(!text.chars().any(forbidden), "{rel} holds a control character");
            checked += 1;
        }
    }
    assert!(checked > 10);
    assert!(f.read("atom.xml").contains("标题[31m"));
    assert!(f.read("cases/ctl/index.html").contains("正文分页"));
}

// ---- import is atomic ----

/// Mounts a small tmpfs (needs root); `None` with a visible message otherwise.
fn small_fs(kb: usize) -> Option<(tempfile::TempDir, Unmount)> {
    let dir = tempfile::tempdir().unwrap();
    let ok = Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={kb}k"), "tmpfs"])
        .arg(dir.path())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        eprintln!(
            "SKIPPED import_on_a_full_disk: cannot mount a tmpfs (needs root); the full-disk case is not tested here"
        );
        return None;
    }
    let path = dir.path().to_path_buf();
    Some((dir, Unmount(path)))
}

struct Unmount(PathBuf);
impl Drop for Unmount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

fn fill(dir: &Path) {
    use std::io::Write;
    let mut file = std::fs::File::create(dir.join("filler")).unwrap();
    let block = vec![b'x'; 4096];
    while file.write_all(&block).is_ok() {}
    let _ = file.sync_all();
}

#[test]
fn import_on_a_full_disk_changes_nothing() {
    let Some((mnt, _unmount)) = small_fs(256) else {
        return;
    };
    let root = mnt.path().join("site");
    std::fs::create_dir_all(root.join("content/reports/2022")).unwrap();
    std::fs::write(root.join("site.toml"), SITE_TOML).unwrap();
    let original = "+++\ntitle = \"编辑改过的报告\"\n+++\n\n编辑花了一周修改的正文。\n";
    let page = root.join("content/reports/2022/duty-report.md");
    std::fs::write(&page, original).unwrap();
    let text = tempfile::NamedTempFile::new().unwrap();
    let body: String =
        (0..400).map(|i| format!("一、第{i}项工作\n这一项工作做得很好，取得了明显成效，群众满意。\n")).collect();
    std::fs::write(text.path(), format!("2022年度述责述廉报告\n\n{body}")).unwrap();
    fill(mnt.path());
    let src = text.path().to_str().unwrap();
    let cases: [&[&str]; 3] = [
        &["import", "--slug", "duty-report", "--year", "2022", "--force", src],
        &["import", "--slug", "new-page", "--year", "2022", src],
        &["import", "--slug", "other", "--year", "2023", src],
    ];
    let before = snapshot_tree(&root);
    for args in cases {
        let out = run_in(&root, args);
        assert_eq!(out.status.code(), Some(1), "{args:?} should fail on a full disk\n{}", stderr(&out));
        assert!(stderr(&out).contains("nothing was imported"), "{}", stderr(&out));
        assert_eq!(std::fs::read_to_string(&page).unwrap(), original, "{args:?}: the original page changed");
        assert_eq!(snapshot_tree(&root), before, "{args:?}: the site changed");
    }
    // With room again, the same import works and replaces the page whole.
    std::fs::remove_file(mnt.path().join("filler")).unwrap();
    let out = run_in(&root, cases[0]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read_to_string(&page).unwrap().contains("第399项工作"));
    let names: Vec<String> = std::fs::read_dir(page.parent().unwrap())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["duty-report.md".to_string()], "temporary files left");
}
