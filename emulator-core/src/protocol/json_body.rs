//! JSON values in and out of shapes.
//!
//! Inbound, [`read`] checks a client's JSON against a shape's types, renames wire names
//! (`locationName`) to member names, reads timestamps into epoch seconds and drops `null`s and
//! members the model does not know (as AWS does). Outbound, [`write`] renames members to their
//! wire names and writes timestamps in the member's format.

use serde_json::{Map, Value};

use super::timestamps;
use crate::model::{Location, Model, ShapeId, ShapeKind, TimestampFormat};
use crate::ServiceError;

/// A body that does not fit the model's types: AWS answers `SerializationException`.
pub(crate) fn serialization_error(message: impl Into<String>) -> ServiceError {
    ServiceError::new("SerializationException", message)
}

fn type_error(path: &str, expected: &str) -> ServiceError {
    let at = if path.is_empty() {
        "the request body"
    } else {
        path
    };
    serialization_error(format!("Expected {expected} at '{at}'"))
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

/// Reads a client's JSON value for `shape`. Only body members of structures are read: the
/// caller binds members from other locations itself.
pub(crate) fn read(
    model: &Model,
    shape: ShapeId,
    value: &Value,
    path: &str,
) -> Result<Value, ServiceError> {
    let shape_def = model.shape(shape);
    Ok(match &shape_def.kind {
        ShapeKind::Structure { members, .. } => {
            let object = value
                .as_object()
                .ok_or_else(|| type_error(path, "an object"))?;
            let mut out = Map::new();
            for member in members.iter().filter(|m| m.location == Location::Body) {
                if let Some(item) = object.get(&member.wire_name).filter(|v| !v.is_null()) {
                    let item_path = join(path, &member.wire_name);
                    let read_item = if member.timestamp_format.is_some() {
                        read_timestamp(item, &item_path)?
                    } else {
                        read(model, member.shape, item, &item_path)?
                    };
                    out.insert(member.name.clone(), read_item);
                }
            }
            Value::Object(out)
        }
        ShapeKind::List { member, .. } => {
            let items = value.as_array().ok_or_else(|| type_error(path, "a list"))?;
            let mut out = Vec::with_capacity(items.len());
            for (index, item) in items.iter().enumerate() {
                // AWS accepts null entries only in sparse lists; none of our models has them.
                if item.is_null() {
                    return Err(type_error(&format!("{path}.{}", index + 1), "a value"));
                }
                out.push(read(
                    model,
                    *member,
                    item,
                    &format!("{path}.{}", index + 1),
                )?);
            }
            Value::Array(out)
        }
        ShapeKind::Map {
            value: value_shape, ..
        } => {
            let object = value.as_object().ok_or_else(|| type_error(path, "a map"))?;
            let mut out = Map::new();
            for (key, item) in object {
                if item.is_null() {
                    return Err(type_error(&join(path, key), "a value"));
                }
                out.insert(
                    key.clone(),
                    read(model, *value_shape, item, &join(path, key))?,
                );
            }
            Value::Object(out)
        }
        ShapeKind::String { .. } | ShapeKind::Blob { .. } => {
            if !value.is_string() {
                return Err(type_error(path, "a string"));
            }
            value.clone()
        }
        ShapeKind::Integer { long, .. } => {
            let number = value
                .as_i64()
                .ok_or_else(|| type_error(path, "an integer"))?;
            if !long && i32::try_from(number).is_err() {
                return Err(type_error(path, "a 32-bit integer"));
            }
            value.clone()
        }
        ShapeKind::Float { .. } => {
            if !value.is_number() {
                return Err(type_error(path, "a number"));
            }
            value.clone()
        }
        ShapeKind::Boolean => {
            if !value.is_boolean() {
                return Err(type_error(path, "a boolean"));
            }
            value.clone()
        }
        ShapeKind::Timestamp { .. } => read_timestamp(value, path)?,
    })
}

fn read_timestamp(value: &Value, path: &str) -> Result<Value, ServiceError> {
    let seconds = match value {
        Value::Number(number) => number.as_f64(),
        Value::String(text) => timestamps::parse_any(text),
        _ => None,
    }
    .ok_or_else(|| type_error(path, "a timestamp"))?;
    Ok(serde_json::json!(seconds))
}

/// Writes a service's output value for `shape` in wire form. Members bound elsewhere (headers,
/// status code), `null`s and members the model does not know are left out; the caller writes
/// the bound ones.
pub(crate) fn write(model: &Model, shape: ShapeId, mut value: Value) -> Value {
    write_in_place(model, shape, &mut value);
    value
}

/// [`write`], changing the value where it stands: most outputs are already in wire form (the
/// same names, timestamps as epoch seconds), so rebuilding every object would copy every key
/// and value for nothing.
fn write_in_place(model: &Model, shape: ShapeId, value: &mut Value) {
    match (&model.shape(shape).kind, value) {
        (ShapeKind::Structure { members, .. }, Value::Object(object)) => {
            let mut kept = 0;
            let mut renamed = Vec::new();
            for member in members {
                let Some(item) = object.get_mut(&member.name) else {
                    continue;
                };
                if item.is_null() || member.location != Location::Body {
                    object.remove(&member.name);
                    continue;
                }
                kept += 1;
                match (member.timestamp_format, &model.shape(member.shape).kind) {
                    (Some(format), _)
                    | (
                        None,
                        &ShapeKind::Timestamp {
                            format: Some(format),
                        },
                    ) => *item = write_timestamp(std::mem::take(item), format),
                    (
                        _,
                        ShapeKind::Structure { .. }
                        | ShapeKind::List { .. }
                        | ShapeKind::Map { .. },
                    ) => write_in_place(model, member.shape, item),
                    _ => {}
                }
                if member.wire_name != member.name {
                    renamed.push(member);
                }
            }
            if kept < object.len() {
                object.retain(|key, _| {
                    members
                        .iter()
                        .any(|m| m.location == Location::Body && m.name == *key)
                });
            }
            // Take every renamed value out before putting any back, so that one member's wire
            // name can never overwrite another member still under its own name.
            let moved: Vec<(String, Value)> = renamed
                .iter()
                .filter_map(|m| Some((m.wire_name.clone(), object.remove(&m.name)?)))
                .collect();
            object.extend(moved);
        }
        (ShapeKind::List { member, .. }, Value::Array(items)) => {
            for item in items {
                write_in_place(model, *member, item);
            }
        }
        (ShapeKind::Map { value: inner, .. }, Value::Object(object)) => {
            object.retain(|_, v| !v.is_null());
            for item in object.values_mut() {
                write_in_place(model, *inner, item);
            }
        }
        _ => {}
    }
}

fn write_timestamp(value: Value, format: TimestampFormat) -> Value {
    match (format, value.as_f64()) {
        (TimestampFormat::Iso8601, Some(seconds)) => {
            Value::String(timestamps::format_iso8601(seconds))
        }
        (TimestampFormat::Rfc822, Some(seconds)) => {
            Value::String(timestamps::format_http_date(seconds))
        }
        _ => value,
    }
}
