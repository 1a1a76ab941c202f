//! [`Site`]: the content and the compiled templates, rendering every page. The static build
//! and the worker (its 422 page) render forms through the same function.

use crate::fragments::{Forms, Fragments};
use crate::langues::{self, Dictionaries, LangueView};
use crate::load::{load_content, Content, School};
use crate::views::{form_url, FormView, SchoolView, SectionView};
use anyhow::{anyhow, Context as _};
use dossiersco_model::{Etablissement, FieldError, FormInputs, FormSpec, FormValues, Niveau};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use tera::{Context, Tera, Value};

/// The loaded content and the theme's templates, compiled once.
pub struct Site {
    content: Content,
    tera: Tera,
    theme_dir: PathBuf,
    /// Hash of the theme's static files, appended to their URLs so browsers refetch on change.
    assets_version: String,
    /// Hash of the templates, static files and catalogs: every page depends on it.
    theme_hash: String,
    /// The theme's catalogs of the site's languages (i18n/<code>.ftl).
    catalogs: Arc<dossiersco_i18n::Catalogs>,
    /// Translations of content texts (the theme's form labels, each school's).
    dictionaries: Arc<Dictionaries>,
    /// The site's languages, French first; each one's footer links and site.yml with its title
    /// and académie translated (content/traductions.<code>.yml).
    langues: Vec<(LangueView, Vec<NavLink>, dossiersco_model::SiteConfig)>,
    /// The same as template values, converted once: every page inserts them.
    langue_values: LangueValues,
    /// Form sections already rendered, shared between pages ([`crate::fragments`]).
    fragments: Fragments,
    /// Blank forms already made, shared between schools with the same forms ([`crate::fragments`]).
    forms: Forms,
    /// By language, in the order of [`Site::langues`]: the templates with their messages
    /// without arguments written in that language ([`langues::with_messages_written`]),
    /// compiled at the first school page in it; `None`: they could not be, [`Site::tera`]
    /// serves.
    page_teras: Vec<OnceLock<Option<Tera>>>,
    /// The templates' sources (name, text), for [`Site::page_teras`].
    templates: Vec<(String, String)>,
    /// `messages_js`, shared by every compiled copy of the templates.
    script_messages: langues::ScriptMessages,
    /// The templates' global context.
    globals: Context,
    /// Whether the static pages use [`Site::fragments`], [`Site::forms`] and
    /// [`Site::page_teras`] (always, but to test they change nothing).
    share_sections: bool,
}

/// What [`Site::insert_langue`] puts in every page's context, converted once for the site.
struct LangueValues {
    /// Every language's view, for the switch and the alternates.
    langues: Value,
    /// By language, in the order of [`Site::langues`]: its footer links and translated site.yml.
    each: Vec<(Value, Value)>,
}

/// A link of the footer navigation.
#[derive(Serialize)]
struct NavLink {
    url: String,
    texte: String,
}

/// A school in the list of schools.
#[derive(Serialize)]
struct ListedSchool<'a> {
    uai: &'a str,
    nom: &'a str,
    ville: &'a str,
    code_postal: &'a str,
    /// Lowercase, accents removed: what the JavaScript filter compares with.
    recherche: String,
}

impl Site {
    /// Loads content/ and compiles the theme. Content errors come back as
    /// [`crate::ContentErrors`] inside the `anyhow::Error` (downcast to list them).
    pub fn load(content_dir: &Path, theme_dir: &Path) -> anyhow::Result<Site> {
        let content = load_content(content_dir)?;
        Site::new(content, theme_dir)
    }

