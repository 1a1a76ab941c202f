//! The return file validates against SIECLE's schema (`xmllint --schema`, Debian package
//! libxml2-utils, installed by .ci/run), and a pupil who would break it is left out with
//! its reasons.

use std::path::{Path, PathBuf};
use std::process::Command;

use dossiersco_siecle::retour::{
    ecrire, lignes_adresse, AdresseRetour, AnDernier, Commune, EleveRetour, LieuNaissance, OptionRetour, Parametres,
    PersonneRetour, ResponsableRetour, Scolarite,
};
use time::macros::date;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)
}

/// `xmllint --schema` on `xml`: Ok, or its complaints.
fn validate(xml: &[u8]) -> Result<(), String> {
    let dir = tempfile_dir();
    let file = dir.join("retour.xml");
    std::fs::write(&file, xml).unwrap();
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(data("schema_Import_3.1.xsd"))
        .arg(&file)
        .output()
        .unwrap_or_else(|e| panic!("xmllint introuvable ({e}) : apt-get install libxml2-utils"));
    let _ = std::fs::remove_dir_all(&dir);
    match out.status.success() {
        true => Ok(()),
        false => Err(String::from_utf8_lossy(&out.stderr).into_owned()),
    }
}

fn tempfile_dir() -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "dossiersco-retour-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn parametres() -> Parametres {
    Parametres {
        uaj: "0699901M".into(),
        annee_scolaire: 2027,
        date_import: date!(2027 - 06 - 15),
        num_envoi: 1,
        logiciel: "DOSSIERSCO".into(),
    }
}

fn mere() -> PersonneRetour {
    PersonneRetour {
        code_civilite: "2".into(),
        nom: "MARTIN".into(),
        prenom: "Sophie".into(),
        adresse: Some(AdresseRetour {
            lignes: lignes_adresse(&["14 quai Saint-Antoine", "Bâtiment B, escalier C, 3e étage"])
                .unwrap_or_else(|| vec!["14 quai Saint-Antoine".into()]),
            commune: Commune::France {
                code_postal: "69002".into(),
                libelle: "LYON".into(),
            },
            code_pays: "100".into(),
        }),
        code_profession: "99".into(),
        tel_personnel: None,
        tel_professionnel: Some("0478000000".into()),
        tel_portable: Some("0612345678".into()),
        email: Some("sophie.martin@example.fr".into()),
    }
}

fn pere_en_suisse() -> PersonneRetour {
    PersonneRetour {
        code_civilite: "1".into(),
        nom: "MARTIN".into(),
        prenom: "Luc".into(),
        adresse: Some(AdresseRetour {
            lignes: vec!["Rue du Rhône 12".into()],
            commune: Commune::Etrangere("GENÈVE".into()),
            code_pays: "140".into(),
        }),
        code_profession: "38".into(),
        tel_personnel: None,
        tel_professionnel: None,
        tel_portable: Some("+41791234567".into()),
        email: None,
    }
}

fn eleve(prenom: &str, ine: &str) -> EleveRetour {
    EleveRetour {
        ine: Some(ine.into()),
        nom: "MARTIN".into(),
        prenom: prenom.into(),
        prenom2: Some("Jeanne".into()),
        code_pays_nationalite: "100".into(),
        date_naissance: date!(2015 - 03 - 14),
        code_sexe: "2".into(),
        code_pays_naissance: "100".into(),
        lieu_naissance: LieuNaissance::CommuneInsee("69123".into()),
        code_regime: "24".into(),
        doublement: false,
        responsables: vec![
            ResponsableRetour {
                personne: mere(),
                code_parente: "10".into(),
                paie_frais: true,
                heberge_eleve: true,
            },
            ResponsableRetour {
                personne: pere_en_suisse(),
                code_parente: "20".into(),
                paie_frais: false,
                heberge_eleve: false,
            },
        ],
        scolarite: Scolarite {
            code_mef: "10110001110".into(),
            code_statut: "ST".into(),
            date_debut: date!(2027 - 09 - 01),
            options: vec![
                OptionRetour {
                    code_matiere: "020300".into(),
                    modalite: 'F',
                },
                OptionRetour {
                    code_matiere: "030602".into(),
                    modalite: 'O',
                },
            ],
        },
        an_dernier: AnDernier {
            code_rne: "0699901M".into(),
            code_provenance: "1".into(),
            code_mef: Some("10010012110".into()),
            code_division: Some("6A".into()),
        },
    }
}

