//! The return file to SIECLE: the validated files of a school, as the family last sent
//! them, mapped to SIECLE's codes (`dossiersco_siecle::retour` writes the XML). A file that
//! cannot be mapped — or that would break SIECLE's schema — is listed with the reason, in
//! French, for the office to type by hand.

use crate::import::pays::{code_nationalite, code_pays, fold};
use crate::import::CodesSiecle;
use crate::store::retour_siecle::{ResponsableImporte, Valide};
use dossiersco_model::content::Modalite;
use dossiersco_model::form::{chosen_options, names, resp, CHECKED};
use dossiersco_model::{Etablissement, FormSpec, FormValues};
use dossiersco_siecle::retour::{
    ecrire, lignes_adresse, AdresseRetour, AnDernier, Commune, EleveRetour, LieuNaissance, OptionRetour, Parametres,
    PersonneRetour, ResponsableRetour, Scolarite,
};
use std::collections::BTreeMap;
use time::{Date, Month};

/// What is written under LOGICIEL.
const LOGICIEL: &str = "DOSSIERSCO";
/// CODE_PROFESSION « non renseignée », when the guardian is not the one SIECLE knew.
const PROFESSION_INCONNUE: &str = "99";
/// CODE_PROVENANCE when the export gave none (what the BEE exports carry for pupils
/// already in the school).
const PROVENANCE_PAR_DEFAUT: &str = "1";

/// A validated file left out of the return file, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refuse {
    pub id: i64,
    /// « NOM Prénom ».
    pub eleve: String,
    pub classe: String,
    pub raison: String,
}

/// The return file and the files left out.
#[derive(Debug, Clone)]
pub struct RetourSiecle {
    /// `None` when no file could be exported (SIECLE's schema wants at least one).
    pub xml: Option<Vec<u8>>,
    pub exportables: usize,
    pub refuses: Vec<Refuse>,
}

/// The return file of school `etab` for its validated files `valides`, sent on `today`.
pub fn build(
    etab: &Etablissement,
    forms: &BTreeMap<String, FormSpec>,
    valides: &[Valide],
    today: Date,
) -> anyhow::Result<RetourSiecle> {
    let rentree = etab.campagne.cloture.year();
    let debut = Date::from_calendar_date(rentree, Month::September, 1)?;
    let mut refuses = Vec::new();
    let mut mapped: Vec<(&Valide, EleveRetour)> = Vec::new();
    for v in valides {
        match map(etab, forms, v, debut) {
            Ok(e) => mapped.push((v, e)),
            Err(reasons) => refuses.push(refuse(v, reasons.join(" ; "))),
        }
    }
    let parametres = Parametres {
        uaj: etab.uai.clone(),
        annee_scolaire: rentree,
        date_import: today,
        num_envoi: 1,
        logiciel: LOGICIEL.into(),
    };
    let eleves: Vec<EleveRetour> = mapped.iter().map(|(_, e)| e.clone()).collect();
    let ecrit = ecrire(&parametres, &eleves)?;
    for (i, raison) in ecrit.refus {
        refuses.push(refuse(mapped[i].0, raison));
    }
    Ok(RetourSiecle {
        xml: ecrit.xml,
        exportables: ecrit.exportes,
        refuses,
    })
}

fn refuse(v: &Valide, raison: String) -> Refuse {
    Refuse {
        id: v.id,
        eleve: format!("{} {}", v.nom, v.prenom),
        classe: v.division.clone().unwrap_or_default(),
        raison,
    }
}

