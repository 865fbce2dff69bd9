//! The protocol layer against small inline models: each validation constraint kind, error
//! serialization for both protocols, json 1.1 routing by `X-Amz-Target`, and rest-json outputs
//! bound to headers and status codes.

use emulator_core::dto::{JsonObject, WriteJson};
use emulator_core::model::Model;
use emulator_core::protocol::{Codec, WireRequest};
use emulator_core::{Protocol, ServiceError, ValidationErrorNames};
use serde_json::{json, Value};

const NAMES: ValidationErrorNames = ValidationErrorNames {
    invalid: "InvalidParameterValueException",
    missing: "MissingParameterValueException",
};

fn rest_model() -> Model {
    Model::parse(
        &json!({
            "metadata": {"protocol": "rest-json", "endpointPrefix": "thing", "serviceId": "Thing"},
            "operations": {
                "PutThing": {
                    "name": "PutThing",
                    "http": {"method": "PUT", "requestUri": "/things/{name}", "responseCode": 201},
                    "input": {"shape": "PutThingInput"},
                    "output": {"shape": "PutThingOutput"}
                },
                "DeleteThing": {
                    "name": "DeleteThing",
                    "http": {"method": "DELETE", "requestUri": "/things/{name}", "responseCode": 204},
                    "input": {"shape": "NameInput"}
                }
            },
            "shapes": {
                "PutThingInput": {
                    "type": "structure",
                    "required": ["Name", "Size"],
                    "members": {
                        "Name": {"shape": "Name", "location": "uri", "locationName": "name"},
                        "Size": {"shape": "Size"},
                        "Color": {"shape": "Color"},
                        "Labels": {"shape": "Labels"},
                        "Ratio": {"shape": "Ratio"},
                        "Token": {"shape": "String", "location": "header", "locationName": "x-token"},
                        "Limit": {"shape": "Size", "location": "querystring", "locationName": "limit"},
                        "When": {"shape": "Time"}
                    }
                },
                "NameInput": {
                    "type": "structure",
                    "required": ["Name"],
                    "members": {"Name": {"shape": "Name", "location": "uri", "locationName": "name"}}
                },
                "PutThingOutput": {
                    "type": "structure",
                    "members": {
                        "Name": {"shape": "String"},
                        "ETag": {"shape": "String", "location": "header", "locationName": "ETag"},
                        "Created": {"shape": "Time"}
                    }
                },
                "Name": {"type": "string", "min": 2, "max": 5, "pattern": "^[a-z]+$"},
                "Size": {"type": "integer", "min": 1, "max": 10},
                "Color": {"type": "string", "enum": ["RED", "BLUE"]},
                "Labels": {"type": "list", "member": {"shape": "String"}, "max": 2},
                "Ratio": {"type": "double", "min": 0, "max": 1},
                "String": {"type": "string"},
                "Time": {"type": "timestamp"},
                "ThingNotFound": {
                    "type": "structure",
                    "exception": true,
                    "members": {"Message": {"shape": "String"}, "Code": {"shape": "String"}, "Type": {"shape": "String"}}
                }
            }
        })
        .to_string(),
    )
    .expect("valid model")
}

fn request<'a>(
    method: &'a http::Method,
    path: &'a str,
    headers: &'a http::HeaderMap,
    query: &'a [(String, String)],
    body: &'a [u8],
) -> WireRequest<'a> {
    WireRequest {
        method,
        path,
        query,
        headers,
        body,
    }
}

fn put(codec: &Codec, body: Value) -> Result<Value, ServiceError> {
    let headers = http::HeaderMap::new();
    let body = body.to_string();
    codec
        .decode(&request(
            &http::Method::PUT,
            "/things/abc",
            &headers,
            &[],
            body.as_bytes(),
        ))
        .map(|(_, input)| input)
}

fn rest_codec() -> Codec {
    Codec::new(rest_model(), Protocol::RestJson, NAMES)
}

fn assert_violation(result: Result<Value, ServiceError>, code: &str, fragment: &str) {
    let err = result.expect_err("must be rejected");
    assert_eq!(err.code_name(&NAMES), code, "{}", err.message());
    assert!(
        err.message().contains(fragment),
        "{} lacks {fragment}",
        err.message()
    );
    assert!(
        err.message()
            .starts_with("1 validation error detected: Value "),
        "{}",
        err.message()
    );
}

#[test]
fn binds_uri_header_query_and_body_members() {
    let codec = rest_codec();
    let mut headers = http::HeaderMap::new();
    headers.insert("x-token", "t-1".parse().unwrap());
    let query = vec![("limit".to_owned(), "3".to_owned())];
    let body = br#"{"Size": 2, "Color": "RED", "When": 1700000000.5, "Unknown": true}"#;
    let (op, input) = codec
        .decode(&request(
            &http::Method::PUT,
            "/things/abc",
            &headers,
            &query,
            body,
        ))
        .unwrap();
    assert_eq!(op.name, "PutThing");
    assert_eq!(
        input,
        json!({"Name": "abc", "Size": 2, "Color": "RED", "When": 1700000000.5, "Token": "t-1", "Limit": 3})
    );
}

