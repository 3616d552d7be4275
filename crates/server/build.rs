//! With the `embedded-app` feature the binary carries `dist/` (see `src/app_files.rs`): build again whenever the
//! app is built again, which `include_dir!` alone does not notice.
fn main() {
    if std::env::var_os("CARGO_FEATURE_EMBEDDED_APP").is_some() {
        println!("cargo:rerun-if-changed=../../dist");
    } else {
        println!("cargo:rerun-if-changed=build.rs");
    }
}
