//! Turning botocore JSON into a [`Model`].

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use serde_json::{Map, Value};

use super::shapes::{
    Location, Member, Metadata, Model, Operation, Shape, ShapeId, ShapeKind, TimestampFormat,
};
use super::UriTemplate;

/// A model file the gateway cannot use. Models are vendored data, so this is a build defect,
/// caught by each service's tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError(pub String);

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid API model: {}", self.0)
    }
}

impl std::error::Error for ModelError {}

fn err(message: impl Into<String>) -> ModelError {
    ModelError(message.into())
}

impl Model {
    /// Parses a botocore service model.
    pub fn parse(json: &str) -> Result<Self, ModelError> {
        let root: Value = serde_json::from_str(json).map_err(|e| err(e.to_string()))?;
        let metadata = parse_metadata(root.get("metadata").ok_or_else(|| err("no metadata"))?)?;
        let raw_shapes = root
            .get("shapes")
            .and_then(Value::as_object)
            .ok_or_else(|| err("no shapes"))?;

        let mut names: Vec<&String> = raw_shapes.keys().collect();
        names.sort();
        let shape_index: HashMap<String, ShapeId> = names
            .iter()
            .enumerate()
            .map(|(i, name)| ((*name).clone(), ShapeId(i)))
            .collect();
        let lookup = |name: &str| {
            shape_index
                .get(name)
                .copied()
                .ok_or_else(|| err(format!("unknown shape {name}")))
        };

        // XML answers follow the file's member order, which the sorted maps above lost.
        let orders = if metadata.protocol == "query" {
            super::member_order::member_orders(json)
        } else {
            HashMap::new()
        };
        let xml = names
            .iter()
            .map(|name| {
                raw_shapes[*name]
                    .as_object()
                    .map(super::XmlTraits::parse)
                    .unwrap_or_default()
            })
            .collect();
        let shapes = names
            .iter()
            .map(|name| {
                let raw = raw_shapes[*name]
                    .as_object()
                    .ok_or_else(|| err(format!("shape {name} is not an object")))?;
                let mut kind = parse_shape(name, raw, &lookup)?;
                if let (ShapeKind::Structure { members, .. }, Some(order)) =
                    (&mut kind, orders.get(*name))
                {
                    members.sort_by_key(|m| order.iter().position(|n| *n == m.name));
                }
                Ok(Shape {
                    name: (*name).clone(),
                    kind,
                })
            })
            .collect::<Result<Vec<_>, ModelError>>()?;

        let raw_operations = root
            .get("operations")
            .and_then(Value::as_object)
            .ok_or_else(|| err("no operations"))?;
        let mut operations = raw_operations
            .iter()
            .map(|(name, raw)| parse_operation(name, raw, &lookup))
            .collect::<Result<Vec<_>, ModelError>>()?;
        operations.sort_by(|a, b| a.name.cmp(&b.name));
        let operation_index = operations
            .iter()
            .enumerate()
            .map(|(i, op)| (op.name.clone(), i))
            .collect();

        let mut routes: HashMap<String, Vec<usize>> = HashMap::new();
        let mut unrouted = Vec::new();
        for (index, op) in operations.iter().enumerate() {
            match op.uri.first_literal() {
                Some(literal) => routes.entry(literal.to_owned()).or_default().push(index),
                None => unrouted.push(index),
            }
        }

        Ok(Model {
            metadata,
            operations,
            routes,
            unrouted,
            wire_form: super::shapes::wire_forms(&shapes),
            xml,
            shapes,
            shape_index,
            operation_index,
        })
    }
}

