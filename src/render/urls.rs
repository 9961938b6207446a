//! Relative URLs between pages.
//!
//! Every link in generated HTML is relative to the page that holds it, so the
//! site works under any URL prefix and inside an archived snapshot. With
//! `index_links` (snapshots, `file://` use) links to folders name `index.html`.

use crate::markdown::ROOT_MARK;
use crate::output::path::encode_path;

/// `../../` for `reports/2022/x/`; `./` for the home page.
pub fn root_of(path: &str) -> String {
    let depth = path.split('/').filter(|s| !s.is_empty()).count();
    let depth = if path.ends_with('/') || path.is_empty() { depth } else { depth.saturating_sub(1) };
    if depth == 0 { "./".to_string() } else { "../".repeat(depth) }
}

/// Link from a page with relative root `root` to site path `target` (a file
/// path, encoded here).
pub fn href(root: &str, target: &str, index_links: bool) -> String {
    href_encoded(root, &encode_path(target), index_links)
}

/// [`href`] for a target already encoded.
fn href_encoded(root: &str, target: &str, index_links: bool) -> String {
    let mut s = if root == "./" && !target.is_empty() { target.to_string() } else { format!("{root}{target}") };
    if index_links && (s.ends_with('/') || target.is_empty()) {
        s.push_str("index.html");
    }
    s
}

/// Replaces the root marks of rendered Markdown with this page's root. Takes
/// the body as unpacked for this page, and gives it back as it is when it
/// has no mark.
pub fn place_content(html: String, root: &str, index_links: bool) -> String {
    if !html.contains(ROOT_MARK) {
        return html;
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(i) = rest.find(ROOT_MARK) {
        out.push_str(&rest[..i]);
        rest = &rest[i + ROOT_MARK.len()..];
        let end = rest.find(['"', '#', '\'']).unwrap_or(rest.len());
        // Internal links are written encoded by the Markdown stage.
        out.push_str(&href_encoded(root, &rest[..end], index_links));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The output file of a URL path: `x/` → `x/index.html`.
pub fn file_of(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_and_hrefs() {
        assert_eq!(root_of(""), "./");
        assert_eq!(root_of("reports/2022/x/"), "../../../");
        assert_eq!(root_of("en/"), "../");
        assert_eq!(root_of("reports/x/parallel.html"), "../../");
        assert_eq!(href("../../", "cases/", false), "../../cases/");
        assert_eq!(href("./", "", false), "./");
        assert_eq!(href("./", "", true), "./index.html");
        assert_eq!(href("../", "cases/x/", true), "../cases/x/index.html");
    }

    #[test]
    fn hrefs_encoded() {
        assert_eq!(href("../", "a#b/", true), "../a%23b/index.html");
    }

    #[test]
    fn content_links_placed() {
        let html = format!("<a href=\"{ROOT_MARK}reports/2022/x/#h\">x</a>");
        assert_eq!(place_content(html, "../../", true), "<a href=\"../../reports/2022/x/index.html#h\">x</a>");
    }
}
