//! CSV as French Excel opens it: UTF-8 with a BOM (accents), `;` separators, CRLF.

use super::export::{french_date, Cell, Table};

/// The table as CSV bytes.
pub fn csv(table: &Table) -> Vec<u8> {
    let mut out = String::with_capacity(256 * (table.lignes.len() + 1));
    out.push('\u{feff}');
    let header: Vec<String> = table.entetes.iter().map(|h| field(h)).collect();
    out.push_str(&header.join(";"));
    out.push_str("\r\n");
    for row in &table.lignes {
        let cells: Vec<String> = row
            .iter()
            .map(|c| match c {
                Cell::Text(t) => field(t),
                Cell::Date(d) => french_date(*d),
            })
            .collect();
        out.push_str(&cells.join(";"));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// Quotes a field holding the separator, a quote or a line break; a leading `= + - @` (or
/// tab) gets a `'` so a spreadsheet never runs what a family typed as a formula.
fn field(v: &str) -> String {
    let v = if v.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{v}")
    } else {
        v.to_string()
    };
    if v.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_formulas_neutralized() {
        assert_eq!(field("Martin"), "Martin");
        assert_eq!(field("a;b"), "\"a;b\"");
        assert_eq!(field("dit \"Lou\""), "\"dit \"\"Lou\"\"\"");
        assert_eq!(field("=1+1"), "'=1+1");
        assert_eq!(field("+33 6 12"), "'+33 6 12");
    }
}
