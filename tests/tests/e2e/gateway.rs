//! The gateway as a user's SDK sees it: routing, errors, request ids, the disabled switch and
//! the admin endpoints, with the real `aws-sdk-backup` client against a gateway on an ephemeral
//! port.

use aws_sdk_backup::error::ProvideErrorMetadata;
use integration_tests::{admin_request, backup_client, start_gateway, GatewayHandle};

async fn get(gateway: &GatewayHandle, path: &str) -> (u16, String) {
    admin_request(gateway, "GET", path, "").await
}

async fn post(gateway: &GatewayHandle, path: &str, body: &str) -> (u16, String) {
    admin_request(gateway, "POST", path, body).await
}

#[tokio::test]
async fn health_lists_each_service_and_its_state() {
    let gateway = start_gateway(&[]).await;
    for path in ["/_floci/health", "/_localstack/health"] {
        let (status, body) = get(&gateway, path).await;
        assert_eq!(status, 200);
        let json: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(json["services"]["backup"], "running", "{body}");
    }
    let (status, body) = get(&gateway, "/_floci/info").await;
    assert_eq!(status, 200);
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["config"]["defaultRegion"], "us-east-1");
    let (status, _) = get(&gateway, "/_floci/nothing-here").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_disabled_service_answers_with_a_clear_error() {
    let gateway = start_gateway(&[("FLOCI_SERVICES_BACKUP_ENABLED", "false")]).await;
    let client = backup_client(&gateway).await;
    let err = client
        .list_backup_vaults()
        .send()
        .await
        .expect_err("disabled");
    assert_eq!(err.code(), Some("ServiceDisabled"));
    assert!(err
        .message()
        .unwrap_or_default()
        .contains("FLOCI_SERVICES_BACKUP_ENABLED"));
    let (_, body) = get(&gateway, "/_floci/health").await;
    assert!(body.contains("\"backup\":\"disabled\""), "{body}");
}

#[tokio::test]
async fn validation_failures_use_backups_exception_names() {
    let gateway = start_gateway(&[]).await;
    let client = backup_client(&gateway).await;
    let err = client
        .create_backup_vault()
        .backup_vault_name("bad name!")
        .send()
        .await
        .expect_err("invalid name");
    assert_eq!(err.code(), Some("InvalidParameterValueException"));
    assert_eq!(err.raw_response().unwrap().status().as_u16(), 400);
    assert!(err
        .message()
        .unwrap_or_default()
        .contains("failed to satisfy constraint"));
}

#[tokio::test]
async fn an_unknown_route_is_a_precise_error_not_an_empty_404() {
    let gateway = start_gateway(&[]).await;
    let (status, body) = get(&gateway, "/no/such/thing").await;
    assert_eq!(status, 400);
    assert!(
        body.contains("UnknownServiceException") && body.contains("/no/such/thing"),
        "{body}"
    );
}

#[tokio::test]
async fn oversized_bodies_are_refused_with_413() {
    let gateway = start_gateway(&[("FLOCI_MAX_REQUEST_SIZE", "1")]).await;
    let client = backup_client(&gateway).await;
    let big = "x".repeat(2 * 1024 * 1024);
    let err = client
        .put_backup_vault_access_policy()
        .backup_vault_name("vault")
        .policy(big)
        .send()
        .await
        .expect_err("too large");
    assert_eq!(err.raw_response().unwrap().status().as_u16(), 413);
    assert_eq!(err.code(), Some("RequestEntityTooLargeException"));
}

#[tokio::test]
async fn reset_endpoints_answer_for_every_tool() {
    let gateway = start_gateway(&[]).await;
    for path in [
        "/_floci/reset",
        "/_localstack/state/reset",
        "/moto-api/reset",
        "/_ministack/reset",
    ] {
        let (status, body) = post(&gateway, path, "").await;
        assert_eq!(status, 200, "{path}: {body}");
    }
}

#[tokio::test]
async fn the_clock_endpoint_moves_time_forward_until_reset() {
    let gateway = start_gateway(&[]).await;
    let url = "/_floci/clock";
    let (status, body) = get(&gateway, url).await;
    assert_eq!(status, 200);
    let before: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(before["offsetSeconds"], 0.0);
    let (status, body) = post(&gateway, url, r#"{"advanceSeconds": 86400}"#).await;
    assert_eq!(status, 200, "{body}");
    let after: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(after["offsetSeconds"], 86400.0);
    assert!(after["now"].as_f64().unwrap() >= before["now"].as_f64().unwrap() + 86400.0);
    for bad in [
        "",
        r#"{"advanceSeconds": -5}"#,
        r#"{"advanceSeconds": "soon"}"#,
    ] {
        let (status, body) = post(&gateway, url, bad).await;
        assert_eq!(status, 400, "{bad}: {body}");
    }
    // A service's clock route is the same gateway-wide clock.
    let (status, body) = post(
        &gateway,
        "/_floci/backup/clock",
        r#"{"advanceSeconds": 60}"#,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let via_backup: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(via_backup["offsetSeconds"], 86460.0);
    let (status, _) = get(&gateway, "/_floci/nosuchservice/clock").await;
    assert_eq!(status, 404);
    post(&gateway, "/_floci/reset", "").await;
    let (_, body) = get(&gateway, url).await;
    let reset: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(reset["offsetSeconds"], 0.0);
}
