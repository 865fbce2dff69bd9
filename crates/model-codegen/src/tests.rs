use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::json;

use crate::{generate, CodegenError, Options};

fn options() -> Options {
    Options {
        service_name: "Test".to_owned(),
        trait_name: "TestApi".to_owned(),
        views: Vec::new(),
    }
}

/// A small model exercising the corners: recursion, collisions with prelude names, keywords,
/// acronyms, odd enum values, long names, operations without input or output.
fn model() -> String {
    let long_op = "DescribeTransitGatewayMulticastDomainAssociationsForEverything";
    json!({
        "version": "2.0",
        "metadata": {
            "apiVersion": "2020-01-01",
            "protocol": "json",
            "serviceFullName": "Test Service",
            "uid": "test-2020-01-01"
        },
        "operations": {
            "GetNode": {
                "name": "GetNode",
                "input": {"shape": "GetNodeInput"},
                "output": {"shape": "Node"}
            },
            "Ping": {"name": "Ping"},
            "ListThings": {"name": "ListThings", "output": {"shape": "ListThingsOutput"}},
            "PutThing": {"name": "PutThing", "input": {"shape": "Option"}},
            long_op: {
                "name": long_op,
                "input": {"shape": "DescribeTransitGatewayMulticastDomainAssociationsForEverythingInputShape"},
                "output": {"shape": "DescribeTransitGatewayMulticastDomainAssociationsForEverythingOutputShape"}
            }
        },
        "shapes": {
            "GetNodeInput": {
                "type": "structure",
                "required": ["NodeId"],
                "members": {"NodeId": {"shape": "String", "location": "uri", "locationName": "nodeId"}}
            },
            "Node": {
                "type": "structure",
                "required": ["Name", "Kind"],
                "members": {
                    "Name": {"shape": "String"},
                    "Kind": {"shape": "Kind"},
                    "Parent": {"shape": "Node"},
                    "Children": {"shape": "NodeList"},
                    "Labels": {"shape": "LabelMap"},
                    "Type": {"shape": "String"},
                    "Self": {"shape": "String"},
                    "ARN": {"shape": "String"},
                    "Arn": {"shape": "String"},
                    "SNSTopicArn": {"shape": "String"},
                    "Size": {"shape": "Long"},
                    "Count": {"shape": "Integer"},
                    "Ratio": {"shape": "Double"},
                    "Enabled": {"shape": "Boolean"},
                    "CreatedAt": {"shape": "Timestamp"},
                    "Payload": {"shape": "Blob"},
                    "Ping": {"shape": "Ping"}
                }
            },
            "Ping": {
                "type": "structure",
                "required": ["Pong"],
                "members": {"Pong": {"shape": "Pong"}}
            },
            "Pong": {
                "type": "structure",
                "members": {"Ping": {"shape": "Ping"}, "Note": {"shape": "Result"}}
            },
            "NodeList": {"type": "list", "member": {"shape": "Node"}},
            "Tiny": {
                "type": "string",
                "enum": ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N"]
            },
            "Wide": {
                "type": "string",
                "enum": [
                    "A_VALUE_SO_LONG_THAT_ITS_MATCH_ARMS_NO_LONGER_FIT_ON_ONE_LINE_AT_ALL_NOT_EVEN_CLOSE",
                    "SHORT"
                ]
            },
            "WideHolder": {
                "type": "structure",
                "members": {
                    "Wide": {"shape": "Wide"},
                    "Tiny": {"shape": "Tiny"},
                    "AMemberNameSoLongThatTheRenameAttributeDoesNotFitOnOneLineOfOneHundredColumns": {"shape": "String"}
                }
            },
            "LabelMap": {"type": "map", "key": {"shape": "Kind"}, "value": {"shape": "Kind"}},
            "Kind": {
                "type": "string",
                "enum": ["BACKUP_JOB_STARTED", "us-east-1", "1.0", "10", "Self", "self", "S3"]
            },
            "Option": {
                "type": "structure",
                "members": {"Value": {"shape": "String"}}
            },
            "OptionShape": {"type": "structure", "members": {}},
            "Result": {"type": "structure", "members": {}},
            "ListThingsOutput": {
                "type": "structure",
                "required": ["Things"],
                "members": {"Things": {"shape": "NodeList"}, "Kind": {"shape": "Kind"}}
            },
            "DescribeTransitGatewayMulticastDomainAssociationsForEverythingInputShape": {
                "type": "structure",
                "members": {
                    "AVeryLongMemberNameThatGoesOnAndOnAndOnForeverAndEverUntilTheLineIsFull": {"shape": "LongMapOfLongNames"}
                }
            },
            "DescribeTransitGatewayMulticastDomainAssociationsForEverythingOutputShape": {
                "type": "structure",
                "members": {}
            },
            "LongMapOfLongNames": {
                "type": "map",
                "key": {"shape": "String"},
                "value": {"shape": "Node"}
            },
            "SomeError": {
                "type": "structure",
                "members": {"Message": {"shape": "String"}},
                "exception": true
            },
            "String": {"type": "string"},
            "Long": {"type": "long"},
            "Integer": {"type": "integer"},
            "Double": {"type": "double"},
            "Boolean": {"type": "boolean"},
            "Timestamp": {"type": "timestamp"},
            "Blob": {"type": "blob"}
        }
    })
    .to_string()
}

