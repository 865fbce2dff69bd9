//! Every AWS Backup operation, exactly as botocore puts it on the wire, routed and decoded by the
//! gateway's model-driven protocol layer.
//!
//! The fixture `fixtures/botocore-requests.json` is written by `fixtures/generate.py`,
//! which serializes a valid parameter dict per operation with botocore's own rest-json serializer
//! and records method, raw path, raw query, headers and body. These tests build the codec the way
//! the gateway does and check that each request decodes to the right operation and to the
//! parameters botocore was given.

use std::collections::BTreeSet;

use emulator_core::model::{Model, ShapeId, ShapeKind};
use emulator_core::protocol::{timestamps, Codec};
use serde_json::Value;

mod common;

use common::{codec, decode, fixture, text, NAMES};

/// Valid fixtures the protocol layer is known to mishandle, by operation name, with the reason.
/// Each entry skips the decode assertions for that fixture; the test fails if an entry no longer
/// fails, so the list cannot go stale.
const KNOWN_BUG: &[(&str, &str)] = &[];

fn epoch(value: &Value) -> Option<f64> {
    match value {
        Value::String(text) => timestamps::parse_any(text),
        other => other.as_f64(),
    }
}

/// Compares a decoded value with the parameters botocore was given, guided by the shape:
/// timestamps compare as epoch seconds, structures by member name.
fn compare(
    model: &Model,
    shape: ShapeId,
    expected: &Value,
    actual: &Value,
    path: &str,
    diffs: &mut Vec<String>,
) {
    let mut differ = |what: String| diffs.push(format!("{path}: {what}"));
    match &model.shape(shape).kind {
        ShapeKind::Structure { members, .. } => {
            let (Some(want), Some(got)) = (expected.as_object(), actual.as_object()) else {
                return differ(format!("expected an object, got {actual}"));
            };
            let want_keys: BTreeSet<&String> = want.keys().collect();
            let got_keys: BTreeSet<&String> = got.keys().collect();
            if want_keys != got_keys {
                return differ(format!("members {got_keys:?}, expected {want_keys:?}"));
            }
            for (name, want_value) in want {
                let Some(member) = members.iter().find(|m| &m.name == name) else {
                    diffs.push(format!("{path}.{name}: not a member of the shape"));
                    continue;
                };
                let member_path = format!("{path}.{name}");
                if member.timestamp_format.is_some() {
                    compare_timestamps(want_value, &got[name], &member_path, diffs);
                } else {
                    compare(
                        model,
                        member.shape,
                        want_value,
                        &got[name],
                        &member_path,
                        diffs,
                    );
                }
            }
        }
        ShapeKind::List { member, .. } => {
            let (Some(want), Some(got)) = (expected.as_array(), actual.as_array()) else {
                return differ(format!("expected a list, got {actual}"));
            };
            if want.len() != got.len() {
                return differ(format!("{} items, expected {}", got.len(), want.len()));
            }
            for (index, (w, g)) in want.iter().zip(got).enumerate() {
                compare(model, *member, w, g, &format!("{path}[{index}]"), diffs);
            }
        }
        ShapeKind::Map { value, .. } => {
            let (Some(want), Some(got)) = (expected.as_object(), actual.as_object()) else {
                return differ(format!("expected a map, got {actual}"));
            };
            let want_keys: BTreeSet<&String> = want.keys().collect();
            let got_keys: BTreeSet<&String> = got.keys().collect();
            if want_keys != got_keys {
                return differ(format!("keys {got_keys:?}, expected {want_keys:?}"));
            }
            for (key, w) in want {
                compare(
                    model,
                    *value,
                    w,
                    &got[key],
                    &format!("{path}[{key}]"),
                    diffs,
                );
            }
        }
        ShapeKind::Timestamp { .. } => compare_timestamps(expected, actual, path, diffs),
        _ => {
            if expected != actual {
                differ(format!("{actual}, expected {expected}"));
            }
        }
    }
}

fn compare_timestamps(expected: &Value, actual: &Value, path: &str, diffs: &mut Vec<String>) {
    match (epoch(expected), actual.as_f64()) {
        (Some(want), Some(got)) if want == got => {}
        _ => diffs.push(format!(
            "{path}: timestamp {actual}, expected {expected} ({:?} seconds)",
            epoch(expected)
        )),
    }
}

/// What is wrong with one valid fixture's decoding, if anything.
fn check_valid(codec: &Codec, entry: &Value) -> Result<(), String> {
    let operation = text(entry, "operation");
    let (decoded_name, input) = decode(codec, entry).map_err(|err| {
        format!(
            "decode failed: {}: {}",
            err.code_name(&NAMES),
            err.message()
        )
    })?;
    if decoded_name != operation {
        return Err(format!("routed to {decoded_name}"));
    }
    let model = codec.model();
    let Some(shape) = model.operation(operation).and_then(|op| op.input) else {
        return match input.as_object() {
            Some(object) if object.is_empty() => Ok(()),
            _ => Err(format!("no input shape, but decoded {input}")),
        };
    };
    let mut diffs = Vec::new();
    compare(model, shape, &entry["params"], &input, "input", &mut diffs);
    if diffs.is_empty() {
        Ok(())
    } else {
        Err(diffs.join("\n    "))
    }
}

