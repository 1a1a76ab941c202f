//! The return file to SIECLE, round trip: the demo school's SIECLE exports go through the
//! import into a real SQLite file, families log in and change their files through the real
//! server, the staff validates them, then downloads the return file with its session —
//! and the file holds, field by field, what the families sent, with SIECLE's codes.
//! A file SIECLE could not take is listed with its reason instead.

mod http_common;
mod staff_support;
mod stats_support;

use dossiersco_model::FormValues;
use dossiersco_worker::import::DemoLogin;
use http_common::Req;
use quick_xml::events::Event;
use serde_json::json;
use staff_support::{delivered_link, post_json, staff_cookie};
use stats_support::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// An element of the return file: its text, its children.
#[derive(Debug, Default, Clone)]
struct Node {
    name: String,
    text: String,
    children: Vec<Node>,
}

impl Node {
    fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }
    fn all(&self, name: &str) -> Vec<&Node> {
        self.children.iter().filter(|c| c.name == name).collect()
    }
    /// Text of the child at `path` (A/B/C), "" when absent.
    fn at(&self, path: &str) -> String {
        let mut node = self;
        for part in path.split('/') {
            match node.child(part) {
                Some(n) => node = n,
                None => return String::new(),
            }
        }
        node.text.clone()
    }
}

