//! Element tree → typed SIECLE data. Unknown elements are ignored; values SIECLE always
//! writes (ids, names, dates, codes) are required so a damaged file is refused, not
//! half-imported.

use std::collections::HashMap;

use time::{Date, Month};

use super::error::SiecleError;
use super::xml::Node;
use super::{
    AdresseSiecle, EleveSiecle, ExportContent, ExportKind, LienResponsable, MatiereSiecle, MefSiecle, Nomenclature,
    OptionEleve, PersonneSiecle, ProgrammeSiecle, Responsables, Sexe,
};

struct Ctx<'a> {
    fichier: &'a str,
}

impl Ctx<'_> {
    fn err(&self, ligne: usize, detail: String) -> SiecleError {
        SiecleError::Donnee {
            fichier: self.fichier.to_owned(),
            ligne,
            detail,
        }
    }

    /// Required trimmed attribute of `node`.
    fn attr<'n>(&self, node: &'n Node, name: &str) -> Result<&'n str, SiecleError> {
        node.attr(name)
            .ok_or_else(|| self.err(node.line, format!("<{}> sans attribut {name}", node.name)))
    }

    /// Required trimmed text of a child; `qui` names the record for the message.
    fn text<'n>(&self, node: &'n Node, name: &str, qui: &str) -> Result<&'n str, SiecleError> {
        node.text_of(name)
            .ok_or_else(|| self.err(node.line, format!("{qui} : {name} manquant")))
    }

    fn char_of(&self, node: &Node, name: &str, qui: &str) -> Result<char, SiecleError> {
        let t = self.text(node, name, qui)?;
        Ok(t.chars().next().unwrap_or(' '))
    }

    fn date(&self, node: &Node, name: &str, qui: &str) -> Result<Option<Date>, SiecleError> {
        let Some(child) = node.child(name) else {
            return Ok(None);
        };
        let raw = child.text.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        parse_date(raw).map(Some).ok_or_else(|| {
            self.err(
                child.line,
                format!("{qui} : {name} « {raw} » n'est pas une date jj/mm/aaaa"),
            )
        })
    }
}

pub(crate) fn extract(fichier: &str, root: &Node) -> Result<(String, Option<String>, ExportContent), SiecleError> {
    let ctx = Ctx { fichier };
    let kind = ExportKind::from_element_racine(&root.name).ok_or_else(|| SiecleError::RacineInattendue {
        fichier: fichier.to_owned(),
        ligne: root.line,
        racine: root.name.clone(),
    })?;
    let parametres = root.child("PARAMETRES");
    let uaj = parametres
        .and_then(|p| p.text_of("UAJ"))
        .ok_or_else(|| SiecleError::UajManquant {
            fichier: fichier.to_owned(),
            ligne: parametres.map_or(root.line, |p| p.line),
        })?
        .to_owned();
    let annee = parametres.and_then(|p| p.text_of("ANNEE_SCOLAIRE")).map(str::to_owned);
    let donnees = root.child("DONNEES").ok_or_else(|| {
        ctx.err(
            root.line,
            format!("<{}> ne contient pas d'élément <DONNEES>", root.name),
        )
    })?;
    let content = match kind {
        ExportKind::Nomenclature => ExportContent::Nomenclature(nomenclature(&ctx, donnees)?),
        ExportKind::Eleves => ExportContent::Eleves(eleves(&ctx, donnees)?),
        ExportKind::Responsables => ExportContent::Responsables(responsables(&ctx, donnees)?),
    };
    Ok((uaj, annee, content))
}

/// Children `inner` of every `outer` list under `donnees`.
fn items<'a>(donnees: &'a Node, outer: &'a str, inner: &'a str) -> impl Iterator<Item = &'a Node> {
    donnees
        .children_named(outer)
        .flat_map(move |list| list.children_named(inner))
}

fn owned(node: &Node, name: &str) -> Option<String> {
    node.text_of(name).map(str::to_owned)
}

fn or_empty(node: &Node, name: &str) -> String {
    node.text_of(name).unwrap_or_default().to_owned()
}

