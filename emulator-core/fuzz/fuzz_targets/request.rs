//! Shared by the request targets: reads a fuzz input as a raw HTTP request and checks what the
//! protocol layer does with it.
//!
//! The input is text shaped like HTTP/1.1 (`METHOD PATH?QUERY`, header lines, a blank line, the
//! body), so the seed corpus is made of real SDK requests and stays readable. Whatever it is,
//! decoding must answer an operation and its input or an error, never panic, and an error must
//! be the client's (4xx) once encoded; an output that decoded must encode.

use emulator_core::model::Model;
use emulator_core::protocol::{parse_query, Codec, WireRequest};
use emulator_core::{Protocol, ValidationErrorNames};

/// A codec for `model_json` in `protocol`.
pub fn codec(model_json: &str, protocol: Protocol) -> Codec {
    let model = Model::parse(model_json).expect("the vendored model parses");
    Codec::new(
        model,
        protocol,
        ValidationErrorNames {
            invalid: "InvalidParameterValueException",
            missing: "MissingParameterValueException",
        },
    )
}

/// Decodes `data` as a request with `codec` and checks the outcome.
pub fn exercise(codec: &Codec, data: &[u8]) {
    let (head, body) = match data.windows(2).position(|w| w == b"\n\n") {
        Some(at) => (&data[..at], &data[at + 2..]),
        None => (data, &[][..]),
    };
    let head = String::from_utf8_lossy(head);
    let mut lines = head.lines();
    let request_line = lines.next().unwrap_or_default();
    let (method, target) = request_line.split_once(' ').unwrap_or((request_line, "/"));
    let Ok(method) = http::Method::from_bytes(method.as_bytes()) else {
        return;
    };
    let (path, raw_query) = match target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (target, None),
    };
    let Ok(query) = parse_query(raw_query) else {
        return;
    };
    let mut headers = http::HeaderMap::new();
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        if let (Ok(name), Ok(value)) = (
            http::HeaderName::from_bytes(name.trim().as_bytes()),
            http::HeaderValue::from_str(value.trim()),
        ) {
            headers.append(name, value);
        }
    }
    let request = WireRequest {
        method: &method,
        path,
        query: &query,
        headers: &headers,
        body,
    };
    match codec.decode(&request) {
        Ok((operation, input)) => {
            // Echoing the input as the output exercises the serializer on hostile values.
            let response = codec.encode_output(operation, input);
            assert!(
                response.status < 500,
                "output encoded as {}",
                response.status
            );
        }
        Err(error) => {
            let response = codec.encode_error(&error);
            assert!(
                (400..500).contains(&response.status),
                "a decoding error must be the client's: {} {:?}",
                response.status,
                error
            );
        }
    }
}