    /// Compiles the theme's templates (theme_dir/templates/), then the site's overrides
    /// (content/templates/, which may extend `theme/<name>` to override only some blocks).
    pub fn new(content: Content, theme_dir: &Path) -> anyhow::Result<Site> {
        let mut templates = read_templates(&theme_dir.join("templates"))
            .with_context(|| format!("lecture du thème {}", theme_dir.display()))?;
        if templates.is_empty() {
            anyhow::bail!("aucun gabarit dans {}/templates (option --theme)", theme_dir.display());
        }
        // `theme/<name>` lets a site's template extend the theme's one and override some blocks.
        // Component definitions are global in tera: their files are not copied (no duplicates).
        // Without a site template, nothing names them: not compiled (1.5 MB of memory).
        let overrides = read_templates(&content.dir.join("templates"))?;
        let theme_copies: Vec<(String, String)> = templates
            .iter()
            .filter(|(_, text)| !overrides.is_empty() && !text.contains("{% component"))
            .map(|(name, text)| (format!("theme/{name}"), text.clone()))
            .collect();
        for (name, text) in overrides {
            templates.retain(|(n, _)| *n != name);
            templates.push((name, text));
        }
        templates.extend(theme_copies);
        let mut hasher = Sha256::new();
        for (name, text) in &templates {
            hasher.update(name.as_bytes());
            hasher.update([0]);
            hasher.update(text.as_bytes());
            hasher.update([0]);
        }

        let i18n_dir = theme_dir.join("i18n");
        let catalogs = Arc::new(
            dossiersco_i18n::Catalogs::load(&i18n_dir, &content.site.langues)
                .map_err(|err| anyhow!("catalogues de traduction du thème invalides :\n{err}"))?,
        );
        let dictionaries = Arc::new(crate::load::dictionaries(&content, &i18n_dir)?);
        hasher.update(hash_dir(&i18n_dir)?.as_bytes());

        let script_messages = langues::ScriptMessages::new(catalogs.clone(), &theme_dir.join("static"))
            .with_context(|| format!("lecture des scripts de {}/static", theme_dir.display()))?;
        let mut tera = compile(templates.clone(), &catalogs, &dictionaries, &script_messages)?;
        let assets_version = hash_assets(theme_dir)?;
        let globals = tera.global_context();
        globals.insert("site", &content.site);
        globals.insert("assets_version", &assets_version);
        globals.insert("max_commentaire", &dossiersco_model::rules::MAX_COMMENT);
        let langues: Vec<(LangueView, Vec<NavLink>, dossiersco_model::SiteConfig)> =
            langues::langues(&catalogs, &content.site.langues)
                .into_iter()
                .map(|langue| {
                    let nav = content
                        .pages
                        .iter()
                        .map(|p| {
                            let p = p.traductions.get(&langue.code).unwrap_or(p);
                            NavLink {
                                url: page_url(&p.slug),
                                texte: p.lien.clone().unwrap_or_else(|| p.titre.clone()),
                            }
                        })
                        .collect();
                    let mut site = content.site.clone();
                    for text in [&mut site.titre, &mut site.academie] {
                        if let Some(translation) = dictionaries.get("", &langue.code, text) {
                            *text = translation.to_string();
                        }
                    }
                    (langue, nav, site)
                })
                .collect();
        globals.insert("nav", &langues[0].1);
        // The worker's pages are French unless it says otherwise; no switch there.
        globals.insert("langues", &[&langues[0].0]);
        globals.insert("langue", "fr");
        globals.insert("dir", "ltr");
        globals.insert("prefixe", "");
        globals.insert("chemin", "/");
        globals.insert("uai", "");
        hasher.update(assets_version.as_bytes());
        let globals = globals.clone();
        let langue_values = LangueValues {
            langues: Value::from_serializable(&langues.iter().map(|(l, ..)| l).collect::<Vec<_>>()),
            each: langues
                .iter()
                .map(|(_, nav, site)| (Value::from_serializable(nav), Value::from_serializable(site)))
                .collect(),
        };
        Ok(Site {
            content,
            tera,
            theme_dir: theme_dir.to_path_buf(),
            assets_version,
            theme_hash: hex::encode(hasher.finalize()),
            catalogs,
            dictionaries,
            page_teras: (0..langues.len()).map(|_| OnceLock::new()).collect(),
            langues,
            langue_values,
            fragments: Fragments::default(),
            forms: Forms::default(),
            templates,
            script_messages,
            globals,
            share_sections: true,
        })
    }

    /// Renders every form section in every page, as the worker does, instead of sharing the
    /// sections already rendered, and every page with the templates the worker uses: for
    /// tests showing that sharing and the language's templates change no byte.
    #[doc(hidden)]
    pub fn without_shared_sections(mut self) -> Site {
        self.share_sections = false;
        self
    }

    /// The theme's catalogs (the worker's pages, emails and messages in the family's language).
    pub fn catalogs(&self) -> &Arc<dossiersco_i18n::Catalogs> {
        &self.catalogs
    }

    /// Translations of content texts, for the worker's own tera ([`langues::register_translations`]).
    pub fn dictionaries(&self) -> &Arc<Dictionaries> {
        &self.dictionaries
    }

    /// What the languages put on every page (names, footer links, translated site.yml), as
    /// bytes for the build manifest: a translated title changed renders every page again.
    pub(crate) fn langues_hash(&self) -> Vec<u8> {
        serde_json::to_vec(&self.langues).unwrap_or_default()
    }

