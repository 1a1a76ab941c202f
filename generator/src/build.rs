//! The static build. Into a folder that does not exist yet: render into a fresh folder next
//! to it, then rename it into place. Into a site already built: each changed file is written
//! under a temporary name beside its own and renamed over it once every page rendered, files
//! no longer produced are deleted last, so readers never see half a page and a failed build
//! leaves the output as it was. A manifest (see [`crate::manifest`]) lets the next build
//! skip the schools whose files have not changed since: not read, not checked, not rendered.

use crate::load::{self, Content, School};
use crate::manifest::{commons_hash, global_hash, trusted, Manifest, SchoolEntry};
use crate::render::Site;
use crate::sitemap;
use anyhow::{bail, Context as _};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

/// What to build, and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The output folder (public/). Only its changed files are replaced.
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
    /// Files rendered again but identical to the published ones, left untouched.
    pub files_unchanged: usize,
    /// Files of the previous output no longer produced, deleted.
    pub files_removed: usize,
    /// Schools whose pages were rendered.
    pub schools_rendered: usize,
    /// Schools whose pages were taken unchanged from the previous output.
    pub schools_reused: usize,
    /// Schools whose files were read and checked again (the others were known unchanged
    /// from their size and times); every school when the whole content was loaded.
    pub schools_read: usize,
    /// Total time.
    pub elapsed: Duration,
    /// Time of each phase, in order.
    pub phases: Vec<(&'static str, Duration)>,
}

/// Name of the manifest in the output folder.
pub const MANIFEST: &str = ".dossiersco-build.json";

/// Times the phases of a build.
struct Phases(Instant);

impl Phases {
    fn lap(&mut self, report: &mut BuildReport, name: &'static str) {
        report.phases.push((name, self.0.elapsed()));
        tracing::debug!(phase = name, ms = self.0.elapsed().as_millis() as u64, "build");
        self.0 = Instant::now();
    }
}

/// Builds `content_dir` with the theme `theme_dir` into `options.out`. With a previous
/// build there, only the schools whose folder or files changed since (size, times) are read
/// and checked again, only those whose content changed are rendered, and only the files that
/// differ are replaced. A change to the theme, site.yml or the content pages' links renders
/// everything; a change to what the common pages show (a school's name, town or levels, a
/// school added or removed, a content page's text) loads the whole content again. Content
/// errors come back as [`crate::ContentErrors`] inside the error, every one of them.
pub fn build_site(content_dir: &Path, theme_dir: &Path, options: &BuildOptions) -> anyhow::Result<BuildReport> {
    let start = Instant::now();
    let started = SystemTime::now();
    check_output(&options.out, content_dir, theme_dir)?;
    if let Some(mut report) = quick_build(content_dir, theme_dir, options, started)? {
        report.elapsed = start.elapsed();
        return Ok(report);
    }
    let mut phases = Phases(Instant::now());
    let mut load = BuildReport::default();
    let site = Site::load(content_dir, theme_dir)?;
    phases.lap(&mut load, "chargement");
    let mut report = site.build_with(options, Some(started))?;
    report.schools_read = site.content().schools.len();
    load.phases.append(&mut report.phases);
    report.phases = load.phases;
    report.elapsed = start.elapsed();
    Ok(report)
}

