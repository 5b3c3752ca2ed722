//! The `deboiler` binary: parse the flags, run, and decide the exit code.

use std::process::ExitCode;

use clap::Parser;

mod cli;
mod compress;
mod from_audit;
mod inputs;
mod parallel;
mod progress;
mod run;
mod stats;
mod train;

/// Exit codes: 0 success, 1 an input failed (the others were done) or an
/// output could not be written, 2 a usage or configuration error. A
/// closed pipe (`| head`) is a success.
fn main() -> ExitCode {
    let args = cli::Args::parse();
    match run::run(args) {
        Ok(run::Status::Ok) => ExitCode::SUCCESS,
        Ok(run::Status::SomeFailed) => ExitCode::from(1),
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err @ run::RunError::Write { .. }) => {
            eprintln!("deboiler: {err}");
            ExitCode::from(1)
        }
        Err(err) => {
            eprintln!("deboiler: {err}");
            ExitCode::from(2)
        }
    }
}

/// Whether a broken pipe is anywhere in the error's chain.
fn is_broken_pipe(err: &run::RunError) -> bool {
    let mut source: Option<&dyn std::error::Error> = Some(err);
    while let Some(e) = source {
        let io = e.downcast_ref::<std::io::Error>();
        if io.is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe) {
            return true;
        }
        source = e.source();
    }
    false
}
