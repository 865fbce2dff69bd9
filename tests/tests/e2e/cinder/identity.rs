//! Keystone: discovery, password tokens, the catalog, 401 shapes and expiry on the clock.

use integration_tests::{advance_clock, http_request, start_gateway};
use serde_json::json;

use super::{parse, password_auth, Os};

#[tokio::test]
async fn discovery_lists_v3() {
    let gateway = start_gateway(&[]).await;
    let all = http_request(&gateway, "GET", "/identity", &[], "").await;
    assert_eq!(all.status, 300, "{all:?}");
    let body = parse(&all);
    assert_eq!(body["versions"]["values"][0]["id"], "v3.14");
    let v3 = http_request(&gateway, "GET", "/identity/v3/", &[], "").await;
    assert_eq!(v3.status, 200);
    let body = parse(&v3);
    assert_eq!(body["version"]["status"], "stable");
    assert_eq!(
        body["version"]["links"][0]["href"],
        "http://localhost/identity/v3/"
    );
    assert!(v3
        .header("x-openstack-request-id")
        .is_some_and(|id| id.starts_with("req-")));
    // Whole segments only: `/identityx` is not Keystone's.
    let other = http_request(&gateway, "GET", "/identityx", &[], "").await;
    assert_ne!(other.status, 300);
}

#[tokio::test]
async fn password_auth_answers_a_scoped_token_with_a_catalog() {
    let gateway = start_gateway(&[]).await;
    let response = http_request(
        &gateway,
        "POST",
        "/identity/v3/auth/tokens",
        &[],
        &password_auth(
            "admin",
            "secret",
            json!({"name": "admin", "domain": {"id": "default"}}),
        ),
    )
    .await;
    assert_eq!(response.status, 201, "{response:?}");
    assert!(response.header("x-subject-token").is_some());
    let token = &parse(&response)["token"];
    let project = token["project"]["id"].as_str().unwrap();
    assert_eq!(project.len(), 32);
    assert!(project.bytes().all(|b| b.is_ascii_hexdigit()));
    let roles: Vec<&str> = token["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["admin", "member", "reader"]);
    assert_eq!(token["methods"], json!(["password"]));
    assert!(token["expires_at"].as_str().unwrap().ends_with('Z'));
    let catalog = token["catalog"].as_array().unwrap();
    let url_of = |kind: &str| {
        catalog
            .iter()
            .find(|s| s["type"] == kind)
            .map(|s| s["endpoints"][0]["url"].as_str().unwrap().to_owned())
    };
    let volume = format!("http://localhost/volume/v3/{project}");
    assert_eq!(url_of("block-storage").as_deref(), Some(volume.as_str()));
    assert_eq!(url_of("volumev3").as_deref(), Some(volume.as_str()));
    assert_eq!(
        url_of("identity").as_deref(),
        Some("http://localhost/identity")
    );

    // By project id, without a catalog.
    let by_id = http_request(
        &gateway,
        "POST",
        "/identity/v3/auth/tokens?nocatalog",
        &[],
        &password_auth("admin", "secret", json!({"id": project})),
    )
    .await;
    assert_eq!(by_id.status, 201);
    assert!(parse(&by_id)["token"].get("catalog").is_none());
}

#[tokio::test]
async fn bad_credentials_and_tokens_are_401() {
    let gateway = start_gateway(&[]).await;
    for (user, password, project) in [
        ("admin", "wrong", "admin"),
        ("nobody", "secret", "admin"),
        ("admin", "secret", "someone-else"),
    ] {
        let response = http_request(
            &gateway,
            "POST",
            "/identity/v3/auth/tokens",
            &[],
            &password_auth(
                user,
                password,
                json!({"name": project, "domain": {"name": "Default"}}),
            ),
        )
        .await;
        assert_eq!(response.status, 401, "{user}/{password}/{project}");
        let body = parse(&response);
        assert_eq!(body["error"]["code"], 401);
        assert_eq!(body["error"]["title"], "Unauthorized");
    }
    let malformed = http_request(&gateway, "POST", "/identity/v3/auth/tokens", &[], "{").await;
    assert_eq!(malformed.status, 400);

    let os = Os::login(&gateway).await;
    let no_token = http_request(
        &gateway,
        "GET",
        &format!("/volume/v3/{}/backups", os.project),
        &[],
        "",
    )
    .await;
    assert_eq!(no_token.status, 401);
    assert_eq!(parse(&no_token)["error"]["title"], "Unauthorized");
    let bad_token = http_request(
        &gateway,
        "GET",
        &format!("/volume/v3/{}/backups", os.project),
        &[("X-Auth-Token", "not-a-token")],
        "",
    )
    .await;
    assert_eq!(bad_token.status, 401);
}

#[tokio::test]
async fn tokens_expire_on_the_gateway_clock() {
    let gateway = start_gateway(&[("FLOCI_SERVICES_CINDER_TOKEN_EXPIRATION_SECONDS", "60")]).await;
    let os = Os::login(&gateway).await;
    assert_eq!(os.call("GET", "/backups", None, None).await.status, 200);
    advance_clock(&gateway, 61).await;
    assert_eq!(os.call("GET", "/backups", None, None).await.status, 401);
}

#[tokio::test]
async fn configured_users_and_roles() {
    let gateway = start_gateway(&[
        (
            "FLOCI_SERVICES_CINDER_USERS",
            "admin:secret:admin,demo:pw:demo:member",
        ),
        ("FLOCI_SERVICES_CINDER_STATE_DELAY_SECONDS", "0"),
    ])
    .await;
    let admin = Os::login(&gateway).await;
    let demo = Os::login_as(&gateway, "demo", "pw", "demo").await;
    assert_ne!(admin.project, demo.project);
    // A project is only reachable with its own token.
    let other = http_request(
        &gateway,
        "GET",
        &format!("/volume/v3/{}/backups", admin.project),
        &[("X-Auth-Token", demo.token.as_str())],
        "",
    )
    .await;
    assert_eq!(other.status, 400);
    assert_eq!(
        parse(&other)["badRequest"]["message"],
        "Malformed request url"
    );
    // A member may not use the admin actions.
    let volume = demo.create_volume("v", 1).await;
    let backup = demo.create_backup(&volume, "b", false).await;
    let refused = demo
        .json(
            "POST",
            &format!("/backups/{backup}/action"),
            None,
            Some(json!({"os-reset_status": {"status": "error"}})),
            403,
        )
        .await;
    assert_eq!(
        refused["forbidden"]["message"],
        "Policy doesn't allow volume_extension:backup_admin_actions:reset_status to be performed."
    );
    // ... nor filter by what only admins may.
    let filtered = demo
        .json("GET", "/backups?project_id=x", Some("3.31"), None, 400)
        .await;
    assert_eq!(
        filtered["badRequest"]["message"],
        "Invalid filters project_id are found in query options."
    );
}
