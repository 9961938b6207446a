//! Tests of `src/watch.rs`: classification by name, and real file-system
//! events for the ways editors and people change files.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::*;

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::write(root.join("site.toml"), "title = \"t\"\n").expect("site.toml");
    for d in ["content/a", "templates", "static", "i18n", "archive", "output"] {
        std::fs::create_dir_all(root.join(d)).expect("mkdir");
    }
    std::fs::write(root.join("content/a/x.md"), "+++\ntitle = \"x\"\n+++\n").expect("x.md");
    dir
}

fn content(rel: &str) -> Change {
    Change::Content(PathBuf::from(rel))
}

#[test]
fn classifies_by_location() {
    let dir = site();
    let layout = Layout::new(dir.path());
    let r = layout.root().to_path_buf();
    let c = |rel: &str| layout.classify(&r.join(rel));
    assert_eq!(c("content/a/x.md"), Some(content("content/a/x.md")));
    assert_eq!(c("content/a/photo.png"), Some(content("content/a/photo.png")));
    assert_eq!(c("templates/page.html"), Some(Change::Template("templates/page.html".into())));
    assert_eq!(
        c("themes/default/templates/base.html"),
        Some(Change::Template("themes/default/templates/base.html".into()))
    );
    assert_eq!(c("themes/default/static/style.css"), Some(Change::Static("themes/default/static/style.css".into())));
    assert_eq!(c("themes/default/i18n/en.toml"), Some(Change::Strings("themes/default/i18n/en.toml".into())));
    assert_eq!(c("static/style.css"), Some(Change::Static("static/style.css".into())));
    assert_eq!(c("i18n/en.toml"), Some(Change::Strings("i18n/en.toml".into())));
    assert_eq!(c("site.toml"), Some(Change::Config));
    assert_eq!(c("archive/2022/index.html"), Some(Change::Archive("archive/2022/index.html".into())));
    // Editor droppings anywhere in the path, the output folder, other files.
    for ignored in [
        "content/a/.x.md.swp",
        "content/a/x.md~",
        "content/a/.#x.md",
        "content/a/4913",
        "content/a/x.md.tmp",
        "content/.git/HEAD",
        "static/.cache/style.css",
        "output/index.html",
        ".output.tmp-12/index.html",
        "README.md",
        "node_modules/x/y.js",
        "content/../README.md",
    ] {
        assert_eq!(c(ignored), None, "{ignored}");
    }
    assert_eq!(layout.classify(Path::new("/elsewhere/content/x.md")), None);
}

#[test]
fn archive_and_output_folders_come_from_site_toml() {
    let dir = site();
    std::fs::write(
        dir.path().join("site.toml"),
        "title = \"t\"\noutput_dir = \"public\"\narchive_dir = \"data/snapshots\"\n",
    )
    .expect("site.toml");
    let layout = Layout::new(dir.path());
    let r = layout.root().to_path_buf();
    assert_eq!(layout.classify(&r.join("public/index.html")), None);
    assert_eq!(layout.classify(&r.join("data/snapshots/a")), Some(Change::Archive("data/snapshots/a".into())));
    assert_eq!(layout.classify(&r.join("archive/a")), None);
}

/// Runs `act`, then waits for batches until `want` holds (or times out).
fn expect(watch: &mut Watch, act: impl FnOnce(), want: impl Fn(&[Change]) -> bool) -> Vec<Change> {
    // Let the watcher settle on its start-up scan before acting.
    std::thread::sleep(Duration::from_millis(150));
    act();
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut seen = Vec::new();
    while Instant::now() < deadline {
        match watch.rx.recv_timeout(Duration::from_millis(200)) {
            Ok(r) => {
                let mut set = BTreeSet::new();
                watch.absorb(r, &mut set);
                seen.extend(set);
                seen.sort();
                seen.dedup();
                if want(&seen) {
                    return seen;
                }
            }
            Err(_) => continue,
        }
    }
    panic!("expected change not seen; got {seen:?}");
}

fn has(changes: &[Change], c: &Change) -> bool {
    changes.contains(c)
}

