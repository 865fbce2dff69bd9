//! A throwaway json-1.1 service registered through `inventory`, as any plugin crate would be:
//! the gateway discovers it, routes to it by `X-Amz-Target`, survives its panics with a 500
//! `InternalFailure`, and honours its enable switch.

use std::sync::Arc;

use emulator_core::dto::Output;
use emulator_core::{
    async_trait, Gateway, GatewayHandle, Protocol, RequestContext, Service, ServiceDescriptor,
    ServiceError, ServiceSettings, ValidationErrorNames,
};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const MODEL: &str = r#"{
  "metadata": {"protocol": "json", "jsonVersion": "1.1", "endpointPrefix": "widgets",
               "serviceId": "Widgets", "signingName": "widgets", "targetPrefix": "Widgets_2020"},
  "operations": {
    "Echo": {"name": "Echo", "http": {"method": "POST", "requestUri": "/"},
             "input": {"shape": "EchoRequest"}, "output": {"shape": "EchoRequest"}},
    "Boom": {"name": "Boom", "http": {"method": "POST", "requestUri": "/"}},
    "Later": {"name": "Later", "http": {"method": "POST", "requestUri": "/"}}
  },
  "shapes": {
    "EchoRequest": {"type": "structure", "required": ["Text"], "members": {"Text": {"shape": "Text"}}},
    "Text": {"type": "string", "max": 5}
  }
}"#;

struct Widgets;

#[async_trait]
impl Service for Widgets {
    async fn call(
        &self,
        ctx: &RequestContext,
        operation: &str,
        input: Value,
    ) -> Result<Output, ServiceError> {
        match operation {
            "Echo" => Ok(Output::Value(
                json!({"Text": input["Text"], "Account": ctx.account_id}),
            )),
            "Boom" => panic!("widget exploded"),
            other => Err(ServiceError::not_implemented("Widgets", other)),
        }
    }

    fn reset(&self) {}
}

fn build(_: &ServiceSettings) -> Result<Arc<dyn Service>, String> {
    Ok(Arc::new(Widgets))
}

emulator_core::inventory::submit! {
    ServiceDescriptor {
        name: "widgets",
        signing_names: &["widgets"],
        endpoint_prefix: "widgets",
        protocol: Protocol::Json { version: "1.1" },
        target_prefix: Some("Widgets_2020"),
        model_json: MODEL,
        enabled_by_default: true,
        validation_errors: ValidationErrorNames::DEFAULT,
        build,
    }
}

