//! A keep-alive HTTP/1.1 client for the benchmark: one connection per simulated family,
//! requests written whole, responses read by Content-Length.

use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// One keep-alive connection.
pub struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
}

/// Status and body of a response (headers are only scanned).
pub struct Answer {
    pub status: u16,
    pub set_cookie: Option<String>,
}

impl Conn {
    pub async fn open(addr: SocketAddr) -> std::io::Result<Conn> {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        Ok(Conn {
            stream,
            buf: Vec::with_capacity(16 * 1024),
        })
    }

    /// Sends `request` (complete bytes) and reads one response.
    pub async fn exchange(&mut self, request: &[u8]) -> std::io::Result<Answer> {
        Ok(self.exchange_keeping(request, false).await?.0)
    }

    /// [`Conn::exchange`], and the response's body.
    pub async fn exchange_with_body(&mut self, request: &[u8]) -> std::io::Result<(Answer, Vec<u8>)> {
        self.exchange_keeping(request, true).await
    }

    async fn exchange_keeping(&mut self, request: &[u8], keep_body: bool) -> std::io::Result<(Answer, Vec<u8>)> {
        self.stream.write_all(request).await?;
        loop {
            if let Some(end) = find(&self.buf, b"\r\n\r\n") {
                let head = std::str::from_utf8(&self.buf[..end]).map_err(std::io::Error::other)?;
                let status = head
                    .split(' ')
                    .nth(1)
                    .and_then(|s| s.parse().ok())
                    .ok_or_else(|| std::io::Error::other("bad status line"))?;
                let mut length = 0usize;
                let mut set_cookie = None;
                for line in head.split("\r\n").skip(1) {
                    if let Some((name, value)) = line.split_once(':') {
                        if name.eq_ignore_ascii_case("content-length") {
                            length = value.trim().parse().unwrap_or(0);
                        } else if name.eq_ignore_ascii_case("set-cookie") {
                            set_cookie = value.trim().split(';').next().map(str::to_string);
                        }
                    }
                }
                let total = end + 4 + length;
                while self.buf.len() < total {
                    self.fill().await?;
                }
                let body = if keep_body {
                    self.buf[end + 4..total].to_vec()
                } else {
                    Vec::new()
                };
                self.buf.drain(..total);
                return Ok((Answer { status, set_cookie }, body));
            }
            self.fill().await?;
        }
    }

    async fn fill(&mut self) -> std::io::Result<()> {
        let mut chunk = [0u8; 16 * 1024];
        let n = self.stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::Error::other("connection closed"));
        }
        self.buf.extend_from_slice(&chunk[..n]);
        Ok(())
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// What a load phase measured.
pub struct PhaseResult {
    pub ok: usize,
    pub errors: usize,
    pub elapsed: Duration,
    /// Latencies of the successful requests, microseconds, sorted.
    pub latencies: Vec<u32>,
}

impl PhaseResult {
    pub fn per_second(&self) -> f64 {
        self.ok as f64 / self.elapsed.as_secs_f64()
    }
    pub fn percentile_ms(&self, p: f64) -> f64 {
        if self.latencies.is_empty() {
            return f64::NAN;
        }
        let i = ((self.latencies.len() as f64 - 1.0) * p).round() as usize;
        self.latencies[i] as f64 / 1000.0
    }
}

/// Runs one client per list of request templates for `duration`: each client sends its
/// requests in turn, in a loop, on its own connection; a response with `expected` status
/// counts as done.
pub async fn run_phase(
    addr: SocketAddr,
    requests: Vec<Vec<Vec<u8>>>,
    expected: u16,
    duration: Duration,
) -> PhaseResult {
    let started = Instant::now();
    let deadline = started + duration;
    let tasks: Vec<_> = requests
        .into_iter()
        .map(|cycle| {
            tokio::spawn(async move {
                let mut cycle = cycle.into_iter().cycle();
                let mut latencies = Vec::new();
                let mut errors = 0usize;
                let mut conn = match Conn::open(addr).await {
                    Ok(conn) => conn,
                    Err(_) => return (latencies, 1),
                };
                while Instant::now() < deadline {
                    let Some(request) = cycle.next() else { break };
                    let sent = Instant::now();
                    match conn.exchange(&request).await {
                        Ok(answer) if answer.status == expected => latencies.push(sent.elapsed().as_micros() as u32),
                        Ok(_) => errors += 1,
                        Err(_) => {
                            errors += 1;
                            match Conn::open(addr).await {
                                Ok(fresh) => conn = fresh,
                                Err(_) => break,
                            }
                        }
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut errors = 0;
    for task in tasks {
        let (l, e) = task.await.expect("client task");
        latencies.extend(l);
        errors += e;
    }
    let elapsed = started.elapsed();
    latencies.sort_unstable();
    PhaseResult {
        ok: latencies.len(),
        errors,
        elapsed,
        latencies,
    }
}
