//! The schema's constraints on one pupil of the return file, as reasons in French a
//! secretary can act on; and the text SIECLE can read (ISO-8859-15).

use crate::retour::{AdresseRetour, Commune, EleveRetour, LieuNaissance, Parametres, PersonneRetour};

/// Longest address line SIECLE takes (ligneAdresse).
pub const LIGNE_ADRESSE_MAX: usize = 38;
const LIGNES_ADRESSE: usize = 4;

/// The address texts (street, complement…) cut at spaces into lines of at most 38
/// characters; `None` when they need more than SIECLE's 4 lines (or a word is longer
/// than a line).
pub fn lignes_adresse(textes: &[&str]) -> Option<Vec<String>> {
    let mut lignes = Vec::new();
    for texte in textes {
        let mut ligne = String::new();
        for mot in texte.split_whitespace() {
            let n = mot.chars().count();
            if n > LIGNE_ADRESSE_MAX {
                return None;
            }
            let len = ligne.chars().count();
            if len > 0 && len + 1 + n > LIGNE_ADRESSE_MAX {
                lignes.push(std::mem::take(&mut ligne));
            }
            if !ligne.is_empty() {
                ligne.push(' ');
            }
            ligne.push_str(mot);
        }
        if !ligne.is_empty() {
            lignes.push(ligne);
        }
    }
    (lignes.len() <= LIGNES_ADRESSE).then_some(lignes)
}

/// Typography phones add that ISO-8859-15 lacks, and its plain equivalent.
fn plain(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{2032}' => "'",
        '\u{201C}' | '\u{201D}' | '\u{201E}' => "\"",
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' => "-",
        '\u{2026}' => "...",
        '\u{00A0}' | '\u{202F}' | '\u{2009}' => " ",
        _ => return None,
    })
}

/// `text` in ISO-8859-15, typographic quotes and dashes made plain; `Err(c)`: the first
/// character it cannot hold.
pub(crate) fn to_latin9(text: &str) -> Result<Vec<u8>, char> {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match plain(c) {
            Some(p) => s.push_str(p),
            None => s.push(c),
        }
    }
    if let Some(c) = first_unwritable(&s) {
        return Err(c);
    }
    let (bytes, _, _) = encoding_rs::ISO_8859_15.encode(&s);
    Ok(bytes.into_owned())
}

fn first_unwritable(text: &str) -> Option<char> {
    let mut buf = [0u8; 4];
    text.chars().find(|&c| {
        if plain(c).is_some() {
            return false;
        }
        // XML 1.0 refuses most control characters.
        if c.is_control() && !matches!(c, '\n' | '\t' | '\r') {
            return true;
        }
        let (_, _, unmappable) = encoding_rs::ISO_8859_15.encode(c.encode_utf8(&mut buf));
        unmappable
    })
}

fn len(s: &str) -> usize {
    s.trim().chars().count()
}

struct Reasons(Vec<String>);

impl Reasons {
    fn text(&mut self, what: &str, value: &str, min: usize, max: usize) {
        let n = len(value);
        if n < min {
            self.0.push(format!("{what} : à renseigner"));
        } else if n > max {
            self.0
                .push(format!("{what} : {n} caractères, SIECLE en prend {max} au plus"));
        } else if let Some(c) = first_unwritable(value) {
            self.0
                .push(format!("{what} : caractère « {c} » que SIECLE ne sait pas lire"));
        }
    }

    fn opt(&mut self, what: &str, value: &Option<String>, max: usize) {
        if let Some(v) = value.as_deref().filter(|v| !v.trim().is_empty()) {
            self.text(what, v, 1, max);
        }
    }

    fn code(&mut self, what: &str, value: &str, exact: usize) {
        if value.trim().is_empty() {
            self.0.push(format!("{what} : à renseigner"));
        } else if len(value) != exact || !value.trim().chars().all(|c| c.is_ascii_alphanumeric()) {
            self.0.push(format!(
                "{what} : code « {} » inconnu de SIECLE ({exact} lettres ou chiffres attendus)",
                value.trim()
            ));
        }
    }

    fn short_code(&mut self, what: &str, value: &str, max: usize) {
        let v = value.trim();
        if v.is_empty() {
            self.0.push(format!("{what} : à renseigner"));
        } else if v.chars().count() > max || !v.chars().all(|c| c.is_ascii_alphanumeric()) {
            self.0.push(format!("{what} : code « {v} » inconnu de SIECLE"));
        }
    }
}