fn generated() -> String {
    generate(&model(), &options()).unwrap()
}

/// The lines of the item that starts with `start`, up to its closing `}` at column 0.
fn item(code: &str, start: &str) -> String {
    let from = code
        .find(start)
        .unwrap_or_else(|| panic!("`{start}` not generated:\n{code}"));
    let rest = &code[from..];
    let end = rest.find("\n}\n").map_or(rest.len(), |i| i + 3);
    rest[..end].to_owned()
}

#[test]
fn generation_is_deterministic() {
    assert_eq!(generated(), generated());
    // The order of the JSON document does not matter either.
    let reordered: serde_json::Value = serde_json::from_str(&model()).unwrap();
    let text = serde_json::to_string_pretty(&reordered).unwrap();
    assert_eq!(generate(&text, &options()).unwrap(), generated());
}

#[test]
fn header_and_constants() {
    let code = generated();
    assert!(code.starts_with(
        "// @generated by model-codegen from test-2020-01-01. Do not edit by hand; run `just codegen`.\n"
    ));
    assert!(code.contains("pub const SERVICE_NAME: &str = \"Test\";"));
    assert!(code.contains(
        "pub const OPERATIONS: &[&str] = &[\n    \"DescribeTransitGatewayMulticastDomainAssociationsForEverything\",\n    \"GetNode\",\n    \"ListThings\",\n    \"Ping\",\n    \"PutThing\",\n];"
    ));
}

#[test]
fn required_members_are_plain_and_others_optional() {
    let node = item(&generated(), "pub struct Node {");
    assert!(node.contains("    #[serde(rename = \"Name\")]\n    pub name: String,\n"));
    assert!(node.contains("    #[serde(rename = \"Kind\")]\n    pub kind: Kind,\n"));
    assert!(node.contains(
        "    #[serde(rename = \"Size\")]\n    #[serde(default, skip_serializing_if = \"Option::is_none\")]\n    pub size: Option<i64>,\n"
    ));
    for field in [
        "pub count: Option<i32>,",
        "pub ratio: Option<f64>,",
        "pub enabled: Option<bool>,",
        "pub created_at: Option<Timestamp>,",
        "pub payload: Option<String>,",
        "pub children: Option<Vec<Node>>,",
        "pub labels: Option<BTreeMap<String, Kind>>,",
        "pub r#type: Option<String>,",
        "pub self_: Option<String>,",
        "pub sns_topic_arn: Option<String>,",
        "pub ping: Option<Ping>,",
    ] {
        assert!(node.contains(field), "{field} missing in\n{node}");
    }
    // `ARN` and `Arn` both want `arn`: the first in member order keeps it.
    assert!(node.contains("    #[serde(rename = \"ARN\")]\n    #[serde(default, skip_serializing_if = \"Option::is_none\")]\n    pub arn: Option<String>,\n"));
    assert!(node.contains("    #[serde(rename = \"Arn\")]\n    #[serde(default, skip_serializing_if = \"Option::is_none\")]\n    pub arn_2: Option<String>,\n"));
    // A required enum rules out `Default`.
    assert!(generated()
        .contains("#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]\npub struct Node {"));
}

