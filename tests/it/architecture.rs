//! The module graph of the library has no cycles, and the command line
//! (`src/cmd/`) is used by the binary only. Read from the sources, so a new
//! `use crate::…` that closes a cycle fails here, naming the file and line.
//!
//! The scan follows the module declarations from `src/lib.rs` and
//! `src/main.rs`, so it knows which top-level module each file belongs to,
//! and which files are test modules: a file declared under `#[cfg(test)]`
//! (`#[cfg(test)] mod tests;`, with or without `#[path]`) is test code, like
//! every item under `#[cfg(test)]` in a file, and tests may reach anywhere.
//! Comments and string literals are blanked first, so neither counts as a
//! use. Every `.rs` file under `src/` must be reached by a declaration: none
//! is skipped by its name.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Top-level module → the top-level modules its non-test code names, each
/// with where (`render/jobs.rs:70`).
type Graph = BTreeMap<String, BTreeMap<String, Vec<String>>>;

/// Where the scan looked: the graph, the files scanned and the test-module files.
struct Scan {
    graph: Graph,
    scanned: BTreeSet<PathBuf>,
    tests: BTreeSet<PathBuf>,
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The source with comments, string and character literals replaced by
/// spaces (newlines kept, byte offsets unchanged).
fn skeleton(text: &str) -> Vec<u8> {
    let src = text.as_bytes();
    let mut out = src.to_vec();
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for b in &mut out[from..to.min(src.len())] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    };
    let mut i = 0;
    while i < src.len() {
        let prev_ident = i > 0 && is_ident(src[i - 1]);
        match src[i] {
            b'/' if src.get(i + 1) == Some(&b'/') => {
                let end = src[i..].iter().position(|&b| b == b'\n').map_or(src.len(), |n| i + n);
                blank(&mut out, i, end);
                i = end;
            }
            b'/' if src.get(i + 1) == Some(&b'*') => {
                let (mut depth, mut j) = (0, i);
                while j < src.len() {
                    if src[j..].starts_with(b"/*") {
                        depth += 1;
                        j += 2;
                    } else if src[j..].starts_with(b"*/") {
                        depth -= 1;
                        j += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        j += 1;
                    }
                }
                blank(&mut out, i, j);
                i = j;
            }
            b'r' if !prev_ident || (i >= 1 && src[i - 1] == b'b' && (i < 2 || !is_ident(src[i - 2]))) => {
                let hashes = src[i + 1..].iter().take_while(|&&b| b == b'#').count();
                if src.get(i + 1 + hashes) == Some(&b'"') {
                    let close: Vec<u8> = std::iter::once(b'"').chain(std::iter::repeat_n(b'#', hashes)).collect();
                    let body = i + 2 + hashes;
                    let end = src[body..].windows(close.len()).position(|w| w == close).map_or(src.len(), |n| body + n);
                    blank(&mut out, body, end);
                    i = end + close.len();
                } else {
                    i += 1;
                }
            }
            b'"' => {
                let mut j = i + 1;
                while j < src.len() && src[j] != b'"' {
                    j += if src[j] == b'\\' { 2 } else { 1 };
                }
                blank(&mut out, i + 1, j);
                i = j + 1;
            }
            b'\'' => {
                // A character literal ('{', '\n', '\u{7f}'), or a lifetime ('a).
                let end = if src.get(i + 1) == Some(&b'\\') {
                    src[i + 2..].iter().position(|&b| b == b'\'').map(|n| i + 2 + n)
                } else {
                    let width = text[i + 1..].chars().next().map_or(1, char::len_utf8);
                    (src.get(i + 1 + width) == Some(&b'\'')).then_some(i + 1 + width)
                };
                match end {
                    Some(end) => {
                        blank(&mut out, i + 1, end);
                        i = end + 1;
                    }
                    None => i += 1,
                }
            }
            _ => i += 1,
        }
    }
    out
}

