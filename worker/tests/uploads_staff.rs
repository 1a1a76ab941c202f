//! Staff download one submitted file, or a class's files as a ZIP named by class and pupil;
//! never another school's, never one not submitted.

mod http_common;
mod uploads_support;

use dossiersco_worker::uploads::{body::stream_out, staff};
use http_body_util::BodyExt;
use http_common::{JEAN_MOULIN, SAM};
use std::io::Read;
use uploads_support::*;

async fn body_of(resp: dossiersco_worker::http::reply::Resp) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let resp = stream_out(resp);
    let status = resp.status().as_u16();
    let headers = resp
        .headers()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, headers, bytes)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_file_or_a_class_as_a_zip_named_by_class_and_pupil() {
    let server = UploadServer::start(Options::default()).await;
    let cookie = server.login_lou().await;
    let (scan, photo) = (pdf(300_000), jpeg(100_000));
    let first = server
        .upload(&cookie, "justificatif_domicile", "scan.pdf", &scan)
        .await
        .json();
    server
        .upload(&cookie, "attestation_assurance", "photo.jpg", &photo)
        .await;
    let id = first["id"].as_i64().unwrap();
    // Not submitted yet: staff do not see it.
    assert!(staff::one(&server.app, JEAN_MOULIN, id).await.is_err());
    assert_eq!(server.post_form(&cookie, &Multipart::complete()).await.status, 303);
    // Sam (same class in the fixture) submits one file too.
    let sam = server
        .send(http_common::Req::login(JEAN_MOULIN, SAM.code, SAM.date))
        .await;
    let sam = sam.session_cookie().unwrap();
    server
        .upload(&sam, "justificatif_domicile", "sam.png", &png(5000))
        .await;

    let (status, headers, bytes) = body_of(staff::one(&server.app, JEAN_MOULIN, id).await.unwrap()).await;
    assert_eq!(status, 200);
    assert_eq!(bytes, scan);
    assert!(headers
        .iter()
        .any(|(k, v)| k == "content-type" && v == "application/pdf"));
    assert!(headers
        .iter()
        .any(|(k, v)| k == "content-disposition" && v.contains("scan.pdf")));
    // Another school's staff: not found.
    assert!(staff::one(&server.app, "0339903K", id).await.is_err());

    let (status, headers, bytes) = body_of(staff::class_zip(&server.app, JEAN_MOULIN, "6A").await.unwrap()).await;
    assert_eq!(status, 200);
    assert!(headers
        .iter()
        .any(|(k, v)| k == "content-disposition" && v.contains("pieces_6A.zip")));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut names: Vec<String> = zip.file_names().map(String::from).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "6A/MARTIN Lou/attestation_assurance-1.jpg",
            "6A/MARTIN Lou/justificatif_domicile-1.pdf"
        ],
        "Sam has not submitted"
    );
    let mut content = Vec::new();
    zip.by_name("6A/MARTIN Lou/justificatif_domicile-1.pdf")
        .unwrap()
        .read_to_end(&mut content)
        .unwrap();
    assert_eq!(content, scan);
    assert!(staff::class_zip(&server.app, JEAN_MOULIN, "5B").await.is_err());
    assert!(staff::class_zip(&server.app, "0339903K", "6A").await.is_err());
    // The temporary ZIP is gone once sent.
    assert_eq!(server.spooled().len(), 3);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_routes_need_a_staff_session_of_the_school() {
    let server = UploadServer::start(Options::default()).await;
    let cookie = server.login_lou().await;
    let scan = pdf(20_000);
    let id = server
        .upload(&cookie, "justificatif_domicile", "scan.pdf", &scan)
        .await
        .json()["id"]
        .as_i64()
        .unwrap();
    assert_eq!(server.post_form(&cookie, &Multipart::complete()).await.status, 303);
    let one = format!("/personnel/pieces/{id}");
    for path in [one.as_str(), "/personnel/pieces.zip?classe=6A"] {
        assert_eq!(server.send(http_common::Req::get(path)).await.status, 401, "{path}");
        // A family's session is not a staff session.
        assert_eq!(
            server.send(http_common::Req::get(path).cookie(&cookie)).await.status,
            401
        );
    }
    // A staff session of Jean Moulin (as the emailed link opens one), then of another school.
    let staff_cookie = |uai: &str, token: &str| {
        let hash = dossiersco_worker::http::personnel::session::hash(&server.app, token);
        let courriel = server.app.content.schools[uai].etab.personnels[0].clone();
        server
            .db()
            .execute(
                "INSERT INTO personnel_sessions (token_hash, uai, courriel, cree_le, expire_le)
                 VALUES (?1, ?2, ?3, '2020-01-01T00:00:00Z', '2999-01-01T00:00:00Z')",
                [&hash, uai, &courriel],
            )
            .unwrap();
        format!("__Host-dossiersco_personnel={token}")
    };
    let ours = staff_cookie(JEAN_MOULIN, &"a".repeat(64));
    let resp = server.send(http_common::Req::get(&one).cookie(&ours)).await;
    assert_eq!(resp.status, 200, "{}", resp.text());
    assert_eq!(resp.body, scan);
    let resp = server
        .send(http_common::Req::get("/personnel/pieces.zip?classe=6A").cookie(&ours))
        .await;
    assert_eq!(resp.status, 200);
    assert_eq!(resp.header("content-type"), Some("application/zip"));
    let zip = zip::ZipArchive::new(std::io::Cursor::new(resp.body)).unwrap();
    assert_eq!(zip.len(), 1);
    let theirs = staff_cookie("0339903K", &"b".repeat(64));
    assert_eq!(
        server.send(http_common::Req::get(&one).cookie(&theirs)).await.status,
        404
    );
    server.stop().await;
}
