//! Every AWS OpsWorks CM operation, exactly as botocore puts it on the wire, routed by
//! `X-Amz-Target` and decoded by the gateway's model-driven json 1.1 protocol layer.
//!
//! The fixture `fixtures/botocore-requests.json` is written by `fixtures/generate.py`, which
//! serializes a valid parameter dict per operation with botocore's own json serializer and
//! records method, path, headers and body. These tests build the codec the way the gateway does
//! and check that each request decodes to the right operation and to the parameters botocore
//! was given, and that requests breaking the model's constraints fail as AWS fails them.

use std::collections::BTreeSet;

mod common;

use common::{codec, decode, fixture, text, NAMES};

#[test]
fn fixture_covers_every_operation_once() {
    let codec = codec();
    let fixture = fixture();
    let requests = fixture["requests"].as_array().expect("a requests list");
    let covered: Vec<&str> = requests.iter().map(|r| text(r, "operation")).collect();
    let unique: BTreeSet<&str> = covered.iter().copied().collect();
    assert_eq!(unique.len(), covered.len(), "an operation appears twice");
    let modelled: BTreeSet<&str> = codec
        .model()
        .operations
        .iter()
        .map(|op| op.name.as_str())
        .collect();
    assert_eq!(
        unique, modelled,
        "the fixture must cover exactly the model's operations"
    );
    assert_eq!(modelled.len(), 19);
}

#[test]
fn every_botocore_request_routes_and_decodes() {
    let codec = codec();
    let fixture = fixture();
    let mut failures = Vec::new();
    for entry in fixture["requests"].as_array().expect("a requests list") {
        let operation = text(entry, "operation");
        match decode(&codec, entry) {
            Ok((name, input)) if name == operation && input == entry["params"] => {}
            Ok((name, input)) => failures.push(format!(
                "{operation}: decoded as {name} with {input}\n    expected {}",
                entry["params"]
            )),
            Err(err) => failures.push(format!(
                "{operation}: {}: {}",
                err.code_name(&NAMES),
                err.message()
            )),
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

#[test]
fn invalid_requests_fail_with_a_validation_exception_in_aws_words() {
    let codec = codec();
    let fixture = fixture();
    let invalid = fixture["invalid"].as_array().expect("an invalid list");
    assert!(invalid.len() >= 10, "about ten invalid requests");
    let mut failures = Vec::new();
    for entry in invalid {
        let operation = text(entry, "operation");
        let path = text(entry, "expected_path");
        let constraint = text(entry, "expected_constraint");
        let err = match decode(&codec, entry) {
            Ok((name, input)) => {
                failures.push(format!("{operation}: decoded as {name} with {input}"));
                continue;
            }
            Err(err) => err,
        };
        let message = err.message();
        let shaped = message.starts_with("1 validation error detected: Value ")
            && message
                .split_once(&format!(" at '{path}' failed to satisfy constraint: "))
                .is_some_and(|(_, rest)| rest.starts_with(constraint));
        if err.code_name(&NAMES) != text(entry, "expected_exception") || !shaped {
            failures.push(format!(
                "{operation}: got {}: {message}\n    expected ValidationException at '{path}': \
                 {constraint}",
                err.code_name(&NAMES)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} invalid requests were not rejected as expected:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
