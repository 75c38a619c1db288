//! Inputs the fuzz targets (fuzz/, see fuzz/README.md) found to break the library, one test per
//! finding, named after the bug; each input is written out as the fuzzer saved it, shrunk by hand.

use claimcheck::extract::output::merge;
use claimcheck::extract::recognise::MentionKind;
use claimcheck::extract::{Extraction, Unattached};

/// fuzz target `merge`: an unattached value whose quote held a carriage return was listed again at
/// every `extract --merge` (the `\r` did not survive writing the file, so the line never matched
/// the one already listed).
#[test]
fn an_unattached_value_with_a_carriage_return_is_listed_once() {
    let unattached = Unattached {
        kind: MentionKind::Count,
        text: "ar\r\nchived 12".into(),
        span: 0..1,
        quote: "some # A typo in the ar\r\nchived text 12 things".into(),
        reason: "no property of the vocabulary is signalled".into(),
    };
    let extraction = Extraction { candidates: Vec::new(), unattached: vec![unattached], unattached_not_listed: 0 };
    let (once, first) = merge("", &extraction).unwrap();
    assert_eq!(first.unattached, 1);
    let (twice, second) = merge(&once, &extraction).unwrap();
    assert_eq!(second.unattached, 0, "listed again:\n{twice}");
    assert_eq!(twice, once);
}

/// fuzz target `merge`: an unattached value with a NUL (or another control character) in its text
/// was written into a comment as is, and the merged claim file was no longer valid TOML.
#[test]
fn an_unattached_value_with_a_control_character_keeps_the_file_valid_toml() {
    let unattached = Unattached {
        kind: MentionKind::Count,
        text: "an unknown table,\0and \u{1b}[31m 12".into(),
        span: 0..1,
        quote: "some an unknown table,\0and \u{7f} 12 things".into(),
        reason: "no property of the vocabulary is signalled".into(),
    };
    let extraction = Extraction { candidates: Vec::new(), unattached: vec![unattached], unattached_not_listed: 0 };
    let (merged, report) = merge("[source]\nid = \"case\"\n", &extraction).unwrap();
    assert_eq!(report.unattached, 1);
    assert!(!merged.chars().any(|c| c.is_control() && c != '\n'), "{merged:?}");
    toml::from_str::<toml::Table>(&merged).unwrap_or_else(|e| panic!("{e}\n{merged:?}"));
    let (again, second) = merge(&merged, &extraction).unwrap();
    assert_eq!((second.unattached, again), (0, merged));
}
