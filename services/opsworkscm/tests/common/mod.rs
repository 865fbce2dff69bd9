//! Shared by the tests that replay the golden botocore requests: the fixture, the gateway's
//! codec for the OpsWorks CM model, and decoding one recorded request as the gateway would.

#![allow(dead_code)] // Each test binary uses its own subset.

use emulator_core::model::Model;
use emulator_core::protocol::{Codec, WireRequest};
use emulator_core::{Protocol, ServiceError, ValidationErrorNames};
use serde_json::Value;

pub const FIXTURE: &str = include_str!("../fixtures/botocore-requests.json");

pub const NAMES: ValidationErrorNames = ValidationErrorNames::DEFAULT;

pub fn codec() -> Codec {
    let model = Model::parse(opsworkscm::MODEL_JSON).expect("the vendored model parses");
    Codec::new(model, Protocol::Json { version: "1.1" }, NAMES)
}

pub fn fixture() -> Value {
    serde_json::from_str(FIXTURE).expect("the fixture is JSON")
}

pub fn text<'a>(entry: &'a Value, key: &str) -> &'a str {
    entry[key]
        .as_str()
        .unwrap_or_else(|| panic!("fixture entry without {key}: {entry}"))
}

/// Decodes one fixture request: the operation name and the input object.
pub fn decode(codec: &Codec, entry: &Value) -> Result<(String, Value), ServiceError> {
    let method: http::Method = text(entry, "method").parse().expect("a method");
    let mut headers = http::HeaderMap::new();
    for (name, value) in entry["headers"].as_object().into_iter().flatten() {
        headers.append(
            http::HeaderName::from_bytes(name.as_bytes()).expect("a header name"),
            http::HeaderValue::from_str(value.as_str().expect("a header value"))
                .expect("a header value"),
        );
    }
    let request = WireRequest {
        method: &method,
        path: text(entry, "path"),
        query: &[],
        headers: &headers,
        body: text(entry, "body").as_bytes(),
    };
    codec
        .decode(&request)
        .map(|(operation, input)| (operation.name.clone(), input))
}
