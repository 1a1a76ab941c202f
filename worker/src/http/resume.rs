//! `GET /resume`: after login, the one-click page — what the school holds for the open
//! child's file, the few questions new for next year, « Tout est exact — je réinscris mon
//! enfant » (posted to `POST /dossier` with `mode=un_clic`), the link to the full form, the
//! other children of the session and « Réinscrire un autre enfant » (its letter's code and
//! birth date), and the guardians' details typed for another child of the session, offered
//! for this one. Rendered by the worker from the theme's `resume.html` (one family's data),
//! and complete without JavaScript.

use super::edge::{parse_form, wants_json};
use super::enfants::{self, eleve_ref, ELEVE_REF, SOURCE};
use super::error::HttpError;
use super::reply::{html, json, see_other, Resp};
use super::session;
use crate::app::App;
use crate::oneclick::{self, summary, Questions, CHAMPS};
use crate::store::families::{self, Dossier, Mode};
use crate::store::fratrie::{self, Enfant, Offre};
use crate::store::sessions::SessionEleve;
use dossiersco_generator::views::FormView;
use dossiersco_model::form::{names, resp, FieldKind};
use dossiersco_model::validate::sanitize_draft;
use dossiersco_model::{validate_submission_with, FieldError, FormSpec, FormValues, Section};
use hyper::header::HeaderMap;
use hyper::StatusCode;
use serde_json::json;
use std::collections::BTreeSet;
use std::sync::Arc;

pub async fn get(app: &Arc<App>, headers: &HeaderMap, query: Option<&str>) -> Result<Resp, HttpError> {
    let session = session::current(app, headers)?.ok_or(HttpError::Unauthorized)?;
    let Some(mef) = session.mef_destination.clone() else {
        // Leaving the school: no file; the index of the forms says so.
        return Ok(see_other(app, &format!("/{}/dossier/", session.uai)));
    };
    let dossier = load(app, &session)?;
    let Some(spec) = app.content.form(&session.uai, &mef) else {
        return Ok(see_other(app, &format!("/{}/dossier/", session.uai)));
    };
    let (known, _) = oneclick::known_values(&dossier);
    let fournis = app
        .readers
        .run(|conn| crate::store::pieces::documents_fournis(conn, session.eleve_id))?;
    let questions = oneclick::questions(
        spec,
        &oneclick::base_values(&dossier),
        &session.options_actuelles,
        &fournis,
    );
    let alerte = query.map(|q| alerte(q.as_bytes())).unwrap_or(serde_json::Value::Null);
    let mut values = known.clone();
    if let Some((choix, nom)) = oneclick::default_signer(&dossier, &known) {
        values.entry(names::SIGNATURE_SIGNATAIRE.into()).or_insert(choix);
        values.entry(names::SIGNATURE_NOM.into()).or_insert(nom);
    }
    let page = Page {
        session: &session,
        dossier: &dossier,
        spec,
        known: &known,
        questions,
        values: &values,
        errors: &[],
        enfants: enfants::enfants(app, headers)?,
        offres: offres(app, headers, &session)?,
        alerte,
        langue: super::langue::of_request(app, headers, query),
    };
    render(app, page, StatusCode::OK)
}

