//! The shared SIECLE samples (copied to siecle/tests/data, since CI only has
//! the repository) parse to the expected values; broken files are refused clearly.

use std::path::{Path, PathBuf};

use time::macros::date;

use super::*;

pub(super) const SAMPLES: &[&str] = &[
    "eleves_avec_adresse_avec_double_structure.xml",
    "eleves_avec_adresse_simple.xml",
    "eleves_avec_adresse_simple_corrige.xml",
    "exemple_pour_robot_siecle.xml",
    "nomenclature_code_modalite_elec_double.xml",
    "nomenclature_simple.xml",
    "nomenclature_tout_niveau.xml",
    "responsables_avec_adresses_simple.xml",
];

pub(super) fn fixture_path(name: &str) -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data")).join(name)
}

pub(super) fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixture_path(name)).unwrap()
}

fn parse(name: &str) -> ParsedFile {
    parse_file(&fixture_path(name)).unwrap_or_else(|e| panic!("{e}"))
}

fn nomenclature(name: &str) -> Nomenclature {
    match parse(name).content {
        ExportContent::Nomenclature(n) => n,
        other => panic!("pas une nomenclature : {other:?}"),
    }
}

/// Re-encodes an ISO-8859-15 sample as UTF-8 and says so in the prolog.
pub(super) fn to_utf8(bytes: &[u8]) -> Vec<u8> {
    let (text, _) = encoding_rs::ISO_8859_15.decode_without_bom_handling(bytes);
    text.replacen("encoding=\"ISO-8859-15\"", "encoding=\"UTF-8\"", 1)
        .into_bytes()
}

fn latin9(s: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::ISO_8859_15.encode(s);
    assert!(!unmappable);
    bytes.into_owned()
}

#[test]
fn siecle_nomenclature_simple() {
    let f = parse("nomenclature_simple.xml");
    assert_eq!(f.kind(), ExportKind::Nomenclature);
    assert_eq!(f.uaj, "0140070A");
    assert_eq!(f.annee_scolaire.as_deref(), Some("2018"));
    let ExportContent::Nomenclature(n) = f.content else {
        unreachable!()
    };
    assert_eq!(
        n.mefs,
        vec![MefSiecle {
            code: "10110001110".into(),
            libelle_long: "5EME".into(),
            libelle_edition: "5ème".into(),
        }]
    );
    assert_eq!(
        n.matieres,
        vec![MatiereSiecle {
            code: "020300".into(),
            code_gestion: "LCALA".into(),
            libelle_court: "LCA LATIN".into(),
            libelle_edition: "Langues et cultures de l'Antiquité LATIN".into(),
        }]
    );
    assert_eq!(
        n.programmes,
        vec![ProgrammeSiecle {
            code_mef: "10110001110".into(),
            code_matiere: "020300".into(),
            modalite: 'F',
        }]
    );
}

#[test]
fn siecle_nomenclature_tout_niveau() {
    let n = nomenclature("nomenclature_tout_niveau.xml");
    let codes: Vec<_> = n.mefs.iter().map(|m| m.code.as_str()).collect();
    assert_eq!(codes, ["10010012110", "10110001110", "10210001110", "10310019110"]);
    let editions: Vec<_> = n.mefs.iter().map(|m| m.libelle_edition.as_str()).collect();
    assert_eq!(editions, ["6ème", "5ème", "4ème", "3ème"]);
    assert!(n.matieres.is_empty() && n.programmes.is_empty());
}

#[test]
fn siecle_nomenclature_modalite_double() {
    let n = nomenclature("nomenclature_code_modalite_elec_double.xml");
    assert_eq!(n.mefs.len(), 1);
    assert_eq!(n.matieres[0].libelle_edition, "Mathématiques");
    // Same MEF and subject twice, with two modalities: both are kept.
    let modalites: Vec<_> = n.programmes.iter().map(|p| p.modalite).collect();
    assert_eq!(modalites, ['O', 'S']);
    assert!(n.programmes.iter().all(|p| p.code_matiere == "061300"));
}