#[test]
fn exceptions_are_an_enum_not_structs() {
    let code = generated();
    assert!(!code.contains("pub struct SomeError"));
    let exceptions = item(&code, "pub enum Exception {");
    assert!(exceptions.contains("    SomeError,"), "{exceptions}");
    assert!(code.contains("Self::SomeError => \"SomeError\","));
}

#[test]
fn recursive_shapes_are_boxed() {
    let code = generated();
    let node = item(&code, "pub struct Node {");
    assert!(node.contains("pub parent: Option<Box<Node>>,"), "{node}");
    // Through a list needs no box.
    assert!(node.contains("pub children: Option<Vec<Node>>,"));
    // Mutual recursion Ping -> Pong -> Ping: both direct edges are boxed.
    let ping = item(&code, "pub struct Ping {");
    assert!(ping.contains("pub pong: Box<Pong>,"), "{ping}");
    let pong = item(&code, "pub struct Pong {");
    assert!(pong.contains("pub ping: Option<Box<Ping>>,"), "{pong}");
    assert!(pong.contains("pub note: Option<ResultShape>,"), "{pong}");
    // Required Box<Pong> where Pong is Default keeps Default.
    assert!(code.contains(
        "#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]\npub struct Ping {"
    ));
}

#[test]
fn prelude_collisions_get_a_shape_suffix() {
    let code = generated();
    // `OptionShape` is a real shape and keeps its name; `Option` moves out of its way.
    assert!(code.contains("/// The `Option` structure: the input of `PutThing`.\n#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]\npub struct OptionShape2 {"));
    assert!(code.contains("/// The `OptionShape` structure.\n#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]\npub struct OptionShape {}"));
    assert!(code.contains("pub struct ResultShape {}"));
    assert!(code.contains("        input: OptionShape2,\n    ) -> Result<(), ServiceError> {"));
}

#[test]
fn enums_get_variants_helpers_and_conversions() {
    let code = generated();
    let kind = item(&code, "pub enum Kind {");
    for (value, variant) in [
        ("BACKUP_JOB_STARTED", "BackupJobStarted"),
        ("us-east-1", "UsEast1"),
        ("1.0", "V1_0"),
        ("10", "V10"),
        ("Self", "SelfValue"),
        ("self", "SelfValue2"),
        ("S3", "S3"),
    ] {
        assert!(
            kind.contains(&format!(
                "    #[serde(rename = \"{value}\")]\n    {variant},\n"
            )),
            "{value} -> {variant} in\n{kind}"
        );
        assert!(code.contains(&format!("            Self::{variant} => \"{value}\",\n")));
        assert!(code.contains(&format!(
            "            \"{value}\" => Ok(Self::{variant}),\n"
        )));
    }
    assert!(code.contains("#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]\npub enum Kind {"));
    assert!(code.contains("    pub const ALL: &[Self] = &[\n        Self::BackupJobStarted,\n"));
    assert!(code.contains("impl std::fmt::Display for Kind {"));
    assert!(code.contains("impl std::str::FromStr for Kind {\n    type Err = UnknownEnumValue;"));
}

