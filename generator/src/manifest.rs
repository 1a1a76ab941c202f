//! The build manifest, kept in the output folder: a hash of what every page depends on
//! (generator, theme, site.yml, the content pages' links), a hash of what only the common
//! pages depend on (the content pages' text, the figures of /stats/), and per school the hash
//! of its content, the hash of what the common pages show of it (name, town, levels) and the
//! stamp of its files. A school whose stamp is unchanged is not read again; one whose hash
//! is unchanged keeps its pages.

use crate::load::{School, Stamp};
use crate::render::Site;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::SystemTime;

/// Format of the manifest: an older one is ignored (everything is built again).
const VERSION: u32 = 2;

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq, Clone)]
pub struct Manifest {
    pub version: u32,
    /// Hash of what every page depends on.
    pub global: String,
    /// Hash of what the common pages alone depend on (content pages, statistics).
    pub commons: String,
    /// UAI → the school as last built.
    pub schools: BTreeMap<String, SchoolEntry>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq, Clone)]
pub struct SchoolEntry {
    /// Hash of the school's content: its pages are the same while it is.
    pub hash: String,
    /// Hash of what the common pages show of the school (list of schools, sitemap, /stats/).
    pub summary: String,
    /// Stamp of its folder and files when they were read; `None`: read them again next time
    /// (a file changed too recently to trust its time, or a build given its content loaded).
    pub stamp: Option<Stamp>,
}

impl Manifest {
    /// The manifest of `site` (the schools it holds), stamps left out.
    pub fn of(site: &Site, stats: Option<&dossiersco_model::stats::Stats>) -> Manifest {
        let schools = site
            .content()
            .schools
            .par_iter()
            .map(|school| (school.etablissement.uai.clone(), SchoolEntry::of(school)))
            .collect();
        Manifest {
            version: VERSION,
            global: global_hash(site),
            commons: commons_hash(site, stats),
            schools,
        }
    }

    /// The manifest of a previous build, if there is a readable one of this format.
    pub fn read(path: &Path) -> Option<Manifest> {
        let manifest: Manifest = serde_json::from_slice(&std::fs::read(path).ok()?).ok()?;
        (manifest.version == VERSION).then_some(manifest)
    }

    /// Writes the manifest under a temporary name, then renames it: a reader (the next
    /// build) never sees half of it.
    pub fn write(&self, path: &Path) -> anyhow::Result<()> {
        let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
        std::fs::write(&tmp, serde_json::to_vec(self)?)?;
        std::fs::rename(&tmp, path)?;
        Ok(())
    }
}

impl SchoolEntry {
    pub fn of(school: &School) -> SchoolEntry {
        let etab = &school.etablissement;
        let mut hasher = Sha256::new();
        hasher.update(serde_json::to_vec(etab).unwrap_or_default());
        hasher.update([0]);
        hasher.update(school.accueil.titre.as_bytes());
        hasher.update([0]);
        hasher.update(school.accueil.markdown.as_bytes());
        for (langue, translation) in &school.accueil.traductions {
            for part in [langue, &translation.titre, &translation.markdown] {
                hasher.update([0]);
                hasher.update(part.as_bytes());
            }
        }
        hasher.update([0]);
        hasher.update(serde_json::to_vec(&school.traductions).unwrap_or_default());
        let mut summary = Sha256::new();
        for part in [&etab.uai, &etab.nom, &etab.adresse.ville, &etab.adresse.code_postal] {
            summary.update(part.as_bytes());
            summary.update([0]);
        }
        for niveau in &etab.niveaux {
            summary.update(niveau.mef.as_bytes());
            summary.update([0]);
        }
        SchoolEntry {
            hash: hex::encode(hasher.finalize()),
            summary: hex::encode(summary.finalize()),
            stamp: None,
        }
    }
}

/// Hash of what every page depends on.
pub fn global_hash(site: &Site) -> String {
    let content = site.content();
    let mut global = Sha256::new();
    global.update(env!("CARGO_PKG_VERSION"));
    global.update(executable_identity());
    global.update(site.theme_hash());
    global.update(serde_json::to_vec(&content.site).unwrap_or_default());
    for page in &content.pages {
        for part in [&page.slug, &page.titre, page.lien.as_deref().unwrap_or("")] {
            global.update(part.as_bytes());
            global.update([0]);
        }
        // Translated titles are in every page's footer.
        for (langue, translation) in &page.traductions {
            for part in [langue, &translation.titre, translation.lien.as_deref().unwrap_or("")] {
                global.update(part.as_bytes());
                global.update([0]);
            }
        }
    }
    // Each language's title and académie (content/traductions.<code>.yml) head every page.
    global.update(site.langues_hash());
    hex::encode(global.finalize())
}

/// Hash of what the common pages depend on beyond the schools' summaries.
pub fn commons_hash(site: &Site, stats: Option<&dossiersco_model::stats::Stats>) -> String {
    let mut hasher = Sha256::new();
    for page in &site.content().pages {
        let description = page.description.as_deref().unwrap_or("");
        for part in [&page.slug, &page.titre, description, &page.html] {
            hasher.update(part.as_bytes());
            hasher.update([0]);
        }
        for (langue, translation) in &page.traductions {
            let description = translation.description.as_deref().unwrap_or("");
            for part in [langue, &translation.titre, description, &translation.html] {
                hasher.update(part.as_bytes());
                hasher.update([0]);
            }
        }
    }
    hasher.update(serde_json::to_vec(&stats).unwrap_or_default());
    hex::encode(hasher.finalize())
}

/// The stamp to record for a school read at `started`: none when a file changed so shortly
/// before that a later change could keep the same time (file systems count time in ticks).
pub fn trusted(stamp: Option<Stamp>, started: SystemTime) -> Option<Stamp> {
    let stamp = stamp?;
    let started = started.duration_since(SystemTime::UNIX_EPOCH).ok()?.as_nanos() as u64;
    let recent = stamp.iter().any(|file| {
        let (mtime, ctime) = (file[3], file[4]);
        // Whole seconds: a file system with coarse times; else a few ticks of the clock.
        let window = if mtime % 1_000_000_000 == 0 {
            2_000_000_000
        } else {
            100_000_000
        };
        mtime.max(ctime).saturating_add(window) > started
    });
    (!recent).then_some(stamp)
}

/// Size and modification time of the running program: a rebuilt generator (whose rendering
/// may have changed) renders everything again.
fn executable_identity() -> String {
    std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| format!("{}:{:?}", m.len(), m.modified().ok()))
        .unwrap_or_default()
}
