//! The deployment as shipped in deploy/: nginx runs deploy/nginx/dossiersco.conf in front of a
//! real worker (`dossiersco serve`) on 127.0.0.1, and a family goes through it over HTTPS the
//! way a phone would: static pages from nginx, login, summary, pre-fill, a document, the
//! one-click submission, a file too large, the worker stopped. The systemd units pass
//! `systemd-analyze verify`.
//!
//! The site file is used as shipped but for what a test machine cannot have, replaced by
//! `deploy_support::site_for_test`: certificate paths (a self-signed certificate made here with
//! openssl), the site folder, ports and listen addresses (127.0.0.1, no IPv6), the worker's
//! port. nginx, openssl and systemd-analyze must be installed (`bash .ci/run` installs them):
//! the tests fail, never skip, without them.

mod deploy_support;

use deploy_support::phone::{form_fields, parse, Phone, Resp};
use deploy_support::*;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Command;

const UAI: &str = "0699901M";

/// (code, birth date) of a pupil of the import's codes file, by first name.
fn login_of(codes: &Path, prenom: &str) -> (String, String) {
    let csv = std::fs::read_to_string(codes).unwrap();
    let header: Vec<&str> = csv.lines().next().unwrap().split(';').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let row: Vec<&str> = csv
        .lines()
        .map(|l| l.split(';').collect::<Vec<_>>())
        .find(|r| r[col("prenom")] == prenom)
        .unwrap_or_else(|| panic!("{prenom} not in {}", codes.display()));
    (row[col("code")].to_string(), row[col("date_naissance")].to_string())
}

/// The address hashes of every login attempt the worker traced, and the worker's hasher.
fn traced_addresses(db: &Path) -> (Vec<String>, dossiersco_worker::auth::SecretHasher) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let hasher =
        dossiersco_worker::auth::SecretHasher::load_or_create(&rusqlite::Connection::open(db).unwrap().into()).unwrap();
    let mut stmt = conn
        .prepare("SELECT adresse_hash FROM tentatives_connexion ORDER BY id")
        .unwrap();
    let hashes = stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    (hashes, hasher)
}

#[test]
fn a_family_goes_through_the_shipped_nginx_site_over_https() {
    let deployment = Deployment::start(UAI);
    let phone = &deployment.phone;
    plain_http_only_redirects(deployment.http_port);
    let home = static_site_from_nginx(phone, &deployment.public);
    let cookie = login_through_the_proxy(phone, &deployment);
    let cookie = cookie.as_str();

    // The summary and the pre-fill, from the worker through nginx: its headers, none twice,
    // and the same Content-Security-Policy as the static pages.
    let summary = phone.get("/resume", Some(cookie));
    assert_eq!(summary.status, 200, "{}", summary.text());
    let compressed = phone.send(
        "GET",
        "/resume",
        &[("Cookie", cookie), ("Accept-Encoding", "gzip")],
        b"",
    );
    assert_eq!(
        compressed.all("content-encoding"),
        Vec::<&str>::new(),
        "the family's page never compressed"
    );
    summary.assert_security_headers_once("/resume");
    assert_eq!(
        summary.header("content-security-policy"),
        home.header("content-security-policy")
    );
    let api = phone.send(
        "GET",
        "/api/dossier",
        &[("Cookie", cookie), ("Accept", "application/json")],
        b"",
    );
    assert_eq!(api.status, 200, "{}", api.text());
    let dossier: serde_json::Value = serde_json::from_slice(&api.body).unwrap();
    assert_eq!(
        (dossier["uai"].as_str(), dossier["eleve"]["prenom"].as_str()),
        (Some(UAI), Some("Gaëtan"))
    );

    // A 2 MB document sent by the form's script passes nginx's limit for that route.
    let mut pdf = b"%PDF-1.4\n".to_vec();
    pdf.resize(2_000_000, b' ');
    let origin = format!("https://{HOST}");
    let upload = phone.send(
        "POST",
        "/api/pieces",
        &[
            ("Origin", &origin),
            ("Cookie", cookie),
            ("Accept", "application/json"),
            ("Content-Type", "application/pdf"),
            ("X-Document", "attestation_assurance"),
            ("X-Nom-Fichier", "attestation.pdf"),
        ],
        &pdf,
    );
    assert_eq!(upload.status, 201, "{}", upload.text());

    // One tap: re-enrolled.
    let answers = [
        ("regime_sortie", "libre"),
        ("consentement.photo_classe", "oui"),
        ("consentement.droit_image", "non"),
        ("signature.nom", "Josiane Lefèvre"),
        ("signature.accord", "oui"),
    ];
    let fields = form_fields(&summary.text(), "/dossier", &answers);
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let sent = phone.post_form("/dossier", Some(cookie), &fields, &[]);
    assert_eq!(
        (sent.status, sent.header("location")),
        (303, format!("/{UAI}/confirmation/").as_str()),
        "{}",
        sent.text()
    );
    assert_eq!(phone.get(&format!("/{UAI}/confirmation/"), Some(cookie)).status, 200);

    a_31_mb_form_is_refused_by_nginx(phone, cookie);

    // The worker saw exactly the family's requests to its routes: no static page, and not the
    // refused 31 MB form.
    let worker = deployment.worker;
    assert_eq!(phone.get("/healthz", None).text(), "ok");
    worker.wait_for_route("/healthz");
    assert_eq!(
        worker.routes(),
        [
            "/api/dossier",
            "/api/pieces",
            "/connexion",
            "/connexion",
            "/dossier",
            "/healthz",
            "/resume",
            "/resume"
        ],
        "requests that reached the worker (\"statique\" would be a static page)"
    );

    // The worker stopped (a restart): the site's page saying so, in French.
    drop(worker);
    let down = phone.get("/resume", Some(cookie));
    assert_eq!(down.status, 502);
    assert!(
        down.text().contains("Service momentanément indisponible"),
        "{}",
        down.text()
    );
    assert_eq!(
        phone.get(&format!("/{UAI}/"), None).status,
        200,
        "the static site still answers"
    );
}

