//! `rest-json`: operations found by method and URI template, members bound from the URI,
//! query string, headers and a JSON body.

use bytes::Bytes;
use http::{HeaderName, HeaderValue};
use serde_json::{Map, Value};

use super::{
    binding, content_type, json_body, json_bytes, parse_body, timestamps, WireRequest, WireResponse,
};
use crate::model::{Location, Model, Operation, ShapeKind};
use crate::{Protocol, ServiceError};

fn unknown_operation(model: &Model, request: &WireRequest<'_>) -> ServiceError {
    let segments = crate::model::path_segments(request.path);
    let other_methods: Vec<&str> = model
        .operations
        .iter()
        .filter(|op| {
            op.method != *request.method && op.uri.specificity(&segments, request.query).is_some()
        })
        .map(|op| op.method.as_str())
        .collect();
    let hint = if other_methods.is_empty() {
        String::new()
    } else {
        format!(" (that path accepts {})", other_methods.join(", "))
    };
    ServiceError::new(
        "UnknownOperationException",
        format!(
            "No operation of {} matches {} {}{hint}",
            model.metadata.service_id, request.method, request.path
        ),
    )
    .with_status(404)
}

/// Finds the operation and binds its input members.
pub(crate) fn decode<'m>(
    model: &'m Model,
    request: &WireRequest<'_>,
) -> Result<(&'m Operation, Value), ServiceError> {
    let segments = crate::model::path_segments(request.path);
    // Choose by specificity alone, then bind the labels of the one operation chosen.
    let operation = model
        .operations_for_path(segments.first().copied())
        .filter(|op| op.method == *request.method)
        .filter_map(|op| {
            op.uri
                .specificity(&segments, request.query)
                .map(|s| (op, s))
        })
        .max_by(|(a, sa), (b, sb)| sa.cmp(sb).then(b.name.cmp(&a.name)))
        .map(|(op, _)| op)
        .ok_or_else(|| unknown_operation(model, request))?;
    let matched = operation
        .uri
        .matches(&segments, request.query)
        .ok_or_else(|| ServiceError::internal("the chosen operation no longer matches"))?;

    let Some(input_shape) = operation.input else {
        return Ok((operation, Value::Object(Map::new())));
    };
    let members = model.members(input_shape);
    let has_body_members = members.iter().any(|m| m.location == Location::Body);
    let mut input = if has_body_members {
        match members.iter().find(|m| m.payload) {
            Some(payload) => bind_payload(model, payload, request.body)?,
            None => json_body::read(model, input_shape, parse_body(request.body)?)?,
        }
    } else {
        Value::Object(Map::new())
    };
    let object = input
        .as_object_mut()
        .ok_or_else(|| ServiceError::internal("input is not an object"))?;
    let query_names: Vec<&str> = members
        .iter()
        .filter(|m| m.location == Location::Querystring)
        .map(|m| m.wire_name.as_str())
        .collect();
    for member in members {
        let value = match member.location {
            Location::Uri => matched
                .labels
                .iter()
                .find(|(label, _)| *label == member.wire_name)
                .map(|(_, raw)| {
                    let text = binding::decode_label(member, raw)?;
                    binding::scalar(model, member, &text)
                })
                .transpose()?,
            Location::Querystring => binding::query(model, member, request.query, &query_names)?,
            Location::Header => binding::header(model, member, request.headers, false)?,
            Location::Headers => binding::header(model, member, request.headers, true)?,
            Location::Body | Location::StatusCode => None,
        };
        if let Some(value) = value {
            object.insert(member.name.clone(), value);
        }
    }
    Ok((operation, input))
}

