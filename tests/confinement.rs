//! Confinement: a project is untrusted input (CI runs claimcheck on pull requests), so nothing in
//! it may make claimcheck read, name or write anything outside it, or lose a person's work to a
//! race. Each test is one attack, built at run time in temporary directories: a project and, next
//! to it, an "outside" directory holding a secret (a marker string and a file name) and a victim
//! file. Every test asserts that the secret appears in no output, that the victim is untouched, and
//! that claimcheck ends with a located finding or a clear error — within a minute and in bounded
//! memory (each run of the binary has a 2 GiB address-space limit).

use claimcheck::check::check_project;
use claimcheck::finding::Code;
use claimcheck::load::files::{Expect, WriteError, write_confined};
use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{GOOD_CLAIMS, VOCABULARY, project};

/// The string that must never reach any output.
const SECRET: &str = "SECRET-7781-never-printed";
/// What the victim file holds, and must still hold after every run.
const VICTIM: &str = "the victim's own text\n";

/// A directory outside the project: a claim file and an article carrying the secret, and a victim.
struct Outside {
    dir: tempfile::TempDir,
}

impl Outside {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let claims =
            GOOD_CLAIMS.replace("id = \"good\"", &format!("id = \"{SECRET}\"")).replace("good.txt", "secret.txt");
        fs::write(dir.path().join("secret.toml"), claims).unwrap();
        fs::write(dir.path().join("secret.txt"), format!("{SECRET}: two-way trade reaching 4.85 billion USD in 2020."))
            .unwrap();
        fs::write(dir.path().join("victim.txt"), VICTIM).unwrap();
        Outside { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The victim is untouched and nothing was added next to it.
    fn assert_untouched(&self) {
        assert_eq!(fs::read_to_string(self.path().join("victim.txt")).unwrap(), VICTIM);
        let mut names: Vec<String> =
            fs::read_dir(self.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        assert_eq!(names, ["secret.toml", "secret.txt", "victim.txt"], "nothing may be written outside the project");
    }

    /// Neither the secret, nor the outside directory's path, nor its file names are in `output`.
    fn assert_not_named_in(&self, output: &str) {
        for leak in [SECRET, &self.path().display().to_string(), "secret.toml", "secret.txt", "victim.txt"] {
            assert!(!output.contains(leak), "`{leak}` leaked into the output:\n{output}");
        }
    }
}

/// The address space a run may use: far above what any case needs, far below what walking the
/// machine or an all-pairs comparison takes. A run beyond it fails its allocation and the test.
const MEMORY_LIMIT: u64 = 2 << 30;

/// Run claimcheck with `args`, in at most [`MEMORY_LIMIT`] of memory; a run that does not end
/// within a minute is killed and fails the test (a walk of the whole machine never ends in time).
/// Returns exit code, stdout + stderr.
fn claimcheck(args: &[&str]) -> (i32, String) {
    // The limit is set by the shell (`ulimit -v`, in KiB) that then becomes claimcheck.
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(format!("ulimit -v {} && exec \"$0\" \"$@\"", MEMORY_LIMIT / 1024))
        .arg(env!("CARGO_BIN_EXE_claimcheck"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("claimcheck {args:?} did not end: it must not walk outside the project");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr);
    (output.status.code().unwrap_or(-1), text)
}

/// `check DIR` in every output format, each asserted by `each(exit code, output)`.
fn check_every_format(dir: &Path, each: impl Fn(&str, i32, &str)) {
    for format in ["human", "json", "sarif", "github", "short"] {
        let (code, output) = claimcheck(&["check", "--color", "never", "--format", format, dir.to_str().unwrap()]);
        each(format, code, &output);
    }
}

#[test]
fn a_claims_directory_linked_out_of_the_project_is_a_finding_not_a_walk() {
    let outside = Outside::new();
    let dir = project();
    fs::remove_dir_all(dir.path().join("claims")).unwrap();
    symlink(outside.path(), dir.path().join("claims")).unwrap();
    let checked = check_project(dir.path()).unwrap();
    assert_eq!(checked.project.store.sources().count(), 0, "no outside claim file may load");
    let finding = checked.findings.iter().find(|f| f.code == Code::LinkLeavesDirectory).expect("a located finding");
    assert_eq!(checked.project.files.get(finding.labels[0].span.file).path, "claims");
    check_every_format(dir.path(), |format, code, output| {
        assert_eq!(code, 1, "{format}: an error finding fails the check:\n{output}");
        assert!(output.contains("link-leaves-directory") || format == "human" || format == "short", "{output}");
        assert!(output.contains("claims"), "{format}: the finding names claims/:\n{output}");
        outside.assert_not_named_in(output);
    });
    outside.assert_untouched();
}

#[test]
fn a_rules_directory_linked_to_the_root_of_the_machine_is_not_walked() {
    let dir = project();
    fs::remove_dir_all(dir.path().join("rules")).unwrap();
    symlink("/", dir.path().join("rules")).unwrap();
    let checked = check_project(dir.path()).unwrap();
    assert!(
        checked
            .findings
            .iter()
            .any(|f| f.code == Code::LinkLeavesDirectory
                && checked.project.files.get(f.labels[0].span.file).path == "rules"),
        "{:#?}",
        checked.findings
    );
    assert!(
        checked.project.files.iter().all(|(_, f)| !f.path.starts_with('/') && !f.path.starts_with("rules/")),
        "no file under / may be read"
    );
    check_every_format(dir.path(), |format, code, output| {
        assert_eq!(code, 1, "{format}:\n{output}");
        for leak in ["/etc", "/usr", "/proc", "passwd"] {
            assert!(!output.contains(leak), "{format}: `{leak}` leaked:\n{output}");
        }
    });
}

#[test]
fn a_link_inside_claims_to_an_outside_directory_or_file_is_not_followed_and_not_named() {
    let outside = Outside::new();
    let dir = project();
    symlink(outside.path(), dir.path().join("claims/elsewhere")).unwrap();
    symlink(outside.path().join("secret.toml"), dir.path().join("claims/linked.toml")).unwrap();
    // An article linked out of the project is not read either.
    let linked_article = GOOD_CLAIMS.replace("id = \"good\"", "id = \"linked-text\"").replace("good.txt", "linked.txt");
    fs::write(dir.path().join("claims/linked-text.toml"), linked_article).unwrap();
    symlink(outside.path().join("secret.txt"), dir.path().join("claims/linked.txt")).unwrap();
    let checked = check_project(dir.path()).unwrap();
    let ids: Vec<&str> = checked.project.store.sources().map(|(_, s)| s.id.as_str()).collect();
    assert!(!ids.contains(&SECRET), "{ids:?}");
    assert!(checked.project.files.iter().all(|(_, f)| !f.text.contains(SECRET)), "no outside text may be read");
    check_every_format(dir.path(), |format, code, output| {
        assert_eq!(code, 1, "{format}:\n{output}");
        outside.assert_not_named_in(output);
    });
    outside.assert_untouched();
}

#[test]
fn a_mistyped_text_path_through_a_link_out_suggests_no_outside_file() {
    let outside = Outside::new();
    let dir = project();
    symlink(outside.path(), dir.path().join("claims/archive")).unwrap();
    // One letter off the outside article's name: a did-you-mean would name it.
    let claims = GOOD_CLAIMS.replace("id = \"good\"", "id = \"typo\"").replace("good.txt", "archive/secret.tx");
    fs::write(dir.path().join("claims/typo.toml"), claims).unwrap();
    let checked = check_project(dir.path()).unwrap();
    let finding = checked
        .findings
        .iter()
        .find(|f| checked.project.files.get(f.labels[0].span.file).path == "claims/typo.toml")
        .expect("a finding on the claim file");
    assert_eq!(finding.code, Code::TextPathEscapes, "{finding:#?}");
    check_every_format(dir.path(), |format, code, output| {
        assert_eq!(code, 1, "{format}:\n{output}");
        outside.assert_not_named_in(output);
    });
    // Inside the project the did-you-mean still helps.
    fs::write(dir.path().join("claims/typo.toml"), GOOD_CLAIMS.replace("good.txt", "goud.txt")).unwrap();
    fs::remove_file(dir.path().join("claims/archive")).unwrap();
    let (_, output) = claimcheck(&["check", "--color", "never", dir.path().to_str().unwrap()]);
    assert!(output.contains("did you mean `good.txt`?"), "{output}");
}

/// A project to extract from: the vocabulary and one article, no claim file yet.
fn extract_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("claims")).unwrap();
    fs::create_dir_all(dir.path().join("rules")).unwrap();
    fs::write(dir.path().join("rules/vocabulary.toml"), VOCABULARY).unwrap();
    fs::write(
        dir.path().join("claims/article.txt"),
        "Vietnam and Russia: bilateral trade reached 4.85 billion USD in 2020.",
    )
    .unwrap();
    dir
}

fn extract(dir: &Path, extra: &[&str]) -> (i32, String) {
    let article = dir.join("claims/article.txt");
    let mut args = vec!["extract", "--color", "never", "--published", "2021-11-29", "--project"];
    args.push(dir.to_str().unwrap());
    args.extend_from_slice(extra);
    args.push(article.to_str().unwrap());
    claimcheck(&args)
}

/// The names in `dir` that look like claimcheck's temporary files.
fn temporary_files(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".claimcheck-") && n.ends_with(".tmp"))
        .collect()
}

