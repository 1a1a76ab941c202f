//! The one-click page as a family uses it: « Modifier » keeps what was typed (no JavaScript:
//! a button of the page's form that saves the draft, then opens that step of the full form),
//! a reload keeps it, a conditional field is marked when it applies, and a mandatory
//! document is attached right there (multipart, as a browser without JavaScript posts it).

mod oneclick_support;

use oneclick_support::*;

const SIMONE_VEIL: &str = "0339903K";

/// A demo pupil of `uai` who stays next year (has a form).
fn staying(server: &DemoServer, uai: &str) -> dossiersco_worker::import::DemoLogin {
    let db = server.db();
    server
        .logins
        .iter()
        .find(|l| {
            l.uai == uai
                && db
                    .query_row(
                        "SELECT mef_destination IS NOT NULL FROM eleves WHERE uai = ?1 AND eleve_id_siecle = ?2",
                        [uai, l.eleve_id_siecle.as_str()],
                        |r| r.get::<_, bool>(0),
                    )
                    .unwrap_or(false)
        })
        .expect("a pupil with a form")
        .clone()
}

/// The draft's values of a pupil, by school and first name.
fn draft(server: &DemoServer, uai: &str, prenom: &str) -> Option<serde_json::Value> {
    server
        .db()
        .query_row(
            "SELECT b.valeurs FROM brouillons b JOIN eleves e ON e.id = b.eleve_id WHERE e.uai = ?1 AND e.prenom = ?2",
            [uai, prenom],
            |r| r.get::<_, String>(0),
        )
        .ok()
        .map(|v| serde_json::from_str(&v).unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn modifier_without_javascript_keeps_the_answers_typed_on_the_page_and_opens_that_step() {
    let server = DemoServer::start().await;
    let lea = server.pupil("Léa").clone();
    let cookie = server.login(&lea).await;
    let page = server.summary(&cookie).await;
    assert!(draft(&server, JEAN_MOULIN, "Léa").is_none());

    // Léa's family answers two questions, then wants to change the first guardian's phone.
    let resp = server
        .send(
            one_click_post(
                &page,
                &[
                    ("regime_sortie", "emploi_du_temps"),
                    ("option.lv2", "ITA"),
                    ("modifier", "resp1"),
                ],
            )
            .cookie(&cookie),
        )
        .await;
    assert_eq!(resp.status, 303, "{}", resp.text());
    assert_eq!(resp.location(), "/dossier#etape-resp1");
    let saved = draft(&server, JEAN_MOULIN, "Léa").expect("the answers are saved as the draft");
    assert_eq!(saved["regime_sortie"], "emploi_du_temps");
    assert_eq!(saved["option.lv2"], "ITA");
    // The draft is the whole file: what the school holds is in it too, nothing was submitted.
    assert_eq!(saved["resp1.adresse"], server.prefill("Léa")["resp1.adresse"]);
    assert!(saved.get("signature.accord").is_none());
    assert_eq!(server.file("Léa"), ("brouillon".to_string(), None));

    // The full form opens with them.
    let form = server.send(Req::get("/dossier").cookie(&cookie)).await.text();
    assert!(
        form.contains("value=\"emploi_du_temps\" checked"),
        "régime de sortie kept in the full form"
    );
    assert!(form.contains("value=\"ITA\" checked"), "LV2 kept in the full form");

    // Back on the one-click page (a reload): still asked, with the answers.
    let again = server.summary(&cookie).await;
    let questions = asked(&again);
    assert!(questions.contains(&"regime_sortie".to_string()), "{questions:?}");
    assert!(again.contains("value=\"emploi_du_temps\" checked"));
    assert!(again.contains("value=\"ITA\" checked"));

    // A step that is not one of the form's goes nowhere but the form (no header injection).
    let resp = server
        .send(one_click_post(&again, &[("modifier", "x\r\nSet-Cookie: a=b")]).cookie(&cookie))
        .await;
    assert_eq!((resp.status, resp.location()), (303, "/dossier"));
    assert!(resp.header("set-cookie").is_none());
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_caf_number_is_marked_required_exactly_when_demi_pension_is_chosen() {
    let server = DemoServer::start().await;
    let pupil = staying(&server, SIMONE_VEIL);
    let cookie = server.login(&pupil).await;
    let caf_label = |page: &str| {
        let at = page.find("<label for=\"numero_caf\">").expect("CAF field");
        page[at..at + page[at..].find("</label>").unwrap()].to_string()
    };
    let caf_input = |page: &str| {
        let at = page.find("id=\"numero_caf\"").expect("CAF input");
        page[at..at + page[at..].find('>').unwrap()].to_string()
    };
    for (choice, required) in [("demi_pensionnaire", true), ("externe", false)] {
        let resp = server
            .send(
                Req::new("PUT", "/api/dossier/brouillon")
                    .header("Content-Type", "application/json")
                    .cookie(&cookie)
                    .body(serde_json::json!({ "valeurs": { "demi_pension": choice } }).to_string()),
            )
            .await;
        assert_eq!(resp.status, 200, "{}", resp.text());
        let form = server.send(Req::get("/dossier").cookie(&cookie)).await.text();
        let (label, input) = (caf_label(&form), caf_input(&form));
        assert!(label.contains("data-marque"), "{label}");
        assert_eq!(!label.contains(" hidden"), required, "{choice}: mark shown? {label}");
        assert_eq!(input.contains(" required"), required, "{choice}: required? {input}");
        assert!(input.contains("data-requis-si-champ=\"demi_pension\""));
        // Without JavaScript the hint says it.
        assert!(form.contains("Obligatoire pour la demi-pension"));
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mandatory_document_is_named_and_attached_on_the_page_itself() {
    let server = DemoServer::start().await;
    let pupil = staying(&server, SIMONE_VEIL);
    let cookie = server.login(&pupil).await;
    let page = server.summary(&cookie).await;
    let form = form_of(&page, "/dossier");
    assert!(form.contains("enctype=\"multipart/form-data\""));
    assert!(
        form.contains("type=\"file\" id=\"document-justificatif_domicile\" name=\"document.justificatif_domicile\"")
    );
    assert!(form.contains("apporterai au secrétariat : Justificatif de domicile de moins de 3 mois"));
    assert!(
        form.contains("apporterai au secrétariat : Attestation d"),
        "{}",
        form.lines()
            .filter(|l| l.contains("secr"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(
        !page.contains("apporterai au secrétariat<"),
        "no box without its document's name"
    );
    assert!(page.contains("/static/pieces.js"), "progressive upload with JavaScript");

    // Without JavaScript: the files travel with the page's form.
    let mut fields = form_values(form);
    fields.insert("document.attestation_assurance.secretariat".into(), "oui".into());
    fields.insert("signature.accord".into(), "oui".into());
    for name in asked(&page) {
        // Whatever else the import lacks for this pupil, answered with the first choice.
        // (the justificatif's box stays unticked: its file comes with the post)
        if fields.get(&name).is_some_and(|v| !v.is_empty()) || name.ends_with(".secretariat") {
            continue;
        }
        let value = first_choice(form, &name).unwrap_or_else(|| match name.as_str() {
            "numero_caf" => "1234567".into(),
            _ => "06 12 34 56 78".into(),
        });
        fields.insert(name, value);
    }
    let boundary = "----unclicBoundary";
    let mut body = Vec::new();
    for (k, v) in &fields {
        body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").bytes());
    }
    body.extend(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"document.justificatif_domicile\"; filename=\"facture.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
        )
        .bytes(),
    );
    body.extend(b"%PDF-1.4\n% facture\n%%EOF\n");
    body.extend(format!("\r\n--{boundary}--\r\n").bytes());
    let resp = server
        .send(
            Req::new("POST", "/dossier")
                .header("Content-Type", &format!("multipart/form-data; boundary={boundary}"))
                .cookie(&cookie)
                .body(body),
        )
        .await;
    assert_eq!(resp.status, 303, "{}", resp.text());
    let db = server.db();
    let (document, nom, lie): (String, String, bool) = db
        .query_row(
            "SELECT p.document, p.nom_original, p.soumission_id IS NOT NULL FROM pieces p JOIN eleves e ON e.id = p.eleve_id
             WHERE e.uai = ?1 AND e.prenom = ?2",
            [SIMONE_VEIL, pupil.prenom.as_str()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (document.as_str(), nom.as_str(), lie),
        ("justificatif_domicile", "facture.pdf", true)
    );
    server.stop().await;
}

/// The first choice's value of a radio group in `form`.
fn first_choice(form: &str, name: &str) -> Option<String> {
    let key = format!(
        "type=\"radio\" id=\"{}-1\" name=\"{name}\" value=\"",
        name.replace('.', "-")
    );
    let at = form.find(&key)? + key.len();
    Some(form[at..at + form[at..].find('"')?].to_string())
}
