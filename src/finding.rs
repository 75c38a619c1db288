//! Findings as plain data: what every stage of claimcheck reports, and what every output format
//! renders.
//!
//! A [`Finding`] has a stable [`Code`], a severity, a message, labelled byte spans (the first one
//! primary), help, notes, the claims involved and a fingerprint that survives moving lines. Nothing
//! here knows about terminals, JSON or miette: `report/*` turns findings into those.

use crate::model::ids::ClaimId;
use crate::source::Span;
use std::fmt;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth reading; never fails a run.
    Info,
    /// Probably worth fixing; never fails a run.
    Warning,
    /// Fails the run (exit code 1).
    Error,
}

impl Severity {
    /// The lowercase name used in output and configuration.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parse "error", "warning" or "info".
    pub fn parse(text: &str) -> Option<Severity> {
        match text {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "info" | "note" => Some(Severity::Info),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $stage:ident, $summary:literal; )*) => {
        /// Every kind of finding claimcheck reports. The names are stable: tools match on them.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable name ("conflicting-value").
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// The stage that reports it.
            pub fn stage(self) -> Stage {
                match self { $(Code::$variant => Stage::$stage,)* }
            }

            /// One line saying what the code means.
            pub fn summary(self) -> &'static str {
                match self { $(Code::$variant => $summary,)* }
            }

            /// Look a code up by name.
            pub fn from_name(name: &str) -> Option<Code> {
                match name { $($name => Some(Code::$variant),)* _ => None }
            }
        }
    };
}

/// The stage of claimcheck that reports a code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// Reading files from disk.
    Files,
    /// Parsing and validating claim, vocabulary and rule files.
    Load,
    /// Checking quotes against archived articles.
    Evidence,
    /// The rule engine.
    Rules,
    /// Applying the reviews of reviews.toml to the findings.
    Reviews,
}

