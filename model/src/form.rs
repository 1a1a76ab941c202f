//! The re-enrolment form, derived from a school and a destination level.
//!
//! [`FormSpec`] lists sections (rendered as fieldset/legend) of fields, each with its
//! constraints. The generator turns it into HTML (`required`, `pattern`, `maxlength`,
//! `type`); the worker validates posts against the very same value
//! ([`crate::validate::validate_submission`]). Field names are stable: pre-fill, drafts,
//! submissions and exports use them.

use crate::content::{
    Consentement, DemiPension, DocumentAttendu, Etablissement, Exigence, Modalite, Niveau, OptionOfferte, Pieces,
    RegimeSortie,
};
use crate::rules;
use serde::Serialize;

/// The whole form for one school and one destination level.
#[derive(Debug, Clone, Serialize)]
pub struct FormSpec {
    /// Sections in display order (one step each when JavaScript shows the form step by step).
    pub sections: Vec<Section>,
    /// Options offered in the destination level (for rules that depend on this year's options).
    #[serde(skip)]
    pub options: Vec<OptionOfferte>,
}

/// A group of fields: a `<fieldset>` with its `<legend>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// Stable id, used as HTML id and step anchor (e.g. `eleve`, `resp1`).
    pub id: String,
    /// Legend shown to families.
    pub legende: String,
    /// Short explanation under the legend.
    pub aide: Option<String>,
    /// Facts shown without a field (e.g. a mandatory option every pupil takes).
    pub notes: Vec<String>,
    /// An optional section (second guardian): its required fields only apply when any of
    /// its fields is filled in.
    pub optionnelle: bool,
    /// At least one of these fields must be filled in (a guardian's phones).
    pub au_moins_un: Option<AtLeastOne>,
    /// The fields.
    pub champs: Vec<Field>,
}

/// "At least one of these fields" rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AtLeastOne {
    /// Field names.
    pub champs: Vec<String>,
    /// Message shown on the first of them when all are empty.
    pub message: String,
}

/// Kinds of fields; for the text-like ones the name is the HTML input type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    Text,
    Email,
    Tel,
    Date,
    /// One choice among `choices`, as radio buttons.
    Radio,
    /// One choice among `choices`, as a `<select>` (long lists).
    Select,
    /// A single box; its value when ticked is `oui`.
    Checkbox,
    Textarea,
    /// Files attached to an expected document (`<input type=file multiple>`); their limits are
    /// in [`Field::fichier`]. Files are not form values: the worker stores them apart.
    File,
}

/// One field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Field {
    /// Posted name (e.g. `resp1.tel_portable`).
    pub name: String,
    /// Label tied to the input.
    pub label: String,
    /// Hint under the label (format expected, why it is asked).
    pub hint: Option<String>,
    pub kind: FieldKind,
    pub required: bool,
    /// Regex in the shared Rust/HTML subset (see [`crate::rules`]), implicitly anchored.
    pub pattern: Option<String>,
    /// Message when the value does not match `pattern`.
    pub pattern_message: Option<String>,
    /// Maximum length in characters.
    pub maxlength: Option<u32>,
    /// HTML autocomplete token, so phones fill what they know.
    pub autocomplete: Option<String>,
    /// HTML inputmode (numeric keypad for postcodes).
    pub inputmode: Option<String>,
    /// Value shown when nothing is known (e.g. France).
    pub default: Option<String>,
    /// Choices for radio and select.
    pub choices: Vec<Choice>,
    /// A rule involving another field.
    pub rule: Option<CrossRule>,
    /// For a [`FieldKind::File`] field: what files are accepted.
    pub fichier: Option<FileRule>,
}

/// What a document's file field accepts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileRule {
    /// The document's code (`justificatif_domicile`).
    pub document: String,
    /// Media types accepted, checked by the worker on the file's content.
    pub types: Vec<String>,
    /// Largest file, in bytes.
    pub taille_max_fichier: u64,
    /// Largest total of one pupil's files, in bytes.
    pub taille_max_eleve: u64,
    /// Name of the « J'apporterai au secrétariat : <document> » checkbox, when the school allows it.
    pub secretariat: Option<String>,
}

