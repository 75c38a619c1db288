//! Did-you-mean suggestions for unknown names (fields, entities, properties, units, rule kinds).

/// The candidate closest to `word`, if any is close enough to be a plausible typo.
///
/// Closeness is Jaro–Winkler similarity (which favours shared prefixes, as typos rarely hit the
/// first letters) with a floor of 0.8, or an edit distance (transpositions counting once) of
/// one per four characters. Ties go
/// to the alphabetically first candidate so output is deterministic.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let word_lower = word.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        let candidate_lower = candidate.to_lowercase();
        if candidate_lower == word_lower {
            return Some(candidate.to_string());
        }
        let similarity = strsim::jaro_winkler(&word_lower, &candidate_lower);
        // Optimal string alignment counts a transposition ("uds" for "usd") as one edit.
        let distance = strsim::osa_distance(&word_lower, &candidate_lower);
        let allowed = (word_lower.chars().count() / 4).max(1);
        let close = similarity >= 0.8 || (distance <= allowed && word_lower.len() >= 2);
        if !close {
            continue;
        }
        let better = match best {
            None => true,
            Some((score, name)) => similarity > score || (similarity == score && candidate < name),
        };
        if better {
            best = Some((similarity, candidate));
        }
    }
    best.map(|(_, name)| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let names = ["arcadia", "borduria", "carpathia"];
        assert_eq!(did_you_mean("arcaida", names), Some("arcadia".into()));
        assert_eq!(did_you_mean("bordura", names), Some("borduria".into()));
        assert_eq!(did_you_mean("brazil", names), None);
    }

    #[test]
    fn ties_are_deterministic() {
        assert_eq!(did_you_mean("ab", ["ac", "aa"]), Some("aa".into()));
    }
}
