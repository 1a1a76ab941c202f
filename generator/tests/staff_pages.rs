//! The staff area's static pages: one set per school, built like the family pages, with
//! nothing personal in them (not even the staff addresses), filled by personnel.js only.

use dossiersco_generator::{BuildOptions, Site};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn every_school_gets_its_staff_pages_without_personal_data() {
    let site = Site::load(&root().join("content"), &root().join("themes/default")).unwrap_or_else(|e| panic!("{e:#}"));
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    site.build(&BuildOptions::new(&public)).unwrap();
    assert!(public.join("static/personnel.js").is_file());
    assert!(public.join("static/personnel.css").is_file());
    let family_page = std::fs::read_to_string(public.join("0699901M/connexion/index.html")).unwrap();
    assert!(
        !family_page.contains("personnel.js"),
        "the staff script is loaded only on staff pages"
    );
    for school in &site.content().schools {
        let etab = &school.etablissement;
        assert!(!etab.personnels.is_empty());
        let uai = &etab.uai;
        for page in ["personnel", "personnel/tableau", "personnel/eleves", "personnel/eleve"] {
            let path = public.join(uai).join(page).join("index.html");
            let html = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"), "{page}");
            assert!(html.contains("/static/personnel.js"), "{page}");
            assert!(html.contains(&format!("data-uai=\"{uai}\"")), "{page}");
            for staff in &etab.personnels {
                assert!(!html.contains(staff.as_str()), "{page} shows a staff address");
            }
            if page == "personnel" {
                assert!(html.contains("action=\"/personnel/connexion\""), "{page}");
                assert!(html.contains(&format!("name=\"uai\" value=\"{uai}\"")));
                assert!(html.contains("id=\"lien-envoye\""));
                assert!(html.contains("Si cette adresse est connue, un lien vient d'être envoyé"));
                assert!(
                    !html.contains("JavaScript est nécessaire"),
                    "the login form works without JavaScript"
                );
            } else {
                assert!(
                    html.contains("JavaScript est nécessaire pour l'espace personnel"),
                    "{page}"
                );
                assert!(html.contains("action=\"/personnel/deconnexion\""), "{page}");
            }
        }
        let list = std::fs::read_to_string(public.join(uai).join("personnel/eleves/index.html")).unwrap();
        assert!(list.contains("data-valider") && list.contains("data-tri=\"nom\""));
    }
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(
        !sitemap.contains("/personnel/"),
        "staff pages are not for search engines"
    );
}
