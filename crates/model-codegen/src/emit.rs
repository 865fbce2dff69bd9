//! Writing the Rust file.
//!
//! The output is emitted already formatted the way rustfmt (default configuration, edition
//! 2021) formats it, so that `generate()` returns exactly the committed file without running
//! rustfmt. The few layout decisions that depend on length (a signature that no longer fits on
//! one line, a long method chain, a long array) follow rustfmt's default widths: 100 columns,
//! 60 for call chains, call arguments and arrays, 10 for the "short array item" mixed layout.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Model, Shape, Structure};
use crate::naming::{
    assign_unique, field_ident, pascal_case, snake_alternative, snake_case, type_alternative,
    type_name, variant_alternative, RESERVED_TYPE_NAMES,
};
use crate::{CodegenError, Options};

const MAX_WIDTH: usize = 100;
const CHAIN_WIDTH: usize = 60;
const ARRAY_WIDTH: usize = 60;
const CALL_WIDTH: usize = 60;
const SHORT_ARRAY_ITEM: usize = 10;

/// The error type of the generated enums' `FromStr`.
const PARSE_ERROR: &str = "UnknownEnumValue";

fn width(text: &str) -> usize {
    text.chars().count()
}

/// A Rust string literal for `text`.
fn literal(text: &str) -> String {
    format!("{text:?}")
}

/// The output buffer.
struct Out {
    text: String,
}

impl Out {
    fn line(&mut self, indent: usize, text: &str) {
        for _ in 0..indent {
            self.text.push(' ');
        }
        self.text.push_str(text);
        self.text.push('\n');
    }

    fn blank(&mut self) {
        self.text.push('\n');
    }

    /// `head` + an array literal of `items` + `tail`, e.g. `pub const X: &[&str] = &[` and
    /// `];`: on one line when it fits, otherwise one item per line, or as many per line as fit
    /// when every item is a short literal.
    fn array(&mut self, indent: usize, head: &str, items: &[String], tail: &str) {
        let joined = items.join(", ");
        if items.is_empty()
            || (width(&joined) <= ARRAY_WIDTH
                && indent + width(head) + width(&joined) + width(tail) <= MAX_WIDTH)
        {
            self.line(indent, &format!("{head}{joined}{tail}"));
            return;
        }
        self.line(indent, head);
        let inner = indent + 4;
        // rustfmt packs short literals (not paths such as `Self::A`) several to a line.
        let short_literals = items
            .iter()
            .all(|item| item.starts_with('"') && width(item) <= SHORT_ARRAY_ITEM);
        if short_literals {
            let mut current = String::new();
            for item in items {
                let extra = if current.is_empty() {
                    width(item) + 1
                } else {
                    width(item) + 3
                };
                if !current.is_empty() && inner + width(&current) + extra > MAX_WIDTH {
                    self.line(inner, &format!("{current},"));
                    current.clear();
                }
                if !current.is_empty() {
                    current.push_str(", ");
                }
                current.push_str(item);
            }
            self.line(inner, &format!("{current},"));
        } else {
            for item in items {
                self.line(inner, &format!("{item},"));
            }
        }
        self.line(indent, tail);
    }

    /// A match arm `pattern => expr,`, or `pattern => {` / `expr` / `}` when too long.
    fn arm(&mut self, indent: usize, pattern: &str, expr: &str) {
        let one = format!("{pattern} => {expr},");
        if indent + width(&one) <= MAX_WIDTH {
            self.line(indent, &one);
        } else {
            self.line(indent, &format!("{pattern} => {{"));
            self.line(indent + 4, expr);
            self.line(indent, "}");
        }
    }

    /// `#[serde(<arg>)]`, split over three lines when too long.
    fn serde_attr(&mut self, indent: usize, arg: &str) {
        let one = format!("#[serde({arg})]");
        if indent + width(&one) < MAX_WIDTH {
            self.line(indent, &one);
        } else {
            self.line(indent, "#[serde(");
            self.line(indent + 4, arg);
            self.line(indent, ")]");
        }
    }
}

/// What the generator knows about the model beyond its shapes.
struct Generator<'a> {
    model: &'a Model,
    options: &'a Options,
    /// Rust type names of the shapes that become types (structures and enums).
    type_names: BTreeMap<String, String>,
    /// Structures emitted as Rust structs.
    structures: BTreeSet<String>,
    /// `(structure, member)` pairs whose field is boxed to break a cycle.
    boxed: BTreeSet<(String, String)>,
    /// Structures that derive `Default`.
    defaults: BTreeSet<String>,
    /// Structures and enums an operation's output holds: they implement `WriteJson`.
    written: BTreeSet<String>,
    /// [`Options::views`], checked against the model.
    views: BTreeSet<String>,
    /// Structures a view operation's output reaches that hold strings: their string type is a
    /// parameter, `S = String`.
    generic: BTreeSet<String>,
}

