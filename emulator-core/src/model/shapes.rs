//! The typed form of a parsed model: operations, shapes and members.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;

/// A compiled model pattern. Most compile with `regex` (linear time); the few that use
/// look-around (AWS writes them for Java's engine) fall back to `fancy-regex`, so every pattern
/// in a model is enforced. Java's POSIX classes (`\p{Alnum}`, `\p{Digit}`, ...), which neither
/// engine knows by that name, are translated to their ASCII equivalents first.
///
/// A value must match the whole pattern, as AWS's services check it (Java's `matches`): a
/// DynamoDB table ARN given as `TableName` fails `[a-zA-Z0-9_.-]+` although parts of it match,
/// and an OpsWorks CM server name must start with a letter although its pattern
/// `[a-zA-Z][a-zA-Z0-9\-]*` carries no anchors.
#[derive(Debug)]
pub struct Pattern {
    /// The pattern as the model writes it, for error messages.
    source: String,
    engine: Engine,
}

#[derive(Debug)]
enum Engine {
    /// Compiled by `regex`.
    Linear(Regex),
    /// Compiled by `fancy-regex`.
    Backtracking(fancy_regex::Regex),
}

impl Pattern {
    fn compile(source: &str) -> Option<Self> {
        let translated = format!(r"\A(?:{})\z", translate_java_posix_classes(source));
        let engine = match Regex::new(&translated) {
            Ok(regex) => Engine::Linear(regex),
            Err(_) => Engine::Backtracking(fancy_regex::Regex::new(&translated).ok()?),
        };
        Some(Self {
            source: source.to_owned(),
            engine,
        })
    }

    /// Whether all of `text` matches. A backtracking pattern that exceeds its step limit counts
    /// as no match.
    pub fn is_match(&self, text: &str) -> bool {
        match &self.engine {
            Engine::Linear(regex) => regex.is_match(text),
            Engine::Backtracking(regex) => regex.is_match(text).unwrap_or(false),
        }
    }

    /// The pattern's source, as the model writes it.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether the pattern runs on the linear-time engine.
    pub fn is_linear(&self) -> bool {
        matches!(self.engine, Engine::Linear(_))
    }
}

/// Java's POSIX character classes and their ASCII equivalents (Java matches them against ASCII
/// only, as these do).
const JAVA_POSIX_CLASSES: &[(&str, &str)] = &[
    ("Lower", "[:lower:]"),
    ("Upper", "[:upper:]"),
    ("ASCII", "[:ascii:]"),
    ("Alpha", "[:alpha:]"),
    ("Digit", "[:digit:]"),
    ("Alnum", "[:alnum:]"),
    ("Punct", "[:punct:]"),
    ("Graph", "[:graph:]"),
    ("Print", "[:print:]"),
    ("Blank", "[:blank:]"),
    ("Cntrl", "[:cntrl:]"),
    ("XDigit", "[:xdigit:]"),
    ("Space", "[:space:]"),
];

/// Rewrites `\p{Alnum}` as `[[:alnum:]]` and `\P{Alnum}` as `[^[:alnum:]]` (and so on for every
/// Java POSIX class). A bracketed class is valid both alone and nested inside another class, so
/// the rewrite needs no knowledge of where it stands; escaped backslashes are left alone.
fn translate_java_posix_classes(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let escape = &rest[at..];
        let class = escape
            .strip_prefix("\\p{")
            .map(|name| (name, ""))
            .or_else(|| escape.strip_prefix("\\P{").map(|name| (name, "^")))
            .and_then(|(tail, negation)| {
                let (name, after) = tail.split_once('}')?;
                let (_, posix) = JAVA_POSIX_CLASSES.iter().find(|(java, _)| *java == name)?;
                Some((format!("[{negation}{posix}]"), after))
            });
        match class {
            Some((replacement, after)) => {
                out.push_str(&replacement);
                rest = after;
            }
            None => {
                // Copy the backslash and the character it escapes, so `\\p{Alnum}` stays literal.
                let escaped_len = escape[1..].chars().next().map_or(0, char::len_utf8);
                out.push_str(&escape[..1 + escaped_len]);
                rest = &escape[1 + escaped_len..];
            }
        }
    }
    out.push_str(rest);
    out
}