#[test]
fn links_planted_at_temporary_names_cannot_redirect_a_write() {
    let outside = Outside::new();
    let dir = extract_project();
    let claims = dir.path().join("claims");
    // Older releases wrote through `.NAME.claimcheck-PID.tmp`: plant that name for every process id
    // the run can plausibly get, each a link to the victim.
    let first = std::process::id();
    for pid in first..first + 3000 {
        symlink(outside.path().join("victim.txt"), claims.join(format!(".article.toml.claimcheck-{pid}.tmp"))).unwrap();
    }
    let (code, output) = extract(dir.path(), &[]);
    assert_eq!(code, 0, "{output}");
    outside.assert_untouched();
    let written = claims.join("article.toml");
    assert!(fs::symlink_metadata(&written).unwrap().file_type().is_file(), "the claim file is a regular file");
    assert!(fs::read_to_string(&written).unwrap().contains("[source]"));
    assert_eq!(temporary_files(&claims).len(), 3000, "the planted links are left alone, no temporary file added");
}

#[test]
fn a_claim_file_linked_out_of_the_project_is_never_written_through() {
    let outside = Outside::new();
    let dir = extract_project();
    symlink(outside.path().join("victim.txt"), dir.path().join("claims/article.toml")).unwrap();
    for extra in [&[][..], &["--merge"][..]] {
        let (code, output) = extract(dir.path(), extra);
        assert_ne!(code, 0, "{extra:?}: refused:\n{output}");
        assert!(output.contains("claims/article.toml") || output.contains("article.toml"), "{output}");
        outside.assert_untouched();
        outside.assert_not_named_in(&output);
    }
    assert!(fs::symlink_metadata(dir.path().join("claims/article.toml")).unwrap().file_type().is_symlink());
}

