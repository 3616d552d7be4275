//! Builds the app with Trunk, then makes the output fit a strict Content-Security-Policy and shrinks the wasm.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::process::{run, workspace_root, Result};
use crate::tools;

pub fn dist_dir() -> PathBuf {
    workspace_root().join("dist")
}

/// `trunk build --release`, the loader moved out of index.html, then wasm-opt -Oz when it could be installed.
pub fn app_release() -> Result {
    app(AppProfile::Release)
}

/// Which build of the app: `Release` is what ships; `Debug` builds in a fraction of the time, for iterating on
/// end-to-end tests (`cargo xtask e2e --debug`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum AppProfile {
    Release,
    Debug,
}

pub fn app(profile: AppProfile) -> Result {
    tools::build_tools()?;
    let root = workspace_root();
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut dirs = vec![tools::tool("trunk").parent().map(Path::to_path_buf).unwrap_or_default()];
    dirs.extend(std::env::split_paths(&path));
    let path = std::env::join_paths(dirs).map_err(|e| e.to_string())?;
    let mut trunk = Command::new(tools::tool("trunk"));
    trunk.arg("build");
    if profile == AppProfile::Release {
        trunk.arg("--release");
    }
    run(trunk
        .arg("--dist")
        .arg(dist_dir())
        .current_dir(&root)
        .env("PATH", path)
        .env("TRUNK_NO_COLOR", "true")
        .env("NO_COLOR", "true"))?;
    externalise_loader(&dist_dir())?;
    if profile == AppProfile::Debug {
        return Ok(());
    }
    match tools::wasm_opt() {
        Some(wasm_opt) => optimise_wasm(&wasm_opt, &dist_dir())?,
        None => println!("NOTICE: wasm-opt skipped."),
    }
    minify_glue(&dist_dir())?;
    precompress(&dist_dir())
}

/// `.br` and `.gz` beside every shipped file (`xtask/precompress.mjs`), which the server sends as they are.
/// Without Node.js (which the tests need anyway) the app is served compressed on the fly instead.
fn precompress(dist: &Path) -> Result {
    if Command::new("node").arg("--version").output().is_err() {
        println!("NOTICE: node is not installed; the app is shipped without .br/.gz files (compressed on the fly).");
        return Ok(());
    }
    run(Command::new("node").arg(workspace_root().join("xtask/precompress.mjs")).arg(dist))
}

/// wasm-bindgen's JavaScript glue, minified by terser (npm, installed with wasm-opt): its comments, spaces and
/// long local names are a quarter of what the browser downloads as JavaScript. The file keeps its name (Trunk's
/// hash of the unminified glue, the same every build).
fn minify_glue(dist: &Path) -> Result {
    let terser = workspace_root().join("xtask/node_modules/.bin/terser");
    if !terser.exists() {
        println!("NOTICE: terser is not installed; the JavaScript is shipped unminified.");
        return Ok(());
    }
    let entries = fs::read_dir(dist).map_err(|e| format!("cannot list {}: {e}", dist.display()))?;
    for path in entries.flatten().map(|entry| entry.path()) {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if name.starts_with("pathdesk-") && name.ends_with(".js") {
            let before = fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            run(Command::new(&terser).arg(&path).args(["--module", "--compress", "--mangle", "-o"]).arg(&path))?;
            let after = fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            println!("terser: {} KB -> {} KB", before / 1024, after / 1024);
        }
    }
    Ok(())
}

/// Trunk writes its loader as an inline `<script type="module">`. The CSP forbids inline script, so the loader is
/// moved into a file named after its content, referenced by `src`.
pub fn externalise_loader(dist: &Path) -> Result {
    let index_path = dist.join("index.html");
    let html = fs::read_to_string(&index_path).map_err(|e| format!("cannot read {}: {e}", index_path.display()))?;
    let (html, scripts) = move_inline_scripts(&html);
    for (name, body) in &scripts {
        fs::write(dist.join(name), body).map_err(|e| format!("cannot write {name}: {e}"))?;
    }
    fs::write(&index_path, html).map_err(|e| format!("cannot write {}: {e}", index_path.display()))?;
    println!("Moved {} inline script(s) out of index.html for the Content-Security-Policy.", scripts.len());
    Ok(())
}