fn plain_http_only_redirects(port: u16) {
    let mut plain = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        plain,
        "GET /{UAI}/ HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    plain.read_to_end(&mut raw).unwrap();
    let redirect = parse(&raw);
    assert_eq!(
        (redirect.status, redirect.header("location")),
        (301, format!("https://{HOST}/{UAI}/").as_str())
    );
}

/// The static site, from nginx: pages revalidated, assets cached, the worker's security
/// headers. Returns the home page.
fn static_site_from_nginx(phone: &Phone, public: &Path) -> Resp {
    let home = phone.get("/", None);
    assert_eq!(home.status, 200, "{}", home.text());
    assert!(home.text().contains("Collège Jean Moulin"), "the list of schools");
    home.assert_security_headers_once("home page");
    assert_eq!(home.header("cache-control"), "no-cache");
    assert!(home.header("content-type").starts_with("text/html"));
    let welcome = phone.get(&format!("/{UAI}/"), None);
    assert_eq!(welcome.status, 200);
    let login_page = phone.get(&format!("/{UAI}/connexion/"), None);
    assert_eq!(login_page.status, 200);
    assert!(
        login_page.text().contains("action=\"/connexion\""),
        "the login form posts to the worker"
    );
    let css = phone.get("/static/style.css?v=1", None);
    assert_eq!(
        (css.status, css.header("cache-control")),
        (200, "public, max-age=31536000")
    );
    assert!(css.header("content-type").starts_with("text/css"));
    let compressed = phone.send("GET", "/static/style.css?v=1", &[("Accept-Encoding", "gzip")], b"");
    assert_eq!(
        compressed.header("content-encoding"),
        "gzip",
        "static files are compressed"
    );
    let no_slash = phone.get(&format!("/{UAI}"), None);
    assert_eq!(
        (no_slash.status, no_slash.header("location")),
        (301, format!("/{UAI}/").as_str())
    );
    let missing = phone.get("/nulle-part/", None);
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("Page introuvable"), "the site's 404 page");
    assert!(public.join(".dossiersco-build.json").is_file());
    assert_eq!(
        phone.get("/.dossiersco-build.json", None).status,
        404,
        "hidden build files are not published"
    );

    home
}

