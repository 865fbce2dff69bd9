//! `query` (awsQuery), the protocol of STS, IAM, SNS and CloudFormation: `Action`, `Version`
//! and the input members as form parameters (a `POST /` body in
//! `application/x-www-form-urlencoded`, or a query string), XML answers.
//!
//! Inbound, parameter names are paths: `RoleArn`, `Tags.member.1.Key`, `Attributes.entry.2.value`
//! (flattened lists and maps drop the `member`/`entry` step). [`decode`] folds them into a tree
//! and reads the tree with the operation's input shape into the object keyed by member names the
//! services receive. Outbound, [`encode`] writes `<{Op}Response xmlns="…"><{Op}Result>…` with
//! members in model order and timestamps in ISO 8601, and [`encode_error`] writes
//! `<ErrorResponse>`; both with quick-xml, which escapes text.

use std::collections::BTreeMap;

use bytes::Bytes;
use http::HeaderValue;
use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use serde_json::{Map, Value};

use super::{binding, timestamps, WireRequest, WireResponse};
use crate::model::{Member, Model, Operation, ShapeId, ShapeKind, TimestampFormat};
use crate::{ServiceError, ValidationErrorNames};

/// The content type of every awsQuery answer.
const XML: &str = "text/xml";

/// Form parameters folded on `.` into a tree: `Tags.member.1.Key=k` is
/// `Tags → member → 1 → Key = k`.
#[derive(Debug, Default)]
struct Node {
    value: Option<String>,
    children: BTreeMap<String, Node>,
}

impl Node {
    fn insert(&mut self, path: &str, value: String) {
        let mut node = self;
        for step in path.split('.') {
            node = node.children.entry(step.to_owned()).or_default();
        }
        node.value = Some(value);
    }

    /// Children named by a positive index, in index order (`member.1`, `member.2`, …).
    fn indexed(&self) -> Vec<&Node> {
        let mut items: Vec<(u64, &Node)> = self
            .children
            .iter()
            .filter_map(|(step, node)| {
                let index: u64 = step.parse().ok().filter(|i| *i > 0)?;
                Some((index, node))
            })
            .collect();
        items.sort_by_key(|(index, _)| *index);
        items.into_iter().map(|(_, node)| node).collect()
    }
}

/// Splits a form body (`a=1&b=x%20y`): `+` is a space, as HTML forms and Python's
/// `urlencode` (botocore) write it.
pub fn parse_form(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// Whether a request's content type is a form.
fn is_form(headers: &http::HeaderMap) -> bool {
    headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        })
}

/// The parameters of a request: its query string, then (for a form body) the body's.
fn parameters(request: &WireRequest<'_>) -> Vec<(String, String)> {
    let mut all = request.query.to_vec();
    if request.method == http::Method::POST
        && (is_form(request.headers) || !request.body.is_empty())
    {
        all.extend(parse_form(request.body));
    }
    all
}

/// The `Action` of an unsigned form `POST /`, for routing calls that need no signature
/// (`AssumeRoleWithWebIdentity`) to the service whose model names them.
pub(crate) fn form_action<'b>(
    method: &http::Method,
    path: &str,
    headers: &http::HeaderMap,
    body: &'b [u8],
) -> Option<std::borrow::Cow<'b, str>> {
    if method != http::Method::POST || path != "/" || !is_form(headers) {
        return None;
    }
    form_urlencoded::parse(body).find_map(|(k, v)| (k == "Action").then_some(v))
}

fn missing_action(model: &Model) -> ServiceError {
    ServiceError::new(
        "MissingAction",
        format!(
            "The request to {} must contain the Action parameter.",
            model.metadata.service_id
        ),
    )
}

fn invalid_action(action: &str, version: &str) -> ServiceError {
    ServiceError::new(
        "InvalidAction",
        format!("Could not find operation {action} for version {version}"),
    )
}