#[test]
fn trait_and_dispatch_cover_every_operation_shape() {
    let code = generated();
    assert!(code.contains("#[emulator_core::async_trait]\npub trait TestApi: Send + Sync {"));
    // No input: no parameter. No output: unit.
    assert!(code.contains(
        "    /// `Ping`\n    async fn ping(&self, ctx: &RequestContext) -> Result<(), ServiceError> {\n        let _ = ctx;\n        not_implemented(\"Ping\")\n    }\n"
    ));
    assert!(code.contains(
        "    async fn get_node(\n        &self,\n        ctx: &RequestContext,\n        input: GetNodeInput,\n    ) -> Result<Node, ServiceError> {\n        let _ = (ctx, input);\n        not_implemented(\"GetNode\")\n    }\n"
    ));
    assert!(code.contains("pub async fn dispatch<A: TestApi + ?Sized>(\n"));
    assert!(code.contains(
        "        \"Ping\" => {\n            api.ping(ctx).await?;\n            Ok(Output::empty())\n        }\n"
    ));
    assert!(code.contains(
        "        \"GetNode\" => {\n            let input = from_input(input)?;\n            let output = api.get_node(ctx, input).await?;\n            Ok(Output::typed(output))\n        }\n"
    ));
    assert!(code.contains(
        "        \"ListThings\" => {\n            let output = api.list_things(ctx).await?;\n            Ok(Output::typed(output))\n        }\n"
    ));
    assert!(code.contains("        _ => not_implemented(operation),\n"));
    assert!(code.contains(
        "fn not_implemented<T>(operation: &str) -> Result<T, ServiceError> {\n    Err(ServiceError::not_implemented(SERVICE_NAME, operation))\n}\n"
    ));
}

#[test]
fn bad_input_is_an_error() {
    assert!(matches!(
        generate("{", &options()),
        Err(CodegenError::Json(_))
    ));
    let dangling = json!({
        "metadata": {"uid": "x"},
        "operations": {},
        "shapes": {"A": {"type": "structure", "members": {"B": {"shape": "Missing"}}}}
    });
    assert!(matches!(
        generate(&dangling.to_string(), &options()),
        Err(CodegenError::InvalidModel(_))
    ));
    let odd = json!({"metadata": {}, "operations": {}, "shapes": {"A": {"type": "union"}}});
    assert!(matches!(
        generate(&odd.to_string(), &options()),
        Err(CodegenError::Unsupported(_))
    ));
    let bad_trait = Options {
        service_name: "Test".to_owned(),
        trait_name: "Not An Ident".to_owned(),
        views: Vec::new(),
    };
    assert!(matches!(
        generate(&model(), &bad_trait),
        Err(CodegenError::InvalidOption(_))
    ));
}

/// rustfmt's output for `code`, or `None` when rustfmt is not installed.
fn rustfmt(code: &str) -> Option<String> {
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2021"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(code.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "rustfmt failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(String::from_utf8(output.stdout).unwrap())
}

fn assert_rustfmt_clean(code: &str) {
    let Some(formatted) = rustfmt(code) else {
        eprintln!("rustfmt not found; skipping the formatting check");
        return;
    };
    if formatted != code {
        let diff = code
            .lines()
            .zip(formatted.lines())
            .enumerate()
            .find(|(_, (a, b))| a != b)
            .map(|(i, (a, b))| format!("line {}:\n  generated: {a}\n  rustfmt:   {b}", i + 1))
            .unwrap_or_else(|| "the texts differ in length".to_owned());
        panic!("generated code is not rustfmt-clean; first difference at {diff}");
    }
}

#[test]
fn output_is_rustfmt_clean() {
    assert_rustfmt_clean(&generated());
}

