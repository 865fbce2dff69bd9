//! Request bodies checked the way Cinder's JSON schemas check them: one wrapper key
//! (`{"backup": {...}}`), declared members only, types, lengths and formats, with Cinder's
//! message texts (`Invalid input for field/attribute backup. Value: {...}. Additional
//! properties are not allowed ('foo' was unexpected)`). Each operation declares its members
//! per microversion.

use serde_json::{Map, Value};

use super::fault::Fault;
use super::ids::is_uuid;
use super::pyrepr::{self, repr};

/// What a member accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A UUID string.
    Uuid,
    /// A UUID string or null.
    UuidOrNull,
    /// A string of at most 255 characters, or null (names, descriptions, containers).
    Text,
    /// A string of at most 255 characters (never null).
    StrictText,
    /// Cinder's `boolean`: true/false or one of their spellings as strings.
    Boolean,
    /// A string-to-string map with keys `[a-zA-Z0-9-_:. /]{1,255}`, values up to 255; null too.
    Metadata,
    /// The same map, never null.
    StrictMetadata,
    /// A volume size: a positive integer or its string form, or null.
    Size,
    /// A non-empty base64 string (an exported backup record).
    Base64,
    /// Anything (members the API accepts and this emulator ignores).
    Any,
}

/// One declared member.
#[derive(Debug, Clone, Copy)]
pub struct Member {
    /// Its name.
    pub name: &'static str,
    /// What it accepts.
    pub kind: Kind,
}

/// Shorthand for a [`Member`].
pub const fn member(name: &'static str, kind: Kind) -> Member {
    Member { name, kind }
}

/// The body of a request, parsed: an empty body is `None`, malformed JSON is 400.
pub fn parse_body(body: &[u8]) -> Result<Option<Value>, Fault> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    serde_json::from_slice(body)
        .map(Some)
        .map_err(|_| Fault::bad_request("Malformed request body"))
}

fn invalid(path: &str, value: &Value, message: &str) -> Fault {
    Fault::bad_request(format!(
        "Invalid input for field/attribute {path}. Value: {}. {message}",
        pyrepr::str(value)
    ))
}

const BOOLEAN_SPELLINGS: [&str; 24] = [
    "True", "TRUE", "true", "1", "ON", "On", "on", "YES", "Yes", "yes", "y", "t", "False", "FALSE",
    "false", "0", "OFF", "Off", "off", "NO", "No", "no", "n", "f",
];

/// The truth a checked [`Kind::Boolean`] value carries.
pub fn truth(value: Option<&Value>) -> bool {
    match value {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => BOOLEAN_SPELLINGS[..12].contains(&s.as_str()),
        _ => false,
    }
}

fn check_text(name: &str, value: &Value, nullable: bool) -> Result<(), Fault> {
    match value {
        Value::Null if nullable => Ok(()),
        Value::String(s) if s.chars().count() > 255 => Err(invalid(
            name,
            value,
            &format!("{} is too long", repr(value)),
        )),
        Value::String(_) => Ok(()),
        _ => {
            let types = if nullable {
                "'string', 'null'"
            } else {
                "'string'"
            };
            Err(invalid(
                name,
                value,
                &format!("{} is not of type {types}", repr(value)),
            ))
        }
    }
}

fn metadata_key_ok(key: &str) -> bool {
    (1..=255).contains(&key.chars().count())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_:. /".contains(&b))
}

fn check_metadata(name: &str, value: &Value, nullable: bool) -> Result<(), Fault> {
    let map = match value {
        Value::Null if nullable => return Ok(()),
        Value::Object(map) => map,
        _ => {
            let types = if nullable {
                "'object', 'null'"
            } else {
                "'object'"
            };
            return Err(invalid(
                name,
                value,
                &format!("{} is not of type {types}", repr(value)),
            ));
        }
    };
    for (key, item) in map {
        if !metadata_key_ok(key) {
            return Err(invalid(
                name,
                value,
                &format!(
                    "Additional properties are not allowed ({} was unexpected)",
                    repr(&Value::String(key.clone()))
                ),
            ));
        }
        check_text(key, item, false)?;
    }
    Ok(())
}

fn base64_ok(text: &str) -> bool {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .is_ok()
}

fn check(member: &Member, value: &Value) -> Result<(), Fault> {
    let name = member.name;
    match member.kind {
        Kind::Any => Ok(()),
        Kind::Base64 => match value {
            Value::String(s) if s.is_empty() => Err(invalid(
                name,
                value,
                &format!("{} is too short", repr(value)),
            )),
            Value::String(s) if base64_ok(s) => Ok(()),
            Value::String(_) => Err(invalid(
                name,
                value,
                &format!("{} is not a 'base64'", repr(value)),
            )),
            _ => Err(invalid(
                name,
                value,
                &format!("{} is not of type 'string'", repr(value)),
            )),
        },
        Kind::Text => check_text(name, value, true),
        Kind::StrictText => check_text(name, value, false),
        Kind::Uuid | Kind::UuidOrNull => match value {
            Value::Null if member.kind == Kind::UuidOrNull => Ok(()),
            Value::String(s) if is_uuid(s) => Ok(()),
            Value::String(_) => Err(invalid(
                name,
                value,
                &format!("{} is not a 'uuid'", repr(value)),
            )),
            _ => {
                let types = if member.kind == Kind::UuidOrNull {
                    "'string', 'null'"
                } else {
                    "'string'"
                };
                Err(invalid(
                    name,
                    value,
                    &format!("{} is not of type {types}", repr(value)),
                ))
            }
        },
        Kind::Boolean => match value {
            Value::Bool(_) => Ok(()),
            Value::String(s) if BOOLEAN_SPELLINGS.contains(&s.as_str()) => Ok(()),
            _ => {
                let mut allowed: Vec<String> = vec!["True".into()];
                allowed.extend(BOOLEAN_SPELLINGS[..12].iter().map(|s| format!("'{s}'")));
                allowed.push("False".into());
                allowed.extend(BOOLEAN_SPELLINGS[12..].iter().map(|s| format!("'{s}'")));
                Err(invalid(
                    name,
                    value,
                    &format!("{} is not one of [{}]", repr(value), allowed.join(", ")),
                ))
            }
        },
        Kind::Metadata => check_metadata(name, value, true),
        Kind::StrictMetadata => check_metadata(name, value, false),
        Kind::Size => match value {
            Value::Null | Value::Number(_) | Value::String(_) => Ok(()),
            _ => Err(invalid(
                name,
                value,
                &format!("{} is not of type 'integer', 'string', 'null'", repr(value)),
            )),
        },
    }
}

