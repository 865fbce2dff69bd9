//! A report as a table: fixed columns (the report template's fields, in AWS's order) and one row
//! per item, rendered as AWS delivers reports: CSV with a header row, or JSON
//! `{"reportItems": [...]}`.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::model::report_plan::ReportFormat;

/// One item: values by column name; a column left out is empty (`null` in JSON).
pub type Row = BTreeMap<&'static str, Value>;

/// A report's items under its template's columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    columns: &'static [&'static str],
    rows: Vec<Row>,
}

impl Table {
    /// An empty report with these columns.
    pub fn new(columns: &'static [&'static str]) -> Self {
        Self {
            columns,
            rows: Vec::new(),
        }
    }

    /// Adds an item.
    pub fn push(&mut self, row: Row) {
        debug_assert!(row.keys().all(|k| self.columns.contains(k)), "{row:?}");
        self.rows.push(row);
    }

    /// The items as JSON objects.
    pub fn items(&self) -> Vec<Value> {
        self.rows
            .iter()
            .map(|row| {
                let object: Map<String, Value> = self
                    .columns
                    .iter()
                    .map(|column| {
                        let value = row.get(column).cloned().unwrap_or(Value::Null);
                        ((*column).to_owned(), value)
                    })
                    .collect();
                Value::Object(object)
            })
            .collect()
    }

    /// The file content in `format`.
    pub fn render(&self, format: ReportFormat) -> String {
        match format {
            ReportFormat::Json => json!({ "reportItems": self.items() }).to_string(),
            ReportFormat::Csv => self.to_csv(),
        }
    }

    fn to_csv(&self) -> String {
        let mut out = String::new();
        push_line(&mut out, self.columns.iter().map(|c| (*c).to_owned()));
        for row in &self.rows {
            push_line(
                &mut out,
                self.columns
                    .iter()
                    .map(|column| row.get(column).map_or_else(String::new, cell)),
            );
        }
        out
    }
}

fn push_line(out: &mut String, cells: impl Iterator<Item = String>) {
    let cells: Vec<String> = cells.map(|c| quote(&c)).collect();
    out.push_str(&cells.join(","));
    out.push('\n');
}

/// A value as CSV shows it: text as is, numbers and booleans printed, nothing for `null`,
/// objects and arrays as JSON.
fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// RFC 4180: a cell holding a comma, quote or line break is quoted, its quotes doubled.
fn quote(cell: &str) -> String {
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_csv_with_a_header_and_json_items() {
        let mut table = Table::new(&["name", "count", "note"]);
        table.push(Row::from([
            ("name", json!("a,b")),
            ("count", json!(2)),
            ("note", json!("say \"hi\"")),
        ]));
        table.push(Row::from([("name", json!("c"))]));
        assert_eq!(
            table.render(ReportFormat::Csv),
            "name,count,note\n\"a,b\",2,\"say \"\"hi\"\"\"\nc,,\n"
        );
        let json: Value = serde_json::from_str(&table.render(ReportFormat::Json)).unwrap();
        assert_eq!(json["reportItems"][0]["count"], 2);
        assert_eq!(json["reportItems"][1]["note"], Value::Null);
        assert_eq!(Table::new(&["x"]).render(ReportFormat::Csv), "x\n");
    }
}
