//! `pathway-cases FILE`: evaluates a file of waiting-time cases (format: `pathway-examples.md`) and prints
//! `{"results": [...]}`. Exits 1 when the file cannot be read or is not a case file, 2 on wrong usage.

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [path] = args.as_slice() else {
        eprintln!("usage: pathway-cases FILE   (a JSON case file, see pathway-examples.md)");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("pathway-cases: cannot read {path}: {e}");
            return ExitCode::from(1);
        }
    };
    match pathdesk_core::cases::evaluate_file(&text) {
        Ok(results) => match serde_json::to_string_pretty(&results) {
            // A reader that stops early (`| head`) is not an error worth a panic: stop quietly.
            Ok(json) => match writeln!(std::io::stdout().lock(), "{json}") {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("pathway-cases: could not write the results: {e}");
                    ExitCode::from(1)
                }
            },
            Err(e) => {
                eprintln!("pathway-cases: could not write the results: {e}");
                ExitCode::from(1)
            }
        },
        Err(e) => {
            eprintln!("pathway-cases: {path}: {e}");
            ExitCode::from(1)
        }
    }
}
