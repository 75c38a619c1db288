//! The command line, as files: each `tests/cmd/<case>.toml` gives the arguments and the expected
//! exit status, `<case>.stdout` and `<case>.stderr` what the user sees. Most cases run against the
//! small project in `tests/cmd/project/` (two newspapers that disagree). `TRYCMD=overwrite`
//! rewrites the expected output after an intended change.

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