#[test]
fn required_members_are_missing_parameter_errors() {
    assert_violation(
        put(&rest_codec(), json!({})),
        "MissingParameterValueException",
        "at 'size' failed to satisfy constraint: Member must not be null",
    );
}

#[test]
fn each_constraint_kind_is_an_invalid_parameter_error() {
    let codec = rest_codec();
    assert_violation(
        put(&codec, json!({"Size": 11})),
        "InvalidParameterValueException",
        "Member must have value less than or equal to 10",
    );
    assert_violation(
        put(&codec, json!({"Size": 0})),
        "InvalidParameterValueException",
        "Member must have value greater than or equal to 1",
    );
    assert_violation(
        put(&codec, json!({"Size": 1, "Color": "GREEN"})),
        "InvalidParameterValueException",
        "Member must satisfy enum value set: [RED, BLUE]",
    );
    assert_violation(
        put(&codec, json!({"Size": 1, "Labels": ["a", "b", "c"]})),
        "InvalidParameterValueException",
        "Member must have length less than or equal to 2",
    );
    assert_violation(
        put(&codec, json!({"Size": 1, "Ratio": 1.5})),
        "InvalidParameterValueException",
        "Member must have value between",
    );
    let headers = http::HeaderMap::new();
    let body = br#"{"Size": 1}"#;
    for (path, fragment) in [
        (
            "/things/a",
            "Member must have length greater than or equal to 2",
        ),
        (
            "/things/abcdef",
            "Member must have length less than or equal to 5",
        ),
        (
            "/things/AB1",
            "Member must satisfy regular expression pattern: ^[a-z]+$",
        ),
    ] {
        let result = codec
            .decode(&request(&http::Method::PUT, path, &headers, &[], body))
            .map(|(_, input)| input);
        assert_violation(result, "InvalidParameterValueException", fragment);
    }
}

#[test]
fn wrong_json_types_and_malformed_bodies_are_serialization_errors() {
    let codec = rest_codec();
    for body in [
        json!({"Size": "two"}),
        json!({"Size": 1.5}),
        json!({"Size": 1, "Labels": "x"}),
    ] {
        let err = put(&codec, body).unwrap_err();
        assert_eq!(err.code_name(&NAMES), "SerializationException");
    }
    let headers = http::HeaderMap::new();
    let err = codec
        .decode(&request(
            &http::Method::PUT,
            "/things/abc",
            &headers,
            &[],
            b"{not json",
        ))
        .unwrap_err();
    assert_eq!(err.code_name(&NAMES), "SerializationException");
    let err = codec
        .decode(&request(
            &http::Method::PUT,
            "/things/abc",
            &headers,
            &[("limit".into(), "many".into())],
            b"{\"Size\":1}",
        ))
        .unwrap_err();
    assert_eq!(err.code_name(&NAMES), "InvalidParameterValueException");
}

#[test]
fn outputs_bind_headers_status_codes_and_timestamps() {
    let codec = rest_codec();
    let model = codec.model();
    let op = model.operation("PutThing").unwrap();
    let wire = codec.encode_output(
        op,
        json!({"Name": "abc", "ETag": "e1", "Created": 1700000000.25}),
    );
    assert_eq!(wire.status, 201);
    assert!(wire.headers.iter().any(|(k, v)| k == "etag" && v == "e1"));
    let body: Value = serde_json::from_slice(&wire.body).unwrap();
    assert_eq!(body, json!({"Name": "abc", "Created": 1700000000.25}));
    let delete = model.operation("DeleteThing").unwrap();
    let wire = codec.encode_output(delete, json!({}));
    assert_eq!(wire.status, 204);
    assert!(wire.body.is_empty());
}

#[test]
fn errors_carry_the_name_in_header_and_body_with_modelled_members() {
    let codec = rest_codec();
    let wire = codec.encode_error(&ServiceError::new("ThingNotFound", "no such thing"));
    assert_eq!(wire.status, 400);
    assert!(wire
        .headers
        .iter()
        .any(|(k, v)| k == "x-amzn-errortype" && v == "ThingNotFound"));
    let body: Value = serde_json::from_slice(&wire.body).unwrap();
    assert_eq!(
        body,
        json!({"__type": "ThingNotFound", "message": "no such thing", "Message": "no such thing", "Code": "ThingNotFound", "Type": "Client"})
    );
    let wire =
        codec.encode_error(&ServiceError::invalid_parameter("bad").with_field("Context", "ctx"));
    let body: Value = serde_json::from_slice(&wire.body).unwrap();
    assert_eq!(body["__type"], "InvalidParameterValueException");
    assert_eq!(body["Context"], "ctx");
    let wire = codec.encode_error(&ServiceError::internal("boom"));
    assert_eq!(wire.status, 500);
}

