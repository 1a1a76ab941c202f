//! What templates receive: the model's values plus what a template cannot compute (ids, URLs,
//! dates in words, the value and error of each field). UI text stays in the templates.

use crate::load::School;
use dossiersco_model::content::{Consentement, DemiPension, DocumentAttendu, RegimeSortie};
use dossiersco_model::form::{names, CrossRule, Field, FieldKind, FormSpec, Section, CHECKED};
use dossiersco_model::{FieldError, FormValues, Niveau};
use serde::Serialize;
use time::Date;

/// A school, for every page of its own.
#[derive(Serialize)]
pub struct SchoolView<'a> {
    pub uai: &'a str,
    pub nom: &'a str,
    pub adresse: &'a dossiersco_model::content::Adresse,
    pub courriel: &'a str,
    pub telephone: Option<&'a str>,
    pub ouverture: DateView,
    pub cloture: DateView,
    pub niveaux: Vec<NiveauView<'a>>,
    /// Labels of this year's levels whose pupils leave the school (3e).
    pub sortants: Vec<&'a str>,
    pub documents: &'a [DocumentAttendu],
    pub demi_pension: &'a DemiPension,
    pub regimes_sortie: &'a [RegimeSortie],
    pub consentements: &'a [Consentement],
    pub accueil_titre: &'a str,
    pub accueil_html: &'a str,
    pub url: String,
}

/// A date as ISO (for `<time datetime>`) and in words ("lundi 6 avril 2027").
#[derive(Serialize)]
pub struct DateView {
    pub iso: String,
    pub texte: String,
}

/// A destination level and where its form is.
#[derive(Serialize)]
pub struct NiveauView<'a> {
    pub mef: &'a str,
    pub libelle: &'a str,
    /// Labels of this year's levels whose pupils go there.
    pub depuis: Vec<&'a str>,
    pub url: String,
}

impl<'a> SchoolView<'a> {
    pub fn new(school: &'a School) -> Self {
        let etab = &school.etablissement;
        let niveaux = etab
            .niveaux
            .iter()
            .map(|n| NiveauView {
                mef: &n.mef,
                libelle: &n.libelle,
                depuis: etab
                    .passages
                    .iter()
                    .filter(|p| p.vers.as_deref() == Some(n.mef.as_str()))
                    .map(|p| p.libelle.as_str())
                    .collect(),
                url: form_url(&etab.uai, &n.mef),
            })
            .collect();
        SchoolView {
            uai: &etab.uai,
            nom: &etab.nom,
            adresse: &etab.adresse,
            courriel: &etab.courriel,
            telephone: etab.telephone.as_deref(),
            ouverture: DateView::new(etab.campagne.ouverture),
            cloture: DateView::new(etab.campagne.cloture),
            niveaux,
            sortants: etab
                .passages
                .iter()
                .filter(|p| p.vers.is_none())
                .map(|p| p.libelle.as_str())
                .collect(),
            documents: &etab.documents,
            demi_pension: &etab.demi_pension,
            regimes_sortie: &etab.regimes_sortie,
            consentements: &etab.consentements,
            accueil_titre: &school.accueil.titre,
            accueil_html: &school.accueil.html,
            url: format!("/{}/", etab.uai),
        }
    }
}

/// `/<UAI>/dossier/<MEF>/`.
pub fn form_url(uai: &str, mef: &str) -> String {
    format!("/{uai}/dossier/{mef}/")
}

impl DateView {
    pub fn new(date: Date) -> Self {
        let day = date.day();
        DateView {
            iso: date.to_string(),
            texte: format!(
                "{} {}{} {} {}",
                dossiersco_model::text::jour(date.weekday()),
                day,
                if day == 1 { "er" } else { "" },
                dossiersco_model::text::mois(date.month()),
                date.year()
            ),
        }
    }
}

/// The form of one level, with what was typed and what is wrong (both empty for the static page).
#[derive(Serialize)]
pub struct FormView<'a> {
    pub niveau: &'a Niveau,
    /// The pupil the page is for, on a page the worker renders; empty on the static page
    /// (its script sets it).
    pub eleve_ref: &'a str,
    pub sections: Vec<SectionView<'a>>,
    /// For the error summary, in form order.
    pub erreurs: Vec<ErrorView<'a>>,
}