    /// Codes of the site's languages, French first.
    pub fn langue_codes(&self) -> impl Iterator<Item = &str> {
        self.langues.iter().map(|(l, ..)| l.code.as_str())
    }

    /// What every page in `lang` needs in its context: language, direction, prefix, the
    /// page's path on the French site (`chemin`), the switch's languages, the footer links,
    /// the school whose translations `tc` uses (`uai`, empty elsewhere).
    pub fn insert_langue(&self, ctx: &mut Context, lang: &str, chemin: &str, uai: &str) {
        langues::insert(ctx, lang, chemin);
        ctx.insert_value("langues", self.langue_values.langues.clone());
        if let Some(i) = self.langues.iter().position(|(l, ..)| l.code == lang) {
            let (nav, site) = &self.langue_values.each[i];
            ctx.insert_value("nav", nav.clone());
            if lang != dossiersco_i18n::REFERENCE {
                ctx.insert_value("site", site.clone());
            }
        }
        ctx.insert("uai", uai);
    }

    /// Only the page's own language in `langues`: no switch, no alternates, no `dir` on a
    /// French page (the worker's pages that carry one family's data).
    fn without_switch(&self, ctx: &mut Context, lang: &str) {
        if let Some((langue, ..)) = self.langues.iter().find(|(l, ..)| l.code == lang) {
            ctx.insert("langues", &[langue]);
        }
    }

    /// The loaded content: site.yml and the schools, for the worker (campaign dates, forms).
    pub fn content(&self) -> &Content {
        &self.content
    }

    /// The theme folder the templates came from.
    pub fn theme_dir(&self) -> &Path {
        &self.theme_dir
    }

    /// Hash of the theme's static files.
    pub fn assets_version(&self) -> &str {
        &self.assets_version
    }

    /// Hash of the whole theme (templates, overrides, static files).
    pub(crate) fn theme_hash(&self) -> &str {
        &self.theme_hash
    }

    /// The form of `uai` for pupils going to `mef` next year.
    pub fn form_spec(&self, uai: &str, mef: &str) -> Option<FormSpec> {
        let etab = &self.content.school(uai)?.etablissement;
        Some(FormSpec::build(etab, etab.niveau(mef)?))
    }

    /// The form page of `uai`/`mef`, showing `values` and `errors` (both empty for the static
    /// page): error summary on top, each message next to its field, nothing typed lost.
    pub fn render_form_page(
        &self,
        uai: &str,
        mef: &str,
        values: &FormValues,
        errors: &[FieldError],
    ) -> anyhow::Result<String> {
        self.render_form_page_in("fr", uai, mef, values, errors)
    }

    /// [`Site::render_form_page`] in `lang` (one of [`Site::langue_codes`]).
    pub fn render_form_page_in(
        &self,
        lang: &str,
        uai: &str,
        mef: &str,
        values: &FormValues,
        errors: &[FieldError],
    ) -> anyhow::Result<String> {
        let school = self
            .content
            .school(uai)
            .ok_or_else(|| anyhow!("établissement inconnu : {uai}"))?;
        let etab = &school.etablissement;
        let niveau = etab
            .niveau(mef)
            .ok_or_else(|| anyhow!("niveau {mef} inconnu pour {uai}"))?;
        let spec = FormSpec::build(etab, niveau);
        let school_value = Value::from_serializable(&self.school_view(school, lang));
        let form = Value::from_serializable(&FormView::new(&spec, niveau, values, errors));
        let mut ctx = Context::new();
        self.insert_langue(&mut ctx, lang, &form_url(uai, mef), uai);
        // A switch here would leave what the family typed behind: the page keeps its language.
        self.without_switch(&mut ctx, lang);
        self.insert_untranslated(&mut ctx, school, lang, &spec);
        self.render_form(&mut ctx, &school_value, form)
    }

