//! The import itself: plan every pupil, then write everything in one transaction.

use std::collections::{HashMap, HashSet};

use crate::store::Conn;
use dossiersco_model::{DossierState, Etablissement, FormValues};
use indicatif::ProgressBar;

use super::codes_file::write_codes_file;
use super::files::ImportFiles;
use super::guardians::{responsable_data, GuardianIndex};
use super::mapping::{iso, plan_pupil, Destination, PupilPlan, Sources};
use super::options::OptionMapper;
use super::report::{ImportReport, NewCode};
use super::retour;
use super::{CodesOutput, ImportError};
use crate::auth::{codes, SecretHasher};
use crate::store::historique::{self, action};
use crate::store::import::{self as sql, EleveData, LinkData};
use dossiersco_siecle::EleveSiecle;

/// Prefill keys that come from the Responsables file: kept from the previous import when
/// this one has no such file.
fn from_responsables(key: &str) -> bool {
    key.starts_with("resp1.") || key.starts_with("resp2.") || key.starts_with("urgence.")
}

fn eleve_data(plan: &PupilPlan, prefill: &FormValues) -> EleveData {
    let (mef_destination, etat) = match &plan.destination {
        Destination::Niveau(mef) => (Some(mef.clone()), DossierState::NonConnecte),
        Destination::Sortant => (None, DossierState::Sortant),
    };
    EleveData {
        ine: plan.ine.clone(),
        nom: plan.nom.clone(),
        prenom: plan.prenom.clone(),
        date_naissance: iso(plan.date_naissance),
        division: plan.division.clone(),
        mef_actuel: Some(plan.mef_actuel.clone()),
        mef_destination,
        options_actuelles: serde_json::to_string(&plan.options).unwrap_or_else(|_| "[]".into()),
        prefill: serde_json::to_string(prefill).unwrap_or_else(|_| "{}".into()),
        etat: etat.as_str().to_string(),
    }
}

/// A new code whose hash no pupil has yet (a collision is astronomically unlikely, but the
/// column is UNIQUE).
fn new_code(conn: &Conn, hasher: &SecretHasher) -> Result<(String, String), ImportError> {
    loop {
        let code = codes::generate();
        let hash = hasher.hash_code(&codes::normalize(&code).expect("generated codes are valid"));
        if !sql::code_hash_exists(conn, &hash)? {
            return Ok((code, hash));
        }
    }
}

fn now_utc() -> String {
    let now = time::OffsetDateTime::now_utc();
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        iso(now.date()),
        now.hour(),
        now.minute(),
        now.second()
    )
}

