use crate::fixture::*;

#[test]
fn missing_ui_key_falls_back_with_warning() {
    let f = Fixture::small();
    f.write("i18n/en.toml", "search = \"Find\"\n");
    f.write("templates/404.html", "<p>{{ t(key=\"search\") }} {{ t(key=\"only_zh_key\") }}</p>");
    f.write("i18n/zh.toml", "search = \"搜索\"\nonly_zh_key = \"仅中文\"\n");
    let out = f.run(&["build"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("only_zh_key") && stderr.contains("`en`"), "{stderr}");
    assert!(f.read("en/404.html").contains("Find 仅中文"));
}

#[test]
fn page_without_twin_links_to_nearest_section_and_says_so() {
    let f = Fixture::small();
    f.build();
    let html = f.read("cases/garbage-sorting/index.html");
    assert!(html.contains("本报告暂无英文版"), "{html}");
    assert!(html.contains("href=\"../../en/\" hreflang=\"en\" lang=\"en\" class=\"inexact\""), "{html}");
}

#[test]
fn dates_formatted_per_language() {
    let f = Fixture::small();
    f.build();
    assert!(f.read("reports/2022/duty-report/index.html").contains("2023年1月15日"));
    assert!(f.read("en/reports/2022/duty-report/index.html").contains("15 January 2023"));
}