    /// The school as its pages in `lang` show it: the welcome text in `lang` when
    /// accueil.<lang>.md exists (`accueil_langue` says which language it is in).
    fn school_view<'a>(&self, school: &'a School, lang: &str) -> SchoolView<'a> {
        let mut view = SchoolView::new(school);
        if let Some(translation) = school.accueil.traductions.get(lang) {
            view.accueil_titre = &translation.titre;
            view.accueil_html = &translation.html;
        }
        view
    }

    /// `accueil_langue` (the language the welcome text is in) and `en_francais` (some of the
    /// school's texts on this page have no translation into `lang`).
    fn insert_untranslated(&self, ctx: &mut Context, school: &School, lang: &str, spec: &FormSpec) {
        let uai = &school.etablissement.uai;
        let accueil_langue = if school.accueil.traductions.contains_key(lang) {
            lang
        } else {
            dossiersco_i18n::REFERENCE
        };
        ctx.insert("accueil_langue", accueil_langue);
        let untranslated = lang != dossiersco_i18n::REFERENCE
            && (self
                .dictionaries
                .has_untranslated(uai, lang, &serde_json::to_value(spec).unwrap_or_default())
                || self.dictionaries.has_untranslated(
                    uai,
                    lang,
                    &serde_json::to_value(&school.etablissement).unwrap_or_default(),
                ));
        ctx.insert("en_francais", &untranslated);
    }

    /// A page of school `uai` the worker fills with one family's data (the one-click summary):
    /// `template` gets `etab` and every key of `extra` (a JSON object).
    pub fn render_page(&self, template: &str, uai: &str, extra: &serde_json::Value) -> anyhow::Result<String> {
        self.render_page_in("fr", template, uai, "", extra)
    }

    /// [`Site::render_page`] in `lang`; `chemin` is the page's path on the French site (the
    /// switch links to it in each language; empty: no switch, no alternates).
    pub fn render_page_in(
        &self,
        lang: &str,
        template: &str,
        uai: &str,
        chemin: &str,
        extra: &serde_json::Value,
    ) -> anyhow::Result<String> {
        let school = self
            .content
            .school(uai)
            .ok_or_else(|| anyhow!("établissement inconnu : {uai}"))?;
        let mut ctx = Context::new();
        self.insert_langue(&mut ctx, lang, chemin, uai);
        if chemin.is_empty() {
            self.without_switch(&mut ctx, lang);
        }
        ctx.insert("etab", &self.school_view(school, lang));
        if let Some(extra) = extra.as_object() {
            for (key, value) in extra {
                ctx.insert(key.clone(), value);
            }
        }
        self.render(template, &ctx)
    }

    fn render_form(&self, ctx: &mut Context, school_value: &Value, form: Value) -> anyhow::Result<String> {
        ctx.insert_value("etab", school_value.clone());
        ctx.insert_value("form", form);
        self.render("formulaire.html", ctx)
    }

    /// [`Site::render`] of a page in `lang` into `page` (emptied first), with that language's
    /// templates ([`Site::page_tera`]): the build's pages reuse one buffer and skip the check
    /// that the bytes are UTF-8 (a tenth of a form's rendering), which a `String` would need
    /// and the files do not.
    pub(crate) fn render_into(
        &self,
        lang: &str,
        template: &str,
        ctx: &Context,
        page: &mut Vec<u8>,
    ) -> anyhow::Result<()> {
        page.clear();
        self.page_tera(lang)
            .render_to(template, ctx, page)
            .map_err(|err| anyhow!("rendu du gabarit {template} :\n{err}"))
    }

    /// The templates for the pages in `lang`: its own copy ([`Site::page_teras`]) once
    /// compiled, [`Site::tera`] when there is none.
    fn page_tera(&self, lang: &str) -> &Tera {
        let Some(i) = self.langues.iter().position(|(l, ..)| l.code == lang) else {
            return &self.tera;
        };
        if !self.share_sections {
            return &self.tera;
        }
        let compiled = self.page_teras[i].get_or_init(|| {
            let templates = school_page_templates(&self.templates);
            let templates = langues::with_messages_written(&self.catalogs, lang, &templates)?;
            let compiled = compile(templates, &self.catalogs, &self.dictionaries, &self.script_messages);
            let mut tera = compiled
                .map_err(|err| tracing::debug!("gabarits en {lang} : {err:#}"))
                .ok()?;
            *tera.global_context() = self.globals.clone();
            Some(tera)
        });
        compiled.as_ref().unwrap_or(&self.tera)
    }

    /// The form of a level with nothing typed in `lang` on the pages of `uai`, its sections
    /// already rendered ([`crate::fragments`]), and whether one of them holds a text not
    /// translated into `lang`.
    fn blank_form(&self, lang: &str, uai: &str, spec: &FormSpec, niveau: &Niveau) -> (Value, bool) {
        // `tc` reads the school's own translations first: only then do its sections differ
        // from another school's with the same content.
        let uai_key = if self.dictionaries.has_school(uai, lang) {
            uai
        } else {
            ""
        };
        let empty = FormValues::new();
        let mut untranslated = false;
        let sections: Vec<Value> = spec
            .sections
            .iter()
            .map(|section| {
                if !self.share_sections {
                    untranslated |= self.dictionaries.has_untranslated(
                        uai,
                        lang,
                        &serde_json::to_value(section).unwrap_or_default(),
                    );
                    return Value::from_serializable(&SectionView::new(section, &empty, &[]));
                }
                let fragment = self.fragments.get(
                    section,
                    lang,
                    uai_key,
                    |ctx| self.render_section(ctx, lang, uai_key),
                    |json| self.dictionaries.has_untranslated(uai_key, lang, json),
                );
                untranslated |= fragment.untranslated;
                fragment.value
            })
            .collect();
        let mut form: BTreeMap<&'static str, Value> = BTreeMap::new();
        form.insert("niveau", Value::from_serializable(niveau));
        form.insert("sections", Value::from(sections));
        form.insert("erreurs", Value::from(Vec::<Value>::new()));
        // The static page's script sets it (see FormView::eleve_ref).
        form.insert("eleve_ref", Value::from(""));
        (Value::from(form), untranslated)
    }

    /// `section.html` for a context holding `s`: what it sees of a page is its language and
    /// the school's translations (`uai_key`). `None` when it needs more (a site's own
    /// template reading the page's school): the page then includes it.
    fn render_section(&self, mut ctx: Context, lang: &str, uai_key: &str) -> Option<String> {
        ctx.insert("langue", lang);
        ctx.insert("dir", dossiersco_i18n::dir(lang));
        ctx.insert("prefixe", &langues::prefix(lang));
        ctx.insert("uai", uai_key);
        if let Some(i) = self.langues.iter().position(|(l, ..)| l.code == lang) {
            if lang != dossiersco_i18n::REFERENCE {
                ctx.insert_value("site", self.langue_values.each[i].1.clone());
            }
        }
        self.tera.render("section.html", &ctx).ok()
    }

    pub(crate) fn render(&self, template: &str, ctx: &Context) -> anyhow::Result<String> {
        self.tera
            .render(template, ctx)
            .map_err(|err| anyhow!("rendu du gabarit {template} :\n{err}"))
    }

    /// Every page of one school, as (path in the output, HTML), in a fixed order.
    pub(crate) fn school_pages(
        &self,
        school: &School,
        mut emit: impl FnMut(String, &[u8]) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        // One form per level, the same in every language, built only when no school with
        // the same inputs had it already.
        let etab = &school.etablissement;
        let forms: Vec<(FormInputs, std::cell::OnceCell<FormSpec>)> = etab
            .niveaux
            .iter()
            .map(|n| (FormInputs::of(etab, n), std::cell::OnceCell::new()))
            .collect();
        let mut page = Vec::with_capacity(32 * 1024);
        for (langue, ..) in &self.langues {
            self.school_pages_in(&langue.code, school, &forms, &mut page, &mut emit)?;
        }
        Ok(())
    }

    /// [`Site::blank_form`] of the level of `inputs`, taken from another school whose form
    /// has the same inputs when there is one; `spec`: the form, built at the first need.
    fn shared_blank_form(
        &self,
        lang: &str,
        uai: &str,
        inputs: &FormInputs,
        spec: &std::cell::OnceCell<FormSpec>,
    ) -> (Value, bool) {
        let blank = || self.blank_form(lang, uai, spec.get_or_init(|| inputs.build()), inputs.niveau);
        if !self.share_sections {
            return blank();
        }
        // As in `blank_form`: a school's own translations make its forms its own.
        let uai_key = if self.dictionaries.has_school(uai, lang) {
            uai
        } else {
            ""
        };
        self.forms.get(inputs, lang, uai_key, blank)
    }

    /// The pages of one school in `lang` (the staff pages with the French ones only);
    /// `forms`: the inputs of the form of each of its levels, and the form once built;
    /// `page`: the buffer each page is rendered into.
    fn school_pages_in(
        &self,
        lang: &str,
        school: &School,
        forms: &[(FormInputs, std::cell::OnceCell<FormSpec>)],
        page: &mut Vec<u8>,
        mut emit: impl FnMut(String, &[u8]) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let etab = &school.etablissement;
        let uai = &etab.uai;
        let school_value = Value::from_serializable(&self.school_view(school, lang));
        let mut ctx = Context::new();
        ctx.insert_value("etab", school_value.clone());
        let mut args = dossiersco_i18n::FluentArgs::new();
        args.set("nom", etab.nom.as_str());
        ctx.insert(
            "description",
            &self.catalogs.text(lang, "etablissement-description", Some(&args)),
        );
        let urls = school_urls(etab);
        // What the pages in another language say of the school's own texts, found once.
        let translated = lang != dossiersco_i18n::REFERENCE;
        let etab_untranslated = translated
            && self
                .dictionaries
                .has_untranslated(uai, lang, &serde_json::to_value(etab).unwrap_or_default());
        let accueil_langue = if school.accueil.traductions.contains_key(lang) {
            lang
        } else {
            dossiersco_i18n::REFERENCE
        };
        for (url, template) in urls.iter().zip(SCHOOL_TEMPLATES) {
            self.insert_langue(&mut ctx, lang, url, uai);
            if translated {
                ctx.insert("en_francais", &etab_untranslated);
                ctx.insert("accueil_langue", accueil_langue);
            }
            self.render_into(lang, template, &ctx, page)
                .with_context(|| format!("établissement {uai}"))?;
            emit(langues::output_path(lang, &format!("{}index.html", &url[1..])), page)?;
        }
        for (url, (inputs, spec)) in urls[SCHOOL_TEMPLATES.len()..].iter().zip(forms) {
            let niveau = inputs.niveau;
            let (form, sections_untranslated) = self.shared_blank_form(lang, uai, inputs, spec);
            let mut form_ctx = Context::new();
            self.insert_langue(&mut form_ctx, lang, url, uai);
            if translated {
                form_ctx.insert("accueil_langue", accueil_langue);
                form_ctx.insert("en_francais", &(sections_untranslated || etab_untranslated));
            }
            form_ctx.insert_value("etab", school_value.clone());
            form_ctx.insert_value("form", form);
            self.render_into(lang, "formulaire.html", &form_ctx, page)
                .with_context(|| format!("établissement {uai}, niveau {}", niveau.mef))?;
            emit(langues::output_path(lang, &format!("{}index.html", &url[1..])), page)?;
        }
        if lang == dossiersco_i18n::REFERENCE {
            self.insert_langue(&mut ctx, lang, "/", uai);
            ctx.insert("langues", &[&self.langues[0].0]);
            self.staff_pages(uai, &ctx, page, &mut emit)?;
        }
        Ok(())
    }

    /// The pages that are not a school's: list of schools, content pages, stats, error pages.
    pub(crate) fn global_pages(
        &self,
        stats: Option<&dossiersco_model::stats::Stats>,
        mut emit: impl FnMut(String, String) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let mut listed: Vec<ListedSchool> = self
            .content
            .schools
            .iter()
            .map(|s| {
                let e = &s.etablissement;
                ListedSchool {
                    uai: &e.uai,
                    nom: &e.nom,
                    ville: &e.adresse.ville,
                    code_postal: &e.adresse.code_postal,
                    recherche: searchable(&format!("{} {} {}", e.nom, e.adresse.ville, e.adresse.code_postal)),
                }
            })
            .collect();
        listed.sort_by(|a, b| (a.ville, a.nom).cmp(&(b.ville, b.nom)));
        for (langue, ..) in &self.langues {
            let lang = langue.code.as_str();
            let mut ctx = Context::new();
            self.insert_langue(&mut ctx, lang, "/", "");
            ctx.insert("etablissements", &listed);
            ctx.insert("description", &self.catalogs.text(lang, "index-description", None));
            emit(
                langues::output_path(lang, "index.html"),
                self.render("index.html", &ctx)?,
            )?;

            for page in &self.content.pages {
                let translated = page.traductions.get(lang);
                let mut ctx = Context::new();
                self.insert_langue(&mut ctx, lang, &page_url(&page.slug), "");
                ctx.insert("page", &PageView::from(translated.unwrap_or(page)));
                ctx.insert("page_langue", if translated.is_some() { lang } else { "fr" });
                ctx.insert("description", &translated.unwrap_or(page).description);
                emit(
                    langues::output_path(lang, &format!("pages/{}/index.html", page.slug)),
                    self.render("page.html", &ctx)?,
                )?;
            }
            // Error pages: 404 for the worker's static serving and the proxy, 413 and 50x for the
            // proxy (deploy/nginx), which answers them itself when a body is too large or the
            // worker is down.
            for page in ["404.html", "413.html", "50x.html"] {
                let mut ctx = Context::new();
                self.insert_langue(&mut ctx, lang, &format!("/{page}"), "");
                emit(langues::output_path(lang, page), self.render(page, &ctx)?)?;
            }
        }
        // The statistics are the service's public figures, in French only.
        crate::stats::emit_pages(&self.content, stats, |ctx| self.render("stats.html", ctx), &mut emit)?;
        Ok(())
    }
}

