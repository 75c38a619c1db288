//! The stdio transport: the protocol's `Content-Length` framing over stdin and stdout, forgiving
//! of bad input and bounded in what it costs. lsp-server's own stdio transport ends the connection
//! at the first malformed message and believes every `Content-Length`; this one answers a bad
//! message with a JSON-RPC error and reads on, so a client bug never takes the server down.
//!
//! What it guarantees, whatever arrives on stdin:
//!
//! - **Bounded memory.** A header line is at most [`MAX_HEADER_LINE`] bytes and a header block
//!   at most [`MAX_HEADER_BLOCK`]; a body is at most [`MAX_MESSAGE_BYTES`], and its buffer grows
//!   only as its bytes arrive, so a `Content-Length` that lies costs nothing. A larger message is
//!   answered at once (`-32600`, id `null`) and its body read and dropped in buffer-sized chunks.
//! - **Resynchronisation.** After a header block with no usable `Content-Length` (missing,
//!   not a number, two different values, a line or block too long), the reader skips to the next
//!   `Content-Length:` it sees. While it drops an oversized body it also stops at a line that
//!   starts with `Content-Length:`: a JSON body cannot hold one (raw line breaks only occur
//!   between JSON tokens, and no token starts with `C`), so that line is the next message's
//!   header and the oversized one was cut short.
//! - **JSON-RPC 2.0 only.** A body that is not JSON is a parse error (`-32700`, id `null`); one that
//!   is not a JSON-RPC 2.0 request, notification or response (`"jsonrpc": "2.0"` missing, a
//!   method that is not a string, an id that is not an integer or a string, params that are
//!   neither an object nor an array) is an invalid request (`-32600`, with the request's id when
//!   it has a readable one). Neither reaches the server: an `exit` without `"jsonrpc": "2.0"` is
//!   not obeyed.
//! - **A clean end.** The input ending anywhere, even inside a message, ends the connection.
//!
//! The server side is an in-memory [`Connection`]: a reader thread feeds it what arrives on stdin
//! ([`pump`]), a writer thread writes out what it sends. Each frame is written under the stdout
//! lock, so the reader's error replies never interleave with the writer's messages.

use lsp_server::{Connection, ErrorCode, Message};
use serde_json::{Map, Value};
use std::io::{self, BufRead, Read, Write};
use std::thread::JoinHandle;

/// The largest message read; larger ones are dropped and answered with an error. Claim files are
/// at most 8 MiB, and JSON escaping can double that.
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024 * 1024;

/// The longest header line read; a longer one makes its header block unusable.
pub const MAX_HEADER_LINE: usize = 8 * 1024;

/// The most header bytes read before a body (garbage lines before the header included).
pub const MAX_HEADER_BLOCK: usize = 64 * 1024;

/// The header the reader resynchronises on, lower case (header names ignore case).
const CONTENT_LENGTH: &[u8] = b"content-length:";

/// One frame read from the input.
#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
    /// The input ended (possibly inside a message: a client that left mid-message is gone).
    End,
    /// A message body (not yet parsed).
    Body(Vec<u8>),
    /// A message whose `Content-Length` is over the limit; its body is dropped before the next
    /// frame is read, so an answer can go out first.
    TooLarge(u64),
    /// A header block that could not be read, with the reason; reading goes on after it.
    Bad(String),
}

/// What the reader does before it reads the next header block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Resync {
    /// Nothing: the next byte starts a header block.
    None,
    /// Drop this many bytes of the last message's body (stopping early at a line that starts
    /// with `Content-Length:`).
    Drop(u64),
    /// Skip to the next `Content-Length:`, wherever it is.
    Hunt,
}

/// Where a skip stopped.
enum Skipped {
    /// The bytes to drop are gone; the next byte starts a header block.
    Done,
    /// `Content-Length:` was just read: it starts the next header block.
    Header,
    /// The input ended.
    End,
}

/// One header line.
enum Line {
    /// The line, without its line break.
    Text(Vec<u8>),
    /// A line over [`MAX_HEADER_LINE`]; it has been read to its end and dropped.
    TooLong,
    /// The input ended (inside the line or before it).
    End,
}

/// Reads frames from any [`BufRead`] in bounded memory, resynchronising after bad ones.
pub struct FrameReader<R> {
    input: R,
    limit: usize,
    resync: Resync,
}

impl<R: BufRead> FrameReader<R> {
    /// A reader of messages up to [`MAX_MESSAGE_BYTES`].
    pub fn new(input: R) -> Self {
        Self::with_limit(input, MAX_MESSAGE_BYTES)
    }

