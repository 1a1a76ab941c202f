//! Error monitoring with Sentry: only when `SENTRY_DSN` is set, and never with personal data.
//!
//! Reported: panics (the panic integration) and the server errors the HTTP layer passes to
//! [`report_error`]. Every event goes through [`scrub`] first: no request (bodies, cookies,
//! headers, query strings), no user, no breadcrumbs, no extra data.

use sentry::protocol::Event;
use std::sync::Arc;

/// Keep it alive for the program's lifetime: dropping it flushes pending events.
pub type Guard = sentry::ClientInitGuard;

/// Starts Sentry if `SENTRY_DSN` is set and not empty; otherwise does nothing at all (no
/// client, no panic hook, no thread) and returns None.
pub fn init() -> Option<Guard> {
    init_with(std::env::var("SENTRY_DSN").ok().as_deref())
}

/// [`init`] with an explicit DSN (None or empty: inert).
pub fn init_with(dsn: Option<&str>) -> Option<Guard> {
    let dsn = dsn.map(str::trim).filter(|d| !d.is_empty())?;
    let dsn = match dsn.parse::<sentry::types::Dsn>() {
        Ok(dsn) => dsn,
        Err(err) => {
            // A typo must not stop the service; say it once, without echoing the key.
            tracing::error!("SENTRY_DSN invalide ({err}) : le suivi des erreurs est désactivé");
            return None;
        }
    };
    let mut options = sentry::ClientOptions::default();
    options.dsn = Some(dsn);
    options.release = sentry::release_name!();
    options.send_default_pii = false;
    options.max_breadcrumbs = 0;
    options.attach_stacktrace = false;
    options.before_send = Some(Arc::new(|event| Some(scrub(event))));
    let guard = sentry::init(options);
    tracing::info!("suivi des erreurs Sentry actif");
    Some(guard)
}

/// Whether events are being sent.
pub fn enabled() -> bool {
    sentry::Hub::current().client().is_some_and(|c| c.is_enabled())
}

/// Reports a server error (a 500). `route` is the route pattern, never the path with ids.
/// Does nothing when Sentry is off.
pub fn report_error(route: &str, error: &(dyn std::error::Error + 'static)) {
    if !enabled() {
        return;
    }
    sentry::with_scope(|scope| scope.set_tag("route", route), || sentry::capture_error(error));
}

/// Removes what could identify a family from an event, whatever set it.
pub fn scrub(mut event: Event<'static>) -> Event<'static> {
    event.request = None;
    event.user = None;
    event.breadcrumbs = Default::default();
    event.extra.clear();
    event.server_name = None;
    event
}

#[cfg(test)]
mod tests {
    use super::*;
    use sentry::protocol::{Breadcrumb, Request, User};

    #[test]
    fn without_a_dsn_nothing_is_started_and_reports_are_dropped() {
        assert!(init_with(None).is_none());
        assert!(init_with(Some("  ")).is_none());
        assert!(init_with(Some("pas une dsn")).is_none());
        assert!(!enabled());
        assert!(sentry::Hub::current().client().is_none());
        let err = std::io::Error::other("échec");
        report_error("POST /dossier", &err);
        assert!(sentry::Hub::current().last_event_id().is_none());
    }

    #[test]
    fn events_lose_request_user_and_breadcrumbs() {
        let mut event = Event::new();
        event.request = Some(Request {
            data: Some("resp1.email=lou@example.fr".into()),
            cookies: Some("dossiersco_session=secret".into()),
            ..Default::default()
        });
        event.user = Some(User {
            email: Some("lou@example.fr".into()),
            ..Default::default()
        });
        event.breadcrumbs.values.push(Breadcrumb::default());
        event.extra.insert("valeurs".into(), "Lou Martin".into());
        event.message = Some("erreur de base".into());
        let scrubbed = scrub(event);
        assert!(scrubbed.request.is_none() && scrubbed.user.is_none());
        assert!(scrubbed.breadcrumbs.values.is_empty() && scrubbed.extra.is_empty());
        assert_eq!(scrubbed.message.as_deref(), Some("erreur de base"));
    }
}