#[derive(Serialize)]
pub struct SectionView<'a> {
    pub id: &'a str,
    pub legende: &'a str,
    pub aide: Option<&'a str>,
    /// Notes as HTML: escaped text, site paths turned into links.
    pub notes: Vec<String>,
    pub optionnelle: bool,
    /// Space-separated field names, one of which must be filled in, and the message.
    pub au_moins_un: Option<(String, &'a str)>,
    pub champs: Vec<FieldView<'a>>,
    /// The section already rendered (`section.html`), shared between the static pages that
    /// show it (see [`crate::fragments`]); `None`: the form template includes it.
    pub html: Option<String>,
}

#[derive(Serialize)]
pub struct ErrorView<'a> {
    /// Id of the element the summary links to (the first radio of a group).
    pub ancre: String,
    pub label: &'a str,
    pub message: &'a str,
}

/// One field. The constraint attributes derived from the model (`required`, `pattern`,
/// `maxlength`, `autocomplete`, `inputmode`, `aria-*`, and the `data-*` cross rules the
/// JavaScript reads) come ready in `attributs`, escaped: the model → HTML mapping is written
/// once, here, and templates stay about structure and text (it also halves rendering time).
#[derive(Serialize)]
pub struct FieldView<'a> {
    pub name: &'a str,
    pub id: String,
    pub label: &'a str,
    pub hint: Option<&'a str>,
    /// `text`, `email`, `tel`, `date`, `radio`, `select`, `checkbox` or `textarea`.
    pub kind: &'static str,
    /// Required by the model (the asterisk). The HTML `required` is left out in an optional
    /// section (the second guardian): its fields are required once the section is started,
    /// which the JavaScript and the worker check.
    pub obligatoire: bool,
    /// Required only when another field has a value (CAF number with demi-pension); the mark
    /// and `required` follow [`Self::requis_maintenant`], the script updates both when the
    /// other field changes, and the hint says it without JavaScript.
    pub conditionnel: bool,
    /// For a conditional field: whether it is required with the values shown.
    pub requis_maintenant: bool,
    /// What the input shows: the typed value, else the default.
    pub value: &'a str,
    pub error: Option<String>,
    /// Attributes of the input, select or textarea; for a radio group, of its fieldset.
    pub attributs: String,
    /// What the script says when the value does not match `pattern` (`data-message-format`,
    /// written by the template in the page's language); `None` on a later field of the
    /// section with the same pattern and message, whose message the script takes from the first.
    pub message_format: Option<&'a str>,
    pub choices: Vec<ChoiceView<'a>>,
}

#[derive(Serialize)]
pub struct ChoiceView<'a> {
    pub id: String,
    pub value: &'a str,
    /// The choice's label; for a person (the signer), « Claire Martin (responsable légal 1) »
    /// once the values name them.
    pub label: std::borrow::Cow<'a, str>,
    pub hint: Option<&'a str>,
    /// `checked`/`selected` state and, for radios, `required` and `aria-*`.
    pub attributs: String,
    pub checked: bool,
    /// For a person the script names as it is typed (`data-nomme-par`): the choice's own
    /// label (`data-libelle`, written by the template in the page's language).
    pub libelle: Option<&'a str>,
}

/// The section's fields with the format message only on the first field of each `pattern`
/// (a guardian's three phone numbers): the script takes it from there for the others, and
/// the form's weight is budgeted.
fn without_repeated_formats<'a>(mut champs: Vec<FieldView<'a>>, section: &'a Section) -> Vec<FieldView<'a>> {
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for (view, field) in champs.iter_mut().zip(&section.champs) {
        if let (Some(pattern), Some(message)) = (field.pattern.as_deref(), view.message_format) {
            if seen.contains(&(pattern, message)) {
                view.message_format = None;
            } else {
                seen.push((pattern, message));
            }
        }
    }
    champs
}

/// Appends ` name="value"` (escaped) to `out`.
fn attr(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    out.push_str(&escape(value));
    out.push('"');
}

/// HTML id of a field: its name with dots as dashes (`resp1.nom` → `resp1-nom`).
pub fn field_id(name: &str) -> String {
    name.replace('.', "-")
}

/// Id the error summary links to: the input, or the first radio of a group.
fn anchor(field: &Field) -> String {
    match field.kind {
        FieldKind::Radio => format!("{}-1", field_id(&field.name)),
        _ => field_id(&field.name),
    }
}

impl<'a> FormView<'a> {
    pub fn new(spec: &'a FormSpec, niveau: &'a Niveau, values: &'a FormValues, errors: &'a [FieldError]) -> Self {
        let sections = spec
            .sections
            .iter()
            .map(|section| SectionView::new(section, values, errors))
            .collect();
        let erreurs = errors
            .iter()
            .map(|e| ErrorView {
                ancre: spec.field(&e.field).map(anchor).unwrap_or_else(|| field_id(&e.field)),
                label: &e.label,
                message: &e.message,
            })
            .collect();
        FormView {
            niveau,
            eleve_ref: values.get(names::ELEVE_REF).map_or("", String::as_str),
            sections,
            erreurs,
        }
    }
}