/// Media types of the files families may attach: what phones and scanners produce.
pub const PIECE_TYPES: [&str; 3] = ["application/pdf", "image/jpeg", "image/png"];

/// A choice of a radio group or a select.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub hint: Option<String>,
    /// Fields whose values name the person this choice is (`resp1.prenom`, `resp1.nom`): the
    /// page shows « Claire Martin (responsable légal 1) » once they are known.
    pub nomme_par: Vec<String>,
}

/// Rules that read another field; HTML cannot express them, the worker and the JS apply them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum CrossRule {
    /// 5-digit postcode required when the country field is France (or empty).
    CodePostalSiFrance { pays: String },
    /// Required when another field has this value.
    RequisSi { champ: String, valeur: String },
    /// A box that, ticked, makes the fields `cible` take the values of `source` (the second
    /// guardian's address, the same as the first's): the JavaScript copies them as they are
    /// typed, the worker applies it on submission ([`crate::validate::prepare`]).
    Copie { source: Vec<String>, cible: Vec<String> },
}

/// Value of a ticked checkbox.
pub const CHECKED: &str = "oui";

/// Field names the worker's import and exports fill in, so they are written once.
pub mod names {
    pub const ELEVE_NOM: &str = "eleve.nom";
    pub const ELEVE_PRENOM: &str = "eleve.prenom";
    pub const ELEVE_PRENOM2: &str = "eleve.prenom2";
    pub const ELEVE_DATE_NAISSANCE: &str = "eleve.date_naissance";
    pub const ELEVE_SEXE: &str = "eleve.sexe";
    pub const ELEVE_VILLE_NAISSANCE: &str = "eleve.ville_naissance";
    pub const ELEVE_PAYS_NAISSANCE: &str = "eleve.pays_naissance";
    pub const ELEVE_NATIONALITE: &str = "eleve.nationalite";
    pub const URGENCE_NOM: &str = "urgence.nom";
    pub const URGENCE_LIEN: &str = "urgence.lien";
    pub const URGENCE_TELEPHONE: &str = "urgence.telephone";
    pub const DEMI_PENSION: &str = "demi_pension";
    pub const NUMERO_CAF: &str = "numero_caf";
    pub const REGIME_SORTIE: &str = "regime_sortie";
    pub const SIGNATURE_NOM: &str = "signature.nom";
    /// Who signs: `resp1`, `resp2` or `autre` ([`super::SIGNATAIRES`]).
    pub const SIGNATURE_SIGNATAIRE: &str = "signature.signataire";
    /// The second guardian's « Même adresse que le responsable légal 1 » box.
    pub const RESP2_MEME_ADRESSE: &str = "resp2.meme_adresse";
    /// Keys of a guardian's address, copied by [`RESP2_MEME_ADRESSE`].
    pub const ADRESSE_KEYS: [&str; 5] = ["adresse", "adresse2", "code_postal", "commune", "pays"];
    pub const SIGNATURE_ACCORD: &str = "signature.accord";
    /// The hidden field holding the pupil a form is for (a keyed hash the worker gives: the
    /// static page gets it from the script, the page the worker renders has it written in).
    pub const ELEVE_REF: &str = "eleve_ref";

    /// Keys of a guardian's fields; the field name is `resp<n>.<key>` ([`super::resp`]).
    pub const RESP_KEYS: [&str; 14] = [
        "lien",
        "civilite",
        "nom",
        "prenom",
        "adresse",
        "adresse2",
        "code_postal",
        "commune",
        "pays",
        "tel_portable",
        "tel_domicile",
        "tel_travail",
        "email",
        "paie_frais",
    ];
}

/// Values of [`names::SIGNATURE_SIGNATAIRE`]: the two guardians, or another person named in
/// [`names::SIGNATURE_NOM`].
pub const SIGNATAIRES: [&str; 3] = ["resp1", "resp2", "autre"];

/// Name of a guardian's field: `resp1.nom`, `resp2.email`…
pub fn resp(n: u8, key: &str) -> String {
    format!("resp{n}.{key}")
}

