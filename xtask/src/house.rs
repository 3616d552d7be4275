//! `cargo xtask house`: the rules of the house, read from the source (see README, "Layout"):
//! - no import circle between sibling modules anywhere in the workspace (a module and what it contains are one
//!   room: `booking/` may use `booking/slots.rs` and back, but `booking/` and `command/` may not use each other);
//! - in the app, `desk/` imports nothing above it (no screen, no `ui`, no shell); a screen never imports another
//!   screen; `ui/` imports no screen and holds only pieces that two or more screens (or the shell) use;
//! - at most six `.rs` files at the root of `src/`, and every screen is a folder with its `mod.rs`;
//! - in the server, SQL only in `db/`.
//!
//! Paths are read as text: `crate::a::b`, `super::a` and `self::a` (with `{...}` groups) in code, comments left
//! out. A path names the deepest module it reaches.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use crate::process::{workspace_root, Result};

type ModPath = Vec<String>;

/// One crate's modules: each module's path, its file, and the modules its code names.
struct Crate {
    name: &'static str,
    modules: BTreeMap<ModPath, PathBuf>,
    uses: BTreeMap<ModPath, BTreeSet<ModPath>>,
}

/// The crates of the workspace whose source the rules read.
const CRATES: [(&str, &str); 3] = [("app", "src"), ("core", "crates/core/src"), ("server", "crates/server/src")];

/// Rules known to be broken still, one a line: a ratchet. A new break fails the check, and so does a line here
/// that no longer breaks (take it off the list), so the list only ever gets shorter.
pub const KNOWN_FILE: &str = "xtask/house-known.txt";

/// `cargo xtask house`: check every rule; print each broken one that is not on the known list.
pub fn check() -> Result {
    let root = workspace_root();
    let found = problems(&root);
    let known_text = fs::read_to_string(root.join(KNOWN_FILE)).unwrap_or_default();
    let known: BTreeSet<&str> =
        known_text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect();
    let new: Vec<&String> = found.iter().filter(|p| !known.contains(p.as_str())).collect();
    let fixed: Vec<&&str> = known.iter().filter(|k| !found.iter().any(|p| p == **k)).collect();
    for problem in &new {
        eprintln!("- broken: {problem}");
    }
    for line in &fixed {
        eprintln!("- fixed, so take it off {KNOWN_FILE}: {line}");
    }
    if new.is_empty() && fixed.is_empty() {
        println!(
            "The house rules hold: no new import circle, desk/ and ui/ import nothing above them, no screen imports \
             another, SQL only in the server's db/ ({} known break(s) still listed in {KNOWN_FILE}).",
            known.len()
        );
        return Ok(());
    }
    Err(format!("{} new house rule break(s), {} listed break(s) now fixed", new.len(), fixed.len()))
}

/// Every broken rule, in words.
pub fn problems(root: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for (name, dir) in CRATES {
        let krate = read_crate(name, &root.join(dir));
        problems.extend(circles(&krate));
        if name == "app" {
            problems.extend(app_rules(&krate, &root.join(dir)));
        }
        if name == "server" {
            problems.extend(sql_only_in_db(&krate));
        }
    }
    problems
}

fn read_crate(name: &'static str, src: &Path) -> Crate {
    let mut files = Vec::new();
    collect_rs(src, &mut files);
    let mut modules = BTreeMap::new();
    for file in files {
        let Ok(relative) = file.strip_prefix(src) else { continue };
        let mut parts: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
        if parts.first().is_some_and(|p| p == "bin") {
            continue; // separate binaries, each its own crate
        }
        let last = parts.pop().unwrap_or_default();
        let stem = last.trim_end_matches(".rs").to_string();
        if !(parts.is_empty() && (stem == "lib" || stem == "main")) && stem != "mod" {
            parts.push(stem);
        }
        modules.entry(parts).or_insert(file);
    }
    let mut uses = BTreeMap::new();
    for (module, file) in &modules {
        let text = fs::read_to_string(file).unwrap_or_default();
        let named: BTreeSet<ModPath> = paths_in(&code_only(&text))
            .into_iter()
            .filter_map(|path| absolute(module, &path))
            .filter_map(|path| deepest_module(&modules, &path))
            .filter(|target| target != module)
            .collect();
        uses.insert(module.clone(), named);
    }
    Crate { name, modules, uses }
}

