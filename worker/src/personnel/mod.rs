//! The staff's view of the campaign, independent of HTTP: flags and changes of a file,
//! the export rows (CSV and XLSX from one model), the access-code letters.

pub mod choix;
pub mod courrier;
pub mod dossier;
pub mod export;
mod export_csv;
mod export_xlsx;
pub mod recherche;
pub mod reissue;
pub mod retour_siecle;

use dossiersco_model::form::resp;
use dossiersco_model::FormValues;

/// The guardians' addresses in `values` (resp1.email, resp2.email), each once.
pub fn family_emails(values: &FormValues) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in [1, 2] {
        let email = values.get(&resp(n, "email")).map(|v| v.trim()).unwrap_or("");
        if !email.is_empty() && !out.iter().any(|d| d.eq_ignore_ascii_case(email)) {
            out.push(email.to_string());
        }
    }
    out
}
