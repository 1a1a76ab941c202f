//! A synthetic national campaign: 7,000 collèges with 4 levels each, built from scratch, then
//! rebuilt after one school changed. Prints pages per second, time per phase, peak memory and
//! page sizes (raw and gzipped). Run: `cargo bench -p dossiersco-generator`
//! (`DOSSIERSCO_BENCH_SCHOOLS=700` for a quicker run; `DOSSIERSCO_BENCH_LANGUES=fr,en,ar,pt` for
//! the family pages in those languages, French only by default).

use dossiersco_generator::{build_site, BuildOptions, BuildReport};
use dossiersco_model::uai::check_letter;
use flate2::write::GzEncoder;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

// The `dossiersco` binary's allocator and its settings.
#[path = "../../src/allocator.rs"]
mod allocator;

const LEVELS: [(&str, &str); 4] = [
    ("10010012110", "6e"),
    ("10110001110", "5e"),
    ("10210001110", "4e"),
    ("10310019110", "3e"),
];
const TOWNS: [&str; 8] = [
    "Lyon",
    "Bordeaux",
    "Villard-de-Lans",
    "Saint-Étienne",
    "Lille",
    "Quimper",
    "Ajaccio",
    "Mâcon",
];

fn main() {
    allocator::configure();
    let schools: usize = std::env::var("DOSSIERSCO_BENCH_SCHOOLS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(7_000);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let work = tempfile::tempdir().expect("temp dir");
    let content = work.path().join("content");
    let started = Instant::now();
    generate(&content, &root.join("content/pages"), schools);
    println!(
        "Campagne synthétique : {schools} collèges × {} niveaux, langues [{}], générée en {:.1} s",
        LEVELS.len(),
        std::env::var("DOSSIERSCO_BENCH_LANGUES").unwrap_or_else(|_| "fr".into()),
        started.elapsed().as_secs_f64()
    );
    let theme = root.join("themes/default");

    // The output on the temp folder's file system (a disk here), then in memory (tmpfs), to
    // tell the generator's cost from the file system's.
    let disk = work.path().to_path_buf();
    let memory = Path::new("/dev/shm");
    let memory = (memory.is_dir() && std::env::var_os("TMPDIR").is_none())
        .then(|| tempfile::tempdir_in(memory).expect("temp dir in /dev/shm"));
    let mut outputs = vec![("dossier temporaire", disk.clone())];
    if let Some(dir) = &memory {
        outputs.push(("/dev/shm (tmpfs, en mémoire)", dir.path().to_path_buf()));
    }
    for (i, (label, dir)) in outputs.iter().enumerate() {
        println!("\n=== Sortie dans {label} : {}", dir.display());
        let public = dir.join("public");
        let full = build(&content, &theme, &public, false);
        let total = full.elapsed;
        println!("Construction complète");
        print_report(&full);
        println!(
            "  débit        : {:.0} pages/s (chargement + rendu + écriture : {} pages en {:.2} s)",
            full.pages_rendered as f64 / total.as_secs_f64(),
            full.pages_rendered,
            total.as_secs_f64()
        );

        // One school changes its welcome text.
        let uai = uai(schools / 2);
        let accueil = content.join("etablissements").join(&uai).join("accueil.md");
        let text = std::fs::read_to_string(&accueil).unwrap();
        let (from, to) = if i % 2 == 0 {
            ("dizaine de minutes", "quinzaine de minutes")
        } else {
            ("quinzaine de minutes", "dizaine de minutes")
        };
        // The files just written are too recent for their times to be trusted: the first
        // rebuild reads them again; the second one is what an editor sees.
        let settle = build(&content, &theme, &public, true);
        println!("Reconstruction sans modification, juste après la génération du contenu");
        print_report(&settle);
        std::thread::sleep(Duration::from_millis(300));
        let unchanged = build(&content, &theme, &public, true);
        println!("Reconstruction sans modification");
        print_report(&unchanged);
        std::fs::write(&accueil, text.replace(from, to)).unwrap();
        let incremental = build(&content, &theme, &public, true);
        let total2 = incremental.elapsed;
        println!("Reconstruction après la modification d'un collège");
        print_report(&incremental);
        println!(
            "  rapport      : {:.1} % du temps d'une construction complète ({:.2} s contre {:.2} s)",
            100.0 * total2.as_secs_f64() / total.as_secs_f64(),
            total2.as_secs_f64(),
            total.as_secs_f64()
        );
        assert!(std::fs::read_to_string(public.join(&uai).join("index.html"))
            .unwrap()
            .contains(to));
        let floor = file_system_floor(dir, full.pages_rendered);
        println!(
            "Plancher du système de fichiers : {:.0} pages vides/s (un dossier + un fichier de 1 octet par page, 2 fils, sans rendu)",
            full.pages_rendered as f64 / floor.as_secs_f64()
        );
    }
    println!("\nMémoire : pic {} Mo (VmHWM)", peak_rss_kb() / 1024);
    let public = disk.join("public");
    println!("\nTaille des pages (brute → gzip)");
    let first = self::uai(0);
    for (what, path) in [
        ("liste des collèges", "index.html".to_string()),
        ("accueil d'un collège", format!("{first}/index.html")),
        ("connexion", format!("{first}/connexion/index.html")),
        ("formulaire 5e", format!("{first}/dossier/10110001110/index.html")),
        ("style.css", "static/style.css".into()),
        ("dossiersco.js", "static/dossiersco.js".into()),
    ] {
        let bytes = std::fs::read(public.join(&path)).unwrap();
        println!("  {what:<22} {:>8} o → {:>7} o", bytes.len(), gzip_len(&bytes));
    }
    let mut files = 0u64;
    let mut bytes = 0u64;
    for entry in walkdir::WalkDir::new(&public).into_iter().flatten() {
        if entry.file_type().is_file() {
            files += 1;
            bytes += entry.metadata().map(|m| m.len()).unwrap_or(0);
        }
    }
    println!("  sortie totale : {files} fichiers, {} Mo", bytes / 1_000_000);
}

/// Builds as `dossiersco build` does (loading, compiling the theme, rendering, writing).
fn build(content: &Path, theme: &Path, public: &Path, incremental: bool) -> BuildReport {
    let cpu = cpu_time();
    let user = user_time();
    let options = BuildOptions {
        incremental,
        ..BuildOptions::new(public)
    };
    let report = build_site(content, theme, &options).unwrap_or_else(|e| panic!("{e:#}"));
    let cpu = cpu_time() - cpu;
    let user = user_time() - user;
    let user_per_page = user.as_secs_f64() * 1e6 / report.pages_rendered.max(1) as f64;
    println!(
        "  utilisateur  : {:.2} s (tous fils){}",
        user.as_secs_f64(),
        if report.pages_rendered > 1000 {
            format!(", soit {user_per_page:.0} µs par page rendue")
        } else {
            String::new()
        }
    );
    let per_page = cpu.as_secs_f64() * 1e6 / report.pages_rendered.max(1) as f64;
    let per_page = if report.pages_rendered > 1000 {
        format!(", soit {per_page:.0} µs par page rendue")
    } else {
        String::new()
    };
    println!(
        "  processeur   : {:.2} s (utilisateur + système, tous fils{}){per_page}",
        cpu.as_secs_f64(),
        if incremental {
            ", reconstruction"
        } else {
            ", construction complète"
        }
    );
    report
}

/// User CPU time of this process, all threads (Linux, 10 ms resolution): the generator's own
/// work, the file system's (system time) apart.
fn user_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit(')').next().unwrap_or("");
    let utime = after_name
        .split_whitespace()
        .nth(11)
        .and_then(|f| f.parse::<u64>().ok())
        .unwrap_or(0);
    Duration::from_millis(utime * 10)
}

