//! `POST /connexion`: access code + birth date → session cookie and the pupil's one-click
//! summary (`/resume`), from which the full form is one link away.
//! Every refusal is a 303 back to the static login page with a fragment marker it shows.
//! `POST /deconnexion` ends the session.

use super::edge::{client_address, parse_form, read_body, require_type, FORM};
use super::error::HttpError;
use super::reply::{see_other, Resp};
use super::session::{self, SiteCookie};
use crate::auth::new_session_token;
use crate::clock::paris_hhmm;
use crate::store::sessions::{self, LoginAttempt, LoginOutcome};
use dossiersco_model::content::CampagneStatus;
use hyper::body::Incoming;
use hyper::header::{HeaderMap, HeaderValue, SET_COOKIE};
use std::net::SocketAddr;
use std::sync::Arc;
use time::{Duration, OffsetDateTime};

use crate::app::App;

/// The "known device" cookie: marks of the codes this browser logged in with. It proves
/// nothing by itself (the code and date are still checked); it only keeps a family out of
/// the wait that strangers' failures on its code cause.
pub const APPAREIL: SiteCookie = SiteCookie {
    secure_name: "__Host-dossiersco_appareil",
    plain_name: "dossiersco_appareil",
};
/// How long a browser stays known: a year, the next campaign included.
const APPAREIL_MAX_AGE: i64 = 365 * 24 * 3600;
/// Codes remembered per browser (a family's children, a shared computer's families).
const APPAREIL_MARKS: usize = 8;
/// Hex digits of one mark (128 bits of HMAC).
const MARK_LEN: usize = 32;

use super::langue::page_path;

pub async fn post(app: &Arc<App>, headers: &HeaderMap, body: Incoming, peer: SocketAddr) -> Result<Resp, HttpError> {
    require_type(headers, FORM)?;
    let form = parse_form(&read_body(headers, body).await?)?;
    let field = |name: &str| form.get(name).map(|v| v.trim()).unwrap_or("");
    // The language the family chose on the site: kept for the worker's pages that follow.
    let lang = super::langue::of_form(app, headers, &form);
    let uai = field("uai").to_ascii_uppercase();
    let Some(school) = app.content.schools.get(&uai) else {
        // Not a school of this site: back to the list of schools.
        let mut resp = see_other(app, &page_path(&lang, "/"));
        resp.extensions_mut().insert(super::langue::Chosen);
        return Ok(resp);
    };
    // No cookie on a refused login (nothing is set for a stranger): the language is in the path.
    let back = |marker: &str| {
        let mut resp = see_other(app, &page_path(&lang, &format!("/{uai}/connexion/{marker}")));
        resp.extensions_mut().insert(super::langue::Chosen);
        resp
    };
    match school.etab.campagne.status(app.today()) {
        CampagneStatus::Ouverte => {}
        CampagneStatus::PasOuverte(_) => return Ok(back("#erreur-pas-ouverte")),
        CampagneStatus::Close(_) => return Ok(back("#erreur-fermee")),
    }
    // A missing or impossible date is no attempt: nothing is counted, the page asks again.
    let code = field("code");
    let date = match typed_birth_date(&form) {
        _ if code.is_empty() => return Ok(back("#erreur-formulaire")),
        DateTapee::Manquante => return Ok(back("#erreur-formulaire")),
        DateTapee::Invalide => return Ok(back("#erreur-date")),
        DateTapee::Valide(date) => date,
    };
    let token = new_session_token();
    let attempt = attempt(app, headers, peer, &uai, code, date, app.hasher.hash_token(&token));
    let code_hash = attempt.code_hash.clone();
    // The language the family chose on the site, remembered with the login (the staff's
    // emails to the family are written in it); nothing when it chose none.
    let choisie = super::langue::chosen_in_form(app, headers, &form);
    let outcome = app
        .writer
        .run(move |conn| {
            let outcome = sessions::login(conn, &attempt)?;
            if let (LoginOutcome::Connecte { eleve_id, .. }, Some(choisie)) = (&outcome, &choisie) {
                crate::store::families::set_langue(conn, *eleve_id, choisie)?;
            }
            Ok(outcome)
        })
        .await?;
    Ok(match outcome {
        LoginOutcome::Connecte { mef_destination, .. } => {
            // First the one-click summary (the worker's page); a pupil leaving the school has
            // no form: the index of the school's forms says so.
            let mut resp = match mef_destination {
                Some(_) => super::enfants::to_worker(app, "/resume"),
                None => see_other(app, &page_path(&lang, &format!("/{uai}/dossier/"))),
            };
            resp.headers_mut()
                .append(SET_COOKIE, super::langue::set_cookie(app, &lang));
            resp.extensions_mut().insert(super::langue::Chosen);
            // The known-device mark first, the session last: clients that keep one
            // Set-Cookie keep the session.
            resp.headers_mut()
                .append(SET_COOKIE, remember_device(app, headers, &code_hash));
            resp.headers_mut().append(SET_COOKIE, session::set_cookie(app, &token));
            resp
        }
        LoginOutcome::Refuse => back("#erreur-identifiants"),
        LoginOutcome::Verrouille { jusqu_a } => back(&format!("?reessayer={}#erreur-verrouille", retry_at(jusqu_a))),
    })
}

