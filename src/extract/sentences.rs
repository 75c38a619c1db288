//! Splitting article text into sentences with byte spans. Newlines end paragraphs; a full stop,
//! question or exclamation mark ends a sentence when a capital letter, digit or quotation mark
//! follows — except after abbreviations ("Mr.", "U.S.", "Jan.") and inside numbers ("4.85").

use std::ops::Range;

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "no", "vs", "etc", "e.g", "i.e", "u.s", "u.k", "u.n", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "gen", "gov", "sen", "rep", "prof", "inc", "ltd", "co",
];

/// The first byte at or after `from` that may end a sentence (a newline, `.`, `!` or `?`), or the
/// length of `bytes`. Eight bytes at a time: most of a text ends nothing.
fn next_stop(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // Non-zero when some byte of `word` is `byte` (the classic zero-byte test).
    let has = |word: u64, byte: u8| {
        let x = word ^ (ONES * u64::from(byte));
        x.wrapping_sub(ONES) & !x & HIGHS
    };
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_le_bytes(word);
        if has(word, b'\n') | has(word, b'.') | has(word, b'!') | has(word, b'?') != 0 {
            break;
        }
        i += 8;
    }
    while i < bytes.len() && !matches!(bytes[i], b'\n' | b'.' | b'!' | b'?') {
        i += 1;
    }
    i
}

/// The sentences of `text`, as byte ranges, trimmed, empty ones left out.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let push = |from: usize, to: usize, out: &mut Vec<Range<usize>>| {
        let slice = &text[from..to];
        let trimmed_start = from + (slice.len() - slice.trim_start().len());
        let trimmed_end = to - (slice.len() - slice.trim_end().len());
        if trimmed_end > trimmed_start {
            out.push(trimmed_start..trimmed_end);
        }
    };
    let mut i = 0;
    loop {
        i = next_stop(bytes, i);
        let Some(&c) = bytes.get(i) else { break };
        if c == b'\n' {
            push(start, i, &mut out);
            start = i + 1;
        } else if matches!(c, b'.' | b'!' | b'?') && bytes.get(i + 1).is_some_and(|b| b.is_ascii_whitespace()) {
            // The cheap tests first: most full stops inside a sentence fail one of them.
            let next_word_start = text[i + 1..].find(|ch: char| !ch.is_whitespace()).map(|k| i + 1 + k);
            let next_starts_sentence = next_word_start.is_some_and(|k| {
                text[k..]
                    .chars()
                    .next()
                    .is_some_and(|ch| ch.is_uppercase() || ch.is_ascii_digit() || matches!(ch, '"' | '“' | '‘' | '\''))
            });
            let abbreviation = || {
                let word_before: String = text[start..i]
                    .rsplit(|ch: char| ch.is_whitespace() || ch == '(')
                    .next()
                    .unwrap_or("")
                    .to_lowercase();
                ABBREVIATIONS.contains(&word_before.as_str())
                    || (word_before.len() == 1 && word_before.chars().all(char::is_alphabetic))
            };
            if next_starts_sentence && !(c == b'.' && abbreviation()) {
                // Keep a closing quotation mark with its sentence.
                push(start, i + 1, &mut out);
                start = i + 1;
            }
        }
        i += 1;
    }
    push(start, text.len(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn sentences_numbers_and_abbreviations() {
        assert_eq!(
            split("Trade reached 4.85 billion USD in 2020. The U.S. and Mr. Lee agreed.\nA new paragraph"),
            vec!["Trade reached 4.85 billion USD in 2020.", "The U.S. and Mr. Lee agreed.", "A new paragraph"]
        );
        assert_eq!(split("It rose 3.5%. Then 2021 came."), vec!["It rose 3.5%.", "Then 2021 came."]);
        assert_eq!(split("  \n\n "), Vec::<&str>::new());
        // Stops found eight bytes at a time, and in the tail.
        let long = "An unusually long first sentence without any stop. Then two? Yes! End";
        assert_eq!(split(long), vec!["An unusually long first sentence without any stop.", "Then two?", "Yes!", "End"]);
        for (i, _) in long.char_indices() {
            let stop = next_stop(long.as_bytes(), i);
            assert_eq!(stop, long[i..].find(['.', '!', '?', '\n']).map_or(long.len(), |k| i + k));
        }
    }
}