/// The index of the bracket closing the one at `open` (`{`, `[` or `(`).
fn closing(code: &[u8], open: usize) -> usize {
    let (o, c) = match code[open] {
        b'{' => (b'{', b'}'),
        b'[' => (b'[', b']'),
        _ => (b'(', b')'),
    };
    let mut depth = 0;
    for (j, &b) in code.iter().enumerate().skip(open) {
        if b == o {
            depth += 1;
        } else if b == c {
            depth -= 1;
            if depth == 0 {
                return j;
            }
        }
    }
    code.len() - 1
}

fn skip_ws(code: &[u8], mut i: usize) -> usize {
    while i < code.len() && code[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// Byte ranges of the items under `#[cfg(test)]`: the attribute, the ones
/// after it and the item up to its `;` or its closing brace.
fn test_items(code: &[u8]) -> Vec<(usize, usize)> {
    const ATTR: &[u8] = b"#[cfg(test)]";
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(n) = code[i..].windows(ATTR.len()).position(|w| w == ATTR) {
        let start = i + n;
        let mut j = skip_ws(code, start + ATTR.len());
        while code[j..].starts_with(b"#[") {
            j = skip_ws(code, closing(code, j + 1) + 1);
        }
        let mut end = code.len() - 1;
        while j < code.len() {
            match code[j] {
                b'(' | b'[' => j = closing(code, j) + 1,
                b';' => {
                    end = j;
                    break;
                }
                b'{' => {
                    end = closing(code, j);
                    break;
                }
                _ => j += 1,
            }
        }
        out.push((start, end + 1));
        i = end + 1;
    }
    out
}

/// `mod name;` declarations: name, `#[path]` if any, and whether test-only.
fn declarations(text: &str, code: &[u8], tests: &[(usize, usize)]) -> Vec<(String, Option<String>, bool)> {
    let mut out = Vec::new();
    for (at, _) in code.windows(4).enumerate().filter(|(_, w)| w == b"mod ") {
        if at > 0 && is_ident(code[at - 1]) {
            continue;
        }
        let from = skip_ws(code, at + 4);
        let len = code[from..].iter().take_while(|&&b| is_ident(b)).count();
        if len == 0 || code.get(skip_ws(code, from + len)) != Some(&b';') {
            continue;
        }
        let name = text[from..from + len].to_string();
        // Walk back over the visibility and the attributes.
        let mut k = at;
        let back = |k: usize| code[..k].iter().rposition(|b| !b.is_ascii_whitespace()).map_or(0, |p| p + 1);
        k = back(k);
        if k > 0 && code[k - 1] == b')' {
            k = code[..k - 1].iter().rposition(|&b| b == b'(').unwrap_or(k);
            k = back(k);
        }
        if code[..k].ends_with(b"pub") {
            k = back(k - 3);
        }
        let mut path = None;
        while k > 0 && code[k - 1] == b']' {
            let open = code[..k - 1].iter().rposition(|&b| b == b'[').expect("attribute start");
            let attr = &text[open + 1..k - 1];
            if let Some(rest) = attr.trim().strip_prefix("path") {
                path = rest
                    .trim()
                    .trim_start_matches('=')
                    .trim()
                    .strip_prefix('"')
                    .map(|s| s.trim_end_matches('"').to_string());
            }
            k = back(open.saturating_sub(1));
        }
        let test = tests.iter().any(|&(s, e)| s <= at && at < e);
        out.push((name, path, test));
    }
    out
}

/// The top-level modules that `code` names (`crate::x`, `crate::{x, y::z}`,
/// `super::…` up to the crate root), with their byte offsets.
fn references(code: &[u8], depth: usize) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let ident_at = |i: usize| -> String {
        let i = skip_ws(code, i);
        String::from_utf8_lossy(&code[i..i + code[i..].iter().take_while(|&&b| is_ident(b)).count()]).into_owned()
    };
    let named_at = |i: usize, at: usize, out: &mut Vec<(String, usize)>| {
        let i = skip_ws(code, i);
        if code.get(i) == Some(&b'{') {
            let end = closing(code, i);
            let mut item = i + 1;
            let mut j = i + 1;
            while j <= end {
                match code[j] {
                    b'{' | b'(' | b'[' => j = closing(code, j) + 1,
                    b',' | b'}' => {
                        let name = ident_at(item);
                        if !name.is_empty() && name != "self" {
                            out.push((name, at));
                        }
                        item = j + 1;
                        j += 1;
                    }
                    _ => j += 1,
                }
            }
        } else {
            let name = ident_at(i);
            if !name.is_empty() {
                out.push((name, at));
            }
        }
    };
    for i in 0..code.len() {
        let start = i == 0 || !(is_ident(code[i - 1]) || code[i - 1] == b'$' || code[i - 1] == b':');
        if !start {
            continue;
        }
        if code[i..].starts_with(b"crate::") {
            named_at(i + 7, i, &mut out);
        } else if code[i..].starts_with(b"super::") {
            let mut j = i;
            let mut up = 0;
            while code[j..].starts_with(b"super::") {
                up += 1;
                j += 7;
            }
            if up >= depth {
                named_at(j, i, &mut out);
            }
        }
    }
    out
}

/// The file of module `name` declared in `file` (a `mod.rs`, `lib.rs` or
/// `main.rs` owns its folder; `x.rs` owns `x/`).
fn module_file(file: &Path, name: &str, path_attr: Option<&str>) -> PathBuf {
    let dir = file.parent().expect("parent");
    if let Some(p) = path_attr {
        return dir.join(p);
    }
    let stem = file.file_stem().expect("stem").to_string_lossy();
    let base = if ["mod", "lib", "main"].contains(&stem.as_ref()) { dir.to_path_buf() } else { dir.join(&*stem) };
    let flat = base.join(format!("{name}.rs"));
    if flat.exists() { flat } else { base.join(name).join("mod.rs") }
}

fn scan_src() -> Scan {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut scan = Scan { graph: Graph::new(), scanned: BTreeSet::new(), tests: BTreeSet::new() };
    // (file, module path from the crate root, test-only)
    let mut queue: Vec<(PathBuf, Vec<String>, bool)> =
        vec![(src.join("lib.rs"), Vec::new(), false), (src.join("main.rs"), Vec::new(), false)];
    while let Some((file, module, test)) = queue.pop() {
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let code = skeleton(&text);
        let tests = test_items(&code);
        for (name, path, test_decl) in declarations(&text, &code, &tests) {
            let child = module_file(&file, &name, path.as_deref());
            assert!(child.is_file(), "{}: `mod {name};` names no file ({})", file.display(), child.display());
            queue.push((child, module.iter().cloned().chain([name]).collect(), test || test_decl));
        }
        if test {
            scan.tests.insert(file);
            continue;
        }
        let mut code = code;
        for (s, e) in tests {
            code[s..e].iter_mut().filter(|b| **b != b'\n').for_each(|b| *b = b' ');
        }
        let rel = file.strip_prefix(&src).expect("under src").to_string_lossy().replace('\\', "/");
        if let Some(top) = module.first() {
            let deps = scan.graph.entry(top.clone()).or_default();
            for (name, at) in references(&code, module.len()) {
                if name != *top {
                    let line = code[..at].iter().filter(|&&b| b == b'\n').count() + 1;
                    deps.entry(name).or_default().push(format!("{rel}:{line}"));
                }
            }
        }
        scan.scanned.insert(file);
    }
    // Only names of top-level modules are modules (`crate::Foo` is an item of the root).
    let tops: BTreeSet<String> = scan.graph.keys().cloned().collect();
    for deps in scan.graph.values_mut() {
        deps.retain(|d, _| tops.contains(d));
    }
    scan
}

/// A path of modules from `from` to `to`, if there is one.
fn path(graph: &Graph, from: &str, to: &str) -> Option<Vec<String>> {
    let mut came: BTreeMap<String, String> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([from.to_string()]);
    while let Some(m) = queue.pop_front() {
        for d in graph.get(&m).into_iter().flat_map(|deps| deps.keys()) {
            if d == to {
                let mut out = vec![to.to_string(), m.clone()];
                let mut cur = m.clone();
                while let Some(p) = came.get(&cur) {
                    out.push(p.clone());
                    cur = p.clone();
                }
                out.reverse();
                return Some(out);
            }
            if d != from && !came.contains_key(d) {
                came.insert(d.clone(), m.clone());
                queue.push_back(d.clone());
            }
        }
    }
    None
}

#[test]
fn library_modules_form_no_cycle() {
    let scan = scan_src();
    let graph = &scan.graph;
    let mut cycles = Vec::new();
    for (m, deps) in graph {
        for (d, places) in deps {
            if let Some(back) = path(graph, d, m) {
                cycles.push(format!("{m} -> {d} (at {}), and back: {}", places.join(", "), back.join(" -> ")));
            }
        }
    }
    assert!(cycles.is_empty(), "module edges on a cycle:\n  {}", cycles.join("\n  "));
    assert!(graph.len() > 10, "the scan found the modules: {:?}", graph.keys());
}

#[test]
fn every_source_file_is_scanned_or_a_test_module() {
    let scan = scan_src();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let path = entry.expect("walk src").into_path();
        if path.extension().is_some_and(|e| e == "rs") {
            assert!(
                scan.scanned.contains(&path) || scan.tests.contains(&path),
                "{} is declared by no module",
                path.display()
            );
        }
    }
    for test_module in [
        "commitments/tests.rs",
        "search/tests.rs",
        "search/tokenize/tests.rs",
        "markdown/tests.rs",
        "serve/watch_tests.rs",
    ] {
        assert!(scan.tests.contains(&src.join(test_module)), "{test_module} is a test module: {:?}", scan.tests);
    }
    // Code after a `#[cfg(test)]` item is still scanned.
    assert!(scan.scanned.contains(&src.join("search/tokenize/mod.rs")));
    let build = &scan.graph["build"];
    assert!(build["commitments"].iter().any(|at| at.starts_with("build/render.rs:")), "{build:?}");
}