/// A one-click post (`POST /dossier`, `mode=un_clic`): the page's answers join the known
/// values, then the full form's validation, submission and email. `fournis`: the documents
/// with a file, as the post's reading found them.
pub(super) async fn post(
    app: &Arc<App>,
    headers: &HeaderMap,
    session: &SessionEleve,
    spec: &FormSpec,
    posted: &FormValues,
    fournis: &BTreeSet<String>,
) -> Result<Resp, HttpError> {
    let dossier = load(app, session)?;
    let (known, _) = oneclick::known_values(&dossier);
    let mut questions = oneclick::questions(
        spec,
        &oneclick::base_values(&dossier),
        &session.options_actuelles,
        fournis,
    );
    let answered = oneclick::answered(spec, posted, &questions);
    let merged = oneclick::merge(&known, posted, &answered);
    if let Some(etape) = posted.get(MODIFIER) {
        return modifier(app, session, spec, &merged, etape).await;
    }
    let errors: Vec<FieldError> = match validate_submission_with(spec, &merged, &session.options_actuelles, fournis) {
        Ok(values) => {
            let lang = super::langue::of_form(app, headers, posted);
            let choisie = super::langue::chosen_in_form(app, headers, posted);
            let day = super::limits::day_start(app.now());
            return super::dossier::submit(app, session, values, Mode::UnClic, &lang, choisie, day).await;
        }
        Err(errors) => errors,
    };
    let lang = super::langue::of_form(app, headers, posted);
    // The model's messages are French: each one in the family's language.
    let errors: Vec<FieldError> = errors
        .into_iter()
        .map(|e| FieldError {
            message: app.langues.message(&lang, &e.message, e.texte.as_ref()),
            ..e
        })
        .collect();
    if wants_json(headers) {
        return Ok(json(StatusCode::UNPROCESSABLE_ENTITY, &json!({ "erreurs": errors })));
    }
    // The page again, with every field in error shown (nothing asked is ever out of reach).
    let shown: Vec<String> = spec
        .fields()
        .filter(|f| f.kind != FieldKind::File)
        .map(|f| f.name.clone())
        .filter(|n| answered.contains(n) || errors.iter().any(|e| &e.field == n))
        .collect();
    questions.complements |= shown.iter().any(|n| !questions.contains(n));
    questions.champs = shown;
    let page = Page {
        session,
        dossier: &dossier,
        spec,
        known: &known,
        questions,
        values: &merged,
        errors: &errors,
        enfants: enfants::enfants(app, headers)?,
        offres: offres(app, headers, session)?,
        alerte: serde_json::Value::Null,
        langue: lang,
    };
    render(app, page, StatusCode::UNPROCESSABLE_ENTITY)
}

/// Name of the page's « Modifier » buttons; their value is the full form's step to open.
const MODIFIER: &str = "modifier";

/// « Modifier » on the one-click page (a submit button of its form, so it works without
/// JavaScript): what was typed on the page is saved as the draft, then the full form opens
/// at that step, filled with it.
async fn modifier(
    app: &Arc<App>,
    session: &SessionEleve,
    spec: &FormSpec,
    merged: &FormValues,
    etape: &str,
) -> Result<Resp, HttpError> {
    let values = sanitize_draft(spec, merged);
    let now = crate::clock::timestamp(app.now());
    let eleve_id = session.eleve_id;
    let outcome = app
        .writer
        .run(move |conn| families::save_draft(conn, eleve_id, &values, &now))
        .await?;
    if let families::WriteOutcome::Refuse(_) = outcome {
        return Err(HttpError::Conflict(
            "Ce dossier ne peut plus être modifié en ligne : contactez le secrétariat du collège.".into(),
        ));
    }
    // Only a step of this form goes into the address.
    let ancre = spec
        .sections
        .iter()
        .find(|s| s.id == etape)
        .map(|s| format!("#etape-{}", s.id))
        .unwrap_or_default();
    Ok(enfants::to_worker(app, &format!("/dossier{ancre}")))
}

fn load(app: &App, session: &SessionEleve) -> Result<Dossier, HttpError> {
    app.readers
        .run(|conn| families::load(conn, session.eleve_id))?
        .ok_or(HttpError::Unauthorized)
}

/// What the page shows.
struct Page<'a> {
    session: &'a SessionEleve,
    dossier: &'a Dossier,
    spec: &'a FormSpec,
    /// What the school holds (the summary).
    known: &'a FormValues,
    questions: Questions,
    /// What the questions' fields show (known values, or what was posted).
    values: &'a FormValues,
    errors: &'a [FieldError],
    /// The other children of the session and this one.
    enfants: Vec<Enfant>,
    /// Guardians' details typed for another child of the session, offered for this one.
    offres: Vec<Offre>,
    alerte: serde_json::Value,
    /// The family's language (the page, its dates and messages).
    langue: String,
}

