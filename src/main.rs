use clap::{Parser, Subcommand};

mod cmd;

/// Annals: bilingual, searchable archives of public accountability reports.
#[derive(Parser)]
#[command(name = "annals", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder.
    Build(cmd::build::BuildArgs),
    /// Report heading trees, masks, structural problems and translation coverage.
    Check(cmd::check::CheckArgs),
    /// List every commitment of the site's reports and its follow-up in the next report.
    Commitments(cmd::commitments::CommitmentsArgs),
    /// Create a new site in an empty folder.
    Init(cmd::init::InitArgs),
    /// Convert plain-text official documents into Markdown pages.
    Import(cmd::import::ImportArgs),
    /// Freeze a year into archive/<year>/, or verify snapshots.
    Snapshot(cmd::snapshot::SnapshotArgs),
    /// Serve the site from memory, rebuild on changes and reload the browser.
    Serve(cmd::serve::ServeArgs),
}

fn main() {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Build(a) => cmd::build::run(a),
        Command::Init(a) => cmd::init::run(a),
        Command::Check(a) => cmd::check::run(a),
        Command::Commitments(a) => cmd::commitments::run(a),
        Command::Import(a) => cmd::import::run(a),
        Command::Snapshot(a) => cmd::snapshot::run(a),
        Command::Serve(a) => cmd::serve::run(a),
    };
    if let Err(err) = result {
        eprintln!("{}", annals::error::format_error(&err));
        std::process::exit(1);
    }
}

/// glibc's allocator serializes the many small allocations of parallel
/// rendering; mimalloc is markedly faster here (see bench/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