fn text(xml: &[u8]) -> String {
    let (text, _, bad) = encoding_rs::ISO_8859_15.decode(xml);
    assert!(!bad, "le fichier n'est pas en ISO-8859-15");
    text.into_owned()
}

#[test]
fn le_fichier_de_retour_respecte_le_schema_de_siecle() {
    let mut born_abroad = eleve("Noé", "081234562AC");
    born_abroad.code_pays_naissance = "139".into();
    born_abroad.lieu_naissance = LieuNaissance::Ville("PORTO".into());
    born_abroad.code_sexe = "1".into();
    born_abroad.prenom2 = None;
    born_abroad.responsables.truncate(1);
    born_abroad.scolarite.options.clear();
    // Typed on a phone: a typographic apostrophe, which ISO-8859-15 lacks.
    born_abroad.responsables[0].personne.prenom = "Anne\u{2019}Sophie".into();
    let ecrit = ecrire(&parametres(), &[eleve("Léa", "081234561AB"), born_abroad]).unwrap();
    assert_eq!((ecrit.exportes, ecrit.refus.len()), (2, 0), "{:?}", ecrit.refus);
    let xml = ecrit.xml.expect("un fichier");
    if let Err(e) = validate(&xml) {
        panic!("le fichier ne respecte pas le schéma :\n{e}\n{}", text(&xml));
    }
    let t = text(&xml);
    assert!(t.starts_with("<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?>"), "{t}");
    assert!(t.contains("<PRENOM>Léa</PRENOM>"), "{t}");
    assert!(t.contains("<PRENOM>Anne'Sophie</PRENOM>"), "{t}");
    assert!(t.contains("<COMMUNE_ETRANGERE>GENÈVE</COMMUNE_ETRANGERE>"), "{t}");
    // The mother of both is written once; the sister's second guardian too.
    assert_eq!(t.matches("<PERSONNE>").count(), 3, "{t}");
    assert_eq!(t.matches("<ELEVE>").count(), 2, "{t}");
}

#[test]
fn le_validateur_refuse_un_fichier_faux() {
    // The example from the original service is neither well-formed nor valid: if xmllint
    // accepted it, the test above would prove nothing.
    let exemple = std::fs::read(data("exemple_pour_robot_siecle.xml")).unwrap();
    assert!(validate(&exemple).is_err(), "xmllint a accepté l'exemple faux");
    // Nor is one whose pupil lacks its guardians (the schema wants a LEGAL).
    let xml = ecrire(&parametres(), &[eleve("Léa", "081234561AB")])
        .unwrap()
        .xml
        .unwrap();
    let t = text(&xml);
    let start = t.find("<RESPONSABLES_ELEVE>").unwrap();
    let end = t.find("</RESPONSABLES_ELEVE>").unwrap() + "</RESPONSABLES_ELEVE>".len();
    let broken = format!("{}{}", &t[..start], &t[end..]);
    let (bytes, _, _) = encoding_rs::ISO_8859_15.encode(&broken);
    assert!(validate(&bytes).is_err());
}