#[test]
fn siecle_eleve_double_structure() {
    let f = parse("eleves_avec_adresse_avec_double_structure.xml");
    assert_eq!(
        (f.uaj.as_str(), f.annee_scolaire.as_deref()),
        ("0660864F", Some("2019"))
    );
    let ExportContent::Eleves(e) = f.content else {
        unreachable!()
    };
    assert_eq!(e.len(), 1);
    let e = &e[0];
    assert_eq!(e.eleve_id, "1541944");
    assert_eq!(e.ine.as_deref(), Some("070876696HA"));
    assert_eq!((e.nom.as_str(), e.prenom.as_str()), ("ESCAGLIA", "Jeanine"));
    assert_eq!(e.prenom2, None);
    assert_eq!(e.date_naissance, date!(2002 - 06 - 21));
    assert_eq!(e.sexe, Some(Sexe::M));
    assert_eq!(e.ville_naissance, None, "VILLE_NAISS is empty");
    assert_eq!(e.code_commune_insee_naissance.as_deref(), Some("92024"));
    assert_eq!(e.code_departement_naissance.as_deref(), Some("092"));
    assert_eq!(e.code_pays_naissance.as_deref(), Some("100"));
    assert_eq!(e.code_pays_nationalite.as_deref(), Some("100"));
    // The pupil's own MEF, not the one under SCOLARITE_AN_DERNIER.
    assert_eq!(e.code_mef.as_deref(), Some("10310019110"));
    assert_eq!(e.code_regime.as_deref(), Some("24"));
    assert_eq!(e.structures, ["301", "_301P1"]);
    assert_eq!(e.division.as_deref(), Some("301"));
    assert_eq!(e.date_sortie, None);
    let opts: Vec<_> = e
        .options
        .iter()
        .map(|o| (o.num_option, o.modalite, o.code_matiere.as_str()))
        .collect();
    assert_eq!(opts, [(1, 'O', "030201"), (2, 'O', "030602"), (3, 'F', "020300")]);
    assert_eq!(e.adresse, None);
}

#[test]
fn siecle_eleves_simple_mal_forme_refuse() {
    let err = parse_file(&fixture_path("eleves_avec_adresse_simple.xml")).unwrap_err();
    assert!(matches!(err, SiecleError::MalForme { .. }), "{err:?}");
    assert_eq!(err.fichier(), "eleves_avec_adresse_simple.xml");
    assert_eq!(err.ligne(), Some(139));
    assert_eq!(
        err.to_string(),
        "eleves_avec_adresse_simple.xml, ligne 139 : balise fermante </STRUCTURES_ELEVE> \
         alors que <STRICTURES_ELEVE> est ouverte (ligne 134) — le fichier est mal formé, \
         rien n'a été importé."
    );
}

#[test]
fn siecle_eleves_simple_corrige() {
    let f = parse("eleves_avec_adresse_simple_corrige.xml");
    assert_eq!(f.uaj, "0752387M");
    let ExportContent::Eleves(e) = f.content else {
        unreachable!()
    };
    assert_eq!(e.len(), 2);
    let (a, b) = (&e[0], &e[1]);
    assert_eq!(
        (a.eleve_id.as_str(), a.nom.as_str(), a.prenom.as_str()),
        ("1826500", "ISSOLIHA", "FArid")
    );
    assert_eq!(a.prenom2.as_deref(), Some("Keita"));
    assert_eq!(a.ine.as_deref(), Some("070832327JA"));
    assert_eq!(a.date_naissance, date!(2004 - 12 - 22));
    assert_eq!(a.code_pays_nationalite.as_deref(), Some("335"));
    assert_eq!(
        (a.structures.as_slice(), a.division.as_deref()),
        (&["3 A".to_string()][..], Some("3 A"))
    );
    assert_eq!(a.options.len(), 2);

    assert_eq!(
        (b.eleve_id.as_str(), b.nom.as_str(), b.prenom.as_str()),
        ("1559191", "ALALA", "Lacos")
    );
    assert_eq!(b.ine.as_deref(), Some("060375611AC"));
    assert_eq!(b.date_naissance, date!(2002 - 12 - 09));
    assert_eq!(b.division.as_deref(), Some("TS3"));
    assert_eq!(b.code_regime.as_deref(), Some("0"));
    assert_eq!(b.options.last().map(|o| (o.num_option, o.modalite)), Some((3, 'F')));
    // The ADRESSE in the file is not named by any pupil (no ELEVE/ADRESSE_ID).
    assert!(e.iter().all(|e| e.adresse.is_none()));
}

#[test]
fn siecle_responsables() {
    let f = parse("responsables_avec_adresses_simple.xml");
    assert_eq!((f.uaj.as_str(), f.kind()), ("0140070A", ExportKind::Responsables));
    let ExportContent::Responsables(r) = f.content else {
        unreachable!()
    };
    assert_eq!((r.personnes.len(), r.liens.len(), r.adresses.len()), (3, 3, 1));
    assert_eq!(
        r.personnes[0],
        PersonneSiecle {
            personne_id: "209401".into(),
            civilite: Some("MME".into()),
            nom: "ROCK".into(),
            prenom: "Maryline".into(),
            tel_personnel: Some("+33231204444".into()),
            tel_portable: Some("+33764444288".into()),
            tel_professionnel: None,
            email: Some("rock33445570@hotmail.fr".into()),
            adresse_id: Some("189317".into()),
            code_profession: Some("75".into()),
        }
    );
    let liens: Vec<_> = r
        .liens
        .iter()
        .map(|l| (l.eleve_id.as_str(), l.personne_id.as_str(), l.paie_frais))
        .collect();
    assert_eq!(
        liens,
        [
            ("610308", "209401", true),
            ("610308", "209406", false),
            ("610305", "209400", false)
        ]
    );
    for l in &r.liens {
        assert_eq!(l.code_parente.as_deref(), Some("10"));
        assert_eq!(l.niveau_responsabilite.as_deref(), Some("1"));
        assert_eq!(l.resp_legal, None);
    }
    let (id, a) = &r.adresses[0];
    assert_eq!(id, "189317");
    assert_eq!(
        *a,
        AdresseSiecle {
            ligne1: "18 RUE DES HOMMETS".into(),
            ligne2: "MEZIDON CANON".into(),
            ligne3: String::new(),
            ligne4: String::new(),
            code_postal: "14270".into(),
            commune: "MEZIDON VALLEE D AUGE".into(),
            code_pays: Some("100".into()),
        }
    );
    assert!(r.personnes.iter().all(|p| p.adresse_id.as_deref() == Some(id.as_str())));
}

