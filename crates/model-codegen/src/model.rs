//! The part of a botocore service model the generator reads, parsed and checked.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::CodegenError;

/// A parsed model. Collections are ordered by name so the output does not depend on the order
/// of the JSON document (or on whether `serde_json` preserves it).
#[derive(Debug)]
pub(crate) struct Model {
    /// `metadata.uid`, or `<endpointPrefix>-<apiVersion>` when absent.
    pub uid: String,
    /// `metadata.serviceFullName`, or the uid.
    pub full_name: String,
    pub shapes: BTreeMap<String, Shape>,
    pub operations: Vec<Operation>,
}

#[derive(Debug)]
pub(crate) enum Shape {
    Structure(Structure),
    /// A string shape with an `enum`: its values in model order.
    Enum(Vec<String>),
    String,
    Integer,
    Long,
    Boolean,
    Double,
    Timestamp,
    Blob,
    List {
        member: String,
    },
    Map {
        value: String,
    },
}

#[derive(Debug)]
pub(crate) struct Structure {
    /// Sorted by member name.
    pub members: Vec<Member>,
    pub exception: bool,
    /// A Smithy document (free-form JSON).
    pub document: bool,
}

#[derive(Debug)]
pub(crate) struct Member {
    pub name: String,
    pub target: String,
    pub required: bool,
}

#[derive(Debug)]
pub(crate) struct Operation {
    pub name: String,
    pub input: Option<String>,
    pub output: Option<String>,
}

fn invalid(message: impl Into<String>) -> CodegenError {
    CodegenError::InvalidModel(message.into())
}

fn object<'a>(value: &'a Value, what: &str) -> Result<&'a Map<String, Value>, CodegenError> {
    value
        .as_object()
        .ok_or_else(|| invalid(format!("{what} is not an object")))
}

fn text<'a>(value: &'a Value, key: &str, what: &str) -> Result<&'a str, CodegenError> {
    value
        .get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| invalid(format!("{what} has no string `{key}`")))
}

/// The `shape` a reference (`{"shape": "Name"}`) under `key` names, if present.
fn shape_ref(value: &Value, key: &str, what: &str) -> Result<Option<String>, CodegenError> {
    match value.get(key) {
        None => Ok(None),
        Some(reference) => Ok(Some(
            text(reference, "shape", &format!("{what}.{key}"))?.to_owned(),
        )),
    }
}

pub(crate) fn parse(model_json: &str) -> Result<Model, CodegenError> {
    let root: Value = serde_json::from_str(model_json).map_err(CodegenError::Json)?;
    let metadata = root.get("metadata").cloned().unwrap_or(Value::Null);
    let meta = |key: &str| metadata.get(key).and_then(Value::as_str);
    let uid = match meta("uid") {
        Some(uid) => uid.to_owned(),
        None => format!(
            "{}-{}",
            meta("endpointPrefix").unwrap_or("service"),
            meta("apiVersion").unwrap_or("unknown")
        ),
    };
    let full_name = meta("serviceFullName").unwrap_or(&uid).to_owned();

    let mut shapes = BTreeMap::new();
    let raw_shapes = object(
        root.get("shapes").ok_or_else(|| invalid("no `shapes`"))?,
        "`shapes`",
    )?;
    for (name, raw) in raw_shapes {
        shapes.insert(name.clone(), parse_shape(name, raw)?);
    }

    let mut operations = Vec::new();
    let raw_operations = object(
        root.get("operations")
            .ok_or_else(|| invalid("no `operations`"))?,
        "`operations`",
    )?;
    for (name, raw) in raw_operations {
        let what = format!("operation {name}");
        object(raw, &what)?;
        operations.push(Operation {
            name: name.clone(),
            input: shape_ref(raw, "input", &what)?,
            output: shape_ref(raw, "output", &what)?,
        });
    }
    operations.sort_by(|a, b| a.name.cmp(&b.name));

    let model = Model {
        uid,
        full_name,
        shapes,
        operations,
    };
    check_references(&model)?;
    Ok(model)
}

