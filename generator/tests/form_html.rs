//! Model → HTML: for every demo school and level, the generated form has, for each field of
//! the model's FormSpec, an input with the same name, type and constraints, a label tied to
//! it, and radio groups in fieldset/legend. Then the worker's 422 page: values kept, errors
//! summarised on top and shown next to their field.

use dossiersco_generator::{BuildOptions, Site};
use dossiersco_model::form::{FieldKind, FormSpec};
use dossiersco_model::{FieldError, FormValues};
use scraper::{ElementRef, Html, Selector};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn demo_site() -> Site {
    Site::load(&root().join("content"), &root().join("themes/default")).unwrap_or_else(|e| panic!("{e:#}"))
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap_or_else(|e| panic!("{css}: {e:?}")))
        .collect()
}

fn one<'a>(doc: &'a Html, css: &str, context: &str) -> ElementRef<'a> {
    let found = select(doc, css);
    assert_eq!(
        found.len(),
        1,
        "{context}: expected exactly one `{css}`, found {}",
        found.len()
    );
    found[0]
}

fn attr<'a>(el: &ElementRef<'a>, name: &str) -> Option<&'a str> {
    el.value().attr(name)
}

/// The checks shared by every input: id from the name, label tied to it, described-by ids exist.
fn check_label_and_descriptions(doc: &Html, input: &ElementRef, context: &str) {
    let id = attr(input, "id").unwrap_or_else(|| panic!("{context}: input without id"));
    one(doc, &format!("label[for=\"{id}\"]"), context);
    if let Some(ids) = attr(input, "aria-describedby") {
        for described in ids.split(' ') {
            one(doc, &format!("#{described}"), context);
        }
    }
}

