//! The operation coverage table in docs/services/sts.md is checked against the code: every
//! operation of the vendored model is called through the service with its golden botocore
//! input, and counts as implemented unless it answers `NotImplemented`.

use std::collections::BTreeMap;
use std::sync::Arc;

use emulator_core::model::Model;
use emulator_core::protocol::{Codec, WireRequest};
use emulator_core::{Clock, Config, ErrorCode, Protocol, RequestContext, Service, ServiceSettings};
use serde_json::Value;

const DOC: &str = include_str!("../../../docs/services/sts.md");
const FIXTURE: &str = include_str!("fixtures/botocore-requests.json");
const IMPLEMENTED: &str = "✅ implemented";
const MISSING: &str = "❌ not implemented";

fn decode(codec: &Codec, entry: &Value) -> (String, Value) {
    let mut headers = http::HeaderMap::new();
    headers.insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/x-www-form-urlencoded"),
    );
    let request = WireRequest {
        method: &http::Method::POST,
        path: "/",
        query: &[],
        headers: &headers,
        body: entry["body"].as_str().unwrap().as_bytes(),
    };
    let (operation, input) = codec.decode(&request).expect("golden requests decode");
    (operation.name.clone(), input)
}

/// Each operation of the model, with its status as the table writes it.
async fn behaviour() -> BTreeMap<String, String> {
    let settings = ServiceSettings::new(
        "sts",
        Arc::new(Vec::new()),
        Arc::new(Config::default()),
        Arc::new(Clock::default()),
    );
    let service = sts::StsService::new(&settings);
    let ctx = RequestContext::new("123456789012", "us-east-1");
    let codec = Codec::new(
        Model::parse(sts::MODEL_JSON).unwrap(),
        Protocol::AwsQuery,
        sts::VALIDATION_ERRORS,
    );
    let fixture: Value = serde_json::from_str(FIXTURE).unwrap();
    let mut result = BTreeMap::new();
    for entry in fixture["requests"].as_array().unwrap() {
        let (operation, input) = decode(&codec, entry);
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

/// `(operation, status)` rows of the coverage table.
fn documented() -> BTreeMap<String, String> {
    let section = DOC
        .split_once("## Operation coverage")
        .map(|(_, rest)| rest.split("\n## ").next().unwrap_or(rest))
        .expect("docs/services/sts.md has an 'Operation coverage' section");
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
        "docs/services/sts.md's coverage table is out of date"
    );
    let done = actual.values().filter(|s| *s == IMPLEMENTED).count();
    let summary = format!("**{done}/{} operations implemented**", actual.len());
    assert!(DOC.contains(&summary), "the docs should say {summary}");
}
