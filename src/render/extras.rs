//! Machine-readable files: sitemap with language alternates, Atom feeds, robots.txt.

use super::Renderer;
use crate::markdown::text::escape;
use crate::output::Output;
use crate::output::claims::Producer;
use crate::output::path::alias_path;
use crate::output::text::xml_safe;

/// Which of the machine-readable files a render writes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Extras {
    #[default]
    Skip,
    /// Those that show pages' titles and summaries: the feeds.
    Feeds,
    /// Alias redirects, sitemap, feeds, robots.txt and the commitments' JSON files.
    All,
}

impl Renderer<'_> {
    pub fn render_extras(&self) -> Output {
        let mut out = Output::default();
        for (path, text, _) in self.extras(Extras::All) {
            out.insert(path, text);
        }
        out
    }

    /// Redirects for aliases, sitemap, feeds, robots.txt and the
    /// commitments' JSON files, or those of them `which` says, each with
    /// what produces it; text made [`xml_safe`].
    pub(crate) fn extras(&self, which: Extras) -> Vec<(String, String, Producer)> {
        let mut out = Vec::new();
        let all = which == Extras::All;
        if all {
            for p in &self.site.pages {
                for alias in &p.fm.aliases {
                    // Aliases were checked when the page was modelled.
                    if let Ok(file) = alias_path(alias) {
                        let producer = Producer::Alias { page: p.file.clone(), alias: alias.clone() };
                        out.push((super::urls::file_of(&file), self.alias_page(&file, &p.path), producer));
                    }
                }
            }
            out.push(("sitemap.xml".into(), self.sitemap(), Producer::Machine("sitemap")));
        }
        if which != Extras::Skip {
            for l in &self.site.languages {
                out.push((
                    format!("{}atom.xml", self.site.lang_prefix(&l.code)),
                    self.feed(&l.code),
                    Producer::Machine("feed"),
                ));
            }
        }
        if all {
            let robots = match &self.site.config.robots {
                Some(r) => r.clone(),
                // An intranet portal is not for public crawlers unless configured.
                None => "User-agent: *\nDisallow: /\n".to_string(),
            };
            out.push(("robots.txt".into(), robots, Producer::Machine("robots.txt")));
            for (path, json) in crate::commitments::records::json_files(self.site, self.ledger) {
                out.push((path, json, Producer::Machine("commitments")));
            }
        }
        out.into_iter().map(|(path, text, producer)| (path, xml_safe(text), producer)).collect()
    }

    /// A redirect page at an old address (`aliases` in front matter), at
    /// `path` (from [`alias_path`]).
    fn alias_page(&self, path: &str, target: &str) -> String {
        let root = super::urls::root_of(path);
        let href = escape(&self.href(&root, target));
        let permalink = escape(&self.permalink(&root, target));
        format!(
            "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<link rel=\"canonical\" href=\"{permalink}\">\n<meta http-equiv=\"refresh\" content=\"0; url={href}\">\n</head>\n<body>\n<p><a href=\"{href}\">{title}</a></p>\n</body>\n</html>\n",
            lang = escape(&self.site.language(&self.site.config.default_language).html_lang),
            title = escape(target),
        )
    }

    fn sitemap(&self) -> String {
        let site = self.site;
        let mut s = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
        );
        let mut entries: Vec<SitemapEntry> = Vec::new();
        for sec in &site.sections {
            let alts = site
                .languages
                .iter()
                .filter_map(|l| {
                    site.section_index.get(&(sec.content_key.clone(), l.code.clone())).map(|&t| SitemapAlternate {
                        hreflang: l.html_lang.clone(),
                        href: self.permalink("./", &site.sections[t].path),
                    })
                })
                .collect();
            entries.push(SitemapEntry { loc: self.permalink("./", &sec.path), lastmod: None, alternates: alts });
        }
        for (i, p) in site.pages.iter().enumerate() {
            let alternate = |q: &crate::model::Page| SitemapAlternate {
                hreflang: site.language(&q.lang).html_lang.clone(),
                href: self.permalink("./", &q.path),
            };
            let mut alts = vec![alternate(p)];
            alts.extend(site.page_translations(i).into_iter().map(|t| alternate(&site.pages[t])));
            alts.sort_by_key(|a| site.languages.iter().position(|l| l.html_lang == a.hreflang));
            let lastmod = p.updated.or(p.date).map(|d| d.iso());
            entries.push(SitemapEntry { loc: self.permalink("./", &p.path), lastmod, alternates: alts });
        }
        for SitemapEntry { loc, lastmod, alternates: alts } in entries {
            s.push_str("  <url>\n    <loc>");
            s.push_str(&escape(&loc));
            s.push_str("</loc>\n");
            if let Some(m) = lastmod {
                s.push_str(&format!("    <lastmod>{m}</lastmod>\n"));
            }
            if alts.len() > 1 {
                for a in &alts {
                    s.push_str(&format!(
                        "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                        escape(&a.hreflang),
                        escape(&a.href)
                    ));
                }
            }
            s.push_str("  </url>\n");
        }
        s.push_str("</urlset>\n");
        s
    }

    fn feed(&self, lang: &str) -> String {
        let site = self.site;
        let l = site.language(lang);
        let mut pages: Vec<usize> = (0..site.pages.len()).filter(|&i| site.pages[i].lang == lang).collect();
        site.sort_pages(&mut pages);
        pages.truncate(50);
        let updated = pages
            .iter()
            .filter_map(|&i| site.pages[i].updated.or(site.pages[i].date))
            .max()
            .map(|d| d.rfc3339())
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
        let root = super::urls::root_of(&site.lang_prefix(lang));
        let home = self.permalink(&root, &site.lang_prefix(lang));
        let author = if l.organization.is_empty() {
            String::new()
        } else {
            format!("  <author><name>{}</name></author>\n", escape(&l.organization))
        };
        let mut s = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <id>{}</id>\n  <link rel=\"alternate\" href=\"{}\"/>\n  <link rel=\"self\" href=\"{}atom.xml\"/>\n  <updated>{updated}</updated>\n",
            escape(&l.html_lang),
            escape(&l.title),
            escape(&home),
            escape(&home),
            escape(&home)
        );
        s.push_str(&author);
        for i in pages {
            let p = &site.pages[i];
            let link = self.permalink(&root, &p.path);
            let when = p.updated.or(p.date).map(|d| d.rfc3339()).unwrap_or_else(|| updated.clone());
            let summary =
                p.fm.summary.clone().unwrap_or_else(|| super::build_ctx::truncate(&p.rendered.first_paragraph, 200));
            s.push_str(&format!(
                "  <entry>\n    <title>{}</title>\n    <id>{}</id>\n    <link rel=\"alternate\" href=\"{}\"/>\n    <updated>{when}</updated>\n    <summary>{}</summary>\n  </entry>\n",
                escape(&p.title),
                escape(&link),
                escape(&link),
                escape(&summary)
            ));
        }
        s.push_str("</feed>\n");
        s
    }
}

/// One `<url>` of the sitemap.
struct SitemapEntry {
    loc: String,
    lastmod: Option<String>,
    alternates: Vec<SitemapAlternate>,
}

/// One `<xhtml:link rel="alternate">` of a sitemap entry.
struct SitemapAlternate {
    hreflang: String,
    href: String,
}