async fn start(vars: &[(&str, &str)]) -> GatewayHandle {
    let mut all = vec![
        ("FLOCI_HOST".to_owned(), "127.0.0.1".to_owned()),
        ("FLOCI_PORT".to_owned(), "0".to_owned()),
    ];
    all.extend(vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
    Gateway::from_vars(all)
        .unwrap()
        .bind()
        .await
        .unwrap()
        .spawn()
        .unwrap()
}

/// One HTTP/1.1 request; answers (status, lower-cased headers, body).
async fn call(
    gateway: &GatewayHandle,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String, String) {
    let mut stream = tokio::net::TcpStream::connect(gateway.addr())
        .await
        .unwrap();
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    (
        head[9..12].parse().unwrap(),
        head.to_ascii_lowercase(),
        body.to_owned(),
    )
}

async fn target(gateway: &GatewayHandle, operation: &str, body: &str) -> (u16, String, String) {
    let target = format!("Widgets_2020.{operation}");
    call(
        gateway,
        "POST",
        "/",
        &[
            ("X-Amz-Target", &target),
            ("Content-Type", "application/x-amz-json-1.1"),
        ],
        body,
    )
    .await
}

#[tokio::test]
async fn a_plugin_is_discovered_and_routed_by_target() {
    let gateway = start(&[]).await;
    let (status, headers, body) = target(&gateway, "Echo", r#"{"Text":"hi"}"#).await;
    assert_eq!(status, 200, "{body}");
    assert!(headers.contains("content-type: application/x-amz-json-1.1"));
    assert!(headers.contains("x-amzn-requestid: "));
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["Text"], "hi");
    let (status, _, body) = target(&gateway, "Echo", r#"{"Text":"too long"}"#).await;
    assert_eq!(status, 400);
    assert!(body.contains("ValidationException"), "{body}");
    let (_, _, health) = call(&gateway, "GET", "/_floci/health", &[], "").await;
    assert!(health.contains(r#""widgets":"running""#), "{health}");
}

#[tokio::test]
async fn a_panicking_handler_is_a_500_and_the_gateway_keeps_serving() {
    let gateway = start(&[]).await;
    let (status, headers, body) = target(&gateway, "Boom", "{}").await;
    assert_eq!(status, 500);
    assert!(
        headers.contains("x-amzn-errortype: internalfailure"),
        "{headers}"
    );
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["__type"], "InternalFailure");
    assert!(body["message"]
        .as_str()
        .unwrap()
        .contains("widget exploded"));
    let (status, _, _) = target(&gateway, "Echo", r#"{"Text":"ok"}"#).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn unimplemented_and_disabled_answer_501() {
    let gateway = start(&[]).await;
    let (status, _, body) = target(&gateway, "Later", "{}").await;
    assert_eq!(status, 501);
    assert!(
        body.contains("NotImplemented") && body.contains("Later"),
        "{body}"
    );
    let disabled = start(&[("FLOCI_SERVICES_WIDGETS_ENABLED", "false")]).await;
    let (status, _, body) = target(&disabled, "Echo", r#"{"Text":"hi"}"#).await;
    assert_eq!(status, 501);
    assert!(
        body.contains("ServiceDisabled") && body.contains("FLOCI_SERVICES_WIDGETS_ENABLED"),
        "{body}"
    );
}

#[tokio::test]
async fn cors_names_allowed_origins_and_refuses_others() {
    let gateway = start(&[]).await;
    let (status, headers, body) = call(
        &gateway,
        "OPTIONS",
        "/",
        &[
            ("Origin", "http://localhost:3000"),
            ("Access-Control-Request-Method", "POST"),
            (
                "Access-Control-Request-Headers",
                "x-amz-target,content-type",
            ),
        ],
        "",
    )
    .await;
    assert_eq!(status, 200, "{headers}");
    assert!(body.is_empty(), "{body}");
    for expected in [
        "access-control-allow-origin: http://localhost:3000",
        "access-control-allow-methods: get, head, post, put, patch, delete, options",
        "access-control-allow-headers: x-amz-target,content-type",
        "vary: origin, access-control-request-method, access-control-request-headers",
    ] {
        assert!(headers.contains(expected), "{expected} in {headers}");
    }
    let (status, headers, _) = call(
        &gateway,
        "POST",
        "/",
        &[
            ("Origin", "http://localhost:3000"),
            ("X-Amz-Target", "Widgets_2020.Echo"),
            ("Content-Type", "application/x-amz-json-1.1"),
        ],
        r#"{"Text":"hi"}"#,
    )
    .await;
    assert_eq!(status, 200);
    for expected in [
        "access-control-allow-origin: http://localhost:3000",
        "access-control-expose-headers: *",
        "vary: origin, access-control-request-method, access-control-request-headers",
    ] {
        assert!(headers.contains(expected), "{expected} in {headers}");
    }
    assert!(
        !headers.contains("access-control-allow-origin: *"),
        "{headers}"
    );
    assert!(
        !headers.contains("access-control-allow-methods"),
        "{headers}"
    );
    // Another site: the preflight and the call itself are refused, with no CORS headers, for
    // every protocol (this plugin speaks json 1.1).
    for method in ["OPTIONS", "POST"] {
        let (status, headers, body) = call(
            &gateway,
            method,
            "/",
            &[
                ("Origin", "http://evil.example"),
                ("X-Amz-Target", "Widgets_2020.Echo"),
                ("Content-Type", "text/plain"),
            ],
            r#"{"Text":"hi"}"#,
        )
        .await;
        assert_eq!(status, 403, "{method}: {body}");
        assert!(
            !headers.contains("access-control-allow-origin"),
            "{headers}"
        );
    }
}
