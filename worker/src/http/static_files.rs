//! The built site (public/), when the worker serves it too: content types, directory
//! indexes, the site's 404 page, cache headers, no way out of the folder.

use super::error::HttpError;
use super::reply::{with_body, Resp};
use hyper::header::{self, HeaderMap, HeaderValue};
use hyper::StatusCode;
use std::path::{Path, PathBuf};

/// Serves `GET`/`HEAD` of `path` (query string apart) from the site folder.
pub async fn get(root: &Path, path: &str, query: Option<&str>, headers: &HeaderMap) -> Result<Resp, HttpError> {
    let Some(relative) = safe_relative(path) else {
        return not_found(root).await;
    };
    let mut file = root.join(&relative);
    let meta = match tokio::fs::metadata(&file).await {
        Ok(meta) => meta,
        Err(_) => return not_found(root).await,
    };
    if meta.is_dir() {
        if !path.ends_with('/') {
            let location = match query {
                Some(q) => format!("{path}/?{q}"),
                None => format!("{path}/"),
            };
            let mut resp = with_body(StatusCode::MOVED_PERMANENTLY, "text/plain; charset=utf-8", "");
            if let Ok(value) = HeaderValue::from_str(&location) {
                resp.headers_mut().insert(header::LOCATION, value);
            }
            return Ok(resp);
        }
        file = file.join("index.html");
    }
    // Symbolic links must not lead out of the site.
    match tokio::fs::canonicalize(&file).await {
        Ok(real) if real.starts_with(root) && real.is_file() => file = real,
        _ => return not_found(root).await,
    }
    // Theme assets are few and versioned with the site; pages must always be revalidated.
    let cache = if relative.starts_with("static") {
        "public, max-age=31536000"
    } else {
        "no-cache"
    };
    serve_file(&file, StatusCode::OK, headers, cache).await
}

async fn serve_file(
    file: &Path,
    status: StatusCode,
    headers: &HeaderMap,
    cache: &'static str,
) -> Result<Resp, HttpError> {
    let meta = tokio::fs::metadata(file).await.map_err(anyhow::Error::from)?;
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let etag = format!("\"{:x}-{:x}\"", meta.len(), modified);
    let fresh = status == StatusCode::OK
        && headers
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let content_type = content_type(file);
    let mut resp = if fresh {
        with_body(StatusCode::NOT_MODIFIED, content_type, "")
    } else {
        let bytes = tokio::fs::read(file).await.map_err(anyhow::Error::from)?;
        with_body(status, content_type, bytes)
    };
    let h = resp.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, value);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    Ok(resp)
}

async fn not_found(root: &Path) -> Result<Resp, HttpError> {
    let page = root.join("404.html");
    if tokio::fs::metadata(&page).await.is_ok_and(|m| m.is_file()) {
        return serve_file(&page, StatusCode::NOT_FOUND, &HeaderMap::new(), "no-cache").await;
    }
    Err(HttpError::NotFound)
}

/// The decoded path under the site root, or None if it tries to leave it or is not text.
pub fn safe_relative(path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(path.strip_prefix('/')?)?;
    let mut out = PathBuf::new();
    for segment in decoded.split('/') {
        match segment {
            "" => continue,
            "." | ".." => return None,
            s if s.contains(['\\', '\0']) || s.starts_with('.') => return None,
            s => out.push(s),
        }
    }
    Some(out)
}

fn percent_decode(text: &str) -> Option<String> {
    let raw = text.as_bytes();
    let mut bytes = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'%' {
            let hex = raw.get(i + 1..i + 3)?;
            let value = u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
            bytes.push(value);
            i += 3;
        } else {
            bytes.push(raw[i]);
            i += 1;
        }
    }
    String::from_utf8(bytes).ok()
}

fn content_type(file: &Path) -> &'static str {
    let ext = file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::safe_relative;
    use std::path::PathBuf;

    #[test]
    fn paths_cannot_leave_the_site() {
        assert_eq!(
            safe_relative("/0699901M/connexion/"),
            Some(PathBuf::from("0699901M/connexion"))
        );
        assert_eq!(
            safe_relative("/static/site%20x.css"),
            Some(PathBuf::from("static/site x.css"))
        );
        for bad in [
            "/../etc/passwd",
            "/a/../../b",
            "/%2e%2e/secret",
            "/a/%2E%2E/%2e%2e/x",
            "/a%00b",
            "/a%5c..%5cb",
            "/.git/config",
            "/%ff",
            "/%zz",
        ] {
            assert_eq!(safe_relative(bad), None, "{bad}");
        }
    }
}
