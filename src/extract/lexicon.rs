//! The words extraction reads a sentence by, besides the vocabulary's own: modality cues
//! ("aim", "expected", "estimated"), direction words ("fell", "up"), the prepositions that give an
//! entity its role ("trade *with* Brazil", "investment *in* Kenya") and the words that make a
//! value the basis of a comparison ("up *from* $5.7 billion").
//!
//! Words are compared in lowercase; phrases are sequences of words.

use crate::model::claim::Modality;

/// Modality cues and the modality they signal, looked up word by word (phrases first).
pub const MODALITY_CUES: &[(&str, Modality)] = &[
    ("set a target", Modality::Target),
    ("targeted to", Modality::Target),
    ("aims to", Modality::Target),
    ("aim to", Modality::Target),
    ("aimed to", Modality::Target),
    ("aiming to", Modality::Target),
    ("aimed at", Modality::Target),
    ("target", Modality::Target),
    ("targets", Modality::Target),
    ("targeted", Modality::Target),
    ("targeting", Modality::Target),
    ("goal", Modality::Target),
    ("goals", Modality::Target),
    ("plan", Modality::Target),
    ("plans", Modality::Target),
    ("planned", Modality::Target),
    ("seek", Modality::Target),
    ("seeks", Modality::Target),
    ("strive", Modality::Target),
    ("strives", Modality::Target),
    ("ambition", Modality::Target),
    ("pledged", Modality::Target),
    ("pledge", Modality::Target),
    ("committed to", Modality::Target),
    ("intends", Modality::Target),
    ("hope to", Modality::Target),
    ("hopes to", Modality::Target),
    ("estimated to", Modality::Forecast),
    ("expected", Modality::Forecast),
    ("expects", Modality::Forecast),
    ("expect", Modality::Forecast),
    ("projected", Modality::Forecast),
    ("projects", Modality::Forecast),
    ("projection", Modality::Forecast),
    ("projections", Modality::Forecast),
    ("forecast", Modality::Forecast),
    ("forecasts", Modality::Forecast),
    ("forecasted", Modality::Forecast),
    ("predicted", Modality::Forecast),
    ("predicts", Modality::Forecast),
    ("anticipated", Modality::Forecast),
    ("likely to", Modality::Forecast),
    ("set to", Modality::Forecast),
    ("on track to", Modality::Forecast),
    ("potential to", Modality::Forecast),
    ("poised to", Modality::Forecast),
    ("could", Modality::Forecast),
    ("would", Modality::Forecast),
    ("will", Modality::Forecast),
    ("may", Modality::Forecast),
    ("might", Modality::Forecast),
    ("guidance", Modality::Forecast),
    ("outlook", Modality::Forecast),
    ("an estimated", Modality::Estimate),
    ("estimated", Modality::Estimate),
    ("estimates", Modality::Estimate),
    ("estimate", Modality::Estimate),
    ("reportedly", Modality::Reported),
    ("allegedly", Modality::Reported),
    ("claimed", Modality::Reported),
    ("unconfirmed", Modality::Reported),
];

/// Words that say a value went up, written right before it ("rose 12%", "up 12%") or right
/// after it ("a 12% increase").
pub const UP_WORDS: &[&str] = &[
    "up",
    "rose",
    "rise",
    "rises",
    "risen",
    "rising",
    "increase",
    "increased",
    "increases",
    "increasing",
    "grew",
    "grow",
    "grows",
    "growing",
    "grown",
    "growth",
    "gain",
    "gained",
    "gains",
    "jumped",
    "jump",
    "jumps",
    "surged",
    "surge",
    "climbed",
    "climb",
    "soared",
    "expanded",
    "expand",
    "added",
    "higher",
    "more",
    "advanced",
    "improved",
    "boosted",
    "raised",
    "widened",
];

/// Words that say a value went down.
pub const DOWN_WORDS: &[&str] = &[
    "down",
    "fell",
    "fall",
    "falls",
    "fallen",
    "falling",
    "decrease",
    "decreased",
    "decreases",
    "decreasing",
    "decline",
    "declined",
    "declines",
    "declining",
    "drop",
    "dropped",
    "drops",
    "dropping",
    "slumped",
    "slump",
    "plunged",
    "plunge",
    "shrank",
    "shrink",
    "shrunk",
    "contracted",
    "contraction",
    "dipped",
    "dip",
    "slipped",
    "slid",
    "lost",
    "lower",
    "less",
    "reduced",
    "cut",
    "narrowed",
    "eased",
    "tumbled",
    "sank",
];

/// Words that introduce the basis of a comparison: the value or time after them is what the
/// sentence's value is compared with ("up from $5.7 billion", "compared with 2020").
pub const BASIS_WORDS: &[&str] = &["from", "than", "versus", "vs", "against", "compared", "over", "on"];

/// Prepositions that mark an entity as a qualifier of a relation rather than its subject
/// ("exports *to* Brazil", "investment *in* Kenya", "trade *with* Peru").
pub const QUALIFIER_PREPOSITIONS: &[&str] =
    &["to", "with", "in", "into", "from", "and", "for", "at", "on", "against", "toward", "towards", "among", "than"];

/// Words after which a small number refers back to things already named ("the two countries",
/// "both sides"), which is not a value.
pub const ANAPHORIC_DETERMINERS: &[&str] =
    &["the", "these", "those", "both", "all", "its", "their", "our", "his", "her"];

/// The modality a word sequence starting at `words[i]` signals, and how many words the cue takes.
pub fn modality_at(words: &[&str], i: usize) -> Option<(Modality, usize)> {
    let first = *words.get(i)?;
    for (phrase, modality) in MODALITY_CUES {
        // Cheap rejection on the first word, then the rest, without allocating.
        if phrase.split(' ').next().is_none_or(|p| p != first) {
            continue;
        }
        let mut length = 0;
        let matched = phrase.split(' ').enumerate().all(|(k, p)| {
            length = k + 1;
            words.get(i + k).is_some_and(|w| *w == p)
        });
        if matched {
            return Some((*modality, length));
        }
    }
    None
}

/// +1 for a word that says "up", -1 for "down", 0 otherwise.
pub fn direction(word: &str) -> i8 {
    if UP_WORDS.contains(&word) {
        1
    } else if DOWN_WORDS.contains(&word) {
        -1
    } else {
        0
    }
}

/// Words that end a noun phrase or join clauses: articles, prepositions, conjunctions, auxiliary
/// verbs and pronouns. A cue word after a value belongs to its noun phrase only when none of
/// these stands between them.
pub const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "by", "with", "from", "into", "and", "or", "but", "as",
    "than", "that", "which", "who", "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would",
    "could", "can", "may", "it", "its", "their", "this", "these", "those", "while", "after", "before", "since", "over",
    "under", "per", "each", "said", "says",
];

/// True for a verb that attributes what follows to its subject: "the ministry said ...".
pub fn is_reporting_verb(word: &str) -> bool {
    matches!(
        word,
        "said"
            | "says"
            | "say"
            | "reported"
            | "reports"
            | "announced"
            | "announces"
            | "stated"
            | "told"
            | "added"
            | "noted"
            | "estimated"
            | "estimates"
            | "confirmed"
            | "revealed"
    )
}
