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

fn type_error(path: &Path<'_>, expected: &str) -> ServiceError {
    let path = path.render();
    let at = if path.is_empty() {
        "the request body"
    } else {
        &path
    };
    serialization_error(format!("Expected {expected} at '{at}'"))
}

/// Where a value sits in the body, rendered only for an error message (`tags.1`, `plan.name`):
/// every member of every request is read, and almost none is wrong.
#[derive(Clone, Copy)]
enum Path<'a> {
    Root,
    /// `parent.name`, or `name` where the parent renders empty: a member's wire name or a
    /// map key.
    Name(&'a Path<'a>, &'a str),
    /// `parent.n`, a list item numbered from 1.
    Item(&'a Path<'a>, usize),
}

impl Path<'_> {
    fn render(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Path::Root => {}
            Path::Name(parent, name) => {
                parent.write(out);
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(name);
            }
            Path::Item(parent, number) => {
                parent.write(out);
                out.push('.');
                out.push_str(itoa::Buffer::new().format(*number));
            }
        }
    }
}

/// Reads a client's JSON value for `shape`, taking its strings over rather than copying them.
/// Only body members of structures are read: the caller binds members from other locations
/// itself.
pub(crate) fn read(model: &Model, shape: ShapeId, value: Value) -> Result<Value, ServiceError> {
    read_at(model, shape, value, &Path::Root)
}

fn read_at(
    model: &Model,
    shape: ShapeId,
    value: Value,
    path: &Path<'_>,
) -> Result<Value, ServiceError> {
    let shape_def = model.shape(shape);
    Ok(match &shape_def.kind {
        ShapeKind::Structure { members, .. } => {
            let Value::Object(mut object) = value else {
                return Err(type_error(path, "an object"));
            };
            let mut out = Map::new();
            for member in members.iter().filter(|m| m.location == Location::Body) {
                let Some((key, item)) = object
                    .remove_entry(&member.wire_name)
                    .filter(|(_, v)| !v.is_null())
                else {
                    continue;
                };
                let item_path = Path::Name(path, &member.wire_name);
                let read_item = if member.timestamp_format.is_some() {
                    read_timestamp(&item, &item_path)?
                } else {
                    read_at(model, member.shape, item, &item_path)?
                };
                // The client's key is the member's name unless the model renames it.
                let name = if member.wire_name == member.name {
                    key
                } else {
                    member.name.clone()
                };
                out.insert(name, read_item);
            }
            Value::Object(out)
        }
        ShapeKind::List { member, .. } => {
            let Value::Array(items) = value else {
                return Err(type_error(path, "a list"));
            };
            let mut out = Vec::with_capacity(items.len());
            for (index, item) in items.into_iter().enumerate() {
                let item_path = Path::Item(path, index + 1);
                // AWS accepts null entries only in sparse lists; none of our models has them.
                if item.is_null() {
                    return Err(type_error(&item_path, "a value"));
                }
                out.push(read_at(model, *member, item, &item_path)?);
            }
            Value::Array(out)
        }
        ShapeKind::Map {
            value: value_shape, ..
        } => {
            let Value::Object(object) = value else {
                return Err(type_error(path, "a map"));
            };
            let mut out = Map::new();
            for (key, item) in object {
                let read_item = {
                    let item_path = Path::Name(path, &key);
                    if item.is_null() {
                        return Err(type_error(&item_path, "a value"));
                    }
                    read_at(model, *value_shape, item, &item_path)?
                };
                out.insert(key, read_item);
            }
            Value::Object(out)
        }
        ShapeKind::String { .. } | ShapeKind::Blob { .. } => {
            if !value.is_string() {
                return Err(type_error(path, "a string"));
            }
            value
        }
        ShapeKind::Integer { long, .. } => {
            let number = value
                .as_i64()
                .ok_or_else(|| type_error(path, "an integer"))?;
            if !long && i32::try_from(number).is_err() {
                return Err(type_error(path, "a 32-bit integer"));
            }
            value
        }
        ShapeKind::Float { .. } => {
            if !value.is_number() {
                return Err(type_error(path, "a number"));
            }
            value
        }
        ShapeKind::Boolean => {
            if !value.is_boolean() {
                return Err(type_error(path, "a boolean"));
            }
            value
        }
        ShapeKind::Timestamp { .. } => read_timestamp(&value, path)?,
    })
}

fn read_timestamp(value: &Value, path: &Path<'_>) -> Result<Value, ServiceError> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn model() -> Model {
        Model::parse(
            &json!({
                "metadata": {"protocol": "rest-json", "endpointPrefix": "p", "serviceId": "P"},
                "operations": {"PutPlan": {
                    "name": "PutPlan",
                    "http": {"method": "PUT", "requestUri": "/plans"},
                    "input": {"shape": "PutPlanInput"}
                }},
                "shapes": {
                    "PutPlanInput": {"type": "structure", "members": {
                        "Plan": {"shape": "Plan", "locationName": "plan"}
                    }},
                    "Plan": {"type": "structure", "members": {
                        "Rules": {"shape": "Rules"},
                        "Tags": {"shape": "Tags"}
                    }},
                    "Rules": {"type": "list", "member": {"shape": "Rule"}},
                    "Rule": {"type": "structure", "members": {
                        "RuleName": {"shape": "Name"}
                    }},
                    "Tags": {"type": "map", "key": {"shape": "Name"}, "value": {"shape": "Name"}},
                    "Name": {"type": "string"}
                }
            })
            .to_string(),
        )
        .expect("valid model")
    }

    fn read_error(body: Value) -> String {
        let model = model();
        let input = model.operation("PutPlan").and_then(|op| op.input).unwrap();
        read(&model, input, body).unwrap_err().message().to_owned()
    }

    #[test]
    fn members_are_renamed_and_unknown_ones_dropped() {
        let model = model();
        let input = model.operation("PutPlan").and_then(|op| op.input).unwrap();
        let body = json!({"plan": {"Rules": [{"RuleName": "r"}], "Tags": {"k": "v"}}, "x": 1});
        assert_eq!(
            read(&model, input, body).unwrap(),
            json!({"Plan": {"Rules": [{"RuleName": "r"}], "Tags": {"k": "v"}}})
        );
    }

    #[test]
    fn errors_name_the_wire_path_of_the_bad_value() {
        assert_eq!(
            read_error(json!([])),
            "Expected an object at 'the request body'"
        );
        assert_eq!(
            read_error(json!({"plan": {"Rules": [{"RuleName": "r"}, {"RuleName": 1}]}})),
            "Expected a string at 'plan.Rules.2.RuleName'"
        );
        assert_eq!(
            read_error(json!({"plan": {"Rules": [null]}})),
            "Expected a value at 'plan.Rules.1'"
        );
        assert_eq!(
            read_error(json!({"plan": {"Tags": {"k": 2}}})),
            "Expected a string at 'plan.Tags.k'"
        );
        assert_eq!(
            read_error(json!({"plan": {"Tags": {"k": null}}})),
            "Expected a value at 'plan.Tags.k'"
        );
    }
}
