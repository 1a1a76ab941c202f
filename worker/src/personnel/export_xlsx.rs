//! XLSX with rust_xlsxwriter: one sheet per table, bold frozen header with filters, dates as
//! real date cells, every value written as text (never a formula).

use super::export::{Cell, Table};
use anyhow::Context;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// The tables as an XLSX workbook.
pub fn xlsx(tables: &[Table]) -> anyhow::Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for table in tables {
        let sheet = workbook.add_worksheet();
        sheet.set_name(table.nom).context("nom de feuille")?;
        for (col, header) in table.entetes.iter().enumerate() {
            sheet.write_string_with_format(0, col as u16, header, &bold)?;
        }
        for (i, row) in table.lignes.iter().enumerate() {
            let r = i as u32 + 1;
            for (col, cell) in row.iter().enumerate() {
                let col = col as u16;
                match cell {
                    Cell::Text(text) => {
                        sheet.write_string(r, col, text)?;
                    }
                    Cell::Date(d) => {
                        let value = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day())?;
                        sheet.write_datetime_with_format(r, col, &value, &date)?;
                    }
                }
            }
        }
        let last_col = table.entetes.len().saturating_sub(1) as u16;
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofilter(0, 0, table.lignes.len() as u32, last_col)?;
        sheet.autofit();
    }
    workbook.save_to_buffer().context("écriture du classeur XLSX")
}