#[test]
fn an_output_directory_linked_out_of_the_project_is_refused() {
    let outside = Outside::new();
    let dir = extract_project();
    symlink(outside.path(), dir.path().join("claims/out")).unwrap();
    let out = dir.path().join("claims/out");
    let (code, output) = extract(dir.path(), &["--output-dir", out.to_str().unwrap()]);
    assert_ne!(code, 0, "{output}");
    outside.assert_untouched();
}

/// The write primitive: what a race looks like at the moment of the rename.
mod write {
    use super::*;

    fn root() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = fs::canonicalize(dir.path()).unwrap();
        (dir, root)
    }

    #[test]
    fn a_file_created_while_the_run_worked_is_kept_and_the_new_text_is_put_beside_it() {
        let (_dir, root) = root();
        let target = root.join("claims/new.toml");
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        // The run saw no file; someone created one before the write.
        fs::write(&target, "# created meanwhile\n").unwrap();
        let error = write_confined(&root, &target, "# extracted\n", Expect::Absent).unwrap_err();
        let WriteError::Changed { kept: Some(kept) } = &error else { panic!("{error:?}") };
        assert_eq!(fs::read_to_string(&target).unwrap(), "# created meanwhile\n");
        assert_eq!(fs::read_to_string(kept).unwrap(), "# extracted\n");
        assert_eq!(kept.file_name().unwrap(), "new.toml.claimcheck-new");
        assert!(error.to_string().contains("new.toml.claimcheck-new"), "{error}");
        assert!(temporary_files(target.parent().unwrap()).is_empty());
        // A second lost race keeps both earlier texts too.
        let again = write_confined(&root, &target, "# extracted again\n", Expect::Absent).unwrap_err();
        let WriteError::Changed { kept: Some(kept) } = again else { panic!() };
        assert_eq!(kept.file_name().unwrap(), "new.toml.claimcheck-new-1");
    }

    #[test]
    fn a_hand_edit_saved_during_a_merge_is_kept() {
        let (_dir, root) = root();
        let target = root.join("ledger.toml");
        fs::write(&target, "# as read\n").unwrap();
        // The run read "# as read"; the person saved an edit before the write.
        fs::write(&target, "# as read\n# the person's edit\n").unwrap();
        let error = write_confined(&root, &target, "# as read\n# merged\n", Expect::Text("# as read\n")).unwrap_err();
        assert!(matches!(error, WriteError::Changed { kept: Some(_) }), "{error:?}");
        assert_eq!(fs::read_to_string(&target).unwrap(), "# as read\n# the person's edit\n");
        assert!(temporary_files(&root).is_empty());
    }

    #[test]
    fn an_unchanged_target_is_replaced_and_an_absent_one_created() {
        let (_dir, root) = root();
        let target = root.join("deep/er/ledger.toml");
        write_confined(&root, &target, "one\n", Expect::Absent).unwrap();
        write_confined(&root, &target, "two\n", Expect::Text("one\n")).unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "two\n");
        assert!(temporary_files(target.parent().unwrap()).is_empty());
    }

    #[test]
    fn nothing_is_written_outside_the_root_or_through_a_link() {
        let (_dir, root) = root();
        let outside = Outside::new();
        symlink(outside.path(), root.join("out")).unwrap();
        symlink(outside.path().join("victim.txt"), root.join("victim.toml")).unwrap();
        for target in [root.join("out/new.toml"), root.join("out/deeper/new.toml"), root.join("victim.toml")] {
            let error = write_confined(&root, &target, "x", Expect::Absent).unwrap_err();
            assert!(matches!(error, WriteError::Outside(_)), "{target:?}: {error:?}");
        }
        let error = write_confined(&root, &root.join("victim.toml"), "x", Expect::Text(VICTIM)).unwrap_err();
        assert!(matches!(error, WriteError::Outside(_)), "{error:?}");
        outside.assert_untouched();
    }
}