#[derive(Serialize)]
struct PageView<'a> {
    slug: &'a str,
    titre: &'a str,
    html: &'a str,
}

impl<'a> From<&'a crate::Page> for PageView<'a> {
    fn from(page: &'a crate::Page) -> Self {
        PageView {
            slug: &page.slug,
            titre: &page.titre,
            html: &page.html,
        }
    }
}

/// Templates of a school's pages, in the order of [`school_urls`] (the forms come after).
const SCHOOL_TEMPLATES: [&str; 4] = [
    "etablissement.html",
    "connexion.html",
    "dossier.html",
    "confirmation.html",
];

/// URL paths of a school's pages: welcome, login, forms index, confirmation, then one form
/// per level.
pub fn school_urls(etab: &Etablissement) -> Vec<String> {
    let uai = &etab.uai;
    let mut urls = vec![
        format!("/{uai}/"),
        format!("/{uai}/connexion/"),
        format!("/{uai}/dossier/"),
        format!("/{uai}/confirmation/"),
    ];
    urls.extend(etab.niveaux.iter().map(|n| form_url(uai, &n.mef)));
    urls
}

/// `/pages/<slug>/`.
pub fn page_url(slug: &str) -> String {
    format!("/pages/{slug}/")
}

/// The templates (name, source) a school's pages may use: theirs and those they name (extend,
/// include), for the copies of [`Site::page_teras`], whose memory is then a third of all the
/// templates' (the letters, the summary, the statistics, the `theme/` copies are left out
/// unless named). A name written some other way fails their compilation: the pages then use
/// all the templates ([`Site::tera`]).
fn school_page_templates(templates: &[(String, String)]) -> Vec<(String, String)> {
    let mut wanted: Vec<&str> = SCHOOL_TEMPLATES.to_vec();
    wanted.push("formulaire.html");
    wanted.extend(crate::personnel::STAFF_PAGES.iter().map(|(.., template)| *template));
    let mut i = 0;
    while i < wanted.len() {
        if let Some((_, source)) = templates.iter().find(|(name, _)| name == wanted[i]) {
            for (name, _) in templates {
                if !wanted.contains(&name.as_str()) && source.contains(&format!("\"{name}\"")) {
                    wanted.push(name);
                }
            }
        }
        i += 1;
    }
    templates
        .iter()
        .filter(|(name, _)| wanted.contains(&name.as_str()))
        .cloned()
        .collect()
}