#[test]
fn edits_atomic_saves_and_deletes() {
    let dir = site();
    let root = dir.path().to_path_buf();
    let mut w = Watch::start(&root).expect("watch");
    let x = content("content/a/x.md");
    // In-place edit.
    expect(&mut w, || std::fs::write(root.join("content/a/x.md"), "changed").expect("write"), |c| has(c, &x));
    // Atomic save: temporary file renamed over the original. The temporary never counts.
    let seen = expect(
        &mut w,
        || {
            std::fs::write(root.join("content/a/x.md.tmp"), "atomic").expect("tmp");
            std::fs::rename(root.join("content/a/x.md.tmp"), root.join("content/a/x.md")).expect("rename");
        },
        |c| has(c, &x),
    );
    assert!(seen.iter().all(|c| c == &x), "{seen:?}");
    // Delete.
    expect(&mut w, || std::fs::remove_file(root.join("content/a/x.md")).expect("rm"), |c| has(c, &x));
    // site.toml rewritten atomically.
    expect(
        &mut w,
        || {
            std::fs::write(root.join(".site.toml.tmp"), "title = \"u\"\n").expect("tmp");
            std::fs::rename(root.join(".site.toml.tmp"), root.join("site.toml")).expect("rename");
        },
        |c| has(c, &Change::Config),
    );
}

#[test]
fn new_folders_renames_and_moves() {
    let dir = site();
    let root = dir.path().to_path_buf();
    let outside = tempfile::tempdir().expect("outside");
    let mut w = Watch::start(&root).expect("watch");
    // A new folder with a file in it.
    expect(
        &mut w,
        || {
            std::fs::create_dir_all(root.join("content/b")).expect("mkdir");
            std::fs::write(root.join("content/b/y.md"), "y").expect("write");
        },
        |c| has(c, &content("content/b")) || has(c, &content("content/b/y.md")),
    );
    // A file in the new folder is watched too.
    expect(
        &mut w,
        || std::fs::write(root.join("content/b/y.md"), "y2").expect("write"),
        |c| has(c, &content("content/b/y.md")),
    );
    // Rename within content: old and new path.
    expect(
        &mut w,
        || std::fs::rename(root.join("content/b/y.md"), root.join("content/b/z.md")).expect("rename"),
        |c| has(c, &content("content/b/y.md")) && has(c, &content("content/b/z.md")),
    );
    // Move a folder out of the site, then back in under another name.
    expect(
        &mut w,
        || std::fs::rename(root.join("content/b"), outside.path().join("b")).expect("move out"),
        |c| has(c, &content("content/b")),
    );
    expect(
        &mut w,
        || std::fs::rename(outside.path().join("b"), root.join("content/c")).expect("move in"),
        |c| has(c, &content("content/c")),
    );
    // Editor droppings alone produce nothing.
    std::thread::sleep(Duration::from_millis(300));
    while w.rx.try_recv().is_ok() {}
    std::fs::write(root.join("content/a/.x.md.swp"), "swap").expect("swp");
    std::fs::write(root.join("content/a/4913"), "").expect("4913");
    std::fs::remove_file(root.join("content/a/4913")).expect("rm 4913");
    std::fs::write(root.join("output/index.html"), "out").expect("output");
    let quiet_until = Instant::now() + Duration::from_millis(800);
    while Instant::now() < quiet_until {
        if let Ok(r) = w.rx.recv_timeout(Duration::from_millis(100)) {
            let mut set = BTreeSet::new();
            w.absorb(r, &mut set);
            assert!(set.is_empty(), "droppings caused {set:?}");
        }
    }
}

#[test]
fn folders_created_after_start_are_watched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().to_path_buf();
    std::fs::write(root.join("site.toml"), "title = \"t\"\n").expect("site.toml");
    std::fs::create_dir_all(root.join("content")).expect("content");
    let mut w = Watch::start(&root).expect("watch");
    std::thread::sleep(Duration::from_millis(150));
    std::fs::create_dir_all(root.join("static")).expect("static");
    let batch = w.next_batch().expect("batch");
    assert!(batch.contains(&Change::Static("static".into())), "{batch:?}");
    expect(
        &mut w,
        || std::fs::write(root.join("static/a.css"), "a{}").expect("css"),
        |c| has(c, &Change::Static("static/a.css".into())),
    );
}
