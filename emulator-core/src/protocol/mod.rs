//! AWS wire protocols driven by a service's model: decoding a request into an operation name
//! and a validated input object, and encoding outputs and errors.
//!
//! This is the only code that knows how members travel (URI labels, query strings, headers,
//! JSON bodies) and the one place where a [`ServiceError`] becomes an HTTP response.

pub mod aws_query;
mod binding;
mod errors;
mod json_body;
mod json_rpc;
mod query;
mod rest_json;
pub mod timestamps;

use bytes::Bytes;
use serde_json::Value;

use crate::dto::Output;
use crate::model::{Model, Operation};
use crate::{Protocol, ServiceError, ValidationErrorNames};

pub(crate) use errors::encode_error;
pub(crate) use json_body::serialization_error;
pub use query::parse_query;

/// The parts of an HTTP request a protocol reads.
#[derive(Debug)]
pub struct WireRequest<'a> {
    /// The method.
    pub method: &'a http::Method,
    /// The path as received, still percent-encoded.
    pub path: &'a str,
    /// Query parameters, percent-decoded, in order.
    pub query: &'a [(String, String)],
    /// The headers.
    pub headers: &'a http::HeaderMap,
    /// The whole body.
    pub body: &'a [u8],
}

/// An HTTP response before it is handed to the server.
#[derive(Debug, Clone, PartialEq)]
pub struct WireResponse {
    /// The status code.
    pub status: u16,
    /// Headers, including the content type.
    pub headers: Vec<(http::HeaderName, http::HeaderValue)>,
    /// The body.
    pub body: Bytes,
}

/// A service's model with its protocol: everything needed to decode and encode its traffic.
#[derive(Debug)]
pub struct Codec {
    model: Model,
    protocol: Protocol,
    names: ValidationErrorNames,
}

impl Codec {
    /// A codec for `model` spoken in `protocol`.
    pub fn new(model: Model, protocol: Protocol, names: ValidationErrorNames) -> Self {
        Self {
            model,
            protocol,
            names,
        }
    }

    /// The model.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Finds the operation a request calls and decodes its validated input.
    pub fn decode(&self, request: &WireRequest<'_>) -> Result<(&Operation, Value), ServiceError> {
        let (operation, input) = match self.protocol {
            Protocol::RestJson => rest_json::decode(&self.model, request)?,
            Protocol::Json { .. } => json_rpc::decode(&self.model, request)?,
            Protocol::AwsQuery => aws_query::decode(&self.model, request)?,
        };
        if let Some(shape) = operation.input {
            let violations = crate::validation::validate(&self.model, shape, &input);
            if let Some(error) = crate::validation::to_error(&violations) {
                return Err(error);
            }
        }
        Ok((operation, input))
    }

    /// Encodes a successful output as the service handed it over: a typed or written output
    /// whose shape is in wire form ([`Model::is_wire_form`]) goes straight into the body;
    /// anything else goes through its JSON value and [`Codec::encode_output`].
    pub fn encode(
        &self,
        operation: &Operation,
        output: Output,
    ) -> Result<WireResponse, ServiceError> {
        self.encode_for(operation, output, &fresh_request_id())
    }

    /// [`Codec::encode`] for the request `request_id` (XML answers carry it in the body).
    pub fn encode_for(
        &self,
        operation: &Operation,
        output: Output,
        request_id: &str,
    ) -> Result<WireResponse, ServiceError> {
        if self.protocol == Protocol::AwsQuery {
            let value = output.into_value()?;
            return Ok(aws_query::encode(
                &self.model,
                operation,
                &value,
                request_id,
            ));
        }
        let wire_form = operation.output.is_some_and(|s| self.model.is_wire_form(s));
        match output {
            Output::Typed(typed) if wire_form => {
                let mut body = Vec::with_capacity(operation.body_size.capacity(BODY_CAPACITY));
                typed.write_json(&mut body);
                operation.body_size.remember(body.len());
                Ok(self.encode_body(operation, Bytes::from(body)))
            }
            Output::Written(body) if wire_form => {
                Ok(self.encode_body(operation, Bytes::from(body)))
            }
            other => Ok(self.encode_output(operation, other.into_value()?)),
        }
    }

    /// Encodes an output already written in wire form.
    fn encode_body(&self, operation: &Operation, body: Bytes) -> WireResponse {
        match self.protocol {
            Protocol::RestJson => rest_json::encode_body(operation, body),
            Protocol::Json { version } => json_rpc::encode_body(body, version),
            // Not reached: `encode_for` writes awsQuery outputs as XML from their values. A
            // body already in JSON wire form still reads back as that value.
            Protocol::AwsQuery => aws_query::encode(
                &self.model,
                operation,
                &serde_json::from_slice(&body).unwrap_or_default(),
                &fresh_request_id(),
            ),
        }
    }