fn json_model() -> Model {
    Model::parse(
        &json!({
            "metadata": {"protocol": "json", "jsonVersion": "1.1", "endpointPrefix": "widgets", "serviceId": "Widgets", "targetPrefix": "Widgets_2020"},
            "operations": {
                "CreateWidget": {
                    "name": "CreateWidget",
                    "http": {"method": "POST", "requestUri": "/"},
                    "input": {"shape": "CreateWidgetRequest"},
                    "output": {"shape": "CreateWidgetResponse"},
                    "errors": [{"shape": "LimitExceeded"}]
                }
            },
            "shapes": {
                "CreateWidgetRequest": {"type": "structure", "required": ["Name"], "members": {"Name": {"shape": "Name"}}},
                "CreateWidgetResponse": {"type": "structure", "members": {"Arn": {"shape": "String"}, "At": {"shape": "Time"}}},
                "Name": {"type": "string", "max": 3},
                "String": {"type": "string"},
                "Time": {"type": "timestamp"},
                "LimitExceeded": {"type": "structure", "exception": true, "error": {"httpStatusCode": 429}, "members": {"message": {"shape": "String"}}}
            }
        })
        .to_string(),
    )
    .expect("valid model")
}

fn json_request(
    codec: &Codec,
    target: Option<&str>,
    body: &[u8],
) -> Result<(String, Value), ServiceError> {
    let mut headers = http::HeaderMap::new();
    if let Some(target) = target {
        headers.insert("x-amz-target", target.parse().unwrap());
    }
    codec
        .decode(&request(&http::Method::POST, "/", &headers, &[], body))
        .map(|(op, input)| (op.name.clone(), input))
}

#[test]
fn json_protocol_routes_by_target_and_reads_the_body() {
    let codec = Codec::new(
        json_model(),
        Protocol::Json { version: "1.1" },
        ValidationErrorNames::DEFAULT,
    );
    let (name, input) = json_request(
        &codec,
        Some("Widgets_2020.CreateWidget"),
        br#"{"Name":"w1"}"#,
    )
    .unwrap();
    assert_eq!(name, "CreateWidget");
    assert_eq!(input, json!({"Name": "w1"}));
    for target in [
        None,
        Some("Widgets_2020.Nope"),
        Some("Other_2020.CreateWidget"),
        Some("NoDot"),
    ] {
        let err = json_request(&codec, target, b"{}").unwrap_err();
        assert_eq!(
            err.code_name(&ValidationErrorNames::DEFAULT),
            "UnknownOperationException"
        );
    }
    let err = json_request(
        &codec,
        Some("Widgets_2020.CreateWidget"),
        br#"{"Name":"long"}"#,
    )
    .unwrap_err();
    assert_eq!(
        err.code_name(&ValidationErrorNames::DEFAULT),
        "ValidationException"
    );
    let err = json_request(&codec, Some("Widgets_2020.CreateWidget"), b"{}").unwrap_err();
    assert_eq!(
        err.code_name(&ValidationErrorNames::DEFAULT),
        "ValidationException"
    );
}

#[test]
fn json_protocol_encodes_outputs_and_modelled_error_statuses() {
    let codec = Codec::new(
        json_model(),
        Protocol::Json { version: "1.1" },
        ValidationErrorNames::DEFAULT,
    );
    let op = codec.model().operation("CreateWidget").unwrap();
    let wire = codec.encode_output(op, json!({"Arn": "arn:x", "At": 1.5}));
    assert_eq!(wire.status, 200);
    assert!(wire
        .headers
        .iter()
        .any(|(k, v)| k == "content-type" && v == "application/x-amz-json-1.1"));
    assert_eq!(
        serde_json::from_slice::<Value>(&wire.body).unwrap(),
        json!({"Arn": "arn:x", "At": 1.5})
    );
    let wire = codec.encode_error(&ServiceError::new("LimitExceeded", "too many"));
    assert_eq!(wire.status, 429);
    let body: Value = serde_json::from_slice(&wire.body).unwrap();
    assert_eq!(body["__type"], "LimitExceeded");
    assert_eq!(body["message"], "too many");
}