impl<'a> SectionView<'a> {
    pub fn new(section: &'a Section, values: &'a FormValues, errors: &'a [FieldError]) -> Self {
        SectionView {
            id: &section.id,
            legende: &section.legende,
            aide: section.aide.as_deref(),
            notes: section.notes.iter().map(|n| linkify(n)).collect(),
            optionnelle: section.optionnelle,
            au_moins_un: section
                .au_moins_un
                .as_ref()
                .map(|rule| (rule.champs.join(" "), rule.message.as_str())),
            champs: without_repeated_formats(
                section
                    .champs
                    .iter()
                    .map(|f| FieldView::new(f, section.optionnelle, values, errors))
                    .collect(),
                section,
            ),
            html: None,
        }
    }
}

impl<'a> FieldView<'a> {
    fn new(field: &'a Field, optional_section: bool, values: &'a FormValues, errors: &'a [FieldError]) -> Self {
        let id = field_id(&field.name);
        let value = values
            .get(&field.name)
            .map(String::as_str)
            .or(field.default.as_deref())
            .unwrap_or("");
        let messages: Vec<&str> = errors
            .iter()
            .filter(|e| e.field == field.name)
            .map(|e| e.message.as_str())
            .collect();
        let error = (!messages.is_empty()).then(|| messages.join(" "));
        let requis_si = match &field.rule {
            Some(CrossRule::RequisSi { champ, valeur }) => {
                Some(values.get(champ).is_some_and(|v| v == valeur) && !optional_section)
            }
            _ => None,
        };
        let required = (field.required || requis_si == Some(true)) && !optional_section;
        let mut describedby = Vec::new();
        if field.hint.is_some() {
            describedby.push(format!("{id}-aide"));
        }
        if error.is_some() {
            describedby.push(format!("{id}-erreur"));
        }

        let mut attributs = String::new();
        let radio = field.kind == FieldKind::Radio;
        if field.kind == FieldKind::Checkbox && value == CHECKED {
            attributs.push_str(" checked");
        }
        // A mandatory document is satisfied by a file already sent or the office box: the
        // JavaScript and the worker check it, not the browser.
        if required && !radio && field.kind != FieldKind::File {
            attributs.push_str(" required");
        }
        if let Some(rule) = &field.fichier {
            file_attributes(&mut attributs, rule, field.required);
        }
        for (name, value) in [
            ("pattern", field.pattern.as_deref()),
            ("autocomplete", field.autocomplete.as_deref()),
            ("inputmode", field.inputmode.as_deref()),
        ] {
            if let Some(value) = value {
                attr(&mut attributs, name, value);
            }
        }
        if let Some(max) = field.maxlength {
            attr(&mut attributs, "maxlength", &max.to_string());
        }
        if !describedby.is_empty() {
            attr(&mut attributs, "aria-describedby", &describedby.join(" "));
        }
        if error.is_some() && !radio {
            attributs.push_str(" aria-invalid=\"true\"");
        }
        if field.required && optional_section {
            attributs.push_str(" data-requis-si-section");
        }
        match &field.rule {
            Some(CrossRule::RequisSi { champ, valeur }) => {
                attr(&mut attributs, "data-requis-si-champ", champ);
                attr(&mut attributs, "data-requis-si-valeur", valeur);
            }
            Some(CrossRule::CodePostalSiFrance { pays }) => attr(&mut attributs, "data-cp-si-france", pays),
            Some(CrossRule::Copie { source, cible }) => {
                attr(&mut attributs, "data-copie-source", &source.join(" "));
                attr(&mut attributs, "data-copie-cible", &cible.join(" "));
            }
            None => {}
        }

        let choices = field
            .choices
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let choice_id = format!("{id}-{}", i + 1);
                let checked = c.value == value;
                let mut attributs = String::new();
                if checked {
                    attributs.push_str(if radio { " checked" } else { " selected" });
                }
                if radio {
                    if required {
                        attributs.push_str(" required");
                    }
                    if c.hint.is_some() {
                        attr(&mut attributs, "aria-describedby", &format!("{choice_id}-aide"));
                    }
                    if error.is_some() {
                        attributs.push_str(" aria-invalid=\"true\"");
                    }
                }
                if !c.nomme_par.is_empty() {
                    // The script names the person as it is typed (and hides a choice naming nobody).
                    attr(&mut attributs, "data-nomme-par", &c.nomme_par.join(" "));
                }
                ChoiceView {
                    id: choice_id,
                    value: &c.value,
                    label: person_label(c, values),
                    hint: c.hint.as_deref(),
                    attributs,
                    checked,
                    libelle: (!c.nomme_par.is_empty()).then_some(c.label.as_str()),
                }
            })
            .collect();
        FieldView {
            name: &field.name,
            label: &field.label,
            hint: field.hint.as_deref(),
            kind: kind_name(field.kind),
            obligatoire: field.required,
            conditionnel: requis_si.is_some(),
            requis_maintenant: requis_si == Some(true),
            value,
            message_format: field.pattern_message.as_deref(),
            error,
            attributs,
            choices,
            id,
        }
    }
}

