//! What XML-based protocols (awsQuery) read from a model beyond a shape's kind: the element
//! names of list and map entries, flattening, and the wire code of an exception.

use serde_json::{Map, Value};

/// A shape's XML naming traits. Empty for shapes that have none (all of them in JSON models).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct XmlTraits {
    /// `flattened`: list items (map entries) repeat under the member's own name instead of
    /// nesting in `member` (`entry`) elements.
    pub flattened: bool,
    /// A list's `member.locationName`, else `member`.
    pub member_name: Option<String>,
    /// A map's `key.locationName`, else `key`.
    pub key_name: Option<String>,
    /// A map's `value.locationName`, else `value`.
    pub value_name: Option<String>,
    /// An exception's `error.code` (awsQuery's error code, e.g. `MalformedPolicyDocument` for
    /// `MalformedPolicyDocumentException`).
    pub error_code: Option<String>,
}

impl XmlTraits {
    /// The traits of one raw shape.
    pub(crate) fn parse(raw: &Map<String, Value>) -> Self {
        let name_of = |key: &str| {
            raw.get(key)
                .and_then(|m| m.get("locationName"))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        Self {
            flattened: raw.get("flattened").and_then(Value::as_bool) == Some(true),
            member_name: name_of("member"),
            key_name: name_of("key"),
            value_name: name_of("value"),
            error_code: raw
                .get("error")
                .and_then(|e| e.get("code"))
                .and_then(Value::as_str)
                .map(str::to_owned),
        }
    }

    /// The element name of a list item.
    pub fn list_member(&self) -> &str {
        self.member_name.as_deref().unwrap_or("member")
    }

    /// The element name of a map key.
    pub fn map_key(&self) -> &str {
        self.key_name.as_deref().unwrap_or("key")
    }

    /// The element name of a map value.
    pub fn map_value(&self) -> &str {
        self.value_name.as_deref().unwrap_or("value")
    }
}
