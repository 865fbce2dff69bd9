//! `json` 1.0/1.1: `POST /` with `X-Amz-Target: <TargetPrefix>.<Operation>` and the whole input
//! as a JSON body.

use bytes::Bytes;
use http::HeaderValue;
use serde_json::Value;

use super::{content_type, json_body, json_bytes, parse_body, WireRequest, WireResponse};
use crate::model::{Model, Operation};
use crate::{Protocol, ServiceError};

fn unknown(message: String) -> ServiceError {
    ServiceError::new("UnknownOperationException", message)
}

/// Finds the operation named by `X-Amz-Target` and reads its body.
pub(crate) fn decode<'m>(
    model: &'m Model,
    request: &WireRequest<'_>,
) -> Result<(&'m Operation, Value), ServiceError> {
    let target = request
        .headers
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| {
            unknown(format!(
                "{} requests need an X-Amz-Target header",
                model.metadata.service_id
            ))
        })?;
    let (prefix, name) = target.rsplit_once('.').ok_or_else(|| {
        unknown(format!(
            "X-Amz-Target {target:?} is not <prefix>.<operation>"
        ))
    })?;
    if Some(prefix) != model.metadata.target_prefix.as_deref() {
        return Err(unknown(format!(
            "X-Amz-Target prefix {prefix:?} does not belong to {}",
            model.metadata.service_id
        )));
    }
    let operation = model.operation(name).ok_or_else(|| {
        unknown(format!(
            "{} has no operation {name:?}",
            model.metadata.service_id
        ))
    })?;
    if request.method != http::Method::POST {
        return Err(unknown(format!(
            "{} operations are called with POST, not {}",
            model.metadata.service_id, request.method
        )));
    }
    let body = parse_body(request.body)?;
    let input = match operation.input {
        Some(shape) => json_body::read(model, shape, body)?,
        None => Value::Object(Default::default()),
    };
    Ok((operation, input))
}

/// Encodes an output as the whole JSON body.
pub(crate) fn encode(
    model: &Model,
    operation: &Operation,
    output: Value,
    version: &'static str,
) -> WireResponse {
    let body = match operation.output {
        Some(shape) => json_body::write(model, shape, output),
        None => Value::Object(Default::default()),
    };
    encode_body(json_bytes(&body), version)
}

/// Encodes an output already serialized in wire form.
pub(crate) fn encode_body(body: Bytes, version: &'static str) -> WireResponse {
    WireResponse {
        status: 200,
        headers: vec![(
            http::header::CONTENT_TYPE,
            HeaderValue::from_static(content_type(Protocol::Json { version })),
        )],
        body,
    }
}
