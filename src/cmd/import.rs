//! `annals import FILE…` — official documents (plain text or Word) → Markdown pages.
//!
//! This is only the I/O shell around [`annals::import`]: read files (or
//! stdin), tell Word packages from text by their content, read topic keywords
//! from `site.toml`, decide target paths, and write. A Word document with
//! images becomes a page bundle (`<slug>/index.md` plus the image files). All files are read, converted and checked *before* anything is
//! written, so a bad input or an existing page aborts the whole run without
//! leaving half an import behind. Existing pages are never overwritten
//! without `--force`, because editors fix imported pages by hand afterwards.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};

use annals::import::{Asset, ImportOptions, Imported, Transaction, convert_docx, convert_named, decode, docx};
use annals::parse::PageKind;

/// Import official documents (plain text or Word .docx) as Markdown pages.
#[derive(Debug, Clone, clap::Args)]
pub struct ImportArgs {
    /// Files to import: Word documents (.docx, recognised by content) or plain text (UTF-8, UTF-16 with
    /// BOM, GBK/GB18030); `-` reads stdin.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Year of the report (default: from the title or text).
    #[arg(long)]
    pub year: Option<i32>,
    /// Language of the documents; other than `zh` writes `<slug>.<lang>.md`.
    #[arg(long, default_value = "zh")]
    pub lang: String,
    /// Page kind.
    #[arg(long, default_value = "report", value_parser = parse_kind)]
    pub kind: PageKind,
    /// File name of the page without extension (default: derived).
    #[arg(long)]
    pub slug: Option<String>,
    /// Folder to write into (default: content/reports/<year>/ or content/cases/).
    #[arg(long, value_name = "DIR")]
    pub dest: Option<PathBuf>,
    /// Overwrite existing pages.
    #[arg(long)]
    pub force: bool,
    /// Fail when a Word document holds content that cannot be imported (text boxes, shapes, equations,
    /// embedded objects, charts).
    #[arg(long)]
    pub strict: bool,
    /// Site root (holds site.toml and content/).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
}

struct Planned {
    source: String,
    target: PathBuf,
    page: Imported,
    /// Images of a Word document, written next to `target` (a bundle's index.md).
    assets: Vec<Asset>,
    lost: Vec<String>,
}