#[test]
fn every_field_of_every_demo_form_is_in_the_html_with_the_model_constraints() {
    let site = demo_site();
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    site.build(&BuildOptions::new(&public)).unwrap();
    let mut forms = 0;
    for school in &site.content().schools {
        let etab = &school.etablissement;
        for niveau in &etab.niveaux {
            forms += 1;
            let page = public
                .join(&etab.uai)
                .join("dossier")
                .join(&niveau.mef)
                .join("index.html");
            let doc = Html::parse_document(&std::fs::read_to_string(&page).unwrap());
            let spec = FormSpec::build(etab, niveau);
            let ctx = format!("{} {}", etab.uai, niveau.libelle);

            let form = one(&doc, "form[data-dossier]", &ctx);
            assert_eq!(attr(&form, "method"), Some("post"), "{ctx}");
            assert_eq!(attr(&form, "action"), Some("/dossier"), "{ctx}");
            // Files travel with the form when there is no JavaScript: multipart when the school
            // asks documents, else the browser's default (urlencoded), lighter for the worker.
            let files = spec.fields().any(|f| f.kind == FieldKind::File);
            let enctype = files.then_some("multipart/form-data");
            assert_eq!(attr(&form, "enctype"), enctype, "{ctx}");
            let uai = one(&doc, "input[type=hidden][name=uai]", &ctx);
            assert_eq!(attr(&uai, "value"), Some(etab.uai.as_str()), "{ctx}");
            let mef = one(&doc, "input[type=hidden][name=mef]", &ctx);
            assert_eq!(attr(&mef, "value"), Some(niveau.mef.as_str()), "{ctx}");

            for section in &spec.sections {
                let fieldset = one(&doc, &format!("fieldset#etape-{}", section.id), &ctx);
                assert!(fieldset.first_child().is_some(), "{ctx}");
                one(&doc, &format!("fieldset#etape-{} > legend", section.id), &ctx);
                for field in &section.champs {
                    let ctx = format!("{ctx}, champ {}", field.name);
                    let id = field.name.replace('.', "-");
                    // In the optional section (second guardian) `required` waits for the section
                    // to be started: the JavaScript and the worker enforce it.
                    let required = field.required && !section.optionnelle;
                    let name = &field.name;
                    match field.kind {
                        FieldKind::Radio => {
                            let group = one(&doc, &format!("fieldset#{id}"), &ctx);
                            one(&doc, &format!("fieldset#{id} > legend"), &ctx);
                            let radios = select(&doc, &format!("fieldset#{id} input[type=radio][name=\"{name}\"]"));
                            assert_eq!(radios.len(), field.choices.len(), "{ctx}: one radio per choice");
                            assert_eq!(
                                select(&doc, &format!("input[name=\"{name}\"]")).len(),
                                radios.len(),
                                "{ctx}"
                            );
                            for (radio, choice) in radios.iter().zip(&field.choices) {
                                assert_eq!(attr(radio, "value"), Some(choice.value.as_str()), "{ctx}");
                                assert_eq!(attr(radio, "required").is_some(), required, "{ctx}: required");
                                check_label_and_descriptions(&doc, radio, &ctx);
                            }
                            assert!(
                                group.value().classes().any(|c| c == "champ"),
                                "{ctx}: the scripts find the box by its class"
                            );
                        }
                        FieldKind::Select => {
                            let el = one(&doc, &format!("select[name=\"{name}\"]"), &ctx);
                            assert_eq!(attr(&el, "id"), Some(id.as_str()), "{ctx}");
                            assert_eq!(attr(&el, "required").is_some(), required, "{ctx}: required");
                            let values: Vec<&str> = el
                                .select(&Selector::parse("option").unwrap())
                                .filter_map(|o| o.value().attr("value"))
                                .collect();
                            let mut expected = vec![""];
                            expected.extend(field.choices.iter().map(|c| c.value.as_str()));
                            assert_eq!(values, expected, "{ctx}");
                            check_label_and_descriptions(&doc, &el, &ctx);
                        }
                        FieldKind::Textarea => {
                            let el = one(&doc, &format!("textarea[name=\"{name}\"]"), &ctx);
                            assert_eq!(attr(&el, "id"), Some(id.as_str()), "{ctx}");
                            check_label_and_descriptions(&doc, &el, &ctx);
                        }
                        FieldKind::File => {
                            let el = one(&doc, &format!("input[name=\"{name}\"]"), &ctx);
                            assert_eq!(attr(&el, "type"), Some("file"), "{ctx}: type");
                            assert_eq!(attr(&el, "id"), Some(id.as_str()), "{ctx}: id");
                            // A file sent earlier or the office box satisfies it: the worker checks.
                            assert!(attr(&el, "required").is_none(), "{ctx}: required");
                            assert_eq!(attr(&el, "data-piece-obligatoire").is_some(), field.required, "{ctx}");
                            let rule = field.fichier.as_ref().unwrap();
                            assert_eq!(attr(&el, "data-piece"), Some(rule.document.as_str()), "{ctx}");
                            assert!(attr(&el, "accept").unwrap().contains("application/pdf"), "{ctx}");
                            check_label_and_descriptions(&doc, &el, &ctx);
                        }
                        kind => {
                            let el = one(&doc, &format!("input[name=\"{name}\"]"), &ctx);
                            let expected_type = match kind {
                                FieldKind::Email => "email",
                                FieldKind::Tel => "tel",
                                FieldKind::Date => "date",
                                FieldKind::Checkbox => "checkbox",
                                _ => "text",
                            };
                            // Text is the input's default type: the attribute is left out.
                            assert_eq!(attr(&el, "type").unwrap_or("text"), expected_type, "{ctx}: type");
                            assert_eq!(attr(&el, "id"), Some(id.as_str()), "{ctx}: id");
                            assert_eq!(attr(&el, "required").is_some(), required, "{ctx}: required");
                            assert_eq!(attr(&el, "pattern"), field.pattern.as_deref(), "{ctx}: pattern");
                            assert_eq!(
                                attr(&el, "maxlength").map(|m| m.parse::<u32>().unwrap()),
                                field.maxlength,
                                "{ctx}: maxlength"
                            );
                            assert_eq!(attr(&el, "autocomplete"), field.autocomplete.as_deref(), "{ctx}");
                            assert_eq!(attr(&el, "inputmode"), field.inputmode.as_deref(), "{ctx}");
                            if kind == FieldKind::Checkbox {
                                assert_eq!(attr(&el, "value"), Some("oui"), "{ctx}");
                            } else {
                                // An empty value is written as no attribute (the form's weight).
                                assert_eq!(attr(&el, "value"), field.default.as_deref(), "{ctx}");
                            }
                            check_label_and_descriptions(&doc, &el, &ctx);
                        }
                    }
                    if field.hint.is_some() {
                        one(&doc, &format!("#{id}-aide"), &ctx);
                    }
                }
            }
            // The summary step comes right before the signature.
            let steps: Vec<&str> = select(&doc, "[data-etape]")
                .iter()
                .filter_map(|e| attr(e, "id"))
                .collect();
            let signature = steps.iter().position(|s| *s == "etape-signature").unwrap();
            assert_eq!(steps[signature - 1], "etape-recapitulatif", "{ctx}");
            // Every id is unique.
            let mut ids: Vec<&str> = select(&doc, "[id]").iter().filter_map(|e| attr(e, "id")).collect();
            let total = ids.len();
            ids.sort();
            ids.dedup();
            assert_eq!(ids.len(), total, "{ctx}: duplicate ids");
        }
    }
    assert_eq!(forms, 9);
}

