//! Files arriving, written straight to disk: each chunk is hashed, counted and written as it
//! comes, so a file is never whole in memory, and the limit stops it as soon as it is passed.

use super::sniff::{media_type, HEAD_LEN};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use tokio::io::AsyncWriteExt;

/// The folder of received files: `<database folder>/pieces/`.
#[derive(Debug, Clone)]
pub struct Spool {
    pub dir: PathBuf,
}

/// Why a file was not received.
#[derive(Debug)]
pub enum ReceiveError {
    /// More than `limit` bytes.
    TooLarge { limit: u64 },
    /// Not a PDF, JPEG or PNG, whatever its name says.
    BadType,
    /// No byte at all.
    Empty,
    /// Our side failed (disk full…).
    Io(anyhow::Error),
}

impl Spool {
    /// The spool folder of the database at `db`.
    pub fn for_db(db: &Path) -> Spool {
        let parent = db
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        Spool {
            dir: parent.join("pieces"),
        }
    }

    /// Where a spooled file is.
    pub fn path(&self, fichier: &str) -> PathBuf {
        self.dir.join(fichier)
    }

    /// Starts receiving one file of at most `limit` bytes.
    pub async fn start(&self, limit: u64) -> Result<Incoming, ReceiveError> {
        let io = |e: std::io::Error| ReceiveError::Io(anyhow::Error::new(e).context("dossier des pièces"));
        tokio::fs::create_dir_all(&self.dir).await.map_err(io)?;
        let fichier = random_name();
        let path = self.dir.join(&fichier);
        let mut options = tokio::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        options.mode(0o600);
        let file = options.open(&path).await.map_err(io)?;
        Ok(Incoming {
            file: Some(file),
            received: Received {
                fichier,
                path,
                taille: 0,
                sha256: String::new(),
                type_mime: "",
                kept: false,
            },
            hasher: Sha256::new(),
            head: Vec::with_capacity(HEAD_LEN),
            limit,
        })
    }
}

/// A 128-bit random file name: says nothing of the family or the document.
fn random_name() -> String {
    let bytes: [u8; 16] = rand::random();
    hex::encode(bytes)
}

/// A file being received. Dropped before [`Incoming::finish`], its bytes are deleted.
pub struct Incoming {
    file: Option<tokio::fs::File>,
    received: Received,
    hasher: Sha256,
    head: Vec<u8>,
    limit: u64,
}

impl Incoming {
    /// Writes the next chunk; refuses it when the file passes its limit or is not of an
    /// accepted type (known from the first 8 bytes).
    pub async fn push(&mut self, chunk: &[u8]) -> Result<(), ReceiveError> {
        let taille = self.received.taille + chunk.len() as u64;
        if taille > self.limit {
            return Err(ReceiveError::TooLarge { limit: self.limit });
        }
        if self.head.len() < HEAD_LEN {
            let take = (HEAD_LEN - self.head.len()).min(chunk.len());
            self.head.extend_from_slice(&chunk[..take]);
            if self.head.len() == HEAD_LEN && media_type(&self.head).is_none() {
                return Err(ReceiveError::BadType);
            }
        }
        self.hasher.update(chunk);
        self.received.taille = taille;
        let file = self.file.as_mut().expect("open until finished");
        file.write_all(chunk)
            .await
            .map_err(|e| ReceiveError::Io(anyhow::Error::new(e).context("écriture d'une pièce")))
    }

    /// The whole file arrived: checks its type, makes it durable, returns what it is.
    pub async fn finish(mut self) -> Result<Received, ReceiveError> {
        if self.received.taille == 0 {
            return Err(ReceiveError::Empty);
        }
        let Some(type_mime) = media_type(&self.head) else {
            return Err(ReceiveError::BadType);
        };
        let mut file = self.file.take().expect("open until finished");
        let durable = async {
            file.flush().await?;
            file.sync_all().await
        };
        durable
            .await
            .map_err(|e| ReceiveError::Io(anyhow::Error::new(e).context("écriture d'une pièce")))?;
        let mut received = std::mem::replace(
            &mut self.received,
            Received {
                fichier: String::new(),
                path: PathBuf::new(),
                taille: 0,
                sha256: String::new(),
                type_mime: "",
                kept: true,
            },
        );
        received.sha256 = hex::encode(std::mem::take(&mut self.hasher).finalize());
        received.type_mime = type_mime;
        Ok(received)
    }
}

/// A file fully received and on disk. Deleted when dropped, unless [`Received::keep`] was
/// called: a file is kept only once a row in `pieces` names it.
#[derive(Debug)]
pub struct Received {
    pub fichier: String,
    pub path: PathBuf,
    pub taille: u64,
    pub sha256: String,
    pub type_mime: &'static str,
    kept: bool,
}

impl Received {
    /// The row naming this file is written: keep it.
    pub fn keep(&mut self) {
        self.kept = true;
    }
}

impl Drop for Received {
    fn drop(&mut self) {
        if !self.kept && !self.fichier.is_empty() {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_file_is_hashed_counted_and_deleted_unless_kept() {
        let dir = tempfile::tempdir().unwrap();
        let spool = Spool::for_db(&dir.path().join("db.sqlite"));
        let mut incoming = spool.start(1000).await.unwrap();
        for chunk in [&b"%PD"[..], b"F-1.4\n", b"hello"] {
            incoming.push(chunk).await.unwrap();
        }
        let mut received = incoming.finish().await.unwrap();
        assert_eq!(received.taille, 14);
        assert_eq!(received.type_mime, "application/pdf");
        assert_eq!(
            received.sha256,
            hex::encode(Sha256::digest(b"%PDF-1.4\nhello")),
            "hash of the whole content"
        );
        assert_eq!(std::fs::read(&received.path).unwrap(), b"%PDF-1.4\nhello");
        received.keep();
        let path = received.path.clone();
        drop(received);
        assert!(path.exists());

        let mut incoming = spool.start(10).await.unwrap();
        incoming.push(b"%PDF-1.4").await.unwrap();
        assert!(matches!(
            incoming.push(b"abc").await,
            Err(ReceiveError::TooLarge { limit: 10 })
        ));
        drop(incoming);
        let mut incoming = spool.start(100).await.unwrap();
        assert!(matches!(
            incoming.push(b"MZ\x90\0\x03\0\0\0\x04").await,
            Err(ReceiveError::BadType)
        ));
        drop(incoming);
        let files: Vec<_> = std::fs::read_dir(&spool.dir).unwrap().collect();
        assert_eq!(files.len(), 1, "only the kept file is left");
    }
}
