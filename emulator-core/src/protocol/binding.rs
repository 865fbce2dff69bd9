//! Members bound outside the body: URI labels, query strings and headers, read from text by
//! their shape's type.

use std::borrow::Cow;

use percent_encoding::percent_decode_str;
use serde_json::{json, Map, Value};

use super::timestamps;
use crate::model::{Member, Model, ShapeKind};
use crate::ServiceError;

fn must_be(member: &Member, text: &str, what: &str) -> ServiceError {
    ServiceError::invalid_parameter(format!(
        "1 validation error detected: Value '{text}' at '{}' failed to satisfy constraint: Member must be {what}",
        member.wire_name
    ))
}

/// Percent-decodes a URI label. ARNs arrive with `:` and `/` encoded.
pub(crate) fn decode_label<'a>(
    member: &Member,
    raw: &'a str,
) -> Result<Cow<'a, str>, ServiceError> {
    percent_decode_str(raw)
        .decode_utf8()
        .map_err(|_| must_be(member, raw, "valid UTF-8 once percent-decoded"))
}

/// Reads one text value (label, query parameter, header) as the member's shape.
pub(crate) fn scalar(model: &Model, member: &Member, text: &str) -> Result<Value, ServiceError> {
    Ok(match &model.shape(member.shape).kind {
        ShapeKind::Integer { long, .. } => {
            let number: i64 = text
                .trim()
                .parse()
                .map_err(|_| must_be(member, text, "a number"))?;
            if !long && i32::try_from(number).is_err() {
                return Err(must_be(member, text, "a 32-bit number"));
            }
            json!(number)
        }
        ShapeKind::Float { .. } => {
            let number: f64 = text
                .trim()
                .parse()
                .ok()
                .filter(|n: &f64| n.is_finite())
                .ok_or_else(|| must_be(member, text, "a number"))?;
            json!(number)
        }
        ShapeKind::Boolean => match text.trim().to_ascii_lowercase().as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => return Err(must_be(member, text, "a boolean (true or false)")),
        },
        ShapeKind::Timestamp { .. } => json!(
            timestamps::parse_any(text).ok_or_else(|| must_be(member, text, "a timestamp"))?
        ),
        ShapeKind::Structure { .. } | ShapeKind::Map { .. } | ShapeKind::List { .. }
            if member.json_value =>
        {
            serde_json::from_str(text).map_err(|_| must_be(member, text, "JSON"))?
        }
        _ => Value::String(text.to_owned()),
    })
}

/// Reads a query-string member: lists take every occurrence, maps take every parameter not
/// bound to another member, scalars the first occurrence.
pub(crate) fn query(
    model: &Model,
    member: &Member,
    query: &[(String, String)],
    bound_elsewhere: &[&str],
) -> Result<Option<Value>, ServiceError> {
    match &model.shape(member.shape).kind {
        ShapeKind::List { member: item, .. } => {
            let values: Vec<&str> = query
                .iter()
                .filter(|(k, _)| *k == member.wire_name)
                .map(|(_, v)| v.as_str())
                .collect();
            if values.is_empty() {
                return Ok(None);
            }
            let item_member = Member {
                name: member.name.clone(),
                shape: *item,
                location: member.location.clone(),
                wire_name: member.wire_name.clone(),
                required: false,
                json_value: false,
                timestamp_format: None,
                payload: false,
            };
            let items = values
                .into_iter()
                .map(|v| scalar(model, &item_member, v))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Some(Value::Array(items)))
        }
        ShapeKind::Map { .. } => {
            let map: Map<String, Value> = query
                .iter()
                .filter(|(k, _)| !bound_elsewhere.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                .collect();
            Ok((!map.is_empty()).then_some(Value::Object(map)))
        }
        _ => query
            .iter()
            .find(|(k, _)| *k == member.wire_name)
            .map(|(_, v)| scalar(model, member, v))
            .transpose(),
    }
}

/// Reads a header member (`location: header`), or a prefixed map (`location: headers`).
pub(crate) fn header(
    model: &Model,
    member: &Member,
    headers: &http::HeaderMap,
    prefixed: bool,
) -> Result<Option<Value>, ServiceError> {
    if prefixed {
        let prefix = member.wire_name.to_ascii_lowercase();
        let map: Map<String, Value> = headers
            .iter()
            .filter_map(|(name, value)| {
                let key = name.as_str().strip_prefix(&prefix)?;
                Some((
                    key.to_owned(),
                    Value::String(value.to_str().ok()?.to_owned()),
                ))
            })
            .collect();
        return Ok((!map.is_empty()).then_some(Value::Object(map)));
    }
    let Some(raw) = headers.get(member.wire_name.as_str()) else {
        return Ok(None);
    };
    let text = raw
        .to_str()
        .map_err(|_| must_be(member, "<binary>", "visible ASCII text"))?;
    if member.json_value {
        use base64::Engine;
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(text)
            .map_err(|_| must_be(member, text, "base64-encoded JSON"))?;
        return serde_json::from_slice(&decoded)
            .map(Some)
            .map_err(|_| must_be(member, text, "base64-encoded JSON"));
    }
    scalar(model, member, text).map(Some)
}