/// Replace every inline `<script ...>body</script>` with `<script ... src="/boot-HASH.js"></script>`; returns the
/// new HTML and the files to write.
fn move_inline_scripts(html: &str) -> (String, Vec<(String, String)>) {
    let mut out = String::with_capacity(html.len());
    let mut files = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let Some(open_end) = rest[start..].find('>').map(|i| start + i) else { break };
        let Some(close) = rest[open_end..].find("</script>").map(|i| open_end + i) else { break };
        let open_tag = &rest[start..open_end];
        let body = &rest[open_end + 1..close];
        out.push_str(&rest[..start]);
        if open_tag.contains(" src=") || body.trim().is_empty() {
            out.push_str(&rest[start..close + "</script>".len()]);
        } else {
            let name = format!("boot-{:016x}.js", fnv1a(body.as_bytes()));
            out.push_str(&format!("{open_tag} src=\"/{name}\"></script>"));
            files.push((name, body.trim().to_string() + "\n"));
        }
        rest = &rest[close + "</script>".len()..];
    }
    out.push_str(rest);
    (out, files)
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

fn optimise_wasm(wasm_opt: &Path, dist: &Path) -> Result {
    let entries = fs::read_dir(dist).map_err(|e| format!("cannot list {}: {e}", dist.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "wasm") {
            let before = fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            run(Command::new(wasm_opt)
                .arg("-Oz")
                .args(["--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext"])
                .args(["--enable-mutable-globals", "--enable-reference-types", "--enable-multivalue"])
                .arg(&path)
                .arg("-o")
                .arg(&path))?;
            let after = fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            println!("wasm-opt -Oz: {} KB -> {} KB", before / 1024, after / 1024);
        }
    }
    Ok(())
}

/// Which build of the server: `Dev` shares its build with the tests; `Server` is the optimised profile.
#[derive(Clone, Copy)]
pub enum ServerProfile {
    Dev,
    Server,
}

/// Build the server. `with_app`: the binary carries the built app (`dist/`, which must be built first), so it is
/// the one file a trust installs; without it, the server serves `PATHDESK_DIST`.
pub fn server(profile: ServerProfile, with_app: bool) -> Result {
    let mut cmd = Command::new("cargo");
    cmd.args(["build", "-p", "pathdesk-server"]).current_dir(workspace_root());
    if let ServerProfile::Server = profile {
        cmd.args(["--profile", "server"]);
    }
    if with_app {
        cmd.args(["--features", "embedded-app"]);
    }
    run(&mut cmd)
}

pub fn server_binary(profile: ServerProfile) -> PathBuf {
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| workspace_root().join("target"));
    let folder = match profile {
        ServerProfile::Dev => "debug",
        ServerProfile::Server => "server",
    };
    target.join(folder).join("pathdesk-server")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_loader_moves_to_a_file_and_external_scripts_stay() {
        let html = "<head><script src=\"/a.js\"></script><script type=\"module\">import init from '/x.js';\ninit();</script></head>";
        let (out, files) = move_inline_scripts(html);
        assert_eq!(files.len(), 1);
        let (name, body) = &files[0];
        assert!(name.starts_with("boot-") && name.ends_with(".js"));
        assert!(body.contains("init();"));
        assert!(out.contains("<script src=\"/a.js\"></script>"));
        assert!(out.contains(&format!("<script type=\"module\" src=\"/{name}\"></script>")));
        assert!(!out.contains("init();"), "no inline script may remain: {out}");
    }

    #[test]
    fn the_file_name_follows_the_content() {
        let (_, a) = move_inline_scripts("<script>one()</script>");
        let (_, b) = move_inline_scripts("<script>two()</script>");
        assert_ne!(a[0].0, b[0].0);
    }
}
