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
    #[command(
        after_help = "Examples:\n  annals build                                   # site in this folder, into output/\n  annals build --root my-site --output /srv/www/annals\n  annals build --base-url https://intranet.example.gov.cn/gov/annals/\n  annals build --file-links                      # browse output/ from disk\n  annals build --watch                           # rebuild on every change"
    )]
    Build(cmd::build::BuildArgs),
    /// Report heading trees, masks, structural problems and translation coverage.
    #[command(
        after_help = "Examples:\n  annals check                  # everything, as warnings\n  annals check --strict --quiet # the CI gate: exit status 1 on any problem or gap"
    )]
    Check(cmd::check::CheckArgs),
    /// List every commitment of the site's reports and its follow-up in the next report.
    Commitments(cmd::commitments::CommitmentsArgs),
    /// Create a new site in an empty folder.
    #[command(
        after_help = "Examples:\n  annals init my-site && cd my-site && annals build\n  annals init my-site --with-theme   # also copy the theme into themes/default/"
    )]
    Init(cmd::init::InitArgs),
    /// Convert plain-text official documents into Markdown pages.
    #[command(
        after_help = "Examples:\n  annals import report-2023.txt                  # → content/reports/2023/duty-report.md\n  annals import report-2023.txt --year 2023 --slug work-report\n  annals import case.txt --kind case             # → content/cases/<slug>.md\n  annals import report-en.txt --lang en --year 2023 --slug duty-report\n  iconv -f gbk report.txt | annals import -     # standard input"
    )]
    Import(cmd::import::ImportArgs),
    /// Freeze a year into archive/<year>/, or verify snapshots.
    #[command(
        after_help = "Examples:\n  annals snapshot 2023 --date 2024-01-31   # writes archive/2023/ with MANIFEST.sha256\n  annals snapshot 2023 --force             # replace an existing snapshot\n  annals snapshot --verify                 # check every snapshot against its manifest"
    )]
    Snapshot(cmd::snapshot::SnapshotArgs),
    /// Serve the site from memory, rebuild on changes and reload the browser.
    #[command(
        after_help = "Examples:\n  annals serve                      # http://127.0.0.1:1111/\n  annals serve --port 8080 --open\n  annals serve --drafts"
    )]
    Serve(cmd::serve::ServeArgs),
    /// Work with the theme: `annals theme eject` copies it into the site for editing.
    #[command(
        after_help = "Examples:\n  annals theme eject              # templates/, static/ and i18n/ of the default theme\n  annals theme eject --root my-site"
    )]
    Theme(cmd::theme::ThemeArgs),
}

fn main() {
    annals::memory::no_huge_pages();
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Build(a) => cmd::build::run(a),
        Command::Init(a) => cmd::init::run(a),
        Command::Check(a) => cmd::check::run(a),
        Command::Commitments(a) => cmd::commitments::run(a),
        Command::Import(a) => cmd::import::run(a),
        Command::Snapshot(a) => cmd::snapshot::run(a),
        Command::Serve(a) => cmd::serve::run(a),
        Command::Theme(a) => cmd::theme::run(a),
    };
    if let Err(err) = result {
        annals::output::exit_if_interrupted();
        eprintln!("{}", annals::error::format_error(&err));
        std::process::exit(1);
    }
}

/// glibc's allocator serializes the many small allocations of parallel
/// rendering; mimalloc is markedly faster here (see bench/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