/// The file as SIECLE would read it: ISO-8859-15, declared so, well-formed.
fn parse(bytes: &[u8]) -> Node {
    let head = String::from_utf8_lossy(&bytes[..60.min(bytes.len())]).into_owned();
    assert!(head.contains("encoding=\"ISO-8859-15\""), "{head}");
    let (text, _, bad) = encoding_rs::ISO_8859_15.decode(bytes);
    assert!(!bad);
    let mut reader = quick_xml::Reader::from_str(&text);
    let mut stack = vec![Node::default()];
    loop {
        match reader.read_event().expect("XML bien formé") {
            Event::Start(e) => stack.push(Node {
                name: String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
                ..Node::default()
            }),
            Event::Empty(e) => stack.last_mut().unwrap().children.push(Node {
                name: String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
                ..Node::default()
            }),
            Event::Text(t) => stack.last_mut().unwrap().text.push_str(&t.decode().unwrap()),
            Event::GeneralRef(r) => {
                let name = r.decode().unwrap();
                let c = quick_xml::escape::resolve_predefined_entity(&name).unwrap();
                stack.last_mut().unwrap().text.push_str(c);
            }
            Event::End(_) => {
                let node = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(node);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    stack.pop().unwrap().children.remove(0)
}

/// `xmllint --schema` with SIECLE's schema (copied in siecle/tests/data).
fn validate(bytes: &[u8], dir: &Path) {
    let file = dir.join("retour-siecle.xml");
    std::fs::write(&file, bytes).unwrap();
    let xsd = Path::new(env!("CARGO_MANIFEST_DIR")).join("../siecle/tests/data/schema_Import_3.1.xsd");
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(xsd)
        .arg(&file)
        .output()
        .unwrap_or_else(|e| panic!("xmllint introuvable ({e}) : apt-get install libxml2-utils"));
    assert!(
        out.status.success(),
        "le fichier servi ne respecte pas le schéma de SIECLE : {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The family saves its changes as a draft, then submits the whole file (the rest completed
/// the way a family does); returns what it sent.
async fn family_changes(server: &Server, world: &World, family: &DemoLogin, changes: &[(&str, &str)]) {
    let cookie = server.login(family).await;
    let dossier = server.send(Req::get("/api/dossier").cookie(&cookie)).await.json();
    let mut values: FormValues = serde_json::from_value(dossier["valeurs"].clone()).unwrap();
    for (k, v) in changes {
        values.insert(k.to_string(), v.to_string());
    }
    let resp = server
        .send(
            Req::new("PUT", "/api/dossier/brouillon")
                .cookie(&cookie)
                .header("Content-Type", "application/json")
                .body(json!({ "valeurs": values }).to_string()),
        )
        .await;
    assert_eq!(resp.status, 200, "{}", resp.text());
    server.submit(&world.site, &cookie).await;
}

/// The last submission of the pupil: what the staff validates.
fn submitted(world: &World, family: &DemoLogin) -> BTreeMap<String, String> {
    let json: String = world
        .conn()
        .query_row(
            "SELECT s.valeurs FROM soumissions s JOIN eleves e ON e.id = s.eleve_id
             WHERE e.uai = ?1 AND e.eleve_id_siecle = ?2 ORDER BY s.id DESC LIMIT 1",
            [&family.uai, &family.eleve_id_siecle],
            |r| r.get(0),
        )
        .unwrap();
    serde_json::from_str(&json).unwrap()
}

fn pupil_id(world: &World, family: &DemoLogin) -> i64 {
    world
        .conn()
        .query_row(
            "SELECT id FROM eleves WHERE uai = ?1 AND eleve_id_siecle = ?2",
            [&family.uai, &family.eleve_id_siecle],
            |r| r.get(0),
        )
        .unwrap()
}

/// Logs in as the school's staff through the emailed link; returns the staff cookie.
async fn staff_login(server: &Server, world: &World, uai: &str) -> String {
    let courriel = format!("direction.{uai}@example.fr");
    let resp = server
        .send(Req::form(
            "/personnel/connexion",
            &[("uai", uai), ("courriel", &courriel)],
        ))
        .await;
    assert_eq!(resp.status, 303, "{}", resp.text());
    let message_id: String = world
        .conn()
        .query_row(
            "SELECT message_id FROM outbox WHERE genre = 'lien_personnel' AND destinataires = ?1
             ORDER BY id DESC LIMIT 1",
            [serde_json::to_string(&[&courriel]).unwrap()],
            |r| r.get(0),
        )
        .unwrap();
    let wanted = message_id.trim_matches(|c| c == '<' || c == '>').to_string();
    let inbox = world.db.parent().unwrap().join("mail");
    let mut token = None;
    for _ in 0..400 {
        token = delivered_link(&inbox, &wanted);
        if token.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    let token = token.expect("the login link arrived");
    let resp = server.send(Req::form("/personnel/lien", &[("jeton", &token)])).await;
    assert_eq!(resp.status, 303, "{}", resp.text());
    staff_cookie(&resp).expect("a staff cookie")
}

fn family(world: &World, eleve_id: &str) -> DemoLogin {
    world
        .logins
        .iter()
        .find(|l| l.eleve_id_siecle == eleve_id)
        .cloned()
        .unwrap_or_else(|| panic!("demo pupil {eleve_id}"))
}

/// The ELEVE of the file with this INE, and its LEGAL guardians' PERSONNE.
fn eleve<'a>(file: &'a Node, ine: &str) -> (&'a Node, Vec<&'a Node>) {
    let donnees = file.child("DONNEES").unwrap();
    let e = donnees
        .child("ELEVES")
        .unwrap()
        .all("ELEVE")
        .into_iter()
        .find(|e| e.at("ID_NATIONAL") == ine)
        .unwrap_or_else(|| panic!("l'élève {ine} manque au fichier"));
    let personnes = donnees.child("PERSONNES").unwrap().all("PERSONNE");
    let legal = e
        .child("RESPONSABLES_ELEVE")
        .unwrap()
        .all("LEGAL")
        .into_iter()
        .map(|l| {
            let id = l.at("ID_PRV_PER");
            *personnes
                .iter()
                .find(|p| p.at("ID_PRV_PER") == id)
                .expect("LEGAL names a PERSONNE")
        })
        .collect();
    (e, legal)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn le_fichier_de_retour_siecle_reprend_ce_que_les_familles_ont_transmis() {
    let world = World::new();
    let server = world.start().await;
    // Léa (6e → 5e, born in Lyon, demi-pensionnaire in SIECLE: CODE_REGIME 24).
    let lea = family(&world, "700101");
    family_changes(
        &server,
        &world,
        &lea,
        &[
            ("option.lv2", "ALL"),
            ("option.LATIN", "oui"),
            ("demi_pension", "externe"),
            ("resp1.adresse", "5 rue de la République"),
            ("resp1.adresse2", ""),
            ("resp1.code_postal", "69003"),
            ("resp1.commune", "Lyon"),
            ("resp1.pays", "France"),
            ("resp1.tel_portable", "07 11 22 33 44"),
            ("resp1.tel_domicile", ""),
            ("resp1.email", "lea.parent@example.fr"),
        ],
    )
    .await;
    // Noé keeps the demi-pension and his Spanish.
    let noe = family(&world, "700102");
    family_changes(
        &server,
        &world,
        &noe,
        // His second guardian's address was not in the export: the family types it.
        &[
            ("demi_pension", "demi_pensionnaire"),
            ("option.lv2", "ESP"),
            ("resp2.adresse", "14 quai Saint-Antoine"),
            ("resp2.code_postal", "69002"),
            ("resp2.commune", "Lyon"),
            ("resp2.pays", "France"),
        ],
    )
    .await;
    // Chloé's family writes another birthplace: SIECLE's INSEE code no longer holds.
    let chloe = family(&world, "700103");
    family_changes(&server, &world, &chloe, &[("eleve.ville_naissance", "Villeurbanne")]).await;

    let staff = staff_login(&server, &world, MOULIN).await;
    // Nothing validated yet: no file, and the office is told why.
    let resp = server
        .send(Req::get("/personnel/export-siecle.xml").cookie(&staff))
        .await;
    assert_eq!(resp.status, 409, "{}", resp.text());
    assert!(resp.text().contains("Aucun dossier validé"), "{}", resp.text());

    let ids: Vec<i64> = [&lea, &noe, &chloe].iter().map(|f| pupil_id(&world, f)).collect();
    let resp = server
        .send(post_json("/api/personnel/valider", json!({ "ids": ids })).cookie(&staff))
        .await;
    assert_eq!(resp.status, 200, "{}", resp.text());
    assert_eq!(resp.json()["valides"], 3, "{}", resp.text());

    let resp = server
        .send(Req::get("/personnel/export-siecle.xml").cookie(&staff))
        .await;
    assert_eq!(resp.status, 200, "{}", resp.text());
    assert_eq!(
        resp.header("content-type"),
        Some("application/xml; charset=ISO-8859-15")
    );
    assert_eq!(
        resp.header("content-disposition"),
        Some("attachment; filename=\"retour-siecle-0699901M.xml\"")
    );
    validate(&resp.body, world.dir.path());
    let file = parse(&resp.body);
    assert_eq!(file.name, "IMPORT_ELEVES");
    assert_eq!(file.at("PARAMETRES/UAJ"), MOULIN);
    assert_eq!(file.at("PARAMETRES/LOGICIEL"), "DOSSIERSCO");
    let summary = server
        .send(Req::get("/api/personnel/export-siecle").cookie(&staff))
        .await
        .json();
    let eleves = file.child("DONNEES").unwrap().child("ELEVES").unwrap().all("ELEVE");
    assert_eq!(eleves.len(), 2, "Léa and Noé; Chloé is refused: {summary}");

    // Léa, field by field against what her family submitted.
    let sent = submitted(&world, &lea);
    let (e, legal) = eleve(&file, "081234561AB");
    assert_eq!(e.at("NOM_DE_FAMILLE"), sent["eleve.nom"]);
    assert_eq!(e.at("PRENOM"), sent["eleve.prenom"]);
    assert_eq!(e.at("PRENOM"), "Léa");
    assert_eq!(e.at("DATE_NAISS"), sent["eleve.date_naissance"]);
    assert_eq!(e.at("CODE_SEXE"), "2");
    assert_eq!(e.at("CODE_PAYS"), "100");
    assert_eq!(e.at("CODE_PAYS_NAT"), "100");
    assert_eq!(e.at("CODE_COMMUNE_INSEE_NAISS"), "69123", "Lyon, from the export");
    assert_eq!(e.at("SCOLARITE_ACTIVE/CODE_MEF"), "10110001110", "5e next year");
    assert_eq!(e.at("ETABLISSEMENT_AN_DERNIER/CODE_MEF"), "10010012110", "6e this year");
    assert_eq!(e.at("ETABLISSEMENT_AN_DERNIER/CODE_DIVISION"), "6A");
    assert_eq!(e.at("ETABLISSEMENT_AN_DERNIER/CODE_RNE"), MOULIN);
    assert_eq!(e.at("DOUBLEMENT"), "false");
    assert_eq!(sent["demi_pension"], "externe");
    assert_eq!(
        e.at("CODE_REGIME"),
        "0",
        "externe: SIECLE's 24 (demi-pension) no longer holds"
    );
    let options: Vec<(String, String)> = e
        .child("SCOLARITE_ACTIVE")
        .unwrap()
        .child("OPTIONS")
        .unwrap()
        .all("OPTION")
        .iter()
        .map(|o| (o.at("CODE_MATIERE"), o.at("CODE_MODALITE_ELECT")))
        .collect();
    assert_eq!(
        (sent["option.lv2"].as_str(), sent["option.LATIN"].as_str()),
        ("ALL", "oui")
    );
    assert_eq!(
        options,
        [
            ("030102".to_string(), "O".to_string()),
            ("020300".to_string(), "F".to_string())
        ],
        "German (ALL2 = 030102 in the Nomenclature) then latin (LCALA = 020300), as the content lists them"
    );
    assert!(!legal.is_empty());
    let r1 = legal[0];
    assert_eq!(r1.at("NOM_DE_FAMILLE"), sent["resp1.nom"]);
    assert_eq!(r1.at("PRENOM"), sent["resp1.prenom"]);
    assert_eq!(
        r1.at("CODE_CIVILITE"),
        if sent["resp1.civilite"] == "M." { "1" } else { "2" }
    );
    assert_eq!(r1.at("ADRESSE/LIGNE1_ADRESSE"), "5 rue de la République");
    assert_eq!(r1.at("ADRESSE/LIGNE2_ADRESSE"), "");
    assert_eq!(r1.at("ADRESSE/CODE_POSTAL"), "69003");
    assert_eq!(r1.at("ADRESSE/LL_POSTAL"), "LYON");
    assert_eq!(r1.at("ADRESSE/CODE_PAYS"), "100");
    assert_eq!(r1.at("TEL_PORTABLE"), "0711223344");
    assert_eq!(r1.at("TEL_PERSONNEL"), "", "the family removed the home phone");
    let travail: String = sent
        .get("resp1.tel_travail")
        .map(|t| t.chars().filter(|c| !c.is_whitespace()).collect())
        .unwrap_or_default();
    assert_eq!(r1.at("TEL_PROFESSIONNEL"), travail);
    assert_eq!(r1.at("EMAIL"), "lea.parent@example.fr");
    let lien = e.child("RESPONSABLES_ELEVE").unwrap().all("LEGAL")[0];
    assert_eq!(lien.at("CODE_PARENTE"), sent["resp1.lien"]);
    assert_eq!(lien.at("HEBERGE_ELEVE"), "true");
    assert_eq!(
        lien.at("PAIE_FRAIS_SCOLAIRES"),
        if sent.get("resp1.paie_frais").map(String::as_str) == Some("oui") {
            "true"
        } else {
            "false"
        }
    );

    // Noé: still a demi-pensionnaire, so SIECLE's own code (24) is kept; Spanish (030602).
    let (e, _) = eleve(&file, "081234562AC");
    assert_eq!(e.at("CODE_REGIME"), "24");
    assert_eq!(
        e.at("CODE_COMMUNE_INSEE_NAISS"),
        "69266",
        "Villeurbanne, from the export"
    );
    assert_eq!(e.at("SCOLARITE_ACTIVE/OPTIONS/OPTION/CODE_MATIERE"), "030602");

    // The office's list: Chloé, with the reason.
    assert_eq!(summary["valides"], 3);
    assert_eq!(summary["exportables"], 2);
    let refuses = summary["refuses"].as_array().unwrap();
    assert_eq!(refuses.len(), 1, "{summary}");
    assert_eq!(refuses[0]["id"], ids[2]);
    assert_eq!(refuses[0]["eleve"], "DUBOIS Chloé");
    assert_eq!(refuses[0]["classe"], "6B");
    let raison = refuses[0]["raison"].as_str().unwrap();
    assert!(
        raison.contains("commune de naissance « Villeurbanne » : code INSEE inconnu"),
        "{raison}"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn un_dossier_sans_niveau_de_destination_est_refuse_avec_sa_raison() {
    let world = World::new();
    let server = world.start().await;
    let lea = family(&world, "700101");
    family_changes(&server, &world, &lea, &[]).await;
    let staff = staff_login(&server, &world, MOULIN).await;
    let id = pupil_id(&world, &lea);
    let resp = server
        .send(post_json("/api/personnel/valider", json!({ "ids": [id] })).cookie(&staff))
        .await;
    assert_eq!(resp.json()["valides"], 1, "{}", resp.text());
    // Her level's passage lost its destination after validation (a content edited mid-campaign,
    // a database restored from elsewhere): nothing says which MEF SIECLE should get.
    world
        .conn()
        .execute("UPDATE eleves SET mef_destination = NULL WHERE id = ?1", [id])
        .unwrap();
    let summary = server
        .send(Req::get("/api/personnel/export-siecle").cookie(&staff))
        .await
        .json();
    assert_eq!(summary["exportables"], 0, "{summary}");
    assert_eq!(
        summary["refuses"],
        json!([{
            "id": id,
            "eleve": "MARTIN Léa",
            "classe": "6A",
            "raison": "pas de niveau pour l'an prochain (MEF de destination manquant)"
        }])
    );
    // No pupil left: no file (SIECLE's schema wants one), a message instead of an empty file.
    let resp = server
        .send(Req::get("/personnel/export-siecle.xml").cookie(&staff))
        .await;
    assert_eq!(resp.status, 409);
    assert!(resp.text().contains("Aucun des 1 dossiers validés"), "{}", resp.text());
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn le_fichier_de_retour_n_est_servi_qu_au_personnel_de_l_etablissement() {
    let world = World::new();
    let server = world.start().await;
    let lea = family(&world, "700101");
    family_changes(&server, &world, &lea, &[]).await;
    let staff = staff_login(&server, &world, MOULIN).await;
    let id = pupil_id(&world, &lea);
    server
        .send(post_json("/api/personnel/valider", json!({ "ids": [id] })).cookie(&staff))
        .await;
    // Without a staff session: nothing, whatever the school asked for.
    for path in ["/personnel/export-siecle.xml", "/api/personnel/export-siecle"] {
        for req in [
            Req::get(path),
            Req::get(&format!("{path}?uai={MOULIN}")),
            Req::get(path).cookie(&server.login(&lea).await),
        ] {
            let resp = server.send(req).await;
            assert_eq!(resp.status, 401, "{path}: {}", resp.text());
            assert!(!resp.text().contains("MARTIN"), "{path}: {}", resp.text());
        }
    }
    // Another school's staff, even naming this school: its own (empty) file only.
    let other = staff_login(&server, &world, TILLEULS).await;
    let resp = server
        .send(Req::get(&format!("/api/personnel/export-siecle?uai={MOULIN}")).cookie(&other))
        .await;
    assert_eq!(resp.json(), json!({"valides": 0, "exportables": 0, "refuses": []}));
    let resp = server
        .send(Req::get("/personnel/export-siecle.xml").cookie(&other))
        .await;
    assert_eq!(resp.status, 409);
    assert!(!resp.text().contains("MARTIN"));
    // And this school's staff gets Léa.
    let resp = server
        .send(Req::get("/personnel/export-siecle.xml").cookie(&staff))
        .await;
    assert_eq!(resp.status, 200);
    assert_eq!(
        parse(&resp.body)
            .child("DONNEES")
            .unwrap()
            .child("ELEVES")
            .unwrap()
            .all("ELEVE")
            .len(),
        1
    );
    server.stop().await;
}
