//! The evidence page (`check --format html`, docs/formats.md): it carries every finding of the
//! repository's corpus, loads nothing from outside (no external `src`/`href`), escapes everything
//! the project provides (a hostile quote, title and note stay text), is well-formed enough for a
//! browser to read one document, and is the same bytes on every run. tests/e2e/test_html_page.py
//! checks it in a real browser.

mod common;

use regex::Regex;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn check(format: &str, dir: &Path) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .args(["check", "--format", format, "."])
        .current_dir(dir)
        .output()
        .unwrap();
    assert_ne!(output.status.code(), Some(2), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// Every `src=` and `href=` value in the page's tags (escaped text has no `<`, so text that looks
/// like an attribute is not taken for one).
fn links(page: &str) -> Vec<String> {
    let tag = Regex::new(r"<[A-Za-z][^>]*>").unwrap();
    let attribute = Regex::new(r#"(?i)\s(?:src|href)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)"#).unwrap();
    tag.find_iter(page)
        .flat_map(|t| {
            attribute.captures_iter(t.as_str()).map(|c| c[1].trim_matches(|q| q == '"' || q == '\'').to_string())
        })
        .collect()
}

fn count(page: &str, needle: &str) -> usize {
    page.matches(needle).count()
}

/// Elements `tag` opened (`<tag>` or `<tag ...>`, not `<tagname>`).
fn opened(page: &str, tag: &str) -> usize {
    Regex::new(&format!(r"<{tag}[\s>]")).unwrap().find_iter(page).count()
}

fn assert_well_formed(page: &str) {
    assert!(page.starts_with("<!DOCTYPE html>"), "{}", &page[..page.len().min(80)]);
    for tag in ["html", "head", "body", "main"] {
        assert_eq!(opened(page, tag), 1, "<{tag}>");
        assert_eq!(count(page, &format!("</{tag}>")), 1, "</{tag}>");
    }
    for tag in ["article", "section", "div", "svg", "figure", "table", "form", "details", "script", "style", "ul"] {
        assert_eq!(opened(page, tag), count(page, &format!("</{tag}>")), "<{tag}> balanced");
    }
}

#[test]
fn the_corpus_page_has_every_finding_and_links_nowhere_outside() {
    let json: serde_json::Value = serde_json::from_str(&check("json", &repo())).unwrap();
    let page = check("html", &repo());
    let findings = json["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    for finding in findings {
        let fingerprint = finding["fingerprint"].as_str().unwrap();
        assert!(page.contains(&format!("data-fingerprint=\"{fingerprint}\"")), "{fingerprint} missing");
    }
    assert_eq!(count(&page, "<article class=\"finding\""), findings.len());
    let page_links = links(&page);
    assert!(page_links.iter().any(|l| l == "#sources"), "the link scan found {page_links:?}");
    for link in page_links {
        assert!(link.starts_with('#') || link.starts_with("data:"), "external link {link}");
    }
    for outside in ["@import", "url(", "<link", "<iframe", "<img"] {
        assert!(!page.contains(outside), "{outside} in the page");
    }
    assert_well_formed(&page);
    // The conflict's values on one axis, its quotes marked in the articles, the sources table.
    assert!(page.contains("the two readings do not overlap"), "no overlap sentence");
    assert!(page.contains("<svg"), "no chart");
    assert!(page.contains("<mark>two-way trade reaching 4.85 billion USD in 2020</mark>"));
    assert!(page.contains("id=\"src-nhandan-2021-11-relationship-endures\""));
    assert!(page.contains("Derived by rule"), "no derivation chain");
}

#[test]
fn the_page_is_the_same_on_every_run() {
    assert_eq!(check("html", &repo()), check("html", &repo()));
}

#[test]
fn hostile_project_text_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&repo().join("tests/e2e/projects/contradiction"), dir.path());
    let claims = dir.path().join("claims/courier.toml");
    let text = std::fs::read_to_string(&claims).unwrap();
    let text = text
        .replace("title = \"Borduria", "title = \"<script>alert(1)</script> Borduria")
        .replace(
            "quote = \"Bilateral trade stood",
            "note = \"<img src=x onerror=alert(2)> & \\\"quoted\\\"\"\nquote = \"Bilateral trade <script>alert(1)</script> stood",
        );
    std::fs::write(&claims, text).unwrap();
    let article = dir.path().join("claims/courier.txt");
    let text = std::fs::read_to_string(&article)
        .unwrap()
        .replace("Bilateral trade stood", "Bilateral trade <script>alert(1)</script> stood");
    std::fs::write(&article, text).unwrap();

    let page = check("html", dir.path());
    assert!(page.contains("conflicting-value"), "the fixture still conflicts:\n{page}");
    // Only the page's own script element; the hostile text is there, as text.
    assert_eq!(count(&page, "<script"), 1);
    assert!(!page.contains("alert(1)</script>"));
    assert!(!page.contains("<img"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; Borduria"), "title");
    assert!(page.contains("<mark>Bilateral trade &lt;script&gt;alert(1)&lt;/script&gt; stood"), "quote in its article");
    assert!(page.contains("&lt;img src=x onerror=alert(2)&gt; &amp; &quot;quoted&quot;"), "note");
    for link in links(&page) {
        assert!(link.starts_with('#') || link.starts_with("data:"), "link {link}");
    }
    assert_well_formed(&page);
}

#[test]
fn a_clean_project_gets_a_page_too() {
    let page = check("html", &repo().join("examples/quickstart"));
    assert_well_formed(&page);
    assert!(page.contains("id=\"sources\""));
}