pub fn run(args: &ImportArgs) -> Result<()> {
    let lang_ok = !args.lang.is_empty() && args.lang.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !lang_ok {
        bail!("--lang `{}` is not a language code", args.lang);
    }
    let topics = load_topics(&args.root.join("site.toml"))?;
    let opts =
        ImportOptions { year: args.year, lang: args.lang.clone(), kind: args.kind, slug: args.slug.clone(), topics };
    let mut planned: Vec<Planned> = Vec::new();
    let mut stdin_used = false;
    for file in &args.files {
        let is_stdin = file.as_os_str() == "-";
        let source = if is_stdin { "<stdin>".to_string() } else { file.display().to_string() };
        let bytes = if is_stdin {
            if stdin_used {
                bail!("`-` (standard input) given more than once");
            }
            stdin_used = true;
            let mut buf = Vec::new();
            std::io::stdin().read_to_end(&mut buf).context("<stdin>: cannot read standard input")?;
            buf
        } else {
            fs::read(file).with_context(|| format!("{source}: cannot read"))?
        };
        let name = (!is_stdin).then(|| file.file_name().map_or(source.clone(), |n| n.to_string_lossy().into_owned()));
        let (page, assets, lost) = if docx::is_zip(&bytes) {
            if !docx::is_docx(&bytes) {
                bail!("{source}: a zip archive but not a Word document (no word/document.xml); nothing was imported");
            }
            let d = convert_docx(&bytes, &opts, name.as_deref()).map_err(|e| anyhow!("{source}: {e}"))?;
            (d.page, d.assets, d.lost)
        } else {
            let text = decode(&bytes, Path::new(&source))?;
            let page = convert_named(&text, &opts, name.as_deref()).map_err(|e| anyhow!("{source}: {e}"))?;
            (page, Vec::new(), Vec::new())
        };
        if args.strict && !lost.is_empty() {
            bail!("{source}: cannot import everything (--strict): {}; nothing was imported", lost.join("; "));
        }
        let dir = match (&args.dest, args.kind, page.year) {
            (Some(dest), _, _) => dest.clone(),
            (None, PageKind::Case, _) => args.root.join("content").join("cases"),
            (None, _, Some(year)) => args.root.join("content").join("reports").join(year.to_string()),
            (None, _, None) => {
                bail!("{source}: no year found in the document; pass --year or --dest")
            }
        };
        if let Err(e) = annals::output::path::check_segment(&page.slug) {
            bail!("{source}: the page name `{}` cannot be used: {e}; pass --slug", page.slug.escape_debug());
        }
        let suffix = if args.lang == "zh" { String::new() } else { format!(".{}", args.lang) };
        // With images the page is a bundle: the images sit in its folder.
        let (target, other_form) = if assets.is_empty() {
            (dir.join(format!("{}{suffix}.md", page.slug)), dir.join(&page.slug).join(format!("index{suffix}.md")))
        } else {
            (dir.join(&page.slug).join(format!("index{suffix}.md")), dir.join(format!("{}{suffix}.md", page.slug)))
        };
        if other_form.exists() {
            bail!(
                "{}: already holds this page (importing {source}); remove it or choose another --slug",
                other_form.display()
            );
        }
        if let Some(other) = planned.iter().find(|p| p.target == target) {
            bail!(
                "{source} and {} would both be written to {}; import them separately with --slug",
                other.source,
                target.display()
            );
        }
        let folder = target.parent().map(Path::to_path_buf).unwrap_or_default();
        let existing = std::iter::once(target.clone()).chain(assets.iter().map(|a| folder.join(&a.name)));
        for path in existing {
            if path.exists() && !args.force {
                bail!("{}: already exists (importing {source}); use --force to overwrite", path.display());
            }
        }
        planned.push(Planned { source, target, page, assets, lost });
    }
    // All pages are staged (written in full beside their targets) before any
    // is put in place: a failure changes nothing.
    let mut transaction = Transaction::default();
    for p in &planned {
        transaction.stage(&p.target, p.page.markdown.as_bytes()).map_err(|e| anyhow!("{e}; nothing was imported"))?;
        let folder = p.target.parent().map(Path::to_path_buf).unwrap_or_default();
        for a in &p.assets {
            transaction.stage(&folder.join(&a.name), &a.bytes).map_err(|e| anyhow!("{e}; nothing was imported"))?;
        }
    }
    transaction.commit(args.force).map_err(|e| anyhow!("{e}"))?;
    for p in &planned {
        for w in &p.page.warnings {
            eprintln!("warning: {}: {w}", p.source);
        }
        for l in &p.lost {
            eprintln!("warning: {}: not imported: {l}", p.source);
        }
        println!("wrote {} ({})", p.target.display(), p.page.title);
    }
    Ok(())
}

/// Reads `(keyword, topic slug)` pairs from the `[topics]` table of
/// `site.toml`: `[topics.garbage-sorting] keywords = ["垃圾分类"]`. Other keys
/// of the file are ignored, so this works whatever else the site config holds.
pub(crate) fn load_topics(path: &Path) -> Result<Vec<(String, String)>> {
    if !path.exists() {
        return Ok(Vec::new());
    }
    let text = fs::read_to_string(path).with_context(|| format!("{}: cannot read", path.display()))?;
    let value: toml::Table = text.parse().with_context(|| format!("{}: invalid TOML", path.display()))?;
    let mut out = Vec::new();
    let Some(topics) = value.get("topics") else {
        return Ok(out);
    };
    let topics = topics.as_table().ok_or_else(|| anyhow!("{}: `topics` must be a table", path.display()))?;
    for (slug, topic) in topics {
        let keywords = topic.get("keywords").and_then(|k| k.as_array());
        for kw in keywords.into_iter().flatten() {
            let kw =
                kw.as_str().ok_or_else(|| anyhow!("{}: topics.{slug}.keywords must be strings", path.display()))?;
            out.push((kw.to_string(), slug.clone()));
        }
    }
    Ok(out)
}

/// `--kind`: a page kind that imports make sense for.
fn parse_kind(s: &str) -> Result<PageKind, String> {
    match s.parse::<PageKind>()? {
        PageKind::Page => Err("kind must be `report` or `case`".to_string()),
        kind => Ok(kind),
    }
}