    /// A reader of messages up to `limit` bytes.
    pub fn with_limit(input: R, limit: usize) -> Self {
        FrameReader { input, limit, resync: Resync::None }
    }

    /// The next frame: header lines up to an empty line, then `Content-Length` bytes. Blank lines
    /// before a header block and lines that are not `Name: value` are skipped; other headers
    /// (`Content-Type`) are ignored.
    pub fn next_frame(&mut self) -> io::Result<Frame> {
        let skipped = match std::mem::replace(&mut self.resync, Resync::None) {
            Resync::None => Skipped::Done,
            Resync::Drop(n) => self.skip(Some(n))?,
            Resync::Hunt => self.skip(None)?,
        };
        let mut prefix = match skipped {
            Skipped::End => return Ok(Frame::End),
            Skipped::Header => Some(b"Content-Length:".to_vec()),
            Skipped::Done => None,
        };
        let mut length: Option<u64> = None;
        let mut problem: Option<String> = None;
        let mut block = 0usize;
        let mut started = false;
        loop {
            let line = match self.read_line(prefix.take())? {
                Line::End => return Ok(Frame::End),
                Line::TooLong => {
                    block += MAX_HEADER_LINE;
                    started = true;
                    problem.get_or_insert_with(|| format!("a header line is longer than {MAX_HEADER_LINE} bytes"));
                    if block > MAX_HEADER_BLOCK {
                        break;
                    }
                    continue;
                }
                Line::Text(line) => line,
            };
            block += line.len() + 1;
            if block > MAX_HEADER_BLOCK {
                problem = Some(format!("the header is longer than {MAX_HEADER_BLOCK} bytes"));
                length = None;
                break;
            }
            let line = line.strip_suffix(b"\r").unwrap_or(&line);
            if line.is_empty() {
                if started {
                    break;
                }
                continue;
            }
            started = true;
            let Some(colon) = line.iter().position(|&b| b == b':') else { continue };
            if !line[..colon].trim_ascii().eq_ignore_ascii_case(b"content-length") {
                continue;
            }
            let value = line[colon + 1..].trim_ascii();
            match parse_length(value) {
                Some(n) if length.is_none_or(|l| l == n) => length = Some(n),
                Some(_) => {
                    problem.get_or_insert_with(|| "two Content-Length headers with different values".into());
                    length = None;
                    break;
                }
                None => {
                    let shown = String::from_utf8_lossy(&value[..value.len().min(40)]).into_owned();
                    problem.get_or_insert_with(|| format!("Content-Length `{shown}` is not a number of bytes"));
                    length = None;
                    break;
                }
            }
        }
        let length = match (length, problem) {
            (None, problem) => {
                // Where this message's body ends is unknown: skip to the next header.
                self.resync = Resync::Hunt;
                return Ok(Frame::Bad(problem.unwrap_or_else(|| "a message without a Content-Length header".into())));
            }
            (Some(length), Some(problem)) => {
                self.resync = Resync::Drop(length);
                return Ok(Frame::Bad(problem));
            }
            (Some(length), None) => length,
        };
        if length > self.limit as u64 {
            self.resync = Resync::Drop(length);
            return Ok(Frame::TooLarge(length));
        }
        self.read_body(length as usize)
    }

    /// The body: `length` bytes, in a buffer that grows only as they arrive.
    fn read_body(&mut self, length: usize) -> io::Result<Frame> {
        let mut body: Vec<u8> = Vec::with_capacity(length.min(64 * 1024));
        while body.len() < length {
            let available = self.input.fill_buf()?;
            if available.is_empty() {
                return Ok(Frame::End);
            }
            let n = available.len().min(length - body.len());
            if body.capacity() < body.len() + n {
                let wanted = (body.capacity() * 2).max(body.len() + n).min(length);
                body.reserve_exact(wanted - body.len());
            }
            body.extend_from_slice(&available[..n]);
            self.input.consume(n);
        }
        Ok(Frame::Body(body))
    }

    /// One header line, after `prefix` (bytes of it already read), at most [`MAX_HEADER_LINE`]
    /// bytes kept.
    fn read_line(&mut self, prefix: Option<Vec<u8>>) -> io::Result<Line> {
        let mut line = prefix.unwrap_or_default();
        let room = (MAX_HEADER_LINE + 1).saturating_sub(line.len()) as u64;
        (&mut self.input).take(room).read_until(b'\n', &mut line)?;
        if line.last() == Some(&b'\n') {
            line.pop();
            return Ok(Line::Text(line));
        }
        if line.len() <= MAX_HEADER_LINE {
            return Ok(Line::End);
        }
        // Too long: drop the rest of the line.
        if self.input.skip_until(b'\n')? == 0 {
            return Ok(Line::End);
        }
        Ok(Line::TooLong)
    }

