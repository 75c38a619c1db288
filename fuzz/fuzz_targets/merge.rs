//! libFuzzer target: [`claimcheck_fuzz::merge`] on each input.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    claimcheck_fuzz::merge(data);
});