    /// Encodes a successful output.
    pub fn encode_output(&self, operation: &Operation, output: Value) -> WireResponse {
        match self.protocol {
            Protocol::RestJson => rest_json::encode(&self.model, operation, output),
            Protocol::Json { version } => json_rpc::encode(&self.model, operation, output, version),
            Protocol::AwsQuery => {
                aws_query::encode(&self.model, operation, &output, &fresh_request_id())
            }
        }
    }

    /// Encodes an error.
    pub fn encode_error(&self, error: &ServiceError) -> WireResponse {
        self.encode_error_for(error, &fresh_request_id())
    }

    /// [`Codec::encode_error`] for the request `request_id` (XML errors carry it in the body).
    pub fn encode_error_for(&self, error: &ServiceError, request_id: &str) -> WireResponse {
        match self.protocol {
            Protocol::AwsQuery => {
                aws_query::encode_error(Some(&self.model), &self.names, error, request_id)
            }
            _ => encode_error(Some(&self.model), self.protocol, &self.names, error),
        }
    }

    /// Whether the request calls an operation that needs no signature (`authtype: none`).
    /// Only awsQuery models have such operations today.
    pub fn is_unsigned_call(&self, request: &WireRequest<'_>) -> bool {
        self.protocol == Protocol::AwsQuery
            && aws_query::decode(&self.model, request).is_ok_and(|(op, _)| op.unsigned)
    }
}

fn content_type(protocol: Protocol) -> &'static str {
    match protocol {
        Protocol::RestJson => "application/json",
        Protocol::Json { version: "1.0" } => "application/x-amz-json-1.0",
        Protocol::Json { .. } => "application/x-amz-json-1.1",
        Protocol::AwsQuery => "text/xml",
    }
}

/// A request id for answers encoded outside a gateway request (tests, fuzzing).
fn fresh_request_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// The room a JSON body starts with: enough for most answers, so they are not regrown from
/// serde_json's small default, and still small enough for glibc's per-thread cache (chunks up to
/// 1,032 bytes), which larger blocks bypass, taking the arena's slow path on every request.
const BODY_CAPACITY: usize = 1000;

/// Whether `body` (JSON or not) holds more than `limit` values, counted as the commas outside
/// strings plus one: a byte scan, far cheaper than the parse it spares. Values without commas
/// between them are nested, and serde_json's recursion limit (128) bounds those.
fn json_values_exceed(body: &[u8], limit: usize) -> bool {
    let mut count = 1usize;
    let mut in_string = false;
    let mut escaped = false;
    for &byte in body {
        if in_string {
            if escaped {
                escaped = false;
            } else if byte == b'\\' {
                escaped = true;
            } else if byte == b'"' {
                in_string = false;
            }
        } else if byte == b'"' {
            in_string = true;
        } else if byte == b',' {
            count += 1;
            if count > limit {
                return true;
            }
        }
    }
    false
}

/// Serializes a JSON body.
fn json_bytes(value: &Value) -> Bytes {
    let mut out = Vec::with_capacity(BODY_CAPACITY);
    match serde_json::to_writer(&mut out, value) {
        Ok(()) => Bytes::from(out),
        Err(_) => Bytes::new(),
    }
}

/// The most values (objects, arrays, members and items) a JSON request body may hold. A parsed
/// value costs the gateway about 150 bytes per copy, several times the few bytes it takes on
/// the wire (`{"k1":"v",…}`: 10 MB of one-letter tags cost 230 MB before this bound), so the
/// count, not the size, bounds a request's memory. No AWS API the gateway serves comes near it
/// (a Backup request holds at most a few thousand values: 500 selection resources, 50 tags).
pub const MAX_JSON_VALUES: usize = 100_000;

/// Parses a JSON body, treating an empty body as an empty object. A body with more than
/// [`MAX_JSON_VALUES`] values is refused before it is parsed.
fn parse_body(body: &[u8]) -> Result<Value, ServiceError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Default::default()));
    }
    if json_values_exceed(body, MAX_JSON_VALUES) {
        return Err(serialization_error(format!(
            "The request body holds more than {MAX_JSON_VALUES} JSON values"
        )));
    }
    serde_json::from_slice(body)
        .map_err(|err| serialization_error(format!("The request body is not valid JSON: {err}")))
}

#[cfg(test)]
mod value_count_tests {
    use super::json_values_exceed;

    #[test]
    fn values_are_counted_outside_strings() {
        assert!(!json_values_exceed(br#"{"a":1}"#, 1));
        assert!(json_values_exceed(br#"{"a":[1,2,3]}"#, 2));
        assert!(!json_values_exceed(br#"{"a":"[,,,{{{\",]]"}"#, 1));
        let tags: String = (0..1000).map(|i| format!("\"k{i}\":\"v\",")).collect();
        let body = format!("{{\"Tags\":{{{}\"last\":\"v\"}}}}", tags);
        assert!(json_values_exceed(body.as_bytes(), 1000));
        assert!(!json_values_exceed(body.as_bytes(), 1001));
        assert!(!json_values_exceed("[".repeat(100_000).as_bytes(), 10));
    }
}