/// The build of a site whose common pages stay as they are: the schools not changed since
/// the manifest are neither read nor rendered. `None` when it does not apply (no manifest,
/// statistics to publish, a content error to report, a change to the common pages).
fn quick_build(
    content_dir: &Path,
    theme_dir: &Path,
    options: &BuildOptions,
    started: SystemTime,
) -> anyhow::Result<Option<BuildReport>> {
    let out = options.out.as_path();
    if !options.incremental || options.stats.is_some() {
        return Ok(None);
    }
    let mut report = BuildReport::default();
    let mut phases = Phases(Instant::now());
    let Some(mut manifest) = Manifest::read(&out.join(MANIFEST)) else {
        return Ok(None);
    };
    let Some((site_config, pages)) = load::load_head(content_dir) else {
        return Ok(None);
    };
    let Some(folders) = load::school_folders(content_dir) else {
        return Ok(None);
    };
    if folders.len() != manifest.schools.len() || folders.iter().any(|(uai, _)| !manifest.schools.contains_key(uai)) {
        return Ok(None);
    }
    let stale: Vec<&PathBuf> = folders
        .par_iter()
        .filter(|(uai, folder)| {
            let known = &manifest.schools[uai].stamp;
            known.is_none() || load::current_stamp(folder) != *known
        })
        .map(|(_, folder)| folder)
        .collect();
    phases.lap(&mut report, "examen");
    let Ok(schools) = stale
        .par_iter()
        .map(|folder| load::load_school(content_dir, folder))
        .collect::<Result<Vec<School>, _>>()
    else {
        return Ok(None);
    };
    report.schools_read = schools.len();
    let content = Content {
        dir: content_dir.to_path_buf(),
        site: site_config,
        pages,
        schools,
    };
    let site = Site::new(content, theme_dir)?;
    if global_hash(&site) != manifest.global || commons_hash(&site, None) != manifest.commons {
        return Ok(None);
    }
    // The manifest read is updated in place (a copy of 7,000 entries would only cost memory).
    let mut changed = false;
    let mut to_render = Vec::new();
    for school in &site.content().schools {
        let uai = &school.etablissement.uai;
        let Some(old) = manifest.schools.get_mut(uai) else {
            return Ok(None);
        };
        let entry = SchoolEntry {
            stamp: trusted(school.stamp.clone(), started),
            ..SchoolEntry::of(school)
        };
        if entry.summary != old.summary {
            return Ok(None);
        }
        let folders_present = out.join(uai).is_dir()
            && site
                .langue_codes()
                .skip(1)
                .all(|lang| out.join(lang).join(uai).is_dir());
        if entry.hash != old.hash || !folders_present {
            to_render.push(school);
        }
        if entry != *old {
            changed = true;
            *old = entry;
        }
    }
    report.schools_rendered = to_render.len();
    report.schools_reused = folders.len() - to_render.len();
    phases.lap(&mut report, "lecture");

    let output = Output::in_place(out, true);
    let rendered = to_render
        .par_iter()
        .try_for_each(|school| site.school_pages(school, |path, html| output.page(&path, html)));
    if let Err(err) = rendered {
        output.abandon();
        return Err(err.context(format!(
            "construction interrompue : {} est resté tel qu'il était",
            out.display()
        )));
    }
    phases.lap(&mut report, "établissements");
    let dirs: Vec<PathBuf> = to_render
        .iter()
        .flat_map(|s| {
            let uai = &s.etablissement.uai;
            std::iter::once(out.join(uai)).chain(site.langue_codes().skip(1).map(move |lang| out.join(lang).join(uai)))
        })
        .collect();
    output.fill(&mut report);
    report.files_removed = output.commit(&dirs)?;
    if changed {
        manifest
            .write(&out.join(MANIFEST))
            .with_context(|| format!("écriture de {}", out.join(MANIFEST).display()))?;
        report.files_written += 1;
    }
    phases.lap(&mut report, "remplacement");
    Ok(Some(report))
}

impl Site {
    /// Builds the whole site into `options.out`, the content as loaded: re-renders the
    /// schools whose content changed since the previous build there.
    pub fn build(&self, options: &BuildOptions) -> anyhow::Result<BuildReport> {
        self.build_with(options, None)
    }

