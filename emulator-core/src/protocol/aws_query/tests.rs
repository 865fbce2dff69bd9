use serde_json::json;

use super::*;
use crate::protocol::{Codec, WireRequest};
use crate::Protocol;

const NAMES: ValidationErrorNames = ValidationErrorNames {
    invalid: "ValidationError",
    missing: "ValidationError",
};

/// A query model whose members are listed out of alphabetical order.
fn codec() -> Codec {
    let model = r#"{
      "metadata": {"protocol": "query", "endpointPrefix": "thing", "serviceId": "Thing",
                   "apiVersion": "2020-01-01", "xmlNamespace": "https://thing.example/doc/2020-01-01/"},
      "operations": {
        "PutThing": {"name": "PutThing", "http": {"method": "POST", "requestUri": "/"},
                     "input": {"shape": "PutThingRequest"},
                     "output": {"shape": "PutThingResponse", "resultWrapper": "PutThingResult"},
                     "errors": [{"shape": "ThingTooBigException"}]},
        "Open": {"name": "Open", "http": {"method": "POST", "requestUri": "/"}, "authtype": "none",
                 "input": {"shape": "Empty"}}
      },
      "shapes": {
        "PutThingRequest": {"type": "structure", "required": ["Name"], "members": {
          "Name": {"shape": "Name"},
          "Count": {"shape": "Count"},
          "Tags": {"shape": "Tags"},
          "Flat": {"shape": "Flat"},
          "Attrs": {"shape": "Attrs"},
          "When": {"shape": "When"},
          "Enabled": {"shape": "Enabled"}
        }},
        "PutThingResponse": {"type": "structure", "members": {
          "Zeta": {"shape": "Name"},
          "Alpha": {"shape": "Count"},
          "Tags": {"shape": "Tags"},
          "Attrs": {"shape": "Attrs"},
          "When": {"shape": "When"},
          "Empty": {"shape": "Tags"}
        }},
        "Empty": {"type": "structure", "members": {}},
        "Tags": {"type": "list", "member": {"shape": "Tag"}},
        "Tag": {"type": "structure", "required": ["Key"], "members": {
          "Key": {"shape": "Name"}, "Value": {"shape": "Name"}
        }},
        "Flat": {"type": "list", "member": {"shape": "Name"}, "flattened": true},
        "Attrs": {"type": "map", "key": {"shape": "Name"}, "value": {"shape": "Name"}},
        "Name": {"type": "string", "max": 20},
        "Count": {"type": "integer", "min": 1},
        "When": {"type": "timestamp"},
        "Enabled": {"type": "boolean"},
        "ThingTooBigException": {"type": "structure", "exception": true,
          "error": {"code": "ThingTooBig", "httpStatusCode": 413, "senderFault": true},
          "members": {"message": {"shape": "Name"}}}
      }
    }"#;
    Codec::new(Model::parse(model).unwrap(), Protocol::AwsQuery, NAMES)
}

fn form_headers() -> http::HeaderMap {
    let mut headers = http::HeaderMap::new();
    headers.insert(
        http::header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-www-form-urlencoded; charset=utf-8"),
    );
    headers
}

fn post(codec: &Codec, body: &str) -> Result<(String, Value), ServiceError> {
    let headers = form_headers();
    let request = WireRequest {
        method: &http::Method::POST,
        path: "/",
        query: &[],
        headers: &headers,
        body: body.as_bytes(),
    };
    codec
        .decode(&request)
        .map(|(op, input)| (op.name.clone(), input))
}

#[test]
fn flattened_lists_maps_and_scalars_are_read_by_shape() {
    let codec = codec();
    let body = "Action=PutThing&Version=2020-01-01&Name=a+b%2Bc&Count=3&Enabled=true\
        &When=2023-11-14T22%3A13%3A20Z\
        &Tags.member.10.Key=k10&Tags.member.2.Key=k2&Tags.member.2.Value=v2&Tags.member.1.Key=k1\
        &Flat.1=x&Flat.2=y&Attrs.entry.1.key=color&Attrs.entry.1.value=red&Unknown=ignored";
    let (operation, input) = post(&codec, body).unwrap();
    assert_eq!(operation, "PutThing");
    assert_eq!(
        input,
        json!({
            "Name": "a b+c",
            "Count": 3,
            "Enabled": true,
            "When": 1_700_000_000.0,
            "Tags": [{"Key": "k1"}, {"Key": "k2", "Value": "v2"}, {"Key": "k10"}],
            "Flat": ["x", "y"],
            "Attrs": {"color": "red"}
        })
    );
    let (_, empty) = post(&codec, "Action=PutThing&Name=n&Tags=").unwrap();
    assert_eq!(empty, json!({"Name": "n", "Tags": []}));
}

