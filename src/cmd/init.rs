//! `annals init DIR`: create a new site.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};

use annals::render::theme::DEFAULT_THEME;

#[derive(Debug, Clone, clap::Args)]
pub struct InitArgs {
    /// Folder to create the site in (must be empty or absent).
    pub dir: PathBuf,
    /// Also write the default theme into themes/default/ for customization.
    #[arg(long)]
    pub with_theme: bool,
}

const SITE_TOML: &str = r##"# Site configuration of Annals. Unknown keys are errors, so typos are caught.

# Title, description and publishing organisation in the default language:
# the home page, masthead, footer, feeds and <title> use them.
title = "城市管理局述责述廉报告"
description = "年度述责述廉报告与典型案例"
organization = "××市城市管理局"

# Where the site is published; may carry a path prefix. Links in the output are
# relative, so the site also works under another prefix and from disk.
# This is a placeholder: `annals build` warns until you change it.
base_url = "https://portal.example.gov.cn/duty-reports/"

# The language of record. Its pages live at the root of the site; pages of
# other languages under /<code>/. `name.md` is in this language, `name.en.md`
# its English twin.
default_language = "zh"

[languages.zh]
name = "中文"

[languages.en]
name = "English"
title = "Urban Management Bureau: Duty Reports"
description = "Yearly duty reports and case studies"
organization = "×× Municipal Urban Management Bureau"

# A menu replaces the computed navigation (sections, topics, archive) when present:
# [[languages.zh.menu]]
# name = "年度报告"
# url = "@/reports/_index.md"     # a content link, a site path ("/topics/") or an absolute URL
# weight = 1
# [[languages.zh.menu]]
# name = "政府网站"
# url = "https://www.example.gov.cn/"
# weight = 2

# Styling without editing templates (a static/custom.css is also linked after the theme's CSS):
# [theme]
# accent = "#005a9c"     # accent colour
# body_font = "serif"    # "sans" (default) or "serif"
# indent = true          # indent the first line of paragraphs

# Topics: display names per language, and keywords that tag imported reports.
[topics.garbage-sorting]
name = { zh = "垃圾分类", en = "Garbage sorting" }
keywords = ["垃圾分类"]

[topics.unified-city-operations]
name = { zh = "一网统管", en = "Unified city operations" }
keywords = ["一网统管"]

[topics.credit-commitment]
name = { zh = "信用承诺", en = "Credit commitment" }
keywords = ["信用承诺"]

# Free values passed to templates as site.extra (emblem: a character shown before the title).
[extra]
emblem = "◆"
"##;

const FILES: &[(&str, &str)] = &[
    // No title: the home page takes the site's title of each language from site.toml.
    ("content/_index.md", "本站收录年度述责述廉报告与典型案例。\n"),
    ("content/_index.en.md", "Yearly duty reports and case studies.\n"),
    ("content/reports/_index.md", "+++\ntitle = \"年度报告\"\nweight = 1\n+++\n"),
    ("content/reports/_index.en.md", "+++\ntitle = \"Annual Reports\"\nweight = 1\n+++\n"),
    ("content/reports/2024/_index.md", "+++\ntitle = \"2024年\"\n+++\n"),
    ("content/reports/2024/_index.en.md", "+++\ntitle = \"2024\"\n+++\n"),
    (
        "content/reports/2024/duty-report.md",
        "+++\ntitle = \"2024年度述责述廉报告\"\ndate = 2025-01-15\nkind = \"report\"\ntopics = [\"garbage-sorting\"]\n+++\n\n2024年，我坚持履职尽责，现将有关情况报告如下：\n\n## 一、履职尽责情况\n\n### （一）推进垃圾分类\n\n**一是完善制度。**全年新增达标小区\\*\\*个。\n\n## 二、存在的问题\n\n监督检查还不够严。\n\n{% closing() %}\n××市城市管理局党组书记、局长\n2025年1月15日\n{% end %}\n",
    ),
    (
        "content/reports/2024/duty-report.en.md",
        "+++\ntitle = \"Duty Report 2024\"\ndate = 2025-01-15\nkind = \"report\"\ntopics = [\"garbage-sorting\"]\n+++\n\nIn 2024 I fulfilled my duties as follows.\n\n## I. Performance of Duties\n\n### (1) Advancing garbage sorting\n\n**First, improving the rules.** \\*\\* residential communities met the standard.\n\n## II. Existing Problems\n\nSupervision was not yet strict enough.\n",
    ),
    ("content/cases/_index.md", "+++\ntitle = \"典型案例\"\nweight = 2\n+++\n"),
    ("content/cases/_index.en.md", "+++\ntitle = \"Case Studies\"\nweight = 2\n+++\n"),
    (
        "content/cases/garbage-sorting.md",
        "+++\ntitle = \"垃圾分类进小区\"\ndate = 2025-02-01\nyear = 2024\nkind = \"case\"\ntopics = [\"garbage-sorting\"]\n+++\n\n## 背景\n\n城乡生活垃圾分类是年度重点工作，详见[2024年度述责述廉报告](@/reports/2024/duty-report.md)。\n",
    ),
    (
        "content/cases/garbage-sorting.en.md",
        "+++\ntitle = \"Garbage Sorting in Residential Communities\"\ndate = 2025-02-01\nyear = 2024\nkind = \"case\"\ntopics = [\"garbage-sorting\"]\n+++\n\n## Background\n\nGarbage sorting was a key task of the year; see the [Duty Report 2024](@/reports/2024/duty-report.md).\n",
    ),
];

pub fn run(args: &InitArgs) -> Result<()> {
    let dir = &args.dir;
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).with_context(|| format!("{}: cannot read folder", dir.display()))?;
        if entries.next().is_some() {
            bail!("{}: folder is not empty; `annals init` only creates new sites", dir.display());
        }
    }
    let mut written = vec![("site.toml", SITE_TOML.as_bytes())];
    written.extend(FILES.iter().map(|(p, c)| (*p, c.as_bytes())));
    for (rel, bytes) in &written {
        write(dir, rel, bytes)?;
    }
    let mut theme_files = 0;
    if args.with_theme {
        let mut stack = vec![&DEFAULT_THEME];
        while let Some(d) = stack.pop() {
            for f in d.files() {
                let rel = format!("themes/default/{}", annals::load::rel_slash(f.path()));
                write(dir, &rel, f.contents())?;
                theme_files += 1;
            }
            stack.extend(d.dirs());
        }
    }
    println!(
        "Created a new site in {} ({} files{}).",
        dir.display(),
        written.len(),
        if args.with_theme { format!(", theme: {theme_files} files in themes/default/") } else { String::new() }
    );
    println!("Next: cd {} && annals build", dir.display());
    Ok(())
}

fn write(dir: &std::path::Path, rel: &str, bytes: &[u8]) -> Result<()> {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("{}: cannot create folder", parent.display()))?;
    }
    std::fs::write(&path, bytes).with_context(|| format!("{}: cannot write", path.display()))
}
