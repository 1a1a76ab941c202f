//! The form's sections rendered once and shared between the pages that show them.
//!
//! Why: a form page is mostly its sections (fieldsets of fields, choices and notes), and most
//! sections are the same on many pages — the pupil's and guardians' sections of every school
//! and level, the options or meals of every school that offers the same ones. Rendering them
//! through tera's interpreter for every page was most of a national build's user CPU. Here a
//! section is rendered once per distinct content and language (and per school only when the
//! school has its own translations, which `tc` reads) through the theme's `section.html`, and
//! the pages get its HTML as `s.html`. The worker's form, which shows what a family typed,
//! still includes `section.html` itself: the same template, so the same bytes (tested).
//!
//! The cache lives as long as a build's [`crate::Site`] and is emptied when it grows past
//! [`MAX_ENTRIES`]: a campaign where every school words its sections differently costs what
//! it cost before, not memory.

use crate::views::SectionView;
use dossiersco_model::content::{Consentement, DemiPension, DocumentAttendu, OptionOfferte, Pieces, RegimeSortie};
use dossiersco_model::form::Section;
use dossiersco_model::{FormInputs, FormValues, Niveau};
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Mutex;
use tera::{Context, Value};

/// Beyond this many sections kept, the cache starts again (a few MB at most).
const MAX_ENTRIES: usize = 4096;

/// Variants kept of one section in one language (the options of each level, a school's own
/// documents…): past this, the oldest goes, so a lookup never compares with hundreds.
const MAX_VARIANTS: usize = 16;

/// A section ready for the form template.
#[derive(Clone)]
pub(crate) struct Fragment {
    /// The section's view with its rendered HTML (`s.html`).
    pub value: Value,
    /// Some text of the section has no translation into the page's language.
    pub untranslated: bool,
}

/// A section rendered, with what it depends on: its whole content (compared field by
/// field, cheaper than hashing it), the language and the school whose translations it used.
struct Entry {
    section: Section,
    lang: String,
    uai: String,
    fragment: Fragment,
}

/// Sections already rendered, shared by the threads of a build, by the hash of (section id,
/// language, school).
#[derive(Default)]
pub(crate) struct Fragments(Mutex<Cache>);

#[derive(Default)]
struct Cache {
    entries: HashMap<u64, Vec<Entry>>,
    len: usize,
}

impl Fragments {
    /// The fragment of `section` in `lang` on the pages of the school `uai_key` (empty when
    /// the school has no translations of its own into `lang`). `render` turns a context
    /// holding `s` into HTML (`section.html`), `None` when the template cannot render a
    /// section alone (a site's `section.html` reading the page's values: the form then
    /// includes it, as the worker does); `untranslated` tells whether the section (as JSON)
    /// holds a text not translated into `lang`.
    pub(crate) fn get(
        &self,
        section: &Section,
        lang: &str,
        uai_key: &str,
        render: impl FnOnce(Context) -> Option<String>,
        untranslated: impl FnOnce(&serde_json::Value) -> bool,
    ) -> Fragment {
        let mut hasher = DefaultHasher::new();
        (&section.id, lang, uai_key).hash(&mut hasher);
        let key = hasher.finish();
        let same = |e: &&Entry| e.lang == lang && e.uai == uai_key && e.section == *section;
        if let Some(found) = self
            .0
            .lock()
            .unwrap()
            .entries
            .get(&key)
            .and_then(|v| v.iter().find(same))
        {
            return found.fragment.clone();
        }
        let empty = FormValues::new();
        let mut view = SectionView::new(section, &empty, &[]);
        let mut ctx = Context::new();
        ctx.insert("s", &view);
        view.html = render(ctx);
        let fragment = Fragment {
            value: Value::from_serializable(&view),
            untranslated: untranslated(&serde_json::to_value(section).unwrap_or_default()),
        };
        let mut cache = self.0.lock().unwrap();
        if cache.len >= MAX_ENTRIES {
            *cache = Cache::default();
        }
        let variants = cache.entries.entry(key).or_default();
        if variants.iter().any(|e| same(&e)) {
            // Another thread rendered it meanwhile.
            return fragment;
        }
        let dropped = if variants.len() >= MAX_VARIANTS {
            variants.remove(0);
            1
        } else {
            0
        };
        variants.push(Entry {
            section: section.clone(),
            lang: lang.to_string(),
            uai: uai_key.to_string(),
            fragment: fragment.clone(),
        });
        cache.len = cache.len + 1 - dropped;
        fragment
    }
}