fn collect_rs(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect_rs(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The text without comments (line comments and doc comments; block comments are not used in this codebase).
fn code_only(text: &str) -> String {
    text.lines()
        .map(|line| {
            let mut in_string = false;
            let bytes = line.as_bytes();
            for i in 0..bytes.len() {
                match bytes[i] {
                    b'"' if i == 0 || bytes[i - 1] != b'\\' => in_string = !in_string,
                    b'/' if !in_string && bytes.get(i + 1) == Some(&b'/') => return &line[..i],
                    _ => {}
                }
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every path that starts with `crate::`, `super::` or `self::`, with `{a, b::c}` groups expanded.
fn paths_in(code: &str) -> Vec<Vec<String>> {
    let bytes = code.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let at_word_start = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
        let starts = ["crate::", "super::", "self::"].iter().find(|s| bytes[i..].starts_with(s.as_bytes()));
        match starts {
            Some(start) if at_word_start && !(i >= 2 && &bytes[i - 2..i] == b"::") => {
                let head = start.trim_end_matches("::").to_string();
                let (paths, end) = parse_tree(code, i + start.len());
                for mut path in paths {
                    path.insert(0, head.clone());
                    found.push(path);
                }
                i = end.max(i + 1);
            }
            _ => i += 1,
        }
    }
    found
}

/// Parse `a::b::{c, d::e}` from `start`: the paths it names and where it ends.
fn parse_tree(code: &str, start: usize) -> (Vec<Vec<String>>, usize) {
    let bytes = code.as_bytes();
    let mut i = start;
    let mut prefix: Vec<String> = Vec::new();
    loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i < bytes.len() && bytes[i] == b'{' {
            let mut paths = Vec::new();
            i += 1;
            loop {
                while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b',') {
                    i += 1;
                }
                if i >= bytes.len() || bytes[i] == b'}' {
                    break;
                }
                let (inner, end) = parse_tree(code, i);
                for path in inner {
                    let mut full = prefix.clone();
                    full.extend(path);
                    paths.push(full);
                }
                if end == i {
                    i += 1;
                } else {
                    i = end;
                }
            }
            return (paths, i + 1);
        }
        let word_start = i;
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
            i += 1;
        }
        if i == word_start {
            return (vec![prefix], i);
        }
        prefix.push(code[word_start..i].to_string());
        if bytes[i..].starts_with(b"::") {
            i += 2;
        } else {
            return (vec![prefix], i);
        }
    }
}

/// A path from the crate root, or `None` if it leaves the crate.
fn absolute(module: &ModPath, path: &[String]) -> Option<ModPath> {
    // In `a/b.rs` and in `a/b/mod.rs` alike (module a::b), `self` is a::b and `super` is a.
    let mut base: ModPath = Vec::new();
    let mut rest = path;
    match rest.first().map(String::as_str) {
        Some("crate") => rest = &rest[1..],
        Some("self") => {
            base = module.clone();
            rest = &rest[1..];
        }
        Some("super") => {
            base = module.clone();
            while rest.first().map(String::as_str) == Some("super") {
                base.pop()?;
                rest = &rest[1..];
            }
        }
        _ => return None,
    }
    base.extend(rest.iter().cloned());
    Some(base)
}

fn deepest_module(modules: &BTreeMap<ModPath, PathBuf>, path: &[String]) -> Option<ModPath> {
    (0..=path.len()).rev().map(|n| path[..n].to_vec()).find(|prefix| modules.contains_key(prefix))
}

/// Circles between sibling modules: for each use `a -> b`, the rooms are the children of their common parent
/// that hold each (a use between a module and one inside it is not between rooms).
fn circles(krate: &Crate) -> Vec<String> {
    let mut graph: BTreeMap<ModPath, BTreeSet<ModPath>> = BTreeMap::new();
    let mut example: BTreeMap<(ModPath, ModPath), (ModPath, ModPath)> = BTreeMap::new();
    for (from, targets) in &krate.uses {
        for to in targets {
            let common = from.iter().zip(to).take_while(|(a, b)| a == b).count();
            if common == from.len() || common == to.len() {
                continue;
            }
            let a = from[..=common].to_vec();
            let b = to[..=common].to_vec();
            graph.entry(a.clone()).or_default().insert(b.clone());
            example.entry((a, b)).or_insert((from.clone(), to.clone()));
        }
    }
    let mut problems = Vec::new();
    let mut reported: BTreeSet<BTreeSet<ModPath>> = BTreeSet::new();
    for start in graph.keys() {
        if let Some(cycle) = cycle_from(&graph, start) {
            let members: BTreeSet<ModPath> = cycle.iter().cloned().collect();
            if !reported.insert(members) {
                continue;
            }
            let steps: Vec<String> = cycle
                .windows(2)
                .map(|pair| {
                    let (from, to) = &example[&(pair[0].clone(), pair[1].clone())];
                    format!("{} (in {})", show(&pair[1]), show(from) + " -> " + &show(to))
                })
                .collect();
            problems.push(format!("{}: import circle {} -> {}", krate.name, show(&cycle[0]), steps.join(" -> ")));
        }
    }
    problems
}

/// A path from `start` back to itself, if there is one.
fn cycle_from(graph: &BTreeMap<ModPath, BTreeSet<ModPath>>, start: &ModPath) -> Option<Vec<ModPath>> {
    let mut stack = vec![(start.clone(), vec![start.clone()])];
    let mut seen = BTreeSet::new();
    while let Some((node, path)) = stack.pop() {
        for next in graph.get(&node).into_iter().flatten() {
            if next == start {
                let mut cycle = path.clone();
                cycle.push(start.clone());
                return Some(cycle);
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push((next.clone(), longer));
            }
        }
    }
    None
}

fn show(path: &ModPath) -> String {
    if path.is_empty() {
        "crate".to_string()
    } else {
        path.join("::")
    }
}

fn top(path: &ModPath) -> &str {
    path.first().map(String::as_str).unwrap_or("")
}

fn app_rules(krate: &Crate, src: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for (from, targets) in &krate.uses {
        for to in targets {
            let (f, t) = (top(from), top(to));
            if f == "desk" && matches!(t, "screens" | "ui" | "app") {
                problems.push(format!("app: desk/ imports above it: {} uses {}", show(from), show(to)));
            }
            if f == "ui" && matches!(t, "screens" | "app") {
                problems.push(format!("app: ui/ imports a screen or the shell: {} uses {}", show(from), show(to)));
            }
            if f == "screens" && t == "screens" && from.len() > 1 && to.len() > 1 && from[1] != to[1] {
                problems.push(format!("app: a screen imports another screen: {} uses {}", show(from), show(to)));
            }
        }
    }
    // ui/ pieces: each used by two or more screens or the shell.
    let pieces: BTreeSet<ModPath> = krate.modules.keys().filter(|m| top(m) == "ui" && m.len() == 2).cloned().collect();
    for piece in &pieces {
        let users: BTreeSet<String> = krate
            .uses
            .iter()
            .filter(|(from, targets)| !from.starts_with(piece) && targets.iter().any(|t| t.starts_with(piece)))
            .map(|(from, _)| match top(from) {
                "screens" => from.get(1).map(|s| format!("screens::{s}")).unwrap_or_default(),
                "ui" => from.get(1).map(|s| format!("ui::{s}")).unwrap_or_default(),
                other => other.to_string(),
            })
            .collect();
        if users.len() < 2 {
            problems.push(format!(
                "app: {} has {} user(s) ({}): a piece with one user belongs in that screen's folder",
                show(piece),
                users.len(),
                users.into_iter().collect::<Vec<_>>().join(", ")
            ));
        }
    }
    let root_files = fs::read_dir(src)
        .map(|entries| entries.flatten().filter(|e| e.path().extension().is_some_and(|x| x == "rs")).count())
        .unwrap_or(0);
    if root_files > 6 {
        problems.push(format!("app: src/ has {root_files} .rs files at its root; at most six"));
    }
    if let Ok(entries) = fs::read_dir(src.join("screens")) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_file() && path.file_name().is_some_and(|n| n != "mod.rs") {
                problems.push(format!(
                    "app: src/screens/{} is a screen without its folder",
                    entry.file_name().to_string_lossy()
                ));
            }
            if path.is_dir() && !path.join("mod.rs").exists() {
                problems.push(format!("app: src/screens/{} has no mod.rs", entry.file_name().to_string_lossy()));
            }
        }
    }
    problems
}

