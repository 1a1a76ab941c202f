//! The writer's checks are the schema's: pupils made of random values (every length around
//! each limit, characters ISO-8859-15 lacks, control characters, markup, empty codes) are
//! written in batches; whatever is kept, the file passes `xmllint --schema`, nothing
//! panics, and every pupil left out comes with a reason.

use std::path::Path;
use std::process::Command;

use dossiersco_siecle::retour::{
    ecrire, AdresseRetour, AnDernier, Commune, EleveRetour, LieuNaissance, OptionRetour, Parametres, PersonneRetour,
    ResponsableRetour, Scolarite,
};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use time::macros::date;

const TEXTS: &[&str] = &[
    "",
    " ",
    "A",
    "Zoë",
    "Ærøskøbing",
    "名前",
    "🙂",
    "l\u{2019}Haÿ-les-Roses",
    "a\u{0}b",
    "a\u{1F}b",
    "<&>\"'",
    "]]>",
    "\tTab",
    "œuvre €",
    "Ŝ",
];

fn text(rng: &mut StdRng) -> String {
    match rng.random_range(0..3) {
        0 => TEXTS[rng.random_range(0..TEXTS.len())].to_string(),
        // Around the schema's limits: 20, 32, 38, 100, 254 characters.
        1 => {
            let n = [19, 20, 21, 31, 32, 33, 37, 38, 39, 99, 100, 101, 254, 255][rng.random_range(0..14)];
            let c = ['x', 'é', ' ', '-'][rng.random_range(0..4)];
            std::iter::repeat_n(c, n).collect()
        }
        _ => (0..rng.random_range(0..12))
            .map(|_| char::from_u32(rng.random_range(0x20..0x2FF)).unwrap_or('?'))
            .collect(),
    }
}

fn code(rng: &mut StdRng) -> String {
    const CODES: &[&str] = &[
        "",
        "1",
        "2",
        "12",
        "99",
        "100",
        "1000",
        "69123",
        "6912",
        "2A004",
        "020300",
        "0203001",
        "10110001110",
        "1011000111",
        "ST",
        "A B",
        "é",
        "0699901M",
        "0699901",
        "081234561AB",
        "08123456_AB",
    ];
    CODES[rng.random_range(0..CODES.len())].to_string()
}

fn base() -> EleveRetour {
    let personne = PersonneRetour {
        code_civilite: "2".into(),
        nom: "MARTIN".into(),
        prenom: "Sophie".into(),
        adresse: Some(AdresseRetour {
            lignes: vec!["8 rue Mercière".into()],
            commune: Commune::France {
                code_postal: "69002".into(),
                libelle: "LYON".into(),
            },
            code_pays: "100".into(),
        }),
        code_profession: "99".into(),
        tel_personnel: None,
        tel_professionnel: None,
        tel_portable: Some("0612345678".into()),
        email: Some("s@example.fr".into()),
    };
    EleveRetour {
        ine: Some("081234561AB".into()),
        nom: "MARTIN".into(),
        prenom: "Léa".into(),
        prenom2: None,
        code_pays_nationalite: "100".into(),
        date_naissance: date!(2015 - 03 - 14),
        code_sexe: "2".into(),
        code_pays_naissance: "100".into(),
        lieu_naissance: LieuNaissance::CommuneInsee("69123".into()),
        code_regime: "24".into(),
        doublement: false,
        responsables: vec![ResponsableRetour {
            personne,
            code_parente: "10".into(),
            paie_frais: true,
            heberge_eleve: true,
        }],
        scolarite: Scolarite {
            code_mef: "10110001110".into(),
            code_statut: "ST".into(),
            date_debut: date!(2027 - 09 - 01),
            options: vec![OptionRetour {
                code_matiere: "020300".into(),
                modalite: 'F',
            }],
        },
        an_dernier: AnDernier {
            code_rne: "0699901M".into(),
            code_provenance: "1".into(),
            code_mef: Some("10010012110".into()),
            code_division: Some("6A".into()),
        },
    }
}

