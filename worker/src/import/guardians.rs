//! Guardians of one pupil: order (rank) and the form values of the first two.
//!
//! Rank 1 and 2 are the guardians shown in the form (responsables légaux first, then
//! "personnes en charge"; among them the one who pays first, then RESP_LEGAL, then file
//! order). Contacts and any further guardian get ranks from 3 on; the first contact
//! pre-fills the emergency contact.

use std::collections::HashMap;

use dossiersco_model::form::{names, resp, CHECKED, LIENS_PARENTE};
use dossiersco_model::FormValues;

use super::pays;
use crate::store::import::ResponsableData;
use dossiersco_siecle::{AdresseSiecle, LienResponsable, PersonneSiecle, Responsables};

/// One pupil–guardian link as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GuardianLink {
    pub personne_id: String,
    pub rang: i64,
    pub lien_parente: Option<String>,
    pub paie_frais: bool,
    pub niveau_responsabilite: Option<String>,
}

/// The Responsables export indexed for lookups.
pub(crate) struct GuardianIndex<'a> {
    personnes: HashMap<&'a str, &'a PersonneSiecle>,
    adresses: HashMap<&'a str, &'a AdresseSiecle>,
    liens: HashMap<&'a str, Vec<&'a LienResponsable>>,
}

impl<'a> GuardianIndex<'a> {
    pub(crate) fn new(r: &'a Responsables) -> GuardianIndex<'a> {
        let mut liens: HashMap<&str, Vec<&LienResponsable>> = HashMap::new();
        for lien in &r.liens {
            liens.entry(lien.eleve_id.as_str()).or_default().push(lien);
        }
        GuardianIndex {
            personnes: r.personnes.iter().map(|p| (p.personne_id.as_str(), p)).collect(),
            adresses: r.adresses.iter().map(|(id, a)| (id.as_str(), a)).collect(),
            liens,
        }
    }

    pub(crate) fn personne(&self, id: &str) -> Option<&'a PersonneSiecle> {
        self.personnes.get(id).copied()
    }

    pub(crate) fn adresse(&self, p: &PersonneSiecle) -> Option<&'a AdresseSiecle> {
        p.adresse_id.as_deref().and_then(|id| self.adresses.get(id).copied())
    }

    /// Links of a pupil whose person is in the file, ranked, with the form values they give.
    pub(crate) fn for_pupil(&self, eleve_id: &str, prefill: &mut FormValues) -> Vec<GuardianLink> {
        let mut liens: Vec<&LienResponsable> = self
            .liens
            .get(eleve_id)
            .map(|l| {
                l.iter()
                    .copied()
                    .filter(|l| self.personnes.contains_key(l.personne_id.as_str()))
                    .collect()
            })
            .unwrap_or_default();
        // Stable sort: file order breaks ties.
        liens.sort_by_key(|l| {
            (
                !in_form(l),
                !is_legal(l),
                !l.paie_frais,
                l.resp_legal.unwrap_or(u8::MAX),
            )
        });
        let mut out = Vec::new();
        let mut next_other = 3;
        let mut urgence_done = false;
        for (pos, lien) in liens.iter().enumerate() {
            let rang = if in_form(lien) && pos < 2 {
                pos as i64 + 1
            } else {
                next_other += 1;
                next_other - 1
            };
            let personne = self.personnes[lien.personne_id.as_str()];
            if rang <= 2 {
                guardian_values(rang as u8, personne, lien, self.adresse(personne), prefill);
            } else if !in_form(lien) && !urgence_done {
                urgence_done = urgence_values(personne, lien, prefill);
            }
            out.push(GuardianLink {
                personne_id: lien.personne_id.clone(),
                rang,
                lien_parente: lien.code_parente.clone(),
                paie_frais: lien.paie_frais,
                niveau_responsabilite: lien.niveau_responsabilite.clone(),
            });
        }
        out
    }

    /// Links naming a pupil not in `known` (counted in the summary).
    pub(crate) fn links_to_unknown(&self, known: &dyn Fn(&str) -> bool) -> usize {
        self.liens
            .iter()
            .filter(|(id, _)| !known(id))
            .map(|(_, l)| l.len())
            .sum()
    }
}

