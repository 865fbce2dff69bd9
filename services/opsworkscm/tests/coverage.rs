//! The operation coverage table in docs/services/opsworkscm.md is checked against the code:
//! every operation of the vendored model is called through the service with its golden
//! botocore input, and counts as implemented unless it answers `NotImplemented`.

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;

use common::{codec, decode, fixture, text};
use emulator_core::{Clock, Config, ErrorCode, RequestContext, Service, ServiceSettings};

const DOC: &str = include_str!("../../../docs/services/opsworkscm.md");
const IMPLEMENTED: &str = "✅ implemented";
const MISSING: &str = "❌ not implemented";

/// Each operation of the model, with its status as the table writes it.
async fn behaviour() -> BTreeMap<String, String> {
    let settings = ServiceSettings::new(
        "opsworkscm",
        Arc::new(Vec::new()),
        Arc::new(Config::default()),
        Arc::new(Clock::default()),
    );
    let service = opsworkscm::OpsWorksCmService::new(&settings).expect("default settings");
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
        let status = if missing { MISSING } else { IMPLEMENTED };
        result.insert(operation, status.to_owned());
    }
    assert_eq!(result.len(), codec.model().operations.len());
    result
}

/// `(operation, status)` rows of the coverage table (the section headed "Operation coverage").
fn documented() -> BTreeMap<String, String> {
    let section = DOC
        .split_once("## Operation coverage")
        .map(|(_, rest)| rest.split("\n## ").next().unwrap_or(rest))
        .expect("docs/services/opsworkscm.md has an 'Operation coverage' section");
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
    assert_eq!(
        documented(),
        actual,
        "docs/services/opsworkscm.md's coverage table is out of date"
    );
    let done = actual
        .values()
        .filter(|status| *status == IMPLEMENTED)
        .count();
    let summary = format!("**{done}/{} operations implemented**", actual.len());
    assert!(DOC.contains(&summary), "the docs should say {summary}");
}