#[test]
fn fixture_covers_every_operation_once() {
    let codec = codec();
    let fixture = fixture();
    let requests = fixture["requests"].as_array().expect("a requests list");
    let covered: Vec<&str> = requests.iter().map(|r| text(r, "operation")).collect();
    let unique: BTreeSet<&str> = covered.iter().copied().collect();
    assert_eq!(
        unique.len(),
        covered.len(),
        "an operation appears twice in the fixture"
    );
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
    // The count comes from the vendored model's own bytes, not from the codec that read it, so a
    // refresh that adds an operation fails here until the fixture is regenerated.
    let vendored: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/model/backup-2018-11-15.service.json"
        ))
        .expect("the vendored model"),
    )
    .expect("model JSON");
    let in_model = vendored["operations"]
        .as_object()
        .expect("an operations map")
        .len();
    assert_eq!(modelled.len(), in_model);
    assert_eq!(
        modelled.len(),
        backup::api::generated::OPERATIONS.len(),
        "the generated API is out of date: run `just codegen`"
    );
    let mut sorted = covered.clone();
    sorted.sort_unstable();
    assert_eq!(covered, sorted, "fixture requests are sorted by operation");
}

#[test]
fn every_botocore_request_routes_and_decodes() {
    let codec = codec();
    let fixture = fixture();
    let requests = fixture["requests"].as_array().expect("a requests list");
    let mut failures = Vec::new();
    let mut passed = 0;
    for entry in requests {
        let operation = text(entry, "operation");
        let known_bug = KNOWN_BUG.iter().find(|(name, _)| *name == operation);
        match (check_valid(&codec, entry), known_bug) {
            (Ok(()), None) => passed += 1,
            (Err(_), Some(_)) => {}
            (Ok(()), Some((_, reason))) => failures.push(format!(
                "{operation}: listed in KNOWN_BUG ({reason}) but now passes; remove it"
            )),
            (Err(problem), None) => failures.push(format!(
                "{operation} ({} {}?{}):\n    {problem}",
                text(entry, "method"),
                text(entry, "path"),
                text(entry, "query")
            )),
        }
    }
    eprintln!(
        "botocore {}: {passed} of {} requests decoded as sent ({} known bugs skipped)",
        text(&fixture, "botocore_version"),
        requests.len(),
        KNOWN_BUG.len()
    );
    assert!(
        failures.is_empty(),
        "{} fixture requests failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn uri_labels_come_back_percent_decoded() {
    let codec = codec();
    let fixture = fixture();
    let requests = fixture["requests"].as_array().expect("a requests list");
    let entry = requests
        .iter()
        .find(|r| text(r, "operation") == "DescribeRecoveryPoint")
        .expect("DescribeRecoveryPoint is in the fixture");
    assert!(
        text(entry, "path").contains("arn%3Aaws%3Abackup"),
        "botocore percent-encodes ARN labels"
    );
    let (_, input) = decode(&codec, entry).expect("decodes");
    assert_eq!(
        input["RecoveryPointArn"],
        "arn:aws:backup:us-east-1:123456789012:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45"
    );
    let tags = requests
        .iter()
        .find(|r| text(r, "operation") == "ListTags")
        .expect("ListTags is in the fixture");
    let (_, input) = decode(&codec, tags).expect("decodes");
    assert_eq!(
        input["ResourceArn"],
        "arn:aws:ec2:us-east-1:123456789012:volume/vol-0123456789abcdef0"
    );
}

#[test]
fn invalid_requests_fail_with_the_modelled_exception() {
    let codec = codec();
    let fixture = fixture();
    let invalid = fixture["invalid"].as_array().expect("an invalid list");
    assert!(invalid.len() >= 10, "about ten invalid requests");
    let mut failures = Vec::new();
    for entry in invalid {
        let operation = text(entry, "operation");
        let expected = text(entry, "expected_exception");
        let path = text(entry, "expected_path");
        let constraint = text(entry, "expected_constraint");
        let err = match decode(&codec, entry) {
            Ok((name, input)) => {
                failures.push(format!(
                    "{operation}: decoded as {name} with {input}, expected {expected}"
                ));
                continue;
            }
            Err(err) => err,
        };
        let message = err.message();
        let shape_ok = message.starts_with("1 validation error detected: Value ")
            && message.contains(&format!(" at '{path}' failed to satisfy constraint: "))
            && message
                .split_once(" failed to satisfy constraint: ")
                .is_some_and(|(_, rest)| rest.starts_with(constraint));
        if err.code_name(&NAMES) != expected || !shape_ok {
            failures.push(format!(
                "{operation}: got {}: {message}\n    expected {expected} at '{path}': {constraint}",
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
