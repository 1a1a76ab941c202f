//! Without JavaScript: the form posts as multipart/form-data and the files travel with it.
//! Bad bodies get a 4xx, nothing is stored, and the worker goes on answering.

mod http_common;
mod uploads_support;

use http_common::Req;
use uploads_support::*;

const FIELD: &str = "document.justificatif_domicile";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_travel_with_the_form_and_join_the_file_when_it_is_submitted() {
    let server = UploadServer::start(Options::default()).await;
    let cookie = server.login_lou().await;
    let (scan, photo) = (pdf(400_000), jpeg(300_000));
    let form = Multipart::complete()
        .file(FIELD, "scan.pdf", "application/pdf", &scan)
        .file(FIELD, "photo.jpg", "image/jpeg", &photo)
        // The optional document's input left empty, as browsers send it.
        .file("document.attestation_assurance", "", "application/octet-stream", b"");
    let resp = server.post_form(&cookie, &form).await;
    assert_eq!(resp.status, 303, "{}", resp.text());
    assert!(resp.location().ends_with("/confirmation/"));
    let rows = server.rows();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(
        (rows[0].1.as_str(), rows[0].3.as_str()),
        ("scan.pdf", sha256_hex(&scan).as_str())
    );
    assert_eq!((rows[1].1.as_str(), rows[1].2), ("photo.jpg", 300_000));
    assert!(rows.iter().all(|r| r.5 && r.4 == "accepte"), "{rows:?}");
    assert_eq!(server.spooled().len(), 2);
    // The other fields were read as usual.
    let etat: String = server
        .db()
        .query_row("SELECT etat FROM eleves WHERE prenom = 'Lou'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(etat, "transmis");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_mandatory_document_blocks_unless_it_will_be_brought_to_the_office() {
    let server = UploadServer::start(Options::default()).await;
    let cookie = server.login_lou().await;
    let resp = server.post_form(&cookie, &Multipart::complete()).await;
    assert_eq!(resp.status, 422, "{}", resp.text());
    let page = resp.text();
    assert!(page.contains("Ce document est obligatoire"), "{page}");
    assert!(
        page.contains("href=\"#document-justificatif_domicile\""),
        "the summary links to the field"
    );
    let etat: String = server
        .db()
        .query_row("SELECT etat FROM eleves WHERE prenom = 'Lou'", [], |r| r.get(0))
        .unwrap();
    assert_ne!(etat, "transmis");

    // The same as JSON (the script's submission).
    let resp = server
        .send(
            Req::new("POST", "/dossier")
                .cookie(&cookie)
                .header("Accept", "application/json")
                .header("Content-Type", &Multipart::complete().content_type())
                .body(Multipart::complete().body()),
        )
        .await;
    assert_eq!(resp.status, 422);
    assert_eq!(resp.json()["erreurs"][0]["field"], FIELD);

    let ticked = Multipart::complete().text("document.justificatif_domicile.secretariat", "oui");
    let resp = server.post_form(&cookie, &ticked).await;
    assert_eq!(resp.status, 303, "{}", resp.text());
    server.stop().await;
}

/// A browser sends every file input of the form, an empty one when no file was picked (most
/// posts): that touches no disk. The spool folder is made impossible here (a file stands in
/// its place): a post that made a spool file for its empty input would fail.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_file_input_touches_no_disk() {
    let server = UploadServer::start(Options::default()).await;
    let cookie = server.login_lou().await;
    let _ = std::fs::remove_dir_all(&server.spool);
    std::fs::write(&server.spool, b"not a folder").unwrap();
    let empty_input = Multipart::complete()
        .text("document.justificatif_domicile.secretariat", "oui")
        .file(FIELD, "", "application/octet-stream", b"");
    let resp = server.post_form(&cookie, &empty_input).await;
    assert_eq!(resp.status, 303, "{}", resp.text());
    let etat: String = server
        .db()
        .query_row("SELECT etat FROM eleves WHERE prenom = 'Lou'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(etat, "transmis");
    // A file picked does need the folder: that post fails, and says to try again.
    let picked = Multipart::complete().file(FIELD, "a.pdf", "application/pdf", &pdf(1000));
    let resp = server.post_form(&cookie, &picked).await;
    assert!(resp.status >= 500, "{} {}", resp.status, resp.text());
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_the_office_option_the_box_does_not_count() {
    let server = UploadServer::start(Options {
        apport_secretariat: false,
        ..Options::default()
    })
    .await;
    let cookie = server.login_lou().await;
    let ticked = Multipart::complete().text("document.justificatif_domicile.secretariat", "oui");
    assert_eq!(server.post_form(&cookie, &ticked).await.status, 422);
    // A file sent earlier by the script counts.
    assert_eq!(
        server
            .upload(&cookie, "justificatif_domicile", "a.png", &png(500))
            .await
            .status,
        201
    );
    assert_eq!(server.post_form(&cookie, &Multipart::complete()).await.status, 303);
    assert!(server.rows()[0].5, "linked");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_post_keeps_its_good_files_for_the_next_try_and_says_so() {
    let server = UploadServer::start(Options::default()).await;
    let cookie = server.login_lou().await;
    let form = Multipart::complete()
        .text("eleve.nom", "")
        .file(FIELD, "quittance.pdf", "application/pdf", &pdf(2000));
    let resp = server.post_form(&cookie, &form).await;
    assert_eq!(resp.status, 422);
    assert!(resp.text().contains("Déjà reçu : quittance.pdf"), "{}", resp.text());
    let rows = server.rows();
    assert_eq!(rows.len(), 1);
    assert!(!rows[0].5, "kept, not linked");
    // Corrected, without sending the file again: accepted, and the file joins.
    assert_eq!(server.post_form(&cookie, &Multipart::complete()).await.status, 303);
    assert!(server.rows()[0].5);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_large_or_not_a_document_is_refused_and_nothing_is_stored() {
    let server = UploadServer::start(Options::default()).await;
    let cookie = server.login_lou().await;
    let cases = [
        (
            Multipart::complete()
                .file(FIELD, "ok.pdf", "application/pdf", &pdf(1000))
                .file(FIELD, "gros.pdf", "application/pdf", &pdf(MO + 1)),
            413,
            "dépasse 1 Mo",
        ),
        (
            Multipart::complete()
                .file(FIELD, "a.pdf", "application/pdf", &pdf(900_000))
                .file(FIELD, "b.pdf", "application/pdf", &pdf(900_000))
                .file(FIELD, "c.pdf", "application/pdf", &pdf(900_000)),
            413,
            // Declared over the pupil's limit: refused before a byte is read.
            "dépasse 2 Mo",
        ),
        (
            Multipart::complete().file(FIELD, "facture.pdf", "application/pdf", &exe()),
            415,
            "ni un PDF",
        ),
        (
            Multipart::complete().file("document.inconnu", "a.pdf", "application/pdf", &pdf(100)),
            422,
            "aucun document demandé",
        ),
    ];
    for (form, status, message) in cases {
        let resp = server.post_form(&cookie, &form).await;
        assert_eq!(resp.status, status, "{message}: {}", resp.text());
        assert!(resp.text().contains(message), "{message}: {}", resp.text());
        server.assert_nothing_stored(message);
    }
    server.assert_alive().await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broken_bodies_many_parts_and_bad_names_get_a_4xx_and_the_worker_goes_on() {
    let server = UploadServer::start(Options::default()).await;
    let cookie = server.login_lou().await;
    let post = |content_type: String, body: Vec<u8>| {
        Req::new("POST", "/dossier")
            .cookie(&cookie)
            .header("Content-Type", &content_type)
            .body(body)
    };
    let good = Multipart::complete().file(FIELD, "a.pdf", "application/pdf", &pdf(5000));
    let body = good.body();
    let mut cases: Vec<(&str, Req)> = vec![
        ("no boundary", post("multipart/form-data".into(), body.clone())),
        (
            "another boundary",
            post("multipart/form-data; boundary=autre".into(), body.clone()),
        ),
        (
            "cut in the middle",
            post(good.content_type(), body[..body.len() / 2].to_vec()),
        ),
        (
            "no closing boundary",
            post(
                good.content_type(),
                body[..body.len() - good.boundary.len() - 6].to_vec(),
            ),
        ),
        ("garbage", post(good.content_type(), vec![0xFF; 5000])),
    ];
    let mut many = Multipart::complete();
    for i in 0..1000 {
        many = many.text(&format!("x{i}"), "y");
    }
    cases.push(("a thousand parts", post(many.content_type(), many.body())));
    let mut files = Multipart::complete();
    for i in 0..1000 {
        files = files.file(FIELD, &format!("{i}.pdf"), "application/pdf", &pdf(10));
    }
    cases.push(("a thousand files", post(files.content_type(), files.body())));
    for (why, name) in [
        ("parent path", "../../../etc/cron.d/x.pdf".to_string()),
        ("NUL", "a\0b.pdf".to_string()),
        ("2,000 characters", format!("{}.pdf", "n".repeat(2000))),
    ] {
        let form = Multipart::complete().file(FIELD, &name, "application/pdf", &pdf(1000));
        cases.push((why, post(form.content_type(), form.body())));
    }
    let big_text = Multipart::complete().text("urgence.nom", &"x".repeat(70_000));
    cases.push((
        "text fields over 64 Kio",
        post(big_text.content_type(), big_text.body()),
    ));
    for (why, req) in cases {
        let resp = server.send(req).await;
        assert!(
            (400..500).contains(&resp.status),
            "{why}: {} {}",
            resp.status,
            resp.text()
        );
        server.assert_nothing_stored(why);
        server.assert_alive().await;
    }
    // And the good post still goes through.
    assert_eq!(server.post_form(&cookie, &good).await.status, 303);
    server.stop().await;
}