pub(crate) fn emit(model: &Model, options: &Options) -> Result<String, CodegenError> {
    check_identifier(&options.trait_name, "trait name")?;
    let structures = emitted_structures(model);
    let mut wanted = Vec::new();
    for (name, shape) in &model.shapes {
        if structures.contains(name) || matches!(shape, Shape::Enum(_)) {
            wanted.push((name.clone(), type_name(name)));
        }
    }
    let mut reserved: BTreeSet<String> =
        RESERVED_TYPE_NAMES.iter().map(|s| s.to_string()).collect();
    reserved.insert(options.trait_name.clone());
    reserved.insert(PARSE_ERROR.to_owned());
    let type_names = assign_unique(&wanted, &reserved, type_alternative);

    let mut views = BTreeSet::new();
    for name in &options.views {
        match model.operations.iter().find(|op| &op.name == name) {
            Some(op) if op.output.is_some() => views.insert(name.clone()),
            Some(_) => {
                return Err(CodegenError::InvalidOption(format!(
                    "view operation `{name}` has no output"
                )))
            }
            None => {
                return Err(CodegenError::InvalidOption(format!(
                    "view operation `{name}` is not in the model"
                )))
            }
        };
    }

    let mut generator = Generator {
        model,
        options,
        type_names,
        structures,
        boxed: BTreeSet::new(),
        defaults: BTreeSet::new(),
        written: output_types(model),
        views,
        generic: BTreeSet::new(),
    };
    generator.boxed = generator.find_cycles();
    generator.defaults = generator.find_defaults();
    generator.generic = generator.find_generic();
    Ok(generator.emit())
}

fn check_identifier(name: &str, what: &str) -> Result<(), CodegenError> {
    let mut chars = name.chars();
    let valid = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if valid {
        Ok(())
    } else {
        Err(CodegenError::InvalidOption(format!(
            "{what} `{name}` is not a Rust identifier"
        )))
    }
}

/// Every non-exception, non-document structure, plus any exception an operation or one of
/// them refers to.
fn emitted_structures(model: &Model) -> BTreeSet<String> {
    let mut emitted = BTreeSet::new();
    let mut pending: Vec<String> = model
        .shapes
        .iter()
        .filter(|(_, shape)| matches!(shape, Shape::Structure(s) if !s.exception && !s.document))
        .map(|(name, _)| name.clone())
        .collect();
    for op in &model.operations {
        pending.extend(op.input.iter().chain(op.output.iter()).cloned());
    }
    while let Some(name) = pending.pop() {
        if !emitted.insert(name.clone()) {
            continue;
        }
        if let Shape::Structure(s) = &model.shapes[&name] {
            for member in &s.members {
                if let Some(target) = leaf_structure(model, &member.target) {
                    if !emitted.contains(target) {
                        pending.push(target.to_owned());
                    }
                }
            }
        }
    }
    emitted
}

/// The structures and enums reachable from an operation's output, through members, lists and
/// maps: the types the gateway writes to response bodies.
fn output_types(model: &Model) -> BTreeSet<String> {
    let mut written = BTreeSet::new();
    let mut pending: Vec<&str> = model
        .operations
        .iter()
        .filter_map(|op| op.output.as_deref())
        .collect();
    while let Some(name) = pending.pop() {
        match &model.shapes[name] {
            Shape::Structure(s) if !s.document && written.insert(name.to_owned()) => {
                pending.extend(s.members.iter().map(|m| m.target.as_str()));
            }
            Shape::Enum(_) => {
                written.insert(name.to_owned());
            }
            Shape::List { member } => pending.push(member),
            Shape::Map { value } => pending.push(value),
            _ => {}
        }
    }
    written
}

/// A Rust string literal holding `text` as a JSON string, quoted and escaped as serde_json
/// writes it, followed by `suffix`.
fn json_literal(text: &str, suffix: &str) -> String {
    let quoted = serde_json::to_string(text).expect("a string serializes");
    literal(&format!("{quoted}{suffix}"))
}

/// The structure (not document) a member type ends in, through lists and maps.
fn leaf_structure<'m>(model: &'m Model, target: &'m str) -> Option<&'m str> {
    match &model.shapes[target] {
        Shape::Structure(s) if !s.document => Some(target),
        Shape::List { member } => leaf_structure(model, member),
        Shape::Map { value } => leaf_structure(model, value),
        _ => None,
    }
}

