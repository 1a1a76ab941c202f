//! Hostile clients for `--hostile`: connections that hold the worker's resources without a
//! session, in four kinds, each reconnecting as soon as the worker lets go:
//! - silent: connects and sends nothing;
//! - slow headers (slowloris): a request line, then one header line per second;
//! - slow body: an unauthenticated multipart POST /dossier declaring 30 MB, then 1 KiB every
//!   half second;
//! - big body: the same post with its 30 MB sent as fast as the connection takes them.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::task::JoinHandle;

const TRENTE_MO: u64 = 30 * 1_000_000;

/// What the hostile clients saw.
#[derive(Default)]
pub struct Counters {
    /// Connections opened.
    pub connections: AtomicU64,
    /// Responses received (to the posts).
    pub answers: AtomicU64,
    /// Big-body posts made, and the bytes of body the system took from them before the
    /// worker closed (what both ends buffer, plus what the worker read).
    pub big_posts: AtomicU64,
    pub big_bytes: AtomicU64,
}

#[derive(Clone, Copy)]
enum Kind {
    Silent,
    SlowHeaders,
    SlowBody,
    BigBody,
}

/// Starts `count` hostile clients (a quarter of each kind) until `stop` is set.
pub fn spawn(addr: SocketAddr, count: usize, stop: Arc<AtomicBool>, counters: Arc<Counters>) -> Vec<JoinHandle<()>> {
    let kinds = [Kind::Silent, Kind::SlowHeaders, Kind::SlowBody, Kind::BigBody];
    (0..count)
        .map(|i| {
            let kind = kinds[i % kinds.len()];
            let stop = stop.clone();
            let counters = counters.clone();
            tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    let Ok(stream) = TcpStream::connect(addr).await else {
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        continue;
                    };
                    counters.connections.fetch_add(1, Ordering::Relaxed);
                    one_connection(addr, stream, kind, &stop, &counters).await;
                }
            })
        })
        .collect()
}

fn post_head(addr: SocketAddr) -> String {
    format!(
        "POST /dossier HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\n\
         Content-Type: multipart/form-data; boundary=----hostile\r\nContent-Length: {TRENTE_MO}\r\n\r\n\
         ------hostile\r\nContent-Disposition: form-data; name=\"document.x\"; filename=\"x.pdf\"\r\n\
         Content-Type: application/pdf\r\n\r\n"
    )
}

/// Until the worker closes the connection (or the bench ends).
async fn one_connection(addr: SocketAddr, stream: TcpStream, kind: Kind, stop: &AtomicBool, counters: &Counters) {
    let (mut reader, mut writer) = stream.into_split();
    // Whatever the worker answers is read (and counted) while the client keeps writing.
    let answered = tokio::spawn(async move {
        let mut buf = vec![0u8; 16 * 1024];
        let mut got = false;
        while let Ok(n) = reader.read(&mut buf).await {
            if n == 0 {
                break;
            }
            got = true;
        }
        got
    });
    let written = async {
        let mut body = 0u64;
        match kind {
            Kind::Silent => {
                while !stop.load(Ordering::Relaxed) && !answered.is_finished() {
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
            }
            Kind::SlowHeaders => {
                if writer.write_all(b"POST /dossier HTTP/1.1\r\nHost: x\r\n").await.is_ok() {
                    while !stop.load(Ordering::Relaxed) && !answered.is_finished() {
                        tokio::time::sleep(Duration::from_secs(1)).await;
                        if writer.write_all(b"X-Lent: oui\r\n").await.is_err() {
                            break;
                        }
                    }
                }
            }
            Kind::SlowBody => {
                if writer.write_all(post_head(addr).as_bytes()).await.is_ok() {
                    let chunk = vec![b'x'; 1024];
                    while !stop.load(Ordering::Relaxed) && !answered.is_finished() && body < TRENTE_MO {
                        tokio::time::sleep(Duration::from_millis(500)).await;
                        if writer.write_all(&chunk).await.is_err() {
                            break;
                        }
                        body += chunk.len() as u64;
                    }
                }
            }
            Kind::BigBody => {
                if writer.write_all(post_head(addr).as_bytes()).await.is_ok() {
                    let chunk = vec![b'x'; 64 * 1024];
                    while !stop.load(Ordering::Relaxed) && body < TRENTE_MO {
                        if writer.write_all(&chunk).await.is_err() {
                            break;
                        }
                        body += chunk.len() as u64;
                    }
                }
            }
        }
        body
    };
    let body = written.await;
    if let Kind::BigBody = kind {
        counters.big_posts.fetch_add(1, Ordering::Relaxed);
        counters.big_bytes.fetch_add(body, Ordering::Relaxed);
    }
    drop(writer);
    if let Ok(Ok(true)) = tokio::time::timeout(Duration::from_secs(30), answered).await {
        counters.answers.fetch_add(1, Ordering::Relaxed);
    }
}