#[test]
fn the_scan_reads_uses_not_comments_strings_or_tests() {
    let text = r##"
use crate::{alpha::A, beta, self};
// crate::comment
/* crate::block /* nested */ crate::block2 */
const S: &str = "crate::string";
const R: &str = r#"crate::raw"#;
const C: char = '{';
#[cfg(test)]
fn helper(x: [u8; 2]) -> u8 { crate::in_test::f() }
fn f<'a>(s: &'a str) -> &'a str { crate::gamma::g(s); super::super::delta::h(); s }
#[cfg(test)]
mod tests;
#[cfg(test)]
#[path = "x_tests.rs"]
mod more;
pub(crate) mod real;
"##;
    let code = skeleton(text);
    let tests = test_items(&code);
    let mut code_only = code.clone();
    for &(s, e) in &tests {
        code_only[s..e].iter_mut().for_each(|b| *b = b' ');
    }
    let names: BTreeSet<String> = references(&code_only, 2).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["alpha", "beta", "delta", "gamma"].map(String::from).into_iter().collect());
    let decls = declarations(text, &code, &tests);
    assert_eq!(
        decls,
        [
            ("tests".to_string(), None, true),
            ("more".to_string(), Some("x_tests.rs".to_string()), true),
            ("real".to_string(), None, false)
        ]
    );
}

#[test]
fn only_the_binary_uses_the_command_line() {
    let graph = scan_src().graph;
    assert!(graph.get("cmd").is_none_or(|d| d.is_empty()), "cmd is the binary's: {:?}", graph.get("cmd"));
    let users: Vec<&String> = graph.iter().filter(|(_, deps)| deps.contains_key("cmd")).map(|(m, _)| m).collect();
    assert!(users.is_empty(), "library modules using cmd: {users:?}");
    let archive = &graph["archive"];
    assert!(!archive.contains_key("build"), "archive must not build: {archive:?}");
}
