//! With JavaScript: each file is posted alone as soon as it is picked, checked by its
//! content, stored with its SHA-256, and becomes part of the pupil's file only when the
//! family submits.

mod http_common;
mod uploads_support;

use http_common::{dossier_post, Req};
use uploads_support::*;

const DOC: &str = "justificatif_domicile";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pdf_jpeg_and_png_are_stored_with_their_hash_and_linked_only_by_the_submission() {
    let server = UploadServer::start(Options::default()).await;
    let cookie = server.login_lou().await;
    let files = [
        ("facture EDF.pdf", pdf(300_000), "application/pdf"),
        ("photo.jpg", jpeg(200_000), "image/jpeg"),
        ("capture.png", png(100_000), "image/png"),
    ];
    for (name, bytes, media) in &files {
        let resp = server.upload(&cookie, DOC, name, bytes).await;
        assert_eq!(resp.status, 201, "{name}: {}", resp.text());
        let body = resp.json();
        assert_eq!(body["type"], *media);
        assert_eq!(body["nom"], *name);
        assert_eq!(body["sha256"], sha256_hex(bytes));
        assert_eq!(body["etat"], "accepte");
    }
    let rows = server.rows();
    assert_eq!(rows.len(), 3);
    for ((name, bytes, _), row) in files.iter().zip(&rows) {
        assert_eq!(
            (row.1.as_str(), row.2, row.3.as_str()),
            (*name, bytes.len() as i64, sha256_hex(bytes).as_str())
        );
        assert!(!row.5, "not part of the file before the submission");
    }
    // On disk under random names, byte for byte.
    let mut on_disk: Vec<Vec<u8>> = server.spooled().iter().map(|p| std::fs::read(p).unwrap()).collect();
    on_disk.sort();
    let mut sent: Vec<Vec<u8>> = files.iter().map(|f| f.1.clone()).collect();
    sent.sort();
    assert_eq!(on_disk, sent);
    assert!(server
        .spooled()
        .iter()
        .all(|p| p.file_name().unwrap().len() == 32 && !p.to_string_lossy().contains("facture")));

    // The page lists them (the draft's memory of the uploads is this list).
    let listed = server.send(Req::get("/api/pieces").cookie(&cookie)).await.json();
    assert_eq!(listed["pieces"].as_array().unwrap().len(), 3);
    assert_eq!(listed["taille_max_fichier"], 1_000_000);
    assert_eq!(listed["utilise"], 600_000);

    // The page's script posts the form urlencoded, its file input emptied (what a browser
    // then sends for it: the name, no value).
    let mut posted = http_common::complete_values();
    posted.push((format!("document.{DOC}"), String::new()));
    let resp = server.send(dossier_post(&posted).cookie(&cookie)).await;
    assert_eq!(resp.status, 303, "{}", resp.text());
    assert!(
        server.rows().iter().all(|r| r.5),
        "linked by the submission: {:?}",
        server.rows()
    );
    let linked: i64 = server
        .db()
        .query_row(
            "SELECT count(*) FROM pieces p JOIN soumissions s ON s.id = p.soumission_id AND s.eleve_id = p.eleve_id",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(linked, 3);
    // A submitted file can no longer be removed by the family.
    let id = listed["pieces"][0]["id"].as_i64().unwrap();
    let resp = server.delete(&cookie, id).await;
    assert_eq!(resp.status, 409, "{}", resp.text());
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_not_yet_submitted_can_be_removed_or_replaced() {
    let server = UploadServer::start(Options::default()).await;
    let cookie = server.login_lou().await;
    let first = server.upload(&cookie, DOC, "a.pdf", &pdf(1000)).await.json();
    let id = first["id"].as_i64().unwrap();
    // Another family cannot remove it.
    let other = server
        .send(Req::login(
            http_common::JEAN_MOULIN,
            http_common::SAM.code,
            http_common::SAM.date,
        ))
        .await;
    let other = other.session_cookie().unwrap();
    let resp = server.delete(&other, id).await;
    assert_eq!(resp.status, 409);
    assert_eq!(server.rows().len(), 1);
    // Without the site's Origin, refused.
    let resp = server
        .send(
            Req::new("DELETE", &format!("/api/pieces/{id}"))
                .cookie(&cookie)
                .foreign(),
        )
        .await;
    assert_eq!(resp.status, 403);
    let resp = server.delete(&cookie, id).await;
    assert_eq!(resp.status, 200, "{}", resp.text());
    server.assert_nothing_stored("after removal");
    let resp = server.upload(&cookie, DOC, "b.png", &png(1000)).await;
    assert_eq!(resp.status, 201);
    assert_eq!(server.rows().len(), 1);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_the_limits_is_413_with_a_message_and_nothing_stored() {
    let server = UploadServer::start(Options::default()).await;
    let cookie = server.login_lou().await;
    let resp = server.upload(&cookie, DOC, "gros.pdf", &pdf(MO + 1)).await;
    assert_eq!(resp.status, 413, "{}", resp.text());
    let message = resp.json()["erreur"].as_str().unwrap().to_string();
    assert!(message.contains("« gros.pdf » dépasse 1 Mo"), "{message}");
    server.assert_nothing_stored("file over 1 Mo");

    // A body without Content-Length (chunked) is stopped at the limit too.
    let mut raw = format!(
        "POST /api/pieces HTTP/1.1\r\nHost: {a}\r\nOrigin: http://{a}\r\nCookie: {cookie}\r\nConnection: close\r\n\
         X-Document: {DOC}\r\nX-Nom-Fichier: flux.pdf\r\nTransfer-Encoding: chunked\r\n\r\n",
        a = server.addr
    )
    .into_bytes();
    for chunk in pdf(MO + 200_000).chunks(100_000) {
        raw.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        raw.extend_from_slice(chunk);
        raw.extend_from_slice(b"\r\n");
    }
    raw.extend_from_slice(b"0\r\n\r\n");
    let resp = server.send_raw(&raw).await;
    assert_eq!(resp.status, 413, "{}", resp.text());
    server.assert_nothing_stored("chunked file over 1 Mo");

    // Two files under 1 Mo each, but the pupil's 2 Mo are used up by the third.
    for name in ["1.pdf", "2.pdf"] {
        assert_eq!(server.upload(&cookie, DOC, name, &pdf(900_000)).await.status, 201);
    }
    let resp = server.upload(&cookie, DOC, "3.pdf", &pdf(300_000)).await;
    assert_eq!(resp.status, 413);
    assert!(resp.json()["erreur"].as_str().unwrap().contains("place qui reste"));
    assert_eq!(server.rows().len(), 2);
    assert_eq!(server.spooled().len(), 2);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_renamed_executable_and_bad_names_are_refused_and_nothing_is_stored() {
    let server = UploadServer::start(Options::default()).await;
    let cookie = server.login_lou().await;
    let resp = server.upload(&cookie, DOC, "facture.pdf", &exe()).await;
    assert_eq!(resp.status, 415, "{}", resp.text());
    assert!(resp.json()["erreur"].as_str().unwrap().contains("ni un PDF"));
    for (name, why) in [
        ("../../etc/passwd.pdf", "parent path"),
        ("a\0b.pdf", "NUL"),
        (&*format!("{}.pdf", "n".repeat(2000)), "2,000 characters"),
    ] {
        let resp = server.upload(&cookie, DOC, name, &pdf(1000)).await;
        assert_eq!(resp.status, 400, "{why}: {}", resp.text());
    }
    let resp = server.upload(&cookie, "pas_un_document", "a.pdf", &pdf(1000)).await;
    assert_eq!(resp.status, 422);
    let resp = server.upload(&cookie, DOC, "vide.pdf", b"").await;
    assert_eq!(resp.status, 422);
    // Not logged in.
    let resp = server
        .send(
            Req::new("POST", "/api/pieces")
                .header("X-Document", DOC)
                .body(pdf(1000)),
        )
        .await;
    assert_eq!(resp.status, 401);
    server.assert_nothing_stored("refused uploads");
    server.assert_alive().await;
    server.stop().await;
}