fn nomenclature(ctx: &Ctx<'_>, donnees: &Node) -> Result<Nomenclature, SiecleError> {
    let mut out = Nomenclature::default();
    for mef in items(donnees, "MEFS", "MEF") {
        out.mefs.push(MefSiecle {
            code: ctx.attr(mef, "CODE_MEF")?.to_owned(),
            libelle_long: or_empty(mef, "LIBELLE_LONG"),
            libelle_edition: or_empty(mef, "LIBELLE_EDITION"),
        });
    }
    for m in items(donnees, "MATIERES", "MATIERE") {
        out.matieres.push(MatiereSiecle {
            code: ctx.attr(m, "CODE_MATIERE")?.to_owned(),
            code_gestion: or_empty(m, "CODE_GESTION"),
            libelle_court: or_empty(m, "LIBELLE_COURT"),
            libelle_edition: or_empty(m, "LIBELLE_EDITION"),
        });
    }
    for p in items(donnees, "PROGRAMMES", "PROGRAMME") {
        let qui = "PROGRAMME";
        out.programmes.push(ProgrammeSiecle {
            code_mef: ctx.text(p, "CODE_MEF", qui)?.to_owned(),
            code_matiere: ctx.text(p, "CODE_MATIERE", qui)?.to_owned(),
            modalite: ctx.char_of(p, "CODE_MODALITE_ELECT", qui)?,
        });
    }
    Ok(out)
}

fn eleves(ctx: &Ctx<'_>, donnees: &Node) -> Result<Vec<EleveSiecle>, SiecleError> {
    let adresses: HashMap<String, AdresseSiecle> = adresses(ctx, donnees)?.into_iter().collect();

    let mut options: HashMap<&str, Vec<OptionEleve>> = HashMap::new();
    for opt in items(donnees, "OPTIONS", "OPTION") {
        let id = ctx.attr(opt, "ELEVE_ID")?;
        let qui = format!("option de l'élève ELEVE_ID={id}");
        for o in opt.children_named("OPTIONS_ELEVE") {
            let num = ctx.text(o, "NUM_OPTION", &qui)?;
            let num_option = num
                .parse::<u32>()
                .map_err(|_| ctx.err(o.line, format!("{qui} : NUM_OPTION « {num} » n'est pas un nombre")))?;
            options.entry(id).or_default().push(OptionEleve {
                code_matiere: ctx.text(o, "CODE_MATIERE", &qui)?.to_owned(),
                modalite: ctx.char_of(o, "CODE_MODALITE_ELECT", &qui)?,
                num_option,
            });
        }
    }

    // (division, all structures in file order)
    let mut structures: HashMap<&str, Vec<(bool, String)>> = HashMap::new();
    for se in items(donnees, "STRUCTURES", "STRUCTURES_ELEVE") {
        let id = ctx.attr(se, "ELEVE_ID")?;
        for s in se.children_named("STRUCTURE") {
            if let Some(code) = s.text_of("CODE_STRUCTURE") {
                let is_division = s.text_of("TYPE_STRUCTURE") == Some("D");
                structures.entry(id).or_default().push((is_division, code.to_owned()));
            }
        }
    }

    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for e in items(donnees, "ELEVES", "ELEVE") {
        let id = ctx.attr(e, "ELEVE_ID")?;
        if let Some(first) = seen.insert(id.to_owned(), e.line) {
            return Err(ctx.err(
                e.line,
                format!("l'élève ELEVE_ID={id} apparaît deux fois (déjà ligne {first})"),
            ));
        }
        let qui = format!("élève ELEVE_ID={id}");
        let date_naissance = ctx
            .date(e, "DATE_NAISS", &qui)?
            .ok_or_else(|| ctx.err(e.line, format!("{qui} : DATE_NAISS manquante")))?;

        let mut st = structures.remove(id).unwrap_or_default();
        st.sort_by_key(|(is_division, _)| !is_division); // stable: division first
        let division = st.iter().find(|(d, _)| *d).map(|(_, c)| c.clone());
        let mut opts = options.remove(id).unwrap_or_default();
        opts.sort_by_key(|o| o.num_option);

        out.push(EleveSiecle {
            eleve_id: id.to_owned(),
            ine: owned(e, "ID_NATIONAL"),
            nom: ctx.text(e, "NOM_DE_FAMILLE", &qui)?.to_owned(),
            prenom: ctx.text(e, "PRENOM", &qui)?.to_owned(),
            prenom2: owned(e, "PRENOM2"),
            date_naissance,
            sexe: match e.text_of("CODE_SEXE") {
                Some("1") => Some(Sexe::M),
                Some("2") => Some(Sexe::F),
                _ => None,
            },
            ville_naissance: owned(e, "VILLE_NAISS"),
            code_commune_insee_naissance: owned(e, "CODE_COMMUNE_INSEE_NAISS"),
            code_departement_naissance: owned(e, "CODE_DEPARTEMENT_NAISS"),
            code_pays_naissance: owned(e, "CODE_PAYS"),
            code_pays_nationalite: owned(e, "CODE_PAYS_NAT"),
            code_mef: owned(e, "CODE_MEF"),
            code_regime: owned(e, "CODE_REGIME"),
            code_provenance: owned(e, "CODE_PROVENANCE"),
            structures: st.into_iter().map(|(_, c)| c).collect(),
            division,
            date_sortie: ctx.date(e, "DATE_SORTIE", &qui)?,
            options: opts,
            adresse: e.text_of("ADRESSE_ID").and_then(|a| adresses.get(a).cloned()),
        });
    }
    Ok(out)
}

