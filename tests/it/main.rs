//! The one integration-test binary: runs the real `annals` on fixture sites
//! copied into temporary folders, and checks the files it writes.

mod docx_writer;
mod fixture;

mod architecture;
mod build;
mod commitments;
mod customize;
mod dist;
mod docx;
mod errors;
mod hardening;
mod i18n;
mod import;
mod init;
mod newcomer;
mod project;
mod serve;
mod snapshot;
mod unattended;