impl Generator<'_> {
    fn structure(&self, name: &str) -> &Structure {
        match &self.model.shapes[name] {
            Shape::Structure(s) => s,
            _ => unreachable!("{name} is a structure"),
        }
    }

    /// Structures a structure holds directly (not through a `Vec` or `BTreeMap`).
    fn direct_edges(&self, name: &str) -> Vec<(String, String)> {
        self.structure(name)
            .members
            .iter()
            .filter(|m| self.structures.contains(&m.target))
            .map(|m| (m.name.clone(), m.target.clone()))
            .collect()
    }

    /// A field must be boxed when the structure it holds directly can reach the holder again
    /// through direct fields. Boxing every such edge breaks every cycle.
    fn find_cycles(&self) -> BTreeSet<(String, String)> {
        let mut boxed = BTreeSet::new();
        for name in &self.structures {
            for (member, target) in self.direct_edges(name) {
                if self.reaches(&target, name) {
                    boxed.insert((name.clone(), member));
                }
            }
        }
        boxed
    }

    fn reaches(&self, from: &str, to: &str) -> bool {
        let mut seen = BTreeSet::new();
        let mut pending = vec![from.to_owned()];
        while let Some(name) = pending.pop() {
            if name == to {
                return true;
            }
            if seen.insert(name.clone()) {
                pending.extend(self.direct_edges(&name).into_iter().map(|(_, t)| t));
            }
        }
        false
    }

    /// Structures whose required fields all implement `Default` (the greatest fixpoint, so
    /// cycles through boxed fields are fine).
    fn find_defaults(&self) -> BTreeSet<String> {
        let mut defaults = self.structures.clone();
        loop {
            let before = defaults.len();
            let current = defaults.clone();
            defaults.retain(|name| {
                self.structure(name)
                    .members
                    .iter()
                    .filter(|m| m.required)
                    .all(|m| self.has_default(&m.target, &current))
            });
            if defaults.len() == before {
                return defaults;
            }
        }
    }

    fn has_default(&self, target: &str, defaults: &BTreeSet<String>) -> bool {
        match &self.model.shapes[target] {
            Shape::Structure(s) if s.document => true,
            Shape::Structure(_) => defaults.contains(target),
            Shape::Enum(_) => false,
            _ => true,
        }
    }

    /// The structures reachable from view operations' outputs through members and lists (map
    /// values stay owned), then those of them that hold a string there: the least fixpoint.
    fn find_generic(&self) -> BTreeSet<String> {
        let mut reached = BTreeSet::new();
        let mut pending: Vec<&str> = self
            .model
            .operations
            .iter()
            .filter(|op| self.views.contains(&op.name))
            .filter_map(|op| op.output.as_deref())
            .collect();
        while let Some(name) = pending.pop() {
            match &self.model.shapes[name] {
                Shape::Structure(s) if !s.document && reached.insert(name.to_owned()) => {
                    pending.extend(s.members.iter().map(|m| m.target.as_str()));
                }
                Shape::List { member } => pending.push(member),
                _ => {}
            }
        }
        let mut generic = BTreeSet::new();
        loop {
            let before = generic.len();
            for name in &reached {
                if self
                    .structure(name)
                    .members
                    .iter()
                    .any(|m| self.holds_string(&m.target, &generic))
                {
                    generic.insert(name.clone());
                }
            }
            if generic.len() == before {
                return generic;
            }
        }
    }

    /// Whether a field of type `target` in a generic structure takes the string parameter.
    fn holds_string(&self, target: &str, generic: &BTreeSet<String>) -> bool {
        match &self.model.shapes[target] {
            Shape::String | Shape::Blob => true,
            Shape::List { member } => self.holds_string(member, generic),
            Shape::Structure(s) => !s.document && generic.contains(target),
            _ => false,
        }
    }

    /// The type of a field holding `target`: [`Generator::rust_type`], with strings as `S` in a
    /// generic structure.
    fn field_type(&self, target: &str, generic: bool) -> String {
        if !generic {
            return self.rust_type(target);
        }
        match &self.model.shapes[target] {
            Shape::String | Shape::Blob => "S".to_owned(),
            Shape::Structure(_) if self.generic.contains(target) => {
                format!("{}<S>", self.type_names[target])
            }
            Shape::List { member } => format!("Vec<{}>", self.field_type(member, true)),
            _ => self.rust_type(target),
        }
    }

    fn rust_type(&self, target: &str) -> String {
        match &self.model.shapes[target] {
            Shape::Structure(s) if s.document => "serde_json::Value".to_owned(),
            Shape::Structure(_) | Shape::Enum(_) => self.type_names[target].clone(),
            Shape::String | Shape::Blob => "String".to_owned(),
            Shape::Integer => "i32".to_owned(),
            Shape::Long => "i64".to_owned(),
            Shape::Boolean => "bool".to_owned(),
            Shape::Double => "f64".to_owned(),
            Shape::Timestamp => "Timestamp".to_owned(),
            Shape::List { member } => format!("Vec<{}>", self.rust_type(member)),
            Shape::Map { value } => format!("BTreeMap<String, {}>", self.rust_type(value)),
        }
    }

    /// Whether any emitted field's type satisfies `test` somewhere in its list/map nesting.
    fn any_field_type(&self, test: impl Fn(&Shape) -> bool) -> bool {
        fn walk(model: &Model, target: &str, test: &dyn Fn(&Shape) -> bool) -> bool {
            let shape = &model.shapes[target];
            test(shape)
                || match shape {
                    Shape::List { member } => walk(model, member, test),
                    Shape::Map { value } => walk(model, value, test),
                    _ => false,
                }
        }
        self.structures.iter().any(|name| {
            self.structure(name)
                .members
                .iter()
                .any(|m| walk(self.model, &m.target, &test))
        })
    }

    fn method_names(&self) -> BTreeMap<String, String> {
        let wanted: Vec<(String, String)> = self
            .model
            .operations
            .iter()
            .map(|op| (op.name.clone(), snake_case(&op.name)))
            .collect();
        assign_unique(&wanted, &BTreeSet::new(), snake_alternative)
            .into_iter()
            .map(|(op, name)| (op, field_ident(&name)))
            .collect()
    }

    fn emit(&self) -> String {
        let mut out = Out {
            text: String::new(),
        };
        let model = self.model;
        let has_enums = model.shapes.values().any(|s| matches!(s, Shape::Enum(_)));
        let has_input = model.operations.iter().any(|op| op.input.is_some());
        let has_operations = !model.operations.is_empty();
        let uses_map = self.any_field_type(|s| matches!(s, Shape::Map { .. }));
        let uses_timestamp = self.any_field_type(|s| matches!(s, Shape::Timestamp));
        let writes_objects = self
            .written
            .iter()
            .any(|name| self.structures.contains(name));

        out.line(
            0,
            &format!(
                "// @generated by model-codegen from {}. Do not edit by hand; run `just codegen`.",
                model.uid
            ),
        );
        out.blank();
        out.line(
            0,
            &format!(
                "//! {}'s API as Rust types, generated from its model (`{}`).",
                model.full_name, model.uid
            ),
        );
        out.line(0, "//!");
        for doc in [
            "//! A struct per structure shape (fields named in snake case, carrying the model's member",
            "//! names on the wire; members not required are `Option`s), an enum per string shape with",
            "//! values, and one method per operation on the service trait, each defaulting to",
            "//! `NotImplemented`. [`dispatch`] decodes a protocol-layer request into these types, calls",
            "//! the trait and encodes the result.",
        ] {
            out.line(0, doc);
        }
        if has_enums {
            out.blank();
            out.line(0, "#![allow(clippy::enum_variant_names)]");
        }

        // Imports, in rustfmt's order.
        if uses_map {
            out.blank();
            out.line(0, "use std::collections::BTreeMap;");
        }
        out.blank();
        let mut dto = Vec::new();
        if has_input {
            dto.push("from_input");
        }
        if !self.views.is_empty() {
            dto.push("BodySizeHint");
        }
        if writes_objects {
            dto.push("JsonObject");
        }
        dto.push("Output");
        if uses_timestamp {
            dto.push("Timestamp");
        }
        if !self.written.is_empty() {
            dto.push("WriteJson");
        }
        if !self.views.is_empty() {
            dto.extend(["WritesAs", "Written"]);
        }
        match dto.len() {
            0 => {}
            1 => out.line(0, &format!("use emulator_core::dto::{};", dto[0])),
            _ => {
                let one = format!("use emulator_core::dto::{{{}}};", dto.join(", "));
                if width(&one) <= MAX_WIDTH {
                    out.line(0, &one);
                } else {
                    out.line(0, "use emulator_core::dto::{");
                    out.line(4, &format!("{},", dto.join(", ")));
                    out.line(0, "};");
                }
            }
        }
        out.line(0, "use emulator_core::{RequestContext, ServiceError};");
        if !self.structures.is_empty() || has_enums {
            out.line(0, "use serde::{Deserialize, Serialize};");
        }

        out.blank();
        out.line(0, "/// The service name `NotImplemented` errors report.");
        out.line(
            0,
            &format!(
                "pub const SERVICE_NAME: &str = {};",
                literal(&self.options.service_name)
            ),
        );
        out.blank();
        out.line(0, "/// Every operation in the model, sorted.");
        let names: Vec<String> = model
            .operations
            .iter()
            .map(|op| literal(&op.name))
            .collect();
        out.array(0, "pub const OPERATIONS: &[&str] = &[", &names, "];");

        let methods = self.method_names();
        self.emit_trait(&mut out, &methods);
        self.emit_dispatch(&mut out, &methods, has_operations);
        self.emit_writer_check(&mut out);

        out.blank();
        out.line(
            0,
            "fn not_implemented<T>(operation: &str) -> Result<T, ServiceError> {",
        );
        out.line(
            4,
            "Err(ServiceError::not_implemented(SERVICE_NAME, operation))",
        );
        out.line(0, "}");

        emit_exceptions(&mut out, model);

        if has_enums {
            emit_parse_error(&mut out);
        }

        // Types, sorted by Rust name.
        let by_rust_name: BTreeMap<&String, &String> = self
            .type_names
            .iter()
            .map(|(shape, rust)| (rust, shape))
            .collect();
        for (rust, shape) in by_rust_name {
            let written = self.written.contains(shape.as_str());
            match &model.shapes[shape.as_str()] {
                Shape::Enum(values) => {
                    emit_enum(&mut out, shape, rust, values);
                    if written {
                        emit_enum_writer(&mut out, rust, values);
                    }
                }
                _ => {
                    self.emit_struct(&mut out, shape, rust);
                    if written {
                        self.emit_struct_writer(&mut out, shape, rust);
                    }
                }
            }
        }
        out.text
    }

    fn emit_trait(&self, out: &mut Out, methods: &BTreeMap<String, String>) {
        let model = self.model;
        let trait_name = &self.options.trait_name;
        out.blank();
        out.line(
            0,
            &format!(
                "/// The operations of {} (`{}`), one method each.",
                model.full_name, model.uid
            ),
        );
        out.line(0, "///");
        out.line(
            0,
            "/// Every method defaults to a `NotImplemented` error; an implementation overrides the",
        );
        out.line(
            0,
            "/// operations it supports. [`dispatch`] routes a request to the right method.",
        );
        out.line(0, "#[emulator_core::async_trait]");
        if model.operations.is_empty() {
            out.line(0, &format!("pub trait {trait_name}: Send + Sync {{}}"));
            return;
        }
        out.line(0, &format!("pub trait {trait_name}: Send + Sync {{"));
        for (i, op) in model.operations.iter().enumerate() {
            if i > 0 {
                out.blank();
            }
            let method = &methods[&op.name];
            let mut params = vec!["&self".to_owned(), "ctx: &RequestContext".to_owned()];
            if let Some(input) = &op.input {
                params.push(format!("input: {}", self.type_names[input]));
            }
            let output = match &op.output {
                Some(output) if self.views.contains(&op.name) => {
                    format!("Written<{}>", self.type_names[output])
                }
                Some(output) => self.type_names[output].clone(),
                None => "()".to_owned(),
            };
            let ret = format!("Result<{output}, ServiceError>");
            out.line(4, &format!("/// `{}`", op.name));
            let one = format!("async fn {method}({}) -> {ret} {{", params.join(", "));
            if 4 + width(&one) <= MAX_WIDTH {
                out.line(4, &one);
            } else {
                out.line(4, &format!("async fn {method}("));
                for param in &params {
                    out.line(8, &format!("{param},"));
                }
                let close = format!(") -> {ret} {{");
                if 4 + width(&close) <= MAX_WIDTH {
                    out.line(4, &close);
                } else {
                    out.line(4, ") -> Result<");
                    out.line(8, &format!("{output},"));
                    out.line(8, "ServiceError,");
                    out.line(4, "> {");
                }
            }
            if op.input.is_some() {
                out.line(8, "let _ = (ctx, input);");
            } else {
                out.line(8, "let _ = ctx;");
            }
            out.line(8, &format!("not_implemented({})", literal(&op.name)));
            out.line(4, "}");
        }
        out.line(0, "}");
    }

    fn emit_dispatch(&self, out: &mut Out, methods: &BTreeMap<String, String>, used: bool) {
        let trait_name = &self.options.trait_name;
        let (api, ctx) = if used {
            ("api", "ctx")
        } else {
            ("_api", "_ctx")
        };
        let input = if self.model.operations.iter().any(|op| op.input.is_some()) {
            "input"
        } else {
            "_input"
        };
        out.blank();
        for doc in [
            "/// Runs `operation` on `api`: decodes `input`, an object keyed by member names, into the",
            "/// operation's input structure, calls the trait method and hands its output structure",
            "/// over typed (or already written, for a view operation), for the gateway to write. An",
            "/// operation the model does not have is `NotImplemented`.",
        ] {
            out.line(0, doc);
        }
        out.line(
            0,
            &format!("pub async fn dispatch<A: {trait_name} + ?Sized>("),
        );
        out.line(4, &format!("{api}: &A,"));
        out.line(4, &format!("{ctx}: &RequestContext,"));
        out.line(4, "operation: &str,");
        out.line(4, &format!("{input}: serde_json::Value,"));
        out.line(0, ") -> Result<Output, ServiceError> {");
        if self.model.operations.is_empty() {
            out.line(4, "not_implemented(operation)");
            out.line(0, "}");
            return;
        }
        out.line(4, "match operation {");
        for op in &self.model.operations {
            let method = &methods[&op.name];
            out.line(8, &format!("{} => {{", literal(&op.name)));
            let args = if op.input.is_some() {
                out.line(12, "let input = from_input(input)?;");
                "ctx, input"
            } else {
                "ctx"
            };
            let chain = format!("api.{method}({args}).await?");
            let short = width(&chain) < CHAIN_WIDTH;
            if op.output.is_some() {
                if short {
                    out.line(12, &format!("let output = {chain};"));
                } else {
                    out.line(12, "let output = api");
                    out.line(16, &format!(".{method}({args})"));
                    out.line(16, ".await?;");
                }
                if self.views.contains(&op.name) {
                    out.line(12, "Ok(Output::written(output))");
                } else {
                    out.line(12, "Ok(Output::typed(output))");
                }
            } else {
                if short {
                    out.line(12, &format!("{chain};"));
                } else {
                    out.line(12, &format!("api.{method}({args})"));
                    out.line(16, ".await?;");
                }
                out.line(12, "Ok(Output::empty())");
            }
            out.line(8, "}");
        }
        out.line(8, "_ => not_implemented(operation),");
        out.line(4, "}");
        out.line(0, "}");
    }

    fn emit_struct(&self, out: &mut Out, shape: &str, rust: &str) {
        let structure = self.structure(shape);
        out.blank();
        let mut uses = Vec::new();
        for op in &self.model.operations {
            if op.input.as_deref() == Some(shape) {
                uses.push(format!("the input of `{}`", op.name));
            }
            if op.output.as_deref() == Some(shape) {
                uses.push(format!("the output of `{}`", op.name));
            }
        }
        if structure.exception {
            uses.push("an error".to_owned());
        }
        if uses.is_empty() {
            out.line(0, &format!("/// The `{shape}` structure."));
        } else {
            out.line(
                0,
                &format!("/// The `{shape}` structure: {}.", uses.join(", ")),
            );
        }
        if self.defaults.contains(shape) {
            out.line(
                0,
                "#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]",
            );
        } else {
            out.line(
                0,
                "#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]",
            );
        }
        if structure.members.is_empty() {
            out.line(0, &format!("pub struct {rust} {{}}"));
            return;
        }
        let generic = self.generic.contains(shape);
        if generic {
            out.line(0, &format!("pub struct {rust}<S = String> {{"));
        } else {
            out.line(0, &format!("pub struct {rust} {{"));
        }
        let fields = field_names(structure);
        for member in &structure.members {
            let mut ty = self.field_type(&member.target, generic);
            if self
                .boxed
                .contains(&(shape.to_owned(), member.name.clone()))
            {
                ty = format!("Box<{ty}>");
            }
            out.serde_attr(4, &format!("rename = {}", literal(&member.name)));
            if !member.required {
                ty = format!("Option<{ty}>");
                out.serde_attr(4, "default, skip_serializing_if = \"Option::is_none\"");
            }
            let field = field_ident(&fields[&member.name]);
            let one = format!("pub {field}: {ty},");
            if 4 + width(&one) <= MAX_WIDTH {
                out.line(4, &one);
            } else {
                out.line(4, &format!("pub {field}:"));
                out.line(8, &format!("{ty},"));
            }
        }
        out.line(0, "}");
    }
}

