//! A document attached before signing lives as long as the draft. The old fault: every file
//! not yet submitted was swept 24 hours after it arrived, while the draft it belonged to was
//! kept all campaign — a family that attached its proof of address on Monday and came back
//! on Thursday to sign found it gone (and the submission refused for a missing document).
//! Only a file attached to nothing (no submission, no draft) is swept.

mod http_common;
mod uploads_support;

use dossiersco_worker::uploads::background;
use http_common::{dossier_post, Req, JEAN_MOULIN, SAM};
use std::time::Duration;
use uploads_support::*;

const DOC: &str = "justificatif_domicile";
/// The sweep's own margin for files on disk without a row (not what is tested here).
const LEFTOVER: Duration = Duration::from_secs(3600);

async fn save_draft(server: &UploadServer, cookie: &str) {
    // What the form's script sends when a file is picked (a `change` event saves the draft).
    let resp = server
        .send(
            Req::new("PUT", "/api/dossier/brouillon")
                .cookie(cookie)
                .header("Content-Type", "application/json")
                .body(r#"{"valeurs": {}}"#),
        )
        .await;
    assert_eq!(resp.status, 200, "draft saved: {}", resp.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_in_a_draft_survives_three_days_and_is_submitted_while_a_file_attached_to_nothing_goes() {
    let server = UploadServer::start(Options::default()).await;
    assert_eq!(server.app.config.pieces.orphan_after, Duration::from_secs(24 * 3600));

    // Monday: Lou's family attaches its proof of address; the page saves the draft.
    let lou = server.login_lou().await;
    let resp = server.upload(&lou, DOC, "facture EDF.pdf", &pdf(20_000)).await;
    assert_eq!(resp.status, 201, "{}", resp.text());
    save_draft(&server, &lou).await;

    // Sam's family sends a file by the form without JavaScript, the post is refused (the
    // form is incomplete) and the family never comes back: no draft, no submission.
    let sam = server.send(Req::login(JEAN_MOULIN, SAM.code, SAM.date)).await;
    let sam = sam.session_cookie().expect("Sam logs in");
    let form = Multipart::new().text("uai", JEAN_MOULIN).file(
        &format!("document.{DOC}"),
        "bail.pdf",
        "application/pdf",
        &pdf(10_000),
    );
    let resp = server.post_form(&sam, &form).await;
    assert_eq!(resp.status, 422, "{}", resp.text());
    assert_eq!(server.rows().len(), 2, "both files received: {:?}", server.rows());
    assert_eq!(server.spooled().len(), 2);

    // Thursday: the sweep runs three days later.
    let thursday = server.app.now() + time::Duration::days(3);
    let deleted = background::sweep_at(&server.app, thursday, LEFTOVER).await.unwrap();
    assert_eq!(deleted, 1, "only the file attached to nothing is deleted");
    let rows = server.rows();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].1, "facture EDF.pdf", "the draft's file is kept");
    let on_disk = server.spooled();
    assert_eq!(on_disk.len(), 1);
    assert_eq!(std::fs::read(&on_disk[0]).unwrap(), pdf(20_000), "its bytes are intact");

    // Lou's family comes back: the file is still listed on the page and signs with it.
    let listed = server.send(Req::get("/api/pieces").cookie(&lou)).await.json();
    let listed = listed["pieces"].as_array().unwrap().clone();
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["nom"], "facture EDF.pdf");
    let resp = server
        .send(dossier_post(&http_common::complete_values()).cookie(&lou))
        .await;
    assert_eq!(resp.status, 303, "submitted with the file: {}", resp.text());
    assert!(server.rows()[0].5, "the file is part of the submitted file");

    // Once submitted, no later sweep touches it (the draft is gone, the submission holds it).
    let later = thursday + time::Duration::days(30);
    assert_eq!(background::sweep_at(&server.app, later, LEFTOVER).await.unwrap(), 0);
    assert_eq!(server.rows().len(), 1);
    assert_eq!(server.spooled().len(), 1);
    server.stop().await;
}
