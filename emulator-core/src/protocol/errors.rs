//! The one place a [`ServiceError`] becomes a wire response.

use bytes::Bytes;
use http::{HeaderName, HeaderValue};
use serde_json::{json, Map, Value};

use super::{content_type, WireResponse};
use crate::model::{Model, ShapeKind};
use crate::{Protocol, ServiceError, ValidationErrorNames};

/// Encodes `error` for `protocol`: status from the error (or the exception shape's modelled
/// status), `x-amzn-ErrorType` header, and a JSON body with `__type`, `message`, the error's own
/// fields, and the modelled `Code`/`Message`/`Type` members where the exception shape has them.
pub(crate) fn encode_error(
    model: Option<&Model>,
    protocol: Protocol,
    names: &ValidationErrorNames,
    error: &ServiceError,
) -> WireResponse {
    if protocol == Protocol::AwsQuery {
        let request_id = uuid::Uuid::new_v4().to_string();
        return super::aws_query::encode_error(model, names, error, &request_id);
    }
    let name = error.code_name(names);
    let shape = model.and_then(|m| m.shape_named(name));
    let mut status = error.status();
    let mut body = Map::new();
    body.insert("__type".into(), json!(name));
    body.insert("message".into(), json!(error.message()));
    if let Some(ShapeKind::Structure {
        members,
        exception: true,
        http_status,
    }) = shape.map(|s| &s.kind)
    {
        if status == 400 {
            status = http_status.unwrap_or(status);
        }
        for member in members {
            let value = match member.name.as_str() {
                "Message" => json!(error.message()),
                "Code" => json!(name),
                "Type" => json!(if status < 500 { "Client" } else { "Server" }),
                _ => continue,
            };
            body.insert(member.wire_name.clone(), value);
        }
    }
    for (key, value) in error.fields() {
        body.insert(key.clone(), value.clone());
    }
    let error_type =
        HeaderValue::from_str(name).unwrap_or(HeaderValue::from_static("InternalFailure"));
    WireResponse {
        status,
        headers: vec![
            (
                http::header::CONTENT_TYPE,
                HeaderValue::from_static(content_type(protocol)),
            ),
            (HeaderName::from_static("x-amzn-errortype"), error_type),
        ],
        body: Bytes::from(serde_json::to_vec(&Value::Object(body)).unwrap_or_default()),
    }
}