impl Generator<'_> {
    /// A test aid: each operation's output decoded from a sample value and written both ways.
    fn emit_writer_check(&self, out: &mut Out) {
        let outputs: Vec<(&str, &str)> = self
            .model
            .operations
            .iter()
            .filter_map(|op| Some((op.name.as_str(), op.output.as_deref()?)))
            .collect();
        if outputs.is_empty() {
            return;
        }
        out.blank();
        for doc in [
            "/// The output of `operation`, decoded from `sample`, written by its `WriteJson` and by",
            "/// serde_json, which must agree (`emulator_core::model::samples` makes samples). An",
            "/// operation without an output gives two empty bodies.",
        ] {
            out.line(0, doc);
        }
        out.line(0, "#[cfg(test)]");
        out.line(0, "pub(crate) fn output_written_both_ways(");
        out.line(4, "operation: &str,");
        out.line(4, "sample: serde_json::Value,");
        out.line(0, ") -> Result<(Vec<u8>, Vec<u8>), serde_json::Error> {");
        out.line(4, "use emulator_core::dto::written_both_ways;");
        out.line(4, "match operation {");
        for (operation, output) in outputs {
            let pattern = literal(operation);
            let ty = &self.type_names[output];
            let call = format!("written_both_ways::<{ty}>(sample)");
            if 12 + width(&call) <= MAX_WIDTH {
                out.arm(8, &pattern, &call);
            } else {
                // Too long even inside a block: rustfmt breaks the turbofish instead.
                out.line(8, &format!("{pattern} => written_both_ways::<"));
                out.line(12, &format!("{ty},"));
                out.line(8, ">(sample),");
            }
        }
        out.line(8, "_ => Ok((Vec::new(), Vec::new())),");
        out.line(4, "}");
        out.line(0, "}");
    }

    /// `WriteJson` for an output structure: each present member under its name, quoted here
    /// once, in field order (the order serde writes them).
    fn emit_struct_writer(&self, out: &mut Out, shape: &str, rust: &str) {
        let structure = self.structure(shape);
        let generic = self.generic.contains(shape);
        out.blank();
        if generic {
            out.line(0, &format!("impl<S: WriteJson> WriteJson for {rust}<S> {{"));
        } else {
            out.line(0, &format!("impl WriteJson for {rust} {{"));
        }
        out.line(4, "fn write_json(&self, out: &mut Vec<u8>) {");
        if structure.members.is_empty() {
            out.line(8, "JsonObject::begin(out).end();");
        } else {
            let fields = field_names(structure);
            out.line(8, "let mut object = JsonObject::begin(out);");
            for member in &structure.members {
                let field = field_ident(&fields[&member.name]);
                let name = json_literal(&member.name, ":");
                if member.required {
                    member_call(out, 8, &name, &format!("&self.{field}"));
                } else {
                    out.line(8, &format!("if let Some(value) = &self.{field} {{"));
                    member_call(out, 12, &name, "value");
                    out.line(8, "}");
                }
            }
            out.line(8, "object.end();");
        }
        out.line(4, "}");
        out.line(0, "}");
        let viewed = self
            .model
            .operations
            .iter()
            .any(|op| self.views.contains(&op.name) && op.output.as_deref() == Some(shape));
        if viewed {
            out.blank();
            if generic {
                out.line(
                    0,
                    &format!("impl<S: WriteJson> WritesAs<{rust}> for {rust}<S> {{"),
                );
            } else {
                out.line(0, &format!("impl WritesAs<{rust}> for {rust} {{"));
            }
            // One static for every view of the type: the impl's parameter does not reach it.
            out.line(4, "fn size_hint() -> &'static BodySizeHint {");
            out.line(8, "static HINT: BodySizeHint = BodySizeHint::new();");
            out.line(8, "&HINT");
            out.line(4, "}");
            out.line(0, "}");
        }
    }
}