/// A person's choice named by the values (« Claire Martin (responsable légal 1) »), else its label.
fn person_label<'a>(choice: &'a dossiersco_model::form::Choice, values: &FormValues) -> std::borrow::Cow<'a, str> {
    let name: Vec<&str> = choice
        .nomme_par
        .iter()
        .filter_map(|n| values.get(n).map(|v| v.trim()).filter(|v| !v.is_empty()))
        .collect();
    if name.is_empty() {
        return std::borrow::Cow::Borrowed(&choice.label);
    }
    std::borrow::Cow::Owned(format!("{} ({})", name.join(" "), choice.label.to_lowercase()))
}

fn kind_name(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Text => "text",
        FieldKind::Email => "email",
        FieldKind::Tel => "tel",
        FieldKind::Date => "date",
        FieldKind::Radio => "radio",
        FieldKind::Select => "select",
        FieldKind::Checkbox => "checkbox",
        FieldKind::Textarea => "textarea",
        FieldKind::File => "file",
    }
}

/// A document's file input: types and sizes the browser and the JavaScript check before sending.
fn file_attributes(out: &mut String, rule: &dossiersco_model::form::FileRule, required: bool) {
    attr(out, "accept", &format!("{},.pdf,.jpg,.jpeg,.png", rule.types.join(",")));
    out.push_str(" multiple");
    attr(out, "data-piece", &rule.document);
    attr(out, "data-taille-max", &rule.taille_max_fichier.to_string());
    attr(out, "data-taille-max-eleve", &rule.taille_max_eleve.to_string());
    if let Some(name) = &rule.secretariat {
        attr(out, "data-secretariat", name);
    }
    if required {
        out.push_str(" data-piece-obligatoire");
    }
}

/// Escapes `text` and turns its links, written `[words](address)` by the model, into links
/// whose text is the words: a family reads « Comment est calculé le tarif ? », never a path.
/// Anything else, a bare path included, stays text.
pub fn linkify(text: &str) -> String {
    let mut html = String::with_capacity(text.len() + 32);
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let link = after.find("](").and_then(|close| {
            let href_len = after[close + 2..].find(')')?;
            let (words, href) = (&after[..close], &after[close + 2..close + 2 + href_len]);
            let safe = (href.starts_with('/') && !href.starts_with("//"))
                || href.starts_with("https://")
                || href.starts_with("http://");
            (safe && !words.trim().is_empty()).then_some((words, href, close + 2 + href_len + 1))
        });
        match link {
            Some((words, href, len)) => {
                html.push_str(&escape(&rest[..open]));
                html.push_str(&format!("<a href=\"{}\">{}</a>", escape(href), escape(words)));
                rest = &after[len..];
            }
            None => {
                html.push_str(&escape(&rest[..=open]));
                rest = after;
            }
        }
    }
    html.push_str(&escape(rest));
    html
}

/// HTML escaping for text and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::linkify;

    #[test]
    fn links_have_words_and_bare_paths_stay_text() {
        assert_eq!(
            linkify("[Comment est calculé le tarif ?](/pages/aide/#demi-pension)"),
            "<a href=\"/pages/aide/#demi-pension\">Comment est calculé le tarif ?</a>"
        );
        assert_eq!(linkify("Règlement : /pages/aide/"), "Règlement : /pages/aide/");
        assert_eq!(linkify("a [b] c <d>"), "a [b] c &lt;d&gt;");
        // Only site paths and web addresses become links.
        assert_eq!(linkify("[x](javascript:alert(1))"), "[x](javascript:alert(1))");
        assert_eq!(linkify("[x](//evil.example)"), "[x](//evil.example)");
        assert_eq!(linkify("[<b>](/p/\")"), "<a href=\"/p/&quot;\">&lt;b&gt;</a>");
    }
}
