//! Bad input: every error names the file (and line), exits 1, never panics.

use crate::fixture::*;

#[test]
fn unknown_config_key_names_key_and_file() {
    let f = Fixture::small();
    f.write("site.toml", "title = \"x\"\nbase_ulr = \"/\"\n");
    let err = f.build_err();
    assert!(err.contains("site.toml:2") && err.contains("base_ulr"), "{err}");
}

#[test]
fn malformed_front_matter_names_file_and_line() {
    let f = Fixture::small();
    f.write("content/a.md", "+++\ntitle = \"a\"\ndate = = 2\n+++\n");
    let err = f.build_err();
    assert!(err.contains("content/a.md:3"), "{err}");
}

#[test]
fn mistyped_front_matter_key() {
    let f = Fixture::small();
    f.write("content/a.md", "---\ntitle: a\ntitel: b\n---\n");
    let err = f.build_err();
    assert!(err.contains("content/a.md:3") && err.contains("titel"), "{err}");
}

#[test]
fn invalid_utf8_names_file_and_line() {
    let f = Fixture::small();
    f.write("content/a.md", b"+++\ntitle = \"a\"\n+++\n\xff\xfe\n".as_slice());
    let err = f.build_err();
    assert!(err.contains("content/a.md:4") && err.contains("UTF-8"), "{err}");
}

#[test]
fn missing_internal_link_target() {
    let f = Fixture::small();
    f.write("content/a.md", "+++\ntitle = \"a\"\n+++\n\n[x](@/reports/2099/none.md)\n");
    let err = f.build_err();
    assert!(err.contains("content/a.md:5") && err.contains("@/reports/2099/none.md"), "{err}");
}

#[test]
fn unknown_template_named() {
    let f = Fixture::small();
    f.write("content/a.md", "+++\ntitle = \"a\"\ntemplate = \"nope.html\"\n+++\n");
    let err = f.build_err();
    assert!(err.contains("nope.html") && err.contains("content/a.md"), "{err}");
}

#[test]
fn template_error_names_template_and_variable() {
    let f = Fixture::small();
    f.write("templates/page.html", "<p>{{ page.no_such_field }}</p>");
    let err = f.build_err();
    assert!(err.contains("templates/page.html") && err.contains("no_such_field"), "{err}");
}

#[test]
fn template_syntax_error_names_template_and_line() {
    let f = Fixture::small();
    f.write("templates/section.html", "<p>\n{% if %}</p>");
    let err = f.build_err();
    assert!(err.contains("templates/section.html:2:"), "{err}");
}

#[test]
fn a_tera_1_macro_is_an_error_that_shows_the_component_form() {
    let f = Fixture::small();
    f.write(
        "templates/partials/mine.html",
        "{# a theme written for Tera 1 #}\n{% macro badge(x) %}<b>{{ x }}</b>{% endmacro badge %}",
    );
    let err = f.build_err();
    assert!(err.contains("templates/partials/mine.html:2:") && err.contains("Unknown tag"), "{err}");
    assert!(err.contains("{% component card(p, h=3) %}") && err.contains("{{ <card p={p}/> }}"), "{err}");
}

#[test]
fn a_site_template_can_call_the_theme_components() {
    let f = Fixture::small();
    f.write(
        "templates/404.html",
        "<!DOCTYPE html><title>x</title><p>{{ <pages_unit n={1}/> }}|{{ <kind k={\"case\"}/> }}</p>",
    );
    f.build();
    let html = f.read("404.html");
    assert!(html.contains("<p>篇|案例</p>"), "{html}");
}

#[test]
fn bad_date_is_an_error() {
    let f = Fixture::small();
    f.write("content/a.md", "+++\ntitle = \"a\"\ndate = \"March\"\n+++\n");
    let err = f.build_err();
    assert!(err.contains("content/a.md:3") && err.contains("date"), "{err}");
}

#[test]
fn unconfigured_language_suffix() {
    let f = Fixture::small();
    f.write("content/a.fr.md", "+++\ntitle = \"a\"\n+++\n");
    let err = f.build_err();
    assert!(err.contains("content/a.fr.md") && err.contains("fr"), "{err}");
}

#[test]
fn missing_site_toml() {
    let f = Fixture::small();
    f.remove("site.toml");
    let err = f.build_err();
    assert!(err.contains("site.toml"), "{err}");
}

#[test]
fn duplicate_url() {
    let f = Fixture::small();
    f.write("content/x/a.md", "+++\ntitle = \"a\"\n+++\n");
    f.write("content/x/b.md", "+++\ntitle = \"b\"\nslug = \"a\"\n+++\n");
    let err = f.build_err();
    assert!(err.contains("content/x/b.md") && err.contains("already used"), "{err}");
}

#[cfg(unix)]
#[test]
fn unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    let f = Fixture::small();
    f.write("content/a.md", "+++\ntitle = \"a\"\n+++\n");
    let p = f.root().join("content/a.md");
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&p).is_ok() {
        return; // running as root: permissions are not enforced
    }
    let err = f.build_err();
    assert!(err.contains("content/a.md"), "{err}");
}
