//! Errors of the SIECLE parser. Their `Display` is read by school staff: French, and
//! always says which file, which line and what is wrong.

use std::io;

/// Why a SIECLE file was refused. Nothing from a refused file must be imported.
#[derive(Debug, thiserror::Error)]
pub enum SiecleError {
    #[error("{fichier} : impossible de lire le fichier ({source}) — rien n'a été importé.")]
    Lecture {
        fichier: String,
        #[source]
        source: io::Error,
    },

    #[error("{fichier} : le fichier est vide (aucune donnée XML) — rien n'a été importé.")]
    Vide { fichier: String },

    /// Bad or unsupported character encoding (`detail` is a full French sentence).
    #[error("{fichier}, ligne {ligne} : {detail} — rien n'a été importé.")]
    Encodage {
        fichier: String,
        ligne: usize,
        detail: String,
    },

    /// Not well-formed XML.
    #[error("{fichier}, ligne {ligne} : {detail} — le fichier est mal formé, rien n'a été importé.")]
    MalForme {
        fichier: String,
        ligne: usize,
        detail: String,
    },

    /// The file stops in the middle of the document.
    #[error(
        "{fichier}, ligne {ligne} : fichier tronqué : {detail} — \
         le fichier est incomplet, rien n'a été importé (exportez-le à nouveau depuis SIECLE)."
    )]
    Tronque {
        fichier: String,
        ligne: usize,
        detail: String,
    },

    #[error(
        "{fichier}, ligne {ligne} : ce fichier n'est pas un export SIECLE pris en charge \
         (élément racine {racine} ; attendu BEE_ELEVES, BEE_RESPONSABLES ou BEE_NOMENCLATURES) \
         — rien n'a été importé."
    )]
    RacineInattendue {
        fichier: String,
        ligne: usize,
        racine: String,
    },

    #[error(
        "{fichier}, ligne {ligne} : PARAMETRES/UAJ est absent ou vide — impossible de savoir \
         à quel établissement appartient ce fichier, rien n'a été importé."
    )]
    UajManquant { fichier: String, ligne: usize },

    /// Well-formed XML, but a value SIECLE always provides is missing or unreadable.
    #[error("{fichier}, ligne {ligne} : {detail} — rien n'a été importé.")]
    Donnee {
        fichier: String,
        ligne: usize,
        detail: String,
    },
}

impl SiecleError {
    /// The file name the error is about.
    pub fn fichier(&self) -> &str {
        match self {
            Self::Lecture { fichier, .. }
            | Self::Vide { fichier }
            | Self::Encodage { fichier, .. }
            | Self::MalForme { fichier, .. }
            | Self::Tronque { fichier, .. }
            | Self::RacineInattendue { fichier, .. }
            | Self::UajManquant { fichier, .. }
            | Self::Donnee { fichier, .. } => fichier,
        }
    }

    /// The 1-based line the error points at, when there is one.
    pub fn ligne(&self) -> Option<usize> {
        match self {
            Self::Lecture { .. } | Self::Vide { .. } => None,
            Self::Encodage { ligne, .. }
            | Self::MalForme { ligne, .. }
            | Self::Tronque { ligne, .. }
            | Self::RacineInattendue { ligne, .. }
            | Self::UajManquant { ligne, .. }
            | Self::Donnee { ligne, .. } => Some(*ligne),
        }
    }
}

/// 1-based line of a byte offset (clamped to the text).
pub(crate) fn line_of(bytes: &[u8], pos: usize) -> usize {
    let end = pos.min(bytes.len());
    bytes[..end].iter().filter(|&&b| b == b'\n').count() + 1
}
