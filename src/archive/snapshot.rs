//! Taking a snapshot of one year.

use std::path::{Path, PathBuf};

use super::manifest::manifest_of;
use super::{INFO, MANIFEST};
use crate::build::{BuildOptions, build};
use crate::config::SiteConfig;
use crate::error::{BuildError, SiteError};
use crate::render::SnapshotInfo;

#[derive(Debug, Clone)]
pub struct SnapshotOptions {
    pub root: PathBuf,
    pub year: i32,
    /// Date shown in the banner (`YYYY-MM-DD`); the caller decides the default.
    pub date: String,
    pub force: bool,
    pub drafts: bool,
}

/// Builds and writes `archive/<year>/`; returns its folder and file count.
pub fn take_snapshot(opts: &SnapshotOptions) -> Result<(PathBuf, usize), BuildError> {
    let config = SiteConfig::load(&opts.root)?;
    let dir = opts.root.join(&config.archive_dir).join(opts.year.to_string());
    if dir.exists() && !opts.force {
        return Err(SiteError::new(
            &dir,
            format!("a snapshot of {} already exists; it is never overwritten without --force", opts.year),
        )
        .into());
    }
    if dir.is_dir() && !dir.join(MANIFEST).is_file() && std::fs::read_dir(&dir).is_ok_and(|mut d| d.next().is_some()) {
        return Err(SiteError::new(
            &dir,
            format!("this folder is not a snapshot (it has no {MANIFEST}); it is never replaced: move it away first"),
        )
        .into());
    }
    if crate::parse::Date::parse(&opts.date).is_none() {
        return Err(SiteError::new(&opts.root, format!("--date must be YYYY-MM-DD, not `{}`", opts.date)).into());
    }
    let live = format!("{}archive/", config.base_url);
    let build_opts = BuildOptions {
        root: opts.root.clone(),
        base_url: Some(format!("{}archive/{}/", config.base_url, opts.year)),
        drafts: opts.drafts,
        index_links: true,
        up_to_year: Some(opts.year),
        snapshot: Some(SnapshotInfo {
            year: opts.year,
            date: opts.date.clone(),
            date_display: opts.date.clone(),
            live_url: Some(config.archive_url.clone().unwrap_or(live)),
        }),
    };
    let mut built = build(&build_opts, &|_, _| {})?;
    for own in [INFO, MANIFEST] {
        if built.output.files.contains_key(own) {
            return Err(SiteError::new(
                opts.root.join("content").join(own),
                format!("the site writes its own {own}, which a snapshot reserves for itself; rename that file"),
            )
            .into());
        }
    }
    let info = format!(
        "# Written by `annals snapshot`. Verify with `annals snapshot --verify {y}` or `sha256sum -c {MANIFEST}`.\nyear = {y}\ndate = \"{d}\"\ngenerator = \"annals {v}\"\n",
        y = opts.year,
        d = opts.date,
        v = env!("CARGO_PKG_VERSION"),
    );
    built.output.insert(INFO, info);
    let manifest = manifest_of(&built.output);
    built.output.insert(MANIFEST, manifest);
    let count = built.output.files.len();
    built.output.write_atomic(&dir, crate::output::Publish::Snapshot)?;
    Ok((dir, count))
}

/// Today's date (UTC) from the clock, for the banner when no --date is given.
pub fn today() -> String {
    let secs =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Snapshot folders present under the archive folder, by year.
pub fn snapshot_dirs(root: &Path, config: &SiteConfig) -> Vec<(i32, PathBuf)> {
    let base = root.join(&config.archive_dir);
    let mut out: Vec<(i32, PathBuf)> = std::fs::read_dir(&base)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_string_lossy().parse::<i32>().ok().map(|y| (y, e.path())))
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::civil_from_days;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_737), (2024, 1, 15));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }
}