/// Login, claiming another address in X-Forwarded-For: a wrong birth date, then the right
/// one. The worker traced both under the family's address as nginx saw it. Returns the
/// session cookie.
fn login_through_the_proxy(phone: &Phone, deployment: &Deployment) -> String {
    let (code, date) = login_of(&deployment.codes, "Gaëtan");
    let spoof = [("X-Forwarded-For", SPOOFED_ADDRESS)];
    let refused = phone.post_form(
        "/connexion",
        None,
        &[("uai", UAI), ("code", &code), ("date_naissance", "2001-01-01")],
        &spoof,
    );
    assert_eq!(refused.status, 303, "{}", refused.text());
    assert_eq!(
        refused.header("location"),
        format!("/{UAI}/connexion/#erreur-identifiants")
    );
    assert!(refused.all("set-cookie").is_empty());
    let login = phone.post_form(
        "/connexion",
        None,
        &[("uai", UAI), ("code", &code), ("date_naissance", &date)],
        &spoof,
    );
    assert_eq!(
        (login.status, login.header("location")),
        (303, "/resume"),
        "{}",
        login.text()
    );
    // Every cookie the login sets (the session, the known-browser mark) is Secure and
    // HttpOnly behind HTTPS; the session's is the one the journey carries on with.
    let cookies = login.all("set-cookie");
    for set_cookie in &cookies {
        let attributes: Vec<&str> = set_cookie.split(';').map(str::trim).collect();
        assert!(
            attributes.contains(&"Secure"),
            "cookies must be Secure behind HTTPS: {set_cookie}"
        );
        assert!(attributes.contains(&"HttpOnly"), "{set_cookie}");
    }
    let set_cookie = cookies
        .iter()
        .find(|c| {
            c.split('=')
                .next()
                .is_some_and(|name| name.ends_with("dossiersco_session"))
        })
        .unwrap_or_else(|| panic!("no session cookie among {cookies:?}"));
    let attributes: Vec<&str> = set_cookie.split(';').map(str::trim).collect();

    // Not under nginx's own address (127.0.0.1) nor under what the client claimed.
    let (traced, hasher) = traced_addresses(&deployment.db);
    assert_eq!(traced.len(), 2, "two login attempts traced");
    for hash in &traced {
        assert_ne!(
            hash,
            &hasher.hash_address(SPOOFED_ADDRESS),
            "the client's own X-Forwarded-For was believed"
        );
        assert_ne!(
            hash,
            &hasher.hash_address("127.0.0.1"),
            "the worker took nginx's address for the family's"
        );
        assert_eq!(
            hash,
            &hasher.hash_address(FAMILY_ADDRESS),
            "the worker did not get the family's address"
        );
    }

    attributes[0].to_string()
}

/// 31 MB of documents in one form: nginx refuses it with the site's French page.
fn a_31_mb_form_is_refused_by_nginx(phone: &Phone, cookie: &str) {
    let origin = format!("https://{HOST}");
    let boundary = "----dossiersco31";
    let mut big = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"uai\"\r\n\r\n{UAI}\r\n--{boundary}\r\n\
         Content-Disposition: form-data; name=\"piece.attestation_assurance\"; filename=\"scan.pdf\"\r\n\
         Content-Type: application/pdf\r\n\r\n%PDF-1.4\n"
    )
    .into_bytes();
    big.resize(big.len() + 31 * 1024 * 1024, b' ');
    big.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let content_type = format!("multipart/form-data; boundary={boundary}");
    let too_big = phone.send(
        "POST",
        "/dossier",
        &[("Origin", &origin), ("Cookie", cookie), ("Content-Type", &content_type)],
        &big,
    );
    assert_eq!(too_big.status, 413, "{}", too_big.text());
    assert!(too_big.header("content-type").starts_with("text/html"));
    for expected in ["<html lang=\"fr\"", "Envoi trop volumineux", "rien n'a été"] {
        assert!(
            too_big.text().contains(expected),
            "« {expected} » missing from the 413 page:\n{}",
            too_big.text()
        );
    }
}

/// `systemd-analyze verify` on the shipped units, the binary's path replaced by the one just
/// built: any complaint about them fails (an unknown key is only a warning to systemd), and a
/// misspelt copy shows the check would see it. Then the hardening's exposure score.
#[test]
fn the_shipped_systemd_units_pass_systemd_analyze_verify() {
    let analyze = tool("systemd-analyze", "systemd");
    let dir = tempfile::tempdir().unwrap();
    let shipped = repo().join("deploy/systemd");
    let mut units = Vec::new();
    for entry in std::fs::read_dir(&shipped).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".service") || name.ends_with(".timer") {
            let unit = std::fs::read_to_string(&path).unwrap();
            assert!(
                unit.contains("/usr/local/bin/dossiersco") || name.ends_with(".timer"),
                "{name}"
            );
            let unit = unit.replace("/usr/local/bin/dossiersco", env!("CARGO_BIN_EXE_dossiersco"));
            std::fs::write(dir.path().join(&name), unit).unwrap();
            units.push(name);
        }
    }
    units.sort();
    assert_eq!(units.len(), 5, "the worker, snapshot and statistics units: {units:?}");

    let verify = |units: &[String]| {
        let out = Command::new(&analyze)
            .arg("verify")
            .args(units)
            .current_dir(dir.path())
            .output()
            .unwrap();
        let complaints: Vec<String> = text(&out)
            .lines()
            .filter(|l| units.iter().any(|u| l.contains(u.as_str())))
            .map(str::to_string)
            .collect();
        (out.status.success(), complaints, text(&out))
    };
    let (ok, complaints, said) = verify(&units);
    assert!(ok && complaints.is_empty(), "systemd-analyze verify:\n{said}");

    let unit = std::fs::read_to_string(dir.path().join("dossiersco.service")).unwrap();
    std::fs::write(
        dir.path().join("faute.service"),
        unit.replace("ProtectSystem=", "ProtectSytem="),
    )
    .unwrap();
    let (_, complaints, _) = verify(&["faute.service".to_string()]);
    assert!(
        complaints.iter().any(|l| l.contains("ProtectSytem")),
        "the check sees a misspelt key: {complaints:?}"
    );

    // Exposure score of `systemd-analyze security` (0 = locked down, 10 = none): 1.4 for the
    // worker, about 1 for the nightly jobs when this was written.
    for service in units.iter().filter(|u| u.ends_with(".service")) {
        let out = Command::new(&analyze)
            .args(["security", "--offline=true", "--threshold=20", service])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{service} exposed over 2.0:\n{}", text(&out));
    }
}

