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
use dossiersco_model::form::Section;
use dossiersco_model::FormValues;
use siphasher::sip128::{Hasher128, SipHasher13};
use std::collections::HashMap;
use std::hash::Hasher;
use std::sync::Mutex;
use tera::{Context, Value};

/// Beyond this many sections kept, the cache starts again (a few MB at most).
const MAX_ENTRIES: usize = 4096;

/// A section ready for the form template.
#[derive(Clone)]
pub(crate) struct Fragment {
    /// The section's view with its rendered HTML (`s.html`).
    pub value: Value,
    /// Some text of the section has no translation into the page's language.
    pub untranslated: bool,
}

/// Identifies what a rendered section depends on.
#[derive(PartialEq, Eq, Hash)]
struct Key {
    /// 128-bit hash of the section as JSON (its whole content).
    content: u128,
    lang: String,
    /// The school, when it has its own translations into `lang`; empty otherwise.
    uai: String,
}

/// Sections already rendered, shared by the threads of a build.
#[derive(Default)]
pub(crate) struct Fragments(Mutex<HashMap<Key, Fragment>>);

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
        let key = Key {
            content: content_hash(section),
            lang: lang.to_string(),
            uai: uai_key.to_string(),
        };
        if let Some(found) = self.0.lock().unwrap().get(&key) {
            return found.clone();
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
        let mut map = self.0.lock().unwrap();
        if map.len() >= MAX_ENTRIES {
            map.clear();
        }
        map.insert(key, fragment.clone());
        fragment
    }
}

#[cfg(test)]
impl Fragments {
    /// How many sections are kept.
    pub(crate) fn len(&self) -> usize {
        self.0.lock().unwrap().len()
    }
}

/// SipHash-1-3 (128 bits) of the section's JSON, written straight into the hasher.
fn content_hash(section: &Section) -> u128 {
    let mut writer = HashWriter(SipHasher13::new());
    // Serializing plain data into a writer that cannot fail does not fail.
    let _ = serde_json::to_writer(&mut writer, section);
    writer.0.finish128().as_u128()
}

struct HashWriter(SipHasher13);

impl std::io::Write for HashWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