/// One validated file → SIECLE's pupil, or every reason it cannot be.
fn map(
    etab: &Etablissement,
    forms: &BTreeMap<String, FormSpec>,
    v: &Valide,
    debut: Date,
) -> Result<EleveRetour, Vec<String>> {
    let mut why: Vec<String> = Vec::new();
    let values = v.valeurs.as_ref().unwrap_or(&v.prefill);
    let get = |name: &str| values.get(name).map(|s| s.trim()).unwrap_or("").to_string();
    if v.codes_siecle.trim() == "{}" {
        why.push(
            "importé avant que dossiersco garde les codes SIECLE : importez à nouveau les exports SIECLE \
             (ElevesAvecAdresses, ResponsablesAvecAdresses, Nomenclature)"
                .into(),
        );
    }
    let codes: CodesSiecle = serde_json::from_str(&v.codes_siecle).unwrap_or_default();

    let code_sexe = match get(names::ELEVE_SEXE).as_str() {
        "M" => "1".to_string(),
        "F" => "2".to_string(),
        _ => {
            why.push("sexe de l'élève non renseigné".into());
            String::new()
        }
    };
    let pays_naissance = get(names::ELEVE_PAYS_NAISSANCE);
    let code_pays_naissance = code_pays(&pays_naissance, codes.pays_naissance.as_deref()).unwrap_or_else(|| {
        why.push(format!(
            "pays de naissance « {pays_naissance} » : code pays SIECLE inconnu"
        ));
        String::new()
    });
    let nationalite = get(names::ELEVE_NATIONALITE);
    let code_pays_nationalite =
        code_nationalite(&nationalite, codes.pays_nationalite.as_deref()).unwrap_or_else(|| {
            why.push(format!("nationalité « {nationalite} » : code pays SIECLE inconnu"));
            String::new()
        });
    let ville = get(names::ELEVE_VILLE_NAISSANCE);
    let lieu_naissance = if code_pays_naissance == "100" {
        // SIECLE knows French communes by their INSEE code: the export's holds while the
        // family kept the commune (or only filled it in).
        let same_commune = codes
            .ville_naissance
            .as_deref()
            .is_none_or(|known| fold(known) == fold(&ville));
        match codes.commune_insee_naissance.clone().filter(|_| same_commune) {
            Some(code) => LieuNaissance::CommuneInsee(code),
            None => {
                why.push(format!(
                    "commune de naissance « {ville} » : code INSEE inconnu (absent de l'export SIECLE ou commune \
                     changée par la famille), à saisir dans SIECLE"
                ));
                LieuNaissance::CommuneInsee(String::new())
            }
        }
    } else {
        LieuNaissance::Ville(ville.to_uppercase())
    };
    let date_naissance = dossiersco_model::content::iso_date::parse(&get(names::ELEVE_DATE_NAISSANCE))
        .or_else(|| dossiersco_model::content::iso_date::parse(&v.date_naissance))
        .unwrap_or_else(|| {
            why.push("date de naissance illisible".into());
            debut
        });

    let Some(mef) = v.mef_destination.clone().filter(|m| !m.is_empty()) else {
        why.push("pas de niveau pour l'an prochain (MEF de destination manquant)".into());
        return Err(why);
    };
    let options = match forms.get(&mef) {
        Some(spec) => options(spec, values, &codes, &mut why),
        None => {
            why.push(format!(
                "niveau de l'an prochain {mef} absent du contenu de l'établissement"
            ));
            Vec::new()
        }
    };
    let code_regime = regime(etab, &get(names::DEMI_PENSION), codes.regime.as_deref());

    let mut responsables = Vec::new();
    for n in [1u8, 2] {
        if get(&resp(n, "nom")).is_empty() && get(&resp(n, "prenom")).is_empty() {
            continue;
        }
        match responsable(values, n, &v.responsables, &codes) {
            Ok(r) => responsables.push(r),
            Err(reasons) => why.extend(reasons.into_iter().map(|r| format!("responsable {n} : {r}"))),
        }
    }
    if let [first, second] = responsables.as_mut_slice() {
        // The second houses the pupil when both live at the same address.
        second.heberge_eleve = first.personne.adresse == second.personne.adresse;
    }
    if !why.is_empty() {
        return Err(why);
    }
    Ok(EleveRetour {
        ine: v.ine.clone().filter(|i| !i.trim().is_empty()),
        nom: get(names::ELEVE_NOM),
        prenom: get(names::ELEVE_PRENOM),
        prenom2: Some(get(names::ELEVE_PRENOM2)).filter(|p| !p.is_empty()),
        code_pays_nationalite,
        date_naissance,
        code_sexe,
        code_pays_naissance,
        lieu_naissance,
        code_regime,
        doublement: v.mef_actuel.as_deref() == Some(mef.as_str()),
        responsables,
        scolarite: Scolarite {
            code_mef: mef,
            code_statut: "ST".into(),
            date_debut: debut,
            options,
        },
        an_dernier: AnDernier {
            code_rne: etab.uai.clone(),
            code_provenance: codes.provenance.clone().unwrap_or_else(|| PROVENANCE_PAR_DEFAUT.into()),
            code_mef: v.mef_actuel.clone().filter(|m| !m.is_empty()),
            code_division: v.division.clone().filter(|d| !d.is_empty()),
        },
    })
}

