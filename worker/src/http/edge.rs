//! What every request goes through before a handler sees it: body limit, content type,
//! origin check, client address, body parsing.

use super::error::HttpError;
use crate::app::App;
use crate::config::MAX_BODY;
use http_body_util::{BodyExt, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::{HeaderMap, ACCEPT, CONTENT_LENGTH, CONTENT_TYPE, HOST, ORIGIN, REFERER};
use std::collections::BTreeMap;
use std::net::SocketAddr;

/// Longest wait for a request's body once its headers arrived.
const BODY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// Media types the worker reads.
pub const FORM: &str = "application/x-www-form-urlencoded";
pub const JSON: &str = "application/json";

/// Whether the client asked for JSON answers.
pub fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get_all(ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains(JSON))
}

/// Refuses a body that is not `expected` (parameters such as charset are allowed).
pub fn require_type(headers: &HeaderMap, expected: &'static str) -> Result<(), HttpError> {
    let essence = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase());
    match essence {
        Some(t) if t == expected => Ok(()),
        _ => Err(HttpError::UnsupportedType(expected)),
    }
}

/// Reads the body, at most [`MAX_BODY`] bytes, without ever buffering more.
pub async fn read_body(headers: &HeaderMap, body: Incoming) -> Result<Bytes, HttpError> {
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY as u64) {
        return Err(HttpError::TooLarge);
    }
    // hyper bounds the wait for headers; this bounds the wait for the body.
    match tokio::time::timeout(BODY_TIMEOUT, Limited::new(body, MAX_BODY).collect()).await {
        Err(_) => Err(HttpError::Timeout),
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(err)) if err.is::<http_body_util::LengthLimitError>() => Err(HttpError::TooLarge),
        Ok(Err(_)) => Err(HttpError::BadRequest("Les données envoyées sont incomplètes.".into())),
    }
}

/// Strict `application/x-www-form-urlencoded` parsing: a bad escape or text that is not
/// UTF-8 is refused rather than guessed. A repeated name keeps its last value.
pub fn parse_form(body: &[u8]) -> Result<BTreeMap<String, String>, HttpError> {
    let bad = || {
        HttpError::BadRequest("Les données du formulaire sont mal formées : rechargez la page et recommencez.".into())
    };
    let mut out = BTreeMap::new();
    for pair in body.split(|&b| b == b'&').filter(|p| !p.is_empty()) {
        let mut parts = pair.splitn(2, |&b| b == b'=');
        let name = decode(parts.next().unwrap_or_default()).ok_or_else(bad)?;
        let value = decode(parts.next().unwrap_or_default()).ok_or_else(bad)?;
        out.insert(name, value);
    }
    Ok(out)
}

fn decode(raw: &[u8]) -> Option<String> {
    // Most names and many values have nothing escaped: copied as they are.
    if !raw.iter().any(|&b| b == b'+' || b == b'%') {
        return String::from_utf8(raw.to_vec()).ok();
    }
    let mut bytes = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'+' => bytes.push(b' '),
            b'%' => {
                let hex = raw.get(i + 1..i + 3)?;
                let hi = (hex[0] as char).to_digit(16)?;
                let lo = (hex[1] as char).to_digit(16)?;
                bytes.push((hi * 16 + lo) as u8);
                i += 2;
            }
            b => bytes.push(b),
        }
        i += 1;
    }
    String::from_utf8(bytes).ok()
}

/// CSRF defence on top of SameSite cookies: a state-changing request must say it comes from
/// the site itself (Origin, or Referer when a browser sends no Origin).
pub fn check_origin(app: &App, headers: &HeaderMap) -> Result<(), HttpError> {
    let claimed = match headers.get(ORIGIN) {
        Some(origin) => origin.to_str().ok().map(str::to_ascii_lowercase),
        None => headers
            .get(REFERER)
            .and_then(|v| v.to_str().ok())
            .and_then(crate::app::origin_of),
    };
    let allowed = claimed
        .is_some_and(|origin| app.origins.contains(&origin) || loopback_origin(headers).is_some_and(|o| o == origin));
    if allowed {
        Ok(())
    } else {
        Err(HttpError::Forbidden(
            "Cette demande ne vient pas du site de réinscription : elle a été refusée. \
             Ouvrez le site directement et recommencez."
                .into(),
        ))
    }
}

/// `http://<Host>` when the request was made to a loopback name (local demo and tests).
fn loopback_origin(headers: &HeaderMap) -> Option<String> {
    let host = headers.get(HOST)?.to_str().ok()?.to_ascii_lowercase();
    is_loopback_host(&host).then(|| format!("http://{host}"))
}

