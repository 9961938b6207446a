//! A mini-site in a temporary folder, built with the real binary.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_annals");

pub const SITE_TOML: &str = r#"title = "测试站点"
base_url = "https://portal.example.gov.cn/duty-reports/"
default_language = "zh"

[languages.en]
title = "Test site"

[topics.garbage-sorting]
name = { zh = "垃圾分类", en = "Garbage sorting" }
keywords = ["垃圾分类"]
"#;

pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    /// An empty site with only site.toml.
    pub fn new() -> Fixture {
        let f = Fixture { dir: tempfile::tempdir().expect("temp dir") };
        f.write("site.toml", SITE_TOML);
        std::fs::create_dir_all(f.root().join("content")).expect("content dir");
        f
    }

    /// A small bilingual site: one report with a twin, one case study, sections.
    pub fn small() -> Fixture {
        let f = Fixture::new();
        f.write("content/_index.md", "+++\ntitle = \"首页\"\n+++\n欢迎。\n");
        f.write("content/_index.en.md", "+++\ntitle = \"Home\"\n+++\nWelcome.\n");
        f.write("content/reports/_index.md", "+++\ntitle = \"年度报告\"\n+++\n");
        f.write("content/reports/_index.en.md", "+++\ntitle = \"Reports\"\n+++\n");
        f.write(
            "content/reports/2022/duty-report.md",
            "+++\ntitle = \"2022年度述责述廉报告\"\ndate = 2023-01-15\ntopics = [\"garbage-sorting\"]\n+++\n\n开篇。\n\n## 一、述责述廉情况\n\n### （一）坚持勤学立德\n\n**一是强化理论学习。**组织学习\\*\\*次，开展\\*次。\n我始终牢记\n从政德为先。\n\n## 二、存在的问题\n\n垃圾分类不够。\n",
        );
        f.write(
            "content/reports/2022/duty-report.en.md",
            "+++\ntitle = \"Duty Report 2022\"\ndate = 2023-01-15\ntopics = [\"garbage-sorting\"]\n+++\n\nOpening.\n\n## I. Duties\n\n### (1) Study\n\nStudied \\*\\* times.\n\n## II. Problems\n\nGarbage sorting lagged.\n",
        );
        f.write(
            "content/cases/garbage-sorting.md",
            "+++\ntitle = \"垃圾分类案例\"\ndate = 2023-02-01\nyear = 2022\ntopics = [\"garbage-sorting\"]\n+++\n\n见[报告](@/reports/2022/duty-report.md#二存在的问题)。\n",
        );
        f
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.root().join(rel)).expect("remove");
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(BIN).args(args).current_dir(self.root()).output().expect("run annals")
    }

    /// `annals build --quiet`, asserting success.
    pub fn build(&self) -> &Self {
        let out = self.run(&["build", "--quiet"]);
        assert!(out.status.success(), "build failed:\n{}", String::from_utf8_lossy(&out.stderr));
        self
    }

    /// `annals build`, asserting failure; returns stderr.
    pub fn build_err(&self) -> String {
        let out = self.run(&["build", "--quiet"]);
        assert!(!out.status.success(), "build should have failed");
        assert_eq!(out.status.code(), Some(1), "errors exit with 1, not a panic");
        String::from_utf8_lossy(&out.stderr).to_string()
    }

    pub fn out(&self, rel: &str) -> PathBuf {
        self.root().join("output").join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        let p = self.out(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.out(rel).exists()
    }
}

/// Every file under a folder with its bytes, sorted.
pub fn snapshot_tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.expect("walk");
        if e.file_type().is_file() {
            let rel = e.path().strip_prefix(dir).expect("prefix").to_string_lossy().to_string();
            out.push((rel, std::fs::read(e.path()).expect("read")));
        }
    }
    out
}

/// Copies the repository's example site (without its theme folder).
pub fn example_site() -> Fixture {
    let f = Fixture { dir: tempfile::tempdir().expect("temp dir") };
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(repo.join("site.toml"), f.root().join("site.toml")).expect("copy site.toml");
    for e in walkdir::WalkDir::new(repo.join("content")) {
        let e = e.expect("walk");
        let rel = e.path().strip_prefix(repo).expect("prefix");
        let dest = f.root().join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(e.path(), &dest).expect("copy");
        }
    }
    f
}

/// A small seeded generator, so that randomized tests repeat exactly.
pub struct XorShift(pub u64);

impl XorShift {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}