pub(crate) fn check_parametres(p: &Parametres) -> Result<(), String> {
    let mut r = Reasons(Vec::new());
    r.code("UAJ de l'établissement", &p.uaj, 8);
    if !(0..=9999).contains(&p.annee_scolaire) {
        r.0.push(format!("année scolaire {} hors de 0000–9999", p.annee_scolaire));
    }
    if p.num_envoi > 99_999 {
        r.0.push(format!("numéro d'envoi {} au-delà de 99999", p.num_envoi));
    }
    r.text("nom du logiciel", &p.logiciel, 1, 10);
    match r.0.is_empty() {
        true => Ok(()),
        false => Err(r.0.join(" ; ")),
    }
}

pub(crate) fn check_eleve(e: &EleveRetour) -> Vec<String> {
    let mut r = Reasons(Vec::new());
    if let Some(ine) = e.ine.as_deref().filter(|i| !i.trim().is_empty()) {
        r.code("INE", ine, 11);
    }
    r.text("nom de l'élève", &e.nom, 1, 100);
    r.text("prénom de l'élève", &e.prenom, 1, 100);
    r.opt("second prénom de l'élève", &e.prenom2, 100);
    r.short_code("nationalité (code pays SIECLE)", &e.code_pays_nationalite, 3);
    r.short_code("sexe", &e.code_sexe, 1);
    r.short_code("pays de naissance (code pays SIECLE)", &e.code_pays_naissance, 3);
    match &e.lieu_naissance {
        LieuNaissance::CommuneInsee(code) => r.code("commune de naissance (code INSEE)", code, 5),
        LieuNaissance::Ville(ville) => r.text("ville de naissance", ville, 1, 32),
    }
    r.short_code("régime (CODE_REGIME)", &e.code_regime, 2);
    match e.responsables.len() {
        0 => r.0.push("aucun responsable légal".into()),
        1 | 2 => {}
        n => r.0.push(format!("{n} responsables légaux (SIECLE en prend 2 au plus)")),
    }
    for (i, resp) in e.responsables.iter().enumerate() {
        let mut sub = Reasons(Vec::new());
        sub.short_code("lien de parenté", &resp.code_parente, 2);
        check_personne(&mut sub, &resp.personne);
        r.0.extend(sub.0.into_iter().map(|m| format!("responsable {} : {m}", i + 1)));
    }
    let s = &e.scolarite;
    r.code("niveau de l'an prochain (code MEF)", &s.code_mef, 11);
    r.short_code("statut", &s.code_statut, 2);
    if s.options.len() > 12 {
        r.0.push(format!("{} options (SIECLE en prend 12 au plus)", s.options.len()));
    }
    for o in &s.options {
        r.short_code("option (code matière)", &o.code_matiere, 6);
        if !o.modalite.is_ascii_alphanumeric() {
            r.0.push(format!(
                "option {} : modalité « {} » inconnue",
                o.code_matiere, o.modalite
            ));
        }
    }
    let a = &e.an_dernier;
    r.code("établissement de cette année (UAI)", &a.code_rne, 8);
    r.short_code("provenance", &a.code_provenance, 1);
    if let Some(mef) = a.code_mef.as_deref() {
        r.code("niveau de cette année (code MEF)", mef, 11);
    }
    r.opt("classe de cette année", &a.code_division, 8);
    r.0
}

fn check_personne(r: &mut Reasons, p: &PersonneRetour) {
    r.short_code("civilité", &p.code_civilite, 1);
    r.text("nom", &p.nom, 1, 100);
    r.text("prénom", &p.prenom, 1, 100);
    if let Some(a) = &p.adresse {
        check_adresse(r, a);
    }
    r.short_code("profession (code SIECLE)", &p.code_profession, 2);
    r.opt("téléphone du domicile", &p.tel_personnel, 20);
    r.opt("téléphone professionnel", &p.tel_professionnel, 20);
    r.opt("téléphone portable", &p.tel_portable, 20);
    r.opt("adresse électronique", &p.email, 254);
}

fn check_adresse(r: &mut Reasons, a: &AdresseRetour) {
    if a.lignes.len() > LIGNES_ADRESSE {
        r.0.push(format!("adresse sur {} lignes (SIECLE en prend 4)", a.lignes.len()));
    }
    for ligne in &a.lignes {
        r.text("ligne d'adresse", ligne, 1, LIGNE_ADRESSE_MAX);
    }
    match &a.commune {
        Commune::France { code_postal, libelle } => {
            if len(code_postal) != 5 || !code_postal.trim().chars().all(|c| c.is_ascii_digit()) {
                r.0.push(format!("code postal « {} » : 5 chiffres attendus", code_postal.trim()));
            }
            r.text("commune", libelle, 1, 32);
        }
        Commune::Etrangere(commune) => r.text("commune à l'étranger", commune, 1, 32),
    }
    r.short_code("pays de l'adresse (code pays SIECLE)", &a.code_pays, 3);
}
