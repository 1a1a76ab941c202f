//! The bytes of uploads being received at once: every upload (a multipart form, a file sent
//! alone) reserves its declared length before a byte of it is read, and gives it back when
//! it ends, however it ends. Past the server's budget an upload waits a few seconds for room,
//! then is refused with 503 « réessayez dans un instant »; one pupil never holds more than its
//! own limit, so a single letter cannot take the room of every other family.

use crate::http::error::HttpError;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Notify;

/// Longest wait for room before an upload gets 503.
pub const WAIT: Duration = Duration::from_secs(10);

/// The server's budget of bytes in flight.
pub struct UploadBudget {
    max: u64,
    state: Mutex<InFlight>,
    freed: Notify,
}

#[derive(Default)]
struct InFlight {
    total: u64,
    per_pupil: HashMap<i64, u64>,
}

/// Bytes reserved by one upload; given back when dropped.
pub struct Reservation {
    budget: Arc<UploadBudget>,
    eleve_id: i64,
    bytes: u64,
}

impl UploadBudget {
    pub fn new(max: u64) -> Arc<UploadBudget> {
        Arc::new(UploadBudget {
            max: max.max(1),
            state: Mutex::new(InFlight::default()),
            freed: Notify::new(),
        })
    }

    /// Bytes reserved right now (tests and logs).
    pub fn in_flight(&self) -> u64 {
        self.state.lock().map(|s| s.total).unwrap_or(0)
    }

    /// Reserves `bytes` for an upload of pupil `eleve_id`, who may have at most `pupil_max`
    /// in flight. Waits up to [`WAIT`] for room.
    pub async fn reserve(
        self: &Arc<Self>,
        eleve_id: i64,
        bytes: u64,
        pupil_max: u64,
    ) -> Result<Reservation, HttpError> {
        self.reserve_within(eleve_id, bytes, pupil_max, WAIT).await
    }

    async fn reserve_within(
        self: &Arc<Self>,
        eleve_id: i64,
        bytes: u64,
        pupil_max: u64,
        wait: Duration,
    ) -> Result<Reservation, HttpError> {
        // One upload larger than the whole budget still gets the whole budget, alone.
        let bytes = bytes.min(self.max);
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            // Registered before looking, so a release in between is not missed.
            let freed = self.freed.notified();
            tokio::pin!(freed);
            freed.as_mut().enable();
            {
                let mut state = self.state.lock().map_err(|_| anyhow::anyhow!("budget des envois"))?;
                let pupil = state.per_pupil.get(&eleve_id).copied().unwrap_or(0);
                if pupil > 0 && pupil + bytes > pupil_max {
                    // This pupil's other uploads already fill its room: this is not a busy
                    // server, it is one family sending too much at once.
                    return Err(HttpError::TooLargeWith(
                        "D'autres fichiers de cet élève sont encore en cours d'envoi : attendez qu'ils soient \
                         arrivés, puis recommencez."
                            .into(),
                    ));
                }
                if state.total + bytes <= self.max {
                    state.total += bytes;
                    *state.per_pupil.entry(eleve_id).or_default() += bytes;
                    return Ok(Reservation {
                        budget: self.clone(),
                        eleve_id,
                        bytes,
                    });
                }
            }
            if tokio::time::timeout_at(deadline, freed).await.is_err() {
                tracing::warn!(octets = bytes, "envoi refusé : trop d'envois en cours");
                return Err(HttpError::Busy);
            }
        }
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        if let Ok(mut state) = self.budget.state.lock() {
            state.total = state.total.saturating_sub(self.bytes);
            if let Some(pupil) = state.per_pupil.get_mut(&self.eleve_id) {
                *pupil = pupil.saturating_sub(self.bytes);
                if *pupil == 0 {
                    state.per_pupil.remove(&self.eleve_id);
                }
            }
        }
        self.budget.freed.notify_waiters();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn room_is_shared_given_back_and_bounded_per_pupil() {
        let budget = UploadBudget::new(100);
        let a = budget.reserve(1, 60, 100).await.unwrap();
        assert_eq!(budget.in_flight(), 60);
        // Pupil 1 may not hold more than its own limit.
        assert!(matches!(
            budget.reserve(1, 50, 100).await,
            Err(HttpError::TooLargeWith(_))
        ));
        // Another pupil waits for room, and gets it when the first upload ends.
        let waiting = {
            let budget = budget.clone();
            tokio::spawn(async move { budget.reserve(2, 50, 100).await.map(|r| r.bytes) })
        };
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(!waiting.is_finished(), "no room yet");
        drop(a);
        assert_eq!(waiting.await.unwrap().unwrap(), 50);
        assert_eq!(budget.in_flight(), 0, "given back when dropped");
    }

    #[tokio::test]
    async fn without_room_an_upload_is_told_to_come_back() {
        let budget = UploadBudget::new(100);
        let _held = budget.reserve(1, 100, 100).await.unwrap();
        let short = Duration::from_millis(100);
        assert!(matches!(
            budget.reserve_within(2, 1, 100, short).await,
            Err(HttpError::Busy)
        ));
    }
}
