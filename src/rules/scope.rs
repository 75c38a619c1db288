//! When two claims of one key speak about the same time (DESIGN.md, semantics 3): a static value
//! is one value forever; flows compare only for the same period; states and running totals
//! compare only as of the same date — at different dates they may simply have changed.

use crate::model::claim::Claim;
use crate::model::vocab::Temporal;

/// How the time scopes of two claims relate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeRelation {
    /// The same time: their values must agree.
    Same,
    /// Overlapping but not the same (as of "2021" and as of "April 2021"): agreement is
    /// expected, but a difference may be a change in between.
    Overlapping,
    /// Different times: nothing to compare.
    Distinct,
}

/// How the scopes of `a` and `b` relate under the property's temporal behaviour.
pub fn relation(temporal: Temporal, a: &Claim, b: &Claim) -> ScopeRelation {
    let (da, db) = (&a.time.date, &b.time.date);
    match temporal {
        Temporal::Static => ScopeRelation::Same,
        Temporal::Flow => {
            if da.same_days(db) {
                ScopeRelation::Same
            } else {
                ScopeRelation::Distinct
            }
        }
        Temporal::State | Temporal::RunningTotal => {
            if da.same_days(db) {
                ScopeRelation::Same
            } else if da.overlaps(db) {
                ScopeRelation::Overlapping
            } else {
                ScopeRelation::Distinct
            }
        }
    }
}