/// The attempt of a code and birth date typed in this request: hashes, the client address,
/// and whether this browser carries the code's known-device mark. Logins and siblings
/// joining a session with their own code both build it here.
pub fn attempt(
    app: &App,
    headers: &HeaderMap,
    peer: SocketAddr,
    uai: &str,
    code_typed: &str,
    date_naissance: String,
    token_hash: String,
) -> LoginAttempt {
    // A code that cannot exist still counts against the limits, under its own hash.
    let code_hash = app.hasher.hash_typed_code(code_typed);
    LoginAttempt {
        uai: uai.to_string(),
        appareil: known_marks(app, headers).any(|m| m == mark(app, &code_hash)),
        code_hash,
        adresse_hash: app.hasher.hash_address(&client_address(app, headers, peer)),
        date_naissance,
        token_hash,
        now: app.now(),
        session_ttl: session::idle_ttl(app).min(session::max_lifetime(app)),
    }
}

/// "Réessayez à HH:MM", rounded up to the next minute: coming back at that time works.
pub fn retry_at(jusqu_a: OffsetDateTime) -> String {
    let past = jusqu_a.second() as i64 * 1000 + jusqu_a.millisecond() as i64;
    let rounded = if past == 0 {
        jusqu_a
    } else {
        jusqu_a + Duration::milliseconds(60_000 - past)
    };
    paris_hhmm(rounded)
}

/// This browser's mark for a code: a keyed hash of the code's hash, so the cookie tells
/// nothing about the code and cannot be made without the database's key.
fn mark(app: &App, code_hash: &str) -> String {
    let mut mark = app.hasher.hash("appareil", code_hash);
    mark.truncate(MARK_LEN);
    mark
}

/// The well-formed marks the browser sent.
fn known_marks<'h>(app: &App, headers: &'h HeaderMap) -> impl Iterator<Item = &'h str> {
    APPAREIL
        .value(app, headers)
        .unwrap_or("")
        .split('.')
        .filter(|m| m.len() == MARK_LEN && m.bytes().all(|b| b.is_ascii_hexdigit()))
        .take(APPAREIL_MARKS)
}

/// `Set-Cookie` adding this code's mark to the browser's (most recent first, the oldest
/// dropped past [`APPAREIL_MARKS`]). Siblings proven with their own code get one too.
pub fn remember_device(app: &App, headers: &HeaderMap, code_hash: &str) -> HeaderValue {
    let new = mark(app, code_hash);
    let mut marks = vec![new.as_str()];
    marks.extend(known_marks(app, headers).filter(|m| *m != new));
    marks.truncate(APPAREIL_MARKS);
    APPAREIL.set(app, &marks.join("."), Some(APPAREIL_MAX_AGE))
}

/// `POST /deconnexion` ("Se déconnecter"): the session ends on the server (its token is dead
/// even if copied), the cookie is cleared, and the school's login page says so. The
/// known-device mark stays: it opens nothing by itself.
pub async fn logout(app: &Arc<App>, headers: &HeaderMap, query: Option<&str>) -> Result<Resp, HttpError> {
    let token_hash = session::token(app, headers).map(|t| app.hasher.hash_token(t));
    let now = app.now();
    let session_uai = match &token_hash {
        Some(hash) => app.readers.run(|conn| sessions::find(conn, hash, now))?.map(|s| s.uai),
        None => None,
    };
    if let Some(hash) = token_hash {
        app.writer.run(move |conn| sessions::end(conn, &hash)).await?;
    }
    // The school of the session, else the one the page named in the form's address
    // (`?uai=`), for a session already over.
    let uai = session_uai.or_else(|| {
        query
            .unwrap_or("")
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(name, _)| *name == "uai")
            .map(|(_, u)| u.trim().to_ascii_uppercase())
            .filter(|u| app.content.schools.contains_key(u))
    });
    // Back to the login page in the family's language (its cookie, or `?langue=`).
    let lang = super::langue::of_request(app, headers, query);
    let mut resp = match uai {
        Some(uai) => see_other(app, &page_path(&lang, &format!("/{uai}/connexion/#deconnecte"))),
        None => see_other(app, &page_path(&lang, "/")),
    };
    resp.headers_mut().append(SET_COOKIE, session::clear_cookie(app));
    Ok(resp)
}

/// The birth date a login form (or « Réinscrire un autre enfant ») carries.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum DateTapee {
    /// A field left empty.
    Manquante,
    /// Filled in, but no such date (31/02, a 2-digit year, letters).
    Invalide,
    /// `YYYY-MM-DD`.
    Valide(String),
}

