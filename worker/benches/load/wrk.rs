//! The low-CPU client: `wrk` (Debian package `wrk`, `apt-get install wrk`), run against the
//! hello-world baseline and the worker's pre-fill with the same settings, so their ratio
//! says what the pre-fill costs the worker rather than what the client costs.
//!
//! For the pre-fill and the submissions, a Lua script built here holds one ready request per
//! logged-in family (its session cookie) and each connection takes them in turn, starting at
//! a random one.

use super::Family;
use std::net::SocketAddr;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// What wrk measured.
pub struct WrkResult {
    pub per_second: f64,
    pub requests: u64,
    /// Non-2xx/3xx answers plus socket errors (connect, read, write, timeout).
    pub errors: u64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

/// Settings shared by every wrk phase of a run.
#[derive(Clone, Copy)]
pub struct WrkSettings {
    pub threads: usize,
    pub connections: usize,
    pub duration: Duration,
}

/// Whether wrk can be run here.
pub fn available() -> bool {
    Command::new("wrk").arg("--version").output().is_ok()
}

/// `GET /` on the hello-world baseline.
pub fn hello(addr: SocketAddr, settings: WrkSettings) -> anyhow::Result<WrkResult> {
    run(&format!("http://{addr}/"), None, settings)
}

/// `GET /api/dossier` for the `families`, in turn.
pub fn prefill(addr: SocketAddr, families: &[Family], dir: &Path, settings: WrkSettings) -> anyhow::Result<WrkResult> {
    let script = dir.join("prefill.lua");
    let requests: Vec<_> = families.iter().map(|f| (f.cookie.as_str(), None)).collect();
    let headers = [("Accept", "application/json")];
    std::fs::write(
        &script,
        script_in_turn(addr, &requests, "GET", "/api/dossier", &headers),
    )?;
    run(&format!("http://{addr}/api/dossier"), Some(&script), settings)
}

/// `POST /dossier` of each family's form ([`super::submission_body`]), the `families` in turn:
/// what a browser posts from the form's page (answered 303 to the confirmation).
pub fn submissions(
    addr: SocketAddr,
    families: &[Family],
    dir: &Path,
    settings: WrkSettings,
) -> anyhow::Result<WrkResult> {
    let script = dir.join("submissions.lua");
    let bodies: Vec<String> = families.iter().map(super::submission_body).collect();
    let requests: Vec<_> = families
        .iter()
        .zip(&bodies)
        .map(|(f, body)| (f.cookie.as_str(), Some(body.as_str())))
        .collect();
    let origin = format!("http://{addr}");
    let headers = [
        ("Origin", origin.as_str()),
        ("Content-Type", "application/x-www-form-urlencoded"),
    ];
    std::fs::write(&script, script_in_turn(addr, &requests, "POST", "/dossier", &headers))?;
    run(&format!("http://{addr}/dossier"), Some(&script), settings)
}

/// A Lua script holding one ready request per family (its session cookie and, for a post, its
/// body); each connection takes them in turn, starting at a random one.
fn script_in_turn(
    addr: SocketAddr,
    requests: &[(&str, Option<&str>)],
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
) -> String {
    // Cookies are `name=hex`, headers fixed: nothing to escape in a Lua string. An urlencoded
    // body holds no `]==]`: a long string takes it as it is.
    let mut lua = String::from("local families = {\n");
    for (cookie, body) in requests {
        let body = body.map_or("nil".to_string(), |b| format!("[==[{b}]==]"));
        lua.push_str(&format!("  {{ \"{cookie}\", {body} }},\n"));
    }
    let headers: String = headers
        .iter()
        .map(|(name, value)| format!(", [\"{name}\"] = \"{value}\""))
        .collect();
    lua.push_str(&format!(
        "}}
local requests = {{}}
local i = 0
function init(args)
  for k, family in ipairs(families) do
    requests[k] = wrk.format(\"{method}\", \"{path}\",
      {{ [\"Host\"] = \"{addr}\", [\"Cookie\"] = family[1]{headers} }}, family[2])
  end
  math.randomseed(os.time() + tonumber(tostring({{}}):match(\"0x(%x+)\"), 16) % 100000)
  i = math.random(#requests)
end
function request()
  i = i % #requests + 1
  return requests[i]
end
"
    ));
    lua
}

fn run(url: &str, script: Option<&Path>, settings: WrkSettings) -> anyhow::Result<WrkResult> {
    let mut command = Command::new("wrk");
    command
        .arg(format!("-t{}", settings.threads))
        .arg(format!("-c{}", settings.connections))
        .arg(format!("-d{}s", settings.duration.as_secs().max(1)))
        .arg("--latency");
    if let Some(script) = script {
        command.arg("-s").arg(script);
    }
    let output = command.arg(url).output()?;
    let text = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        anyhow::bail!("wrk a échoué : {}{}", text, String::from_utf8_lossy(&output.stderr));
    }
    parse(&text).ok_or_else(|| anyhow::anyhow!("sortie de wrk illisible :\n{text}"))
}

/// Reads wrk's report (`--latency`).
fn parse(text: &str) -> Option<WrkResult> {
    let mut result = WrkResult {
        per_second: 0.0,
        requests: 0,
        errors: 0,
        p50_ms: f64::NAN,
        p99_ms: f64::NAN,
    };
    for line in text.lines().map(str::trim) {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["Requests/sec:", rate] => result.per_second = rate.parse().ok()?,
            [count, "requests", "in", ..] => result.requests = count.parse().ok()?,
            ["Non-2xx", "or", "3xx", "responses:", n] => result.errors += n.parse::<u64>().ok()?,
            ["Socket", "errors:", rest @ ..] => {
                // connect 0, read 0, write 0, timeout 0
                result.errors += rest
                    .iter()
                    .filter_map(|w| w.trim_end_matches(',').parse::<u64>().ok())
                    .sum::<u64>();
            }
            ["50%", latency] => result.p50_ms = millis(latency)?,
            ["99%", latency] => result.p99_ms = millis(latency)?,
            _ => {}
        }
    }
    (result.requests > 0).then_some(result)
}

/// `812.00us`, `1.23ms`, `2.01s` → milliseconds.
fn millis(text: &str) -> Option<f64> {
    let (number, factor) = if let Some(n) = text.strip_suffix("us") {
        (n, 0.001)
    } else if let Some(n) = text.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1000.0)
    } else {
        (text, 1.0)
    };
    Some(number.parse::<f64>().ok()? * factor)
}
