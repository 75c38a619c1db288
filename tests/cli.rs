//! The command line, as files: each `tests/cmd/<case>.toml` gives the arguments and the expected
//! exit status, `<case>.stdout` and `<case>.stderr` what the user sees. Most cases run against the
//! small project in `tests/cmd/project/` (two newspapers that disagree). A `<case>.trycmd` is a
//! session of several commands in a copy of `<case>.in/` (commands that write, like `review`),
//! `<case>.out/` holding the files it must leave. `TRYCMD=overwrite` rewrites the expected output
//! after an intended change.

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml").case("tests/cmd/*.trycmd");
}
