//! The typed form of a parsed model: operations, shapes and members.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;

/// A compiled model pattern. Most compile with `regex` (linear time); the few that use
/// look-around (AWS writes them for Java's engine) fall back to `fancy-regex`, so every pattern
/// in a model is enforced.
#[derive(Debug)]
pub enum Pattern {
    /// Compiled by `regex`.
    Linear(Regex),
    /// Compiled by `fancy-regex`.
    Backtracking(fancy_regex::Regex),
}

impl Pattern {
    fn compile(source: &str) -> Option<Self> {
        if let Ok(regex) = Regex::new(source) {
            return Some(Self::Linear(regex));
        }
        fancy_regex::Regex::new(source).ok().map(Self::Backtracking)
    }

    /// Whether `text` matches somewhere (model patterns carry their own anchors). A
    /// backtracking pattern that exceeds its step limit counts as no match.
    pub fn is_match(&self, text: &str) -> bool {
        match self {
            Self::Linear(regex) => regex.is_match(text),
            Self::Backtracking(regex) => regex.is_match(text).unwrap_or(false),
        }
    }

    /// The pattern's source.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Linear(regex) => regex.as_str(),
            Self::Backtracking(regex) => regex.as_str(),
        }
    }
}

use super::UriTemplate;

/// An index into [`Model::shapes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ShapeId(pub(crate) usize);

/// The model's `metadata` block, as far as the gateway uses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Metadata {
    /// `rest-json`, `json`, ...
    pub protocol: String,
    /// `serviceId`, e.g. `Backup`.
    pub service_id: String,
    /// `endpointPrefix`, e.g. `backup`.
    pub endpoint_prefix: String,
    /// `signingName`, else the endpoint prefix.
    pub signing_name: String,
    /// `targetPrefix` of json protocols.
    pub target_prefix: Option<String>,
    /// `jsonVersion` (`1.0` or `1.1`).
    pub json_version: Option<String>,
}

/// One operation of the model.
#[derive(Debug)]
pub struct Operation {
    /// The operation name, e.g. `CreateBackupVault`.
    pub name: String,
    /// The HTTP method of its binding.
    pub method: http::Method,
    /// The parsed `requestUri`.
    pub uri: UriTemplate,
    /// The input structure, if any.
    pub input: Option<ShapeId>,
    /// The output structure, if any.
    pub output: Option<ShapeId>,
    /// Exception shape names the operation may return.
    pub errors: Vec<String>,
    /// `http.responseCode`, else 200.
    pub response_code: u16,
}

/// Where a member travels on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// In the JSON body.
    Body,
    /// A `{label}` of the URI.
    Uri,
    /// A query string parameter.
    Querystring,
    /// One HTTP header.
    Header,
    /// All headers with a prefix, as a map.
    Headers,
    /// The HTTP status code (outputs).
    StatusCode,
}

/// A member of a structure.
#[derive(Debug)]
pub struct Member {
    /// The member name, used as the key between the protocol layer and services.
    pub name: String,
    /// The target shape.
    pub shape: ShapeId,
    /// Where it travels.
    pub location: Location,
    /// The wire name (`locationName`), else the member name.
    pub wire_name: String,
    /// Whether the structure lists it in `required`.
    pub required: bool,
    /// Whether the value is base64-encoded JSON (`jsonvalue` headers).
    pub json_value: bool,
    /// A member-level `timestampFormat`.
    pub timestamp_format: Option<TimestampFormat>,
    /// Whether this member is the structure's `payload` (the whole body).
    pub payload: bool,
}

/// How a timestamp is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    /// Epoch seconds as a number.
    UnixTimestamp,
    /// RFC 3339 / ISO 8601.
    Iso8601,
    /// RFC 7231 HTTP date.
    Rfc822,
}

