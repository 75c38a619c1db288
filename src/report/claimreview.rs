//! `claimcheck export claimreview`: the project's verdicts as schema.org `ClaimReview` JSON-LD,
//! the fact-check markup search engines read (docs/claimreview.md).
//!
//! Only verdicts a person stands behind are published: a finding whose review is in force with
//! verdict `confirmed` or `false-alarm`. Deferred reviews (not decided) and outdated ones (a claim
//! changed since) are left out. Each review gives one `ClaimReview` per stated claim it judged —
//! the finding's claims, a derived claim standing for the stated claims it rests on, since only
//! those have words of an article to review — rated on a scale of 1 to 5:
//!
//! | verdict | claim | rating |
//! |---|---|---|
//! | confirmed, with `correct` | the correct claim | 5, "True" |
//! | confirmed, with `correct` | each claim it found wrong ([`crate::review::wrong_claims`]: the primary claim, or the other values of a value conflict); claims that are only the finding's evidence are not rated | 1, "False" |
//! | confirmed, without `correct` | every claim | 2, "Contradicted by another source" |
//! | false-alarm | every claim | 3, "Not contradicted" |
//!
//! A rating says what the review established and no more: a false alarm says the claims do not
//! contradict each other, not that they are true.

use crate::check::Checked;
use crate::finding::{Finding, plural};
use crate::model::claim::Source;
use crate::model::date::{DatePrecision, DateValue};
use crate::model::ids::ClaimId;
use crate::model::review::{ReviewStatus, Verdict};
use serde::Serialize;

/// The best rating of the scale (`bestRating`).
pub const BEST_RATING: u8 = 5;
/// The worst rating of the scale (`worstRating`).
pub const WORST_RATING: u8 = 1;

/// The ratings used, as (`ratingValue`, `alternateName`).
pub mod ratings {
    /// The claim a confirmed review names as correct.
    pub const TRUE: (u8, &str) = (5, "True");
    /// A claim that a confirmed review's correct claim contradicts.
    pub const FALSE: (u8, &str) = (1, "False");
    /// A claim of a confirmed contradiction whose review names no correct claim.
    pub const CONTRADICTED: (u8, &str) = (2, "Contradicted by another source");
    /// A claim of a false alarm.
    pub const NOT_CONTRADICTED: (u8, &str) = (3, "Not contradicted");
}

/// Who publishes the reviews and where they live.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// The organization publishing the fact checks (`--publisher`): the `author` of every
    /// `ClaimReview`. Without it, each review's `by`, as a person, and a review without `by` is
    /// an error.
    pub publisher: Option<String>,
    /// Where the review pages are (`--url-base`): a review's `url` is this, a slash, and the
    /// finding's fingerprint. Without it, the review's first `evidence` link, and a review
    /// without one is an error.
    pub url_base: Option<String>,
}

/// A schema.org `ClaimReview`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClaimReview {
    /// Always `https://schema.org`.
    #[serde(rename = "@context")]
    pub context: &'static str,
    /// Always `ClaimReview`.
    #[serde(rename = "@type")]
    pub kind: &'static str,
    /// The claim reviewed, in the article's words: the claim's quote.
    pub claim_reviewed: String,
    /// The rating.
    pub review_rating: Rating,
    /// The page of the review.
    pub url: String,
    /// Who reviewed: the publisher, or the reviewer.
    pub author: Agent,
    /// The day of the review, `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_published: Option<String>,
    /// The review's reason.
    pub review_body: String,
    /// The claim, where it appeared.
    pub item_reviewed: ReviewedClaim,
}

/// A schema.org `Rating`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rating {
    /// Always `Rating`.
    #[serde(rename = "@type")]
    pub kind: &'static str,
    /// The rating on the scale.
    pub rating_value: u8,
    /// [`BEST_RATING`].
    pub best_rating: u8,
    /// [`WORST_RATING`].
    pub worst_rating: u8,
    /// The rating in words (what search engines show).
    pub alternate_name: String,
}

/// A schema.org `Person` or `Organization`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Agent {
    /// `Person` or `Organization`.
    #[serde(rename = "@type")]
    pub kind: &'static str,
    /// The name.
    pub name: String,
}

/// A schema.org `Claim`: what an article said.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewedClaim {
    /// Always `Claim`.
    #[serde(rename = "@type")]
    pub kind: &'static str,
    /// The source's publisher, as an organization.
    pub author: Agent,
    /// The source's publication date (ISO 8601: a day, a month or a year, as precise as known).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_published: Option<String>,
    /// The article.
    pub appearance: Appearance,
}

/// A schema.org `CreativeWork`: the article a claim appeared in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Appearance {
    /// Always `CreativeWork`.
    #[serde(rename = "@type")]
    pub kind: &'static str,
    /// The source's `url`, when the claim file gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The source's title.
    pub headline: String,
}

/// What an export comes to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Export {
    /// The `ClaimReview`s, in the findings' order, then the claims'.
    pub reviews: Vec<ClaimReview>,
    /// Reviews published (each gives one `ClaimReview` per claim).
    pub published: usize,
    /// Reviews left out as deferred.
    pub deferred: usize,
    /// Reviews left out as outdated.
    pub outdated: usize,
}

impl Export {
    /// One line saying what was exported and what was left out.
    pub fn describe(&self) -> String {
        let mut line = if self.reviews.is_empty() {
            "no review with verdict confirmed or false-alarm is in force: nothing to export".to_string()
        } else {
            format!("exported {} from {}", plural(self.reviews.len(), "ClaimReview"), plural(self.published, "review"))
        };
        if self.deferred + self.outdated > 0 {
            line.push_str(&format!("; left out: {} deferred, {} outdated", self.deferred, self.outdated));
        }
        line
    }
}

