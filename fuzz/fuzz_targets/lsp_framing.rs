//! libFuzzer target: [`claimcheck_fuzz::lsp_framing`] on each input.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    claimcheck_fuzz::lsp_framing(data);
});
