//! Responses too large to hold in memory (a file, a class's ZIP): the handler returns an
//! ordinary response, with an empty body and a [`Streamed`] receiver in its extensions; the
//! server swaps the receiver in as the body ([`stream_out`]). Handlers, errors, logs and the
//! security headers stay as for every other response.

use crate::http::reply::{with_body, Resp};
use http_body_util::{Either, Full};
use hyper::body::{Body, Bytes, Frame};
use hyper::header::{HeaderValue, CONTENT_DISPOSITION, CONTENT_LENGTH};
use hyper::{Response, StatusCode};
use std::path::Path;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use tokio::io::AsyncReadExt;
use tokio::sync::mpsc;

/// Chunks of a streamed body; an error ends the connection (the client sees a failure, never
/// a silently truncated file).
pub type Chunk = Result<Bytes, std::io::Error>;

/// The body of every response the server sends.
pub type ServerBody = Either<Full<Bytes>, ChannelBody>;

/// The receiving end of a streamed body, carried in the response's extensions.
#[derive(Clone)]
pub struct Streamed(Arc<Mutex<Option<mpsc::Receiver<Chunk>>>>);

/// A body fed by a channel.
pub struct ChannelBody {
    rx: mpsc::Receiver<Chunk>,
}

impl Body for ChannelBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        self.rx.poll_recv(cx).map(|chunk| chunk.map(|c| c.map(Frame::data)))
    }
}

/// The response as the server sends it: a streamed body when the handler set one.
pub fn stream_out(resp: Resp) -> Response<ServerBody> {
    let (mut parts, full) = resp.into_parts();
    let receiver = parts
        .extensions
        .remove::<Streamed>()
        .and_then(|s| s.0.lock().ok().and_then(|mut r| r.take()));
    match receiver {
        Some(rx) => Response::from_parts(parts, Either::Right(ChannelBody { rx })),
        None => Response::from_parts(parts, Either::Left(full)),
    }
}

/// A 200 response whose body will come from the returned sender.
pub fn streamed(content_type: &'static str, length: Option<u64>, download_name: &str) -> (Resp, mpsc::Sender<Chunk>) {
    let (tx, rx) = mpsc::channel::<Chunk>(4);
    let mut resp = with_body(StatusCode::OK, content_type, Bytes::new());
    let headers = resp.headers_mut();
    if let Some(length) = length {
        headers.insert(CONTENT_LENGTH, HeaderValue::from(length));
    }
    if let Ok(value) = HeaderValue::from_str(&attachment(download_name)) {
        headers.insert(CONTENT_DISPOSITION, value);
    }
    resp.extensions_mut().insert(Streamed(Arc::new(Mutex::new(Some(rx)))));
    (resp, tx)
}

/// `attachment; filename="…"; filename*=UTF-8''…`: an ASCII name for old clients, the real one
/// for the others.
fn attachment(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._- ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'_' | b'-' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// Sends the file at `path` through `tx`, 64 Kio at a time (the channel's bound keeps memory
/// flat when the client reads slowly). With `unlink`, the file is deleted once opened.
pub fn send_file(path: &Path, tx: mpsc::Sender<Chunk>, unlink: bool) {
    let path = path.to_path_buf();
    tokio::spawn(async move {
        let mut file = match tokio::fs::File::open(&path).await {
            Ok(file) => file,
            Err(err) => {
                let _ = tx.send(Err(err)).await;
                return;
            }
        };
        if unlink {
            let _ = tokio::fs::remove_file(&path).await;
        }
        loop {
            let mut buf = vec![0u8; 64 * 1024];
            match file.read(&mut buf).await {
                Ok(0) => return,
                Ok(n) => {
                    buf.truncate(n);
                    if tx.send(Ok(Bytes::from(buf))).await.is_err() {
                        return; // the client went away
                    }
                }
                Err(err) => {
                    let _ = tx.send(Err(err)).await;
                    return;
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    #[test]
    fn download_names_are_quoted_safely() {
        assert_eq!(
            super::attachment("6A_Élise \"x\".zip"),
            "attachment; filename=\"6A__lise _x_.zip\"; filename*=UTF-8''6A_%C3%89lise%20%22x%22.zip"
        );
    }
}