fn text(value: &Value, key: &str) -> Option<String> {
    value.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn parse_metadata(raw: &Value) -> Result<Metadata, ModelError> {
    let endpoint_prefix = text(raw, "endpointPrefix").ok_or_else(|| err("no endpointPrefix"))?;
    Ok(Metadata {
        protocol: text(raw, "protocol").ok_or_else(|| err("no protocol"))?,
        service_id: text(raw, "serviceId").unwrap_or_else(|| endpoint_prefix.clone()),
        signing_name: text(raw, "signingName").unwrap_or_else(|| endpoint_prefix.clone()),
        endpoint_prefix,
        target_prefix: text(raw, "targetPrefix"),
        json_version: text(raw, "jsonVersion"),
        api_version: text(raw, "apiVersion"),
        xml_namespace: text(raw, "xmlNamespace"),
    })
}

fn parse_timestamp_format(raw: Option<&Value>) -> Result<Option<TimestampFormat>, ModelError> {
    match raw.and_then(Value::as_str) {
        None => Ok(None),
        Some("unixTimestamp") => Ok(Some(TimestampFormat::UnixTimestamp)),
        Some("iso8601") => Ok(Some(TimestampFormat::Iso8601)),
        Some("rfc822") => Ok(Some(TimestampFormat::Rfc822)),
        Some(other) => Err(err(format!("unknown timestampFormat {other}"))),
    }
}

fn int(raw: &Map<String, Value>, key: &str) -> Option<i64> {
    raw.get(key).and_then(|v| {
        v.as_i64().or_else(|| {
            v.as_f64()
                .map(|f| f.clamp(i64::MIN as f64, i64::MAX as f64) as i64)
        })
    })
}

fn parse_shape(
    name: &str,
    raw: &Map<String, Value>,
    lookup: &impl Fn(&str) -> Result<ShapeId, ModelError>,
) -> Result<ShapeKind, ModelError> {
    let target = |key: &str| {
        raw.get(key)
            .and_then(|m| m.get("shape"))
            .and_then(Value::as_str)
            .ok_or_else(|| err(format!("shape {name} has no {key}")))
            .and_then(lookup)
    };
    let kind = raw.get("type").and_then(Value::as_str).unwrap_or_default();
    Ok(match kind {
        "structure" => {
            let required: Vec<&str> = raw
                .get("required")
                .and_then(Value::as_array)
                .map(|names| names.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let payload = raw.get("payload").and_then(Value::as_str);
            let members = raw
                .get("members")
                .and_then(Value::as_object)
                .map(|members| {
                    members
                        .iter()
                        .map(|(member_name, m)| {
                            parse_member(member_name, m, &required, payload, lookup)
                        })
                        .collect::<Result<Vec<_>, _>>()
                })
                .transpose()?
                .unwrap_or_default();
            ShapeKind::Structure {
                members,
                exception: raw.get("exception").and_then(Value::as_bool) == Some(true),
                http_status: raw
                    .get("error")
                    .and_then(|e| e.get("httpStatusCode"))
                    .and_then(Value::as_u64)
                    .and_then(|s| u16::try_from(s).ok()),
            }
        }
        "list" => ShapeKind::List {
            member: target("member")?,
            min: int(raw, "min"),
            max: int(raw, "max"),
        },
        "map" => ShapeKind::Map {
            key: target("key")?,
            value: target("value")?,
            min: int(raw, "min"),
            max: int(raw, "max"),
        },
        "string" => ShapeKind::String {
            enum_values: raw.get("enum").and_then(Value::as_array).map(|values| {
                values
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            }),
            min: int(raw, "min"),
            max: int(raw, "max"),
            pattern: raw
                .get("pattern")
                .and_then(Value::as_str)
                .map(str::to_owned),
            compiled: OnceLock::new(),
        },
        "integer" | "long" => ShapeKind::Integer {
            min: int(raw, "min"),
            max: int(raw, "max"),
            long: kind == "long",
        },
        "double" | "float" => ShapeKind::Float {
            min: raw.get("min").and_then(Value::as_f64),
            max: raw.get("max").and_then(Value::as_f64),
        },
        "boolean" => ShapeKind::Boolean,
        "timestamp" => ShapeKind::Timestamp {
            format: parse_timestamp_format(raw.get("timestampFormat"))?,
        },
        "blob" => ShapeKind::Blob {
            min: int(raw, "min"),
            max: int(raw, "max"),
        },
        other => return Err(err(format!("shape {name} has unsupported type {other:?}"))),
    })
}

fn parse_member(
    name: &str,
    raw: &Value,
    required: &[&str],
    payload: Option<&str>,
    lookup: &impl Fn(&str) -> Result<ShapeId, ModelError>,
) -> Result<Member, ModelError> {
    let shape = raw
        .get("shape")
        .and_then(Value::as_str)
        .ok_or_else(|| err(format!("member {name} has no shape")))?;
    let location = match raw.get("location").and_then(Value::as_str) {
        None => Location::Body,
        Some("uri") => Location::Uri,
        Some("querystring") => Location::Querystring,
        Some("header") => Location::Header,
        Some("headers") => Location::Headers,
        Some("statusCode") => Location::StatusCode,
        Some(other) => return Err(err(format!("member {name} has location {other}"))),
    };
    Ok(Member {
        name: name.to_owned(),
        shape: lookup(shape)?,
        location,
        wire_name: text(raw, "locationName").unwrap_or_else(|| name.to_owned()),
        required: required.contains(&name),
        json_value: raw.get("jsonvalue").and_then(Value::as_bool) == Some(true),
        timestamp_format: parse_timestamp_format(raw.get("timestampFormat"))?,
        payload: payload == Some(name),
    })
}

fn parse_operation(
    name: &str,
    raw: &Value,
    lookup: &impl Fn(&str) -> Result<ShapeId, ModelError>,
) -> Result<Operation, ModelError> {
    let http = raw
        .get("http")
        .ok_or_else(|| err(format!("operation {name} has no http binding")))?;
    let method = text(http, "method").unwrap_or_else(|| "POST".to_owned());
    let uri = text(http, "requestUri").unwrap_or_else(|| "/".to_owned());
    let shape_of = |key: &str| {
        raw.get(key)
            .and_then(|v| v.get("shape"))
            .and_then(Value::as_str)
            .map(lookup)
            .transpose()
    };
    Ok(Operation {
        name: name.to_owned(),
        method: method
            .parse()
            .map_err(|_| err(format!("operation {name} has method {method}")))?,
        uri: UriTemplate::parse(&uri).map_err(|e| err(format!("operation {name}: {e}")))?,
        input: shape_of("input")?,
        output: shape_of("output")?,
        errors: raw
            .get("errors")
            .and_then(Value::as_array)
            .map(|errors| {
                errors
                    .iter()
                    .filter_map(|e| e.get("shape").and_then(Value::as_str))
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default(),
        response_code: http
            .get("responseCode")
            .and_then(Value::as_u64)
            .and_then(|c| u16::try_from(c).ok())
            .unwrap_or(200),
        body_size: Default::default(),
        result_wrapper: raw
            .get("output")
            .and_then(|o| o.get("resultWrapper"))
            .and_then(Value::as_str)
            .map(str::to_owned),
        unsigned: raw.get("authtype").and_then(Value::as_str) == Some("none"),
    })
}