#[cfg(test)]
impl Fragments {
    /// How many sections are kept.
    pub(crate) fn len(&self) -> usize {
        self.0.lock().unwrap().len
    }
}

/// Beyond this many forms kept, the cache of [`Forms`] starts again.
const MAX_FORMS: usize = 1024;

/// Whole blank forms (the template value of a level's form, its sections rendered) shared
/// between the schools whose forms have the same inputs ([`FormInputs`]: options, meals,
/// exit rules, consents, documents, level): a national campaign has a few hundred distinct
/// forms for tens of thousands of pages, and building each page's [`FormSpec`] and looking
/// up its sections one by one was a tenth of the build's CPU.
///
/// [`FormSpec`]: dossiersco_model::FormSpec
#[derive(Default)]
pub(crate) struct Forms(Mutex<FormCache>);

#[derive(Default)]
struct FormCache {
    entries: HashMap<u64, Vec<FormEntry>>,
    len: usize,
}

/// A blank form, with what it depends on: its inputs (compared in full), the language and
/// the school whose translations it used (empty: none of its own).
struct FormEntry {
    inputs: OwnedInputs,
    lang: String,
    uai: String,
    form: Value,
    untranslated: bool,
}

/// [`FormInputs`] owned, to be kept in the cache.
struct OwnedInputs {
    niveau: Niveau,
    options: Vec<OptionOfferte>,
    demi_pension: DemiPension,
    regimes_sortie: Vec<RegimeSortie>,
    consentements: Vec<Consentement>,
    documents: Vec<DocumentAttendu>,
    pieces: Pieces,
}

impl OwnedInputs {
    fn new(inputs: &FormInputs) -> Self {
        OwnedInputs {
            niveau: inputs.niveau.clone(),
            options: inputs.options.iter().map(|o| (*o).clone()).collect(),
            demi_pension: inputs.demi_pension.clone(),
            regimes_sortie: inputs.regimes_sortie.to_vec(),
            consentements: inputs.consentements.to_vec(),
            documents: inputs.documents.to_vec(),
            pieces: *inputs.pieces,
        }
    }

    fn inputs(&self) -> FormInputs<'_> {
        FormInputs {
            niveau: &self.niveau,
            options: self.options.iter().collect(),
            demi_pension: &self.demi_pension,
            regimes_sortie: &self.regimes_sortie,
            consentements: &self.consentements,
            documents: &self.documents,
            pieces: &self.pieces,
        }
    }
}

impl Forms {
    /// The blank form of `inputs` in `lang` on the pages of the school `uai_key` (empty when
    /// the school has no translations of its own into `lang`), and whether one of its texts
    /// has no translation into `lang`; `build` makes them when no school had them yet.
    pub(crate) fn get(
        &self,
        inputs: &FormInputs,
        lang: &str,
        uai_key: &str,
        build: impl FnOnce() -> (Value, bool),
    ) -> (Value, bool) {
        let mut hasher = DefaultHasher::new();
        (inputs, lang, uai_key).hash(&mut hasher);
        let key = hasher.finish();
        let same = |e: &FormEntry| e.lang == lang && e.uai == uai_key && e.inputs.inputs() == *inputs;
        if let Some(found) = self
            .0
            .lock()
            .unwrap()
            .entries
            .get(&key)
            .and_then(|v| v.iter().find(|e| same(e)))
        {
            return (found.form.clone(), found.untranslated);
        }
        let (form, untranslated) = build();
        let mut cache = self.0.lock().unwrap();
        if cache.len >= MAX_FORMS {
            *cache = FormCache::default();
        }
        let variants = cache.entries.entry(key).or_default();
        if !variants.iter().any(same) {
            variants.push(FormEntry {
                inputs: OwnedInputs::new(inputs),
                lang: lang.to_string(),
                uai: uai_key.to_string(),
                form: form.clone(),
                untranslated,
            });
            cache.len += 1;
        }
        (form, untranslated)
    }
}

#[cfg(test)]
impl Forms {
    /// How many forms are kept.
    pub(crate) fn len(&self) -> usize {
        self.0.lock().unwrap().len
    }
}
