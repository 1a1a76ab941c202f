//! The SIECLE import from the staff area, through the real server: the three exports in any
//! order (XML or ZIP) give the CLI's report, and every bad upload — another school's file, a
//! truncated file, a ZIP with a `../` name or 10,000 entries, 200 MB — gets a French message,
//! imports nothing, leaves no file behind, and the worker answers the next request.

mod http_common;
mod staff_support;

use http_common::*;
use staff_support::*;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const BOUNDARY: &str = "----import-siecle";

fn demo(uai: &str, file: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../demo/siecle")
            .join(uai)
            .join(file),
    )
    .unwrap()
}

/// A multipart body with `files` as `fichiers` parts (name, bytes).
fn multipart(files: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, bytes) in files {
        write!(
            body,
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"fichiers\"; filename=\"{name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .unwrap();
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    write!(body, "--{BOUNDARY}--\r\n").unwrap();
    body
}

fn upload(cookie: &str, files: &[(&str, Vec<u8>)], json: bool) -> Req {
    let req = Req::new("POST", "/personnel/import")
        .header("Content-Type", &format!("multipart/form-data; boundary={BOUNDARY}"))
        .cookie(cookie)
        .body(multipart(files));
    if json {
        req.header("Accept", "application/json")
    } else {
        req
    }
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        w.start_file(*name, options).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn pupils(server: &StaffServer) -> i64 {
    server
        .conn()
        .query_row("SELECT count(*) FROM eleves WHERE uai = ?1", [JEAN_MOULIN], |r| {
            r.get(0)
        })
        .unwrap()
}

/// Files left in the worker's folder of uploads being imported.
fn leftovers(server: &StaffServer) -> Vec<PathBuf> {
    let dir = server.db.parent().unwrap().join("imports");
    walk(&dir)
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .flat_map(|e| {
            let p = e.path();
            if p.is_dir() {
                walk(&p)
            } else {
                vec![p]
            }
        })
        .collect()
}

/// Nothing imported, nothing left on disk, and the worker still serves the staff member.
async fn unharmed(server: &StaffServer, cookie: &str, before: i64) {
    assert_eq!(pupils(server), before, "nothing was imported");
    let historique: i64 = server
        .conn()
        .query_row("SELECT count(*) FROM historique", [], |r| r.get(0))
        .unwrap();
    assert_eq!(historique, 0, "no pupil's history changed");
    assert!(leftovers(server).is_empty(), "{:?}", leftovers(server));
    let resp = server.send(Req::get("/api/personnel/tableau").cookie(cookie)).await;
    assert_eq!(resp.status, 200, "the worker still answers: {}", resp.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_three_exports_in_any_order_one_zipped_give_the_cli_s_report() {
    let server = StaffServer::start(None).await;
    let staff = server.staff_login(JEAN_MOULIN).await;
    let files = [
        ("responsables.xml", demo(JEAN_MOULIN, "responsables.xml")),
        (
            "ElevesAvecAdresses.zip",
            zip_of(&[("ElevesAvecAdresses.xml", &demo(JEAN_MOULIN, "eleves.xml"))]),
        ),
        ("nomenclature.xml", demo(JEAN_MOULIN, "nomenclature.xml")),
    ];
    let resp = server.send(upload(&staff, &files, true)).await;
    assert_eq!(resp.status, 200, "{}", resp.text());
    let report = resp.json();
    assert_eq!(report["uai"], JEAN_MOULIN);
    assert_eq!(report["importes"], 14, "{report}");
    assert_eq!(
        report["absents"], 3,
        "the fixture pupils are left as they were: {report}"
    );
    let sortants = report["sortants"].as_i64().unwrap();
    assert!(sortants > 0);
    assert_eq!(report["nouveaux_codes"].as_i64().unwrap(), 14 - sortants);
    let names: Vec<&str> = report["fichiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["nom"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["responsables.xml", "ElevesAvecAdresses.xml", "nomenclature.xml"]
    );
    assert_eq!(pupils(&server), 17);
    assert!(
        leftovers(&server).is_empty(),
        "the uploaded files are gone: {:?}",
        leftovers(&server)
    );
    // Nobody saw the new codes: their letters are the ones never printed.
    let counts = server
        .send(Req::get("/api/personnel/courriers").cookie(&staff))
        .await
        .json();
    assert_eq!(counts["jamais_imprimes"], report["nouveaux_codes"]);
    let by: String = server
        .conn()
        .query_row(
            "SELECT group_concat(DISTINCT qui || ':' || action) FROM historique WHERE action = 'importe_sans_courrier'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(by, "direction.0699901M@example.fr:importe_sans_courrier");

    // Printed: each gets a code that opens its file.
    let n = counts["jamais_imprimes"].to_string();
    let resp = server
        .send(Req::form("/personnel/courriers", &[("portee", "jamais"), ("nombre", &n)]).cookie(&staff))
        .await;
    assert_eq!(resp.status, 200, "{}", resp.text());
    assert_eq!(resp.text().matches("data-code=\"").count().to_string(), n);
    let counts = server
        .send(Req::get("/api/personnel/courriers").cookie(&staff))
        .await
        .json();
    assert_eq!(counts["jamais_imprimes"], 0);

    // Again, without JavaScript: the import page, with the report; nothing new.
    let resp = server.send(upload(&staff, &files, false)).await;
    assert_eq!(resp.status, 200, "{}", resp.text());
    let page = resp.text();
    assert!(page.contains("Import terminé"), "{page}");
    assert!(page.contains("Inchangés"), "{page}");
    assert!(
        !page.contains("JavaScript est nécessaire"),
        "the import works without JavaScript: no warning saying otherwise"
    );
    assert_eq!(pupils(&server), 17);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_school_s_file_a_truncated_file_and_crafted_zips_import_nothing() {
    let server = StaffServer::start(None).await;
    let staff = server.staff_login(JEAN_MOULIN).await;
    let before = pupils(&server);
    let eleves = demo(JEAN_MOULIN, "eleves.xml");
    let others = || {
        vec![
            ("responsables.xml", demo(JEAN_MOULIN, "responsables.xml")),
            ("nomenclature.xml", demo(JEAN_MOULIN, "nomenclature.xml")),
        ]
    };
    let many: Vec<String> = (0..10_000).map(|i| format!("ElevesAvecAdresses-{i}.xml")).collect();
    let many: Vec<(&str, &[u8])> = many.iter().map(|n| (n.as_str(), &b"<x/>"[..])).collect();
    // (what, the pupils' file sent, what the refusal must say)
    type Case<'a> = (&'a str, (&'a str, Vec<u8>), &'a str);
    let cases: Vec<Case> = vec![
        (
            "another school's export",
            ("eleves.xml", demo("0339903K", "eleves.xml")),
            "l'export de l'établissement 0339903K",
        ),
        (
            "a truncated file",
            ("eleves.xml", eleves[..eleves.len() / 2].to_vec()),
            "eleves.xml",
        ),
        (
            "a truncated ZIP",
            ("eleves.zip", {
                let z = zip_of(&[("ElevesAvecAdresses.xml", &eleves)]);
                z[..z.len() / 2].to_vec()
            }),
            "incomplète",
        ),
        (
            "a ZIP with a ../ name",
            ("eleves.zip", zip_of(&[("../../../var/evil.xml", &eleves)])),
            "sort de son dossier",
        ),
        (
            "a ZIP of 10,000 entries",
            ("eleves.zip", zip_of(&many)),
            "archive ZIP de 10000 fichiers",
        ),
    ];
    for (what, file, expected) in cases {
        let mut files = others();
        files.insert(1, file);
        for json in [true, false] {
            let resp = server.send(upload(&staff, &files, json)).await;
            assert_eq!(resp.status, 422, "{what}: {}", resp.text());
            // The page escapes apostrophes.
            let text = resp.text().replace("&#39;", "'").replace("&#x27;", "'");
            assert!(text.contains("rien n'a été importé"), "{what}: {text}");
            assert!(text.contains(expected), "{what}: {text}");
            if !json {
                assert!(
                    text.contains("Import refusé"),
                    "{what}: the import page says so: {text}"
                );
            }
            unharmed(&server, &staff, before).await;
        }
    }
    assert!(!server.dir.path().join("var/evil.xml").exists());
    assert!(!server.db.parent().unwrap().join("evil.xml").exists());

    // No staff session, or a page of another site: refused before a byte is read.
    let files = [("eleves.xml", eleves.clone())];
    let family = server
        .send(Req::login(JEAN_MOULIN, LOU.code, LOU.date))
        .await
        .session_cookie()
        .unwrap();
    let resp = server.send(upload(&family, &files, true)).await;
    assert_eq!(resp.status, 401);
    let forged = upload(&staff, &files, true)
        .foreign()
        .header("Origin", "https://evil.example");
    assert_eq!(server.send(forged).await.status, 403);
    unharmed(&server, &staff, before).await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_200_mb_upload_is_refused_as_it_streams_and_the_worker_is_unharmed() {
    let server = StaffServer::start(None).await;
    let staff = server.staff_login(JEAN_MOULIN).await;
    let before = pupils(&server);
    const TOTAL: u64 = 200 * 1_000_000;
    // The page's script refuses the same sizes before sending anything.
    let template = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../themes/default/templates/personnel/import.html"),
    )
    .unwrap();
    let max = dossiersco_worker::http::personnel::import::MAX_IMPORT_BYTES;
    assert!(
        template.contains(&format!("data-max-octets=\"{max}\"")),
        "the import page's limit is not the worker's"
    );

    // Declared: refused before the body is read.
    let mut stream = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    let head = format!(
        "POST /personnel/import HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nCookie: {staff}\r\n\
         Accept: application/json\r\nContent-Type: multipart/form-data; boundary={BOUNDARY}\r\n\
         Content-Length: {TOTAL}\r\n\r\n",
        addr = server.addr
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
    let text = String::from_utf8_lossy(&answer);
    assert!(text.starts_with("HTTP/1.1 413"), "{text}");
    assert!(
        text.contains("dépasse 100 Mo") && text.contains("rien n'a été importé"),
        "{text}"
    );

    // Not declared (chunked), sent at full speed: the worker stops reading at its cap.
    let stream = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    let (mut reader, mut writer) = stream.into_split();
    let head = format!(
        "POST /personnel/import HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nCookie: {staff}\r\n\
         Accept: application/json\r\nContent-Type: multipart/form-data; boundary={BOUNDARY}\r\n\
         Transfer-Encoding: chunked\r\n\r\n",
        addr = server.addr
    );
    let sent = tokio::spawn(async move {
        let start = format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"fichiers\"; filename=\"eleves.xml\"\r\n\r\n<?xml"
        );
        let mut out = head.into_bytes();
        out.extend_from_slice(format!("{:x}\r\n{start}\r\n", start.len()).as_bytes());
        if writer.write_all(&out).await.is_err() {
            return 0;
        }
        // One 256 KiB chunk reused: the test never holds 200 MB.
        let data = vec![b'x'; 256 * 1024];
        let mut chunk = format!("{:x}\r\n", data.len()).into_bytes();
        chunk.extend_from_slice(&data);
        chunk.extend_from_slice(b"\r\n");
        let mut sent = 0u64;
        while sent < TOTAL {
            if writer.write_all(&chunk).await.is_err() {
                break;
            }
            sent += data.len() as u64;
        }
        sent
    });
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(60), reader.read_to_end(&mut answer)).await;
    let text = String::from_utf8_lossy(&answer);
    assert!(text.starts_with("HTTP/1.1 413"), "{text}");
    assert!(text.contains("dépasse 100 Mo"), "{text}");
    let sent = tokio::time::timeout(Duration::from_secs(60), sent)
        .await
        .unwrap()
        .unwrap();
    assert!(sent < TOTAL, "the worker stopped reading ({sent} bytes sent)");
    unharmed(&server, &staff, before).await;
    server.stop().await;
}
