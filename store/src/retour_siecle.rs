//! What the return file to SIECLE reads: the validated files of one school, with what the
//! import knew and the guardians it linked.

use crate::conn::{Conn, Row};
use anyhow::Result;
use dossiersco_model::FormValues;
use std::collections::HashMap;

/// A validated file.
#[derive(Debug, Clone)]
pub struct Valide {
    pub id: i64,
    pub ine: Option<String>,
    pub nom: String,
    pub prenom: String,
    /// YYYY-MM-DD, as imported.
    pub date_naissance: String,
    pub division: Option<String>,
    pub mef_actuel: Option<String>,
    pub mef_destination: Option<String>,
    /// JSON of `import::CodesSiecle`.
    pub codes_siecle: String,
    /// What the import knew.
    pub prefill: FormValues,
    /// The last submission (the one the staff validated).
    pub valeurs: Option<FormValues>,
    /// The guardians the import linked as 1 and 2.
    pub responsables: Vec<ResponsableImporte>,
}

/// A guardian as the import linked it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponsableImporte {
    pub rang: i64,
    pub personne_id_siecle: String,
    pub nom: String,
    pub prenom: String,
}

fn read(row: &Row) -> crate::conn::Result<Valide> {
    let values = |json: Option<String>| json.and_then(|j| serde_json::from_str::<FormValues>(&j).ok());
    Ok(Valide {
        id: row.get(0)?,
        ine: row.get(1)?,
        nom: row.get(2)?,
        prenom: row.get(3)?,
        date_naissance: row.get(4)?,
        division: row.get(5)?,
        mef_actuel: row.get(6)?,
        mef_destination: row.get(7)?,
        codes_siecle: row.get(8)?,
        prefill: values(row.get(9)?).unwrap_or_default(),
        valeurs: values(row.get(10)?),
        responsables: Vec::new(),
    })
}

/// The validated files of school `uai`, by class then name.
pub fn valides(conn: &Conn, uai: &str) -> Result<Vec<Valide>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.id, e.ine, e.nom, e.prenom, e.date_naissance, e.division, e.mef_actuel, e.mef_destination,
                e.codes_siecle, e.prefill,
                (SELECT s.valeurs FROM soumissions s WHERE s.eleve_id = e.id ORDER BY s.id DESC LIMIT 1)
         FROM eleves e WHERE e.uai = ?1 AND e.etat = 'valide' ORDER BY e.division, e.nom, e.prenom, e.id",
    )?;
    let mut out: Vec<Valide> = stmt.query_map([uai], read)?.collect::<crate::conn::Result<_>>()?;
    let mut links = conn.prepare_cached(
        "SELECT er.eleve_id, er.rang, r.personne_id_siecle, r.nom, r.prenom
         FROM eleve_responsables er JOIN responsables r ON r.id = er.responsable_id
         JOIN eleves e ON e.id = er.eleve_id
         WHERE e.uai = ?1 AND e.etat = 'valide' AND er.rang IN (1, 2) ORDER BY er.eleve_id, er.rang",
    )?;
    let mut by_pupil: HashMap<i64, Vec<ResponsableImporte>> = HashMap::new();
    let rows = links.query_map([uai], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            ResponsableImporte {
                rang: r.get(1)?,
                personne_id_siecle: r.get(2)?,
                nom: r.get(3)?,
                prenom: r.get(4)?,
            },
        ))
    })?;
    for row in rows {
        let (eleve, r) = row?;
        by_pupil.entry(eleve).or_default().push(r);
    }
    for v in &mut out {
        v.responsables = by_pupil.remove(&v.id).unwrap_or_default();
    }
    Ok(out)
}