#[test]
fn long_lines_are_wrapped_like_rustfmt() {
    let code = generated();
    // A signature too long for one line.
    assert!(code.contains(
        "    async fn describe_transit_gateway_multicast_domain_associations_for_everything(\n        &self,\n        ctx: &RequestContext,\n"
    ));
    // A call chain over the chain width.
    assert!(code.contains(
        "            let output = api\n                .describe_transit_gateway_multicast_domain_associations_for_everything(ctx, input)\n                .await?;\n"
    ));
    // A return type too long for the closing line.
    assert!(code.contains(
        "    ) -> Result<\n        DescribeTransitGatewayMulticastDomainAssociationsForEverythingOutputShape,\n        ServiceError,\n    > {\n"
    ));
    // Match arms and attributes over the line width.
    assert!(code.contains(
        "            Self::AValueSoLongThatItsMatchArmsNoLongerFitOnOneLineAtAllNotEvenClose => {\n                \"A_VALUE_SO_LONG_THAT_ITS_MATCH_ARMS_NO_LONGER_FIT_ON_ONE_LINE_AT_ALL_NOT_EVEN_CLOSE\"\n            }\n"
    ));
    assert!(code.contains(
        "    #[serde(\n        rename = \"AMemberNameSoLongThatTheRenameAttributeDoesNotFitOnOneLineOfOneHundredColumns\"\n    )]\n"
    ));
    // Paths get a line each, however short.
    assert!(code.contains("    pub const ALL: &[Self] = &[\n        Self::A,\n        Self::B,\n"));
    // A field whose declaration does not fit on one line.
    assert!(code.contains(
        "    pub a_very_long_member_name_that_goes_on_and_on_and_on_forever_and_ever_until_the_line_is_full:\n        Option<BTreeMap<String, Node>>,\n"
    ));
}

/// A model with only short operation names and plain shapes: no enums, maps or timestamps.
fn short_model() -> String {
    let mut operations = serde_json::Map::new();
    for name in [
        "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N",
    ] {
        operations.insert(name.to_owned(), json!({"name": name}));
    }
    operations.insert(
        "Get".to_owned(),
        json!({"name": "Get", "input": {"shape": "In"}}),
    );
    json!({
        "metadata": {"uid": "short-2020-01-01"},
        "operations": operations,
        "shapes": {
            "In": {"type": "structure", "members": {"Id": {"shape": "Id"}}},
            "Id": {"type": "string"}
        }
    })
    .to_string()
}

#[test]
fn short_operation_names_share_lines() {
    let code = generate(&short_model(), &options()).unwrap();
    assert!(code.contains(
        "pub const OPERATIONS: &[&str] = &[\n    \"A\", \"B\", \"C\", \"D\", \"E\", \"F\", \"G\", \"Get\", \"H\", \"I\", \"J\", \"K\", \"L\", \"M\", \"N\",\n];\n"
    ), "{code}");
    assert!(code.contains("use emulator_core::dto::{from_input, Output};\n"));
    assert!(!code.contains("BTreeMap"));
    assert!(!code.contains("Timestamp"));
    assert!(!code.contains("enum_variant_names"));
    assert_rustfmt_clean(&code);
}

#[test]
fn a_model_without_operations_still_generates() {
    let model = json!({"metadata": {"uid": "empty"}, "operations": {}, "shapes": {}});
    let code = generate(&model.to_string(), &options()).unwrap();
    assert!(code.contains("pub const OPERATIONS: &[&str] = &[];\n"));
    assert!(code.contains("    _api: &A,\n    _ctx: &RequestContext,\n"));
    assert!(!code.contains("serde::"));
    assert_rustfmt_clean(&code);
}