fn sql_only_in_db(krate: &Crate) -> Vec<String> {
    let mut problems = Vec::new();
    for (module, file) in &krate.modules {
        if top(module) == "db" {
            continue;
        }
        let code = code_only(&fs::read_to_string(file).unwrap_or_default());
        if ["sqlx::query", "query_as(", "query_scalar(", ".execute(", "query(\""].iter().any(|s| code.contains(s)) {
            problems.push(format!("server: SQL outside db/ in {}", show(module)));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_house_rules_hold_in_this_workspace_but_for_the_listed_breaks() {
        check().expect("see the lines above");
    }

    #[test]
    fn grouped_and_relative_paths_are_read() {
        let code = code_only("use crate::desk::{store::{self, Store}, sync::driver};\n// crate::ui::not_code\nlet x = super::model::f();");
        let paths = paths_in(&code);
        let shown: Vec<String> = paths.iter().map(|p| p.join("::")).collect();
        assert!(shown.contains(&"crate::desk::store::self".to_string()), "{shown:?}");
        assert!(shown.contains(&"crate::desk::store::Store".to_string()), "{shown:?}");
        assert!(shown.contains(&"crate::desk::sync::driver".to_string()), "{shown:?}");
        assert!(shown.contains(&"super::model::f".to_string()), "{shown:?}");
        assert!(!shown.iter().any(|p| p.contains("not_code")), "comments are not code: {shown:?}");
        let module = vec!["screens".to_string(), "today".to_string()];
        assert_eq!(absolute(&module, &paths[3]), Some(vec!["screens".into(), "model".into(), "f".into()]));
    }

    #[test]
    fn a_circle_between_siblings_is_found_and_one_inside_a_room_is_not() {
        let p = |s: &str| s.split("::").map(String::from).collect::<ModPath>();
        let modules: BTreeMap<ModPath, PathBuf> =
            ["a", "a::x", "b", "c"].iter().map(|m| (p(m), PathBuf::from(m))).collect();
        let mut uses: BTreeMap<ModPath, BTreeSet<ModPath>> = BTreeMap::new();
        uses.entry(p("a")).or_default().insert(p("a::x"));
        uses.entry(p("a::x")).or_default().insert(p("a"));
        let krate = Crate { name: "t", modules: modules.clone(), uses: uses.clone() };
        assert!(circles(&krate).is_empty(), "a module and its child are one room");
        uses.entry(p("a::x")).or_default().insert(p("b"));
        uses.entry(p("b")).or_default().insert(p("c"));
        uses.entry(p("c")).or_default().insert(p("a"));
        let krate = Crate { name: "t", modules, uses };
        let found = circles(&krate);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("a -> b") && found[0].contains("c"), "{found:?}");
    }
}
