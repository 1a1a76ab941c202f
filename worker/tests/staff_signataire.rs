//! Who signed, through the real server: a family chooses its signer among the guardians the
//! file names, or « Une autre personne » with a name; the staff's view of the file flags a
//! signer who is neither guardian. The « Même adresse que le responsable légal 1 » box of a
//! page without JavaScript is applied by the worker: the stored file holds the address.

mod http_common;
mod staff_support;

use http_common::*;
use staff_support::*;

/// Logs `pupil`'s family in and posts the full form with `changes` applied; returns the status.
async fn family_submits(server: &StaffServer, pupil: &Pupil, changes: &[(&str, Option<&str>)]) -> u16 {
    let resp = server.send(Req::login(pupil.uai, pupil.code, pupil.date)).await;
    let cookie = resp.session_cookie().expect("logged in");
    let mut fields = complete_values();
    for (name, value) in changes {
        fields.retain(|(k, _)| k != name);
        if let Some(v) = value {
            fields.push((name.to_string(), v.to_string()));
        }
    }
    let resp = server.send(dossier_post(&fields).cookie(&cookie)).await;
    resp.status
}

async fn staff_file(server: &StaffServer, cookie: &str, pupil: &Pupil) -> serde_json::Value {
    let id = server.id_of(pupil);
    let resp = server
        .send(Req::get(&format!("/api/personnel/eleve?id={id}")).cookie(cookie))
        .await;
    assert_eq!(resp.status, 200, "{}", resp.text());
    resp.json()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signer_who_is_no_guardian_is_flagged_to_the_staff() {
    let server = StaffServer::start(None).await;
    let staff = server.staff_login(JEAN_MOULIN).await;

    // The grandmother signs for Lou: « Une autre personne », named.
    let status = family_submits(
        &server,
        &LOU,
        &[
            ("signature.signataire", Some("autre")),
            ("signature.nom", Some("Jeanne Martin")),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let file = staff_file(&server, &staff, &LOU).await;
    assert_eq!(
        file["signataire"],
        serde_json::json!({ "nom": "Jeanne Martin", "responsable": null }),
        "{file}"
    );

    // Sam's file is signed by a second guardian typed by the family, at the first one's
    // address (the box ticked, the address fields left empty: no JavaScript).
    let status = family_submits(
        &server,
        &SAM,
        &[
            ("mef", Some("10210001110")),
            ("option.lv2", None),
            ("eleve.prenom", Some("Sam")),
            ("eleve.nom", Some("Bernard")),
            ("signature.nom", None),
            ("signature.signataire", Some("resp2")),
            ("resp2.lien", Some("20")),
            ("resp2.civilite", Some("M.")),
            ("resp2.nom", Some("Bernard")),
            ("resp2.prenom", Some("Marc")),
            ("resp2.tel_portable", Some("06 98 76 54 32")),
            ("resp2.meme_adresse", Some("oui")),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let file = staff_file(&server, &staff, &SAM).await;
    assert_eq!(
        file["signataire"],
        serde_json::json!({ "nom": "Marc Bernard", "responsable": 2 }),
        "{file}"
    );
    let stored: String = server
        .conn()
        .query_row(
            "SELECT valeurs FROM soumissions WHERE eleve_id = ?1",
            [server.id_of(&SAM)],
            |r| r.get(0),
        )
        .unwrap();
    let stored: serde_json::Value = serde_json::from_str(&stored).unwrap();
    for key in ["adresse", "code_postal", "commune", "pays"] {
        assert_eq!(stored[format!("resp2.{key}")], stored[format!("resp1.{key}")], "{key}");
    }
    assert_eq!(stored["resp2.adresse"], "4 rue des Lilas");

    // A second guardian chosen as signer in a file that has none: refused, nothing stored.
    let resp = server.send(Req::login(LOU.uai, LOU.code, LOU.date)).await;
    let cookie = resp.session_cookie().unwrap();
    let mut fields = complete_values();
    fields.retain(|(k, _)| k != "signature.nom");
    fields.push(("signature.signataire".into(), "resp2".into()));
    let resp = server.send(dossier_post(&fields).cookie(&cookie)).await;
    assert_eq!(resp.status, 422, "{}", resp.text());
    assert!(
        resp.text().contains("Le responsable légal 2 n&#39;est pas renseigné"),
        "{}",
        resp.text()
    );
    server.stop().await;
}
