//! Tests of the framing and the JSON-RPC checks: each hostile input as bytes, and the frames or
//! error codes it must give.

use super::*;

fn frames_with_limit(input: &[u8], limit: usize) -> Vec<Frame> {
    let mut reader = FrameReader::with_limit(io::Cursor::new(input.to_vec()), limit);
    let mut out = Vec::new();
    loop {
        match reader.next_frame().unwrap() {
            Frame::End => return out,
            frame => out.push(frame),
        }
    }
}

fn frames(input: &str) -> Vec<Frame> {
    frames_with_limit(input.as_bytes(), MAX_MESSAGE_BYTES)
}

fn body(text: &str) -> Frame {
    Frame::Body(text.as_bytes().to_vec())
}

fn is_bad(frame: &Frame, says: &str) -> bool {
    matches!(frame, Frame::Bad(reason) if reason.contains(says))
}

#[test]
fn frames_are_read_and_garbage_is_skipped() {
    let input = "Content-Length: 2\r\n\r\n{}garbage\r\nContent-Type: x\r\ncontent-length:3\r\n\r\n[1]";
    assert_eq!(frames(input), vec![body("{}"), body("[1]")]);
    // Blank lines between messages are not an empty header block.
    assert_eq!(frames("\r\n\r\nContent-Length: 2\r\n\r\n{}"), vec![body("{}")]);
    // Two equal Content-Length headers are one.
    assert_eq!(frames("Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}"), vec![body("{}")]);
}

#[test]
fn a_header_block_without_a_usable_length_skips_to_the_next_content_length() {
    let after = "Content-Length: 2\r\n\r\n[]";
    for (header, says) in [
        ("Content-Length: x\r\n", "not a number"),
        ("Content-Length: +5\r\n", "not a number"),
        ("Content-Length: -1\r\n", "not a number"),
        ("Content-Length: 1 2\r\n", "not a number"),
        ("Content-Length:\r\n", "not a number"),
        ("Content-Type: x\r\n", "without a Content-Length"),
        ("Content-Length: 7\r\nContent-Length: 9\r\n", "different values"),
    ] {
        // The body that follows the bad header is skipped, whatever it holds.
        let input = format!("{header}\r\n{{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}}{after}");
        let got = frames(&input);
        assert_eq!(got.len(), 2, "{header:?}: {got:?}");
        assert!(is_bad(&got[0], says), "{header:?}: {got:?}");
        assert_eq!(got[1], body("[]"), "{header:?}");
    }
}

#[test]
fn header_lines_and_blocks_are_bounded() {
    // A line over the limit: the block is bad, but its Content-Length still says where the body
    // ends.
    let long = format!("X-Junk: {}\r\nContent-Length: 2\r\n\r\n{{}}Content-Length: 2\r\n\r\n[]", "a".repeat(20_000));
    let got = frames(&long);
    assert!(is_bad(&got[0], "header line is longer"), "{got:?}");
    assert_eq!(got[1..], [body("[]")]);
    // A block over the limit, made of short lines.
    let junk = format!("{}Content-Length: 2\r\n\r\n[]", "junk\r\n".repeat(20_000));
    let got = frames(&junk);
    assert!(is_bad(&got[0], "header is longer"), "{got:?}");
    assert_eq!(got[1..], [body("[]")]);
    // Endless blank lines are a block over the limit too, and then the end.
    let got = frames(&"\r\n".repeat(100_000));
    assert!(is_bad(&got[0], "header is longer"), "{got:?}");
    assert_eq!(got.len(), 1);
}

#[test]
fn the_input_ending_anywhere_is_the_end() {
    for input in [
        "",
        "Content-Len",
        "Content-Length: 10\r\n",
        "Content-Length: 10\r\n\r\n{}",
        &format!("X: {}", "a".repeat(20_000)),
    ] {
        assert_eq!(frames(input), vec![], "{input:?}");
    }
    let got = frames_with_limit(b"Content-Length: 100\r\n\r\n{}", 10);
    assert_eq!(got, vec![Frame::TooLarge(100)]);
}