/// Responsable légal (1) or personne en charge (2); exports without the level count as legal.
fn in_form(l: &LienResponsable) -> bool {
    matches!(l.niveau_responsabilite.as_deref(), None | Some("1" | "2"))
}

fn is_legal(l: &LienResponsable) -> bool {
    matches!(l.niveau_responsabilite.as_deref(), None | Some("1"))
}

/// A guardian's stored columns: address lines, country name and phones as the form shows them.
pub(crate) fn responsable_data(p: &PersonneSiecle, a: Option<&AdresseSiecle>) -> ResponsableData {
    let clean = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let mut data = ResponsableData {
        personne_id: p.personne_id.clone(),
        civilite: p.civilite.as_deref().and_then(civilite).map(str::to_string),
        nom: p.nom.trim().to_string(),
        prenom: p.prenom.trim().to_string(),
        tel_portable: clean(&p.tel_portable).map(|t| phone(&t)),
        tel_domicile: clean(&p.tel_personnel).map(|t| phone(&t)),
        tel_travail: clean(&p.tel_professionnel).map(|t| phone(&t)),
        email: clean(&p.email),
        ..ResponsableData::default()
    };
    if let Some(a) = a {
        let lines: Vec<&str> = [&a.ligne1, &a.ligne2, &a.ligne3, &a.ligne4]
            .into_iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty())
            .collect();
        data.adresse = lines.first().map(|l| l.to_string()).unwrap_or_default();
        data.adresse2 = lines.get(1..).unwrap_or_default().join(", ");
        data.code_postal = a.code_postal.trim().to_string();
        data.commune = a.commune.trim().to_string();
        data.pays = match a.code_pays.as_deref().map(str::trim) {
            Some(code) if !code.is_empty() => pays::pays(code),
            _ => "France".to_string(),
        };
    }
    data
}

fn guardian_values(n: u8, p: &PersonneSiecle, lien: &LienResponsable, a: Option<&AdresseSiecle>, v: &mut FormValues) {
    let d = responsable_data(p, a);
    let mut set = |key: &str, value: Option<&str>| {
        if let Some(value) = value.filter(|s| !s.is_empty()) {
            v.insert(resp(n, key), value.to_string());
        }
    };
    let lien_code = lien.code_parente.as_deref().map(str::trim);
    set("lien", lien_code.filter(|c| LIENS_PARENTE.iter().any(|(k, _)| k == c)));
    set("civilite", d.civilite.as_deref());
    set("nom", Some(&d.nom));
    set("prenom", Some(&d.prenom));
    set("adresse", Some(&d.adresse));
    set("adresse2", Some(&d.adresse2));
    set("code_postal", Some(&d.code_postal));
    set("commune", Some(&d.commune));
    set("pays", Some(&d.pays));
    set("tel_portable", d.tel_portable.as_deref());
    set("tel_domicile", d.tel_domicile.as_deref());
    set("tel_travail", d.tel_travail.as_deref());
    set("email", d.email.as_deref());
    set("paie_frais", lien.paie_frais.then_some(CHECKED));
}

/// Emergency contact from a SIECLE contact; false when it has no phone (useless as such).
fn urgence_values(p: &PersonneSiecle, lien: &LienResponsable, v: &mut FormValues) -> bool {
    let Some(tel) = [&p.tel_portable, &p.tel_personnel, &p.tel_professionnel]
        .into_iter()
        .flatten()
        .find(|t| !t.trim().is_empty())
    else {
        return false;
    };
    let nom = format!("{} {}", p.prenom.trim(), p.nom.trim()).trim().to_string();
    v.insert(names::URGENCE_NOM.into(), nom);
    v.insert(names::URGENCE_TELEPHONE.into(), phone(tel));
    if let Some((_, label)) = LIENS_PARENTE
        .iter()
        .find(|(k, _)| Some(*k) == lien.code_parente.as_deref())
    {
        v.insert(names::URGENCE_LIEN.into(), label.to_string());
    }
    true
}