/// The offers of guardians' details for the session's open child.
fn offres(app: &App, headers: &HeaderMap, session: &SessionEleve) -> Result<Vec<Offre>, HttpError> {
    let Some(token_hash) = enfants::token_hash(app, headers) else {
        return Ok(Vec::new());
    };
    Ok(app
        .readers
        .run(|conn| fratrie::offres(conn, &token_hash, session.eleve_id))?)
}

fn render(app: &App, page: Page, status: StatusCode) -> Result<Resp, HttpError> {
    let session = page.session;
    let uai = &session.uai;
    let etab = &app
        .content
        .schools
        .get(uai)
        .ok_or_else(|| anyhow::anyhow!("établissement {uai} absent du contenu"))?
        .etab;
    let mef = session.mef_destination.as_deref().unwrap_or_default();
    let niveau = etab
        .niveau(mef)
        .ok_or_else(|| anyhow::anyhow!("niveau {mef} absent du contenu de {uai}"))?;
    let blocs = summary::blocs(etab, page.spec, page.known, &session.options_actuelles, &page.questions);
    // The questions: the form's sections cut down to the fields asked.
    let asked = FormSpec {
        sections: page
            .spec
            .sections
            .iter()
            .filter_map(|s| {
                let champs: Vec<_> = s
                    .champs
                    .iter()
                    // The accord is the main button itself (« Tout est exact… »): one tap.
                    .filter(|f| {
                        (page.questions.contains(&f.name) || page.questions.pieces.contains(&f.name))
                            && f.name != names::SIGNATURE_ACCORD
                    })
                    .cloned()
                    .collect();
                (!champs.is_empty()).then(|| Section {
                    champs,
                    au_moins_un: None,
                    ..s.clone()
                })
            })
            .collect(),
        options: page.spec.options.clone(),
    };
    let form = FormView::new(&asked, niveau, page.values, page.errors);
    let signe_par = signed_by(&form);
    // Blocked: validated by the school, campaign closed… the page says why, without a form.
    let blocage = match super::dossier::editable_form(app, session) {
        Ok(_) => None,
        // In the family's language (its French is the code's).
        Err(err) if matches!(err.base(), HttpError::Conflict(_) | HttpError::Forbidden(_)) => {
            err.message_in(&app.langues, &page.langue)
        }
        Err(err) => return Err(err),
    };
    let fratrie: Vec<_> = page
        .enfants
        .iter()
        .filter(|e| !e.courant)
        .map(|e| json!({ "ref": eleve_ref(app, e.id), "prenom": e.prenom }))
        .collect();
    // Offered only while the file can still be changed.
    let reprises: Vec<_> = if blocage.is_some() {
        Vec::new()
    } else {
        page.offres
            .iter()
            .map(|o| reprise(app, page.spec, o, &page.langue))
            .collect()
    };
    let d = page.dossier;
    let mut args = dossiersco_i18n::FluentArgs::new();
    args.set("nom", etab.nom.as_str());
    let description = app.langues.t_args(&page.langue, "etablissement-description", &args);
    let context = json!({
        "description": description,
        // The language switch links back here with ?langue= (see base.html).
        "page_worker": true,
        "resume": {
            "eleve": { "ref": eleve_ref(app, session.eleve_id), "prenom": d.prenom, "nom": d.nom, "division": d.division },
            "niveau": { "mef": niveau.mef, "libelle": niveau.libelle },
            // The worker's own pre-filled form: it works without JavaScript too.
            "formulaire_url": format!("{}/dossier", app.content.site.url_worker.trim_end_matches('/')),
            "etat": d.etat.as_str(),
            "transmis_le": d.soumission.as_ref().and_then(|(_, le)| paris_day(le))
                .map(|day| app.langues.catalogs.date_longue(&page.langue, day)),
            "blocs": blocs,
            "complements": page.questions.complements,
            "modifier_nom": MODIFIER,
            "pieces": !page.questions.pieces.is_empty(),
            "champs": page.questions.champs.join(" "),
            "champs_nom": CHAMPS,
            "signe_par": signe_par,
            "eleve_ref_nom": ELEVE_REF,
            "blocage": blocage,
            "fratrie": fratrie,
            "reprises": reprises,
            "source_nom": SOURCE,
            "erreur_ajout": page.alerte.get("code").and_then(|c| c.as_str())
                .is_some_and(|c| ALERTES_AJOUT.contains(&c)),
            "alerte": page.alerte,
        },
        "form": form,
    });
    let body = app
        .renderer
        .render_page_in(&page.langue, "resume.html", uai, "/resume", &context)?;
    Ok(html(status, body))
}