#[test]
fn an_oversized_body_is_dropped_and_the_next_message_read() {
    let big = format!("{{\"text\":\"{}\"}}", "x".repeat(100));
    let input = format!("Content-Length: {}\r\n\r\n{big}Content-Length: 2\r\n\r\n{{}}", big.len());
    assert_eq!(frames_with_limit(input.as_bytes(), 10), vec![Frame::TooLarge(big.len() as u64), body("{}")]);
    // `Content-Length:` inside a JSON string (escaped line breaks) does not stop the drop.
    let tricky = r#"{"text":"Content-Length: 2\r\n\r\n[]\nContent-Length: 2"}"#;
    let input = format!("Content-Length: {}\r\n\r\n{tricky}Content-Length: 2\r\n\r\n{{}}", tricky.len());
    assert_eq!(frames_with_limit(input.as_bytes(), 10), vec![Frame::TooLarge(tricky.len() as u64), body("{}")]);
    // A client that declared far more than it sent: the next header at a line start resyncs.
    let cut = "Content-Length: 1000000\r\n\r\n{\"partial\r\nContent-Length: 2\r\n\r\n{}";
    assert_eq!(frames_with_limit(cut.as_bytes(), 10), vec![Frame::TooLarge(1_000_000), body("{}")]);
    let none = "Content-Length: 1000000\r\n\r\nCONTENT-LENGTH: 2\r\n\r\n{}";
    assert_eq!(frames_with_limit(none.as_bytes(), 10), vec![Frame::TooLarge(1_000_000), body("{}")]);
    // A length beyond 64 bits is as large as can be.
    let huge = "Content-Length: 99999999999999999999999\r\n\r\nContent-Length: 2\r\n\r\n{}";
    assert_eq!(frames(huge), vec![Frame::TooLarge(u64::MAX), body("{}")]);
}

/// A reader that makes up a long input as it is read: a header, `body_length` bytes of body and a
/// tail. It counts what was read and the largest read asked for.
pub(crate) struct Lazy {
    header: Vec<u8>,
    body_length: u64,
    tail: Vec<u8>,
    position: u64,
    /// The largest buffer a single `read` was given.
    pub largest_read: usize,
}

impl Lazy {
    /// `Content-Length: <body_length>` and its body of `x`s, then `tail`.
    pub(crate) fn new(body_length: u64, tail: &[u8]) -> Self {
        let header = format!("Content-Length: {body_length}\r\n\r\n").into_bytes();
        Lazy { header, body_length, tail: tail.to_vec(), position: 0, largest_read: 0 }
    }

    /// Every byte of the input.
    pub(crate) fn total(&self) -> u64 {
        self.header.len() as u64 + self.body_length + self.tail.len() as u64
    }

    /// Bytes read so far.
    pub(crate) fn position(&self) -> u64 {
        self.position
    }
}

impl Read for Lazy {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        self.largest_read = self.largest_read.max(buffer.len());
        let header = self.header.len() as u64;
        let mut written = 0;
        while written < buffer.len() && self.position < self.total() {
            let p = self.position;
            buffer[written] = if p < header {
                self.header[p as usize]
            } else if p < header + self.body_length {
                b'x'
            } else {
                self.tail[(p - header - self.body_length) as usize]
            };
            written += 1;
            self.position += 1;
        }
        Ok(written)
    }
}

#[test]
fn a_100_mib_message_is_answered_at_once_and_dropped_in_chunks() {
    let length = 100 * 1024 * 1024;
    let mut lazy = Lazy::new(length, b"Content-Length: 2\r\n\r\n{}");
    let total = lazy.total();
    let started = std::time::Instant::now();
    let mut reader = FrameReader::new(io::BufReader::new(&mut lazy));
    assert_eq!(reader.next_frame().unwrap(), Frame::TooLarge(length));
    // Known before the body is read: only the header and one buffer's worth are in.
    let read_before_answer = reader.input.get_ref().position();
    assert!(read_before_answer < 64 * 1024, "{read_before_answer} bytes read before the answer");
    assert_eq!(reader.next_frame().unwrap(), body("{}"));
    assert_eq!(reader.next_frame().unwrap(), Frame::End);
    drop(reader);
    assert_eq!(lazy.position(), total);
    // Never a read into a body-sized buffer.
    assert!(lazy.largest_read <= 64 * 1024, "a read of {} bytes", lazy.largest_read);
    assert!(started.elapsed() < std::time::Duration::from_secs(20), "{:?}", started.elapsed());
}