/// Name of the field choosing in an option group (radio) or taking a facultative option (checkbox).
pub fn option_field(option: &OptionOfferte) -> String {
    match (&option.modalite, &option.groupe) {
        (Modalite::Obligatoire, Some(groupe)) => format!("option.{groupe}"),
        _ => format!("option.{}", option.code),
    }
}

/// Name of a consent's field.
pub fn consent_field(code: &str) -> String {
    format!("consentement.{code}")
}

/// Name of a document's field: the file input (`document.justificatif_domicile`).
pub fn document_field(code: &str) -> String {
    format!("document.{code}")
}

/// Name of a document's « J'apporterai au secrétariat : <document> » checkbox.
pub fn secretariat_field(code: &str) -> String {
    format!("document.{code}.secretariat")
}

/// The document code of a file field's name (`document.x` → `x`), if it is one.
pub fn document_of_field(name: &str) -> Option<&str> {
    name.strip_prefix("document.")
        .filter(|c| !c.is_empty() && !c.contains('.'))
}

/// SIECLE CODE_PARENTE values families choose from.
pub const LIENS_PARENTE: [(&str, &str); 8] = [
    ("10", "Mère"),
    ("20", "Père"),
    ("30", "Autre membre de la famille"),
    ("41", "Éducateur ou éducatrice"),
    ("42", "Assistant ou assistante familiale"),
    ("50", "Tuteur ou tutrice"),
    ("51", "Aide sociale à l'enfance"),
    ("90", "Autre lien"),
];

/// Options the family chose, read back from values (codes).
pub fn chosen_options(spec: &FormSpec, values: &crate::FormValues) -> Vec<String> {
    spec.options
        .iter()
        .filter(|option| match (&option.modalite, &option.groupe) {
            (Modalite::Obligatoire, None) => true,
            (Modalite::Obligatoire, Some(_)) => {
                values.get(&option_field(option)).map(String::as_str) == Some(option.code.as_str())
            }
            (Modalite::Facultative, _) => values.get(&option_field(option)).map(String::as_str) == Some(CHECKED),
        })
        .map(|option| option.code.clone())
        .collect()
}

/// Everything [`FormSpec::build`] reads of a school and a level, and nothing else: two
/// schools with equal inputs have the same form (the generator builds and renders it once
/// for all of them, keyed by these inputs).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FormInputs<'a> {
    pub niveau: &'a Niveau,
    /// The options offered in `niveau`, in content order.
    pub options: Vec<&'a OptionOfferte>,
    pub demi_pension: &'a DemiPension,
    pub regimes_sortie: &'a [RegimeSortie],
    pub consentements: &'a [Consentement],
    pub documents: &'a [DocumentAttendu],
    pub pieces: &'a Pieces,
}

impl<'a> FormInputs<'a> {
    /// The inputs of the form of `etablissement` for pupils going to `niveau`.
    pub fn of(etablissement: &'a Etablissement, niveau: &'a Niveau) -> Self {
        FormInputs {
            niveau,
            options: etablissement.options_for(&niveau.mef).collect(),
            demi_pension: &etablissement.demi_pension,
            regimes_sortie: &etablissement.regimes_sortie,
            consentements: &etablissement.consentements,
            documents: &etablissement.documents,
            pieces: &etablissement.pieces,
        }
    }

    /// The form these inputs make.
    pub fn build(&self) -> FormSpec {
        let options: Vec<OptionOfferte> = self.options.iter().map(|o| (*o).clone()).collect();
        let mut sections = vec![
            eleve_section(),
            responsable_section(1),
            responsable_section(2),
            urgence_section(),
        ];
        if let Some(section) = options_section(&options, self.niveau) {
            sections.push(section);
        }
        sections.push(cantine_section(self.demi_pension));
        sections.push(sortie_section(self.regimes_sortie));
        if !self.consentements.is_empty() {
            sections.push(consent_section(self.consentements));
        }
        if !self.documents.is_empty() {
            sections.push(documents_section(self.documents, self.pieces));
        }
        sections.push(signature_section());
        FormSpec { sections, options }
    }
}

