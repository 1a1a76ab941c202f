//! Failures of a request, turned into a French page or a JSON error at the edge.

use super::reply::{error_page_in, json_error, Resp};
use crate::app::langues::Langues;
use dossiersco_model::message::Texte;
use hyper::header::{HeaderValue, ALLOW, RETRY_AFTER};
use hyper::StatusCode;

/// Why a request was not served. Messages are French and shown to families.
#[derive(Debug)]
pub enum HttpError {
    /// 400: the body could not be read as the expected format.
    BadRequest(String),
    /// 401: no valid session (API); HTML routes redirect to the login page instead.
    Unauthorized,
    /// 403: refused (cross-origin post, campaign closed).
    Forbidden(String),
    /// 404: no such route or file.
    NotFound,
    /// 405 with the methods allowed.
    MethodNotAllowed(&'static str),
    /// 408: the body took too long to arrive.
    Timeout,
    /// 409: the file's state forbids the change.
    Conflict(String),
    /// 413: body over the limit.
    TooLarge,
    /// 413 with what was too large and the limit (documents).
    TooLargeWith(String),
    /// 415 saying what was sent and what is accepted (documents checked by their content).
    UnsupportedMedia(String),
    /// 415: wrong Content-Type; says which one is expected.
    UnsupportedType(&'static str),
    /// 422: a value is not acceptable (outside the form page).
    Unprocessable(String),
    /// 429: the daily limit is reached; says how many are allowed and when to come back
    /// (`Retry-After`, seconds).
    TooMany { message: String, retry_after: u64 },
    /// 503: too busy right now (uploads in flight); try again in a moment.
    Busy,
    /// 500: our fault. The cause is logged, never shown.
    Internal(anyhow::Error),
    /// The inner failure, whose French message has parts that vary: in another language it is
    /// said from its key and arguments (see [`HttpError::texte`]).
    Traduit(Box<HttpError>, Texte),
}

impl From<anyhow::Error> for HttpError {
    fn from(err: anyhow::Error) -> Self {
        HttpError::Internal(err)
    }
}

impl HttpError {
    /// This failure with its message's key and arguments, for the pages in another language
    /// than French (the French stays the one written in the code).
    pub fn texte(self, texte: Texte) -> HttpError {
        HttpError::Traduit(Box::new(self), texte)
    }

    /// The failure without its translation (what a handler matches on).
    pub fn base(&self) -> &HttpError {
        match self {
            HttpError::Traduit(inner, _) => inner.base(),
            other => other,
        }
    }

    /// The message of a failure that carries one (refusals, conflicts…), in `lang`.
    pub fn message_in(&self, langues: &Langues, lang: &str) -> Option<String> {
        match self {
            HttpError::Traduit(inner, texte) => {
                let french = inner.message_in(langues, dossiersco_i18n::REFERENCE)?;
                Some(langues.message(lang, &french, Some(texte)))
            }
            HttpError::BadRequest(m)
            | HttpError::Forbidden(m)
            | HttpError::Conflict(m)
            | HttpError::TooLargeWith(m)
            | HttpError::UnsupportedMedia(m)
            | HttpError::Unprocessable(m)
            | HttpError::TooMany { message: m, .. } => Some(langues.from_french(lang, m)),
            _ => None,
        }
    }

    /// Replaces the message of a failure that carries one.
    fn set_message(&mut self, message: String) {
        match self {
            HttpError::BadRequest(m)
            | HttpError::Forbidden(m)
            | HttpError::Conflict(m)
            | HttpError::TooLargeWith(m)
            | HttpError::UnsupportedMedia(m)
            | HttpError::Unprocessable(m)
            | HttpError::TooMany { message: m, .. } => *m = message,
            HttpError::Traduit(inner, _) => inner.set_message(message),
            _ => {}
        }
    }

    /// The response: JSON for API clients, a French page for browsers.
    pub fn into_response(self, json: bool) -> Resp {
        self.into_response_in(json, None)
    }

    /// The response in the family's language (`Some((langues, lang))`), else French.
    pub fn into_response_in(self, json: bool, langue: Option<(&Langues, &str)>) -> Resp {
        if let HttpError::Traduit(mut inner, texte) = self {
            // In French the code's text as it is; else the key's message (which no French text
            // matches, so it goes through the lookup below unchanged).
            if let Some((langues, lang)) = langue.filter(|(_, l)| *l != dossiersco_i18n::REFERENCE) {
                inner.set_message(langues.texte(lang, &texte));
            }
            return inner.into_response_in(json, langue);
        }
        let tr = |french: &str| match langue {
            Some((langues, lang)) => langues.from_french(lang, french),
            None => french.to_string(),
        };
        let lang = langue.map(|(_, l)| l).unwrap_or(dossiersco_i18n::REFERENCE);
        let json_error = |status, message: &str| json_error(status, &tr(message));
        let error_page =
            |status, title: &str, message: &str| error_page_in(status, &tr(title), &tr(message), lang, &tr);
        let (status, title, message) = match self {
            HttpError::BadRequest(m) => (StatusCode::BAD_REQUEST, "Requête invalide", m),
            HttpError::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "Connexion nécessaire",
                "Vous n'êtes pas connecté, ou votre session a expiré : reconnectez-vous avec le code reçu par courrier.".into(),
            ),
            HttpError::Forbidden(m) => (StatusCode::FORBIDDEN, "Action refusée", m),
            HttpError::NotFound => (
                StatusCode::NOT_FOUND,
                "Page introuvable",
                "Cette adresse ne correspond à aucune page.".into(),
            ),
            HttpError::MethodNotAllowed(allow) => {
                let message = "Cette adresse n'accepte pas cette méthode.";
                let mut resp = if json {
                    json_error(StatusCode::METHOD_NOT_ALLOWED, message)
                } else {
                    error_page(StatusCode::METHOD_NOT_ALLOWED, "Méthode non autorisée", message)
                };
                resp.headers_mut().insert(ALLOW, HeaderValue::from_static(allow));
                return resp;
            }
            HttpError::Timeout => (
                StatusCode::REQUEST_TIMEOUT,
                "Envoi interrompu",
                "Les données ont mis trop de temps à arriver : vérifiez votre connexion et réessayez.".into(),
            ),
            HttpError::Conflict(m) => (StatusCode::CONFLICT, "Modification impossible", m),
            HttpError::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "Envoi trop volumineux",
                "Les données envoyées dépassent la taille autorisée (64 Kio).".into(),
            ),
            HttpError::TooLargeWith(m) => (StatusCode::PAYLOAD_TOO_LARGE, "Envoi trop volumineux", m),
            HttpError::UnsupportedMedia(m) => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "Format non pris en charge", m),
            HttpError::UnsupportedType(expected) => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Format non pris en charge",
                match langue.filter(|(_, l)| *l != dossiersco_i18n::REFERENCE) {
                    Some((langues, lang)) => langues.texte(
                        lang,
                        &Texte::new("serveur-format-attendu").texte("attendu", expected),
                    ),
                    None => format!("Format des données non pris en charge : attendu {expected}."),
                },
            ),
            HttpError::Unprocessable(m) => (StatusCode::UNPROCESSABLE_ENTITY, "Saisie incorrecte", m),
            HttpError::TooMany { message, retry_after } => {
                let mut resp = if json {
                    json_error(StatusCode::TOO_MANY_REQUESTS, &message)
                } else {
                    error_page(StatusCode::TOO_MANY_REQUESTS, "Trop d'envois aujourd'hui", &message)
                };
                resp.headers_mut().insert(RETRY_AFTER, HeaderValue::from(retry_after));
                return resp;
            }
            HttpError::Busy => {
                let message = "Service très demandé : réessayez dans un instant. Rien n'a été perdu de ce qui \
                               était déjà enregistré.";
                let mut resp = if json {
                    json_error(StatusCode::SERVICE_UNAVAILABLE, message)
                } else {
                    error_page(StatusCode::SERVICE_UNAVAILABLE, "Service très demandé", message)
                };
                resp.headers_mut().insert(RETRY_AFTER, HeaderValue::from_static("5"));
                return resp;
            }
            // Unwrapped above; kept for the match to be complete.
            HttpError::Traduit(inner, _) => return inner.into_response_in(json, langue),
            HttpError::Internal(err) => {
                // The chain names statements and files, never a family's data.
                tracing::error!(error = %format!("{err:#}"), "erreur interne");
                crate::monitoring::report_error("http", err.as_ref());
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Erreur du service",
                    "Nous sommes désolés : une erreur s'est produite de notre côté. Rien n'a été perdu de ce qui \
                     était déjà enregistré ; réessayez dans quelques minutes."
                        .into(),
                )
            }
        };
        if json {
            json_error(status, &message)
        } else {
            error_page(status, title, &message)
        }
    }
}