fn bind_payload(
    model: &Model,
    payload: &crate::model::Member,
    body: &[u8],
) -> Result<Value, ServiceError> {
    let mut object = Map::new();
    match &model.shape(payload.shape).kind {
        ShapeKind::Structure { .. } => {
            let parsed = parse_body(body)?;
            if parsed.as_object().is_some_and(|o| !o.is_empty()) {
                object.insert(
                    payload.name.clone(),
                    json_body::read(model, payload.shape, parsed)?,
                );
            }
        }
        _ if !body.is_empty() => {
            let text = std::str::from_utf8(body).map_err(|_| {
                json_body::serialization_error("The request body is not UTF-8 text")
            })?;
            object.insert(payload.name.clone(), Value::String(text.to_owned()));
        }
        _ => {}
    }
    Ok(Value::Object(object))
}

/// Statuses that forbid a body (RFC 9110).
fn has_no_body(status: u16) -> bool {
    status == 204 || status == 304
}

/// Encodes an output already serialized in wire form (no header or status-code members).
pub(crate) fn encode_body(operation: &Operation, body: Bytes) -> WireResponse {
    let status = operation.response_code;
    WireResponse {
        status,
        headers: vec![(
            http::header::CONTENT_TYPE,
            HeaderValue::from_static(content_type(Protocol::RestJson)),
        )],
        body: if has_no_body(status) {
            Bytes::new()
        } else {
            body
        },
    }
}

/// Encodes an output: header and status-code members leave the body.
pub(crate) fn encode(model: &Model, operation: &Operation, output: Value) -> WireResponse {
    let mut status = operation.response_code;
    let mut headers = vec![(
        http::header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(Protocol::RestJson)),
    )];
    let Some(shape) = operation.output else {
        return WireResponse {
            status,
            headers,
            body: if has_no_body(status) {
                Bytes::new()
            } else {
                Bytes::from_static(b"{}")
            },
        };
    };
    let mut body = None;
    if let Value::Object(object) = &output {
        for member in model.members(shape) {
            let Some(value) = object.get(&member.name).filter(|v| !v.is_null()) else {
                continue;
            };
            match member.location {
                Location::StatusCode => {
                    status = value
                        .as_u64()
                        .and_then(|s| u16::try_from(s).ok())
                        .unwrap_or(status);
                }
                Location::Header => {
                    let is_timestamp =
                        matches!(model.shape(member.shape).kind, ShapeKind::Timestamp { .. });
                    let text = match value {
                        Value::String(text) => text.clone(),
                        Value::Number(n) if is_timestamp => {
                            timestamps::format_http_date(n.as_f64().unwrap_or_default())
                        }
                        Value::Array(items) => items
                            .iter()
                            .map(|i| {
                                i.as_str()
                                    .map(str::to_owned)
                                    .unwrap_or_else(|| i.to_string())
                            })
                            .collect::<Vec<_>>()
                            .join(","),
                        other => other.to_string(),
                    };
                    if let (Ok(name), Ok(value)) = (
                        HeaderName::from_bytes(member.wire_name.as_bytes()),
                        HeaderValue::from_str(&text),
                    ) {
                        headers.push((name, value));
                    }
                }
                Location::Headers => {
                    for (key, value) in value.as_object().into_iter().flatten() {
                        let name = format!("{}{key}", member.wire_name);
                        if let (Ok(name), Some(Ok(value))) = (
                            HeaderName::from_bytes(name.as_bytes()),
                            value.as_str().map(HeaderValue::from_str),
                        ) {
                            headers.push((name, value));
                        }
                    }
                }
                Location::Body if member.payload => {
                    body = Some(match value {
                        Value::String(text) => Bytes::from(text.clone().into_bytes()),
                        other => json_bytes(&json_body::write(model, member.shape, other.clone())),
                    });
                }
                Location::Body | Location::Uri | Location::Querystring => {}
            }
        }
    }
    let body = if has_no_body(status) {
        Bytes::new()
    } else {
        body.unwrap_or_else(|| json_bytes(&json_body::write(model, shape, output)))
    };
    WireResponse {
        status,
        headers,
        body,
    }
}
