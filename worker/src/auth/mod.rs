//! Secrets families hold: access codes (from the letter) and session tokens (in a cookie).
//! Only keyed hashes of both reach the database.

pub mod codes;

use crate::store::{Conn, OptionalExtension};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

/// Keyed hashing of secrets with this database's own key (kept in the `meta` table), so a
/// copy of the hashes alone does not let anyone test candidate codes offline.
#[derive(Clone)]
pub struct SecretHasher {
    key: [u8; 32],
}

impl SecretHasher {
    /// Reads this database's key, creating it on first use.
    pub fn load_or_create(conn: &Conn) -> crate::store::conn::Result<SecretHasher> {
        const KEY_NAME: &str = "cle_hachage";
        let existing: Option<String> = conn
            .query_row("SELECT valeur FROM meta WHERE cle = ?1", [KEY_NAME], |r| r.get(0))
            .optional()?;
        let key_hex = match existing {
            Some(hex) => hex,
            None => {
                let mut key = [0u8; 32];
                rand::rng().fill_bytes(&mut key);
                let hex = hex::encode(key);
                // Insert if absent + re-read: two processes creating it at once agree on one key.
                conn.execute(
                    "INSERT INTO meta (cle, valeur) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                    [KEY_NAME, &hex],
                )?;
                conn.query_row("SELECT valeur FROM meta WHERE cle = ?1", [KEY_NAME], |r| r.get(0))?
            }
        };
        let mut key = [0u8; 32];
        hex::decode_to_slice(key_hex.trim(), &mut key)
            .map_err(|_| crate::store::Error::Other("clé de hachage de la base illisible".into()))?;
        Ok(SecretHasher { key })
    }

    /// A hasher with a fixed key, for tests and benchmarks.
    pub fn with_key(key: [u8; 32]) -> SecretHasher {
        SecretHasher { key }
    }

    /// Hex HMAC-SHA-256 of `secret` under this database's key, with a domain label so a
    /// code and a token never hash alike.
    pub fn hash(&self, domain: &str, secret: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes any key length");
        mac.update(domain.as_bytes());
        mac.update(&[0]);
        mac.update(secret.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// Hash of an access code, normalized first (see [`codes::normalize`]).
    pub fn hash_code(&self, normalized_code: &str) -> String {
        self.hash("code", normalized_code)
    }

    /// Hash of an access code as a family typed it (at login, or to add a brother or sister):
    /// normalized when it can be a code; otherwise hashed as typed (upper case), so that it
    /// still counts against the limits under its own hash.
    pub fn hash_typed_code(&self, typed: &str) -> String {
        let typed = typed.trim();
        match codes::normalize(typed) {
            Some(code) => self.hash_code(&code),
            None => self.hash_code(&typed.to_uppercase()),
        }
    }

    /// Hash of a session token.
    pub fn hash_token(&self, token: &str) -> String {
        self.hash("session", token)
    }

    /// Hash of a client address, for the login trace and per-address limits.
    pub fn hash_address(&self, address: &str) -> String {
        self.hash("adresse", address)
    }
}

/// A new random session token: 256 bits, hex.
pub fn new_session_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_created_once_and_hashes_are_domain_separated() {
        let dir = tempfile::tempdir().unwrap();
        let conn = crate::store::open(&dir.path().join("db.sqlite")).unwrap();
        let a = SecretHasher::load_or_create(&conn).unwrap();
        let b = SecretHasher::load_or_create(&conn).unwrap();
        assert_eq!(a.hash_code("ABC"), b.hash_code("ABC"));
        assert_ne!(a.hash_code("ABC"), a.hash_token("ABC"));
        assert_ne!(a.hash_code("ABC"), SecretHasher::with_key([7; 32]).hash_code("ABC"));
        assert_eq!(a.hash_typed_code(" 7kq2 mx9d-4tpw "), a.hash_code("7KQ2MX9D4TPW"));
        assert_eq!(
            a.hash_typed_code("abc"),
            a.hash_code("ABC"),
            "not a code: hashed as typed"
        );
        assert_eq!(new_session_token().len(), 64);
        assert_ne!(new_session_token(), new_session_token());
    }
}