    /// [`Site::build`]; `read_at`: when the content was read from its files, whose stamps
    /// then go into the manifest (`None`: the content may have been changed since it was
    /// read, the next build reads every school again).
    fn build_with(&self, options: &BuildOptions, read_at: Option<SystemTime>) -> anyhow::Result<BuildReport> {
        let start = Instant::now();
        let mut report = BuildReport::default();
        let mut phases = Phases(Instant::now());

        let out = options.out.as_path();
        check_output(out, &self.content().dir, self.theme_dir())?;
        let mut manifest = Manifest::of(self, options.stats.as_ref());
        if let Some(read_at) = read_at {
            for school in &self.content().schools {
                if let Some(entry) = manifest.schools.get_mut(&school.etablissement.uai) {
                    entry.stamp = trusted(school.stamp.clone(), read_at);
                }
            }
        }
        let previous = if options.incremental {
            Manifest::read(&out.join(MANIFEST))
        } else {
            None
        };
        let same_global = previous.as_ref().is_some_and(|p| p.global == manifest.global);
        let reusable = |uai: &str, entry: &SchoolEntry| {
            same_global
                && previous
                    .as_ref()
                    .and_then(|p| p.schools.get(uai))
                    .is_some_and(|p| p.hash == entry.hash)
                && out.join(uai).is_dir()
                && self
                    .langue_codes()
                    .skip(1)
                    .all(|lang| out.join(lang).join(uai).is_dir())
        };
        phases.lap(&mut report, "hachage");

        let output = if out.exists() {
            Output::in_place(out, same_global)
        } else {
            Output::fresh(out)?
        };
        let result = (|| -> anyhow::Result<Vec<String>> {
            self.global_pages(options.stats.as_ref(), |path, html| output.page(&path, html.as_bytes()))?;
            for (name, text) in sitemap::files(self) {
                output.file(&name, text.as_bytes())?;
            }
            copy_static(&self.theme_dir().join("static"), &output)?;
            phases.lap(&mut report, "pages communes");

            let reused_schools: Vec<String> = self
                .content()
                .schools
                .par_iter()
                .map(|school| -> anyhow::Result<Option<String>> {
                    let uai = &school.etablissement.uai;
                    if reusable(uai, &manifest.schools[uai]) {
                        return Ok(Some(uai.clone()));
                    }
                    self.school_pages(school, |path, html| output.page(&path, html))?;
                    Ok(None)
                })
                .filter_map(Result::transpose)
                .collect::<anyhow::Result<_>>()?;
            phases.lap(&mut report, "établissements");
            Ok(reused_schools)
        })();
        let reused = match result {
            Ok(reused) => reused,
            Err(err) => {
                output.abandon();
                return Err(err.context(format!(
                    "construction interrompue : {} est resté tel qu'il était",
                    out.display()
                )));
            }
        };
        report.schools_reused = reused.len();
        report.schools_rendered = self.content().schools.len() - reused.len();
        // A school's folder in each language's prefix is kept with it (`en/0699901M`).
        let reused: Vec<String> = self
            .langue_codes()
            .skip(1)
            .flat_map(|lang| reused.iter().map(move |uai| format!("{lang}/{uai}")))
            .chain(reused.iter().cloned())
            .collect();
        output.fill(&mut report);
        report.files_written += 1;
        let committed = match &output.fresh {
            Some(fresh) => manifest
                .write(&fresh.join(MANIFEST))
                .and_then(|()| output.commit(&[]))
                .map(|_| ()),
            None => {
                let reused: HashSet<&str> = reused.iter().map(String::as_str).collect();
                output
                    .commit_all(&reused)
                    .map(|removed| report.files_removed = removed)
                    .and_then(|()| manifest.write(&out.join(MANIFEST)))
            }
        };
        if let Err(err) = committed {
            output.abandon();
            return Err(err.context(format!("remplacement de {}", out.display())));
        }
        phases.lap(&mut report, "remplacement");
        report.elapsed = start.elapsed();
        Ok(report)
    }
}

/// Where a build writes: a fresh folder renamed into place at the end, or the published
/// folder itself, each file under a temporary name until [`Output::commit`].
struct Output {
    out: PathBuf,
    /// The folder written into when the output did not exist yet.
    fresh: Option<PathBuf>,
    /// Leave a file alone when its bytes are already those published.
    compare: bool,
    /// Paths (relative to `out`) of the files written under a temporary name.
    pending: Mutex<Vec<String>>,
    /// Paths (relative to `out`) of every file this build produced, written or not.
    produced: Mutex<HashSet<String>>,
    /// Folders this build created in the published output (to remove if it fails).
    created_dirs: Mutex<Vec<PathBuf>>,
    pages: AtomicUsize,
    written: AtomicUsize,
    unchanged: AtomicUsize,
}

