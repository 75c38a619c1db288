//! The data model: typed values, intervals, dates with precision, units, vocabulary and claims.
//! Nothing in here does IO or prints.

pub mod claim;
pub mod date;
pub mod ids;
pub mod interval;
pub mod lexer;
pub mod lexicon;
pub mod number;
pub mod review;
pub mod syntax;
pub mod unit;
pub mod value;
pub mod vocab;
