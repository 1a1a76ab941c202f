//! Damaged or hostile input: always a clear error, never a panic.

use std::path::Path;

use super::tests::{fixture, to_utf8, SAMPLES};
use super::*;

const ELEVES: &str = "eleves_avec_adresse_simple_corrige.xml";

fn parse_str(text: &str) -> Result<ParsedFile, SiecleError> {
    parse_bytes(Path::new("essai.xml"), text.as_bytes())
}

fn sample_text() -> String {
    String::from_utf8(fixture(ELEVES)).unwrap()
}

fn err_of(text: &str) -> SiecleError {
    parse_str(text).expect_err("doit être refusé")
}

#[test]
fn siecle_fichier_vide() {
    for text in ["", "  \n\t ", "<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?>\n"] {
        let err = parse_bytes(Path::new("vide.xml"), text.as_bytes()).unwrap_err();
        assert!(matches!(err, SiecleError::Vide { .. }), "{text:?}: {err:?}");
        assert!(err.to_string().starts_with("vide.xml : le fichier est vide"));
    }
}

#[test]
fn siecle_fichier_absent() {
    let err = parse_file(Path::new("/nulle/part/ElevesAvecAdresses.xml")).unwrap_err();
    assert!(matches!(err, SiecleError::Lecture { .. }));
    assert!(err
        .to_string()
        .starts_with("ElevesAvecAdresses.xml : impossible de lire"));
}

#[test]
fn siecle_uaj_manquant() {
    let text = sample_text().replace("<UAJ>0752387M</UAJ>", "<UAJ> </UAJ>");
    let err = err_of(&text);
    assert!(matches!(err, SiecleError::UajManquant { ligne: 3, .. }), "{err:?}");
    assert!(err.to_string().contains("PARAMETRES/UAJ"));
}

#[test]
fn siecle_eleve_sans_nom_ou_date() {
    let text = sample_text().replace("<NOM_DE_FAMILLE>ALALA</NOM_DE_FAMILLE>", "");
    let err = err_of(&text);
    assert_eq!(err.ligne(), Some(51));
    assert!(
        err.to_string()
            .contains("élève ELEVE_ID=1559191 : NOM_DE_FAMILLE manquant"),
        "{err}"
    );

    let text = sample_text().replace("<PRENOM>FArid</PRENOM>", "<PRENOM></PRENOM>");
    assert!(err_of(&text).to_string().contains("ELEVE_ID=1826500 : PRENOM manquant"));

    let text = sample_text().replace("09/12/2002", "31/02/2002");
    let err = err_of(&text);
    assert_eq!(err.ligne(), Some(62));
    assert!(
        err.to_string()
            .contains("élève ELEVE_ID=1559191 : DATE_NAISS « 31/02/2002 » n'est pas une date jj/mm/aaaa"),
        "{err}"
    );

    let text = sample_text().replace("<DATE_NAISS>22/12/2004</DATE_NAISS>", "");
    assert!(err_of(&text)
        .to_string()
        .contains("ELEVE_ID=1826500 : DATE_NAISS manquante"));
}

#[test]
fn siecle_eleve_en_double() {
    let text = sample_text().replace(
        "ELEVE_ID=\"1559191\" ELENOET=\"8194\">\n        <ID_NATIONAL>",
        "ELEVE_ID=\"1826500\">\n        <ID_NATIONAL>",
    );
    let err = err_of(&text);
    assert!(
        err.to_string()
            .contains("ELEVE_ID=1826500 apparaît deux fois (déjà ligne 11)"),
        "{err}"
    );
}

#[test]
fn siecle_adresse_de_l_eleve() {
    let text = sample_text().replace(
        "<CODE_SEXE>1</CODE_SEXE>\n        <CODE_PAYS_NAT>335",
        "<CODE_SEXE>2</CODE_SEXE><ADRESSE_ID>1851082</ADRESSE_ID>\n        <CODE_PAYS_NAT>335",
    );
    let ExportContent::Eleves(e) = parse_str(&text).unwrap().content else {
        unreachable!()
    };
    assert_eq!(e[0].sexe, Some(Sexe::F));
    let a = e[0].adresse.as_ref().expect("adresse");
    assert_eq!((a.code_postal.as_str(), a.commune.as_str()), ("75017", "PARIS"));
    assert_eq!((a.ligne1.as_str(), a.code_pays.as_deref()), ("", Some("100")));
    assert_eq!(e[1].adresse, None);
}

#[test]
fn siecle_xml_incorrect() {
    let cases = [
        (
            "<BEE_ELEVES><PARAMETRES></BEE_ELEVES>",
            1,
            "balise fermante </BEE_ELEVES> alors que <PARAMETRES> est ouverte",
        ),
        ("<BEE_ELEVES/>\n</X>", 2, "balise fermante </X> sans balise ouvrante"),
        ("<BEE_ELEVES/>\n<BEE_ELEVES/>", 2, "après la fin de l'élément racine"),
        ("<BEE_ELEVES/>\ntexte", 2, "texte en dehors de l'élément racine"),
        (
            "<BEE_ELEVES>\n<A>x &eacute; y</A></BEE_ELEVES>",
            2,
            "entité inconnue &eacute;",
        ),
        ("<BEE_ELEVES>\n<A>x & y</A></BEE_ELEVES>", 2, "« & » isolé"),
        ("<BEE_ELEVES>\n<A B=\"1\" B=\"2\"/></BEE_ELEVES>", 2, "attribut répété"),
        ("<BEE_ELEVES>\n<A B=1/></BEE_ELEVES>", 2, "sans guillemets"),
    ];
    for (text, ligne, detail) in cases {
        let err = err_of(text);
        assert!(matches!(err, SiecleError::MalForme { .. }), "{text}: {err:?}");
        assert_eq!(err.ligne(), Some(ligne), "{text}: {err}");
        assert!(err.to_string().contains(detail), "{text}: {err}");
    }
}