#[test]
fn temporary_files_left_by_a_killed_run_are_reported_and_not_read() {
    let dir = project();
    // One of this release's names and one of an older release's.
    fs::write(dir.path().join("claims/.claimcheck-Xa81Qz.tmp"), GOOD_CLAIMS).unwrap();
    fs::write(dir.path().join("claims/.good.toml.claimcheck-4242.tmp"), GOOD_CLAIMS).unwrap();
    let checked = check_project(dir.path()).unwrap();
    let stale: Vec<&str> = checked
        .findings
        .iter()
        .filter(|f| f.code == Code::StaleTemporaryFile)
        .map(|f| checked.project.files.get(f.labels[0].span.file).path.as_str())
        .collect();
    assert_eq!(stale, ["claims/.claimcheck-Xa81Qz.tmp", "claims/.good.toml.claimcheck-4242.tmp"]);
    assert_eq!(checked.project.store.sources().count(), 1, "a temporary file is never loaded");
    let (code, output) = claimcheck(&["check", "--color", "never", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "a warning does not fail the check:\n{output}");
    assert!(output.contains("stale-temporary-file") && output.contains("interrupted claimcheck run"), "{output}");
}

/// Many files load in time linear in their number (the source map's path index is a hash map; the
/// benchmark `rules` measures the time): here, that 50,000 claim files all load and each is found.
#[test]
fn fifty_thousand_claim_files_load() {
    let dir = project();
    for i in 0..50_000 {
        let text = format!(
            "[source]\nid = \"s{i}\"\ntitle = \"T\"\npublisher = \"P\"\npublished = \"2021-11-29\"\n\n[[claim]]\nid = \"c\"\nsubject = \"vietnam\"\nproperty = \"bilateral-trade\"\nqualifiers = {{ partner = \"russia\" }}\nvalue = \"4.85 billion USD\"\nperiod = \"2020\"\n"
        );
        fs::write(dir.path().join(format!("claims/s{i}.toml")), text).unwrap();
    }
    let checked = check_project(dir.path()).unwrap();
    assert_eq!(checked.project.store.sources().count(), 50_001);
    assert_eq!(
        checked.project.files.find("claims/s49999.toml").map(|id| checked.project.files.get(id).path.as_str()),
        Some("claims/s49999.toml")
    );
    assert!(checked.findings.iter().all(|f| f.code != Code::ConflictingValue), "the claims agree");
}

/// A 7 MB article without a sentence break, a million numbers in it: extraction ends, lists a
/// bounded number of unattached values and says how many more there were.
#[test]
fn a_seven_megabyte_line_is_extracted_in_bounded_output() {
    let dir = extract_project();
    fs::write(dir.path().join("claims/article.txt"), "12,345 ".repeat(1_000_000)).unwrap();
    let (code, output) = extract(dir.path(), &[]);
    assert_eq!(code, 0, "{output}");
    let written = fs::read_to_string(dir.path().join("claims/article.toml")).unwrap();
    assert!(written.len() < 1024 * 1024, "{} bytes written", written.len());
    assert!(written.contains("more values attached to nothing, not listed"), "{}", &written[written.len() - 500..]);
}
