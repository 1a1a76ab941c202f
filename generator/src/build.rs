//! The static build: render into a fresh folder next to the output, then swap it in, so a
//! failed build leaves the output as it was. A manifest of input hashes per school lets the
//! next build re-render only the schools whose content changed.

use crate::manifest::Manifest;
use crate::render::Site;
use crate::sitemap;
use anyhow::{bail, Context as _};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// What to build, and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The output folder (public/). Replaced as a whole at the end of a successful build.
    pub out: PathBuf,
    /// Figures for /stats/ from a database snapshot (counted by the worker's store); `None`
    /// shows the placeholder.
    pub stats: Option<dossiersco_model::stats::Stats>,
    /// Reuse the previous output's pages of schools whose content did not change.
    pub incremental: bool,
}

impl BuildOptions {
    /// A full-featured build into `out`: incremental, no stats.
    pub fn new(out: impl Into<PathBuf>) -> Self {
        BuildOptions {
            out: out.into(),
            stats: None,
            incremental: true,
        }
    }
}

/// What a build did.
#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    /// HTML pages rendered by this build (reused ones aside).
    pub pages_rendered: usize,
    /// Files written by this build (pages, sitemap, robots.txt, static assets, manifest).
    pub files_written: usize,
    /// Schools whose pages were rendered.
    pub schools_rendered: usize,
    /// Schools whose pages were taken unchanged from the previous output.
    pub schools_reused: usize,
    /// Total time.
    pub elapsed: Duration,
    /// Time of each phase, in order.
    pub phases: Vec<(&'static str, Duration)>,
}

/// Name of the manifest in the output folder.
pub const MANIFEST: &str = ".dossiersco-build.json";

impl Site {
    /// Builds the whole site into `options.out`.
    pub fn build(&self, options: &BuildOptions) -> anyhow::Result<BuildReport> {
        let start = Instant::now();
        let mut report = BuildReport::default();
        let mut phase = Instant::now();
        let mut lap = |report: &mut BuildReport, name: &'static str| {
            report.phases.push((name, phase.elapsed()));
            tracing::debug!(phase = name, ms = phase.elapsed().as_millis() as u64, "build");
            phase = Instant::now();
        };

        let out = options.out.as_path();
        check_output(out, &self.content().dir, self.theme_dir())?;
        let manifest = Manifest::of(self);
        let previous = if options.incremental {
            Manifest::read(&out.join(MANIFEST))
        } else {
            None
        };
        let reusable = |uai: &str, hash: &str| {
            previous
                .as_ref()
                .is_some_and(|p| p.global == manifest.global && p.schools.get(uai).map(String::as_str) == Some(hash))
                && out.join(uai).is_dir()
                && self
                    .langue_codes()
                    .skip(1)
                    .all(|lang| out.join(lang).join(uai).is_dir())
        };
        lap(&mut report, "hachage");

        let tmp = sibling(out, "tmp")?;
        let _ = std::fs::remove_dir_all(&tmp);
        std::fs::create_dir_all(&tmp).with_context(|| format!("création de {}", tmp.display()))?;
        let result = (|| -> anyhow::Result<Vec<String>> {
            let written = AtomicUsize::new(0);
            let rendered = AtomicUsize::new(0);
            let write = |path: String, html: String| -> anyhow::Result<()> {
                write_file(&tmp.join(path), html.as_bytes())?;
                written.fetch_add(1, Ordering::Relaxed);
                rendered.fetch_add(1, Ordering::Relaxed);
                Ok(())
            };
            self.global_pages(options.stats.as_ref(), write)?;
            for (name, text) in sitemap::files(self) {
                write_file(&tmp.join(name), text.as_bytes())?;
                written.fetch_add(1, Ordering::Relaxed);
            }
            written.fetch_add(
                copy_dir(&self.theme_dir().join("static"), &tmp.join("static"))?,
                Ordering::Relaxed,
            );
            lap(&mut report, "pages communes");

            let reused_schools: Vec<String> = self
                .content()
                .schools
                .par_iter()
                .map(|school| -> anyhow::Result<Option<String>> {
                    let uai = &school.etablissement.uai;
                    if reusable(uai, &manifest.schools[uai]) {
                        return Ok(Some(uai.clone()));
                    }
                    self.school_pages(school, write)?;
                    Ok(None)
                })
                .filter_map(Result::transpose)
                .collect::<anyhow::Result<_>>()?;
            manifest.write(&tmp.join(MANIFEST))?;
            report.pages_rendered = rendered.load(Ordering::Relaxed);
            report.files_written = written.load(Ordering::Relaxed) + 1;
            report.schools_reused = reused_schools.len();
            report.schools_rendered = self.content().schools.len() - reused_schools.len();
            // A school's folder in each language's prefix moves with it (`en/0699901M`).
            let mut reused = reused_schools.clone();
            for lang in self.langue_codes().skip(1) {
                reused.extend(reused_schools.iter().map(|uai| format!("{lang}/{uai}")));
            }
            lap(&mut report, "établissements");
            Ok(reused)
        })();
        let committed = result.and_then(|reused| swap_in(out, &tmp, &reused));
        if let Err(err) = committed {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(err.context(format!(
                "construction interrompue : {} est resté tel qu'il était",
                out.display()
            )));
        }
        lap(&mut report, "remplacement");
        report.elapsed = start.elapsed();
        Ok(report)
    }
}