impl FormSpec {
    /// The form of `etablissement` for pupils going to `niveau`.
    pub fn build(etablissement: &Etablissement, niveau: &Niveau) -> FormSpec {
        FormInputs::of(etablissement, niveau).build()
    }

    /// Every field, in order.
    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        self.sections.iter().flat_map(|s| s.champs.iter())
    }

    /// The field with this name.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields().find(|f| f.name == name)
    }
}

impl Field {
    fn new(name: impl Into<String>, label: impl Into<String>, kind: FieldKind) -> Field {
        Field {
            name: name.into(),
            label: label.into(),
            hint: None,
            kind,
            required: false,
            pattern: None,
            pattern_message: None,
            maxlength: None,
            autocomplete: None,
            inputmode: None,
            default: None,
            choices: Vec::new(),
            rule: None,
            fichier: None,
        }
    }
    fn text(name: impl Into<String>, label: &str) -> Field {
        Field {
            maxlength: Some(rules::MAX_NAME),
            ..Field::new(name, label, FieldKind::Text)
        }
    }
    fn phone(name: impl Into<String>, label: &str) -> Field {
        Field {
            pattern: Some(rules::PHONE.into()),
            pattern_message: Some("Numéro invalide : 10 chiffres commençant par 0 (ex. 06 12 34 56 78), ou + et l'indicatif du pays pour l'étranger.".into()),
            maxlength: Some(rules::MAX_PHONE),
            autocomplete: Some("tel".into()),
            ..Field::new(name, label, FieldKind::Tel)
        }
    }
    fn email(name: impl Into<String>, label: &str) -> Field {
        Field {
            pattern: Some(rules::EMAIL.into()),
            pattern_message: Some("Adresse électronique invalide (ex. nom@exemple.fr).".into()),
            maxlength: Some(rules::MAX_EMAIL),
            autocomplete: Some("email".into()),
            ..Field::new(name, label, FieldKind::Email)
        }
    }
    fn choices(name: impl Into<String>, label: &str, kind: FieldKind, choices: Vec<Choice>) -> Field {
        Field {
            choices,
            ..Field::new(name, label, kind)
        }
    }
    fn required(mut self) -> Field {
        self.required = true;
        self
    }
    fn hint(mut self, hint: impl Into<String>) -> Field {
        self.hint = Some(hint.into());
        self
    }
    fn autocomplete(mut self, token: &str) -> Field {
        self.autocomplete = Some(token.into());
        self
    }
}

fn choice(value: &str, label: &str) -> Choice {
    Choice {
        value: value.into(),
        label: label.into(),
        hint: None,
        nomme_par: Vec::new(),
    }
}

fn section(id: &str, legende: &str, champs: Vec<Field>) -> Section {
    Section {
        id: id.into(),
        legende: legende.into(),
        aide: None,
        notes: Vec::new(),
        optionnelle: false,
        au_moins_un: None,
        champs,
    }
}

fn eleve_section() -> Section {
    use names::*;
    let mut s = section(
        "eleve",
        "Votre enfant",
        vec![
            Field::text(ELEVE_NOM, "Nom de famille").required(),
            Field::text(ELEVE_PRENOM, "Prénom").required(),
            Field::text(ELEVE_PRENOM2, "Autres prénoms").hint("Facultatif, séparés par une virgule."),
            Field::new(ELEVE_DATE_NAISSANCE, "Date de naissance", FieldKind::Date)
                .required()
                .hint("Format : jj/mm/aaaa."),
            Field::choices(
                ELEVE_SEXE,
                "Sexe",
                FieldKind::Radio,
                vec![choice("F", "Fille"), choice("M", "Garçon")],
            )
            .required(),
            Field::text(ELEVE_VILLE_NAISSANCE, "Commune de naissance").required(),
            Field {
                default: Some("France".into()),
                ..Field::text(ELEVE_PAYS_NAISSANCE, "Pays de naissance").required()
            },
            Field {
                default: Some("Française".into()),
                ..Field::text(ELEVE_NATIONALITE, "Nationalité").required()
            },
        ],
    );
    s.aide = Some("Vérifiez les informations connues du collège et corrigez-les si besoin.".into());
    s
}

