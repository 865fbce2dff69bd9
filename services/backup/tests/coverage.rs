//! The operation coverage table in docs/services/backup.md is checked against the code: every
//! operation of the vendored model is called through the service with its golden botocore
//! input, and counts as implemented unless it answers `NotImplemented`. The table must list each
//! of the 115 operations once, marked as the code behaves, with the right total; and none may
//! answer `NotImplemented`.

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;

use common::{codec, decode, fixture, text};
use emulator_core::{Clock, Config, ErrorCode, RequestContext, Service, ServiceSettings};

const DOC: &str = include_str!("../../../docs/services/backup.md");
const IMPLEMENTED: &str = "✅ implemented";
const MISSING: &str = "❌ not implemented";

/// Each operation of the model, with whether the service implements it.
async fn behaviour() -> BTreeMap<String, bool> {
    let settings = ServiceSettings::new(
        "backup",
        Arc::new(Vec::new()),
        Arc::new(Config::default()),
        Arc::new(Clock::default()),
    );
    let service = backup::BackupService::new(&settings).expect("default settings");
    let ctx = RequestContext::new("123456789012", "us-east-1");
    let codec = codec();
    let mut result = BTreeMap::new();
    for entry in fixture()["requests"].as_array().expect("requests") {
        let (operation, input) = decode(&codec, entry).expect("golden requests decode");
        assert_eq!(operation, text(entry, "operation"));
        let outcome = service.call_value(&ctx, &operation, input).await;
        let missing = matches!(
            &outcome,
            Err(err) if *err.code() == ErrorCode::Named("NotImplemented".into())
        );
        result.insert(operation, !missing);
    }
    let mut modelled: Vec<&String> = codec.model().operations.iter().map(|op| &op.name).collect();
    modelled.sort();
    assert_eq!(
        result.keys().collect::<Vec<_>>(),
        modelled,
        "every operation of the vendored model is called once"
    );
    result
}

/// The whole AWS Backup API: no operation of the vendored model answers 501 `NotImplemented`.
#[tokio::test]
async fn every_operation_of_the_model_is_implemented() {
    let missing: Vec<String> = behaviour()
        .await
        .into_iter()
        .filter(|(_, done)| !done)
        .map(|(operation, _)| operation)
        .collect();
    assert!(
        missing.is_empty(),
        "operations answering NotImplemented: {missing:?}"
    );
}

/// `(operation, status)` rows of the coverage table (the section headed "Operation coverage").
fn documented() -> BTreeMap<String, String> {
    let section = DOC
        .split_once("## Operation coverage")
        .map(|(_, rest)| rest.split("\n## ").next().unwrap_or(rest))
        .expect("docs/services/backup.md has an 'Operation coverage' section");
    section
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let name = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
            Some((name.to_owned(), (*cells.get(2)?).to_owned()))
        })
        .collect()
}

#[tokio::test]
async fn the_coverage_table_matches_the_code() {
    let actual = behaviour().await;
    let expected_rows: Vec<String> = actual
        .iter()
        .map(|(op, done)| format!("| `{op}` | {} |", if *done { IMPLEMENTED } else { MISSING }))
        .collect();
    let documented = documented();
    let statuses: BTreeMap<String, String> = actual
        .iter()
        .map(|(op, done)| {
            (
                op.clone(),
                (if *done { IMPLEMENTED } else { MISSING }).to_owned(),
            )
        })
        .collect();
    assert_eq!(
        documented,
        statuses,
        "docs/services/backup.md's coverage table is out of date; its rows should be:\n{}",
        expected_rows.join("\n")
    );
    let done = actual.values().filter(|d| **d).count();
    let summary = format!("**{done}/{} operations implemented**", actual.len());
    assert!(DOC.contains(&summary), "the docs should say {summary}");
}