/// Field names by member name: snake case, made unique.
fn field_names(structure: &Structure) -> BTreeMap<String, String> {
    let wanted: Vec<(String, String)> = structure
        .members
        .iter()
        .map(|m| (m.name.clone(), snake_case(&m.name)))
        .collect();
    assign_unique(&wanted, &BTreeSet::new(), snake_alternative)
}

/// Variant names by enum value: Pascal case, made unique.
fn variant_names(values: &[String]) -> BTreeMap<String, String> {
    let wanted: Vec<(String, String)> =
        values.iter().map(|v| (v.clone(), pascal_case(v))).collect();
    let reserved: BTreeSet<String> = ["Self".to_owned()].into();
    assign_unique(&wanted, &reserved, variant_alternative)
}

/// `object.member(name, value);`, its arguments on their own lines when they are wider than
/// rustfmt's call width (60) or the line too long.
fn member_call(out: &mut Out, indent: usize, name: &str, value: &str) {
    let args = format!("{name}, {value}");
    let one = format!("object.member({args});");
    if width(&args) <= CALL_WIDTH && indent + width(&one) <= MAX_WIDTH {
        out.line(indent, &one);
    } else {
        out.line(indent, "object.member(");
        out.line(indent + 4, &format!("{name},"));
        out.line(indent + 4, &format!("{value},"));
        out.line(indent, ");");
    }
}