/// SIECLE civilité (LC_CIVILITE or CODE_CIVILITE) → the form's choice.
fn civilite(raw: &str) -> Option<&'static str> {
    match raw.trim().to_uppercase().as_str() {
        "MME" | "MADAME" | "MLLE" | "2" | "3" => Some("Mme"),
        "M." | "M" | "MR" | "MONSIEUR" | "1" => Some("M."),
        _ => None,
    }
}

/// French numbers grouped by two (06 12 34 56 78), +33 numbers written the French way;
/// anything else as exported (the form tells the family if it is not a valid number).
pub(crate) fn phone(raw: &str) -> String {
    let compact: String = raw.chars().filter(|c| !matches!(c, ' ' | '.' | '-')).collect();
    let national = match compact.strip_prefix("+33").or_else(|| compact.strip_prefix("0033")) {
        Some(rest) if rest.len() == 9 => format!("0{rest}"),
        _ => compact.clone(),
    };
    if national.len() == 10 && national.starts_with('0') && national.bytes().all(|b| b.is_ascii_digit()) {
        return national
            .as_bytes()
            .chunks(2)
            .map(|c| std::str::from_utf8(c).unwrap_or_default())
            .collect::<Vec<_>>()
            .join(" ");
    }
    raw.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_written_the_french_way() {
        assert_eq!(phone("+33764444288"), "07 64 44 42 88");
        assert_eq!(phone("0145744915"), "01 45 74 49 15");
        assert_eq!(phone("+41 22 123 45 67"), "+41 22 123 45 67");
        assert_eq!(phone(" 12 "), "12");
    }

    fn lien(personne: &str, niveau: &str, paie: bool) -> LienResponsable {
        LienResponsable {
            eleve_id: "E".into(),
            personne_id: personne.into(),
            niveau_responsabilite: Some(niveau.into()),
            code_parente: Some("10".into()),
            paie_frais: paie,
            resp_legal: None,
        }
    }

    fn personne(id: &str) -> PersonneSiecle {
        PersonneSiecle {
            personne_id: id.into(),
            civilite: Some("MME".into()),
            nom: format!("NOM{id}"),
            prenom: format!("Prénom{id}"),
            tel_personnel: None,
            tel_portable: Some("0612345678".into()),
            tel_professionnel: None,
            email: None,
            adresse_id: None,
            code_profession: None,
        }
    }

    #[test]
    fn legal_guardians_first_the_payer_first_contacts_after() {
        let r = Responsables {
            personnes: vec![personne("c"), personne("a"), personne("b"), personne("x")],
            liens: vec![
                lien("c", "3", false),
                lien("a", "1", false),
                lien("b", "1", true),
                lien("x", "9", false),
            ],
            adresses: vec![],
        };
        let index = GuardianIndex::new(&r);
        let mut v = FormValues::new();
        let links = index.for_pupil("E", &mut v);
        let ranks: Vec<(&str, i64)> = links.iter().map(|l| (l.personne_id.as_str(), l.rang)).collect();
        assert_eq!(ranks, [("b", 1), ("a", 2), ("c", 3), ("x", 4)]);
        assert_eq!(v["resp1.nom"], "NOMb");
        assert_eq!(v["resp1.paie_frais"], "oui");
        assert_eq!(v["resp2.civilite"], "Mme");
        assert!(!v.contains_key("resp2.paie_frais"));
        assert_eq!(v["urgence.nom"], "Prénomc NOMc");
        assert_eq!(v["urgence.telephone"], "06 12 34 56 78");
    }

    #[test]
    fn a_lone_contact_never_becomes_guardian_2() {
        let r = Responsables {
            personnes: vec![personne("a"), personne("c")],
            liens: vec![lien("c", "3", true), lien("a", "1", false)],
            adresses: vec![],
        };
        let mut v = FormValues::new();
        let links = GuardianIndex::new(&r).for_pupil("E", &mut v);
        let ranks: Vec<i64> = links.iter().map(|l| l.rang).collect();
        assert_eq!(ranks, [1, 3]);
        assert!(!v.keys().any(|k| k.starts_with("resp2.")));
    }
}