fn responsable_section(n: u8) -> Section {
    let r = |key: &str| resp(n, key);
    let liens = LIENS_PARENTE.iter().map(|(code, label)| choice(code, label)).collect();
    let mut champs = vec![
        Field::choices(r("lien"), "Lien avec l'enfant", FieldKind::Select, liens).required(),
        Field::choices(
            r("civilite"),
            "Civilité",
            FieldKind::Radio,
            vec![choice("Mme", "Madame"), choice("M.", "Monsieur")],
        )
        .required(),
        Field::text(r("nom"), "Nom").required().autocomplete("family-name"),
        Field::text(r("prenom"), "Prénom").required().autocomplete("given-name"),
        Field {
            rule: Some(CrossRule::Copie {
                source: names::ADRESSE_KEYS.iter().map(|k| resp(1, k)).collect(),
                cible: names::ADRESSE_KEYS.iter().map(|k| resp(2, k)).collect(),
            }),
            ..Field::new(
                names::RESP2_MEME_ADRESSE,
                "Même adresse que le responsable légal 1",
                FieldKind::Checkbox,
            )
        },
        Field::text(r("adresse"), "Adresse")
            .required()
            .autocomplete("address-line1")
            .hint("Numéro et voie."),
        Field::text(r("adresse2"), "Complément d'adresse")
            .autocomplete("address-line2")
            .hint("Facultatif : bâtiment, étage, lieu-dit."),
        Field {
            maxlength: Some(10),
            inputmode: Some("numeric".into()),
            hint: Some("5 chiffres en France.".into()),
            pattern_message: Some("Code postal invalide : 5 chiffres en France (ex. 75017).".into()),
            rule: Some(CrossRule::CodePostalSiFrance { pays: r("pays") }),
            ..Field::text(r("code_postal"), "Code postal").autocomplete("postal-code")
        },
        Field::text(r("commune"), "Commune")
            .required()
            .autocomplete("address-level2"),
        Field {
            default: Some("France".into()),
            ..Field::text(r("pays"), "Pays").required().autocomplete("country-name")
        },
        Field::phone(r("tel_portable"), "Téléphone portable"),
        Field::phone(r("tel_domicile"), "Téléphone du domicile"),
        Field::phone(r("tel_travail"), "Téléphone professionnel"),
        Field::email(r("email"), "Adresse électronique").hint("La confirmation de la réinscription y sera envoyée."),
        Field::new(
            r("paie_frais"),
            "Cette personne paie les frais de scolarité (demi-pension…)",
            FieldKind::Checkbox,
        ),
    ];
    if n == 1 {
        let email = champs.iter_mut().find(|f| f.name == r("email")).expect("email field");
        email.required = true;
        // Only the second guardian can share the first one's address.
        champs.retain(|f| f.name != names::RESP2_MEME_ADRESSE);
    }
    let mut s = section(&format!("resp{n}"), &format!("Responsable légal {n}"), champs);
    s.au_moins_un = Some(AtLeastOne {
        champs: vec![r("tel_portable"), r("tel_domicile"), r("tel_travail")],
        message: "Indiquez au moins un numéro de téléphone.".into(),
    });
    if n == 2 {
        s.optionnelle = true;
        s.aide = Some("Facultatif : laissez vide s'il n'y a qu'un responsable légal.".into());
    } else {
        s.aide = Some("Au moins un numéro de téléphone est nécessaire.".into());
    }
    s
}

fn urgence_section() -> Section {
    use names::*;
    let mut s = section(
        "urgence",
        "Contact en cas d'urgence",
        vec![
            Field::text(URGENCE_NOM, "Nom et prénom").required(),
            Field::text(URGENCE_LIEN, "Lien avec l'enfant")
                .required()
                .hint("Par exemple : grand-mère, voisin."),
            Field::phone(URGENCE_TELEPHONE, "Téléphone").required(),
        ],
    );
    s.aide = Some("Une personne joignable si les responsables légaux ne le sont pas.".into());
    s
}

