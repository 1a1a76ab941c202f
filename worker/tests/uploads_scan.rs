//! The antivirus: a scanner script that flags the EICAR test string refuses the file; one
//! that hangs puts it in quarantine (« analyse en attente »), retried until it answers. And
//! files never submitted are swept away.

mod http_common;
mod uploads_support;

use dossiersco_worker::uploads::background;
use http_common::Req;
use std::path::Path;
use std::time::Duration;
use uploads_support::*;

const DOC: &str = "justificatif_domicile";

/// Writes an executable shell script.
fn script(path: &Path, body: &str) {
    use std::os::unix::fs::PermissionsExt;
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

/// Like `clamdscan -`: reads the file on stdin, exit 1 when it holds the EICAR signature.
const FLAGS_EICAR: &str = "if grep -q 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE'; then exit 1; fi\nexit 0";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_the_scanner_flags_is_refused_and_a_clean_one_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let scanner = dir.path().join("scan.sh");
    script(&scanner, FLAGS_EICAR);
    let server = UploadServer::start(Options {
        scan_command: Some(format!("{} -", scanner.display())),
        ..Options::default()
    })
    .await;
    let cookie = server.login_lou().await;
    let resp = server.upload(&cookie, DOC, "facture.pdf", &eicar_pdf()).await;
    assert_eq!(resp.status, 422, "{}", resp.text());
    assert!(resp.json()["erreur"]
        .as_str()
        .unwrap()
        .contains("refusé par l'analyse antivirus"));
    server.assert_nothing_stored("flagged upload");
    let form = Multipart::complete().file(
        "document.justificatif_domicile",
        "f.pdf",
        "application/pdf",
        &eicar_pdf(),
    );
    let resp = server.post_form(&cookie, &form).await;
    assert_eq!(resp.status, 422);
    assert!(resp.text().contains("antivirus"));
    server.assert_nothing_stored("flagged file in the form");

    let resp = server.upload(&cookie, DOC, "propre.pdf", &pdf(50_000)).await;
    assert_eq!(resp.status, 201);
    assert_eq!(resp.json()["etat"], "accepte");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scanner_that_does_not_answer_puts_files_in_quarantine_until_it_does() {
    let dir = tempfile::tempdir().unwrap();
    let scanner = dir.path().join("scan.sh");
    script(&scanner, "exec sleep 30");
    let server = UploadServer::start(Options {
        scan_command: Some(format!("{} -", scanner.display())),
        scan_timeout: Duration::from_millis(500),
        retry_every: Duration::from_millis(200),
        ..Options::default()
    })
    .await;
    let cookie = server.login_lou().await;
    let clean = pdf(20_000);
    let resp = server.upload(&cookie, DOC, "assurance.pdf", &clean).await;
    assert_eq!(resp.status, 201, "{}", resp.text());
    assert_eq!(resp.json()["etat"], "analyse_en_attente");
    let resp = server.upload(&cookie, DOC, "piege.pdf", &eicar_pdf()).await;
    assert_eq!(resp.json()["etat"], "analyse_en_attente", "never silently accepted");
    // The pupil's file shows it.
    let listed = server.send(Req::get("/api/pieces").cookie(&cookie)).await.json();
    assert!(listed["pieces"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["etat"] == "analyse_en_attente"));
    // It counts as sent for the submission, and staff cannot download it yet.
    assert_eq!(server.post_form(&cookie, &Multipart::complete()).await.status, 303);
    let id = listed["pieces"][0]["id"].as_i64().unwrap();
    let err = dossiersco_worker::uploads::staff::one(&server.app, http_common::JEAN_MOULIN, id)
        .await
        .expect_err("refused while waiting");
    assert_eq!(err.into_response(true).status(), 409);

    // The scanner comes back: the background task decides.
    script(&scanner, FLAGS_EICAR);
    eventually("both files scanned again", || {
        server.rows().iter().all(|r| r.4 != "analyse_en_attente")
    })
    .await;
    let rows = server.rows();
    assert_eq!(rows[0].4, "accepte");
    assert_eq!(rows[1].4, "refuse", "the EICAR file is refused once scanned");
    assert_eq!(server.spooled().len(), 1, "the refused file is deleted");
    let listed = server.send(Req::get("/api/pieces").cookie(&cookie)).await.json();
    assert_eq!(listed["pieces"][1]["etat"], "refuse");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_never_submitted_are_swept_and_submitted_ones_stay() {
    let server = UploadServer::start(Options {
        orphan_after: Duration::ZERO,
        ..Options::default()
    })
    .await;
    let cookie = server.login_lou().await;
    assert_eq!(server.upload(&cookie, DOC, "garde.pdf", &pdf(1000)).await.status, 201);
    assert_eq!(server.post_form(&cookie, &Multipart::complete()).await.status, 303);
    assert_eq!(server.upload(&cookie, DOC, "oublie.pdf", &pdf(1000)).await.status, 201);
    // A file left by a crash mid-upload: on disk, no row.
    std::fs::write(server.spool.join("0123456789abcdef0123456789abcdef"), b"%PDF-partial").unwrap();
    tokio::time::sleep(Duration::from_millis(1100)).await; // timestamps have second precision
    let deleted = background::sweep(&server.app, Duration::ZERO).await.unwrap();
    assert_eq!(deleted, 2);
    let rows = server.rows();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].1, "garde.pdf");
    assert_eq!(server.spooled().len(), 1);
    server.stop().await;
}
