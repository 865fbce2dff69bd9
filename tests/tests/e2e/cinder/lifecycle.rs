//! States on the gateway clock, persistence, reset and the disabled switch.

use integration_tests::{admin_request, advance_clock, http_request, start_gateway};
use serde_json::json;

use super::{parse, Os};

#[tokio::test]
async fn states_move_on_the_gateway_clock() {
    let gateway = start_gateway(&[("FLOCI_SERVICES_CINDER_STATE_DELAY_SECONDS", "30")]).await;
    let os = Os::login(&gateway).await;
    let volume = os.create_volume("vol1", 1).await;
    assert_eq!(os.volume_status(&volume).await, "creating");
    let refused = os
        .json(
            "POST",
            "/backups",
            None,
            Some(json!({"backup": {"volume_id": volume}})),
            400,
        )
        .await;
    assert_eq!(
        refused["badRequest"]["message"],
        "Invalid volume: Volume to be backed up must be available or in-use, but the current status is \"creating\"."
    );
    advance_clock(&gateway, 30).await;
    assert_eq!(os.volume_status(&volume).await, "available");

    let backup = os.create_backup(&volume, "b", false).await;
    assert_eq!(os.backup(&backup, None).await["status"], "creating");
    assert_eq!(os.volume_status(&volume).await, "backing-up");
    advance_clock(&gateway, 30).await;
    assert_eq!(os.backup(&backup, None).await["status"], "available");
    assert_eq!(os.volume_status(&volume).await, "available");

    os.json(
        "POST",
        &format!("/backups/{backup}/restore"),
        None,
        Some(json!({"restore": {"volume_id": volume}})),
        202,
    )
    .await;
    assert_eq!(os.backup(&backup, None).await["status"], "restoring");
    assert_eq!(os.volume_status(&volume).await, "restoring-backup");
    let busy = os
        .json("DELETE", &format!("/volumes/{volume}"), None, None, 400)
        .await;
    assert!(busy["badRequest"]["message"]
        .as_str()
        .unwrap()
        .starts_with("Invalid volume: Volume status must be available or error"));
    advance_clock(&gateway, 30).await;
    assert_eq!(os.volume_status(&volume).await, "available");

    os.json("DELETE", &format!("/backups/{backup}"), None, None, 202)
        .await;
    assert_eq!(os.backup(&backup, None).await["status"], "deleting");
    advance_clock(&gateway, 30).await;
    os.json("GET", &format!("/backups/{backup}"), None, None, 404)
        .await;
}

#[tokio::test]
async fn state_persists_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_str().unwrap().to_owned();
    let vars = [
        ("FLOCI_STORAGE_MODE", "persistent"),
        ("FLOCI_STORAGE_PERSISTENT_PATH", path.as_str()),
        ("FLOCI_SERVICES_CINDER_STATE_DELAY_SECONDS", "0"),
    ];
    let (token, project, backup) = {
        let gateway = start_gateway(&vars).await;
        let os = Os::login(&gateway).await;
        let volume = os.create_volume("vol1", 1).await;
        let backup = os.create_backup(&volume, "kept", false).await;
        let kept = (os.token.clone(), os.project.clone(), backup);
        gateway.shutdown().await;
        kept
    };
    let gateway = start_gateway(&vars).await;
    let response = http_request(
        &gateway,
        "GET",
        &format!("/volume/v3/{project}/backups/{backup}"),
        &[("X-Auth-Token", token.as_str())],
        "",
    )
    .await;
    assert_eq!(response.status, 200, "{response:?}");
    assert_eq!(parse(&response)["backup"]["name"], "kept");
}

#[tokio::test]
async fn reset_clears_volumes_backups_and_tokens() {
    let gateway = super::instant().await;
    let os = Os::login(&gateway).await;
    os.create_volume("vol1", 1).await;
    let (status, _) = admin_request(&gateway, "POST", "/_floci/reset", "").await;
    assert_eq!(status, 200);
    assert_eq!(os.call("GET", "/volumes", None, None).await.status, 401);
    let again = Os::login(&gateway).await;
    let list = again.json("GET", "/volumes", None, None, 200).await;
    assert_eq!(list["volumes"], json!([]));
}

#[tokio::test]
async fn the_disabled_switch_turns_off_identity_and_volumes() {
    let gateway = start_gateway(&[("FLOCI_SERVICES_CINDER_ENABLED", "false")]).await;
    for path in ["/identity/v3/auth/tokens", "/volume/v3/"] {
        let response = http_request(&gateway, "GET", path, &[], "").await;
        assert_eq!(response.status, 501, "{path}");
        assert!(
            response.body.contains("FLOCI_SERVICES_CINDER_ENABLED"),
            "{response:?}"
        );
    }
    let (_, health) = admin_request(&gateway, "GET", "/_floci/health", "").await;
    assert!(health.contains("\"cinder\":\"disabled\""), "{health}");
}

#[tokio::test]
async fn path_routes_skip_signature_checks() {
    let gateway = start_gateway(&[
        ("FLOCI_AUTH_VALIDATE_SIGNATURES", "true"),
        ("FLOCI_AUTH_CREDENTIALS", "AKIAEXAMPLE:secret"),
        ("FLOCI_SERVICES_CINDER_STATE_DELAY_SECONDS", "0"),
    ])
    .await;
    // Strict SigV4 mode on, no signature anywhere: OpenStack requests still reach the plugin.
    let versions = http_request(&gateway, "GET", "/identity", &[], "").await;
    assert_eq!(versions.status, 300, "{versions:?}");
    let os = Os::login(&gateway).await;
    os.create_volume("vol1", 1).await;
    // An AWS request without a signature is still refused.
    let (status, _) = admin_request(&gateway, "GET", "/backup-vaults/", "").await;
    assert_ne!(status, 200);
}