fn options_section(options: &[OptionOfferte], niveau: &Niveau) -> Option<Section> {
    if options.is_empty() {
        return None;
    }
    let mut s = section("options", &format!("Options en {}", niveau.libelle), Vec::new());
    let mut groups_done: Vec<&str> = Vec::new();
    for option in options {
        match (&option.modalite, &option.groupe) {
            (Modalite::Obligatoire, None) => s
                .notes
                .push(format!("{} : enseignement suivi par tous les élèves.", option.libelle)),
            (Modalite::Obligatoire, Some(groupe)) => {
                if groups_done.contains(&groupe.as_str()) {
                    continue;
                }
                groups_done.push(groupe);
                let members: Vec<&OptionOfferte> =
                    options.iter().filter(|o| o.groupe.as_deref() == Some(groupe)).collect();
                let choices = members
                    .iter()
                    .map(|o| Choice {
                        hint: restriction_hint(o),
                        ..choice(&o.code, &o.libelle)
                    })
                    .collect();
                let label = group_label(groupe);
                s.champs
                    .push(Field::choices(option_field(option), &label, FieldKind::Radio, choices).required());
            }
            (Modalite::Facultative, _) => {
                let mut field = Field::new(option_field(option), option.libelle.clone(), FieldKind::Checkbox);
                field.hint = restriction_hint(option);
                s.champs.push(field);
            }
        }
    }
    Some(s)
}

/// A readable label for an option group code (lv2 → "Langue vivante 2").
fn group_label(groupe: &str) -> String {
    match groupe.to_lowercase().as_str() {
        "lv1" => "Langue vivante 1".into(),
        "lv2" => "Langue vivante 2".into(),
        other => format!("Choix : {other}"),
    }
}

fn restriction_hint(option: &OptionOfferte) -> Option<String> {
    match (option.ouverte_inscription, option.abandonnable) {
        (true, true) => None,
        (false, true) => Some("Réservée aux élèves qui la suivent déjà.".into()),
        (true, false) => Some("Ne peut pas être abandonnée en cours de scolarité.".into()),
        (false, false) => Some("Réservée aux élèves qui la suivent déjà ; ne peut pas être abandonnée.".into()),
    }
}

fn cantine_section(dp: &DemiPension) -> Section {
    let mut s = section("cantine", "Restauration scolaire", Vec::new());
    if !dp.proposee {
        s.notes
            .push("Le collège n'a pas de service de demi-pension : tous les élèves sont externes.".into());
        return s;
    }
    let mut demi = choice("demi_pensionnaire", "Demi-pensionnaire");
    demi.hint = dp.tarif.clone();
    let externe = Choice {
        hint: Some("L'élève déjeune hors du collège.".into()),
        ..choice("externe", "Externe")
    };
    s.champs.push(
        Field::choices(
            names::DEMI_PENSION,
            "Votre enfant sera",
            FieldKind::Radio,
            vec![demi, externe],
        )
        .required(),
    );
    if dp.numero_caf != Exigence::NonDemande {
        let mut caf = Field {
            pattern: Some(rules::NUMERO_CAF.into()),
            pattern_message: Some("Numéro d'allocataire CAF invalide : de 5 à 10 chiffres.".into()),
            maxlength: Some(10),
            inputmode: Some("numeric".into()),
            ..Field::new(names::NUMERO_CAF, "Numéro d'allocataire CAF", FieldKind::Text)
        };
        if dp.numero_caf == Exigence::Obligatoire {
            caf.rule = Some(CrossRule::RequisSi {
                champ: names::DEMI_PENSION.into(),
                valeur: "demi_pensionnaire".into(),
            });
            caf.hint = Some("Obligatoire pour la demi-pension ; il sert à calculer l'aide à la restauration.".into());
        } else {
            caf.hint = Some("Facultatif ; il sert à calculer l'aide à la restauration.".into());
        }
        s.champs.push(caf);
    }
    if let Some(reglement) = &dp.reglement {
        // A link with words: `[libellé](adresse)`, which the generator turns into a link.
        s.notes.push(format!("[{}]({reglement})", dp.reglement_libelle()));
    }
    s
}