#[test]
fn output_types_write_their_json_with_names_quoted_once() {
    let code = generated();
    let node = item(&code, "impl WriteJson for Node {");
    assert!(node.contains("let mut object = JsonObject::begin(out);\n"));
    assert!(node.contains("        object.member(\"\\\"Kind\\\":\", &self.kind);\n"));
    assert!(node.contains(
        "        if let Some(value) = &self.parent {\n            object.member(\"\\\"Parent\\\":\", value);\n        }\n"
    ));
    assert!(node.ends_with("        object.end();\n    }\n}\n"));
    let kind = item(&code, "impl WriteJson for Kind {");
    assert!(kind.contains("            Self::UsEast1 => \"\\\"us-east-1\\\"\",\n"));
    assert!(kind.contains("out.extend_from_slice(quoted.as_bytes());"));
    let empty = item(&code, "impl WriteJson for ResultShape {");
    assert!(empty.contains("JsonObject::begin(out).end();"));
    // Types only inputs hold are never written to a body.
    assert!(!code.contains("impl WriteJson for GetNodeInput"));
    assert!(!code.contains("impl WriteJson for OptionShape2"));
    let check = item(&code, "pub(crate) fn output_written_both_ways(");
    assert!(check.contains("\"GetNode\" => written_both_ways::<Node>(sample),"));
    assert!(!check.contains("\"Ping\""));
}

#[test]
fn view_operations_return_written_outputs_of_structures_generic_over_strings() {
    let options = Options {
        views: vec!["ListThings".to_owned()],
        ..options()
    };
    let code = generate(&model(), &options).unwrap();
    // The output reaches Node through a list; Node holds strings, itself boxed and listed.
    let output = item(&code, "pub struct ListThingsOutput<S = String> {");
    assert!(output.contains("    pub things: Vec<Node<S>>,\n"));
    assert!(output.contains("    pub kind: Option<Kind>,\n"));
    let node = item(&code, "pub struct Node<S = String> {");
    assert!(node.contains("    pub name: S,\n"));
    assert!(node.contains("    pub parent: Option<Box<Node<S>>>,\n"));
    assert!(node.contains("    pub children: Option<Vec<Node<S>>>,\n"));
    assert!(node.contains("    pub payload: Option<S>,\n"));
    // Map values stay owned, and a structure without strings takes no parameter.
    assert!(node.contains("    pub labels: Option<BTreeMap<String, Kind>>,\n"));
    assert!(node.contains("    pub ping: Option<Ping>,\n"));
    assert!(code.contains("pub struct Ping {"));
    // Structures outside the view keep plain strings.
    assert!(code.contains("pub struct WideHolder {"));
    assert!(code.contains("impl<S: WriteJson> WriteJson for Node<S> {"));
    assert!(code.contains("impl WriteJson for Ping {"));
    assert!(code.contains(
        "\nimpl<S: WriteJson> WritesAs<ListThingsOutput> for ListThingsOutput<S> {\n    fn size_hint() -> &'static BodySizeHint {\n        static HINT: BodySizeHint = BodySizeHint::new();\n"
    ));
    assert!(!code.contains("WritesAs<Node>"));
    // The view operation returns its output written; GetNode still returns a Node.
    assert!(code.contains(
        "    async fn list_things(\n        &self,\n        ctx: &RequestContext,\n    ) -> Result<Written<ListThingsOutput>, ServiceError> {\n"
    ));
    assert!(code.contains("Result<Node, ServiceError>"));
    let dispatch = item(&code, "pub async fn dispatch<");
    assert!(dispatch.contains(
        "            let output = api.list_things(ctx).await?;\n            Ok(Output::written(output))\n"
    ));
    assert!(dispatch.contains("Ok(Output::typed(output))"));
    assert!(code.contains("use emulator_core::dto::{"));
    assert!(code.contains("WritesAs, Written"));
    assert_rustfmt_clean(&code);
    assert_eq!(
        generated(),
        generate(
            &model(),
            &crate::Options {
                views: Vec::new(),
                ..options
            }
        )
        .unwrap()
    );
}

#[test]
fn views_must_name_operations_with_outputs() {
    for view in ["Nope", "PutThing"] {
        let options = Options {
            views: vec![view.to_owned()],
            ..options()
        };
        assert!(
            matches!(
                generate(&model(), &options),
                Err(CodegenError::InvalidOption(ref message)) if message.contains(view)
            ),
            "{view}"
        );
    }
}