#[test]
fn siecle_import_eleves_refuse() {
    let err = parse_file(&fixture_path("exemple_pour_robot_siecle.xml")).unwrap_err();
    assert!(matches!(err, SiecleError::RacineInattendue { .. }), "{err:?}");
    assert_eq!(err.ligne(), Some(2));
    assert!(err.to_string().contains(
        "ce fichier n'est pas un export SIECLE pris en charge (élément racine IMPORT_ELEVES ; \
         attendu BEE_ELEVES, BEE_RESPONSABLES ou BEE_NOMENCLATURES)"
    ));
}

#[test]
fn siecle_tronque_refuse() {
    let bytes = fixture("eleves_avec_adresse_avec_double_structure.xml");
    // Cut right after line 60.
    let cut = bytes.iter().enumerate().filter(|(_, &b)| b == b'\n').nth(59).unwrap().0 + 1;
    let err = parse_bytes(Path::new("coupe.xml"), &bytes[..cut]).unwrap_err();
    assert!(matches!(err, SiecleError::Tronque { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(
        msg.starts_with("coupe.xml, ligne 61 : fichier tronqué : <OPTION> (ouvert ligne 50) n'est jamais fermé"),
        "{msg}"
    );
    // Cut inside a tag.
    let err = parse_bytes(Path::new("coupe.xml"), &bytes[..cut + 12]).unwrap_err();
    assert!(err.to_string().contains("fichier tronqué"), "{err}");
}

#[test]
fn siecle_utf8_declare_mais_latin9_refuse() {
    let mut text = fixture("nomenclature_simple.xml");
    let decl = b"encoding=\"ISO-8859-15\"";
    let at = text.windows(decl.len()).position(|w| w == decl).unwrap();
    text.splice(at..at + decl.len(), b"encoding=\"UTF-8\"".iter().copied());
    let err = parse_bytes(Path::new("n.xml"), &text).unwrap_err();
    assert!(matches!(err, SiecleError::Encodage { .. }), "{err:?}");
    assert_eq!(err.ligne(), Some(14));
    assert!(err.to_string().contains(
        "encodage invalide : le fichier déclare UTF-8 mais l'octet 0xE8 ligne 14 n'est pas de \
         l'UTF-8 (essayez de l'exporter à nouveau depuis SIECLE)"
    ));
}

#[test]
fn siecle_copie_utf8_identique() {
    for name in SAMPLES {
        let original = fixture(name);
        let utf8 = to_utf8(&original);
        let path = Path::new(name);
        match (parse_bytes(path, &original), parse_bytes(path, &utf8)) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{name}"),
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{name}"),
            (a, b) => panic!("{name}: {a:?} / {b:?}"),
        }
        // Re-saved as UTF-8 by an editor that kept the Latin-9 prolog: read as UTF-8.
        let (text, _) = encoding_rs::ISO_8859_15.decode_without_bom_handling(&original);
        let resaved = parse_bytes(path, text.as_bytes()).map_err(|e| e.to_string());
        assert_eq!(
            resaved,
            parse_bytes(path, &original).map_err(|e| e.to_string()),
            "{name}"
        );
    }
}

#[test]
fn siecle_noms_accentues_latin9() {
    let text = fixture("eleves_avec_adresse_simple_corrige.xml");
    let mut text = String::from_utf8(text).unwrap(); // this sample is pure ASCII
    text = text.replace("<PRENOM>Lacos</PRENOM>", "<PRENOM>Zoé-Chloë</PRENOM>");
    text = text.replace("ALALA", "BŒUF D&apos;ÉTÉ &amp; FILS");
    let f = parse_bytes(Path::new("accents.xml"), &latin9(&text)).unwrap();
    let ExportContent::Eleves(e) = f.content else {
        unreachable!()
    };
    assert_eq!(e[1].prenom, "Zoé-Chloë");
    // Œ is 0xBC in ISO-8859-15 but ¼ in ISO-8859-1: the declared encoding is honoured.
    assert_eq!(e[1].nom, "BŒUF D'ÉTÉ & FILS");
}