#[test]
fn outputs_take_wire_names_and_formats_and_drop_what_the_body_does_not_carry() {
    let model = Model::parse(
        &json!({
            "metadata": {"protocol": "rest-json", "endpointPrefix": "thing", "serviceId": "Thing"},
            "operations": {
                "GetThing": {
                    "name": "GetThing",
                    "http": {"method": "GET", "requestUri": "/things"},
                    "output": {"shape": "GetThingOutput"}
                }
            },
            "shapes": {
                "GetThingOutput": {
                    "type": "structure",
                    "members": {
                        "Name": {"shape": "String", "locationName": "name"},
                        "Other": {"shape": "String", "locationName": "Name"},
                        "ETag": {"shape": "String", "location": "header", "locationName": "ETag"},
                        "Stamped": {"shape": "Time", "timestampFormat": "iso8601"},
                        "Epoch": {"shape": "Time"},
                        "Items": {"shape": "Items"},
                        "Tags": {"shape": "Tags"}
                    }
                },
                "Items": {"type": "list", "member": {"shape": "Item"}},
                "Item": {
                    "type": "structure",
                    "members": {
                        "Id": {"shape": "String", "locationName": "id"},
                        "At": {"shape": "HttpTime"}
                    }
                },
                "Tags": {"type": "map", "key": {"shape": "String"}, "value": {"shape": "String"}},
                "String": {"type": "string"},
                "Time": {"type": "timestamp"},
                "HttpTime": {"type": "timestamp", "timestampFormat": "rfc822"}
            }
        })
        .to_string(),
    )
    .expect("valid model");
    let codec = Codec::new(model, Protocol::RestJson, NAMES);
    let op = codec.model().operation("GetThing").unwrap();
    let wire = codec.encode_output(
        op,
        json!({
            "Name": "a",
            "Other": "b",
            "ETag": "e",
            "Stamped": 0,
            "Epoch": 1.5,
            "Items": [{"Id": "i", "At": 0, "Unknown": 1}, {"Id": null}],
            "Tags": {"k": "v", "gone": null},
            "Unknown": true,
            "Nothing": null
        }),
    );
    assert!(wire.headers.iter().any(|(k, v)| k == "etag" && v == "e"));
    let body: Value = serde_json::from_slice(&wire.body).unwrap();
    assert_eq!(
        body,
        json!({
            "name": "a",
            "Name": "b",
            "Stamped": "1970-01-01T00:00:00.000Z",
            "Epoch": 1.5,
            "Items": [{"id": "i", "At": "Thu, 01 Jan 1970 00:00:00 GMT"}, {}],
            "Tags": {"k": "v"}
        })
    );
}

#[test]
fn typed_outputs_in_wire_form_are_written_as_they_serialize() {
    #[derive(serde::Serialize)]
    struct Widget {
        #[serde(rename = "Arn")]
        arn: String,
        #[serde(rename = "At", skip_serializing_if = "Option::is_none")]
        at: Option<f64>,
    }
    // As model-codegen writes it.
    impl WriteJson for Widget {
        fn write_json(&self, out: &mut Vec<u8>) {
            let mut object = JsonObject::begin(out);
            object.member("\"Arn\":", &self.arn);
            if let Some(value) = &self.at {
                object.member("\"At\":", value);
            }
            object.end();
        }
    }
    let codec = Codec::new(
        json_model(),
        Protocol::Json { version: "1.1" },
        ValidationErrorNames::DEFAULT,
    );
    let op = codec.model().operation("CreateWidget").unwrap();
    assert!(codec.model().is_wire_form(op.output.unwrap()));
    let typed = Widget {
        arn: "arn:x".into(),
        at: Some(1.5),
    };
    let wire = codec
        .encode(op, emulator_core::dto::Output::typed(typed))
        .unwrap();
    assert_eq!(wire.status, 200);
    assert_eq!(&wire.body[..], br#"{"Arn":"arn:x","At":1.5}"#);
    assert_eq!(
        wire,
        codec.encode_output(op, json!({"Arn": "arn:x", "At": 1.5}))
    );
}

#[test]
fn typed_outputs_with_bound_members_go_through_their_value() {
    #[derive(serde::Serialize)]
    struct Put {
        #[serde(rename = "Name")]
        name: String,
        #[serde(rename = "ETag")]
        etag: String,
    }
    impl WriteJson for Put {
        fn write_json(&self, out: &mut Vec<u8>) {
            let mut object = JsonObject::begin(out);
            object.member("\"Name\":", &self.name);
            object.member("\"ETag\":", &self.etag);
            object.end();
        }
    }
    let codec = rest_codec();
    let op = codec.model().operation("PutThing").unwrap();
    assert!(!codec.model().is_wire_form(op.output.unwrap()));
    let wire = codec
        .encode(
            op,
            emulator_core::dto::Output::typed(Put {
                name: "abc".into(),
                etag: "e1".into(),
            }),
        )
        .unwrap();
    assert_eq!(wire.status, 201);
    assert!(wire.headers.iter().any(|(k, v)| k == "etag" && v == "e1"));
    let body: Value = serde_json::from_slice(&wire.body).unwrap();
    assert_eq!(body, json!({"Name": "abc"}));
}
