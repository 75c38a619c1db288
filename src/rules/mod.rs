//! The rule engine: rule kinds, their registry, derivation order, and the run that turns a store
//! into findings.

pub mod engine;
pub mod spec;