/// `<folder>/.<name>.tmp-<pid>`: beside the file, so renaming it is atomic; hidden, so the
/// worker never serves it.
fn temporary(target: &Path) -> PathBuf {
    let name = target.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    target.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

impl Output {
    fn new(out: &Path, fresh: Option<PathBuf>, compare: bool) -> Output {
        Output {
            out: out.to_path_buf(),
            fresh,
            compare,
            pending: Mutex::default(),
            produced: Mutex::default(),
            created_dirs: Mutex::default(),
            pages: AtomicUsize::new(0),
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
        }
    }

    fn in_place(out: &Path, compare: bool) -> Output {
        Output::new(out, None, compare)
    }

    fn fresh(out: &Path) -> anyhow::Result<Output> {
        let tmp = sibling(out, "tmp")?;
        let _ = std::fs::remove_dir_all(&tmp);
        std::fs::create_dir_all(&tmp).with_context(|| format!("création de {}", tmp.display()))?;
        Ok(Output::new(out, Some(tmp), false))
    }

    /// An HTML page.
    fn page(&self, path: &str, bytes: &[u8]) -> anyhow::Result<()> {
        self.pages.fetch_add(1, Ordering::Relaxed);
        self.file(path, bytes)
    }

    /// Any file, `path` relative to the output.
    fn file(&self, path: &str, bytes: &[u8]) -> anyhow::Result<()> {
        if let Some(fresh) = &self.fresh {
            let target = fresh.join(path);
            self.ensure_parent(&target)?;
            std::fs::write(&target, bytes).with_context(|| format!("écriture de {}", target.display()))?;
            self.written.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        let target = self.out.join(path);
        self.produced.lock().unwrap().insert(path.to_string());
        if self.compare && std::fs::read(&target).is_ok_and(|published| published == bytes) {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        self.ensure_parent(&target)?;
        let tmp = temporary(&target);
        std::fs::write(&tmp, bytes).with_context(|| format!("écriture de {}", tmp.display()))?;
        self.pending.lock().unwrap().push(path.to_string());
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn ensure_parent(&self, target: &Path) -> anyhow::Result<()> {
        let Some(parent) = target.parent() else {
            return Ok(());
        };
        if self.fresh.is_some() {
            // Abandoned as a whole: nothing to remember.
            return std::fs::create_dir_all(parent).with_context(|| format!("création de {}", parent.display()));
        }
        if parent.is_dir() {
            return Ok(());
        }
        let mut missing = Vec::new();
        let mut dir = parent;
        while !dir.is_dir() {
            missing.push(dir.to_path_buf());
            match dir.parent() {
                Some(up) => dir = up,
                None => break,
            }
        }
        std::fs::create_dir_all(parent).with_context(|| format!("création de {}", parent.display()))?;
        missing.reverse();
        self.created_dirs.lock().unwrap().extend(missing);
        Ok(())
    }

    fn fill(&self, report: &mut BuildReport) {
        report.pages_rendered = self.pages.load(Ordering::Relaxed);
        report.files_written = self.written.load(Ordering::Relaxed);
        report.files_unchanged = self.unchanged.load(Ordering::Relaxed);
    }

    /// Removes what this build wrote: temporary files, folders it created.
    fn abandon(&self) {
        if let Some(fresh) = &self.fresh {
            let _ = std::fs::remove_dir_all(fresh);
            return;
        }
        for path in self.pending.lock().unwrap().iter() {
            let _ = std::fs::remove_file(temporary(&self.out.join(path)));
        }
        for dir in self.created_dirs.lock().unwrap().iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
    }

    /// Puts the files in place; then deletes, under each folder of `dirs`, the files this
    /// build did not produce. Returns how many were deleted.
    fn commit(&self, dirs: &[PathBuf]) -> anyhow::Result<usize> {
        if let Some(fresh) = &self.fresh {
            std::fs::rename(fresh, &self.out).with_context(|| format!("remplacement de {}", self.out.display()))?;
            return Ok(0);
        }
        self.rename_pending()?;
        let produced = self.produced.lock().unwrap();
        let mut removed = 0;
        for dir in dirs {
            removed += remove_unproduced(&self.out, dir, &produced, &HashSet::new());
        }
        Ok(removed)
    }

    /// Puts the files in place, then deletes every file of the output this build did not
    /// produce, the folders of `reused` schools aside.
    fn commit_all(&self, reused: &HashSet<&str>) -> anyhow::Result<usize> {
        self.rename_pending()?;
        let produced = self.produced.lock().unwrap();
        Ok(remove_unproduced(&self.out, &self.out, &produced, reused))
    }

    fn rename_pending(&self) -> anyhow::Result<()> {
        let mut pending = self.pending.lock().unwrap();
        // Undone files are those still pending: a failed rename leaves the rest in place.
        let failed = std::mem::take(&mut *pending)
            .into_par_iter()
            .filter_map(|path| {
                let target = self.out.join(&path);
                std::fs::rename(temporary(&target), &target)
                    .err()
                    .map(|err| (path, err))
            })
            .collect::<Vec<_>>();
        if let Some((path, err)) = failed.first() {
            let error = anyhow::anyhow!("{err}").context(format!("remplacement de {}", self.out.join(path).display()));
            pending.extend(failed.into_iter().map(|(path, _)| path));
            return Err(error);
        }
        Ok(())
    }
}

/// Deletes the files under `dir` (inside `out`) whose path is not in `produced`, hidden ones
/// (the manifest, another build's temporary files) and the top folders named in `keep`
/// aside, then the folders left empty. Returns how many files were deleted.
fn remove_unproduced(out: &Path, dir: &Path, produced: &HashSet<String>, keep: &HashSet<&str>) -> usize {
    let mut removed = 0;
    let mut dirs = Vec::new();
    // Not `contents_first`: with it, `filter_entry` would not keep the walk out of a folder.
    let walk = walkdir::WalkDir::new(dir).into_iter().filter_entry(|entry| {
        if entry.depth() == 0 {
            return true;
        }
        let name = entry.file_name().to_string_lossy();
        // `keep` names folders by their path in the output: `0699901M`, `en/0699901M`.
        let kept = entry
            .path()
            .strip_prefix(out)
            .is_ok_and(|rel| keep.contains(rel.to_string_lossy().as_ref()));
        !name.starts_with('.') && !kept
    });
    for entry in walk.flatten() {
        if entry.file_type().is_dir() {
            if entry.path() != out {
                dirs.push(entry.into_path());
            }
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(out) else {
            continue;
        };
        if !produced.contains(relative.to_string_lossy().as_ref()) && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    // Deepest first; fails unless empty, which is the point.
    for dir in dirs.iter().rev() {
        let _ = std::fs::remove_dir(dir);
    }
    removed
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

fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("création de {}", parent.display()))?;
    }
    std::fs::write(path, bytes).with_context(|| format!("écriture de {}", path.display()))
}

/// Writes every file under `from` to static/ of the output, CSS and JavaScript compacted, the
/// theme's shared script pieces written into the scripts that include them.
/// A link leading out of `from` stops the build with its name: a theme never publishes what
/// it does not hold.
fn copy_static(from: &Path, output: &Output) -> anyhow::Result<()> {
    let includes = from.with_file_name(crate::assets::INCLUDES_DIR);
    for path in crate::guard::files_under(from)? {
        let relative = path.strip_prefix(from)?;
        let name = format!(
            "static/{}",
            relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        );
        let bytes = std::fs::read(&path).with_context(|| format!("copie de {}", path.display()))?;
        let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let published = match (extension, std::str::from_utf8(&bytes)) {
            ("js" | "css", Ok(text)) => {
                let text = if extension == "js" {
                    crate::assets::expand_includes(text, &includes).with_context(|| path.display().to_string())?
                } else {
                    std::borrow::Cow::Borrowed(text)
                };
                match crate::assets::compact(extension, &text) {
                    Some(compacted) => Some(compacted),
                    None => matches!(text, std::borrow::Cow::Owned(_)).then(|| text.into_owned()),
                }
            }
            _ => None,
        };
        output.file(&name, published.as_ref().map_or(&bytes[..], |t| t.as_bytes()))?;
    }
    Ok(())
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
