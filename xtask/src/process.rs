//! Running other programs: every command is echoed before it runs, and a failure says which command failed.

use std::path::Path;
use std::process::{Command, ExitStatus};

pub type Result<T = ()> = std::result::Result<T, String>;

/// Echo `cmd`, run it with inherited output, and fail with a clear message if it does not succeed.
pub fn run(cmd: &mut Command) -> Result {
    let status = status(cmd)?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", describe(cmd)))
    }
}

pub fn status(cmd: &mut Command) -> Result<ExitStatus> {
    println!("$ {}", describe(cmd));
    cmd.status().map_err(|e| format!("could not start `{}`: {e}", describe(cmd)))
}

/// The trimmed standard output of a command, or None if it could not run or failed.
pub fn output_of(cmd: &mut Command) -> Option<String> {
    let out = cmd.output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

pub fn describe(cmd: &Command) -> String {
    let mut words = vec![cmd.get_program().to_string_lossy().into_owned()];
    words.extend(cmd.get_args().map(|a| a.to_string_lossy().into_owned()));
    words.join(" ")
}

pub fn exists(path: impl AsRef<Path>) -> bool {
    path.as_ref().exists()
}

/// The folder that holds the workspace's Cargo.toml.
pub fn workspace_root() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}