/// What the files of deploy/ say about each other and about the worker: the limits nginx puts
/// on request bodies let through everything the worker accepts and no more than the next
/// unit up, the worker listens where nginx sends, the site is built where nginx serves it.
#[test]
fn the_shipped_files_agree_with_the_worker_and_with_each_other() {
    let read = |path: &str| std::fs::read_to_string(repo().join(path)).unwrap();
    let (nginx, worker_unit, stats_unit) = (
        read("deploy/nginx/dossiersco.conf"),
        read("deploy/systemd/dossiersco.service"),
        read("deploy/systemd/dossiersco-stats.service"),
    );
    let limits: Vec<&str> = nginx
        .lines()
        .filter_map(|l| l.trim().strip_prefix("client_max_body_size "))
        .map(|v| v.trim_end_matches(';'))
        .collect();
    assert_eq!(
        limits,
        ["64k", "30m", "30m", "100m"],
        "the server's limit, then /dossier's and /api/pieces', then the staff's SIECLE upload"
    );
    assert_eq!(
        64 * 1024,
        dossiersco_worker::config::MAX_BODY,
        "nginx's 64k must be the worker's MAX_BODY"
    );
    // The worker's largest body: a pupil's files, the form's text and the parts' headers
    // (worker/src/uploads/form.rs), for the default limits and every school of content/.
    let content = dossiersco_generator::load_content(&repo().join("content")).unwrap();
    let largest = content
        .schools
        .iter()
        .map(|s| s.etablissement.pieces.max_eleve())
        .chain([dossiersco_model::content::Pieces::default().max_eleve()])
        .max()
        .unwrap();
    let worker_max = largest + dossiersco_worker::config::MAX_BODY as u64 + 64 * 1024;
    assert!(
        worker_max <= 30 * 1024 * 1024,
        "nginx's 30m refuses what the worker accepts: {worker_max} bytes"
    );

    // The staff's SIECLE upload: nginx lets through everything the worker accepts.
    let import = nginx
        .split("location = /personnel/import {")
        .nth(1)
        .expect("nginx has a location for the staff's SIECLE upload");
    let import = import.split('}').next().unwrap();
    let nginx_max: u64 = import
        .lines()
        .find_map(|l| l.trim().strip_prefix("client_max_body_size "))
        .and_then(|v| v.trim_end_matches(';').strip_suffix('m'))
        .and_then(|v| v.parse().ok())
        .expect("client_max_body_size in megabytes for /personnel/import");
    assert!(
        dossiersco_worker::http::personnel::import::MAX_IMPORT_BYTES <= nginx_max * 1024 * 1024,
        "nginx's {nginx_max}m refuses what the worker accepts"
    );

    assert!(nginx.contains("server 127.0.0.1:8080;"));
    assert!(worker_unit.contains("Environment=DOSSIERSCO_BIND=127.0.0.1:8080\n"));
    assert!(
        worker_unit.contains(&format!("Environment={}={}\n", TRUST_PROXY.0, TRUST_PROXY.1)),
        "the unit reads the proxy's headers with the setting the test runs the worker with"
    );
    assert!(nginx.contains("root /var/www/dossiersco/public;"));
    assert!(stats_unit.contains("--out /var/www/dossiersco/public "));
    assert!(worker_unit.contains("Environment=DOSSIERSCO_DB=/var/lib/dossiersco/dossiersco.sqlite\n"));
    assert!(worker_unit.contains("ReadWritePaths=/var/lib/dossiersco\n"));

    // Every route of the worker's router reaches it through nginx: a route added to the
    // worker and forgotten here would be a 404 from the static site in production.
    let router = read("worker/src/http/mod.rs");
    let routes: Vec<&str> = router
        .lines()
        .filter_map(|l| l.trim().strip_prefix('"'))
        .filter_map(|l| l.split_once("\" => (\""))
        .map(|(route, _)| route)
        .collect();
    assert!(
        routes.contains(&"/connexion"),
        "the router's table was not found: {routes:?}"
    );
    for route in routes {
        let exact = format!("location = {route} ");
        let by_prefix = ["/api/", "/personnel/"].iter().any(|p| route.starts_with(p));
        assert!(
            nginx.contains(&exact) || by_prefix,
            "the worker's route {route} is not proxied by deploy/nginx/dossiersco.conf"
        );
    }
}
