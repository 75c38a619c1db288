//! libFuzzer target: [`claimcheck_fuzz::claim_loader`] on each input.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    claimcheck_fuzz::claim_loader(data);
});