/// `WriteJson` for an enum in an output: its value, quoted here once.
fn emit_enum_writer(out: &mut Out, rust: &str, values: &[String]) {
    let variants = variant_names(values);
    out.blank();
    out.line(0, &format!("impl WriteJson for {rust} {{"));
    out.line(4, "fn write_json(&self, out: &mut Vec<u8>) {");
    out.line(8, "let quoted = match self {");
    for value in values {
        out.arm(
            12,
            &format!("Self::{}", variants[value]),
            &json_literal(value, ""),
        );
    }
    out.line(8, "};");
    out.line(8, "out.extend_from_slice(quoted.as_bytes());");
    out.line(4, "}");
    out.line(0, "}");
}

fn emit_parse_error(out: &mut Out) {
    out.blank();
    for line in [
        "/// The error the enums' `FromStr` returns for a value that is not one of theirs.",
        "#[derive(Debug, Clone, PartialEq, Eq)]",
        &format!("pub struct {PARSE_ERROR}(pub String);"),
        "",
        &format!("impl std::fmt::Display for {PARSE_ERROR} {{"),
        "    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {",
        "        write!(f, \"unknown enum value {:?}\", self.0)",
        "    }",
        "}",
        "",
        &format!("impl std::error::Error for {PARSE_ERROR} {{}}"),
    ] {
        if line.is_empty() {
            out.blank();
        } else {
            out.line(0, line);
        }
    }
}