/// User + system CPU time of this process, all threads (Linux, 10 ms resolution).
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the file: 11 and 12 after the name (state is 0).
    let field = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok()).unwrap_or(0);
    let ticks = field(11) + field(12);
    Duration::from_millis(ticks * 10)
}

fn print_report(report: &BuildReport) {
    let mut phases = format!("total {:.3} s", report.elapsed.as_secs_f64());
    for (name, time) in &report.phases {
        let _ = write!(phases, ", {name} {:.3} s", time.as_secs_f64());
    }
    println!("  phases       : {phases}");
    println!(
        "  pages        : {} rendues, {} fichiers écrits, {} identiques laissés, {} supprimés ; \
         {} collèges relus, {} rendus, {} repris",
        report.pages_rendered,
        report.files_written,
        report.files_unchanged,
        report.files_removed,
        report.schools_read,
        report.schools_rendered,
        report.schools_reused
    );
}

fn uai(i: usize) -> String {
    let digits = 100_000 + i as u32;
    format!("{digits:07}{}", check_letter(digits))
}

/// Writes a campaign of `schools` schools that differ the way real ones do (options, meals,
/// documents), with the demo's content pages.
fn generate(content: &Path, pages: &Path, schools: usize) {
    let etabs = content.join("etablissements");
    std::fs::create_dir_all(&etabs).unwrap();
    let langues = std::env::var("DOSSIERSCO_BENCH_LANGUES").unwrap_or_else(|_| "fr".into());
    std::fs::write(
        content.join("site.yml"),
        format!(
            "titre: Réinscription au collège\nurl_base: https://reinscription.example.fr\n\
             contact: contact@reinscription.example.fr\nacademie: Ministère (banc d'essai)\n\
             langues: [{langues}]\n"
        ),
    )
    .unwrap();
    let page_dir = content.join("pages");
    std::fs::create_dir_all(&page_dir).unwrap();
    for entry in std::fs::read_dir(pages).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), page_dir.join(entry.file_name())).unwrap();
    }
    let dirs: Vec<PathBuf> = (0..schools).map(|i| etabs.join(uai(i))).collect();
    for (i, dir) in dirs.iter().enumerate() {
        std::fs::create_dir(dir).unwrap();
        std::fs::write(dir.join("etablissement.yml"), school(i)).unwrap();
        std::fs::write(
            dir.join("accueil.md"),
            format!(
                "---\ntitre: Bienvenue au collège n° {i}\n---\nLa réinscription pour l'année **2027-2028** se fait en ligne. \
                 Elle prend une dizaine de minutes.\n\nLe collège connaît déjà la plupart des informations : \
                 vérifiez-les et choisissez les options de l'an prochain.\n"
            ),
        )
        .unwrap();
    }
}