#[test]
fn un_eleve_qui_casserait_le_fichier_est_refuse_avec_ses_raisons() {
    let good = eleve("Léa", "081234561AB");
    let mut no_mef = eleve("Chloé", "081234563AD");
    no_mef.scolarite.code_mef = String::new();
    let mut insee = eleve("Louise", "081234564AE");
    insee.lieu_naissance = LieuNaissance::CommuneInsee("LYON".into());
    let mut emoji = eleve("Zoé", "071234567AH");
    emoji.responsables[0].personne.nom = "MARTIN 🙂".into();
    emoji.responsables[1].code_parente = String::new();
    let same_ine = eleve("Inès", "081234561AB");
    let mut orphan = eleve("Hugo", "061234569AK");
    orphan.responsables.clear();
    orphan.scolarite.options = (0..13)
        .map(|i| OptionRetour {
            code_matiere: format!("0{i:05}"),
            modalite: 'F',
        })
        .collect();
    let mut long_phone = eleve("Anaïs", "051234574AR");
    long_phone.responsables[1].personne.tel_portable = Some("+41 79 123 45 67 poste 12".into());
    let eleves = [good, no_mef, insee, emoji, same_ine, orphan, long_phone];
    let ecrit = ecrire(&parametres(), &eleves).unwrap();
    assert_eq!(ecrit.exportes, 1);
    let reasons: Vec<(usize, &str)> = ecrit.refus.iter().map(|(i, r)| (*i, r.as_str())).collect();
    let expect = [
        (1, "niveau de l'an prochain (code MEF) : à renseigner"),
        (2, "commune de naissance (code INSEE) : code « LYON » inconnu de SIECLE"),
        (3, "responsable 1 : nom : caractère « 🙂 » que SIECLE ne sait pas lire"),
        (3, "responsable 2 : lien de parenté : à renseigner"),
        (4, "INE 081234561AB déjà donné pour un autre élève (n° 1 de la liste)"),
        (5, "aucun responsable légal"),
        (5, "13 options (SIECLE en prend 12 au plus)"),
        (
            6,
            "responsable 2 : téléphone portable : 25 caractères, SIECLE en prend 20 au plus",
        ),
    ];
    for (i, reason) in expect {
        assert!(
            reasons.iter().any(|(j, r)| *j == i && r.contains(reason)),
            "élève {i} : « {reason} » attendu dans {reasons:?}"
        );
    }
    assert_eq!(reasons.len(), 6, "{reasons:?}");
    validate(ecrit.xml.as_ref().unwrap()).unwrap();
    // Nobody left: no file (the schema wants at least one pupil), every reason kept.
    let refusables: Vec<EleveRetour> = [1, 2, 3, 5, 6].iter().map(|&i| eleves[i].clone()).collect();
    let ecrit = ecrire(&parametres(), &refusables).unwrap();
    assert_eq!((ecrit.xml.is_none(), ecrit.exportes, ecrit.refus.len()), (true, 0, 5));
}

#[test]
fn une_en_tete_impossible_est_une_erreur() {
    let mut p = parametres();
    p.uaj = "0699901".into();
    p.logiciel = "DOSSIERSCO-2027".into();
    let err = ecrire(&p, &[eleve("Léa", "081234561AB")]).unwrap_err().to_string();
    assert!(
        err.contains("UAJ de l'établissement : code « 0699901 » inconnu"),
        "{err}"
    );
    assert!(
        err.contains("nom du logiciel : 15 caractères, SIECLE en prend 10 au plus"),
        "{err}"
    );
}

#[test]
fn les_adresses_sont_coupees_en_lignes_de_38_caracteres() {
    let lignes = lignes_adresse(&[
        "Résidence des Grands Platanes, bâtiment Les Célestins",
        "  ",
        "12 bis avenue du Maréchal de Lattre de Tassigny",
    ])
    .unwrap();
    assert_eq!(
        lignes,
        [
            "Résidence des Grands Platanes,",
            "bâtiment Les Célestins",
            "12 bis avenue du Maréchal de Lattre de",
            "Tassigny"
        ]
    );
    assert!(lignes.iter().all(|l| l.chars().count() <= 38));
    assert_eq!(lignes_adresse(&["a ".repeat(100).as_str()]), None);
    assert_eq!(lignes_adresse(&["x".repeat(39).as_str()]), None);
}

#[test]
fn un_nom_qui_contient_du_xml_reste_un_nom() {
    // What a family could type to add a pupil or a guardian to the office's import.
    let mut e = eleve("Léa", "081234561AB");
    e.nom = "MARTIN</NOM_DE_FAMILLE><CODE_REGIME>3".into();
    e.responsables[0].personne.email = Some("a@b.fr</EMAIL></PERSONNE><PERSONNE>&amp;\"'".into());
    let xml = ecrire(&parametres(), &[e]).unwrap().xml.unwrap();
    validate(&xml).unwrap_or_else(|err| panic!("{err}"));
    let t = text(&xml);
    assert!(
        t.contains("<NOM_DE_FAMILLE>MARTIN&lt;/NOM_DE_FAMILLE&gt;&lt;CODE_REGIME&gt;3</NOM_DE_FAMILLE>"),
        "{t}"
    );
    assert!(
        t.contains("<EMAIL>a@b.fr&lt;/EMAIL&gt;&lt;/PERSONNE&gt;&lt;PERSONNE&gt;&amp;amp;&quot;&apos;</EMAIL>"),
        "{t}"
    );
    assert_eq!(t.matches("<PERSONNE>").count(), 2, "{t}");
}
