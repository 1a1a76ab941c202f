//! Fuzzing the reader with a fixed seed: random bytes, and the real samples damaged the ways
//! files get damaged (bytes flipped, cut every few bytes, tags doubled, dropped or swapped,
//! lines lost, the wrong encoding declared or used). Whatever comes in: no panic, and either
//! a parsed file or a `SiecleError` a secretary can act on — it names the file, a line that
//! exists, and says nothing was imported.
//!
//! `rand`'s seeded `StdRng` rather than proptest: the cases are mutations of real files,
//! which proptest's shrinking would not make smaller in any useful way, and a fixed seed
//! replays a failure exactly (its case is printed).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use dossiersco_siecle::{parse_bytes, ExportContent, SiecleError};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const SAMPLES: &[&str] = &[
    "eleves_avec_adresse_avec_double_structure.xml",
    "eleves_avec_adresse_simple.xml",
    "eleves_avec_adresse_simple_corrige.xml",
    "nomenclature_code_modalite_elec_double.xml",
    "nomenclature_simple.xml",
    "nomenclature_tout_niveau.xml",
    "responsables_avec_adresses_simple.xml",
];

const ENCODINGS: &[&str] = &[
    "UTF-8",
    "utf-16",
    "ISO-8859-1",
    "windows-1252",
    "ISO-8859-15",
    "EBCDIC-FR",
    "",
    "x-inconnu",
    "UTF-8\" standalone=\"yes",
];

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)).unwrap()
}

/// Parses `bytes` as file `name`; fails the test on a panic or an unclear error.
fn check(name: &str, bytes: &[u8], case: &str) {
    let result = catch_unwind(AssertUnwindSafe(|| parse_bytes(Path::new(name), bytes)));
    let result = result.unwrap_or_else(|_| panic!("{name}: panique sur le cas {case}"));
    match result {
        Ok(parsed) => {
            assert!(!parsed.uaj.trim().is_empty(), "{name} ({case}): lu sans UAJ");
            if let ExportContent::Eleves(eleves) = &parsed.content {
                assert!(
                    eleves.iter().all(|e| !e.eleve_id.is_empty() && !e.nom.is_empty()),
                    "{name} ({case}): un élève lu sans identifiant ni nom"
                );
            }
        }
        Err(err) => clear(name, bytes, &err, case),
    }
}

fn clear(name: &str, bytes: &[u8], err: &SiecleError, case: &str) {
    let text = err.to_string();
    assert_eq!(err.fichier(), name, "({case}) {text}");
    assert!(
        text.starts_with(name),
        "({case}) le message ne nomme pas le fichier : {text}"
    );
    assert!(
        text.contains("rien n'a été importé"),
        "({case}) le message ne dit pas que rien n'a été importé : {text}"
    );
    if let Some(ligne) = err.ligne() {
        let lines = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
        assert!(
            (1..=lines).contains(&ligne),
            "({case}) ligne {ligne} hors du fichier ({lines} lignes) : {text}"
        );
    }
}

#[test]
fn octets_au_hasard() {
    let mut rng = StdRng::seed_from_u64(0x5EC1E);
    let alphabet: &[u8] = b"<>/=\"'&;#?![]- \n\tBEE_ELEVESPARAMETRESUAJ0699901Mxml\xE9\xC3\xA9\x00\xFF\xFE";
    for i in 0..2000 {
        let len = rng.random_range(0..400);
        let bytes: Vec<u8> = if i % 2 == 0 {
            (0..len).map(|_| rng.random()).collect()
        } else {
            (0..len)
                .map(|_| alphabet[rng.random_range(0..alphabet.len())])
                .collect()
        };
        check("hasard.xml", &bytes, &format!("octets n°{i}"));
    }
}

#[test]
fn echantillons_tronques_tous_les_n_octets() {
    for name in SAMPLES {
        let bytes = sample(name);
        for cut in (0..bytes.len()).step_by(13) {
            check(name, &bytes[..cut], &format!("coupé à {cut}"));
        }
    }
}