codes! {
    /// A file or directory could not be read.
    IoError = "io-error", Files, "a file or directory could not be read";
    /// A file is not valid UTF-8.
    NotUtf8 = "not-utf8", Files, "a file is not valid UTF-8 text";
    /// A file looks binary (contains NUL bytes).
    BinaryFile = "binary-file", Files, "a file contains binary data, not text";
    /// A file exceeds the size limit.
    FileTooLarge = "file-too-large", Files, "a file is larger than claimcheck's limit";
    /// A symbolic link points back at one of its own parent directories.
    SymlinkLoop = "symlink-loop", Files, "a symbolic link loops back on a parent directory";
    /// A symbolic link under claims/ or rules/ leads out of that directory (or out of the project).
    LinkLeavesDirectory = "link-leaves-directory", Files, "a symbolic link leads out of claims/, rules/ or the project";
    /// A temporary file of a claimcheck write that a killed run left behind.
    StaleTemporaryFile = "stale-temporary-file", Files, "a temporary file left by an interrupted claimcheck run";
    /// The project holds no claim files.
    NoClaims = "no-claims", Files, "the project has no claim files";
    /// The TOML is malformed.
    TomlSyntax = "toml-syntax", Load, "the file is not valid TOML";
    /// A field that the table does not have.
    UnknownField = "unknown-field", Load, "a field the table does not have";
    /// A required field is absent.
    MissingField = "missing-field", Load, "a required field is missing";
    /// A field has the wrong TOML type.
    WrongType = "wrong-type", Load, "a field has the wrong type";
    /// A written value does not parse.
    BadValue = "bad-value", Load, "a value cannot be read";
    /// A date that does not exist on the calendar.
    ImpossibleDate = "impossible-date", Load, "a date that does not exist (30 February)";
    /// A count below zero.
    NegativeCount = "negative-count", Load, "a count below zero";
    /// A number too large or too precise to keep exactly.
    NumberTooLarge = "number-too-large", Load, "a number too large to represent exactly";
    /// An entity the vocabulary does not declare.
    UnknownEntity = "unknown-entity", Load, "an entity the vocabulary does not declare";
    /// A property the vocabulary does not declare.
    UnknownProperty = "unknown-property", Load, "a property the vocabulary does not declare";
    /// A qualifier the property does not declare.
    UnknownQualifier = "unknown-qualifier", Load, "a qualifier the property does not declare";
    /// A unit the registry does not know.
    UnknownUnit = "unknown-unit", Load, "a unit the registry does not know";
    /// A currency the registry does not know.
    UnknownCurrency = "unknown-currency", Load, "a currency the registry does not know";
    /// A unit of the wrong dimension for its property.
    WrongDimension = "wrong-dimension", Load, "a unit of the wrong dimension for the property";
    /// A value of a form its property does not accept.
    WrongValueForm = "wrong-value-form", Load, "a value of a form the property does not accept";
    /// Two declarations share one id.
    DuplicateId = "duplicate-id", Load, "two declarations share one id";
    /// One alias names two different entities.
    AmbiguousAlias = "ambiguous-alias", Load, "one alias names two different entities";
    /// A group that contains itself, directly or through other groups.
    GroupCycle = "group-cycle", Load, "a group contains itself";
    /// A time-bound membership ends before it starts.
    BadMembership = "bad-membership", Load, "a group membership ends before it starts";
    /// An unknown rule kind.
    UnknownRuleKind = "unknown-rule-kind", Load, "a rule of a kind claimcheck does not have";
    /// A parameter the rule kind does not take.
    UnknownParameter = "unknown-parameter", Load, "a parameter the rule kind does not take";
    /// A rule parameter with an invalid value.
    BadParameter = "bad-parameter", Load, "a rule parameter with an invalid value";
    /// The archived-text path leaves the project.
    TextPathEscapes = "text-path-escapes", Evidence, "the archived-text path leaves the project";
    /// The archived text does not exist.
    TextNotFound = "text-not-found", Evidence, "the archived text file does not exist";
    /// The quote is not in the archived text.
    QuoteNotFound = "quote-not-found", Evidence, "the quote is not in the archived article";
    /// The quote's numbers disagree with the claim's value.
    QuoteValueMismatch = "quote-value-mismatch", Evidence, "the quote's numbers disagree with the value";
    /// Two claims give values for one key and time that cannot both hold.
    ConflictingValue = "conflicting-value", Rules, "two sources give values that cannot both hold";
    /// Two values agree only at the edge of a hedge or tolerance.
    PossiblyConflictingValue = "possibly-conflicting-value", Rules, "two values agree only at the edge of a hedge or tolerance";
    /// A target or forecast that the actual value did not reach.
    TargetMissed = "target-missed", Rules, "an actual value fell short of a target or forecast";
    /// A running total that falls over time.
    RunningTotalDecreases = "running-total-decreases", Rules, "a running total falls over time";
    /// A stated count or ordinal that does not match the listed items.
    CountMismatch = "count-mismatch", Rules, "a stated count or ordinal does not match the listed items";
    /// Parts that do not add up to their total.
    PartsDoNotAddUp = "parts-do-not-add-up", Rules, "parts do not add up to their total";
    /// A "first" or "only" claim contradicted by an earlier instance.
    FirstClaimContradicted = "first-claim-contradicted", Rules, "a \"first\" or \"only\" claim is contradicted";
    /// A value outside the range the rule allows.
    ValueOutOfRange = "value-out-of-range", Rules, "a value outside the allowed range";
    /// A project with claims but no checking rule.
    NoRules = "no-rules", Rules, "no checking rule is declared";
    /// Derivation rules that depend on each other in a cycle.
    DerivationCycle = "derivation-cycle", Rules, "derivation rules depend on each other in a cycle";
    /// A derivation that could not be carried out.
    DerivationFailed = "derivation-failed", Rules, "a derivation could not be carried out";
    /// An entry of reviews.toml that cannot be read: a missing reason, an unknown verdict, a
    /// `correct` claim that is not one of the finding's.
    InvalidReview = "invalid-review", Reviews, "an entry of reviews.toml is malformed";
    /// A review whose finding no longer exists (the conflict was fixed, or the claims renamed).
    StaleReview = "stale-review", Reviews, "a review names a finding that no longer exists";
    /// A review whose claims changed since it was recorded: the finding is live again.
    OutdatedReview = "outdated-review", Reviews, "a reviewed finding's claims changed since the review";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a label marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LabelRole {
    /// The place the finding is about.
    Primary,
    /// Another claim or declaration involved.
    Secondary,
    /// The quote in the archived article.
    Evidence,
}

/// A message attached to a byte span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What it says (may be empty).
    pub message: String,
    /// What it marks.
    pub role: LabelRole,
}

