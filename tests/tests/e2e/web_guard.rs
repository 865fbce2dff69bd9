//! What a web page, a rebinding host name, a bad value or a stray variable can do to the gateway
//! (issue 16, items 1, 2, 5 and 6; docs/reliability.md "Threat model"), through the real gateway:
//! every refusal happens before the request touches state, which each test checks.

use aws_sdk_backup::error::ProvideErrorMetadata;
use integration_tests::{
    admin_request, backup_client, create_vault, raw_request, start_gateway, GatewayHandle,
    ADMIN_TOKEN,
};

const EVIL: &str = "http://evil.example";
const FORM: &str = "application/x-www-form-urlencoded";
const CREDENTIAL: &str = "X-Amz-Credential=111122223333%2F20240102%2Fus-east-1%2Fbackup%2Faws4_request&X-Amz-Algorithm=AWS4-HMAC-SHA256";

async fn vault_names(gateway: &GatewayHandle) -> Vec<String> {
    backup_client(gateway)
        .await
        .list_backup_vaults()
        .send()
        .await
        .expect("list vaults")
        .backup_vault_list()
        .iter()
        .filter_map(|v| v.backup_vault_name().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn a_page_of_another_site_cannot_reset_or_change_anything() {
    let gateway = start_gateway(&[]).await;
    create_vault(&backup_client(&gateway).await, "precious").await;
    let evil_form = [
        ("Host", "localhost:4566"),
        ("Origin", EVIL),
        ("Content-Type", FORM),
    ];
    for (method, path, body) in [
        ("POST", "/_floci/reset", ""),
        ("POST", "/_localstack/state/reset", ""),
        ("POST", "/moto-api/reset", ""),
        ("POST", "/_ministack/reset", ""),
        ("POST", "/_floci/clock", r#"{"advanceSeconds": 86400}"#),
        (
            "POST",
            "/_floci/resources",
            r#"{"resources":[{"arn":"arn:aws:s3:::b"}]}"#,
        ),
        ("DELETE", "/_floci/resources", ""),
        ("GET", "/_floci/info", ""),
    ] {
        let (status, head, answer) = raw_request(&gateway, method, path, &evil_form, body).await;
        assert_eq!(status, 403, "{method} {path}: {answer}");
        assert!(!head.contains("access-control-allow-origin"), "{head}");
    }
    // A page of an allowed origin still may not post a form to the admin endpoints.
    let local_form = [
        ("Host", "localhost:4566"),
        ("Origin", "http://localhost:3000"),
        ("Content-Type", FORM),
    ];
    let (status, _, _) = raw_request(&gateway, "POST", "/_floci/reset", &local_form, "").await;
    assert_eq!(status, 403);
    let (status, clock) = admin_request(&gateway, "GET", "/_floci/clock", "").await;
    assert_eq!(status, 200);
    assert!(clock.contains(r#""offsetSeconds":0.0"#), "{clock}");
    assert_eq!(vault_names(&gateway).await, ["precious"]);

    // Service calls with credentials in the query, from another site: refused, no vault.
    let put = format!("/backup-vaults/planted?{CREDENTIAL}");
    let text = [
        ("Host", "localhost:4566"),
        ("Origin", EVIL),
        ("Content-Type", "text/plain"),
    ];
    let (status, _, body) = raw_request(&gateway, "PUT", &put, &text, "{}").await;
    assert_eq!(status, 403, "{body}");
    let list = format!("/backup-vaults/?{CREDENTIAL}");
    let (status, head, body) = raw_request(&gateway, "GET", &list, &text, "").await;
    assert_eq!(status, 403, "{body}");
    assert!(!body.contains("precious") && !head.contains("access-control-allow-origin"));
    let (status, _, _) = raw_request(&gateway, "OPTIONS", &put, &text, "").await;
    assert_eq!(status, 403);
    assert_eq!(vault_names(&gateway).await, ["precious"]);

    // The same calls from a local dev server's page work, and the answer names its origin.
    let local = [
        ("Host", "localhost:4566"),
        ("Origin", "http://localhost:3000"),
    ];
    let (status, head, body) = raw_request(&gateway, "GET", &list, &local, "").await;
    assert_eq!(status, 200, "{body}");
    assert!(
        head.contains("access-control-allow-origin: http://localhost:3000"),
        "{head}"
    );
    assert!(!head.contains("access-control-allow-origin: *"), "{head}");
    assert!(head.contains("vary: origin"), "{head}");
    assert!(body.contains("precious"));
}

#[tokio::test]
async fn extra_origins_and_the_off_switch_use_localstacks_names() {
    let gateway = start_gateway(&[("EXTRA_CORS_ALLOWED_ORIGINS", "https://app.example")]).await;
    let list = format!("/backup-vaults/?{CREDENTIAL}");
    let (status, head, _) = raw_request(
        &gateway,
        "GET",
        &list,
        &[("Origin", "https://app.example")],
        "",
    )
    .await;
    assert_eq!(status, 200);
    assert!(head.contains("access-control-allow-origin: https://app.example"));
    let (status, _, _) = raw_request(&gateway, "GET", &list, &[("Origin", EVIL)], "").await;
    assert_eq!(status, 403);
    let open = start_gateway(&[("FLOCI_DISABLE_CORS_CHECKS", "1")]).await;
    let (status, head, _) = raw_request(&open, "GET", &list, &[("Origin", EVIL)], "").await;
    assert_eq!(status, 200);
    assert!(head.contains("access-control-allow-origin: http://evil.example"));
}

#[tokio::test]
async fn a_rebinding_host_name_reaches_no_admin_endpoint_and_no_browser_call() {
    let gateway = start_gateway(&[]).await;
    create_vault(&backup_client(&gateway).await, "precious").await;
    let rebound = [
        ("Host", "evil.example:4566"),
        ("Content-Type", "application/json"),
    ];
    let (status, _, _) = raw_request(&gateway, "POST", "/_floci/reset", &rebound, "").await;
    assert_eq!(status, 403);
    // A same-origin page under the attacker's name sends no Origin on a GET, but Sec-Fetch-Site.
    let page = [
        ("Host", "evil.example:4566"),
        ("Sec-Fetch-Site", "same-origin"),
    ];
    let list = format!("/backup-vaults/?{CREDENTIAL}");
    let (status, _, _) = raw_request(&gateway, "GET", &list, &page, "").await;
    assert_eq!(status, 403);
    // Health stays open to container tooling calling the gateway by its service name.
    let (status, _, _) = raw_request(
        &gateway,
        "GET",
        "/_floci/health",
        &[("Host", "floci:4566")],
        "",
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(vault_names(&gateway).await, ["precious"]);
    let named = start_gateway(&[("FLOCI_ALLOWED_HOSTS", "floci")]).await;
    let (status, _, _) = raw_request(
        &named,
        "POST",
        "/_floci/reset",
        &[("Host", "floci:4566"), ("Content-Type", "application/json")],
        "",
    )
    .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn strict_mode_needs_the_admin_token_and_refuses_unsigned_requests() {
    let strict = [
        ("FLOCI_AUTH_VALIDATE_SIGNATURES", "true"),
        ("FLOCI_AUTH_CREDENTIALS", "111122223333:secret"),
    ];
    let off = start_gateway(&strict).await;
    let json = [("Host", "localhost"), ("Content-Type", "application/json")];
    let (status, _, body) = raw_request(&off, "POST", "/_floci/reset", &json, "").await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("FLOCI_ADMIN_TOKEN"), "{body}");
    let (status, _, _) = raw_request(&off, "GET", "/_floci/health", &json, "").await;
    assert_eq!(status, 200);
    // Unsigned, and routed by no host name: 403 MissingAuthenticationTokenException.
    let (status, _, body) = raw_request(&off, "GET", "/backup-vaults/", &json, "").await;
    assert_eq!(status, 403, "{body}");
    assert!(
        body.contains("MissingAuthenticationTokenException"),
        "{body}"
    );

    let with_token =
        start_gateway(&[strict[0], strict[1], ("FLOCI_ADMIN_TOKEN", ADMIN_TOKEN)]).await;
    let wrong = [json[0], json[1], ("X-Floci-Admin-Token", "guess")];
    let (status, _, _) = raw_request(&with_token, "POST", "/_floci/reset", &wrong, "").await;
    assert_eq!(status, 403);
    let (status, _) = admin_request(&with_token, "POST", "/_floci/reset", "").await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn the_clock_refuses_advances_that_would_break_dates_and_changes_nothing() {
    let gateway = start_gateway(&[]).await;
    let (status, _) = admin_request(
        &gateway,
        "POST",
        "/_floci/clock",
        r#"{"advanceSeconds": 86400}"#,
    )
    .await;
    assert_eq!(status, 200);
    for body in [
        r#"{"advanceSeconds": 1e300}"#,
        r#"{"advanceSeconds": 1e18}"#,
        r#"{"advanceSeconds": 40000000000}"#,
        r#"{"advanceSeconds": -1}"#,
        r#"{"advanceSeconds": "soon"}"#,
        r#"{"advanceSeconds": 1e400}"#,
    ] {
        let (status, answer) = admin_request(&gateway, "POST", "/_floci/clock", body).await;
        assert_eq!(status, 400, "{body}: {answer}");
    }
    let (_, clock) = admin_request(&gateway, "GET", "/_floci/clock", "").await;
    assert!(clock.contains(r#""offsetSeconds":86400.0"#), "{clock}");
    // Right up to the bound is fine, and the SDK still parses every date.
    let year_2999 = 32_503_680_000_i64 - 86_400 * 2 - 2_000_000_000;
    let (status, answer) = admin_request(
        &gateway,
        "POST",
        "/_floci/clock",
        &format!(r#"{{"advanceSeconds": {year_2999}}}"#),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    let client = backup_client(&gateway).await;
    create_vault(&client, "late").await;
    let vaults = client.list_backup_vaults().send().await.expect("parseable");
    let created = vaults.backup_vault_list()[0].creation_date().unwrap();
    assert!(created.secs() > 30_000_000_000 && created.secs() < 32_503_680_000);
}

#[tokio::test]
async fn an_absurd_persisted_clock_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("clock.json"),
        "{\"format\":\"floci-state\",\"version\":1,\"content\":\"clock\"}\n{\"offsetMillis\":9223372036854775000}",
    )
    .unwrap();
    let vars = vec![
        ("FLOCI_STORAGE_MODE".to_owned(), "persistent".to_owned()),
        (
            "FLOCI_STORAGE_PERSISTENT_PATH".to_owned(),
            dir.path().display().to_string(),
        ),
    ];
    let err = emulator_core::Gateway::from_vars(vars)
        .err()
        .expect("an absurd clock is refused");
    assert!(err.contains("clock.json") && err.contains("3000"), "{err}");
}

#[tokio::test]
async fn malformed_regions_in_the_credential_scope_are_refused() {
    let gateway = start_gateway(&[]).await;
    for region in ["..", "a%20b", "US-EAST-1"] {
        let path = format!(
            "/backup-vaults/x?X-Amz-Credential=111122223333%2F20240102%2F{region}%2Fbackup%2Faws4_request&X-Amz-Algorithm=AWS4-HMAC-SHA256"
        );
        let (status, _, body) =
            raw_request(&gateway, "PUT", &path, &[("Host", "localhost")], "{}").await;
        assert_eq!(status, 400, "{region}: {body}");
        assert!(body.contains("IncompleteSignatureException"), "{body}");
    }
    let client = backup_client(&gateway).await;
    assert!(vault_names(&gateway).await.is_empty());
    let err = client
        .describe_backup_vault()
        .backup_vault_name("x")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("AccessDeniedException"));
}

#[tokio::test]
async fn the_resource_registry_takes_only_arns() {
    let gateway = start_gateway(&[]).await;
    for entry in [
        r#"{"arn":"not-an-arn"}"#,
        r#"{"arn":"arn:aws:ec2:..:111122223333:volume/v"}"#,
        r#"{"arn":"arn:aws:ec2:us-east-1:111122223333:volume/v","accountId":"42"}"#,
    ] {
        let body = format!(r#"{{"resources":[{{"arn":"arn:aws:s3:::fine"}},{entry}]}}"#);
        let (status, answer) = admin_request(&gateway, "POST", "/_floci/resources", &body).await;
        assert_eq!(status, 400, "{entry}: {answer}");
    }
    let (_, listed) = admin_request(&gateway, "GET", "/_floci/resources", "").await;
    assert_eq!(listed, r#"{"resources":[]}"#);
}

#[tokio::test]
async fn a_switch_for_no_service_is_a_start_up_warning_and_bodies_default_to_10_mb() {
    let gateway = emulator_core::Gateway::from_vars(vec![
        (
            "FLOCI_SERVICES_BAKCUP_ENABLED".to_owned(),
            "false".to_owned(),
        ),
        (
            "FLOCI_SERVICES_BACKUP_ENABLED".to_owned(),
            "true".to_owned(),
        ),
    ])
    .unwrap();
    let warnings = gateway.config_warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("FLOCI_SERVICES_BAKCUP_ENABLED"));
    assert_eq!(gateway.config().max_request_bytes, 10 * 1024 * 1024);
    assert_eq!(gateway.config().host.to_string(), "127.0.0.1");

    // A body declared one byte over 10 MB is refused before it is read.
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let running = start_gateway(&[]).await;
    let mut stream = tokio::net::TcpStream::connect(running.addr())
        .await
        .unwrap();
    let head = format!(
        "PUT /backup-vaults/big?{CREDENTIAL} HTTP/1.1\r\nHost: localhost\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        10 * 1024 * 1024 + 1
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    let body = response.clone();
    let status: u16 = response[9..12].parse().unwrap();
    assert_eq!(status, 413, "{body}");
}

#[tokio::test]
async fn a_body_of_too_many_json_values_is_refused_before_it_is_parsed() {
    let gateway = start_gateway(&[]).await;
    let client = backup_client(&gateway).await;
    let arn = create_vault(&client, "tagged").await;
    let tags: std::collections::HashMap<String, String> = (0..100_001)
        .map(|i| (format!("k{i}"), "v".to_owned()))
        .collect();
    let err = client
        .tag_resource()
        .resource_arn(&arn)
        .set_tags(Some(tags))
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("SerializationException"), "{err:?}");
    assert!(integration_tests::tags_of(&client, &arn).await.is_empty());
}

#[tokio::test]
async fn the_start_up_log_warns_when_admin_endpoints_answer_the_network() {
    let notes = |vars: &[(&str, &str)]| {
        let vars: Vec<(String, String)> = [("FLOCI_PORT", "0")]
            .iter()
            .chain(vars)
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        async move {
            let bound = emulator_core::Gateway::from_vars(vars)
                .unwrap()
                .bind()
                .await
                .unwrap();
            let addr = bound.local_addr().unwrap();
            bound.exposure_notes(addr)
        }
    };
    let local = notes(&[]).await;
    assert!(local.iter().all(|n| !n.warning), "{local:?}");
    assert!(local[0].text.contains("127.0.0.1") && local[0].text.contains("this machine only"));
    assert!(local[0]
        .text
        .contains("strict auth (FLOCI_AUTH_VALIDATE_SIGNATURES) off"));
    let exposed = notes(&[("FLOCI_HOST", "0.0.0.0")]).await;
    assert!(
        exposed
            .iter()
            .any(|n| n.warning && n.text.contains("FLOCI_ADMIN_TOKEN")),
        "{exposed:?}"
    );
    let guarded = notes(&[("FLOCI_HOST", "0.0.0.0"), ("FLOCI_ADMIN_TOKEN", "t")]).await;
    assert!(guarded.iter().all(|n| !n.warning), "{guarded:?}");
}