/// The theme's templates (name, source) compiled with the filters and functions they use.
fn compile(
    templates: Vec<(String, String)>,
    catalogs: &Arc<dossiersco_i18n::Catalogs>,
    dictionaries: &Arc<Dictionaries>,
    script_messages: &langues::ScriptMessages,
) -> anyhow::Result<Tera> {
    let mut tera = Tera::new();
    register_theme_filters(&mut tera);
    langues::register_translations(&mut tera, catalogs.clone(), dictionaries.clone());
    tera.register_function("messages_js", script_messages.clone());
    tera.add_raw_templates(templates)
        .map_err(|err| anyhow!("gabarits du thème invalides :\n{err}"))?;
    Ok(tera)
}

/// Lowercase without accents, for the filter of the list of schools.
fn searchable(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ÿ' => 'y',
            '\'' | '’' | '-' => ' ',
            c => c,
        })
        .collect()
}

/// (name relative to `dir` with `/`, text) of every `.html` template under `dir`; none if
/// `dir` does not exist. A link leading out of `dir` is refused by name ([`crate::guard`]).
fn read_templates(dir: &Path) -> anyhow::Result<Vec<(String, String)>> {
    let mut templates = Vec::new();
    for path in crate::guard::files_under(dir)? {
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let name = path
            .strip_prefix(dir)?
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let text = std::fs::read_to_string(&path).with_context(|| format!("lecture de {}", path.display()))?;
        templates.push((name, text));
    }
    Ok(templates)
}

