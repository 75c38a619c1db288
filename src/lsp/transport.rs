//! The stdio transport: the protocol's `Content-Length` framing over stdin and stdout, forgiving
//! of bad input. lsp-server's own stdio transport ends the connection at the first malformed
//! message; this one answers it with a JSON-RPC error (parse error, or invalid request) and reads
//! on, so a client bug never takes the server down.
//!
//! The server side is an in-memory [`Connection`]: a reader thread feeds it what arrives on stdin,
//! a writer thread writes out what it sends. Each frame is written under the stdout lock, so the
//! reader's error replies never interleave with the writer's messages.

use lsp_server::{Connection, ErrorCode, Message};
use serde_json::Value;
use std::io::{self, BufRead, Read, Write};
use std::thread::JoinHandle;

/// The largest message read; larger ones are skipped and answered with an error. Claim files are
/// at most 8 MiB, and JSON escaping can double that.
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024 * 1024;

/// The longest header line kept; longer lines are garbage.
const MAX_HEADER_LINE: u64 = 8 * 1024;

/// One frame read from the input.
#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
    /// The input ended.
    End,
    /// A message body (not yet parsed).
    Body(Vec<u8>),
    /// A frame that could not be read, with the reason; reading may go on after it.
    Bad(String),
}

/// Read one frame: header lines up to an empty line, then `Content-Length` bytes. Header lines
/// that are not `Name: value` are skipped.
pub fn read_frame(input: &mut impl BufRead) -> io::Result<Frame> {
    let mut length: Option<Result<usize, String>> = None;
    let mut saw_anything = false;
    loop {
        let mut line = Vec::new();
        let read = input.by_ref().take(MAX_HEADER_LINE).read_until(b'\n', &mut line)?;
        if read == 0 {
            return Ok(if saw_anything { Frame::Bad("the input ended inside a header".into()) } else { Frame::End });
        }
        saw_anything = true;
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() && line.ends_with(b"\n") {
            break;
        }
        if let Some((name, value)) = text.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = Some(value.trim().parse::<usize>().map_err(|_| format!("bad Content-Length `{}`", value.trim())));
        }
    }
    let length = match length {
        None => return Ok(Frame::Bad("a message without a Content-Length header".into())),
        Some(Err(reason)) => return Ok(Frame::Bad(reason)),
        Some(Ok(length)) => length,
    };
    if length > MAX_MESSAGE_BYTES {
        let skipped = io::copy(&mut input.by_ref().take(length as u64), &mut io::sink())?;
        if (skipped as usize) < length {
            return Ok(Frame::End);
        }
        return Ok(Frame::Bad(format!("a message of {length} bytes is larger than the limit of {MAX_MESSAGE_BYTES}")));
    }
    let mut body = vec![0; length];
    match input.read_exact(&mut body) {
        Ok(()) => Ok(Frame::Body(body)),
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => Ok(Frame::End),
        Err(e) => Err(e),
    }
}

/// A JSON-RPC error response (id `null` when the request's id could not be read).
pub fn error_response(id: Value, code: ErrorCode, message: &str) -> Value {
    serde_json::json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code as i32, "message": message } })
}

/// Parse a frame's body: the message, or the error response to send back (`None` when nothing
/// may be sent back: a malformed response or notification from the client).
pub fn decode(body: &[u8]) -> Result<Message, Option<Value>> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| Some(error_response(Value::Null, ErrorCode::ParseError, &format!("invalid JSON: {e}"))))?;
    match serde_json::from_value::<Message>(value.clone()) {
        Ok(message) => Ok(message),
        Err(e) => {
            let id = value.get("id").filter(|id| id.is_number() || id.is_string()).cloned();
            let is_request = value.get("method").is_some() && id.is_some();
            let is_message_without_id = value.is_object() && id.is_none() && value.get("id").is_none();
            if is_request || !is_message_without_id {
                let message = format!("not a valid JSON-RPC message: {e}");
                Err(Some(error_response(id.unwrap_or(Value::Null), ErrorCode::InvalidRequest, &message)))
            } else {
                // A malformed notification: JSON-RPC has no way to answer it.
                Err(None)
            }
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
            let mut input = stdin.lock();
            loop {
                let reply = match read_frame(&mut input) {
                    Ok(Frame::End) | Err(_) => break,
                    Ok(Frame::Bad(reason)) => Some(error_response(Value::Null, ErrorCode::ParseError, &reason)),
                    Ok(Frame::Body(body)) => match decode(&body) {
                        Ok(message) => {
                            if to_server.send(message).is_err() {
                                break;
                            }
                            None
                        }
                        Err(reply) => reply,
                    },
                };
                if let Some(reply) = reply
                    && write_frame(reply.to_string().as_bytes()).is_err()
                {
                    break;
                }
            }
        })
        .map_err(|e| format!("cannot start the reader thread: {e}"))?;
    Ok((server, Stdio { writer }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &str) -> Vec<Frame> {
        let mut reader = io::Cursor::new(input.as_bytes().to_vec());
        let mut out = Vec::new();
        loop {
            match read_frame(&mut reader).unwrap() {
                Frame::End => return out,
                frame => out.push(frame),
            }
        }
    }

    #[test]
    fn frames_are_read_and_garbage_is_skipped() {
        let input = "Content-Length: 2\r\n\r\n{}garbage\r\nContent-Type: x\r\ncontent-length:3\r\n\r\n[1]";
        assert_eq!(frames(input), vec![Frame::Body(b"{}".to_vec()), Frame::Body(b"[1]".to_vec())]);
        let bad = frames("Content-Length: x\r\n\r\nContent-Length: 1\r\n\r\n1");
        assert!(matches!(&bad[0], Frame::Bad(reason) if reason.contains("Content-Length")));
        assert_eq!(bad[1], Frame::Body(b"1".to_vec()));
        assert!(matches!(&frames("X: 1\r\n\r\n")[0], Frame::Bad(_)));
        // A body cut short ends the input.
        assert!(frames("Content-Length: 10\r\n\r\n{}").is_empty());
    }

    #[test]
    fn malformed_messages_get_error_replies() {
        let parse = decode(b"{not json").unwrap_err().unwrap();
        assert_eq!(parse["error"]["code"], -32700);
        assert_eq!(parse["id"], Value::Null);
        let invalid = decode(br#"{"jsonrpc":"2.0","id":7,"method":5}"#).unwrap_err().unwrap();
        assert_eq!(invalid["error"]["code"], -32600);
        assert_eq!(invalid["id"], 7);
        let array = decode(b"[1, 2]").unwrap_err().unwrap();
        assert_eq!(array["error"]["code"], -32600);
        // A malformed notification cannot be answered.
        assert_eq!(decode(br#"{"jsonrpc":"2.0","method":7}"#).unwrap_err(), None);
        assert!(matches!(decode(br#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#), Ok(Message::Request(_))));
    }
}
