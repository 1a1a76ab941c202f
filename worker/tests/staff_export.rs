//! Exports opened back: the CSV parsed as French Excel reads it (BOM, `;`), the XLSX read with
//! calamine; one row per pupil, and the address changes.

mod http_common;
mod staff_support;

use calamine::{Data, Reader, Xlsx};
use http_common::*;
use staff_support::*;

/// `;`-separated CSV with `"` quoting (what a spreadsheet does with the file).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let (mut row, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ';') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

fn column(rows: &[Vec<String>], name: &str) -> usize {
    rows[0]
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("colonne « {name} » absente : {:?}", rows[0]))
}

/// Lou moved: the import knew another address; she also has a second guardian with a `;`
/// and a leading `=` in a name (quoting and formula guard).
async fn world() -> (StaffServer, String) {
    let server = StaffServer::start(None).await;
    for (k, v) in [
        ("resp1.adresse", "1 rue Ancienne"),
        ("resp1.code_postal", "69001"),
        ("resp1.commune", "Lyon"),
        ("resp1.pays", "France"),
    ] {
        server.set_prefill(&LOU, k, v);
    }
    let mut file = lou_file();
    for (k, v) in [
        ("resp2.nom", "Martin; dit \"Jo\""),
        ("resp2.prenom", "=Jo"),
        ("resp2.tel_portable", "+41 22 123 45 67"),
        ("option.LATIN", "oui"),
    ] {
        file.insert(k.into(), v.into());
    }
    server.submit(&LOU, &file);
    server
        .conn()
        .execute("UPDATE eleves SET ine = '071234567AB' WHERE prenom = 'Lou'", [])
        .unwrap();
    let cookie = server.staff_login(JEAN_MOULIN).await;
    (server, cookie)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_csv_export_opens_in_french_excel_with_one_row_per_pupil() {
    let (server, cookie) = world().await;
    let resp = server.send(Req::get("/personnel/export.csv").cookie(&cookie)).await;
    assert_eq!(resp.status, 200);
    assert_eq!(resp.header("content-type"), Some("text/csv; charset=utf-8"));
    assert!(resp
        .header("content-disposition")
        .unwrap()
        .contains("reinscriptions-0699901M.csv"));
    assert!(resp.body.starts_with("\u{feff}".as_bytes()), "UTF-8 BOM");
    let text = resp.text();
    assert!(text.contains("\r\n"));
    let rows = parse_csv(text.trim_start_matches('\u{feff}'));
    assert_eq!(rows.len(), 4, "header + 3 pupils of the school: {rows:?}");
    assert!(
        rows.iter().all(|r| r.len() == rows[0].len()),
        "same number of columns on every row"
    );
    let lou = rows.iter().find(|r| r.contains(&"Lou".to_string())).unwrap();
    let get = |name: &str| lou[column(&rows, name)].as_str();
    assert_eq!(get("INE"), "071234567AB");
    assert_eq!(get("Nom"), "Martin");
    assert_eq!(get("Date de naissance"), "14/03/2015");
    assert_eq!(get("Classe"), "6A");
    assert_eq!(get("Niveau l'an prochain"), "5e");
    assert_eq!(get("État du dossier"), "Transmis");
    assert_eq!(
        get("Options choisies"),
        "Espagnol, Latin (langues et cultures de l'Antiquité)"
    );
    assert_eq!(get("Régime de sortie"), "Sortie libre");
    assert_eq!(get("Demi-pension"), "Demi-pensionnaire");
    assert_eq!(get("Responsable 1 : lien"), "Mère");
    assert_eq!(get("Responsable 1 : courriel"), "claire.martin@example.fr");
    assert_eq!(get("Responsable 1 : adresse"), "4 rue des Lilas");
    assert_eq!(get("Responsable 1 : tél. portable"), "06 12 34 56 78");
    assert_eq!(get("Responsable 2 : nom"), "Martin; dit \"Jo\"");
    assert_eq!(get("Responsable 2 : prénom"), "'=Jo", "never read as a formula");
    assert_eq!(get("Responsable 2 : tél. portable"), "'+41 22 123 45 67");
    let alix = rows.iter().find(|r| r.contains(&"Alix".to_string())).unwrap();
    assert_eq!(alix[column(&rows, "État du dossier")], "Sortant");
    assert_eq!(alix[column(&rows, "Niveau l'an prochain")], "");

    let resp = server
        .send(Req::get("/personnel/export.csv?liste=adresses").cookie(&cookie))
        .await;
    assert!(resp
        .header("content-disposition")
        .unwrap()
        .contains("changements-adresse-0699901M.csv"));
    let rows = parse_csv(resp.text().trim_start_matches('\u{feff}'));
    assert_eq!(rows.len(), 2, "guardian 1 moved; guardian 2 gave no address: {rows:?}");
    let first = &rows[1];
    assert_eq!(first[column(&rows, "Responsable")], "1");
    assert_eq!(
        first[column(&rows, "Adresse connue (import)")],
        "1 rue Ancienne, 69001, Lyon, France"
    );
    assert_eq!(
        first[column(&rows, "Nouvelle adresse")],
        "4 rue des Lilas, 69003, Lyon, France"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_xlsx_export_reads_back_with_both_sheets() {
    let (server, cookie) = world().await;
    let resp = server.send(Req::get("/personnel/export.xlsx").cookie(&cookie)).await;
    assert_eq!(resp.status, 200);
    assert_eq!(
        resp.header("content-type"),
        Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    );
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(resp.body.clone())).unwrap();
    assert_eq!(
        book.sheet_names(),
        vec!["Élèves".to_string(), "Changements d'adresse".to_string()]
    );
    let pupils = book.worksheet_range("Élèves").unwrap();
    let rows: Vec<&[Data]> = pupils.rows().collect();
    assert_eq!(rows.len(), 4);
    let header: Vec<String> = rows[0].iter().map(|d| d.to_string()).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let lou = rows
        .iter()
        .find(|r| r[col("Prénom")] == Data::String("Lou".into()))
        .unwrap();
    assert_eq!(lou[col("Nom")], Data::String("Martin".into()));
    assert_eq!(
        lou[col("Responsable 2 : prénom")],
        Data::String("=Jo".into()),
        "a string cell, not a formula"
    );
    assert_eq!(lou[col("Demi-pension")], Data::String("Demi-pensionnaire".into()));
    // The birth date is a real date cell: Excel's serial day number of 14 March 2015.
    let Data::DateTime(born) = &lou[col("Date de naissance")] else {
        panic!("date cell expected, got {:?}", lou[col("Date de naissance")]);
    };
    let serial = (time::macros::date!(2015 - 03 - 14) - time::macros::date!(1899 - 12 - 30)).whole_days();
    assert_eq!(born.as_f64(), serial as f64);
    let changes = book.worksheet_range("Changements d'adresse").unwrap();
    assert_eq!(changes.rows().count(), 2);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_file_shows_what_the_family_changed_against_the_import() {
    let (server, cookie) = world().await;
    let lou = server.id_of(&LOU);
    let file = server
        .send(Req::get(&format!("/api/personnel/eleve?id={lou}")).cookie(&cookie))
        .await
        .json();
    assert_eq!(file["etat"], "transmis");
    assert_eq!(file["ine"], "071234567AB");
    assert_eq!(file["drapeaux"]["adresse_modifiee"], true);
    assert_eq!(file["drapeaux"]["demi_pension"], true);
    assert_eq!(file["pieces"], serde_json::json!([]), "no file uploaded");
    let changes = file["changements"].as_array().unwrap();
    let address = changes
        .iter()
        .find(|c| c["champ"] == "resp1.adresse")
        .expect("the new address is a change");
    assert_eq!(address["libelle"], "Responsable légal 1 — Adresse");
    assert_eq!(address["import"], "1 rue Ancienne");
    assert_eq!(address["famille"], "4 rue des Lilas");
    let lien = changes.iter().find(|c| c["champ"] == "resp1.lien").unwrap();
    assert_eq!(
        (lien["import"].as_str(), lien["famille"].as_str()),
        (Some(""), Some("Mère")),
        "choices by label"
    );
    assert!(
        changes
            .iter()
            .all(|c| !c["champ"].as_str().unwrap().starts_with("option.")),
        "next year's choices are not changes: {changes:?}"
    );
    // The whole file, section by section; dates as jj/mm/aaaa.
    let sections = file["sections"].as_array().unwrap();
    let field = |name: &str| {
        sections
            .iter()
            .flat_map(|s| s["champs"].as_array().unwrap())
            .find(|c| c["champ"] == name)
            .unwrap_or_else(|| panic!("{name} absent"))
            .clone()
    };
    assert_eq!(field("eleve.date_naissance")["valeur"], "14/03/2015");
    assert_eq!(field("option.lv2")["valeur"], "Espagnol");
    assert_eq!(field("option.lv2")["modifie"], false);
    assert_eq!(field("resp1.adresse")["modifie"], true);
    server.stop().await;
}

/// The pupils' columns of Jean Moulin, in order: what README's « Exports » table documents.
fn expected_headers() -> Vec<String> {
    let mut h: Vec<String> = [
        "INE",
        "Nom",
        "Prénom",
        "Date de naissance",
        "Autres prénoms",
        "Sexe",
        "Commune de naissance",
        "Pays de naissance",
        "Nationalité",
        "Classe",
        "Niveau l'an prochain",
        "État du dossier",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for n in [1, 2] {
        for c in [
            "lien",
            "civilité",
            "nom",
            "prénom",
            "tél. portable",
            "tél. domicile",
            "tél. travail",
            "courriel",
            "adresse",
            "complément",
            "code postal",
            "commune",
            "pays",
            "paie les frais",
        ] {
            h.push(format!("Responsable {n} : {c}"));
        }
    }
    h.extend(
        [
            "Urgence : nom",
            "Urgence : lien",
            "Urgence : téléphone",
            "Options choisies",
            "Option lv2",
            "Option LATIN",
            "Option SECTION_EURO",
            "Demi-pension",
            "Numéro CAF",
            "Régime de sortie",
            "Consentement photo_classe",
            "Consentement droit_image",
            "Pièce attestation_assurance",
            "Signataire",
            "Transmis le",
            "Dernière modification",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    h
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_form_field_has_its_stable_column_filled_from_a_real_submission() {
    let server = StaffServer::start(None).await;
    // Lou's family logs in and sends the form through the real route, as a browser does.
    let family = server
        .send(Req::login(JEAN_MOULIN, LOU.code, LOU.date))
        .await
        .session_cookie()
        .expect("the family logs in");
    let mut values = complete_values();
    for (k, v) in [
        ("option.LATIN", "oui"),
        ("numero_caf", "1234567"),
        ("eleve.prenom2", "Anne, Marie"),
        ("resp1.paie_frais", "oui"),
        ("document.attestation_assurance.secretariat", "oui"),
    ] {
        values.push((k.into(), v.into()));
    }
    let resp = server.send(dossier_post(&values).cookie(&family)).await;
    assert_eq!(resp.status, 303, "{}", resp.text());
    let cookie = server.staff_login(JEAN_MOULIN).await;

    let resp = server.send(Req::get("/personnel/export.csv").cookie(&cookie)).await;
    let rows = parse_csv(resp.text().trim_start_matches('\u{feff}'));
    assert_eq!(rows[0], expected_headers(), "the CSV's columns");
    let lou = rows.iter().find(|r| r.contains(&"Lou".to_string())).unwrap();
    let get = |name: &str| lou[column(&rows, name)].as_str();
    for (name, value) in [
        ("Autres prénoms", "Anne, Marie"),
        ("Sexe", "Fille"),
        ("Commune de naissance", "Lyon"),
        ("Nationalité", "Française"),
        ("État du dossier", "Transmis"),
        ("Responsable 1 : civilité", "Mme"),
        ("Responsable 1 : paie les frais", "Oui"),
        ("Responsable 1 : code postal", "69003"),
        ("Responsable 2 : paie les frais", "Non"),
        ("Urgence : nom", "Jeanne Martin"),
        ("Urgence : lien", "Grand-mère"),
        ("Urgence : téléphone", "04 78 12 34 56"),
        ("Option lv2", "Espagnol"),
        ("Option LATIN", "Oui"),
        ("Option SECTION_EURO", ""),
        ("Demi-pension", "Demi-pensionnaire"),
        ("Numéro CAF", "1234567"),
        ("Régime de sortie", "Sortie libre"),
        ("Consentement photo_classe", "Oui"),
        ("Consentement droit_image", "Non"),
        ("Pièce attestation_assurance", "à apporter au secrétariat"),
        ("Signataire", "Claire Martin"),
    ] {
        assert_eq!(get(name), value, "column « {name} »");
    }
    // A pupil whose family has not answered: its choices are empty, not « Non ».
    let sam = rows.iter().find(|r| r.contains(&"Sam".to_string())).unwrap();
    for name in [
        "Option LATIN",
        "Consentement photo_classe",
        "Pièce attestation_assurance",
        "Signataire",
    ] {
        assert_eq!(sam[column(&rows, name)], "", "Sam's « {name} »");
    }

    // The office receives the document by hand: the column says so.
    let id = server.id_of(&LOU);
    let r = server
        .send(
            post_json(
                "/api/personnel/piece-recue",
                serde_json::json!({ "id": id, "document": "attestation_assurance", "recue": true }),
            )
            .cookie(&cookie),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    // The XLSX holds the same columns and values, and keeps its address-changes sheet.
    let resp = server.send(Req::get("/personnel/export.xlsx").cookie(&cookie)).await;
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(resp.body.clone())).unwrap();
    assert_eq!(book.sheet_names(), ["Élèves", "Changements d'adresse"]);
    let sheet = book.worksheet_range("Élèves").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|d| d.to_string()).collect())
        .collect();
    assert_eq!(rows[0], expected_headers(), "the XLSX's columns");
    let lou = rows.iter().find(|r| r.contains(&"Lou".to_string())).unwrap();
    assert_eq!(
        lou[column(&rows, "Pièce attestation_assurance")],
        "reçue au secrétariat"
    );
    assert_eq!(lou[column(&rows, "Option lv2")], "Espagnol");
    server.stop().await;
}