/// The `ClaimReview`s of every finding whose review is in force with verdict confirmed or
/// false-alarm. `Err` lists every review that lacks what the markup requires (an author: `by` or
/// `--publisher`; a page: `evidence` or `--url-base`).
pub fn export(checked: &Checked, options: &Options) -> Result<Export, String> {
    let mut out = Export::default();
    let mut problems = Vec::new();
    for finding in checked.findings.iter().filter(|f| !crate::review::is_about_reviews(f)) {
        let Some(review) = &finding.review else { continue };
        if review.outdated {
            out.outdated += 1;
            continue;
        }
        if review.verdict == Verdict::Deferred {
            out.deferred += 1;
            continue;
        }
        let author = match (&options.publisher, &review.by) {
            (Some(publisher), _) => Some(Agent { kind: "Organization", name: publisher.clone() }),
            (None, Some(by)) => Some(Agent { kind: "Person", name: by.clone() }),
            (None, None) => {
                problems.push(format!(
                    "the review of {} has no `by`: write who reviewed in reviews.toml, or give --publisher NAME",
                    finding.fingerprint
                ));
                None
            }
        };
        let url = match (&options.url_base, review.evidence.first()) {
            (Some(base), _) => Some(format!("{}/{}", base.trim_end_matches('/'), finding.fingerprint)),
            (None, Some(link)) => Some(link.clone()),
            (None, None) => {
                problems.push(format!(
                    "the review of {} has no `evidence` link to use as its page: add one, or give --url-base URL",
                    finding.fingerprint
                ));
                None
            }
        };
        let (Some(author), Some(url)) = (author, url) else { continue };
        out.published += 1;
        for (claim, rating) in judged(checked, finding, review) {
            out.reviews.push(claim_review(checked, claim, rating, review, &author, &url));
        }
    }
    if problems.is_empty() { Ok(out) } else { Err(problems.join("\n")) }
}

/// The stated claims a review judged, each with its rating.
fn judged(checked: &Checked, finding: &Finding, review: &ReviewStatus) -> Vec<(ClaimId, (u8, &'static str))> {
    let store = &checked.project.store;
    let roots = |id: ClaimId| crate::rules::describe::roots(store, id);
    let right: Vec<ClaimId> = match (&review.verdict, &review.correct) {
        (Verdict::Confirmed, Some(correct)) => {
            finding.claims.iter().filter(|&&c| store.claim_identity(c) == *correct).flat_map(|&c| roots(c)).collect()
        }
        _ => Vec::new(),
    };
    // With a correct claim named, the review judged it and the claims it found wrong, not the
    // claims that are only the finding's evidence (the date a "first" is compared with).
    let judged: Option<Vec<ClaimId>> = match (&review.verdict, &review.correct) {
        (Verdict::Confirmed, Some(correct)) => {
            let wrong = crate::review::wrong_claims(finding, correct, &checked.project);
            Some(right.iter().copied().chain(wrong.into_iter().flat_map(roots)).collect())
        }
        _ => None,
    };
    let mut out: Vec<(ClaimId, (u8, &'static str))> = Vec::new();
    for claim in finding.claims.iter().flat_map(|&c| roots(c)) {
        if out.iter().any(|(c, _)| *c == claim) || judged.as_ref().is_some_and(|j| !j.contains(&claim)) {
            continue;
        }
        let rating = match review.verdict {
            Verdict::FalseAlarm => ratings::NOT_CONTRADICTED,
            Verdict::Confirmed if review.correct.is_none() => ratings::CONTRADICTED,
            _ if right.contains(&claim) => ratings::TRUE,
            _ => ratings::FALSE,
        };
        out.push((claim, rating));
    }
    out
}

fn claim_review(
    checked: &Checked,
    claim: ClaimId,
    (value, name): (u8, &str),
    review: &ReviewStatus,
    author: &Agent,
    url: &str,
) -> ClaimReview {
    let store = &checked.project.store;
    let stated = store.claim(claim);
    let source: &Source = store.source(stated.source);
    ClaimReview {
        context: "https://schema.org",
        kind: "ClaimReview",
        claim_reviewed: stated.quote.text.clone(),
        review_rating: Rating {
            kind: "Rating",
            rating_value: value,
            best_rating: BEST_RATING,
            worst_rating: WORST_RATING,
            alternate_name: name.to_string(),
        },
        url: url.to_string(),
        author: author.clone(),
        date_published: review.date.clone(),
        review_body: review.reason.clone(),
        item_reviewed: ReviewedClaim {
            kind: "Claim",
            author: Agent { kind: "Organization", name: source.publisher.clone() },
            date_published: iso_date(&source.published),
            appearance: Appearance { kind: "CreativeWork", url: source.url.clone(), headline: source.title.clone() },
        },
    }
}

/// A date in ISO 8601 at its precision (`2021-11-29`, `2021-11`, `2021`); `None` for dates that
/// have no such form ("early 2021", a span).
pub fn iso_date(date: &DateValue) -> Option<String> {
    let (year, month, _) = date.first.ymd();
    match date.precision {
        DatePrecision::Day => Some(date.first.to_string()),
        DatePrecision::Month => Some(format!("{year:04}-{month:02}")),
        DatePrecision::Year => Some(format!("{year:04}")),
        _ => None,
    }
}

/// The export as one JSON document: an array of `ClaimReview` objects (empty when there is
/// nothing to publish).
pub fn render(export: &Export) -> String {
    let mut text = serde_json::to_string_pretty(&export.reviews).expect("ClaimReviews serialize");
    text.push('\n');
    text
}
