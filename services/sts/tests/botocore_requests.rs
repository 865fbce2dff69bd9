//! Every STS operation exactly as botocore's query serializer puts it on the wire (form bodies
//! with awsQuery flattening: `Tags.member.1.Key`, `PolicyArns.member.1.arn`, `+` for spaces),
//! decoded by the gateway's model-driven awsQuery layer into the parameters botocore was given.
//! The fixture is written by `fixtures/generate.py`.

use std::collections::BTreeSet;

use emulator_core::model::Model;
use emulator_core::protocol::{Codec, WireRequest};
use emulator_core::Protocol;
use serde_json::Value;

const FIXTURE: &str = include_str!("fixtures/botocore-requests.json");

fn codec() -> Codec {
    let model = Model::parse(sts::MODEL_JSON).expect("the vendored model parses");
    Codec::new(model, Protocol::AwsQuery, sts::VALIDATION_ERRORS)
}

fn text<'a>(entry: &'a Value, key: &str) -> &'a str {
    entry[key].as_str().unwrap_or_default()
}

#[test]
fn every_botocore_request_decodes_to_its_parameters() {
    let codec = codec();
    let fixture: Value = serde_json::from_str(FIXTURE).unwrap();
    let requests = fixture["requests"].as_array().unwrap();
    let covered: BTreeSet<&str> = requests.iter().map(|r| text(r, "operation")).collect();
    let modelled: BTreeSet<&str> = codec
        .model()
        .operations
        .iter()
        .map(|op| op.name.as_str())
        .collect();
    assert_eq!(covered, modelled, "the fixture covers every operation");
    let mut failures = Vec::new();
    for entry in requests {
        let operation = text(entry, "operation");
        let mut headers = http::HeaderMap::new();
        for (name, value) in entry["headers"].as_object().into_iter().flatten() {
            headers.insert(
                http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                http::HeaderValue::from_str(value.as_str().unwrap()).unwrap(),
            );
        }
        let method: http::Method = text(entry, "method").parse().unwrap();
        let query = emulator_core::protocol::parse_query(Some(text(entry, "query"))).unwrap();
        let request = WireRequest {
            method: &method,
            path: text(entry, "path"),
            query: &query,
            headers: &headers,
            body: text(entry, "body").as_bytes(),
        };
        match codec.decode(&request) {
            Ok((op, input)) if op.name == operation && input == entry["params"] => {}
            Ok((op, input)) => failures.push(format!(
                "{operation}: decoded as {} with {input}\n    expected {}",
                op.name, entry["params"]
            )),
            Err(err) => failures.push(format!("{operation}: {err}")),
        }
    }
    assert!(
        failures.is_empty(),
        "botocore {}: {} requests did not decode as sent:\n{}",
        text(&fixture, "botocore_version"),
        failures.len(),
        failures.join("\n")
    );
}