/// Short hash of what the theme publishes under static/: its files and the shared script
/// pieces they include.
fn hash_assets(theme_dir: &Path) -> anyhow::Result<String> {
    let includes = theme_dir.join(crate::assets::INCLUDES_DIR);
    if !includes.is_dir() {
        return hash_dir(&theme_dir.join("static"));
    }
    Ok(format!(
        "{}{}",
        hash_dir(&theme_dir.join("static"))?,
        hash_dir(&includes)?
    ))
}

/// Short hash of every file under `dir` (names and contents), the files the build copies.
pub(crate) fn hash_dir(dir: &Path) -> anyhow::Result<String> {
    let mut hasher = Sha256::new();
    for path in crate::guard::files_under(dir)? {
        hasher.update(path.strip_prefix(dir)?.to_string_lossy().as_bytes());
        hasher.update(std::fs::read(&path)?);
    }
    Ok(hex::encode(&hasher.finalize()[..6]))
}

/// The filters every theme template may use, wherever it is rendered (site pages, emails,
/// letters): `de` gives French elision, « de Léa », « d'Adam ».
pub fn register_theme_filters(tera: &mut Tera) {
    tera.register_filter("de", |name: &str, _: tera::Kwargs, _: &tera::State| {
        dossiersco_model::text::de(name)
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The static forms get their sections rendered (`s.html`), once: a second school with
    /// the same sections gets the very same HTML, not rendered again.
    #[test]
    fn blank_forms_share_their_rendered_sections() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let site = Site::load(&root.join("content"), &root.join("themes/default")).unwrap();
        let html_of = |uai: &str| -> Vec<String> {
            let etab = &site.content().school(uai).unwrap().etablissement;
            let niveau = &etab.niveaux[0];
            let (form, _) = site.blank_form("fr", uai, &FormSpec::build(etab, niveau), niveau);
            let sections = form.get_from_path("sections").and_then(Value::as_array).unwrap();
            sections
                .iter()
                .map(|s| {
                    let html = s.get_from_path("html").and_then(Value::as_str);
                    html.unwrap_or_else(|| panic!("section without its HTML: {s:?}"))
                        .to_string()
                })
                .collect()
        };
        let first = html_of("0389902G");
        assert!(
            first[0].starts_with("<fieldset class=\"etape\" id=\"etape-eleve\""),
            "{}",
            first[0]
        );
        assert!(first[0].ends_with("</fieldset>"), "{}", first[0]);
        let entries = site.fragments.len();
        let second = html_of("0339903K");
        assert_eq!(first[0], second[0], "the pupil's section is the same in every school");
        assert!(
            site.fragments.len() < entries + second.len(),
            "the sections both schools show were rendered again"
        );
    }

    /// The school pages of each language get their own copy of the templates (the ones
    /// they use compiled alone), not the worker's: a template they name and the copy lacks
    /// would silently bring back a function call per message per page.
    #[test]
    fn each_language_has_its_own_templates() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let site = Site::load(&root.join("content"), &root.join("themes/default")).unwrap();
        for lang in ["fr", "en", "ar", "pt"] {
            assert!(!std::ptr::eq(site.page_tera(lang), &site.tera), "{lang}");
        }
        assert!(std::ptr::eq(site.page_tera("xx"), &site.tera));
        let names: Vec<String> = school_page_templates(&site.templates)
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert!(
            names.iter().any(|n| n == "section.html") && !names.iter().any(|n| n == "resume.html"),
            "{names:?}"
        );
    }

    /// A school's form is taken whole from another school with the same form inputs, not
    /// made again; a school with other inputs gets its own.
    #[test]
    fn schools_with_the_same_form_inputs_share_their_forms() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let site = Site::load(&root.join("content"), &root.join("themes/default")).unwrap();
        let form_of = |etab: &Etablissement| -> Value {
            let niveau = &etab.niveaux[0];
            let (form, _) = site.shared_blank_form("fr", &etab.uai, &FormInputs::of(etab, niveau), &Default::default());
            form
        };
        let etab = &site.content().school("0389902G").unwrap().etablissement;
        let first = form_of(etab);
        assert_eq!(site.forms.len(), 1);
        let mut twin = etab.clone();
        twin.uai = "0389912T".into();
        twin.nom = "Autre collège".into();
        assert_eq!(form_of(&twin), first);
        assert_eq!(site.forms.len(), 1, "the twin's form was made again");
        twin.demi_pension.proposee = !twin.demi_pension.proposee;
        assert_ne!(form_of(&twin), first, "another canteen, the same form");
        assert_eq!(site.forms.len(), 2);
    }
}