/// The byte ranges of every tag (`<…>`) of a file.
fn tags(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'<' => start = Some(i),
            b'>' => {
                if let Some(s) = start.take() {
                    out.push((s, i + 1));
                }
            }
            _ => {}
        }
    }
    out
}

/// The byte ranges of every line (newline included).
fn lines(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            out.push((start, i + 1));
            start = i + 1;
        }
    }
    out.push((start, bytes.len()));
    out
}

/// One structural damage of `bytes`, described.
fn mutate(rng: &mut StdRng, bytes: &mut Vec<u8>) -> String {
    let t = tags(bytes);
    let l = lines(bytes);
    match rng.random_range(0..9) {
        0 => {
            let i = rng.random_range(0..bytes.len());
            bytes[i] ^= 1 << rng.random_range(0..8);
            format!("bit changé à {i}")
        }
        1 => {
            let (s, e) = t[rng.random_range(0..t.len())];
            let copy = bytes[s..e].to_vec();
            let (at, _) = t[rng.random_range(0..t.len())];
            bytes.splice(at..at, copy);
            format!("balise {s}..{e} recopiée en {at}")
        }
        2 => {
            let (s, e) = t[rng.random_range(0..t.len())];
            bytes.drain(s..e);
            format!("balise {s}..{e} supprimée")
        }
        3 => {
            let a = rng.random_range(0..t.len());
            let b = rng.random_range(0..t.len());
            let (first, second) = (t[a.min(b)], t[a.max(b)]);
            if first == second {
                return "rien".into();
            }
            let x = bytes[first.0..first.1].to_vec();
            let y = bytes[second.0..second.1].to_vec();
            bytes.splice(second.0..second.1, x);
            bytes.splice(first.0..first.1, y);
            format!("balises {first:?} et {second:?} échangées")
        }
        4 => {
            let (s, e) = l[rng.random_range(0..l.len())];
            let copy = bytes[s..e].to_vec();
            bytes.splice(s..s, copy);
            format!("ligne {s}..{e} doublée")
        }
        5 => {
            let (s, e) = l[rng.random_range(0..l.len())];
            bytes.drain(s..e);
            format!("ligne {s}..{e} supprimée")
        }
        6 => {
            let enc = ENCODINGS[rng.random_range(0..ENCODINGS.len())];
            let text = String::from_utf8_lossy(bytes).into_owned();
            let replaced = text.replacen("ISO-8859-15", enc, 1);
            *bytes = replaced.into_bytes();
            format!("encodage déclaré {enc:?}")
        }
        7 => {
            // Converted to UTF-8 while still declaring ISO-8859-15 (an editor's « save as »).
            let (text, _) = encoding_rs::ISO_8859_15.decode_without_bom_handling(bytes);
            *bytes = text.into_owned().into_bytes();
            "réencodé en UTF-8 sans changer la déclaration".into()
        }
        _ => {
            let bom: &[u8] = match rng.random_range(0..3) {
                0 => b"\xEF\xBB\xBF",
                1 => b"\xFF\xFE",
                _ => b"\xFE\xFF",
            };
            bytes.splice(0..0, bom.iter().copied());
            format!("BOM {bom:02X?} ajouté")
        }
    }
}

#[test]
fn echantillons_abimes() {
    let mut rng = StdRng::seed_from_u64(2027);
    for name in SAMPLES {
        let original = sample(name);
        for n in 0..400 {
            let mut bytes = original.clone();
            let mut case = Vec::new();
            for _ in 0..rng.random_range(1..=3) {
                if bytes.is_empty() {
                    break;
                }
                case.push(mutate(&mut rng, &mut bytes));
            }
            check(name, &bytes, &format!("n°{n} : {}", case.join(", ")));
        }
    }
}
