//! The benchmark's generated store does what it says: it holds the requested number of claims,
//! the rule stage derives claims from its anniversaries, and the planted contradictions are found
//! (so the benchmark measures real work, not an empty loop).

#[path = "../benches/common/generate.rs"]
#[allow(dead_code)]
mod generate;

use claimcheck::finding::Code;
use claimcheck::rules::engine::run_store;

#[test]
fn generated_store_exercises_every_stage() {
    let (mut store, rules) = generate::generate(20_000);
    assert!(store.claim_count() >= 20_000);
    let stated = store.claim_count();
    let (_, findings) = run_store(&mut store, &rules);
    assert!(store.claim_count() > stated, "anniversaries must derive claims");
    let count = |code| findings.iter().filter(|f| f.code == code).count();
    assert!(count(Code::ConflictingValue) > 50, "planted trade and date conflicts: {}", count(Code::ConflictingValue));
    assert!(
        count(Code::RunningTotalDecreases) > 5,
        "planted decreasing counts: {}",
        count(Code::RunningTotalDecreases)
    );
    // Most claims agree: findings stay a small fraction of the claims.
    assert!(findings.len() < stated / 4, "{} findings for {stated} claims", findings.len());
}