/// The birth date of a posted form: three fields `jour`, `mois`, `annee` (the pages: a date
/// picker follows the phone's language, three fields do not), or the single `date_naissance`
/// of older pages (YYYY-MM-DD or JJ/MM/AAAA), still accepted.
pub(super) fn typed_birth_date(form: &std::collections::BTreeMap<String, String>) -> DateTapee {
    let field = |name: &str| form.get(name).map(|v| v.trim()).unwrap_or("");
    let (jour, mois, annee) = (field("jour"), field("mois"), field("annee"));
    if [jour, mois, annee].iter().all(|v| v.is_empty()) {
        return match field("date_naissance") {
            "" => DateTapee::Manquante,
            single => birth_date(single).map_or(DateTapee::Invalide, DateTapee::Valide),
        };
    }
    if [jour, mois, annee].iter().any(|v| v.is_empty()) {
        return DateTapee::Manquante;
    }
    let digits = |v: &str, max: usize| v.len() <= max && v.bytes().all(|b| b.is_ascii_digit());
    if !digits(jour, 2) || !digits(mois, 2) || annee.len() != 4 || !digits(annee, 4) {
        return DateTapee::Invalide;
    }
    birth_date(&format!("{annee}-{mois:0>2}-{jour:0>2}")).map_or(DateTapee::Invalide, DateTapee::Valide)
}

/// `YYYY-MM-DD` (input type=date); `JJ/MM/AAAA` too, for browsers showing a text field.
pub(super) fn birth_date(typed: &str) -> Option<String> {
    let iso = match typed.split('/').collect::<Vec<_>>().as_slice() {
        [d, m, y] if y.len() == 4 => format!("{y}-{m:0>2}-{d:0>2}"),
        _ => typed.to_string(),
    };
    dossiersco_model::content::iso_date::parse(&iso).map(|d| d.to_string())
}

#[cfg(test)]
mod tests {
    use super::{birth_date, retry_at, typed_birth_date, DateTapee};
    use time::macros::datetime;

    #[test]
    fn the_retry_time_is_rounded_up_to_the_minute() {
        // Paris is UTC+2 in May.
        assert_eq!(retry_at(datetime!(2027-05-10 08:14:00 UTC)), "10:14");
        assert_eq!(retry_at(datetime!(2027-05-10 08:14:00.001 UTC)), "10:15");
        assert_eq!(retry_at(datetime!(2027-05-10 08:14:59 UTC)), "10:15");
        assert_eq!(retry_at(datetime!(2027-05-10 21:59:30 UTC)), "00:00");
    }

    #[test]
    fn birth_dates_typed_both_ways() {
        assert_eq!(birth_date("2015-03-14").as_deref(), Some("2015-03-14"));
        assert_eq!(birth_date("14/03/2015").as_deref(), Some("2015-03-14"));
        assert_eq!(birth_date("4/3/2015").as_deref(), Some("2015-03-04"));
        assert_eq!(birth_date("2015-02-30"), None);
        assert_eq!(birth_date(""), None);
    }

    #[test]
    fn birth_dates_in_three_fields() {
        let form = |fields: &[(&str, &str)]| {
            typed_birth_date(&fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
        };
        let valide = |d: &str| DateTapee::Valide(d.into());
        assert_eq!(
            form(&[("jour", "14"), ("mois", "3"), ("annee", "2015")]),
            valide("2015-03-14")
        );
        assert_eq!(
            form(&[("jour", " 4 "), ("mois", "03"), ("annee", "2015")]),
            valide("2015-03-04")
        );
        // The single field of older pages, when the three are absent.
        assert_eq!(form(&[("date_naissance", "14/03/2015")]), valide("2015-03-14"));
        assert_eq!(
            form(&[("jour", ""), ("date_naissance", "2015-03-14")]),
            valide("2015-03-14")
        );
        for missing in [
            &[][..],
            &[("jour", "14"), ("mois", "3")],
            &[("jour", "14"), ("mois", ""), ("annee", "2015")],
        ] {
            assert_eq!(form(missing), DateTapee::Manquante, "{missing:?}");
        }
        for bad in [
            &[("jour", "30"), ("mois", "2"), ("annee", "2015")][..],
            &[("jour", "14"), ("mois", "13"), ("annee", "2015")],
            &[("jour", "14"), ("mois", "3"), ("annee", "15")],
            &[("jour", "1a"), ("mois", "3"), ("annee", "2015")],
            &[("jour", "-1"), ("mois", "3"), ("annee", "2015")],
            &[("jour", "014"), ("mois", "3"), ("annee", "2015")],
            &[("date_naissance", "demain")],
        ] {
            assert_eq!(form(bad), DateTapee::Invalide, "{bad:?}");
        }
    }
}
