//! Constraint checks from the model: required members, enums, lengths, ranges and patterns.
//!
//! Messages follow the form AWS services print
//! (`1 validation error detected: Value 'x' at 'backupVaultName' failed to satisfy constraint:
//! Member must satisfy regular expression pattern: ^[a-zA-Z0-9\-\_]{2,50}$`).

use std::fmt::Write as _;

use serde_json::Value;

use crate::model::{Location, Member, Model, ShapeId, ShapeKind};
use crate::ServiceError;

/// One broken constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The member path as AWS prints it (`backupPlan.rules.1.member.ruleName`).
    pub path: String,
    /// A required member is absent (as opposed to a value breaking a constraint).
    pub missing: bool,
    /// The rendered value, `null` when missing.
    pub value: String,
    /// `Member must ...`.
    pub constraint: String,
}

/// Validates a decoded input object (member-name keys) against its structure.
pub fn validate(model: &Model, shape: ShapeId, value: &Value) -> Vec<Violation> {
    let mut violations = Vec::new();
    check(model, shape, value, Path::Root, &mut violations);
    violations
}

/// Where a value sits in the input, rendered as AWS prints it only when a constraint fails:
/// every request's input is walked, and almost none fails.
#[derive(Clone, Copy)]
enum Path<'a> {
    Root,
    /// A structure member: `parent.memberName` (body members in lower camel case, others by
    /// their wire name).
    Member(&'a Path<'a>, &'a Member),
    /// A list item, numbered from 1: `parent.1.member`.
    Item(&'a Path<'a>, usize),
    /// A map value: `parent.name.member`.
    Entry(&'a Path<'a>, &'a str),
    /// A map key: `parent.key`.
    Key(&'a Path<'a>),
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
            Path::Member(parent, member) => {
                parent.write(out);
                if !out.is_empty() {
                    out.push('.');
                }
                match member.location {
                    Location::Body => push_lower_camel(out, &member.name),
                    _ => out.push_str(&member.wire_name),
                }
            }
            Path::Item(parent, index) => {
                parent.write(out);
                let _ = write!(out, ".{}.member", index + 1);
            }
            Path::Entry(parent, name) => {
                parent.write(out);
                let _ = write!(out, ".{name}.member");
            }
            Path::Key(parent) => {
                parent.write(out);
                out.push_str(".key");
            }
        }
    }
}

/// Turns violations into the service's exception: the missing-parameter name when any required
/// member is absent, else the invalid-parameter name.
pub fn to_error(violations: &[Violation]) -> Option<ServiceError> {
    let first = violations.first()?;
    let details: Vec<String> = violations
        .iter()
        .map(|v| {
            format!(
                "Value {} at '{}' failed to satisfy constraint: {}",
                v.value, v.path, v.constraint
            )
        })
        .collect();
    let count = violations.len();
    let message = format!(
        "{count} validation error{} detected: {}",
        if count == 1 { "" } else { "s" },
        details.join("; ")
    );
    Some(if violations.iter().any(|v| v.missing) || first.missing {
        ServiceError::missing_parameter(message)
    } else {
        ServiceError::invalid_parameter(message)
    })
}

fn push_lower_camel(out: &mut String, name: &str) {
    let mut chars = name.chars();
    if let Some(first) = chars.next() {
        out.extend(first.to_lowercase());
        out.push_str(chars.as_str());
    }
}

fn render(value: &Value) -> String {
    match value {
        Value::String(text) => format!("'{text}'"),
        other => format!("'{other}'"),
    }
}

fn length_of(value: &Value) -> Option<i64> {
    let len = match value {
        Value::String(text) => text.chars().count(),
        Value::Array(items) => items.len(),
        Value::Object(map) => map.len(),
        _ => return None,
    };
    i64::try_from(len).ok()
}

fn check_length(
    value: &Value,
    min: Option<i64>,
    max: Option<i64>,
    path: Path<'_>,
    out: &mut Vec<Violation>,
) {
    let Some(len) = length_of(value) else { return };
    let mut push = |constraint: String| {
        out.push(Violation {
            path: path.render(),
            missing: false,
            value: render(value),
            constraint,
        });
    };
    if let Some(min) = min.filter(|min| len < *min) {
        push(format!(
            "Member must have length greater than or equal to {min}"
        ));
    }
    if let Some(max) = max.filter(|max| len > *max) {
        push(format!(
            "Member must have length less than or equal to {max}"
        ));
    }
}

fn check_map_key(
    model: &Model,
    key: ShapeId,
    value: &Value,
    path: Path<'_>,
    out: &mut Vec<Violation>,
) {
    let mut key_violations = Vec::new();
    check(model, key, value, path, &mut key_violations);
    out.extend(key_violations.into_iter().filter(|v| {
        !v.constraint
            .starts_with("Member must satisfy regular expression pattern")
    }));
}