fn school(i: usize) -> String {
    let mut yml = format!(
        "uai: {}\nnom: Collège n° {i}\nadresse:\n  ligne: {} rue de la République\n  code_postal: \"{:05}\"\n  ville: {}\n\
         courriel: secretariat.{i}@example.fr\ntelephone: 04 78 00 00 01\ncampagne:\n  ouverture: 2027-04-06\n  cloture: 2027-05-28\n\
         niveaux:\n",
        uai(i),
        i % 200 + 1,
        1000 + i % 95_000,
        TOWNS[i % TOWNS.len()]
    );
    for (mef, libelle) in LEVELS {
        let _ = writeln!(yml, "  - mef: \"{mef}\"\n    libelle: {libelle}");
    }
    yml.push_str(
        "options:\n  - code: ESP\n    libelle: Espagnol\n    modalite: obligatoire\n    groupe: lv2\n    niveaux: [\"10110001110\", \"10210001110\"]\n\
         \x20 - code: ALL\n    libelle: Allemand\n    modalite: obligatoire\n    groupe: lv2\n    niveaux: [\"10110001110\", \"10210001110\"]\n",
    );
    if i.is_multiple_of(3) {
        yml.push_str(
            "  - code: LATIN\n    libelle: Latin\n    modalite: facultative\n    niveaux: [\"10110001110\", \"10210001110\", \"10310019110\"]\n",
        );
    }
    if i.is_multiple_of(7) {
        yml.push_str("demi_pension:\n  proposee: false\n");
    } else {
        // Each school its own meal price with DOSSIERSCO_BENCH_FORMULAIRES=distincts: no two
        // schools then share a whole form, as in a campaign where each words its own.
        let tarif = if distinct_forms() {
            format!("{},{:02} € le repas (collège n° {i})", 3 + i / 100 % 3, i % 100)
        } else {
            "4,20 € le repas".to_string()
        };
        let _ = write!(
            yml,
            "demi_pension:\n  proposee: true\n  tarif: {tarif}\n  numero_caf: facultatif\n"
        );
    }
    yml.push_str(
        "regimes_sortie:\n  - code: libre\n    libelle: Sortie libre\n  - code: emploi_du_temps\n    libelle: Selon l'emploi du temps\n\
         consentements:\n  - code: photo_classe\n    libelle: J'autorise la photo de classe\n",
    );
    if i.is_multiple_of(2) {
        yml.push_str(
            "documents:\n  - code: assurance\n    nom: Attestation d'assurance scolaire\n    obligatoire: true\n",
        );
    }
    yml.push_str("passages:\n");
    for (from, to) in LEVELS.iter().zip(LEVELS.iter().skip(1)) {
        let _ = writeln!(
            yml,
            "  - depuis: \"{}\"\n    libelle: {}\n    vers: \"{}\"",
            from.0, from.1, to.0
        );
    }
    yml.push_str("  - depuis: \"10310019110\"\n    libelle: 3e\n");
    yml
}

/// Whether each school words its own form (`DOSSIERSCO_BENCH_FORMULAIRES=distincts`).
fn distinct_forms() -> bool {
    std::env::var("DOSSIERSCO_BENCH_FORMULAIRES").is_ok_and(|v| v == "distincts")
}

/// Time to create `pages` folders each holding a 1-byte index.html, on 2 threads: what the
/// file system alone costs, whatever the generator does.
fn file_system_floor(dir: &Path, pages: usize) -> Duration {
    let root = dir.join("plancher");
    let start = Instant::now();
    std::thread::scope(|scope| {
        for half in 0..2 {
            let root = &root;
            scope.spawn(move || {
                for i in (half..pages).step_by(2) {
                    let page = root.join(format!("{}", i / 8)).join(format!("{}", i % 8));
                    std::fs::create_dir_all(&page).unwrap();
                    std::fs::write(page.join("index.html"), b"x").unwrap();
                }
            });
        }
    });
    start.elapsed()
}

/// Peak resident memory of this process, in kB (Linux).
fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        })
        .unwrap_or(0)
}

fn gzip_len(bytes: &[u8]) -> usize {
    let mut encoder = GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap().len()
}