    /// Drop input: `Some(n)` bytes of a body, stopping early at a line that starts with
    /// `Content-Length:`; `None`: up to the next `Content-Length:` anywhere. Reads the input's
    /// own buffer chunk by chunk and keeps nothing.
    fn skip(&mut self, mut remaining: Option<u64>) -> io::Result<Skipped> {
        let line_start_only = remaining.is_some();
        // How much of `Content-Length:` the last bytes matched, and whether the next byte starts
        // a line (the body's first byte does).
        let mut matched = 0usize;
        let mut at_line_start = true;
        loop {
            if remaining == Some(0) {
                return Ok(Skipped::Done);
            }
            let available = self.input.fill_buf()?;
            if available.is_empty() {
                return Ok(Skipped::End);
            }
            let n = match remaining {
                Some(r) => available.len().min(usize::try_from(r).unwrap_or(usize::MAX)),
                None => available.len(),
            };
            let mut found = None;
            for (i, &byte) in available[..n].iter().enumerate() {
                let lower = byte.to_ascii_lowercase();
                if matched > 0 {
                    if lower == CONTENT_LENGTH[matched] {
                        matched += 1;
                        if matched == CONTENT_LENGTH.len() {
                            found = Some(i + 1);
                            break;
                        }
                        continue;
                    }
                    matched = 0;
                }
                if (at_line_start || !line_start_only) && lower == CONTENT_LENGTH[0] {
                    matched = 1;
                    at_line_start = false;
                    continue;
                }
                at_line_start = byte == b'\n';
            }
            let consumed = found.unwrap_or(n);
            self.input.consume(consumed);
            if let Some(r) = remaining.as_mut() {
                *r -= consumed as u64;
            }
            if found.is_some() {
                return Ok(Skipped::Header);
            }
        }
    }
}

/// A `Content-Length` value: decimal digits only (no sign, no spaces inside). A number too large
/// for 64 bits is as good as infinite.
fn parse_length(value: &[u8]) -> Option<u64> {
    if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(std::str::from_utf8(value).ok()?.parse::<u64>().unwrap_or(u64::MAX))
}

/// A JSON-RPC error response (id `null` when the request's id could not be read).
pub fn error_response(id: Value, code: ErrorCode, message: &str) -> Value {
    serde_json::json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code as i32, "message": message } })
}

/// The error response to a frame that is not a message, or `None` for a message body.
pub fn frame_error(frame: &Frame, limit: usize) -> Option<Value> {
    match frame {
        Frame::TooLarge(length) => Some(error_response(
            Value::Null,
            ErrorCode::InvalidRequest,
            &format!("a message of {length} bytes is larger than the limit of {limit} bytes; it was dropped"),
        )),
        Frame::Bad(reason) => Some(error_response(Value::Null, ErrorCode::ParseError, reason)),
        Frame::End | Frame::Body(_) => None,
    }
}

/// Parse a frame's body: the JSON-RPC 2.0 message, or the error response to send back. A body
/// that is not JSON is a parse error (`-32700`); JSON that is not a JSON-RPC 2.0 message is an
/// invalid request (`-32600`), answered with the request's id when it has a readable one.
pub fn decode(body: &[u8]) -> Result<Message, Value> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| error_response(Value::Null, ErrorCode::ParseError, &format!("invalid JSON: {e}")))?;
    let invalid = |id: &Value, message: &str| {
        error_response(id.clone(), ErrorCode::InvalidRequest, &format!("not a JSON-RPC 2.0 message: {message}"))
    };
    let object = match &value {
        Value::Object(object) => object,
        Value::Array(_) => return Err(invalid(&Value::Null, "batches are not part of the Language Server Protocol")),
        _ => return Err(invalid(&Value::Null, "a message is a JSON object")),
    };
    let id = object.get("id");
    let id_is_valid = id.is_some_and(|id| id.is_string() || id.is_i64() || id.is_u64());
    let has_method = object.contains_key("method");
    // Only a request's id is echoed: an error with a response's id would answer the client's own
    // request of that id.
    let reply_id = if has_method && id_is_valid { id.cloned().unwrap_or_default() } else { Value::Null };
    check_message(object, id, id_is_valid, has_method).map_err(|message| invalid(&reply_id, &message))?;
    let is_request = has_method && id.is_some();
    let message = serde_json::from_value::<Message>(value).map_err(|e| invalid(&reply_id, &e.to_string()))?;
    // lsp-server's untagged `Message` reads a request whose id it cannot hold (an integer beyond
    // 32 bits) as a notification; a request must stay one.
    match (&message, is_request) {
        (Message::Request(_), true) | (Message::Notification(_), false) | (Message::Response(_), false) => Ok(message),
        _ => Err(invalid(&reply_id, "the id is out of range (a 32-bit integer or a string)")),
    }
}