fn check(model: &Model, shape: ShapeId, value: &Value, path: Path<'_>, out: &mut Vec<Violation>) {
    match &model.shape(shape).kind {
        ShapeKind::Structure { members, .. } => {
            let Some(object) = value.as_object() else {
                return;
            };
            for member in members {
                let member_path = Path::Member(&path, member);
                match object.get(&member.name) {
                    None | Some(Value::Null) if member.required => out.push(Violation {
                        path: member_path.render(),
                        missing: true,
                        value: "null".to_owned(),
                        constraint: "Member must not be null".to_owned(),
                    }),
                    None | Some(Value::Null) => {}
                    Some(item) => check(model, member.shape, item, member_path, out),
                }
            }
        }
        ShapeKind::List { member, min, max } => {
            check_length(value, *min, *max, path, out);
            for (index, item) in value.as_array().into_iter().flatten().enumerate() {
                check(model, *member, item, Path::Item(&path, index), out);
            }
        }
        ShapeKind::Map {
            key,
            value: value_shape,
            min,
            max,
        } => {
            check_length(value, *min, *max, path, out);
            for (name, item) in value.as_object().into_iter().flatten() {
                // AWS does not apply a key shape's pattern to map keys: Backup's region settings
                // take "Storage Gateway" although the `ResourceType` pattern has no spaces
                // (Terraform's acceptance tests against AWS set it). Enums and lengths still hold.
                let key_value = Value::String(name.clone());
                check_map_key(model, *key, &key_value, Path::Key(&path), out);
                check(model, *value_shape, item, Path::Entry(&path, name), out);
            }
        }
        kind @ ShapeKind::String {
            enum_values,
            min,
            max,
            ..
        } => {
            let Some(text) = value.as_str() else { return };
            if let Some(allowed) = enum_values {
                if !allowed.iter().any(|a| a == text) {
                    out.push(Violation {
                        path: path.render(),
                        missing: false,
                        value: render(value),
                        constraint: format!(
                            "Member must satisfy enum value set: [{}]",
                            allowed.join(", ")
                        ),
                    });
                    return;
                }
            }
            check_length(value, *min, *max, path, out);
            if let Some(regex) = kind.pattern_regex() {
                if !regex.is_match(text) {
                    out.push(Violation {
                        path: path.render(),
                        missing: false,
                        value: render(value),
                        constraint: format!(
                            "Member must satisfy regular expression pattern: {}",
                            regex.as_str()
                        ),
                    });
                }
            }
        }
        ShapeKind::Integer { min, max, .. } => {
            let Some(number) = value.as_i64() else { return };
            let mut push = |constraint: String| {
                out.push(Violation {
                    path: path.render(),
                    missing: false,
                    value: render(value),
                    constraint,
                });
            };
            if let Some(min) = min.filter(|min| number < *min) {
                push(format!(
                    "Member must have value greater than or equal to {min}"
                ));
            }
            if let Some(max) = max.filter(|max| number > *max) {
                push(format!(
                    "Member must have value less than or equal to {max}"
                ));
            }
        }
        ShapeKind::Float { min, max } => {
            let Some(number) = value.as_f64() else { return };
            if min.is_some_and(|min| number < min) || max.is_some_and(|max| number > max) {
                out.push(Violation {
                    path: path.render(),
                    missing: false,
                    value: render(value),
                    constraint: format!(
                        "Member must have value between {} and {}",
                        min.unwrap_or(f64::MIN),
                        max.unwrap_or(f64::MAX)
                    ),
                });
            }
        }
        ShapeKind::Blob { min, max } => check_length(value, *min, *max, path, out),
        ShapeKind::Boolean | ShapeKind::Timestamp { .. } => {}
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
                    "http": {"method": "PUT", "requestUri": "/plans/{name}"},
                    "input": {"shape": "PutPlanInput"}
                }},
                "shapes": {
                    "PutPlanInput": {"type": "structure", "required": ["Name"], "members": {
                        "Name": {"shape": "Name", "location": "uri", "locationName": "name"},
                        "Plan": {"shape": "Plan"}
                    }},
                    "Plan": {"type": "structure", "members": {
                        "Rules": {"shape": "Rules"},
                        "Tags": {"shape": "Tags"}
                    }},
                    "Rules": {"type": "list", "member": {"shape": "Rule"}},
                    "Rule": {"type": "structure", "required": ["RuleName"], "members": {
                        "RuleName": {"shape": "Name"}
                    }},
                    "Tags": {"type": "map", "key": {"shape": "Key"}, "value": {"shape": "Value"}},
                    "Name": {"type": "string", "pattern": "^[a-z]+$"},
                    "Key": {"type": "string", "min": 2},
                    "Value": {"type": "string", "max": 3}
                }
            })
            .to_string(),
        )
        .expect("valid model")
    }

    #[test]
    fn paths_name_members_items_and_map_entries_as_aws_prints_them() {
        let model = model();
        let input = model.operation("PutPlan").and_then(|op| op.input).unwrap();
        let value = json!({
            "Name": "BAD",
            "Plan": {
                "Rules": [{"RuleName": "ok"}, {}],
                "Tags": {"k": "long"}
            }
        });
        let paths: Vec<(String, bool)> = validate(&model, input, &value)
            .into_iter()
            .map(|v| (v.path, v.missing))
            .collect();
        assert_eq!(
            paths,
            vec![
                ("name".to_owned(), false),
                ("plan.rules.2.member.ruleName".to_owned(), true),
                ("plan.tags.key".to_owned(), false),
                ("plan.tags.k.member".to_owned(), false),
            ]
        );
        assert!(validate(&model, input, &json!({"Name": "ok"})).is_empty());
    }
}
