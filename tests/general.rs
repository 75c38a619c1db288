//! The engine is general: nothing under src/ names an entity of the project's own corpus. The
//! corpus (claims/ and rules/) is one user of the engine; code, messages and documentation in
//! src/ use made-up examples (Arcadia, Borduria, Chancellor Marsh) instead.

use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Ids, names and aliases of every entity the corpus declares, as lowercase words.
fn corpus_names(repo: &Path) -> Vec<String> {
    let mut names = Vec::new();
    let Ok(entries) = fs::read_dir(repo.join("rules")) else { return names };
    for entry in entries {
        let path = entry.unwrap().path();
        let Ok(text) = fs::read_to_string(&path) else { continue };
        let Ok(document) = text.parse::<toml::Table>() else { continue };
        let Some(entities) = document.get("entity").and_then(|e| e.as_array()) else { continue };
        for entity in entities {
            for field in ["id", "name"] {
                if let Some(name) = entity.get(field).and_then(|v| v.as_str()) {
                    names.push(name.to_lowercase());
                }
            }
            if let Some(aliases) = entity.get("aliases").and_then(|v| v.as_array()) {
                names.extend(aliases.iter().filter_map(|a| a.as_str()).map(str::to_lowercase));
            }
        }
    }
    names.sort();
    names.dedup();
    // Short names ("us", "srv") are too often parts of ordinary words to search for.
    names.retain(|n| n.len() >= 4);
    names
}

/// Hyphens and underscores count as spaces, so `viet-nam` and `viet_nam` are caught as "viet nam".
fn normalise(text: &str) -> String {
    text.replace(['-', '_'], " ")
}

/// True when `needle` occurs in `haystack` as whole words (both already normalised).
fn contains_word(haystack: &str, needle: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric();
    haystack.match_indices(needle).any(|(at, _)| {
        let before = haystack[..at].chars().next_back();
        let after = haystack[at + needle.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}

#[test]
fn no_corpus_entity_is_named_in_src() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut names = corpus_names(repo);
    // The corpus's most distinctive words, whether or not the vocabulary declares them.
    names.extend(
        [
            "vietnam",
            "vietnamese",
            "russia",
            "russian",
            "putin",
            "medvedev",
            "hanoi",
            "moscow",
            "nhandan",
            "vietsovpetro",
        ]
        .map(String::from),
    );
    let names: Vec<String> = names.iter().map(|n| normalise(n)).collect();
    let mut files = Vec::new();
    rust_files(&repo.join("src"), &mut files);
    let mut hits = Vec::new();
    for file in files {
        let text = normalise(&fs::read_to_string(&file).unwrap().to_lowercase());
        for (number, line) in text.lines().enumerate() {
            // World knowledge that happens to share a word with the corpus (a currency named
            // after its country) says so on its line.
            if line.contains("// general:") {
                continue;
            }
            for name in &names {
                if contains_word(line, name) {
                    hits.push(format!("{}:{}: names `{name}`", file.strip_prefix(repo).unwrap().display(), number + 1));
                }
            }
        }
    }
    assert!(hits.is_empty(), "src/ must stay general:\n{}", hits.join("\n"));
}
