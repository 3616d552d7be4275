//! The built app inside the server binary (feature `embedded-app`, which `cargo xtask build` and `run` use), so a
//! trust installs one file. On start, without `PATHDESK_DIST`, the server writes the app it carries to
//! `<data folder>/app/<fingerprint>/` (once per build: the fingerprint changes with any file) and serves it from
//! there, through the same code as a folder given by `PATHDESK_DIST` (precompressed files, cache rules, the app's
//! own paths). Several processes starting together each write to a folder of their own and rename it into place:
//! the first wins and the others use it.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::io;
use std::path::{Component, Path, PathBuf};

/// One file of the built app: its path inside `dist/` (with `/`) and its bytes.
pub type AppFile = (&'static str, &'static [u8]);

/// The app this binary carries, or `None` when it was built without it.
pub fn embedded() -> Option<Vec<AppFile>> {
    #[cfg(feature = "embedded-app")]
    {
        static APP: include_dir::Dir<'static> = include_dir::include_dir!("$CARGO_MANIFEST_DIR/../../dist");
        fn walk(dir: &'static include_dir::Dir<'static>, into: &mut Vec<AppFile>) {
            for file in dir.files() {
                if let Some(path) = file.path().to_str() {
                    into.push((path, file.contents()));
                }
            }
            for sub in dir.dirs() {
                walk(sub, into);
            }
        }
        let mut files = Vec::new();
        walk(&APP, &mut files);
        Some(files)
    }
    #[cfg(not(feature = "embedded-app"))]
    None
}

/// Write `files` to `<data_dir>/app/<fingerprint>/` unless they are there already, and return that folder.
pub fn unpack(files: &[AppFile], data_dir: &Path) -> io::Result<PathBuf> {
    if !files.iter().any(|(path, _)| *path == "index.html") {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "the app carried by this binary has no index.html"));
    }
    let mut sorted: Vec<&AppFile> = files.iter().collect();
    sorted.sort_by_key(|(path, _)| *path);
    let mut hasher = DefaultHasher::new();
    for (path, bytes) in &sorted {
        path.hash(&mut hasher);
        bytes.hash(&mut hasher);
    }
    let apps = data_dir.join("app");
    let folder = apps.join(format!("{:016x}", hasher.finish()));
    if folder.join("index.html").is_file() {
        return Ok(folder);
    }
    let unpacking = apps.join(format!(".unpacking-{}-{:x}", std::process::id(), rand_suffix()));
    for (path, bytes) in sorted {
        let relative = Path::new(path);
        // Only plain relative paths: nothing the build wrote can point outside the folder.
        if relative.components().any(|part| !matches!(part, Component::Normal(_))) {
            return Err(io::Error::new(io::ErrorKind::InvalidData, format!("the app file {path:?} has an odd path")));
        }
        let target = unpacking.join(relative);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(target, bytes)?;
    }
    match std::fs::rename(&unpacking, &folder) {
        Ok(()) => Ok(folder),
        // Another process put the same app in place first.
        Err(_) if folder.join("index.html").is_file() => {
            std::fs::remove_dir_all(&unpacking)?;
            Ok(folder)
        }
        Err(error) => Err(error),
    }
}

fn rand_suffix() -> u64 {
    let mut bytes = [0u8; 8];
    let _ = getrandom::fill(&mut bytes);
    u64::from_le_bytes(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const APP: &[AppFile] = &[
        ("index.html", b"<html>v1</html>"),
        ("pathdesk-0123456789abcdef_bg.wasm", b"\0asm"),
        ("icons/icon.svg", b"<svg/>"),
    ];

    #[test]
    fn the_app_is_written_once_per_build_and_a_new_build_gets_its_own_folder() {
        let data = tempfile::tempdir().unwrap();
        let folder = unpack(APP, data.path()).unwrap();
        assert_eq!(std::fs::read(folder.join("index.html")).unwrap(), b"<html>v1</html>");
        assert_eq!(std::fs::read(folder.join("icons/icon.svg")).unwrap(), b"<svg/>");
        assert_eq!(unpack(APP, data.path()).unwrap(), folder, "the same build: the same folder");
        let next: Vec<AppFile> = vec![("index.html", b"<html>v2</html>"), APP[1], APP[2]];
        let next_folder = unpack(&next, data.path()).unwrap();
        assert_ne!(next_folder, folder);
        assert_eq!(std::fs::read(next_folder.join("index.html")).unwrap(), b"<html>v2</html>");
        let leftovers = std::fs::read_dir(data.path().join("app")).unwrap().count();
        assert_eq!(leftovers, 2, "no half-written folders left behind");
    }

    #[test]
    fn an_app_without_its_page_or_with_a_path_out_of_its_folder_is_refused() {
        let data = tempfile::tempdir().unwrap();
        assert!(unpack(&APP[1..], data.path()).is_err());
        let escaping: Vec<AppFile> = vec![APP[0], ("../outside.txt", b"no")];
        assert!(unpack(&escaping, data.path()).is_err());
        assert!(!data.path().join("outside.txt").exists());
    }
}
