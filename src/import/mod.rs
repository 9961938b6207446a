//! Import of official documents delivered as plain text.
