//! Series, detection and matching on a small site written to a temporary folder.

use crate::build::{BuildOptions, LoadedSite, load_site};

fn site(files: &[(&str, &str)]) -> (tempfile::TempDir, LoadedSite) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("site.toml"),
        "title = \"t\"\n[topics.integrity]\nname = { zh = \"廉政\" }\nkeywords = [\"廉洁\"]\n",
    )
    .unwrap();
    for (rel, text) in files {
        let p = dir.path().join("content").join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let loaded = load_site(&BuildOptions { root: dir.path().to_path_buf(), ..Default::default() }).unwrap();
    (dir, loaded)
}

const Y1: &str = "+++\ntitle = \"2021年报告\"\n+++\n\n## 一、工作回顾\n\n完成了很多工作。\n\n## 二、下步工作打算\n\n重点抓好以下工作：\n\n**一是推进垃圾分类全覆盖。**年内实现垃圾分类小区覆盖率100%。\n\n**二是建设智慧停车平台。**新增公共停车泊位3000个。\n\n**三是加强廉洁文化建设。**开展警示教育。\n";
const Y2: &str = "+++\ntitle = \"2023年报告\"\n+++\n\n## 一、工作回顾\n\n### （一）垃圾分类\n\n全市垃圾分类小区覆盖率达到100%，提前完成目标。\n\n### （二）廉洁建设\n\n开展廉洁文化建设和警示教育\\*\\*场次。\n\n## 二、下步工作打算\n\n**一是深化分类。**继续推进。\n";

#[test]
fn series_skip_missing_years_and_follow_front_matter() {
    let (_d, LoadedSite { site, ledger, .. }) = site(&[
        ("reports/2021/work.md", Y1),
        ("reports/2023/work.md", Y2),
        ("reports/2022/other.md", "+++\ntitle = \"x\"\nseries = \"work\"\n+++\n\n正文。\n"),
        ("reports/2024/renamed.md", "+++\ntitle = \"z\"\nseries = \"work\"\n+++\n\n正文。\n"),
        ("reports/2022/alone.md", "+++\ntitle = \"y\"\n+++\n\n正文。\n"),
    ]);
    let idx = |k: &str| site.page_index[&(k.to_string(), "zh".to_string())];
    let places = &ledger.places;
    assert_eq!(places[&idx("reports/2021/work")].next, Some(idx("reports/2023/work")));
    assert_eq!(places[&idx("reports/2023/work")].prev, Some(idx("reports/2021/work")));
    // An explicit series groups reports whatever their file names.
    assert_eq!(places[&idx("reports/2022/other")].name, "work");
    assert_eq!(places[&idx("reports/2022/other")].next, Some(idx("reports/2024/renamed")));
    assert!(!places.contains_key(&idx("reports/2022/alone")));
}

#[test]
fn commitments_found_and_followed_up_or_not() {
    let (_d, LoadedSite { site, ledger, .. }) = site(&[("reports/2021/work.md", Y1), ("reports/2022/work.md", Y2)]);
    let first = site.page_index[&("reports/2021/work".to_string(), "zh".to_string())];
    let rc = &ledger.reports[&first];
    let texts: Vec<String> = rc.items.iter().map(|c| c.excerpt.text()).collect();
    assert_eq!(texts.len(), 3, "{texts:?}");
    assert!(texts[0].starts_with("一是推进垃圾分类全覆盖"));
    let f0 = rc.items[0].followup.as_ref().expect("follow-up of garbage sorting");
    assert!(f0.excerpt.text().contains("覆盖率达到100%"));
    assert_eq!(f0.anchor.as_deref(), Some("一垃圾分类"));
    assert!(rc.items[1].followup.is_none(), "parking never reported: {:?}", rc.items[1]);
    assert_eq!(rc.items[1].status, super::Status::NotFound);
    let f2 = rc.items[2].followup.as_ref().expect("integrity follow-up");
    assert!(f2.excerpt.text().contains("**"), "masks kept: {}", f2.excerpt.text());
    assert_eq!(rc.items[2].topics, ["integrity"]);
    let json = super::records::records(&site, &ledger);
    assert_eq!(json.len(), 3);
    assert_eq!(json[1].followup_text, None);
    assert_eq!(json[0].followup_url, "reports/2022/work/#一垃圾分类");
}
