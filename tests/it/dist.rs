//! Installation without a registry: the release tarball (scripts/dist.sh)
//! and the vendored, network-cut dependency tree (scripts/vendor.sh,
//! scripts/offline-build.sh). The full offline compile is `tests/offline.sh`.

use std::path::Path;
use std::process::Command;

const REPO: &str = env!("CARGO_MANIFEST_DIR");

fn sh(cmd: &mut Command) -> String {
    let out = cmd.output().expect("run");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{cmd:?} failed:\n{text}");
    text
}

#[test]
fn dist_script_packages_binary_readme_and_checksums() {
    let tmp = tempfile::tempdir().unwrap();
    let dist = tmp.path().join("dist");
    sh(Command::new("bash")
        .arg(Path::new(REPO).join("scripts/dist.sh"))
        .env("ANNALS_BIN", crate::fixture::BIN)
        .env("DIST_DIR", &dist));
    let name = format!("annals-{}-x86_64-linux", env!("CARGO_PKG_VERSION"));
    let tarball = dist.join(format!("{name}.tar.gz"));
    assert!(tarball.is_file());
    sh(Command::new("sha256sum").arg("-c").arg(format!("{name}.tar.gz.sha256")).current_dir(&dist));
    let listing = sh(Command::new("tar").arg("-tzf").arg(&tarball));
    for f in ["annals", "README.md", "SHA256SUMS"] {
        assert!(listing.lines().any(|l| l == format!("{name}/{f}")), "{f} in {listing}");
    }
    sh(Command::new("tar").arg("-xzf").arg(&tarball).current_dir(tmp.path()));
    let unpacked = tmp.path().join(&name);
    sh(Command::new("sha256sum").args(["-c", "SHA256SUMS"]).current_dir(&unpacked));
    let version = sh(Command::new(unpacked.join("annals")).arg("--version"));
    assert!(version.contains(env!("CARGO_PKG_VERSION")), "{version}");
    // Same input, same bytes.
    let first = std::fs::read(&tarball).unwrap();
    sh(Command::new("bash")
        .arg(Path::new(REPO).join("scripts/dist.sh"))
        .env("ANNALS_BIN", crate::fixture::BIN)
        .env("DIST_DIR", &dist));
    assert_eq!(std::fs::read(&tarball).unwrap(), first, "reproducible tarball");
}

/// Vendors into a copy of the source tree, then resolves and verifies every
/// dependency with the network cut and an empty cargo home: nothing may come
/// from anywhere but vendor/.
#[test]
fn vendored_tree_resolves_with_the_network_cut() {
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join("annals");
    std::fs::create_dir(&copy).unwrap();
    sh(Command::new("cp")
        .args(["-r", "--parents", "Cargo.toml", "Cargo.lock", "src", "themes", "tests/it", "examples", "scripts"])
        .arg(&copy)
        .current_dir(REPO));
    // Vendoring is the step that needs the registry (or a warm cargo cache).
    sh(Command::new("bash").arg("scripts/vendor.sh").current_dir(&copy));
    assert!(copy.join("vendor").is_dir());
    let config = std::fs::read_to_string(copy.join(".cargo/config.toml")).unwrap();
    assert!(config.contains("directory = \"vendor\""), "{config}");
    let empty_home = tmp.path().join("cargo-home");
    std::fs::create_dir(&empty_home).unwrap();
    let out = sh(Command::new("cargo")
        .args(["fetch", "--locked", "--offline"])
        .current_dir(&copy)
        .env("CARGO_HOME", &empty_home)
        .env("CARGO_NET_OFFLINE", "true"));
    assert!(!out.contains("Downloading"), "{out}");
    assert!(!empty_home.join("registry").exists(), "nothing fetched from a registry");
    // Without vendor/ the offline build script refuses with a clear message.
    let bare = tmp.path().join("bare");
    std::fs::create_dir_all(bare.join("scripts")).unwrap();
    std::fs::copy(copy.join("scripts/offline-build.sh"), bare.join("scripts/offline-build.sh")).unwrap();
    let out = Command::new("bash").arg("scripts/offline-build.sh").current_dir(&bare).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("run scripts/vendor.sh"));
}