/// The model's exceptions as an enum, so that a handler cannot answer a misspelt or unmodelled
/// exception name: `Exception::ResourceNotFoundException.error("...")`.
fn emit_exceptions(out: &mut Out, model: &Model) {
    let names: Vec<&String> = model
        .shapes
        .iter()
        .filter(|(_, shape)| matches!(shape, Shape::Structure(s) if s.exception))
        .map(|(name, _)| name)
        .collect();
    if names.is_empty() {
        return;
    }
    out.blank();
    out.line(
        0,
        "/// Every exception the model declares: the only error names a handler can answer.",
    );
    out.line(0, "#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]");
    out.line(0, "pub enum Exception {");
    for name in &names {
        out.line(4, &format!("/// `{name}`."));
        out.line(4, &format!("{name},"));
    }
    out.line(0, "}");
    out.blank();
    out.line(0, "impl Exception {");
    out.line(4, "/// The exception's name on the wire.");
    out.line(4, "pub const fn name(self) -> &'static str {");
    out.line(8, "match self {");
    for name in &names {
        out.arm(12, &format!("Self::{name}"), &literal(name));
    }
    out.line(8, "}");
    out.line(4, "}");
    out.blank();
    out.line(4, "/// This exception, with `message`.");
    out.line(
        4,
        "pub fn error(self, message: impl Into<String>) -> ServiceError {",
    );
    out.line(8, "ServiceError::new(self.name(), message)");
    out.line(4, "}");
    out.line(0, "}");
}

