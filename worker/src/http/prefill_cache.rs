//! The pre-fill's answers (`GET /api/dossier`), kept in memory by session token: a family's
//! page asks for it on every step and every reload, and it changes only when the database does.
//!
//! An answer is served from here only under the generation it was read in: the store's
//! [`ChangeWatch`] moves it on after every commit that may have changed a session, a pupil, a
//! draft or a submission — the worker's own writes (a submission, a draft, a logout, a staff
//! edit, the sliding of a session's end) and any commit of another process on the same file
//! (the CLI's `import`, `purge`, staff commands). While the watch cannot say, the database
//! answers. The session's end is checked on every answer, cached or not. SQLite only: on
//! PostgreSQL other workers write too, and there is no cache.

use crate::store::sessions::SessionEleve;
use crate::store::watch::ChangeWatch;
use hyper::body::Bytes;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// Bytes of answers kept at most (the map is emptied past it): ~8,000 families' answers.
const MAX_BYTES: usize = 16 << 20;

/// A session token: 64 hex digits (checked before any lookup).
type Token = [u8; 64];

/// The answers of one generation.
pub struct PrefillCache {
    watch: Arc<ChangeWatch>,
    inner: Mutex<Inner>,
}

struct Inner {
    generation: u64,
    bytes: usize,
    answers: HashMap<Token, Arc<Cached>>,
}

/// One session's answer.
pub struct Cached {
    /// The JSON answer, as sent.
    pub body: Bytes,
    /// The session it was read with (its end, checked on every answer, and its sliding).
    pub session: SessionEleve,
}

impl PrefillCache {
    pub fn new(watch: Arc<ChangeWatch>) -> PrefillCache {
        PrefillCache {
            watch,
            inner: Mutex::new(Inner {
                generation: 0,
                bytes: 0,
                answers: HashMap::new(),
            }),
        }
    }

    /// The watch the store's writing connections tell their commits to.
    pub fn watch(&self) -> Arc<ChangeWatch> {
        self.watch.clone()
    }

    /// The current generation (None: read the database and keep nothing). Taken before the
    /// database is read, so that a commit during the read makes the answer stale at once.
    pub fn generation(&self) -> Option<u64> {
        self.watch.generation()
    }

    /// The answer of `token`'s session read in `generation`, if any.
    pub fn get(&self, generation: u64, token: &str) -> Option<Arc<Cached>> {
        let key: &Token = token.as_bytes().try_into().ok()?;
        let mut inner = self.lock();
        if inner.generation != generation {
            inner.renew(generation);
            return None;
        }
        inner.answers.get(key).cloned()
    }

    /// Keeps `cached`, read in `generation`, for `token`'s session.
    pub fn put(&self, generation: u64, token: &str, cached: Cached) {
        let Ok(key) = Token::try_from(token.as_bytes()) else {
            return;
        };
        let mut inner = self.lock();
        if generation < inner.generation {
            return;
        }
        inner.renew(generation);
        if inner.bytes + cached.body.len() > MAX_BYTES {
            inner.answers.clear();
            inner.bytes = 0;
        }
        inner.bytes += cached.body.len();
        if let Some(old) = inner.answers.insert(key, Arc::new(cached)) {
            inner.bytes -= old.body.len();
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Inner {
    /// Forgets every answer of an older generation.
    fn renew(&mut self, generation: u64) {
        if generation > self.generation {
            self.generation = generation;
            self.answers.clear();
            self.bytes = 0;
        }
    }
}
