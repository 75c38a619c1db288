//! The plain mutation loop: no compiler instrumentation, no C++ — seeds, byte mutations from a
//! seeded xorshift generator, each input run under `catch_unwind` and timed. Inputs whose
//! fingerprint (what the target returns) is new join the corpus, a cheap stand-in for coverage.
//! A panic or an input slower than [`SLOW`] is saved under `fuzz/artifacts/<target>/`; an input
//! that runs past [`HANG`] ends the process (a watchdog saves it first).

use std::collections::HashSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// An input slower than this is reported and saved.
pub const SLOW: Duration = Duration::from_secs(1);
/// An input slower than this is a hang: saved, and the process exits with status 3.
pub const HANG: Duration = Duration::from_secs(20);
/// The largest input tried.
pub const MAX_INPUT: usize = 64 * 1024;
/// The most inputs kept in a corpus.
const MAX_CORPUS: usize = 4096;

/// Words the mutator inserts: pieces of TOML, claim files, values and LSP frames.
const DICTIONARY: &[&[u8]] = &[
    b"[[claim]]\n",
    b"[source]\n",
    b"[claim.qualifiers]\n",
    b"[extract]\nseen = [\"0\"]\n",
    b"value = \"",
    b"quote = \"",
    b"\"\"\"",
    b"'''",
    b"candidate = { confidence = 0.5, why = \"x\" }\n",
    b" billion",
    b" million",
    b" USD",
    b"$",
    b"%",
    b"-",
    b"\xe2\x80\x93",
    b"\xc2\xa3",
    b"nearly ",
    b"the fifth",
    b"th anniversary",
    b"1e999",
    b"99999999999999999999999999999",
    b".000000000000000000000000001",
    b"2020-02-30",
    b"March 1, 2001",
    b"Q4 ",
    b"FY",
    b"Content-Length: ",
    b"content-length:",
    b"\r\n\r\n",
    b"\r\n",
    b"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"shutdown\"}",
    b"\"jsonrpc\":\"2.0\"",
    b"\"id\":",
    b"\"method\":",
    b"\\u0000",
    b"\\ud800",
    b"\n---\n",
    b"\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd",
];

/// A xorshift64* generator: small, deterministic, good enough to pick mutations.
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed (0 is replaced: xorshift cannot leave it).
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next_u64() % n as u64) as usize }
    }
}

/// Apply one to four mutations to `input`, using `corpus` for splices.
pub fn mutate(input: &mut Vec<u8>, corpus: &[Vec<u8>], rng: &mut Rng) {
    for _ in 0..1 + rng.below(4) {
        let len = input.len();
        match rng.below(10) {
            // Flip a bit.
            0 if len > 0 => {
                let at = rng.below(len);
                input[at] ^= 1 << rng.below(8);
            }
            // An interesting byte.
            1 if len > 0 => {
                let at = rng.below(len);
                const BYTES: &[u8] = b"\0\x7f\xff\xc3\xe2\"'\\\n\r[]{}=.,:#0123456789-+ ";
                input[at] = BYTES[rng.below(BYTES.len())];
            }
            // Delete a range.
            2 if len > 0 => {
                let at = rng.below(len);
                let n = 1 + rng.below((len - at).min(64));
                input.drain(at..at + n);
            }
            // Insert a dictionary word.
            3 | 4 => {
                let word = DICTIONARY[rng.below(DICTIONARY.len())];
                let at = rng.below(len + 1);
                input.splice(at..at, word.iter().copied());
            }
            // Duplicate a range (sometimes many times: long lines, deep nesting).
            5 if len > 0 => {
                let at = rng.below(len);
                let n = 1 + rng.below((len - at).min(32));
                let piece = input[at..at + n].to_vec();
                let times = if rng.below(8) == 0 { 1 + rng.below(2000) } else { 1 };
                let to = rng.below(len + 1);
                input.splice(to..to, piece.iter().copied().cycle().take(n * times));
            }
            // Splice in part of another input.
            6 if !corpus.is_empty() => {
                let other = &corpus[rng.below(corpus.len())];
                if !other.is_empty() {
                    let from = rng.below(other.len());
                    let n = 1 + rng.below((other.len() - from).min(256));
                    let at = rng.below(len + 1);
                    input.splice(at..at, other[from..from + n].iter().copied());
                }
            }
            // Replace a decimal number with an extreme one.
            7 => {
                if let Some(at) = input.iter().position(|b| b.is_ascii_digit()).map(|first| {
                    let digits: Vec<usize> = (first..len).filter(|&i| input[i].is_ascii_digit()).collect();
                    digits[rng.below(digits.len())]
                }) {
                    let end = (at..input.len()).find(|&i| !input[i].is_ascii_digit()).unwrap_or(input.len());
                    const NUMBERS: &[&[u8]] = &[
                        b"0",
                        b"-1",
                        b"4294967296",
                        b"18446744073709551616",
                        b"99999999999999999999999999999",
                        b"1e400",
                    ];
                    input.splice(at..end, NUMBERS[rng.below(NUMBERS.len())].iter().copied());
                }
            }
            // Truncate.
            8 if len > 1 => input.truncate(rng.below(len)),
            // Swap two bytes.
            _ if len > 1 => {
                let (a, b) = (rng.below(len), rng.below(len));
                input.swap(a, b);
            }
            _ => input.push(rng.below(256) as u8),
        }
    }
    input.truncate(MAX_INPUT);
}

