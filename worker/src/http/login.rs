//! `POST /connexion`: access code + birth date → session cookie and the pupil's one-click
//! summary (`/resume`), from which the full form is one link away.
//! Every refusal is a 303 back to the static login page with a fragment marker it shows.

use super::edge::{client_address, parse_form, plain_http_loopback, read_body, require_type, FORM};
use super::error::HttpError;
use super::reply::{see_other, Resp};
use super::session::set_cookie;
use crate::auth::new_session_token;
use crate::clock::paris_hhmm;
use crate::store::sessions::{self, LoginAttempt, LoginOutcome};
use dossiersco_model::content::CampagneStatus;
use hyper::body::Incoming;
use hyper::header::{HeaderMap, SET_COOKIE};
use std::net::SocketAddr;
use std::sync::Arc;
use time::Duration;

use crate::app::App;

pub async fn post(app: &Arc<App>, headers: &HeaderMap, body: Incoming, peer: SocketAddr) -> Result<Resp, HttpError> {
    require_type(headers, FORM)?;
    let form = parse_form(&read_body(headers, body).await?)?;
    let field = |name: &str| form.get(name).map(|v| v.trim()).unwrap_or("");
    let uai = field("uai").to_ascii_uppercase();
    let Some(school) = app.content.schools.get(&uai) else {
        // Not a school of this site: back to the list of schools.
        return Ok(see_other(app, "/"));
    };
    let back = |marker: &str| see_other(app, &format!("/{uai}/connexion/{marker}"));
    match school.etab.campagne.status(app.today()) {
        CampagneStatus::Ouverte => {}
        CampagneStatus::PasOuverte(_) => return Ok(back("#erreur-pas-ouverte")),
        CampagneStatus::Close(_) => return Ok(back("#erreur-fermee")),
    }
    let (code, date) = (field("code"), birth_date(field("date_naissance")));
    let Some(date) = date.filter(|_| !code.is_empty()) else {
        return Ok(back("#erreur-formulaire"));
    };
    let token = new_session_token();
    let attempt = LoginAttempt {
        uai: uai.clone(),
        // A code that cannot exist still counts against the limits, under its own hash.
        code_hash: app.hasher.hash_typed_code(code),
        adresse_hash: app.hasher.hash_address(&client_address(app, headers, peer)),
        date_naissance: date,
        token_hash: app.hasher.hash_token(&token),
        now: app.now(),
        session_ttl: Duration::try_from(app.config.session_ttl).unwrap_or(Duration::hours(2)),
    };
    let outcome = app.writer.run(move |conn| sessions::login(conn, &attempt)).await?;
    Ok(match outcome {
        LoginOutcome::Connecte { mef_destination, .. } => {
            // First the one-click summary (the worker's page); a pupil leaving the school has
            // no form: the index of the school's forms says so.
            let mut resp = match mef_destination {
                Some(_) => super::enfants::to_worker(app, "/resume"),
                None => see_other(app, &format!("/{uai}/dossier/")),
            };
            let secure = !plain_http_loopback(app, headers);
            resp.headers_mut().insert(SET_COOKIE, set_cookie(&token, secure));
            resp
        }
        LoginOutcome::Refuse => back("#erreur-identifiants"),
        LoginOutcome::Verrouille { jusqu_a } => back(&format!("?reessayer={}#erreur-verrouille", paris_hhmm(jusqu_a))),
    })
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
    use super::birth_date;

    #[test]
    fn birth_dates_typed_both_ways() {
        assert_eq!(birth_date("2015-03-14").as_deref(), Some("2015-03-14"));
        assert_eq!(birth_date("14/03/2015").as_deref(), Some("2015-03-14"));
        assert_eq!(birth_date("4/3/2015").as_deref(), Some("2015-03-04"));
        assert_eq!(birth_date("2015-02-30"), None);
        assert_eq!(birth_date(""), None);
    }
}