/// Refuses an output folder whose replacement would destroy something else: one that holds
/// the content or the theme, or a non-empty folder no build of ours produced.
fn check_output(out: &Path, content: &Path, theme: &Path) -> anyhow::Result<()> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let out_abs = absolute(out);
    for (what, dir) in [("contenu", content), ("thème", theme)] {
        if absolute(dir).starts_with(&out_abs) {
            bail!(
                "le dossier de sortie {} contient le dossier du {what} ({}) : il serait effacé ; choisissez un autre --out",
                out.display(),
                dir.display()
            );
        }
    }
    if out.is_dir()
        && !out.join(MANIFEST).is_file()
        && std::fs::read_dir(out).map(|mut d| d.next().is_some()).unwrap_or(true)
    {
        bail!(
            "le dossier de sortie {} n'est pas vide et n'a pas été produit par « dossiersco build » : \
             il serait remplacé en entier ; videz-le ou choisissez un autre --out",
            out.display()
        );
    }
    Ok(())
}

/// `<parent>/.<name>.<what>-<pid>`: next to the output, so renaming is not a copy.
fn sibling(out: &Path, what: &str) -> anyhow::Result<PathBuf> {
    let name = out
        .file_name()
        .with_context(|| format!("dossier de sortie invalide : {}", out.display()))?
        .to_string_lossy();
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Ok(parent.join(format!(".{name}.{what}-{}", std::process::id())))
}

/// Moves the unchanged schools' folders from the old output into the new one, then puts the
/// new one in place. Undoes the moves if anything fails, so the old output stays whole.
fn swap_in(out: &Path, tmp: &Path, reused: &[String]) -> anyhow::Result<()> {
    let mut moved: Vec<&str> = Vec::with_capacity(reused.len());
    let undo = |moved: &[&str]| {
        for uai in moved {
            let _ = std::fs::rename(tmp.join(uai), out.join(uai));
        }
    };
    for uai in reused {
        if let Some(parent) = tmp.join(uai).parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        if let Err(err) = std::fs::rename(out.join(uai), tmp.join(uai)) {
            undo(&moved);
            return Err(err).with_context(|| format!("déplacement de {}", out.join(uai).display()));
        }
        moved.push(uai);
    }
    let old = sibling(out, "old")?;
    let had_output = out.exists();
    if had_output {
        let _ = std::fs::remove_dir_all(&old);
        if let Err(err) = std::fs::rename(out, &old) {
            undo(&moved);
            return Err(err).with_context(|| format!("remplacement de {}", out.display()));
        }
    }
    if let Err(err) = std::fs::rename(tmp, out) {
        if had_output {
            let _ = std::fs::rename(&old, out);
        }
        undo(&moved);
        return Err(err).with_context(|| format!("remplacement de {}", out.display()));
    }
    if had_output {
        if let Err(err) = std::fs::remove_dir_all(&old) {
            tracing::warn!("ancienne sortie {} non supprimée : {err}", old.display());
        }
    }
    Ok(())
}

fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("création de {}", parent.display()))?;
    }
    std::fs::write(path, bytes).with_context(|| format!("écriture de {}", path.display()))
}

/// Copies every file under `from` to `to`; returns how many. A link leading out of `from`
/// stops the build with its name: a theme never publishes what it does not hold.
fn copy_dir(from: &Path, to: &Path) -> anyhow::Result<usize> {
    let files = crate::guard::files_under(from)?;
    for path in &files {
        let target = to.join(path.strip_prefix(from)?);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let compacted = match extension {
            "js" | "css" => std::fs::read_to_string(path)
                .ok()
                .and_then(|text| crate::assets::compact(extension, &text)),
            _ => None,
        };
        match compacted {
            Some(text) => write_file(&target, text.as_bytes())?,
            None => {
                std::fs::copy(path, &target).with_context(|| format!("copie de {}", path.display()))?;
            }
        }
    }
    Ok(files.len())
}

impl Site {
    /// Rebuilds only /stats/ of a site already built in `out` (the demo refreshes its figures
    /// every few minutes): the pages are rendered into a folder beside it, then swapped in, so
    /// a reader never gets half a page. Returns how many files were written.
    pub fn build_stats(&self, out: &Path, stats: &dossiersco_model::stats::Stats) -> anyhow::Result<usize> {
        anyhow::ensure!(
            out.join(MANIFEST).is_file(),
            "{} n'est pas un site construit par « dossiersco build » : construisez-le d'abord",
            out.display()
        );
        let tmp = out.join(format!(".stats.tmp-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        let mut written = 0;
        let rendered = crate::stats::emit_pages(
            self.content(),
            Some(stats),
            |ctx| self.render("stats.html", ctx),
            |path, text| {
                // Every statistics file lives under stats/.
                let relative = path
                    .strip_prefix("stats/")
                    .with_context(|| format!("page de statistiques hors de stats/ : {path}"))?;
                write_file(&tmp.join(relative), text.as_bytes())?;
                written += 1;
                Ok(())
            },
        );
        let old = out.join(format!(".stats.old-{}", std::process::id()));
        let swapped = rendered.and_then(|()| {
            let _ = std::fs::remove_dir_all(&old);
            let target = out.join("stats");
            let had = target.exists();
            if had {
                std::fs::rename(&target, &old).with_context(|| format!("remplacement de {}", target.display()))?;
            }
            std::fs::rename(&tmp, &target).or_else(|err| {
                // The previous pages stay published.
                if had {
                    let _ = std::fs::rename(&old, &target);
                }
                Err(err).with_context(|| format!("remplacement de {}", target.display()))
            })
        });
        let _ = std::fs::remove_dir_all(&tmp);
        let _ = std::fs::remove_dir_all(&old);
        swapped?;
        Ok(written)
    }
}