/// The kind of a shape with its constraints.
#[derive(Debug)]
pub enum ShapeKind {
    /// A structure with members in model order.
    Structure {
        /// Its members.
        members: Vec<Member>,
        /// Whether it is an exception shape.
        exception: bool,
        /// `error.httpStatusCode` of exception shapes.
        http_status: Option<u16>,
    },
    /// A list.
    List {
        /// The element shape.
        member: ShapeId,
        /// Minimum length.
        min: Option<i64>,
        /// Maximum length.
        max: Option<i64>,
    },
    /// A map with string keys.
    Map {
        /// The key shape.
        key: ShapeId,
        /// The value shape.
        value: ShapeId,
        /// Minimum number of entries.
        min: Option<i64>,
        /// Maximum number of entries.
        max: Option<i64>,
    },
    /// A string, possibly an enum.
    String {
        /// Allowed values, if an enum.
        enum_values: Option<Vec<String>>,
        /// Minimum length in characters.
        min: Option<i64>,
        /// Maximum length in characters.
        max: Option<i64>,
        /// The pattern source.
        pattern: Option<String>,
        /// The compiled pattern; `None` inside if neither engine can compile it.
        compiled: OnceLock<Option<Pattern>>,
    },
    /// `integer` or `long`.
    Integer {
        /// Minimum value.
        min: Option<i64>,
        /// Maximum value.
        max: Option<i64>,
        /// `long` (64-bit) rather than `integer` (32-bit).
        long: bool,
    },
    /// `double` or `float`.
    Float {
        /// Minimum value.
        min: Option<f64>,
        /// Maximum value.
        max: Option<f64>,
    },
    /// `boolean`.
    Boolean,
    /// `timestamp`.
    Timestamp {
        /// A shape-level `timestampFormat`.
        format: Option<TimestampFormat>,
    },
    /// `blob` (base64 in JSON).
    Blob {
        /// Minimum length.
        min: Option<i64>,
        /// Maximum length.
        max: Option<i64>,
    },
}

/// A named shape.
#[derive(Debug)]
pub struct Shape {
    /// The shape name.
    pub name: String,
    /// What it is.
    pub kind: ShapeKind,
}

/// A parsed model.
#[derive(Debug)]
pub struct Model {
    /// Service metadata.
    pub metadata: Metadata,
    /// Operations sorted by name.
    pub operations: Vec<Operation>,
    /// Shapes by [`ShapeId`].
    pub shapes: Vec<Shape>,
    pub(crate) shape_index: HashMap<String, ShapeId>,
    pub(crate) operation_index: HashMap<String, usize>,
}

impl Model {
    /// The shape behind an id.
    pub fn shape(&self, id: ShapeId) -> &Shape {
        &self.shapes[id.0]
    }

    /// A shape by name.
    pub fn shape_named(&self, name: &str) -> Option<&Shape> {
        self.shape_index.get(name).map(|id| self.shape(*id))
    }

    /// An operation by name.
    pub fn operation(&self, name: &str) -> Option<&Operation> {
        self.operation_index
            .get(name)
            .map(|index| &self.operations[*index])
    }

    /// The members of a structure shape (empty for other kinds).
    pub fn members(&self, id: ShapeId) -> &[Member] {
        match &self.shape(id).kind {
            ShapeKind::Structure { members, .. } => members,
            _ => &[],
        }
    }
}

impl ShapeKind {
    /// The compiled pattern of a string shape, compiling it on first use. A pattern neither
    /// engine compiles is skipped rather than rejecting valid input.
    pub fn pattern_regex(&self) -> Option<&Pattern> {
        match self {
            ShapeKind::String {
                pattern: Some(source),
                compiled,
                ..
            } => compiled.get_or_init(|| Pattern::compile(source)).as_ref(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Pattern;

    #[test]
    fn look_behind_patterns_fall_back_to_the_backtracking_engine() {
        let pattern = Pattern::compile("^[a-z-]+(?<!-s3alias)$").unwrap();
        assert!(matches!(pattern, Pattern::Backtracking(_)));
        assert!(pattern.is_match("access-point"));
        assert!(!pattern.is_match("point-s3alias"));
        let linear = Pattern::compile("^[a-zA-Z0-9\\-\\_]{2,50}$").unwrap();
        assert!(matches!(linear, Pattern::Linear(_)));
        assert!(!linear.is_match("a!"));
        assert!(Pattern::compile("(unclosed").is_none());
    }
}