pub(crate) fn run(
    conn: &mut Conn,
    etab: &Etablissement,
    files: ImportFiles,
    output: CodesOutput,
    progress: &ProgressBar,
    qui: &str,
) -> Result<ImportReport, ImportError> {
    let uai = etab.uai.as_str();
    // In the pupil's history: a code nobody will see is a letter still to print.
    let (code_event, code_detail) = match output {
        CodesOutput::Discard => (
            action::IMPORTE_SANS_COURRIER,
            "Importé de SIECLE avec un code d'accès : courrier à imprimer",
        ),
        _ => (
            action::IMPORTE,
            "Importé de SIECLE avec un code d'accès (fichier de codes ou courriers)",
        ),
    };
    let mapper = OptionMapper::new(etab, files.nomenclature.as_ref());
    let index = files.responsables.as_ref().map(GuardianIndex::new);
    let src = Sources {
        etab,
        options: &mapper,
        nomenclature: files.nomenclature.as_ref(),
        guardians: index.as_ref(),
    };
    let mut report = ImportReport {
        uai: uai.to_string(),
        fichiers: files.fichiers.clone(),
        avertissements: files.avertissements.clone(),
        ..ImportReport::default()
    };
    let mut plans = Vec::with_capacity(files.eleves.len());
    for e in &files.eleves {
        match plan_pupil(&src, e) {
            Ok(plan) => plans.push(plan),
            Err(refus) => report.refuses.push(refus),
        }
    }
    let in_export: HashSet<&str> = files.eleves.iter().map(|e| e.eleve_id.as_str()).collect();
    let by_id: HashMap<&str, &EleveSiecle> = files.eleves.iter().map(|e| (e.eleve_id.as_str(), e)).collect();
    let matieres = retour::matieres(&mapper, files.nomenclature.as_ref());
    if let Some(index) = &index {
        report.liens_ignores = index.links_to_unknown(&|id| in_export.contains(id));
    }

    progress.set_length(plans.len() as u64);
    progress.set_message("enregistrement des élèves");
    let tx = conn.transaction()?;
    let hasher = SecretHasher::load_or_create(&tx)?;
    let existing = sql::existing_eleves(&tx, uai)?;
    let now = now_utc();
    let mut new_codes: Vec<NewCode> = Vec::new();
    let mut responsable_ids: HashMap<String, i64> = HashMap::new();

    for plan in &plans {
        progress.inc(1);
        let sortant = plan.destination == Destination::Sortant;
        let previous = existing.get(&plan.eleve_id);
        let mut prefill = plan.prefill.clone();
        if plan.guardians.is_none() {
            if let Some(old) = previous.and_then(|p| serde_json::from_str::<FormValues>(&p.data.prefill).ok()) {
                prefill.extend(old.into_iter().filter(|(k, _)| from_responsables(k)));
            }
        }
        let data = eleve_data(plan, &prefill);
        let codes = by_id
            .get(plan.eleve_id.as_str())
            .map(|e| retour::codes(e, &mapper, &matieres, plan.guardians.as_deref().zip(index.as_ref())))
            .unwrap_or_default();
        let codes = serde_json::to_string(&codes).unwrap_or_else(|_| "{}".into());
        let (id, code) = match previous {
            None => {
                let (code, hash) = if sortant {
                    (None, sql::no_code_hash(uai, &plan.eleve_id))
                } else {
                    let (code, hash) = new_code(&tx, &hasher)?;
                    (Some(code), hash)
                };
                let id = sql::insert_eleve(&tx, uai, &plan.eleve_id, &data, &hash, &now)?;
                let (what, detail) = match sortant {
                    true => (action::IMPORTE, "Importé de SIECLE : sortant, ni formulaire ni code"),
                    false => (code_event, code_detail),
                };
                historique::record(&tx, uai, id, qui, what, detail)?;
                report.importes += 1;
                (id, code)
            }
            Some(old) if old.famille_active => {
                let ouverture = iso(etab.campagne.ouverture);
                let Some(submitted) = sql::previous_campaign(&tx, old.id, &ouverture)? else {
                    // SIECLE's codes are not what the family sees: they follow the new export.
                    sql::set_codes_siecle(&tx, old.id, &codes)?;
                    report.laisses += 1;
                    continue;
                };
                // Last year's file is over: a new one, from the family's last answers.
                let submitted: FormValues = submitted
                    .and_then(|json| serde_json::from_str(&json).ok())
                    .unwrap_or_default();
                let old_prefill: FormValues = serde_json::from_str(&old.data.prefill).unwrap_or_default();
                let data = eleve_data(plan, &super::carry::carry_over(&submitted, &old_prefill, &prefill));
                sql::end_previous_campaign(&tx, old.id)?;
                sql::update_eleve(&tx, old.id, &data, None, &now)?;
                report.nouvelle_campagne += 1;
                (old.id, None)
            }
            Some(old) => {
                let needs_code = !sortant && !sql::has_code(&old.code_hash);
                let (code, hash) = match needs_code {
                    true => {
                        let (code, hash) = new_code(&tx, &hasher)?;
                        (Some(code), Some(hash))
                    }
                    false => (None, None),
                };
                if data == old.data && !needs_code {
                    report.inchanges += 1;
                } else if sql::update_eleve(&tx, old.id, &data, hash.as_deref(), &now)? {
                    let (what, detail) = match needs_code {
                        true => (code_event, code_detail),
                        false => (action::MIS_A_JOUR, "Données mises à jour par un import SIECLE"),
                    };
                    historique::record(&tx, uai, old.id, qui, what, detail)?;
                    report.mis_a_jour += 1;
                } else {
                    report.laisses += 1;
                    continue;
                }
                (old.id, code)
            }
        };
        if sortant {
            report.sortants += 1;
        }
        if let Some(code) = code {
            new_codes.push(NewCode {
                uai: uai.to_string(),
                eleve_id_siecle: plan.eleve_id.clone(),
                division: plan.division.clone(),
                nom: plan.nom.clone(),
                prenom: plan.prenom.clone(),
                date_naissance: plan.date_naissance,
                code,
            });
        }
        if let (Some(links), Some(index)) = (&plan.guardians, &index) {
            let mut rows = Vec::with_capacity(links.len());
            for link in links {
                let responsable_id = match responsable_ids.get(&link.personne_id) {
                    Some(id) => *id,
                    None => {
                        let personne = index.personne(&link.personne_id).expect("links name known persons");
                        let data = responsable_data(personne, index.adresse(personne));
                        let id = sql::upsert_responsable(&tx, uai, &data)?;
                        responsable_ids.insert(link.personne_id.clone(), id);
                        id
                    }
                };
                rows.push(LinkData {
                    responsable_id,
                    rang: link.rang,
                    lien_parente: link.lien_parente.clone(),
                    paie_frais: link.paie_frais,
                    niveau_responsabilite: link.niveau_responsabilite.clone(),
                });
            }
            sql::replace_links(&tx, id, &rows)?;
        }
        sql::set_codes_siecle(&tx, id, &codes)?;
    }
    if index.is_some() {
        sql::delete_orphan_responsables(&tx, uai)?;
    }
    report.absents = existing.keys().filter(|id| !in_export.contains(id.as_str())).count();
    report.nouveaux_codes = new_codes.len();
    new_codes.sort_by(|a, b| (&a.division, &a.nom, &a.prenom).cmp(&(&b.division, &b.nom, &b.prenom)));

    let mut letters_written = None;
    let written = match output {
        CodesOutput::Forbidden if !new_codes.is_empty() => {
            return Err(ImportError::CodesSansFichier(new_codes.len()));
        }
        CodesOutput::File(path) if !new_codes.is_empty() => {
            write_codes_file(&path, &new_codes)?;
            Some(path)
        }
        CodesOutput::Memory => {
            report.codes = new_codes;
            None
        }
        CodesOutput::Letters { codes, letters } if !new_codes.is_empty() => {
            if let Some(path) = &codes {
                write_codes_file(path, &new_codes)?;
            }
            if let Err(err) = letters.write(&new_codes) {
                if let Some(path) = &codes {
                    let _ = std::fs::remove_file(path);
                }
                return Err(err);
            }
            letters_written = Some(letters.path);
            codes
        }
        _ => None,
    };
    if let Err(err) = tx.commit() {
        for path in written.iter().chain(&letters_written) {
            let _ = std::fs::remove_file(path);
        }
        return Err(err.into());
    }
    report.fichier_codes = written;
    report.fichier_courriers = letters_written;
    progress.finish_and_clear();
    tracing::info!(
        uai,
        importes = report.importes,
        mis_a_jour = report.mis_a_jour,
        inchanges = report.inchanges,
        laisses = report.laisses,
        sortants = report.sortants,
        refuses = report.refuses.len(),
        nouveaux_codes = report.nouveaux_codes,
        "import SIECLE"
    );
    Ok(report)
}