/// The options chosen, by SIECLE matière code.
fn options(spec: &FormSpec, values: &FormValues, codes: &CodesSiecle, why: &mut Vec<String>) -> Vec<OptionRetour> {
    let chosen = chosen_options(spec, values);
    let mut out = Vec::new();
    for option in spec.options.iter().filter(|o| chosen.contains(&o.code)) {
        let code = codes.matieres.get(&option.code).cloned().or_else(|| {
            // Content may name an option by its matière code directly.
            let c = option.code.trim();
            (c.len() == 6 && c.chars().all(|ch| ch.is_ascii_digit())).then(|| c.to_string())
        });
        let Some(code_matiere) = code else {
            why.push(format!(
                "option « {} » ({}) : code matière SIECLE inconnu (absent de la Nomenclature importée)",
                option.libelle, option.code
            ));
            continue;
        };
        out.push(OptionRetour {
            code_matiere,
            modalite: match option.modalite {
                Modalite::Obligatoire => 'O',
                Modalite::Facultative => 'F',
            },
        });
    }
    out
}

/// CODE_REGIME: the export's while it agrees with the family's choice (2x, 3 and 6 eat at
/// school; 0 and 1 do not), else 2 (demi-pensionnaire dans l'établissement) or 0 (externe).
fn regime(etab: &Etablissement, choix: &str, known: Option<&str>) -> String {
    let known = known.map(str::trim).filter(|k| !k.is_empty());
    let eats = |code: &str| matches!(code.chars().next(), Some('2' | '3' | '6'));
    match (etab.demi_pension.proposee, choix) {
        (true, "demi_pensionnaire") => known.filter(|k| eats(k)).unwrap_or("2").to_string(),
        (true, "externe") => known.filter(|k| !eats(k)).unwrap_or("0").to_string(),
        _ => known.unwrap_or("0").to_string(),
    }
}

fn responsable(
    values: &FormValues,
    n: u8,
    imported: &[ResponsableImporte],
    codes: &CodesSiecle,
) -> Result<ResponsableRetour, Vec<String>> {
    let get = |key: &str| values.get(&resp(n, key)).map(|s| s.trim()).unwrap_or("").to_string();
    let mut why = Vec::new();
    let code_civilite = match get("civilite").as_str() {
        "M." => "1",
        "Mme" => "2",
        _ => {
            why.push("civilité non renseignée".to_string());
            ""
        }
    };
    let (nom, prenom) = (get("nom"), get("prenom"));
    // The profession SIECLE has, while the guardian is the same person.
    let code_profession = imported
        .iter()
        .find(|r| r.rang == i64::from(n) && fold(&r.nom) == fold(&nom) && fold(&r.prenom) == fold(&prenom))
        .and_then(|r| codes.professions.get(&r.personne_id_siecle).cloned())
        .unwrap_or_else(|| PROFESSION_INCONNUE.into());
    let adresse = adresse(
        &get("adresse"),
        &get("adresse2"),
        &get("code_postal"),
        &get("commune"),
        &get("pays"),
    )
    .map_err(|e| why.push(e))
    .ok()
    .flatten();
    let phone = |key: &str| {
        let p: String = get(key).chars().filter(|c| !matches!(c, ' ' | '.' | '-')).collect();
        Some(p).filter(|p| !p.is_empty())
    };
    let personne = PersonneRetour {
        code_civilite: code_civilite.into(),
        nom,
        prenom,
        adresse,
        code_profession,
        tel_personnel: phone("tel_domicile"),
        tel_professionnel: phone("tel_travail"),
        tel_portable: phone("tel_portable"),
        email: Some(get("email")).filter(|e| !e.is_empty()),
    };
    let code_parente = get("lien");
    if code_parente.is_empty() {
        why.push("lien de parenté non renseigné".into());
    }
    if !why.is_empty() {
        return Err(why);
    }
    Ok(ResponsableRetour {
        personne,
        code_parente,
        paie_frais: get("paie_frais") == CHECKED,
        heberge_eleve: n == 1,
    })
}

