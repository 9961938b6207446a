//! `annals serve`: preview the site with live reload.

use std::net::IpAddr;
use std::path::PathBuf;

use anyhow::Result;

#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// Site root (the folder with site.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Port to listen on; the next free one is used when it is taken.
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on (loopback by default: the preview is not for others).
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
}

pub fn run(args: &ServeArgs) -> Result<()> {
    annals::serve::run(&annals::serve::ServeOptions {
        root: args.root.clone(),
        bind: args.bind,
        port: args.port,
        open: args.open,
        drafts: args.drafts,
    })
}