#[test]
fn get_query_strings_carry_the_same_parameters() {
    let codec = codec();
    let headers = http::HeaderMap::new();
    let query = crate::protocol::parse_query(Some(
        "Action=PutThing&Version=2020-01-01&Name=n&Tags.member.1.Key=k",
    ))
    .unwrap();
    let request = WireRequest {
        method: &http::Method::GET,
        path: "/",
        query: &query,
        headers: &headers,
        body: b"",
    };
    let (operation, input) = codec.decode(&request).unwrap();
    assert_eq!(operation.name, "PutThing");
    assert_eq!(input, json!({"Name": "n", "Tags": [{"Key": "k"}]}));
}

#[test]
fn actions_versions_types_and_constraints_are_checked() {
    let codec = codec();
    let code = |body: &str| post(&codec, body).unwrap_err().code_name(&NAMES).to_owned();
    assert_eq!(code("Version=2020-01-01&Name=n"), "MissingAction");
    assert_eq!(code("Action=Nope&Name=n"), "InvalidAction");
    assert_eq!(
        code("Action=PutThing&Version=1999-01-01&Name=n"),
        "InvalidAction"
    );
    assert_eq!(code("Action=PutThing&Name=n&Count=many"), "ValidationError");
    let missing = post(&codec, "Action=PutThing").unwrap_err();
    assert_eq!(
        missing.message(),
        "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null"
    );
    let range = post(&codec, "Action=PutThing&Name=n&Count=0").unwrap_err();
    assert!(range.message().contains("at 'count'"), "{range}");
    let item = post(&codec, "Action=PutThing&Name=n&Tags.member.1.Value=v").unwrap_err();
    assert!(item.message().contains("'tags.1.member.key'"), "{item}");
}

#[test]
fn unsigned_operations_are_found_by_the_form_action() {
    let codec = codec();
    let headers = form_headers();
    let body = b"Action=Open&Version=2020-01-01";
    let action = form_action(&http::Method::POST, "/", &headers, body);
    assert_eq!(action.as_deref(), Some("Open"));
    assert_eq!(
        form_action(&http::Method::GET, "/", &headers, body).as_deref(),
        None
    );
    let request = WireRequest {
        method: &http::Method::POST,
        path: "/",
        query: &[],
        headers: &headers,
        body,
    };
    assert!(codec.is_unsigned_call(&request));
    let signed = WireRequest {
        body: b"Action=PutThing&Name=n",
        ..request
    };
    assert!(!codec.is_unsigned_call(&signed));
}

#[test]
fn outputs_are_xml_in_model_order_with_escaped_text() {
    let codec = codec();
    let operation = codec.model().operation("PutThing").unwrap();
    let output = json!({
        "Alpha": 7,
        "Zeta": "a<b & \"c\"",
        "Attrs": {"k": "v"},
        "Tags": [{"Key": "k1", "Value": "v1"}],
        "When": 1_700_000_000.25,
        "Empty": []
    });
    let response = encode(codec.model(), operation, &output, "req-1");
    assert_eq!(response.status, 200);
    assert_eq!(response.headers[0].1, "text/xml");
    let expected = r#"<PutThingResponse xmlns="https://thing.example/doc/2020-01-01/">
  <PutThingResult>
    <Zeta>a&lt;b &amp; "c"</Zeta>
    <Alpha>7</Alpha>
    <Tags>
      <member>
        <Key>k1</Key>
        <Value>v1</Value>
      </member>
    </Tags>
    <Attrs>
      <entry>
        <key>k</key>
        <value>v</value>
      </entry>
    </Attrs>
    <When>2023-11-14T22:13:20.250Z</When>
    <Empty/>
  </PutThingResult>
  <ResponseMetadata>
    <RequestId>req-1</RequestId>
  </ResponseMetadata>
</PutThingResponse>
"#;
    assert_eq!(String::from_utf8_lossy(&response.body), expected);
    assert_eq!(iso8601(1_700_000_000.0), "2023-11-14T22:13:20Z");
}

#[test]
fn errors_carry_the_modelled_code_status_and_request_id() {
    let codec = codec();
    let error = ServiceError::new("ThingTooBigException", "too <big>");
    let response = codec.encode_error_for(&error, "req-2");
    assert_eq!(response.status, 413);
    let expected = r#"<ErrorResponse xmlns="https://thing.example/doc/2020-01-01/">
  <Error>
    <Type>Sender</Type>
    <Code>ThingTooBig</Code>
    <Message>too &lt;big&gt;</Message>
  </Error>
  <RequestId>req-2</RequestId>
</ErrorResponse>
"#;
    assert_eq!(String::from_utf8_lossy(&response.body), expected);
    let internal = codec.encode_error_for(&ServiceError::internal("boom"), "r");
    assert_eq!(internal.status, 500);
    assert!(String::from_utf8_lossy(&internal.body).contains("<Type>Receiver</Type>"));
    let control = codec.encode_error_for(&ServiceError::invalid_parameter("a\u{1}b\u{FFFF}"), "r");
    assert!(
        String::from_utf8_lossy(&control.body).contains("<Message>a\u{FFFD}b\u{FFFD}</Message>")
    );
    let validation = codec.encode_error_for(&ServiceError::invalid_parameter("bad"), "r");
    assert!(String::from_utf8_lossy(&validation.body).contains("<Code>ValidationError</Code>"));
}