#[test]
fn the_page_after_a_refused_post_keeps_what_was_typed_and_shows_every_error() {
    let site = demo_site();
    let mut values = FormValues::new();
    values.insert("eleve.nom".into(), "Martin <script>alert(1)</script>".into());
    values.insert("eleve.sexe".into(), "F".into());
    values.insert("resp1.tel_portable".into(), "12".into());
    values.insert("demi_pension".into(), "externe".into());
    values.insert("resp1.paie_frais".into(), "oui".into());
    let errors = vec![
        FieldError {
            field: "eleve.prenom".into(),
            label: "Prénom".into(),
            message: "Ce champ est obligatoire.".into(),
            texte: None,
        },
        FieldError {
            field: "resp1.tel_portable".into(),
            label: "Téléphone portable".into(),
            message: "Numéro invalide.".into(),
            texte: None,
        },
        FieldError {
            field: "regime_sortie".into(),
            label: "Votre enfant peut quitter le collège".into(),
            message: "Choisissez une réponse.".into(),
            texte: None,
        },
    ];
    let html = site
        .render_form_page("0699901M", "10110001110", &values, &errors)
        .unwrap();
    assert!(!html.contains("<script>alert"), "typed HTML must be escaped");
    let doc = Html::parse_document(&html);
    let title = one(&doc, "title", "422").text().collect::<String>();
    assert!(title.starts_with("Erreur : "), "{title}");

    let summary = one(&doc, "#resume-erreurs[role=alert]", "summary");
    let links: Vec<&str> = summary
        .select(&Selector::parse("a").unwrap())
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(links, ["#eleve-prenom", "#resp1-tel_portable", "#regime_sortie-1"]);
    for link in &links {
        one(&doc, link, "summary link target");
    }

    let nom = one(&doc, "#eleve-nom", "nom");
    assert_eq!(attr(&nom, "value"), Some("Martin <script>alert(1)</script>"));
    assert!(attr(&one(&doc, "#eleve-sexe-1", "sexe"), "checked").is_some());
    assert!(attr(&one(&doc, "#eleve-sexe-2", "sexe"), "checked").is_none());
    assert!(attr(&one(&doc, "#demi_pension-2", "dp"), "checked").is_some());
    assert!(attr(&one(&doc, "#resp1-paie_frais", "paie"), "checked").is_some());

    let tel = one(&doc, "#resp1-tel_portable", "tel");
    assert_eq!(attr(&tel, "value"), Some("12"));
    assert_eq!(attr(&tel, "aria-invalid"), Some("true"));
    assert!(attr(&tel, "aria-describedby")
        .unwrap()
        .split(' ')
        .any(|id| id == "resp1-tel_portable-erreur"));
    let message = one(&doc, "#resp1-tel_portable-erreur", "message");
    assert!(message.text().collect::<String>().contains("Numéro invalide."));

    let group = one(&doc, "fieldset#regime_sortie", "group");
    assert!(attr(&group, "aria-describedby")
        .unwrap()
        .contains("regime_sortie-erreur"));
    one(&doc, "fieldset#regime_sortie #regime_sortie-erreur", "group message");

    // A field without error is not marked.
    assert!(attr(&one(&doc, "#eleve-nom", "nom"), "aria-invalid").is_none());
}

#[test]
fn the_static_form_and_the_worker_page_are_the_same_html_when_nothing_is_typed() {
    let site = demo_site();
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    site.build(&BuildOptions::new(&public)).unwrap();
    let built = std::fs::read_to_string(public.join("0339903K/dossier/10210001110/index.html")).unwrap();
    let rendered = site
        .render_form_page("0339903K", "10210001110", &FormValues::new(), &[])
        .unwrap();
    // The worker's page has no language switch nor alternates (a switch would leave what was
    // typed behind); everything else is the same.
    let mut static_page = String::new();
    let mut in_switch = false;
    for line in built.split_inclusive('\n') {
        in_switch |= line.starts_with("<nav class=\"langues\"");
        if !in_switch && !line.starts_with("<link rel=\"alternate\" hreflang=") {
            static_page.push_str(&line.replace("<html lang=\"fr\" dir=\"ltr\">", "<html lang=\"fr\">"));
        }
        in_switch &= !line.contains("</nav>");
    }
    assert!(
        built.contains("<nav class=\"langues\""),
        "the demo site has several languages"
    );
    assert_eq!(static_page, rendered);
}

#[test]
fn unknown_schools_and_levels_are_errors_not_panics() {
    let site = demo_site();
    assert!(site
        .render_form_page("0000000A", "10110001110", &FormValues::new(), &[])
        .is_err());
    assert!(site
        .render_form_page("0699901M", "99999999999", &FormValues::new(), &[])
        .is_err());
    assert!(site.form_spec("0699901M", "10110001110").is_some());
}

#[test]
fn the_site_can_be_shared_between_the_worker_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<Site>();
}