/// Why a JSON object is not a JSON-RPC 2.0 request, notification or response.
fn check_message(
    object: &Map<String, Value>,
    id: Option<&Value>,
    id_is_valid: bool,
    has_method: bool,
) -> Result<(), String> {
    match object.get("jsonrpc") {
        Some(Value::String(version)) if version == "2.0" => {}
        Some(other) => return Err(format!("`jsonrpc` is {other}, not \"2.0\"")),
        None => return Err("`\"jsonrpc\": \"2.0\"` is missing".into()),
    }
    // A response may have a null id (an answer to a message whose id was unreadable).
    let null_response_id = id == Some(&Value::Null) && !has_method;
    if id.is_some() && !id_is_valid && !null_response_id {
        return Err("the id must be an integer or a string".into());
    }
    if has_method {
        if !object.get("method").is_some_and(Value::is_string) {
            return Err("the method must be a string".into());
        }
        if !object.get("params").is_none_or(|p| p.is_object() || p.is_array() || p.is_null()) {
            return Err("params must be an object or an array".into());
        }
        return Ok(());
    }
    match (object.contains_key("result"), object.contains_key("error"), id.is_some()) {
        (true, false, true) | (false, true, true) => Ok(()),
        _ => Err("a message without a method must be a response: an id and either a result or an error".into()),
    }
}

/// Read frames from `input` until it ends: hand each valid message to `deliver` (which says
/// whether to go on), answer each bad frame or message through `reply`. Returns when the input
/// ends or fails, `deliver` says stop, or a reply cannot be written.
pub fn pump(
    input: impl BufRead,
    limit: usize,
    mut deliver: impl FnMut(Message) -> bool,
    mut reply: impl FnMut(&Value) -> io::Result<()>,
) {
    let mut reader = FrameReader::with_limit(input, limit);
    loop {
        let answer = match reader.next_frame() {
            Ok(Frame::End) | Err(_) => return,
            Ok(Frame::Body(body)) => match decode(&body) {
                Ok(message) => {
                    if !deliver(message) {
                        return;
                    }
                    None
                }
                Err(answer) => Some(answer),
            },
            Ok(frame) => frame_error(&frame, limit),
        };
        if let Some(answer) = answer
            && reply(&answer).is_err()
        {
            return;
        }
    }
}

/// Write one frame to stdout.
fn write_frame(body: &[u8]) -> io::Result<()> {
    let mut out = io::stdout().lock();
    write!(out, "Content-Length: {}\r\n\r\n", body.len())?;
    out.write_all(body)?;
    out.flush()
}

/// The threads behind a stdio connection.
pub struct Stdio {
    writer: JoinHandle<()>,
}

impl Stdio {
    /// Wait until everything the server sent has been written (call after dropping the
    /// connection). The reader thread is left blocked on stdin; it ends with the process.
    pub fn join(self) {
        let _ = self.writer.join();
    }
}

/// A connection over stdin and stdout.
pub fn stdio() -> Result<(Connection, Stdio), String> {
    let (server, client) = Connection::memory();
    let Connection { sender: to_server, receiver: from_server } = client;
    let writer = std::thread::Builder::new()
        .name("claimcheck-lsp-writer".into())
        .spawn(move || {
            for message in from_server {
                let mut frame = Vec::new();
                if message.write(&mut frame).is_err() {
                    continue;
                }
                // `Message::write` frames the message itself.
                let mut out = io::stdout().lock();
                if out.write_all(&frame).and_then(|()| out.flush()).is_err() {
                    break;
                }
            }
        })
        .map_err(|e| format!("cannot start the writer thread: {e}"))?;
    std::thread::Builder::new()
        .name("claimcheck-lsp-reader".into())
        .spawn(move || {
            let stdin = io::stdin();
            pump(
                stdin.lock(),
                MAX_MESSAGE_BYTES,
                |message| to_server.send(message).is_ok(),
                |answer| write_frame(answer.to_string().as_bytes()),
            );
        })
        .map_err(|e| format!("cannot start the reader thread: {e}"))?;
    Ok((server, Stdio { writer }))
}

#[cfg(test)]
pub(crate) mod tests;
