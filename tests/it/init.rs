use crate::fixture::*;

#[test]
fn init_creates_a_site_that_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    let out = std::process::Command::new(BIN).args(["init"]).arg(&dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::read_to_string(dir.join("site.toml")).unwrap().contains("# "));
    assert!(!dir.join("themes").exists());
    let out = std::process::Command::new(BIN).args(["build", "--quiet"]).current_dir(&dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(dir.join("output/en/reports/2024/duty-report/index.html").exists());
    assert!(dir.join("output/cases/garbage-sorting/index.html").exists());
}

#[test]
fn init_refuses_non_empty_folder() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("keep.txt"), "x").unwrap();
    let out = std::process::Command::new(BIN).args(["init"]).arg(tmp.path()).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not empty"));
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
}

#[test]
fn init_with_theme_writes_the_theme() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("s");
    let out = std::process::Command::new(BIN).args(["init", "--with-theme"]).arg(&dir).output().unwrap();
    assert!(out.status.success());
    assert!(dir.join("themes/default/templates/page.html").exists());
    assert!(dir.join("themes/default/i18n/en.toml").exists());
    let out = std::process::Command::new(BIN).args(["build", "--quiet"]).current_dir(&dir).output().unwrap();
    assert!(out.status.success());
}
