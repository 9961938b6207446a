use std::process::ExitCode;

use clap::{Parser, Subcommand};

use annals::cmd::import::ImportArgs;

/// A static-site generator for bilingual public accountability reports.
#[derive(Parser)]
#[command(name = "annals", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Convert plain-text official documents into Markdown pages.
    Import(ImportArgs),
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Import(args) => annals::cmd::import::run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
