//! One file per subcommand: each parses its options and calls the library.

pub mod import;