fn sortie_section(regimes_sortie: &[RegimeSortie]) -> Section {
    let choices = regimes_sortie
        .iter()
        .map(|r| Choice {
            hint: r.description.clone(),
            ..choice(&r.code, &r.libelle)
        })
        .collect();
    section(
        "sortie",
        "Régime de sortie",
        vec![Field::choices(
            names::REGIME_SORTIE,
            "Votre enfant peut quitter le collège",
            FieldKind::Radio,
            choices,
        )
        .required()],
    )
}

fn consent_section(consentements: &[Consentement]) -> Section {
    let champs = consentements
        .iter()
        .map(|c| {
            let mut f = Field::choices(
                consent_field(&c.code),
                &c.libelle,
                FieldKind::Radio,
                vec![choice("oui", "Oui"), choice("non", "Non")],
            )
            .required();
            f.hint = c.explication.clone();
            f
        })
        .collect();
    section("consentements", "Autorisations", champs)
}

fn documents_section(documents: &[DocumentAttendu], pieces: &Pieces) -> Section {
    let mut champs = Vec::new();
    for d in documents {
        let mut f = Field::new(document_field(&d.code), d.nom.clone(), FieldKind::File);
        f.required = d.obligatoire;
        f.hint = d.explication.clone();
        let secretariat = pieces.apport_secretariat.then(|| secretariat_field(&d.code));
        f.fichier = Some(FileRule {
            document: d.code.clone(),
            types: PIECE_TYPES.iter().map(|t| t.to_string()).collect(),
            taille_max_fichier: pieces.max_fichier(),
            taille_max_eleve: pieces.max_eleve(),
            secretariat: secretariat.clone(),
        });
        champs.push(f);
        if let Some(name) = secretariat {
            // The box names its document: read alone (a screen reader's list of boxes, the
            // one-click page), « Je l'apporterai » said nothing of what.
            champs.push(Field::new(
                name,
                format!("J'apporterai au secrétariat : {}", d.nom),
                FieldKind::Checkbox,
            ));
        }
    }
    let mut s = section("documents", "Pièces justificatives", champs);
    s.aide = Some(if pieces.apport_secretariat {
        "Joignez une photo ou un scan de chaque pièce, ou indiquez que vous l'apporterez au secrétariat. \
         Les pièces obligatoires sont nécessaires pour que la réinscription soit complète."
            .into()
    } else {
        "Joignez une photo ou un scan de chaque pièce. Les pièces obligatoires sont nécessaires pour que \
         la réinscription soit complète."
            .into()
    });
    s.notes.push(format!(
        "Formats acceptés : PDF, JPEG ou PNG. Taille : {} Mo au plus par fichier, {} Mo au plus pour l'ensemble \
         des pièces.",
        pieces.taille_max_fichier_mo, pieces.taille_max_eleve_mo
    ));
    s
}

fn signature_section() -> Section {
    let person = |n: u8| Choice {
        nomme_par: vec![resp(n, "prenom"), resp(n, "nom")],
        ..choice(&format!("resp{n}"), &format!("Responsable légal {n}"))
    };
    let mut s = section(
        "signature",
        "Signature",
        vec![
            Field::choices(
                names::SIGNATURE_SIGNATAIRE,
                "Qui signe ?",
                FieldKind::Radio,
                vec![person(1), person(2), choice("autre", "Une autre personne")],
            )
            .required(),
            Field {
                rule: Some(CrossRule::RequisSi {
                    champ: names::SIGNATURE_SIGNATAIRE.into(),
                    valeur: "autre".into(),
                }),
                ..Field::text(names::SIGNATURE_NOM, "Nom et prénom de la personne qui signe")
                    .hint("Seulement si vous avez choisi « Une autre personne ».")
                    .autocomplete("name")
            },
            Field::new(
                names::SIGNATURE_ACCORD,
                "Je certifie que ces informations sont exactes et je demande la réinscription de mon enfant.",
                FieldKind::Checkbox,
            )
            .required(),
        ],
    );
    s.aide = Some("Relisez le récapitulatif avant de signer.".into());
    s
}