/// What a run found.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Inputs run.
    pub executions: u64,
    /// How long they took.
    pub elapsed: Duration,
    /// Distinct panics: (message, saved input).
    pub panics: Vec<(String, PathBuf)>,
    /// Inputs slower than [`SLOW`]: (seconds, saved input).
    pub slow: Vec<(f64, PathBuf)>,
    /// Inputs in the corpus at the end.
    pub corpus: usize,
}

/// Save an input under `dir`, named by its hash.
pub fn save(dir: &Path, kind: &str, input: &[u8]) -> PathBuf {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    input.hash(&mut hasher);
    let path = dir.join(format!("{kind}-{:016x}", hasher.finish()));
    let _ = std::fs::create_dir_all(dir);
    let _ = std::fs::write(&path, input);
    path
}

/// Run `target` on `runs` mutated inputs (or until `time` is up), starting from `seeds`. Panics
/// are caught, their inputs saved under `artifacts`.
pub fn run(
    name: &str,
    target: crate::Target,
    seeds: Vec<Vec<u8>>,
    runs: u64,
    time: Option<Duration>,
    seed: u64,
    artifacts: &Path,
) -> Outcome {
    let mut rng = Rng::new(seed ^ name.bytes().fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(b as u64)));
    let mut corpus: Vec<Vec<u8>> = seeds
        .into_iter()
        .map(|mut s| {
            s.truncate(MAX_INPUT);
            s
        })
        .collect();
    if corpus.is_empty() {
        corpus.push(Vec::new());
    }
    let mut seen_fingerprints = HashSet::new();
    let mut seen_panics = HashSet::new();
    let mut outcome = Outcome::default();
    let current = Arc::new(Mutex::new((Instant::now(), Vec::<u8>::new(), false)));
    let watchdog = {
        let current = Arc::clone(&current);
        let dir = artifacts.to_path_buf();
        let name = name.to_string();
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(Duration::from_millis(500));
                let guard = current.lock().unwrap_or_else(|e| e.into_inner());
                let (started, input, done) = &*guard;
                if *done {
                    return;
                }
                if !input.is_empty() && started.elapsed() > HANG {
                    let path = save(&dir, "hang", input);
                    eprintln!("{name}: an input ran for more than {HANG:?}: saved as {}", path.display());
                    std::process::exit(3);
                }
            }
        })
    };
    let started = Instant::now();
    // The seeds themselves first, then mutations.
    let mut index = 0usize;
    while outcome.executions < runs && time.is_none_or(|t| started.elapsed() < t) {
        let input = if index < corpus.len() && outcome.executions < corpus.len() as u64 {
            index += 1;
            corpus[index - 1].clone()
        } else {
            let mut input = corpus[rng.below(corpus.len())].clone();
            mutate(&mut input, &corpus, &mut rng);
            input
        };
        {
            let mut guard = current.lock().unwrap_or_else(|e| e.into_inner());
            *guard = (Instant::now(), input.clone(), false);
        }
        let one = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(|| target(&input)));
        let took = one.elapsed();
        outcome.executions += 1;
        match result {
            Ok(fingerprint) => {
                if seen_fingerprints.insert(fingerprint) && corpus.len() < MAX_CORPUS {
                    corpus.push(input.clone());
                }
            }
            Err(payload) => {
                let message = payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "a panic without a message".into());
                let location = crate::mutate::last_panic_location();
                let first_line: String = message.lines().next().unwrap_or_default().chars().take(160).collect();
                let key = format!("{location} {first_line}");
                if seen_panics.insert(key.clone()) {
                    let path = save(artifacts, "crash", &input);
                    outcome.panics.push((key, path));
                }
            }
        }
        if took > SLOW {
            let path = save(artifacts, "slow", &input);
            outcome.slow.push((took.as_secs_f64(), path));
        }
    }
    outcome.elapsed = started.elapsed();
    outcome.corpus = corpus.len();
    current.lock().unwrap_or_else(|e| e.into_inner()).2 = true;
    let _ = watchdog.join();
    outcome
}

thread_local! {
    static LAST_PANIC: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Where the last panic on this thread happened (set by [`quiet_panics`]' hook).
pub fn last_panic_location() -> String {
    LAST_PANIC.with(|l| l.borrow().clone())
}

/// Replace the panic hook with one that only records where a panic happened: the loop reports
/// each distinct panic once, not every time.
pub fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let location = info.location().map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_default();
        LAST_PANIC.with(|l| *l.borrow_mut() = location);
    }));
}