fn adresses(ctx: &Ctx<'_>, donnees: &Node) -> Result<Vec<(String, AdresseSiecle)>, SiecleError> {
    items(donnees, "ADRESSES", "ADRESSE")
        .map(|a| Ok((ctx.attr(a, "ADRESSE_ID")?.to_owned(), adresse(a))))
        .collect()
}

fn adresse(a: &Node) -> AdresseSiecle {
    AdresseSiecle {
        ligne1: or_empty(a, "LIGNE1_ADRESSE"),
        ligne2: or_empty(a, "LIGNE2_ADRESSE"),
        ligne3: or_empty(a, "LIGNE3_ADRESSE"),
        ligne4: or_empty(a, "LIGNE4_ADRESSE"),
        code_postal: or_empty(a, "CODE_POSTAL"),
        commune: ["LL_COMMUNE_INSEE", "LIBELLE_POSTAL", "COMMUNE_ETRANGERE"]
            .iter()
            .find_map(|n| a.text_of(n))
            .unwrap_or_default()
            .to_owned(),
        code_pays: owned(a, "CODE_PAYS"),
    }
}

fn responsables(ctx: &Ctx<'_>, donnees: &Node) -> Result<Responsables, SiecleError> {
    let mut out = Responsables {
        adresses: adresses(ctx, donnees)?,
        ..Responsables::default()
    };
    for p in items(donnees, "PERSONNES", "PERSONNE") {
        let id = ctx.attr(p, "PERSONNE_ID")?;
        let qui = format!("responsable PERSONNE_ID={id}");
        let nom = p
            .text_of("NOM_DE_FAMILLE")
            .or_else(|| p.text_of("NOM_USAGE"))
            .ok_or_else(|| ctx.err(p.line, format!("{qui} : NOM_DE_FAMILLE manquant")))?;
        out.personnes.push(PersonneSiecle {
            personne_id: id.to_owned(),
            civilite: owned(p, "LC_CIVILITE").or_else(|| owned(p, "CODE_CIVILITE")),
            nom: nom.to_owned(),
            prenom: or_empty(p, "PRENOM"),
            tel_personnel: owned(p, "TEL_PERSONNEL"),
            tel_portable: owned(p, "TEL_PORTABLE"),
            tel_professionnel: owned(p, "TEL_PROFESSIONNEL"),
            email: owned(p, "MEL"),
            adresse_id: owned(p, "ADRESSE_ID"),
            code_profession: owned(p, "CODE_PROFESSION"),
        });
    }
    // Older exports name the link RESPONSABLE.
    let liens =
        items(donnees, "RESPONSABLES", "RESPONSABLE_ELEVE").chain(items(donnees, "RESPONSABLES", "RESPONSABLE"));
    for l in liens {
        let qui = "lien élève–responsable";
        let resp_legal = match l.text_of("RESP_LEGAL") {
            None => None,
            Some(v) => Some(
                v.parse::<u8>()
                    .map_err(|_| ctx.err(l.line, format!("{qui} : RESP_LEGAL « {v} » n'est pas un nombre")))?,
            ),
        };
        out.liens.push(LienResponsable {
            eleve_id: ctx.text(l, "ELEVE_ID", qui)?.to_owned(),
            personne_id: ctx.text(l, "PERSONNE_ID", qui)?.to_owned(),
            niveau_responsabilite: owned(l, "NIVEAU_RESPONSABILITE"),
            code_parente: owned(l, "CODE_PARENTE"),
            paie_frais: matches!(
                l.text_of("PAIE_FRAIS_SCOLAIRES"),
                Some("1" | "true" | "TRUE" | "O" | "oui")
            ),
            resp_legal,
        });
    }
    Ok(out)
}

/// dd/mm/yyyy (SIECLE's only date format).
fn parse_date(s: &str) -> Option<Date> {
    let mut it = s.split('/');
    let (d, m, y) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() || y.len() != 4 {
        return None;
    }
    let day: u8 = d.trim().parse().ok()?;
    let month = Month::try_from(m.trim().parse::<u8>().ok()?).ok()?;
    let year: i32 = y.parse().ok()?;
    Date::from_calendar_date(year, month, day).ok()
}