fn parse_shape(name: &str, raw: &Value) -> Result<Shape, CodegenError> {
    let what = format!("shape {name}");
    object(raw, &what)?;
    let flag = |key: &str| raw.get(key).and_then(Value::as_bool).unwrap_or(false);
    let kind = text(raw, "type", &what)?;
    Ok(match kind {
        "structure" => {
            let mut members = Vec::new();
            let required: BTreeSet<&str> = match raw.get("required") {
                None => BTreeSet::new(),
                Some(list) => list
                    .as_array()
                    .ok_or_else(|| invalid(format!("{what}.required is not a list")))?
                    .iter()
                    .map(|v| {
                        v.as_str()
                            .ok_or_else(|| invalid(format!("{what}.required has a non-string")))
                    })
                    .collect::<Result<_, _>>()?,
            };
            if let Some(raw_members) = raw.get("members") {
                for (member, target) in object(raw_members, &format!("{what}.members"))? {
                    let target = text(target, "shape", &format!("{what}.{member}"))?;
                    members.push(Member {
                        name: member.clone(),
                        target: target.to_owned(),
                        required: required.contains(member.as_str()),
                    });
                }
            }
            members.sort_by(|a, b| a.name.cmp(&b.name));
            Shape::Structure(Structure {
                members,
                exception: flag("exception"),
                document: flag("document"),
            })
        }
        "string" => match raw.get("enum") {
            None => Shape::String,
            Some(values) => {
                let values: Vec<String> = values
                    .as_array()
                    .ok_or_else(|| invalid(format!("{what}.enum is not a list")))?
                    .iter()
                    .map(|v| {
                        v.as_str()
                            .map(str::to_owned)
                            .ok_or_else(|| invalid(format!("{what}.enum has a non-string")))
                    })
                    .collect::<Result<_, _>>()?;
                let mut seen = BTreeSet::new();
                let values: Vec<String> = values
                    .into_iter()
                    .filter(|v| seen.insert(v.clone()))
                    .collect();
                if values.is_empty() {
                    Shape::String
                } else {
                    Shape::Enum(values)
                }
            }
        },
        "integer" | "short" | "byte" => Shape::Integer,
        "long" => Shape::Long,
        "boolean" => Shape::Boolean,
        "double" | "float" => Shape::Double,
        "timestamp" => Shape::Timestamp,
        "blob" => Shape::Blob,
        "list" => Shape::List {
            member: shape_ref(raw, "member", &what)?
                .ok_or_else(|| invalid(format!("{what} has no `member`")))?,
        },
        "map" => {
            shape_ref(raw, "key", &what)?.ok_or_else(|| invalid(format!("{what} has no `key`")))?;
            Shape::Map {
                value: shape_ref(raw, "value", &what)?
                    .ok_or_else(|| invalid(format!("{what} has no `value`")))?,
            }
        }
        other => {
            return Err(CodegenError::Unsupported(format!(
                "{what} has type `{other}`"
            )))
        }
    })
}

fn check_references(model: &Model) -> Result<(), CodegenError> {
    let exists = |target: &str, from: &str| {
        if model.shapes.contains_key(target) {
            Ok(())
        } else {
            Err(invalid(format!("{from} refers to unknown shape {target}")))
        }
    };
    for (name, shape) in &model.shapes {
        match shape {
            Shape::Structure(s) => {
                for m in &s.members {
                    exists(&m.target, &format!("{name}.{}", m.name))?;
                }
            }
            Shape::List { member } => exists(member, name)?,
            Shape::Map { value } => exists(value, name)?,
            _ => {}
        }
    }
    for op in &model.operations {
        for target in op.input.iter().chain(op.output.iter()) {
            exists(target, &op.name)?;
            if !matches!(&model.shapes[target], Shape::Structure(s) if !s.document) {
                return Err(invalid(format!(
                    "operation {} refers to {target}, which is not a structure",
                    op.name
                )));
            }
        }
    }
    Ok(())
}