/// `base()` with 1 or 2 fields replaced by random values.
fn random_pupil(rng: &mut StdRng, n: usize) -> EleveRetour {
    let mut e = base();
    e.ine = Some(format!("{n:011}"));
    for _ in 0..rng.random_range(1..=2) {
        let p = &mut e.responsables[0].personne;
        match rng.random_range(0..24) {
            0 => e.nom = text(rng),
            1 => e.prenom = text(rng),
            2 => e.prenom2 = Some(text(rng)),
            3 => e.ine = Some(code(rng)),
            4 => e.code_sexe = code(rng),
            5 => e.code_pays_naissance = code(rng),
            6 => e.lieu_naissance = LieuNaissance::CommuneInsee(code(rng)),
            7 => e.lieu_naissance = LieuNaissance::Ville(text(rng)),
            8 => e.code_regime = code(rng),
            9 => e.scolarite.code_mef = code(rng),
            10 => e.scolarite.options.push(OptionRetour {
                code_matiere: code(rng),
                modalite: ['O', 'F', ' ', 'é'][rng.random_range(0..4)],
            }),
            11 => e.an_dernier.code_division = Some(text(rng)),
            12 => e.an_dernier.code_mef = Some(code(rng)),
            13 => p.nom = text(rng),
            14 => p.prenom = text(rng),
            15 => p.code_civilite = code(rng),
            16 => p.code_profession = code(rng),
            17 => p.tel_portable = Some(text(rng)),
            18 => p.email = Some(text(rng)),
            19 => {
                if let Some(a) = p.adresse.as_mut() {
                    a.lignes = (0..rng.random_range(0..6)).map(|_| text(rng)).collect();
                }
            }
            20 => {
                if let Some(a) = p.adresse.as_mut() {
                    a.commune = match rng.random_range(0..2) {
                        0 => Commune::France {
                            code_postal: code(rng),
                            libelle: text(rng),
                        },
                        _ => Commune::Etrangere(text(rng)),
                    };
                }
            }
            21 => e.responsables[0].code_parente = code(rng),
            22 => {
                let second = e.responsables[0].clone();
                e.responsables.push(second);
            }
            _ => {
                e.scolarite.options = (0..rng.random_range(11..14))
                    .map(|i| OptionRetour {
                        code_matiere: format!("{i:06}"),
                        modalite: 'F',
                    })
                    .collect()
            }
        }
    }
    if rng.random_range(0..30) == 0 {
        e.responsables.clear();
    }
    e
}

#[test]
fn des_eleves_au_hasard_donnent_toujours_un_fichier_valide() {
    let mut rng = StdRng::seed_from_u64(0x51EC1E);
    let dir = std::env::temp_dir().join(format!("dossiersco-retour-hasard-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let xsd = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/schema_Import_3.1.xsd");
    let (mut kept, mut left) = (0, 0);
    for batch in 0..12 {
        let eleves: Vec<EleveRetour> = (0..60).map(|i| random_pupil(&mut rng, batch * 100 + i)).collect();
        let ecrit = ecrire(
            &Parametres {
                uaj: "0699901M".into(),
                annee_scolaire: 2027,
                date_import: date!(2027 - 06 - 15),
                num_envoi: 1,
                logiciel: "DOSSIERSCO".into(),
            },
            &eleves,
        )
        .unwrap();
        assert_eq!(ecrit.exportes + ecrit.refus.len(), eleves.len());
        assert!(ecrit.refus.iter().all(|(_, r)| !r.trim().is_empty()));
        kept += ecrit.exportes;
        left += ecrit.refus.len();
        let Some(xml) = ecrit.xml else { continue };
        let file = dir.join(format!("lot-{batch}.xml"));
        std::fs::write(&file, &xml).unwrap();
        let out = Command::new("xmllint")
            .arg("--noout")
            .arg("--schema")
            .arg(&xsd)
            .arg(&file)
            .output()
            .unwrap_or_else(|e| panic!("xmllint introuvable ({e}) : apt-get install libxml2-utils"));
        assert!(
            out.status.success(),
            "lot {batch} : {}\n(fichier gardé : {})",
            String::from_utf8_lossy(&out.stderr),
            file.display()
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    // Both sides were exercised.
    assert!(kept > 100 && left > 100, "{kept} gardés, {left} refusés");
}
