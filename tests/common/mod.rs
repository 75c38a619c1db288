//! Helpers shared by the integration tests (a module, not a test target: tests/common/mod.rs).

// Each test target uses some of these helpers, none uses all of them.
#![allow(dead_code)]

use std::fs;
use std::path::Path;

/// Copy a directory tree (fixture projects into temporary directories).
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A vocabulary of two countries and one flow property.
pub const VOCABULARY: &str = r#"
[[entity]]
id = "vietnam"
[[entity]]
id = "russia"
[[property]]
id = "bilateral-trade"
type = "quantity"
dimension = "currency"
temporal = "flow"
qualifiers = ["partner"]
"#;

/// A claim file whose one claim quotes `claims/good.txt`.
pub const GOOD_CLAIMS: &str = r#"
[source]
id = "good"
title = "Good"
publisher = "P"
published = "2021-11-29"
text = "good.txt"

[[claim]]
id = "trade-2020"
subject = "vietnam"
property = "bilateral-trade"
qualifiers = { partner = "russia" }
value = "4.85 billion USD"
period = "2020"
quote = "two-way trade reaching 4.85 billion USD in 2020"
"#;

/// A small valid project: one vocabulary file, one claim file and its article.
pub fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("claims")).unwrap();
    std::fs::create_dir_all(dir.path().join("rules")).unwrap();
    std::fs::write(dir.path().join("rules/vocabulary.toml"), VOCABULARY).unwrap();
    std::fs::write(dir.path().join("claims/good.toml"), GOOD_CLAIMS).unwrap();
    std::fs::write(dir.path().join("claims/good.txt"), "with two-way trade reaching 4.85 billion USD in 2020.")
        .unwrap();
    dir
}