fn adresse(
    ligne: &str,
    complement: &str,
    code_postal: &str,
    commune: &str,
    pays: &str,
) -> Result<Option<AdresseRetour>, String> {
    if [ligne, complement, code_postal, commune].iter().all(|s| s.is_empty()) {
        return Ok(None);
    }
    let pays = if pays.is_empty() { "France" } else { pays };
    let code_pays = code_pays(pays, None).ok_or_else(|| format!("pays « {pays} » : code pays SIECLE inconnu"))?;
    let lignes = lignes_adresse(&[ligne, complement])
        .ok_or_else(|| "adresse trop longue pour SIECLE (4 lignes de 38 caractères au plus)".to_string())?;
    let commune = match code_pays.as_str() {
        "100" => Commune::France {
            code_postal: code_postal.to_string(),
            libelle: commune.to_uppercase(),
        },
        _ => Commune::Etrangere(commune.to_uppercase()),
    };
    Ok(Some(AdresseRetour {
        lignes,
        commune,
        code_pays,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn etab(demi_pension: bool) -> Etablissement {
        let yaml = format!(
            "uai: 0699901M\nnom: C\nadresse: {{ligne: l, code_postal: \"69002\", ville: Lyon}}\ncourriel: a@b.fr\n\
             campagne: {{ouverture: 2027-04-06, cloture: 2027-05-28}}\n\
             niveaux: [{{mef: \"10110001110\", libelle: 5e}}]\noptions: []\n\
             demi_pension: {{proposee: {demi_pension}}}\nregimes_sortie: [{{code: libre, libelle: Libre}}]\npassages: []\n"
        );
        serde_yaml::from_str(&yaml).unwrap()
    }

    #[test]
    fn le_regime_de_siecle_est_garde_tant_qu_il_s_accorde_avec_le_choix() {
        let e = etab(true);
        assert_eq!(regime(&e, "demi_pensionnaire", Some("24")), "24");
        assert_eq!(regime(&e, "demi_pensionnaire", Some("0")), "2");
        assert_eq!(regime(&e, "demi_pensionnaire", None), "2");
        assert_eq!(regime(&e, "externe", Some("24")), "0");
        assert_eq!(regime(&e, "externe", Some("1")), "1");
        // Interne (3) eats at school: still « demi-pension » for the family's choice.
        assert_eq!(regime(&e, "demi_pensionnaire", Some("3")), "3");
        // No canteen offered: SIECLE's code stays whatever the form holds.
        assert_eq!(regime(&etab(false), "", Some("24")), "24");
        assert_eq!(regime(&etab(false), "", None), "0");
    }

    fn values(pairs: &[(&str, &str)]) -> FormValues {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn guardian(extra: &[(&str, &str)]) -> FormValues {
        let mut v = values(&[
            ("resp1.civilite", "Mme"),
            ("resp1.nom", "Lefèvre"),
            ("resp1.prenom", "Anne"),
            ("resp1.lien", "10"),
            ("resp1.adresse", "Rue du Rhône 12"),
            ("resp1.code_postal", "1204"),
            ("resp1.commune", "Genève"),
            ("resp1.pays", "Suisse"),
            ("resp1.tel_portable", "+41 79 123 45 67"),
            ("resp1.paie_frais", "oui"),
        ]);
        v.extend(values(extra));
        v
    }

    fn imported(nom: &str) -> Vec<ResponsableImporte> {
        vec![ResponsableImporte {
            rang: 1,
            personne_id_siecle: "900".into(),
            nom: nom.into(),
            prenom: "ANNE".into(),
        }]
    }

    fn codes() -> CodesSiecle {
        CodesSiecle {
            professions: [("900".to_string(), "38".to_string())].into(),
            ..CodesSiecle::default()
        }
    }

    #[test]
    fn un_responsable_a_l_etranger_et_sa_profession() {
        let r = responsable(&guardian(&[]), 1, &imported("LEFEVRE"), &codes()).unwrap();
        assert_eq!(r.personne.code_civilite, "2");
        assert_eq!(
            r.personne.code_profession, "38",
            "same person as SIECLE's, accents aside"
        );
        assert_eq!(r.personne.tel_portable.as_deref(), Some("+41791234567"));
        assert!(r.paie_frais && r.heberge_eleve);
        let a = r.personne.adresse.unwrap();
        assert_eq!(a.code_pays, "140");
        assert_eq!(a.commune, Commune::Etrangere("GENÈVE".into()));
        // Another person in SIECLE's place: her profession is not known.
        let r = responsable(&guardian(&[]), 1, &imported("DURAND"), &codes()).unwrap();
        assert_eq!(r.personne.code_profession, "99");
    }

    #[test]
    fn un_responsable_que_siecle_ne_peut_pas_prendre_dit_pourquoi() {
        let long = "Résidence des Grands Platanes bâtiment C escalier 4 porte 12 au fond de la cour à gauche \
                    après le local à vélos derrière la loge du gardien près du parking";
        let v = guardian(&[("resp1.adresse", long), ("resp1.pays", "Atlantide"), ("resp1.lien", "")]);
        let why = responsable(&v, 1, &[], &CodesSiecle::default()).unwrap_err();
        assert_eq!(
            why,
            [
                "pays « Atlantide » : code pays SIECLE inconnu",
                "lien de parenté non renseigné"
            ]
        );
        let v = guardian(&[
            ("resp1.adresse", long),
            ("resp1.pays", "France"),
            ("resp1.code_postal", "69002"),
        ]);
        let why = responsable(&v, 1, &[], &CodesSiecle::default()).unwrap_err();
        assert_eq!(
            why,
            ["adresse trop longue pour SIECLE (4 lignes de 38 caractères au plus)"]
        );
    }
}
