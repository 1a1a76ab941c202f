//! The family's phone: HTTPS to nginx from FAMILY_ADDRESS, trusting only the test's
//! certificate, one request per connection; and what a browser without JavaScript posts.

use super::{FAMILY_ADDRESS, HOST};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use std::io::{Read, Write};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// An answer: status, headers (lowercase names, in order), body.
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
    pub fn header(&self, name: &str) -> &str {
        self.all(name).first().copied().unwrap_or_default()
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    /// The security headers are there, each once (nginx adds none to the worker's).
    pub fn assert_security_headers_once(&self, what: &str) {
        for name in [
            "content-security-policy",
            "x-content-type-options",
            "referrer-policy",
            "x-frame-options",
            "strict-transport-security",
            "cache-control",
        ] {
            assert_eq!(self.all(name).len(), 1, "{what}: {name} once, got {:?}", self.headers);
        }
    }
}

pub fn parse(raw: &[u8]) -> Resp {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("an HTTP answer");
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    if headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"))
    {
        let (mut out, mut rest) = (Vec::new(), &body[..]);
        while let Some(eol) = rest.windows(2).position(|w| w == b"\r\n") {
            let size = usize::from_str_radix(std::str::from_utf8(&rest[..eol]).unwrap().trim(), 16).unwrap();
            if size == 0 {
                break;
            }
            out.extend_from_slice(&rest[eol + 2..eol + 2 + size]);
            rest = &rest[eol + 2 + size + 2..];
        }
        body = out;
    }
    Resp { status, headers, body }
}

/// HTTPS to nginx from FAMILY_ADDRESS, trusting only the test's certificate, one request per
/// connection (`Connection: close`).
pub struct Phone {
    tls: Arc<rustls::ClientConfig>,
    port: u16,
    runtime: tokio::runtime::Runtime,
}

impl Phone {
    pub fn new(cert: &Path, port: u16) -> Phone {
        let mut roots = rustls::RootCertStore::empty();
        roots.add(CertificateDer::from_pem_file(cert).unwrap()).unwrap();
        let tls = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .build()
            .unwrap();
        Phone {
            tls: Arc::new(tls),
            port,
            runtime,
        }
    }

    pub fn send(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Resp {
        let tcp = self.runtime.block_on(async {
            let socket = tokio::net::TcpSocket::new_v4().unwrap();
            socket.bind(format!("{FAMILY_ADDRESS}:0").parse().unwrap()).unwrap();
            socket
                .connect(SocketAddr::from(([127, 0, 0, 1], self.port)))
                .await
                .unwrap()
        });
        let tcp = tcp.into_std().unwrap();
        tcp.set_nonblocking(false).unwrap();
        tcp.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        let conn = rustls::ClientConnection::new(self.tls.clone(), ServerName::try_from(HOST).unwrap()).unwrap();
        let mut stream = rustls::StreamOwned::new(conn, tcp);
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n");
        for (name, value) in headers {
            head += &format!("{name}: {value}\r\n");
        }
        if method == "POST" || method == "PUT" {
            head += &format!("Content-Length: {}\r\n", body.len());
        }
        head += "\r\n";
        stream.write_all(head.as_bytes()).unwrap();
        // A refused body may be cut short by the server: its answer is what matters.
        let _ = stream.write_all(body).and_then(|_| stream.flush());
        let mut raw = Vec::new();
        if let Err(err) = stream.read_to_end(&mut raw) {
            assert!(!raw.is_empty(), "{method} {path}: no answer ({err})");
        }
        parse(&raw)
    }

    pub fn get(&self, path: &str, cookie: Option<&str>) -> Resp {
        let cookie = cookie.map(|c| ("Cookie", c));
        self.send("GET", path, cookie.as_slice(), b"")
    }

    /// A form posted from the site's own pages (Origin as a browser sends it).
    pub fn post_form(&self, path: &str, cookie: Option<&str>, fields: &[(&str, &str)], extra: &[(&str, &str)]) -> Resp {
        let origin = format!("https://{HOST}");
        let mut headers = vec![
            ("Origin", origin.as_str()),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ];
        headers.extend(cookie.map(|c| ("Cookie", c)));
        headers.extend_from_slice(extra);
        self.send("POST", path, &headers, encode_form(fields).as_bytes())
    }
}

pub fn encode_form(fields: &[(&str, &str)]) -> String {
    let enc = |text: &str| {
        text.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
                b' ' => "+".into(),
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The fields a browser without JavaScript posts from the form of `page` posting to `action`
/// (inputs only: the one-click page's questions are inputs), with `answers` on top.
pub fn form_fields(page: &str, action: &str, answers: &[(&str, &str)]) -> Vec<(String, String)> {
    let at = page.find(&format!("action=\"{action}\"")).expect("the one-click form");
    let form = &page[page[..at].rfind("<form").unwrap()..at + page[at..].find("</form>").unwrap()];
    let mut fields = std::collections::BTreeMap::new();
    for tag in form.split("<input").skip(1) {
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        let attr = |name: &str| {
            let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
            let value = &tag[start..start + tag[start..].find('"')?];
            Some(
                value
                    .replace("&quot;", "\"")
                    .replace("&#39;", "'")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&amp;", "&"),
            )
        };
        let Some(name) = attr("name") else { continue };
        let checkable = matches!(attr("type").as_deref(), Some("radio" | "checkbox"));
        if !checkable || tag.contains(" checked") {
            fields.insert(name, attr("value").unwrap_or_default());
        }
    }
    for (name, value) in answers {
        fields.insert(name.to_string(), value.to_string());
    }
    fields.into_iter().collect()
}
