//! Version discovery and microversion negotiation.

use integration_tests::{http_request, start_gateway};

use super::{parse, Os};

#[tokio::test]
async fn discovery_publishes_version_and_min_version_without_a_token() {
    let gateway = start_gateway(&[]).await;
    let root = http_request(&gateway, "GET", "/volume/", &[], "").await;
    assert_eq!(root.status, 300, "{root:?}");
    let v3 = http_request(&gateway, "GET", "/volume/v3/", &[], "").await;
    assert_eq!(v3.status, 200);
    for response in [&root, &v3] {
        let version = &parse(response)["versions"][0];
        assert_eq!(version["version"], "3.71");
        assert_eq!(version["min_version"], "3.0");
        assert_eq!(version["status"], "CURRENT");
    }
}

#[tokio::test]
async fn the_version_header_is_negotiated_and_echoed() {
    let gateway = start_gateway(&[]).await;
    let os = Os::login(&gateway).await;
    for (asked, answered) in [
        (None, "volume 3.0"),
        (Some("3.45"), "volume 3.45"),
        (Some("latest"), "volume 3.71"),
    ] {
        let response = os.call("GET", "/backups", asked, None).await;
        assert_eq!(response.status, 200);
        assert_eq!(response.header("openstack-api-version"), Some(answered));
        assert!(response
            .headers_named("vary")
            .iter()
            .any(|v| v.contains("OpenStack-API-Version")));
        let id = response.header("x-openstack-request-id").unwrap();
        assert_eq!(id.len(), "req-".len() + 36, "{id}");
    }
    let too_new = os.call("GET", "/backups", Some("3.99"), None).await;
    assert_eq!(too_new.status, 406);
    assert_eq!(
        parse(&too_new)["computeFault"]["message"],
        "Version 3.99 is not supported by the API. Minimum is 3.0 and maximum is 3.71."
    );
    let malformed = os.call("GET", "/backups", Some("3.x"), None).await;
    assert_eq!(malformed.status, 400);
    assert!(parse(&malformed)["badRequest"]["message"]
        .as_str()
        .unwrap()
        .contains("is of invalid format"));
}

#[tokio::test]
async fn fields_and_operations_appear_from_their_version() {
    let gateway = super::instant().await;
    let os = Os::login(&gateway).await;
    let volume = os.create_volume("v", 1).await;
    let backup = os.create_backup(&volume, "b", false).await;
    let old = os.backup(&backup, None).await;
    for absent in ["metadata", "user_id", "os-backup-project-attr:project_id"] {
        assert!(old.get(absent).is_none(), "{absent} at 3.0");
    }
    let at_18 = os.backup(&backup, Some("3.18")).await;
    assert!(at_18.get("os-backup-project-attr:project_id").is_some());
    assert!(at_18.get("metadata").is_none());
    let at_43 = os.backup(&backup, Some("3.43")).await;
    assert!(at_43.get("metadata").is_some());
    assert!(at_43.get("user_id").is_none());
    assert!(os
        .backup(&backup, Some("3.56"))
        .await
        .get("user_id")
        .is_some());
    // Update exists from 3.9; metadata in create and update from 3.43.
    let path = format!("/backups/{backup}");
    let rename = serde_json::json!({"backup": {"name": "n"}});
    assert_eq!(
        os.call("PUT", &path, Some("3.8"), Some(rename.clone()))
            .await
            .status,
        404
    );
    assert_eq!(
        os.call("PUT", &path, Some("3.9"), Some(rename))
            .await
            .status,
        200
    );
    let meta = serde_json::json!({"backup": {"metadata": {"k": "v"}}});
    assert_eq!(
        os.call("PUT", &path, Some("3.42"), Some(meta.clone()))
            .await
            .status,
        400
    );
    assert_eq!(
        os.call("PUT", &path, Some("3.43"), Some(meta)).await.status,
        200
    );
    let create = serde_json::json!({"backup": {"volume_id": volume, "metadata": {"k": "v"}}});
    let refused = os
        .call("POST", "/backups", Some("3.42"), Some(create))
        .await;
    assert_eq!(refused.status, 400);
    assert!(parse(&refused)["badRequest"]["message"]
        .as_str()
        .unwrap()
        .ends_with("Additional properties are not allowed ('metadata' was unexpected)"));
    // `count` only with with_count at 3.45+.
    let list = os
        .json("GET", "/backups?with_count=true", Some("3.45"), None, 200)
        .await;
    assert_eq!(list["count"], 1);
    let list = os.json("GET", "/backups", Some("3.45"), None, 200).await;
    assert!(list.get("count").is_none());
}