/// Who signs, when the page has it pre-selected (the last signer, else guardian 1) and
/// nothing about the signer is in error: « Claire Martin (responsable légal 1) », or the name
/// typed for « Une autre personne ». The page then shows one line, the choice behind
/// « Changer ». `None`: the choice is shown in full.
fn signed_by(form: &FormView) -> Option<String> {
    let section = form.sections.iter().find(|s| s.id == "signature")?;
    if section.champs.iter().any(|f| f.error.is_some()) {
        return None;
    }
    let field = |name: &str| section.champs.iter().find(|f| f.name == name);
    let chosen = field(names::SIGNATURE_SIGNATAIRE)?.choices.iter().find(|c| c.checked)?;
    let name = field(names::SIGNATURE_NOM).map(|f| f.value.trim()).unwrap_or("");
    match chosen.value {
        "autre" => (!name.is_empty()).then(|| name.to_string()),
        _ => Some(chosen.label.to_string()),
    }
}

/// `2027-04-10T08:00:00Z` → the day in Paris, shown in words in the family's language
/// (« samedi 10 avril 2027 », "Saturday 10 April 2027").
fn paris_day(ts: &str) -> Option<time::Date> {
    crate::clock::parse_timestamp(ts).map(|t| crate::clock::to_paris(t).date())
}

/// An offer as the page shows it: the other child's reference and first name, and for each
/// guardian what would change, labelled as in the form.
fn reprise(app: &App, spec: &FormSpec, offre: &Offre, lang: &str) -> serde_json::Value {
    let personnes: Vec<_> = offre
        .personnes
        .iter()
        .map(|p| {
            let lignes: Vec<_> = p
                .champs
                .iter()
                .map(|(key, value)| {
                    let name = resp(p.rang, key);
                    let field = spec.field(&name);
                    let valeur = field
                        .and_then(|f| summary::shown(f, Some(value.as_str()), false))
                        .unwrap_or_else(|| {
                            if value.is_empty() {
                                app.langues.t(lang, "resume-efface")
                            } else {
                                value.clone()
                            }
                        });
                    json!({ "label": field.map(|f| f.label.as_str()).unwrap_or(key), "valeur": valeur })
                })
                .collect();
            json!({ "nom": p.nom, "lignes": lignes })
        })
        .collect();
    json!({ "ref": eleve_ref(app, offre.source_id), "prenom": offre.source_prenom, "personnes": personnes })
}

/// The answers of « Réinscrire un autre enfant » that are errors (shown by its form).
const ALERTES_AJOUT: [&str; 6] = ["identifiants", "verrouille", "formulaire", "date", "sortant", "fermee"];

/// The message the page shows after a form of the siblings' section (query `alerte=…`);
/// unknown or malformed queries show nothing. It never names a child: a wrong code names none.
fn alerte(query: &[u8]) -> serde_json::Value {
    let Ok(q) = parse_form(query) else {
        return serde_json::Value::Null;
    };
    let code = q.get("alerte").map(String::as_str).unwrap_or("");
    if !(["ajoute", "reprise"].contains(&code) || ALERTES_AJOUT.contains(&code)) {
        return serde_json::Value::Null;
    }
    let reessayer = q.get("reessayer").filter(|t| {
        t.len() <= 5
            && t.split_once(':')
                .is_some_and(|(h, m)| h.parse::<u8>().is_ok() && m.len() == 2 && m.parse::<u8>().is_ok())
    });
    json!({ "code": code, "reessayer": reessayer })
}
