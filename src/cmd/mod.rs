//! One file per subcommand: each parses its options and calls the library.

pub mod build;
pub mod check;
pub mod commitments;
pub mod import;
pub mod init;
pub mod serve;
pub mod snapshot;
pub mod theme;
