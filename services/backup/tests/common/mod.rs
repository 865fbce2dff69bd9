//! Shared by the tests that replay the golden botocore requests: the fixture, the gateway's
//! codec for the Backup model, and decoding one recorded request as the gateway would.

#![allow(dead_code)] // Each test binary uses its own subset.

use emulator_core::model::Model;
use emulator_core::protocol::{Codec, WireRequest};
use emulator_core::{Protocol, ServiceError, ValidationErrorNames};
use percent_encoding::percent_decode_str;
use serde_json::Value;

pub const FIXTURE: &str = include_str!("../fixtures/botocore-requests.json");

pub const NAMES: ValidationErrorNames = ValidationErrorNames {
    invalid: "InvalidParameterValueException",
    missing: "MissingParameterValueException",
};

pub fn codec() -> Codec {
    let model = Model::parse(backup::MODEL_JSON).expect("the vendored model parses");
    Codec::new(model, Protocol::RestJson, NAMES)
}

pub fn fixture() -> Value {
    serde_json::from_str(FIXTURE).expect("the fixture is JSON")
}

pub fn text<'a>(entry: &'a Value, key: &str) -> &'a str {
    entry[key]
        .as_str()
        .unwrap_or_else(|| panic!("fixture entry without {key}: {entry}"))
}

/// Splits a raw query string on `&` and `=` and percent-decodes each part, treating `+`
/// literally: the same as the gateway's `parse_query`.
pub fn parse_query(raw: &str) -> Vec<(String, String)> {
    let decode = |part: &str| {
        percent_decode_str(part)
            .decode_utf8()
            .expect("query parts are UTF-8")
            .into_owned()
    };
    raw.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), decode(value))
        })
        .collect()
}

/// Decodes one fixture request: the operation name and the input object.
pub fn decode(codec: &Codec, entry: &Value) -> Result<(String, Value), ServiceError> {
    let method: http::Method = text(entry, "method").parse().expect("a method");
    let query = parse_query(text(entry, "query"));
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
        query: &query,
        headers: &headers,
        body: text(entry, "body").as_bytes(),
    };
    codec
        .decode(&request)
        .map(|(operation, input)| (operation.name.clone(), input))
}
