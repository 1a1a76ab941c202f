//! Next year's campaign: a family whose file was sent last year starts from its own answers.
//!
//! A pupil whose family was active is otherwise never touched by an import. When the school
//! imports the new year's exports, and that pupil's last activity (submission, draft, login)
//! is from before this campaign's opening day, last year's file is over: the import starts a
//! new one. Its pre-fill is the last submission laid under the new SIECLE data, field by
//! field ([`carry_over`]):
//!
//! - what SIECLE holds and changed since the import the family answered (a new address
//!   typed by the secretariat, a new phone) wins;
//! - what SIECLE holds and did not change leaves the family's answer (the family told the
//!   school, SIECLE may not have caught up);
//! - what SIECLE dropped since then goes, unless the family had changed it;
//! - what only the family gives (emergency contact when SIECLE has none, meal plan, exit
//!   regime, consents) is carried;
//! - never carried: the options (SIECLE's options of this year give next year's), the
//!   documents and the office boxes (each year's papers), the signature (signed each year).
//!
//! Last year's draft, sessions, submissions and documents of that pupil are then deleted
//! (the files on disk go with the worker's next sweep of files no row names).

use dossiersco_model::FormValues;

/// Whether a field's answer belongs to one year only.
fn per_year(name: &str) -> bool {
    name.starts_with("option.") || name.starts_with("document.") || name.starts_with("signature.")
}

/// The new campaign's pre-fill: `submitted` (last year's last submission) under `new_siecle`
/// (this import), `old_siecle` being the pre-fill the family answered.
pub(crate) fn carry_over(submitted: &FormValues, old_siecle: &FormValues, new_siecle: &FormValues) -> FormValues {
    let mut out: FormValues = submitted
        .iter()
        .filter(|(k, _)| !per_year(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (k, v) in new_siecle {
        let unchanged = old_siecle.get(k) == Some(v);
        if !unchanged || !out.contains_key(k) {
            out.insert(k.clone(), v.clone());
        }
    }
    for (k, old) in old_siecle {
        // Dropped by SIECLE, and the family had left it as it was: dropped.
        if !new_siecle.contains_key(k) && out.get(k) == Some(old) {
            out.remove(k);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(&str, &str)]) -> FormValues {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn the_family_s_answers_stay_where_siecle_did_not_change_and_siecle_wins_where_it_did() {
        let old = values(&[
            ("resp1.adresse", "1 rue A"),
            ("resp1.tel_portable", "0600000001"),
            ("resp1.tel_travail", "0400000001"),
            ("demi_pension", "externe"),
            ("option.LATIN", "oui"),
        ]);
        let submitted = values(&[
            ("resp1.adresse", "2 rue B"),          // moved, SIECLE did not follow
            ("resp1.tel_portable", "0600000001"),  // as SIECLE said
            ("resp1.tel_travail", "0400000001"),   // as SIECLE said, then dropped by SIECLE
            ("urgence.nom", "Mamie"),              // only the family gives it
            ("demi_pension", "demi_pensionnaire"), // chosen last year
            ("regime_sortie", "libre"),
            ("option.LATIN", "oui"),
            ("document.x.secretariat", "oui"),
            ("signature.nom", "Claire Martin"),
            ("signature.accord", "oui"),
        ]);
        let new = values(&[
            ("resp1.adresse", "1 rue A"),          // unchanged: the family's answer stays
            ("resp1.tel_portable", "0611111111"),  // changed by the school: wins
            ("demi_pension", "demi_pensionnaire"), // now what the family chose
            ("eleve.nom", "MARTIN"),               // new in SIECLE
        ]);
        let out = carry_over(&submitted, &old, &new);
        assert_eq!(
            out,
            values(&[
                ("resp1.adresse", "2 rue B"),
                ("resp1.tel_portable", "0611111111"),
                ("urgence.nom", "Mamie"),
                ("demi_pension", "demi_pensionnaire"),
                ("regime_sortie", "libre"),
                ("eleve.nom", "MARTIN"),
            ])
        );
    }

    #[test]
    fn options_come_from_this_year_s_siecle_only() {
        let old = values(&[("option.lv2", "ESP")]);
        let submitted = values(&[("option.lv2", "ALL"), ("option.LATIN", "oui")]);
        let new = values(&[("option.LATIN", "oui")]);
        assert_eq!(carry_over(&submitted, &old, &new), values(&[("option.LATIN", "oui")]));
    }
}