use super::UriTemplate;
use crate::dto::BodySizeHint;

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
    /// `apiVersion`, the `Version` awsQuery requests carry.
    pub api_version: Option<String>,
    /// `xmlNamespace` of XML answers (awsQuery).
    pub xml_namespace: Option<String>,
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
    /// `output.resultWrapper`: the element awsQuery answers wrap the output in.
    pub result_wrapper: Option<String>,
    /// `authtype: none`: callers need not sign (STS's `AssumeRoleWithWebIdentity`).
    pub unsigned: bool,
    /// The length of the last typed body written for it, to size the next one.
    pub(crate) body_size: BodySizeHint,
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
    /// Operation indexes by the first literal segment of their `requestUri`.
    pub(crate) routes: HashMap<String, Vec<usize>>,
    /// Operation indexes whose `requestUri` starts with a label, or is the root.
    pub(crate) unrouted: Vec<usize>,
    /// Per shape, whether its output wire form is its member-name form: see
    /// [`Model::is_wire_form`].
    pub(crate) wire_form: Vec<bool>,
    /// Per shape, its XML naming traits (awsQuery).
    pub(crate) xml: Vec<super::XmlTraits>,
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

    /// The XML naming traits of a shape.
    pub fn xml(&self, id: ShapeId) -> &super::XmlTraits {
        &self.xml[id.0]
    }

    /// An operation by name.
    pub fn operation(&self, name: &str) -> Option<&Operation> {
        self.operation_index
            .get(name)
            .map(|index| &self.operations[*index])
    }

    /// Whether a value of this shape goes on the wire exactly as it is keyed between the
    /// protocol layer and services: every member in the body under its own name, every
    /// timestamp as epoch seconds, all the way down. A typed output of such a shape is written
    /// as it serializes.
    pub fn is_wire_form(&self, id: ShapeId) -> bool {
        self.wire_form.get(id.0).copied().unwrap_or(false)
    }

    /// The operations whose `requestUri` can match a path that starts with segment `first`:
    /// those starting with that literal and those starting with a label. Matching a request
    /// against these alone spares trying every operation of the model.
    pub fn operations_for_path(&self, first: Option<&str>) -> impl Iterator<Item = &Operation> {
        first
            .and_then(|segment| self.routes.get(segment))
            .into_iter()
            .flatten()
            .chain(&self.unrouted)
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

/// [`Model::is_wire_form`] for every shape. Starts from "yes" and clears shapes until nothing
/// changes, so recursive shapes settle too.
pub(crate) fn wire_forms(shapes: &[Shape]) -> Vec<bool> {
    let epoch = |format: Option<TimestampFormat>| {
        matches!(format, None | Some(TimestampFormat::UnixTimestamp))
    };
    let mut wire = vec![true; shapes.len()];
    loop {
        let mut changed = false;
        for (index, shape) in shapes.iter().enumerate() {
            let is_wire = wire[index]
                && match &shape.kind {
                    ShapeKind::Structure { members, .. } => members.iter().all(|m| {
                        m.location == Location::Body
                            && !m.payload
                            && m.wire_name == m.name
                            && epoch(m.timestamp_format)
                            && wire[m.shape.0]
                    }),
                    ShapeKind::List { member, .. } => wire[member.0],
                    ShapeKind::Map { value, .. } => wire[value.0],
                    ShapeKind::Timestamp { format } => epoch(*format),
                    _ => true,
                };
            if !is_wire {
                changed |= wire[index];
                wire[index] = false;
            }
        }
        if !changed {
            return wire;
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
        assert!(!pattern.is_linear());
        assert!(pattern.is_match("access-point"));
        assert!(!pattern.is_match("point-s3alias"));
        let linear = Pattern::compile("^[a-zA-Z0-9\\-\\_]{2,50}$").unwrap();
        assert!(linear.is_linear());
        assert!(!linear.is_match("a!"));
        assert!(Pattern::compile("(unclosed").is_none());
    }

    #[test]
    fn values_must_match_the_whole_pattern() {
        let server_name = Pattern::compile("[a-zA-Z][a-zA-Z0-9\\-]*").unwrap();
        assert!(server_name.is_match("chef-1"));
        assert!(!server_name.is_match("1-chef"));
        assert!(!server_name.is_match("chef 1"));
        assert_eq!(server_name.as_str(), "[a-zA-Z][a-zA-Z0-9\\-]*");
        let alternation = Pattern::compile("ab|cd").unwrap();
        assert!(alternation.is_match("cd") && !alternation.is_match("abcd"));
        let multiline = Pattern::compile(
            "(?ms)\\s*^-----BEGIN (?-s:.*)KEY-----$.*?^-----END (?-s:.*)KEY-----$\\s*",
        )
        .unwrap();
        assert!(multiline.is_match("-----BEGIN RSA KEY-----\nabc\n-----END RSA KEY-----\n"));
        let look_ahead = Pattern::compile("^((?!-)[a-z-]{1,5}\\.)+[a-z]+$").unwrap();
        assert!(look_ahead.is_match("ab.cd") && !look_ahead.is_match("ab.cd\n"));
    }

    #[test]
    fn java_posix_classes_match_ascii_only() {
        // OpsWorks CM's NodeName.
        let node_name = Pattern::compile("^[\\-\\p{Alnum}_:.]+$").unwrap();
        assert!(node_name.is_linear());
        assert_eq!(node_name.as_str(), "^[\\-\\p{Alnum}_:.]+$");
        assert!(node_name.is_match("web-01.example.com:prod_1"));
        assert!(!node_name.is_match("web 01"));
        assert!(!node_name.is_match("wéb"));
        let negated = Pattern::compile("^\\P{Digit}+$").unwrap();
        assert!(negated.is_match("abc"));
        assert!(!negated.is_match("a1"));
        // An escaped backslash before `p{...}` is a literal, and Unicode classes are untouched.
        let literal = Pattern::compile("^\\\\p\\{Alnum\\}$").unwrap();
        assert!(literal.is_match("\\p{Alnum}"));
        let unicode = Pattern::compile("^[\\p{L}\\p{N}]+$").unwrap();
        assert!(unicode.is_match("équipe7"));
    }
}