fn emit_enum(out: &mut Out, shape: &str, rust: &str, values: &[String]) {
    let variants = variant_names(values);

    out.blank();
    out.line(0, &format!("/// The `{shape}` enum."));
    out.line(
        0,
        "#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]",
    );
    out.line(0, &format!("pub enum {rust} {{"));
    for value in values {
        out.serde_attr(4, &format!("rename = {}", literal(value)));
        out.line(4, &format!("{},", variants[value]));
    }
    out.line(0, "}");

    out.blank();
    out.line(0, &format!("impl {rust} {{"));
    out.line(4, "/// Every value, in model order.");
    let all: Vec<String> = values
        .iter()
        .map(|v| format!("Self::{}", variants[v]))
        .collect();
    out.array(4, "pub const ALL: &[Self] = &[", &all, "];");
    out.blank();
    out.line(4, "/// The value on the wire.");
    out.line(4, "pub fn as_str(&self) -> &'static str {");
    out.line(8, "match self {");
    for value in values {
        out.arm(12, &format!("Self::{}", variants[value]), &literal(value));
    }
    out.line(8, "}");
    out.line(4, "}");
    out.line(0, "}");

    out.blank();
    out.line(0, &format!("impl std::fmt::Display for {rust} {{"));
    out.line(
        4,
        "fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {",
    );
    out.line(8, "f.write_str(self.as_str())");
    out.line(4, "}");
    out.line(0, "}");

    out.blank();
    out.line(0, &format!("impl std::str::FromStr for {rust} {{"));
    out.line(4, &format!("type Err = {PARSE_ERROR};"));
    out.blank();
    out.line(4, "fn from_str(value: &str) -> Result<Self, Self::Err> {");
    out.line(8, "match value {");
    for value in values {
        out.arm(
            12,
            &literal(value),
            &format!("Ok(Self::{})", variants[value]),
        );
    }
    out.arm(12, "_", &format!("Err({PARSE_ERROR}(value.to_owned()))"));
    out.line(8, "}");
    out.line(4, "}");
    out.line(0, "}");
}