impl Label {
    /// The primary label.
    pub fn primary(span: Span, message: impl Into<String>) -> Self {
        Label { span, message: message.into(), role: LabelRole::Primary }
    }

    /// A secondary label.
    pub fn secondary(span: Span, message: impl Into<String>) -> Self {
        Label { span, message: message.into(), role: LabelRole::Secondary }
    }

    /// A label on a quote in an archived article.
    pub fn evidence(span: Span, message: impl Into<String>) -> Self {
        Label { span, message: message.into(), role: LabelRole::Evidence }
    }
}

/// One problem, conflict or note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// What kind of finding.
    pub code: Code,
    /// The id of the rule that produced it, for rule findings.
    pub rule: Option<String>,
    /// How serious.
    pub severity: Severity,
    /// One sentence naming the values, dates and sources involved.
    pub message: String,
    /// Labelled spans; the first is primary. Labels in other files become related diagnostics.
    pub labels: Vec<Label>,
    /// What to do about it.
    pub help: Option<String>,
    /// Extra lines of explanation (the derivation chain, the reasoning).
    pub notes: Vec<String>,
    /// Why the sources may disagree, where one can tell.
    pub likely_cause: Option<String>,
    /// The claims involved, primary first.
    pub claims: Vec<ClaimId>,
    /// A stable identity (hex), independent of line numbers; filled in by the engine.
    pub fingerprint: String,
    /// The review of this finding in reviews.toml, if any (filled in by [`crate::review`]).
    pub review: Option<crate::model::review::ReviewStatus>,
}

impl Finding {
    /// A finding with a primary label and nothing else yet.
    pub fn new(
        code: Code,
        severity: Severity,
        message: impl Into<String>,
        primary: Span,
        label: impl Into<String>,
    ) -> Self {
        Finding {
            code,
            rule: None,
            severity,
            message: message.into(),
            labels: vec![Label::primary(primary, label)],
            help: None,
            notes: Vec::new(),
            likely_cause: None,
            claims: Vec::new(),
            fingerprint: String::new(),
            review: None,
        }
    }

    /// An error finding with a primary label.
    pub fn error(code: Code, message: impl Into<String>, primary: Span, label: impl Into<String>) -> Self {
        Self::new(code, Severity::Error, message, primary, label)
    }

    /// Set the help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Set the help line if there is one.
    pub fn with_optional_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    /// Add a label.
    pub fn with_label(mut self, label: Label) -> Self {
        self.labels.push(label);
        self
    }

    /// Add a note.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// The primary span.
    pub fn primary_span(&self) -> Option<Span> {
        self.labels.iter().find(|l| l.role == LabelRole::Primary).or(self.labels.first()).map(|l| l.span)
    }
}

/// "1 error", "3 errors": a count and its noun, in the plural unless the count is one (for the
/// messages and summaries built from findings).
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("{n} {word}") } else { format!("{n} {word}s") }
}

/// A 64-bit FNV-1a hash, stable across platforms and versions (unlike `std`'s hasher).
pub fn stable_hash(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0xff)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn code_names_are_unique_and_kebab_case() {
        let mut seen = HashSet::new();
        for code in Code::ALL {
            let name = code.as_str();
            assert!(seen.insert(name), "duplicate code name {name}");
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{name} is not kebab-case"
            );
            assert_eq!(Code::from_name(name), Some(*code));
            assert!(!code.summary().is_empty());
        }
    }

    #[test]
    fn stable_hash_is_stable() {
        // Pinned: fingerprints in users' baselines depend on this value never changing.
        assert_eq!(stable_hash(&["a", "b"]), stable_hash(&["a", "b"]));
        assert_ne!(stable_hash(&["ab"]), stable_hash(&["a", "b"]));
        assert_eq!(format!("{:016x}", stable_hash(&["conflicting-value"])), "8c112cf73a09a58e");
    }
}