/// Finds the operation named by `Action` and reads its input from the parameters.
pub(crate) fn decode<'m>(
    model: &'m Model,
    request: &WireRequest<'_>,
) -> Result<(&'m Operation, Value), ServiceError> {
    let params = parameters(request);
    let param = |name: &str| {
        params
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let action = param("Action")
        .filter(|a| !a.is_empty())
        .ok_or_else(|| missing_action(model))?;
    let model_version = model.metadata.api_version.as_deref().unwrap_or_default();
    let version = param("Version").unwrap_or(model_version);
    if version != model_version {
        return Err(invalid_action(action, version));
    }
    let operation = model
        .operation(action)
        .ok_or_else(|| invalid_action(action, version))?;
    if request.method != http::Method::POST && request.method != http::Method::GET {
        return Err(ServiceError::new(
            "InvalidAction",
            format!(
                "{} operations are called with POST or GET, not {}",
                model.metadata.service_id, request.method
            ),
        ));
    }
    let mut tree = Node::default();
    for (key, value) in params {
        if key != "Action" && key != "Version" && !key.is_empty() {
            tree.insert(&key, value);
        }
    }
    let input = match operation.input {
        Some(shape) => read_structure(model, shape, &tree)?,
        None => Value::Object(Map::new()),
    };
    Ok((operation, input))
}

fn read_structure(model: &Model, shape: ShapeId, node: &Node) -> Result<Value, ServiceError> {
    let mut out = Map::new();
    for member in model.members(shape) {
        if let Some(child) = node.children.get(&member.wire_name) {
            if let Some(value) = read(model, member, member.shape, child)? {
                out.insert(member.name.clone(), value);
            }
        }
    }
    Ok(Value::Object(out))
}

/// Reads the value of `member` (of shape `shape`) at `node`; `None` when nothing is there.
fn read(
    model: &Model,
    member: &Member,
    shape: ShapeId,
    node: &Node,
) -> Result<Option<Value>, ServiceError> {
    let traits = model.xml(shape);
    Ok(Some(match &model.shape(shape).kind {
        ShapeKind::Structure { .. } => read_structure(model, shape, node)?,
        ShapeKind::List { member: item, .. } => {
            let items = if traits.flattened {
                Some(node)
            } else {
                node.children.get(traits.list_member())
            };
            // `Name=` with nothing under it is how awsQuery sends an empty list.
            let Some(items) = items else {
                return Ok(node.value.is_some().then(|| Value::Array(Vec::new())));
            };
            let mut out = Vec::new();
            for child in items.indexed() {
                if let Some(value) = read(model, member, *item, child)? {
                    out.push(value);
                }
            }
            Value::Array(out)
        }
        ShapeKind::Map { key, value, .. } => {
            let entries = if traits.flattened {
                Some(node)
            } else {
                node.children.get("entry")
            };
            let Some(entries) = entries else {
                return Ok(node.value.is_some().then(|| Value::Object(Map::new())));
            };
            let mut out = Map::new();
            for entry in entries.indexed() {
                let name = entry
                    .children
                    .get(traits.map_key())
                    .and_then(|k| read(model, member, *key, k).transpose())
                    .transpose()?;
                let item = entry
                    .children
                    .get(traits.map_value())
                    .and_then(|v| read(model, member, *value, v).transpose())
                    .transpose()?;
                if let (Some(Value::String(name)), Some(item)) = (name, item) {
                    out.insert(name, item);
                }
            }
            Value::Object(out)
        }
        _ => {
            let Some(text) = node.value.as_deref() else {
                return Ok(None);
            };
            let scalar = Member {
                name: member.name.clone(),
                shape,
                location: member.location.clone(),
                wire_name: member.wire_name.clone(),
                required: false,
                json_value: false,
                timestamp_format: None,
                payload: false,
            };
            binding::scalar(model, &scalar, text)?
        }
    }))
}

type XmlWriter = Writer<Vec<u8>>;

/// quick-xml writes into a `Vec`, which cannot fail.
fn event(writer: &mut XmlWriter, event: Event<'_>) {
    let _ = writer.write_event(event);
}

fn start(writer: &mut XmlWriter, name: &str) {
    event(writer, Event::Start(BytesStart::new(name)));
}

fn end(writer: &mut XmlWriter, name: &str) {
    event(writer, Event::End(BytesEnd::new(name)));
}

/// An element holding `text`, escaped as AWS's services escape text: `<`, `>` and `&` only
/// (quotes and apostrophes stay as they are, as in `Value '899' at 'durationSeconds'`).
fn text_element(writer: &mut XmlWriter, name: &str, text: &str) {
    start(writer, name);
    let text = xml_chars(text);
    event(
        writer,
        Event::Text(BytesText::from_escaped(quick_xml::escape::partial_escape(
            text.as_ref(),
        ))),
    );
    end(writer, name);
}

/// Whether XML 1.0 allows `c` in text.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// `text` with the characters XML cannot carry (control characters an error message may echo
/// from a request) replaced by U+FFFD, so that no value makes an answer unreadable.
fn xml_chars(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().all(is_xml_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| if is_xml_char(c) { c } else { '\u{FFFD}' })
        .collect::<String>()
        .into()
}

/// A writer indenting by two spaces, as AWS's query services print their answers.
fn writer() -> XmlWriter {
    Writer::new_with_indent(Vec::with_capacity(1024), b' ', 2)
}

fn finish(writer: XmlWriter) -> Bytes {
    let mut body = writer.into_inner();
    body.push(b'\n');
    Bytes::from(body)
}

fn root<'a>(name: &'a str, namespace: Option<&'a str>) -> BytesStart<'a> {
    let mut root = BytesStart::new(name);
    if let Some(namespace) = namespace {
        root.push_attribute(("xmlns", namespace));
    }
    root
}

fn response(status: u16, body: Bytes) -> WireResponse {
    WireResponse {
        status,
        headers: vec![(http::header::CONTENT_TYPE, HeaderValue::from_static(XML))],
        body,
    }
}

/// Encodes an output: `<{Op}Response xmlns><{Op}Result>members</{Op}Result>
/// <ResponseMetadata><RequestId>…</RequestId></ResponseMetadata></{Op}Response>`.
pub(crate) fn encode(
    model: &Model,
    operation: &Operation,
    output: &Value,
    request_id: &str,
) -> WireResponse {
    let mut writer = writer();
    let response_name = format!("{}Response", operation.name);
    event(
        &mut writer,
        Event::Start(root(
            &response_name,
            model.metadata.xml_namespace.as_deref(),
        )),
    );
    if let Some(shape) = operation.output {
        let wrapper = operation
            .result_wrapper
            .clone()
            .unwrap_or_else(|| format!("{}Result", operation.name));
        write_structure(&mut writer, model, shape, &wrapper, output);
    }
    start(&mut writer, "ResponseMetadata");
    text_element(&mut writer, "RequestId", request_id);
    end(&mut writer, "ResponseMetadata");
    end(&mut writer, &response_name);
    response(operation.response_code, finish(writer))
}

/// Writes a structure's members in model order, as element `name`.
fn write_structure(
    writer: &mut XmlWriter,
    model: &Model,
    shape: ShapeId,
    name: &str,
    value: &Value,
) {
    let present: Vec<(&Member, &Value)> = model
        .members(shape)
        .iter()
        .filter_map(|m| Some((m, value.get(&m.name).filter(|v| !v.is_null())?)))
        .collect();
    if present.is_empty() {
        event(writer, Event::Empty(BytesStart::new(name)));
        return;
    }
    start(writer, name);
    for (member, item) in present {
        write_value(
            writer,
            model,
            member.shape,
            &member.wire_name,
            item,
            member.timestamp_format,
        );
    }
    end(writer, name);
}

fn write_value(
    writer: &mut XmlWriter,
    model: &Model,
    shape: ShapeId,
    name: &str,
    value: &Value,
    format: Option<TimestampFormat>,
) {
    let traits = model.xml(shape);
    match &model.shape(shape).kind {
        ShapeKind::Structure { .. } => write_structure(writer, model, shape, name, value),
        ShapeKind::List { member, .. } => {
            let items = value.as_array().map(Vec::as_slice).unwrap_or_default();
            if traits.flattened {
                for item in items {
                    write_value(writer, model, *member, name, item, None);
                }
            } else if items.is_empty() {
                event(writer, Event::Empty(BytesStart::new(name)));
            } else {
                start(writer, name);
                for item in items {
                    write_value(writer, model, *member, traits.list_member(), item, None);
                }
                end(writer, name);
            }
        }
        ShapeKind::Map {
            key, value: inner, ..
        } => {
            let empty = Map::new();
            let entries = value.as_object().unwrap_or(&empty);
            if !traits.flattened {
                start(writer, name);
            }
            for (entry_key, entry_value) in entries {
                let entry_name = if traits.flattened { name } else { "entry" };
                start(writer, entry_name);
                write_value(
                    writer,
                    model,
                    *key,
                    traits.map_key(),
                    &Value::String(entry_key.clone()),
                    None,
                );
                write_value(writer, model, *inner, traits.map_value(), entry_value, None);
                end(writer, entry_name);
            }
            if !traits.flattened {
                end(writer, name);
            }
        }
        ShapeKind::Timestamp {
            format: shape_format,
        } => {
            let text = match (format.or(*shape_format), value.as_f64()) {
                (Some(TimestampFormat::UnixTimestamp), Some(seconds)) => seconds.to_string(),
                (Some(TimestampFormat::Rfc822), Some(seconds)) => {
                    timestamps::format_http_date(seconds)
                }
                (_, Some(seconds)) => iso8601(seconds),
                (_, None) => value.as_str().unwrap_or_default().to_owned(),
            };
            text_element(writer, name, &text);
        }
        _ => {
            let text = match value {
                Value::String(text) => text.clone(),
                Value::Null => return,
                other => other.to_string(),
            };
            text_element(writer, name, &text);
        }
    }
}

/// ISO 8601 as AWS's query services write it: whole seconds without a fraction
/// (`2019-11-09T13:34:41Z`), else milliseconds (`2011-07-15T23:28:33.359Z`).
fn iso8601(seconds: f64) -> String {
    let text = timestamps::format_iso8601(seconds);
    match text.strip_suffix(".000Z") {
        Some(whole) => format!("{whole}Z"),
        None => text,
    }
}

/// Encodes an error: `<ErrorResponse xmlns><Error><Type>Sender</Type><Code>…</Code>
/// <Message>…</Message></Error><RequestId>…</RequestId></ErrorResponse>`, with the status and
/// code the model gives the exception shape (`error.httpStatusCode`, `error.code`).
pub(crate) fn encode_error(
    model: Option<&Model>,
    names: &ValidationErrorNames,
    error: &ServiceError,
    request_id: &str,
) -> WireResponse {
    let name = error.code_name(names);
    let shape = model.and_then(|m| Some((m, m.shape_index.get(name).copied()?)));
    let mut status = error.status();
    let mut code = name;
    if let Some((model, id)) = shape {
        if let ShapeKind::Structure {
            exception: true,
            http_status,
            ..
        } = &model.shape(id).kind
        {
            if status == 400 {
                status = http_status.unwrap_or(status);
            }
            code = model.xml(id).error_code.as_deref().unwrap_or(name);
        }
    }
    let mut writer = writer();
    event(
        &mut writer,
        Event::Start(root(
            "ErrorResponse",
            model.and_then(|m| m.metadata.xml_namespace.as_deref()),
        )),
    );
    start(&mut writer, "Error");
    text_element(
        &mut writer,
        "Type",
        if status < 500 { "Sender" } else { "Receiver" },
    );
    text_element(&mut writer, "Code", code);
    text_element(&mut writer, "Message", error.message());
    end(&mut writer, "Error");
    text_element(&mut writer, "RequestId", request_id);
    end(&mut writer, "ErrorResponse");
    response(status, finish(writer))
}

#[cfg(test)]
mod tests;
