//! claimcheck: a fact-consistency checker.
//!
//! News articles make checkable claims. claimcheck keeps them as typed records in TOML files
//! (`claims/`), loads them with the vocabulary and rules of `rules/` into a typed [`store`], derives
//! what follows, and reports contradictions between sources as [`finding`]s with compiler-quality
//! diagnostics. See ARCHITECTURE.md for the code map.
//!
//! The library does no printing: [`cli`] is the only module that writes to stdout or stderr.

pub mod changed;
pub mod check;
pub mod cli;
pub mod extract;
pub mod finding;
pub mod load;
pub mod lsp;
pub mod model;
pub mod report;
pub mod review;
pub mod rules;
pub mod source;
pub mod store;
pub mod suggest;
