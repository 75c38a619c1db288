//! libFuzzer target: [`claimcheck_fuzz::value_parser`] on each input.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    claimcheck_fuzz::value_parser(data);
});
