//! "Did you mean": the nearest of a set of known names to a mistyped one.
//!
//! Used for undeclared topics and for `@/` links to a heading that does not
//! exist, so the error says what the writer probably meant instead of only
//! what is wrong. Distance is Levenshtein over characters (Chinese included).

/// The candidate nearest to `wrong`, if any.
pub(crate) fn nearest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::levenshtein(wrong, c), c))
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

/// The nearest candidate when it is close enough to be a plausible typo:
/// at most a third of the characters differ (at least 2 allowed).
pub(crate) fn close<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let best = nearest(wrong, candidates)?;
    let allowed = (wrong.chars().count() / 3).max(2);
    (strsim::levenshtein(wrong, best) <= allowed).then_some(best)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_and_close() {
        let topics = ["garbage-sorting", "city-operations", "integrity"];
        assert_eq!(close("garbage-sortng", topics), Some("garbage-sorting"));
        assert_eq!(close("city-appearance", topics), None);
        assert_eq!(nearest("1深化生活垃圾分类", ["1-深化生活垃圾分类", "2推进"]), Some("1-深化生活垃圾分类"));
    }
}
