//! A deliberately small HTTP/1.1 client over a raw TCP stream: one request per connection,
//! the bytes sent exactly as written, so tests can also send garbage.

use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A request to send. Host is added; POST/PUT get the site's Origin unless told otherwise.
#[derive(Clone, Debug)]
pub struct Req {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub same_origin: bool,
}

impl Req {
    pub fn new(method: &str, path: &str) -> Req {
        Req {
            method: method.into(),
            path: path.into(),
            headers: Vec::new(),
            body: Vec::new(),
            same_origin: method == "POST" || method == "PUT",
        }
    }
    pub fn get(path: &str) -> Req {
        Req::new("GET", path)
    }
    /// urlencoded POST of `fields`.
    pub fn form(path: &str, fields: &[(&str, &str)]) -> Req {
        Req::new("POST", path)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(encode_form(fields.iter().map(|(k, v)| (*k, *v))))
    }
    /// The login form of the static page.
    pub fn login(uai: &str, code: &str, date: &str) -> Req {
        Req::form("/connexion", &[("uai", uai), ("code", code), ("date_naissance", date)])
    }
    pub fn header(mut self, name: &str, value: &str) -> Req {
        self.headers.push((name.into(), value.into()));
        self
    }
    pub fn cookie(self, cookie: &str) -> Req {
        self.header("Cookie", cookie)
    }
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Req {
        self.body = body.into();
        self
    }
    /// No Origin header added (cross-origin and CSRF tests set their own, or none).
    pub fn foreign(mut self) -> Req {
        self.same_origin = false;
        self
    }
    /// The request as bytes.
    pub fn to_bytes(&self, addr: SocketAddr) -> Vec<u8> {
        let mut head = format!(
            "{} {} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n",
            self.method, self.path
        );
        if self.same_origin {
            head += &format!("Origin: http://{addr}\r\n");
        }
        for (name, value) in &self.headers {
            head += &format!("{name}: {value}\r\n");
        }
        if !self.body.is_empty() || self.method == "POST" || self.method == "PUT" {
            head += &format!("Content-Length: {}\r\n", self.body.len());
        }
        head += "\r\n";
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(&self.body);
        bytes
    }
}

/// `application/x-www-form-urlencoded` encoding.
pub fn encode_form<'a>(fields: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    fn enc(text: &str) -> String {
        text.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => (b as char).to_string(),
                b' ' => "+".into(),
                _ => format!("%{b:02X}"),
            })
            .collect()
    }
    fields
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// A response as received.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
    pub fn location(&self) -> &str {
        self.header("location").unwrap_or("")
    }
    /// Every value of a header sent several times (Set-Cookie).
    pub fn headers_all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }
    /// The whole Set-Cookie line of cookie `name` (`dossiersco_session`, with or without the
    /// `__Host-` prefix the site gives it outside the loopback demo).
    pub fn set_cookie(&self, name: &str) -> Option<&str> {
        self.headers_all("set-cookie").into_iter().find(|c| {
            let sent = c.split('=').next().unwrap_or("").trim();
            sent == name || sent.strip_prefix("__Host-") == Some(name)
        })
    }
    /// `__Host-dossiersco_session=<token>` (or the demo's `dossiersco_session=<token>`)
    /// from Set-Cookie, when it sets a session (not when it clears one).
    pub fn session_cookie(&self) -> Option<String> {
        self.set_cookie("dossiersco_session")?
            .split(';')
            .next()
            .map(|c| c.trim().to_string())
            .filter(|c| !c.ends_with('='))
    }
}

/// Sends `req` on a fresh connection and reads the whole answer.
pub async fn send(addr: SocketAddr, req: Req) -> Resp {
    send_raw(addr, &req.to_bytes(addr)).await
}

/// Sends raw bytes; the server must answer with a well-formed response and close.
pub async fn send_raw(addr: SocketAddr, bytes: &[u8]) -> Resp {
    exchange(addr, bytes, false)
        .await
        .unwrap_or_else(|raw| panic!("no HTTP response, got {:?}", String::from_utf8_lossy(&raw)))
}

/// Sends raw bytes then closes the sending side, so a server waiting for more sees the end;
/// returns the response, or what came back when it is not one (maybe nothing).
pub async fn try_send_raw(addr: SocketAddr, bytes: &[u8]) -> Result<Resp, Vec<u8>> {
    exchange(addr, bytes, true).await
}

async fn exchange(addr: SocketAddr, bytes: &[u8], half_close: bool) -> Result<Resp, Vec<u8>> {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    // The server may answer (413, 431…) and close before reading everything: not an error.
    let _ = stream.write_all(bytes).await;
    if half_close {
        let _ = stream.shutdown().await;
    }
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw).await;
    parse(&raw).ok_or(raw)
}

fn parse(raw: &[u8]) -> Option<Resp> {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..end]).ok()?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Some(Resp {
        status,
        headers,
        body: raw[end + 4..].to_vec(),
    })
}