/// A wrapped request body: `{"<wrapper>": {...}}` and nothing else at the top.
#[derive(Debug, Clone, Copy)]
pub struct Wrapped<'a> {
    /// The one top-level key.
    pub wrapper: &'static str,
    /// Whether the wrapper's value may be null.
    pub nullable: bool,
    /// Whether members other than the declared ones are allowed (volume create).
    pub open: bool,
    /// The declared members.
    pub members: &'a [Member],
    /// Members that must be present.
    pub required: &'a [&'static str],
    /// Other top-level keys allowed beside the wrapper.
    pub siblings: &'a [&'static str],
}

impl Wrapped<'_> {
    /// Checks `body` and answers the wrapper's members (empty for a null wrapper).
    pub fn check(&self, body: Option<&Value>) -> Result<Map<String, Value>, Fault> {
        let top = match body {
            Some(Value::Object(top)) => top,
            Some(other) => {
                return Err(Fault::bad_request(format!(
                    "{} is not of type 'object'",
                    repr(other)
                )))
            }
            None => return Err(Fault::bad_request("None is not of type 'object'")),
        };
        if let Some(extra) = top
            .keys()
            .find(|key| *key != self.wrapper && !self.siblings.contains(&key.as_str()))
        {
            return Err(Fault::bad_request(format!(
                "Additional properties are not allowed ('{extra}' was unexpected)"
            )));
        }
        let Some(inner) = top.get(self.wrapper) else {
            return Err(Fault::bad_request(format!(
                "'{}' is a required property",
                self.wrapper
            )));
        };
        let inner = match inner {
            Value::Object(inner) => inner,
            Value::Null if self.nullable => return Ok(Map::new()),
            other => {
                let types = if self.nullable {
                    "'object', 'null'"
                } else {
                    "'object'"
                };
                return Err(invalid(
                    self.wrapper,
                    other,
                    &format!("{} is not of type {types}", repr(other)),
                ));
            }
        };
        let whole = Value::Object(inner.clone());
        if !self.open {
            if let Some(extra) = inner
                .keys()
                .find(|key| !self.members.iter().any(|m| m.name == key.as_str()))
            {
                return Err(invalid(
                    self.wrapper,
                    &whole,
                    &format!("Additional properties are not allowed ('{extra}' was unexpected)"),
                ));
            }
        }
        if let Some(missing) = self
            .required
            .iter()
            .find(|name| !inner.contains_key(**name))
        {
            return Err(invalid(
                self.wrapper,
                &whole,
                &format!("'{missing}' is a required property"),
            ));
        }
        for member in self.members {
            if let Some(value) = inner.get(member.name) {
                check(member, value)?;
            }
        }
        Ok(inner.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const MEMBERS: [Member; 2] = [
        member("volume_id", Kind::Uuid),
        member("incremental", Kind::Boolean),
    ];

    fn wrapped() -> Wrapped<'static> {
        Wrapped {
            wrapper: "backup",
            nullable: false,
            open: false,
            members: &MEMBERS,
            required: &["volume_id"],
            siblings: &[],
        }
    }

    #[test]
    fn refuses_unknown_members_and_bad_values() {
        let id = uuid::Uuid::new_v4().to_string();
        let ok = wrapped()
            .check(Some(
                &json!({"backup": {"volume_id": id, "incremental": "yes"}}),
            ))
            .unwrap();
        assert!(truth(ok.get("incremental")));
        let extra = wrapped()
            .check(Some(&json!({"backup": {"volume_id": id, "foo": 1}})))
            .unwrap_err();
        assert!(extra
            .message
            .ends_with("Additional properties are not allowed ('foo' was unexpected)"));
        let missing = wrapped().check(Some(&json!({"backup": {}}))).unwrap_err();
        assert_eq!(
            missing.message,
            "Invalid input for field/attribute backup. Value: {}. 'volume_id' is a required property"
        );
        let bad = wrapped()
            .check(Some(&json!({"backup": {"volume_id": "x"}})))
            .unwrap_err();
        assert!(
            bad.message.ends_with("'x' is not a 'uuid'"),
            "{}",
            bad.message
        );
        assert!(wrapped().check(None).is_err());
        assert!(wrapped()
            .check(Some(&json!({"backup": {"volume_id": id}, "x": 1})))
            .is_err());
    }
}