#[test]
fn siecle_entites_et_bom() {
    let text = sample_text().replace("FArid", "Fa&#239;d &lt;&#x41;&gt;");
    let ExportContent::Eleves(e) = parse_str(&text).unwrap().content else {
        unreachable!()
    };
    assert_eq!(e[0].prenom, "Faïd <A>");

    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(to_utf8(&fixture(ELEVES)));
    assert!(parse_bytes(Path::new("bom.xml"), &bom).is_ok());
}

#[test]
fn siecle_encodage_inconnu() {
    let text = sample_text().replace("ISO-8859-15", "KLINGON-1");
    let err = err_of(&text);
    assert!(matches!(err, SiecleError::Encodage { ligne: 1, .. }), "{err:?}");
    assert!(err.to_string().contains("encodage « KLINGON-1 » non pris en charge"));
    let err = err_of("<html><body>Bonjour</body></html>");
    assert!(matches!(err, SiecleError::RacineInattendue { ligne: 1, .. }), "{err:?}");
    // ISO-8859-1 is accepted.
    assert!(parse_str(&sample_text().replace("ISO-8859-15", "ISO-8859-1")).is_ok());
}

#[test]
fn siecle_utf8_coupe_au_milieu_d_un_caractere() {
    let utf8 = to_utf8(&fixture("nomenclature_simple.xml"));
    let at = utf8.iter().position(|&b| b == 0xC3).unwrap() + 1;
    let err = parse_bytes(Path::new("n.xml"), &utf8[..at]).unwrap_err();
    assert!(matches!(err, SiecleError::Tronque { ligne: 14, .. }), "{err:?}");
}

#[test]
fn siecle_imbrication_profonde() {
    let text = format!("<BEE_ELEVES>{}", "<A>".repeat(200_000));
    let err = err_of(&text);
    assert!(err.to_string().contains("imbriqués trop profondément"), "{err}");
}

#[test]
fn siecle_troncatures_refusees_sans_panique() {
    for name in SAMPLES {
        let bytes = fixture(name);
        // The file stays complete while only its trailing whitespace is cut.
        let end = bytes.iter().rposition(|b| !b.is_ascii_whitespace()).unwrap() + 1;
        for cut in (0..end).step_by(7) {
            let res = parse_bytes(Path::new(name), &bytes[..cut]);
            let err = res.expect_err("un fichier tronqué doit être refusé");
            assert_eq!(err.fichier(), *name);
            let expected = match *name {
                // Refused at its root tag, as soon as that tag is complete.
                "exemple_pour_robot_siecle.xml" => matches!(
                    err,
                    SiecleError::Tronque { .. } | SiecleError::Vide { .. } | SiecleError::RacineInattendue { .. }
                ),
                // Its faulty end tag is at line 139.
                "eleves_avec_adresse_simple.xml" => matches!(
                    err,
                    SiecleError::Tronque { .. } | SiecleError::Vide { .. } | SiecleError::MalForme { ligne: 139, .. }
                ),
                _ => matches!(err, SiecleError::Tronque { .. } | SiecleError::Vide { .. }),
            };
            assert!(expected, "{name} coupé à {cut} : {err:?}");
        }
    }
}

/// xorshift64*: deterministic, no extra dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

#[test]
fn siecle_octets_aleatoires_sans_panique() {
    let mut rng = Rng(0x5EC1_E2019);
    let alphabet = b"<>/=\"'&;#?! \nABCDEELEVE_IDxml\xE9\xC3\xA9\x00";
    for _ in 0..3000 {
        let len = rng.below(300);
        let bytes: Vec<u8> = if rng.below(2) == 0 {
            (0..len).map(|_| rng.next() as u8).collect()
        } else {
            (0..len).map(|_| alphabet[rng.below(alphabet.len())]).collect()
        };
        let _ = parse_bytes(Path::new("hasard.xml"), &bytes);
    }
    // Mutations of real samples exercise the deeper extraction paths.
    for name in SAMPLES {
        let original = fixture(name);
        for _ in 0..300 {
            let mut bytes = original.clone();
            for _ in 0..=rng.below(4) {
                let i = rng.below(bytes.len());
                match rng.below(3) {
                    0 => bytes[i] = rng.next() as u8,
                    1 => {
                        bytes.remove(i);
                    }
                    _ => bytes.insert(i, alphabet[rng.below(alphabet.len())]),
                }
            }
            if let Err(e) = parse_bytes(Path::new(name), &bytes) {
                assert!(e.to_string().starts_with(*name), "{e}");
            }
        }
    }
}