fn code(reply: &Value) -> i64 {
    reply["error"]["code"].as_i64().unwrap()
}

#[test]
fn bodies_that_are_not_json_rpc_2_get_the_protocols_errors() {
    let cases: &[(&str, i64, Value)] = &[
        ("{not json", -32700, Value::Null),
        ("", -32700, Value::Null),
        ("[1, 2]", -32600, Value::Null),
        ("7", -32600, Value::Null),
        ("\"shutdown\"", -32600, Value::Null),
        (r#"{"id":1,"method":"shutdown"}"#, -32600, 1.into()),
        (r#"{"jsonrpc":"1.0","id":"a","method":"shutdown"}"#, -32600, "a".into()),
        (r#"{"jsonrpc":2.0,"id":1,"method":"shutdown"}"#, -32600, 1.into()),
        (r#"{"method":"exit"}"#, -32600, Value::Null),
        (r#"{"jsonrpc":"2.0","id":7,"method":5}"#, -32600, 7.into()),
        (r#"{"jsonrpc":"2.0","method":7}"#, -32600, Value::Null),
        (r#"{"jsonrpc":"2.0","id":{"a":1},"method":"shutdown"}"#, -32600, Value::Null),
        (r#"{"jsonrpc":"2.0","id":1.5,"method":"shutdown"}"#, -32600, Value::Null),
        (r#"{"jsonrpc":"2.0","id":null,"method":"shutdown"}"#, -32600, Value::Null),
        (r#"{"jsonrpc":"2.0","id":true,"method":"shutdown"}"#, -32600, Value::Null),
        (r#"{"jsonrpc":"2.0","id":3,"method":"x","params":"bar"}"#, -32600, 3.into()),
        (r#"{"jsonrpc":"2.0","id":3}"#, -32600, Value::Null),
        (r#"{"jsonrpc":"2.0"}"#, -32600, Value::Null),
        // An id lsp-server cannot hold (beyond 32 bits) is still echoed.
        (r#"{"jsonrpc":"2.0","id":99999999999,"method":"shutdown"}"#, -32600, 99_999_999_999u64.into()),
    ];
    for (body, expected, id) in cases {
        let reply = decode(body.as_bytes()).expect_err(body);
        assert_eq!(code(&reply), *expected, "{body}: {reply}");
        assert_eq!(&reply["id"], id, "{body}: {reply}");
        assert_eq!(reply["jsonrpc"], "2.0");
    }
}

#[test]
fn json_rpc_2_messages_are_decoded() {
    assert!(matches!(decode(br#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#), Ok(Message::Request(_))));
    assert!(matches!(
        decode(br#"{"jsonrpc":"2.0","id":"x","method":"shutdown","params":null}"#),
        Ok(Message::Request(_))
    ));
    assert!(matches!(decode(br#"{"jsonrpc":"2.0","method":"exit"}"#), Ok(Message::Notification(_))));
    assert!(matches!(decode(br#"{"jsonrpc":"2.0","method":"x","params":[1]}"#), Ok(Message::Notification(_))));
    assert!(matches!(decode(br#"{"jsonrpc":"2.0","id":1,"result":null}"#), Ok(Message::Response(_))));
    let error = br#"{"jsonrpc":"2.0","id":1,"error":{"code":-1,"message":"no"}}"#;
    assert!(matches!(decode(error), Ok(Message::Response(_))));
}

#[test]
fn frame_errors_name_the_limit() {
    let reply = frame_error(&Frame::TooLarge(100), 10).unwrap();
    assert_eq!(code(&reply), -32600);
    assert_eq!(reply["id"], Value::Null);
    assert!(reply["error"]["message"].as_str().unwrap().contains("limit of 10 bytes"), "{reply}");
    assert_eq!(code(&frame_error(&Frame::Bad("x".into()), 10).unwrap()), -32700);
}