/// `127.0.0.1:8080`, `localhost`, `[::1]:3000`…
pub fn is_loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    name == "localhost" || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Whether cookies may go without `Secure` and the `__Host-` prefix: only when the site's
/// configured public address (the worker's own, `url_worker`, or else `url_base`) is plain
/// http on a loopback name — the local demo. A request's own headers never decide it.
pub fn plain_http_loopback(site: &dossiersco_model::SiteConfig) -> bool {
    let public = if site.url_worker.trim().is_empty() {
        &site.url_base
    } else {
        &site.url_worker
    };
    crate::app::origin_of(public)
        .and_then(|origin| origin.strip_prefix("http://").map(is_loopback_host))
        .unwrap_or(false)
}

/// The client's address: the peer, or behind `trusted_proxy_hops` proxies the entry of
/// X-Forwarded-For that the outermost trusted proxy appended — the N-th from the right.
/// Entries further left are whatever the client claimed and never count.
pub fn client_address(app: &App, headers: &HeaderMap, peer: SocketAddr) -> String {
    forwarded_client(headers, app.config.trusted_proxy_hops)
        .unwrap_or_else(|| peer.ip())
        .to_string()
}

/// The address `hops` trusted proxies vouch for in X-Forwarded-For (several header lines
/// read as one list), if any. A list shorter than `hops` was built by fewer proxies than
/// configured, all trusted: its first entry is theirs.
fn forwarded_client(headers: &HeaderMap, hops: usize) -> Option<std::net::IpAddr> {
    if hops == 0 {
        return None;
    }
    let entries: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect();
    let entry = entries.get(entries.len().saturating_sub(hops))?;
    parse_ip(entry)
}

/// `203.0.113.7`, `2001:db8::1`, and the forms with a port some proxies write
/// (`203.0.113.7:51234`, `[2001:db8::1]:443`).
fn parse_ip(entry: &str) -> Option<std::net::IpAddr> {
    entry
        .parse()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|s| s.ip()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urlencoded_bodies_are_decoded_strictly() {
        let form = parse_form(b"code=7KQ2+MX9D&date=2015-03-14&nom=%C3%89lise&vide=&seul").unwrap();
        assert_eq!(form["code"], "7KQ2 MX9D");
        assert_eq!(form["nom"], "Élise");
        assert_eq!(form["vide"], "");
        assert_eq!(form["seul"], "");
        assert!(parse_form(b"a=%ZZ").is_err());
        assert!(parse_form(b"a=%C3").is_err(), "not UTF-8");
        assert!(parse_form(b"a=\xffb").is_err(), "not UTF-8, nothing escaped");
        assert!(parse_form(b"a=%4").is_err());
        assert!(parse_form(b"").unwrap().is_empty());
    }

    #[test]
    fn loopback_hosts() {
        for host in ["127.0.0.1:8080", "localhost", "localhost:3000", "[::1]:80", "127.0.0.1"] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in ["example.fr", "10.0.0.1:80", "[2001:db8::1]:80", "localhost.evil.fr"] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }

    #[test]
    fn forwarded_for_is_read_from_the_right_as_many_hops_as_configured() {
        let headers = |lines: &[&str]| {
            let mut h = HeaderMap::new();
            for line in lines {
                h.append("x-forwarded-for", line.parse().unwrap());
            }
            h
        };
        let ip = |s: &str| Some(s.parse::<std::net::IpAddr>().unwrap());
        // The client forged the first entry; the proxy appended the real peer.
        let forged = headers(&["6.6.6.6, 203.0.113.7"]);
        assert_eq!(forwarded_client(&forged, 0), None, "no proxy: the header is ignored");
        assert_eq!(forwarded_client(&forged, 1), ip("203.0.113.7"));
        // A CDN then the site's proxy: the CDN's entry is the client.
        let two = headers(&["6.6.6.6", "203.0.113.7, 198.51.100.2"]);
        assert_eq!(forwarded_client(&two, 2), ip("203.0.113.7"));
        assert_eq!(forwarded_client(&two, 1), ip("198.51.100.2"));
        // Fewer entries than hops: the first one, written by a trusted proxy.
        assert_eq!(forwarded_client(&headers(&["203.0.113.7"]), 2), ip("203.0.113.7"));
        assert_eq!(forwarded_client(&headers(&[]), 1), None);
        // Ports and brackets some proxies add.
        assert_eq!(forwarded_client(&headers(&["[2001:db8::1]:443"]), 1), ip("2001:db8::1"));
        assert_eq!(forwarded_client(&headers(&["203.0.113.7:51234"]), 1), ip("203.0.113.7"));
        // Garbage where the trusted entry should be: the peer address is used instead.
        assert_eq!(forwarded_client(&headers(&["1.2.3.4, nonsense"]), 1), None);
    }
}
