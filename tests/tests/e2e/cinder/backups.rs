//! The backup workflow of the api-ref page, with Cinder's errors.

use base64::Engine;
use serde_json::{json, Value};

use super::{instant, Os};

fn message(body: &Value, fault: &str) -> String {
    body[fault]["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn full_and_incremental_backups() {
    let gateway = instant().await;
    let os = Os::login(&gateway).await;
    let volume = os.create_volume("vol1", 1).await;

    let refused = os
        .json(
            "POST",
            "/backups",
            None,
            Some(json!({"backup": {"volume_id": volume, "incremental": true}})),
            400,
        )
        .await;
    assert_eq!(
        message(&refused, "badRequest"),
        "Invalid backup: No backups available to do an incremental backup."
    );

    let created = os
        .json(
            "POST",
            "/backups",
            None,
            Some(json!({"backup": {"volume_id": volume, "name": " full1 "}})),
            202,
        )
        .await;
    let summary = created["backup"].as_object().unwrap();
    let mut keys: Vec<&str> = summary.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["id", "links", "name"]);
    assert_eq!(summary["name"], "full1");
    let full = summary["id"].as_str().unwrap().to_owned();
    let incremental = os.create_backup(&volume, "inc1", true).await;

    let shown = os.backup(&full, None).await;
    assert_eq!(shown["status"], "available");
    assert_eq!(shown["size"], 1);
    assert_eq!(shown["container"], "volumebackups");
    assert_eq!(shown["availability_zone"], "nova");
    assert_eq!(shown["volume_id"], volume.as_str());
    assert_eq!(shown["is_incremental"], false);
    assert_eq!(shown["has_dependent_backups"], true);
    assert!(shown["object_count"].as_u64().unwrap() > 0);
    let created_at = shown["created_at"].as_str().unwrap();
    assert_eq!(
        created_at.len(),
        "2026-01-01T00:00:00.000000".len(),
        "{created_at}"
    );
    assert!(!created_at.ends_with('Z'));
    assert_eq!(shown["data_timestamp"], shown["created_at"]);
    let links = shown["links"].as_array().unwrap();
    assert_eq!(
        links[0]["href"],
        format!("http://localhost/volume/v3/{}/backups/{full}", os.project)
    );
    assert_eq!(links[1]["rel"], "bookmark");
    let inc = os.backup(&incremental, None).await;
    assert_eq!(inc["is_incremental"], true);
    assert_eq!(inc["has_dependent_backups"], false);

    // The parent cannot go while the child builds on it.
    let refused = os
        .json("DELETE", &format!("/backups/{full}"), None, None, 400)
        .await;
    assert_eq!(
        message(&refused, "badRequest"),
        "Invalid backup: Incremental backups exist for this backup."
    );
    os.json(
        "DELETE",
        &format!("/backups/{incremental}"),
        None,
        None,
        202,
    )
    .await;
    os.json("DELETE", &format!("/backups/{full}"), None, None, 202)
        .await;
    let gone = os
        .json("GET", &format!("/backups/{full}"), None, None, 404)
        .await;
    assert_eq!(
        message(&gone, "itemNotFound"),
        format!("Backup {full} could not be found.")
    );
}

#[tokio::test]
async fn lists_page_sort_filter_and_count() {
    let gateway = instant().await;
    let os = Os::login(&gateway).await;
    let volume = os.create_volume("vol1", 1).await;
    let mut ids = Vec::new();
    for name in ["a", "b", "c"] {
        ids.push(os.create_backup(&volume, name, false).await);
        integration_tests::advance_clock(&gateway, 1).await;
    }
    // Newest first by default; a full page carries the next link.
    let page = os.json("GET", "/backups?limit=2", None, None, 200).await;
    let names: Vec<&str> = page["backups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["c", "b"]);
    let next = page["backups_links"][0]["href"].as_str().unwrap();
    assert_eq!(page["backups_links"][0]["rel"], "next");
    assert!(next.contains(&format!("marker={}", ids[1])), "{next}");
    let path = next.split_once(&os.project).unwrap().1;
    let rest = os.json("GET", path, None, None, 200).await;
    assert_eq!(rest["backups"].as_array().unwrap().len(), 1);
    assert_eq!(rest["backups"][0]["name"], "a");
    assert!(rest.get("backups_links").is_none());

    let detail = os
        .json(
            "GET",
            "/backups/detail?sort=name:asc&limit=1",
            Some("3.37"),
            None,
            200,
        )
        .await;
    assert_eq!(detail["backups"][0]["name"], "a");
    assert!(detail["backups"][0]["status"].is_string());
    assert!(detail["backups_links"][0]["href"]
        .as_str()
        .unwrap()
        .contains("/backups/detail?"));
    let filtered = os.json("GET", "/backups?name=b", None, None, 200).await;
    assert_eq!(filtered["backups"].as_array().unwrap().len(), 1);
    let like = os
        .json("GET", "/backups?name~=b", Some("3.34"), None, 200)
        .await;
    assert_eq!(like["backups"].as_array().unwrap().len(), 1);
    let offset = os
        .json(
            "GET",
            "/backups?offset=1&with_count=1",
            Some("3.45"),
            None,
            200,
        )
        .await;
    assert_eq!(offset["backups"].as_array().unwrap().len(), 2);
    assert_eq!(offset["count"], 3);

    for (query, expected) in [
        ("limit=x", "limit param must be an integer"),
        ("limit=-1", "limit param must be positive"),
        (
            "sort=size:sideways",
            "Invalid input received: Unknown sort direction, must be 'desc' or 'asc'.",
        ),
    ] {
        let body = os
            .json("GET", &format!("/backups?{query}"), None, None, 400)
            .await;
        assert_eq!(message(&body, "badRequest"), expected, "{query}");
    }
    let missing = os
        .json("GET", "/backups?marker=nope", None, None, 404)
        .await;
    assert_eq!(
        message(&missing, "itemNotFound"),
        "Backup nope could not be found."
    );
}

#[tokio::test]
async fn update_with_metadata_and_strict_schemas() {
    let gateway = instant().await;
    let os = Os::login(&gateway).await;
    let volume = os.create_volume("vol1", 1).await;
    let backup = os.create_backup(&volume, "b", false).await;
    let path = format!("/backups/{backup}");
    let updated = os
        .json(
            "PUT",
            &path,
            Some("3.43"),
            Some(json!({"backup": {"name": "renamed", "description": "d", "metadata": {"env": "test"}}})),
            200,
        )
        .await;
    assert_eq!(updated["backup"]["name"], "renamed");
    let shown = os.backup(&backup, Some("3.43")).await;
    assert_eq!(shown["description"], "d");
    assert_eq!(shown["metadata"], json!({"env": "test"}));

    let unknown = os
        .json(
            "PUT",
            &path,
            Some("3.43"),
            Some(json!({"backup": {"size": 3}})),
            400,
        )
        .await;
    assert!(message(&unknown, "badRequest")
        .ends_with("Additional properties are not allowed ('size' was unexpected)"));
    let bad_id = os
        .json(
            "POST",
            "/backups",
            None,
            Some(json!({"backup": {"volume_id": "nope"}})),
            400,
        )
        .await;
    assert_eq!(
        message(&bad_id, "badRequest"),
        "Invalid input for field/attribute volume_id. Value: nope. 'nope' is not a 'uuid'"
    );
    let missing_volume = uuid_like();
    let not_found = os
        .json(
            "POST",
            "/backups",
            None,
            Some(json!({"backup": {"volume_id": missing_volume}})),
            404,
        )
        .await;
    assert_eq!(
        message(&not_found, "itemNotFound"),
        format!("Volume {missing_volume} could not be found.")
    );
    let malformed = os.call("POST", "/backups", None, None).await;
    assert_eq!(malformed.status, 400);
}

fn uuid_like() -> String {
    "4f1c2b3a-0000-4000-8000-000000000001".into()
}

#[tokio::test]
async fn restore_to_a_new_and_to_an_existing_volume() {
    let gateway = instant().await;
    let os = Os::login(&gateway).await;
    let volume = os.create_volume("vol1", 2).await;
    let backup = os.create_backup(&volume, "b", false).await;
    let path = format!("/backups/{backup}/restore");

    let restored = os
        .json("POST", &path, None, Some(json!({"restore": null})), 202)
        .await;
    let new_volume = restored["restore"]["volume_id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(restored["restore"]["backup_id"], backup.as_str());
    assert_eq!(
        restored["restore"]["volume_name"],
        format!("restore_backup_{backup}")
    );
    let shown = os
        .json("GET", &format!("/volumes/{new_volume}"), None, None, 200)
        .await;
    assert_eq!(shown["volume"]["status"], "available");
    assert_eq!(shown["volume"]["size"], 2);
    assert_eq!(
        shown["volume"]["description"],
        "auto-created_from_restore_from_backup"
    );

    let small = os.create_volume("small", 1).await;
    let refused = os
        .json(
            "POST",
            &path,
            None,
            Some(json!({"restore": {"volume_id": small}})),
            400,
        )
        .await;
    assert_eq!(
        message(&refused, "badRequest"),
        "Invalid volume: volume size 1 is too small to restore backup of size 2."
    );
    let target = os.create_volume("target", 3).await;
    let restored = os
        .json(
            "POST",
            &path,
            None,
            Some(json!({"restore": {"volume_id": target}})),
            202,
        )
        .await;
    assert_eq!(restored["restore"]["volume_name"], "target");
    assert_eq!(os.volume_status(&target).await, "available");
    assert_eq!(os.backup(&backup, None).await["status"], "available");
}

#[tokio::test]
async fn export_then_import_a_record() {
    let gateway = instant().await;
    let os = Os::login(&gateway).await;
    let volume = os.create_volume("vol1", 1).await;
    let backup = os.create_backup(&volume, "exported", false).await;
    let exported = os
        .json(
            "GET",
            &format!("/backups/{backup}/export_record"),
            None,
            None,
            200,
        )
        .await;
    let record = &exported["backup-record"];
    assert_eq!(
        record["backup_service"],
        "cinder.backup.drivers.swift.SwiftBackupDriver"
    );
    let url = record["backup_url"].as_str().unwrap();
    let decoded: Value = serde_json::from_slice(
        &base64::engine::general_purpose::STANDARD
            .decode(url)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(decoded["id"], backup.as_str());
    assert_eq!(decoded["size"], 1);

    let import = json!({"backup-record": record.clone()});
    let live = os
        .json(
            "POST",
            "/backups/import_record",
            None,
            Some(import.clone()),
            400,
        )
        .await;
    assert_eq!(
        message(&live, "badRequest"),
        "Invalid backup: Backup already exists in database."
    );
    os.json("DELETE", &format!("/backups/{backup}"), None, None, 202)
        .await;
    let imported = os
        .json("POST", "/backups/import_record", None, Some(import), 201)
        .await;
    assert_eq!(imported["backup"]["id"], backup.as_str());
    let shown = os.backup(&backup, None).await;
    assert_eq!(shown["status"], "available");
    assert_eq!(shown["name"], "exported");

    let no_id = base64::engine::general_purpose::STANDARD.encode(br#"{"size": 1}"#);
    let refused = os
        .json(
            "POST",
            "/backups/import_record",
            None,
            Some(json!({"backup-record": {"backup_service": "x", "backup_url": no_id}})),
            400,
        )
        .await;
    assert_eq!(
        message(&refused, "badRequest"),
        "Invalid input received: Provided backup record is missing an id"
    );
}

#[tokio::test]
async fn reset_status_and_force_delete() {
    let gateway = instant().await;
    let os = Os::login(&gateway).await;
    let volume = os.create_volume("vol1", 1).await;
    let backup = os.create_backup(&volume, "b", false).await;
    let path = format!("/backups/{backup}/action");

    let invalid = os
        .json(
            "POST",
            &path,
            None,
            Some(json!({"os-reset_status": {"status": "creating"}})),
            400,
        )
        .await;
    assert_eq!(
        message(&invalid, "badRequest"),
        "Backup status: creating is invalid, valid statuses are: ['available', 'error']."
    );
    let unknown = os
        .json("POST", &path, None, Some(json!({"os-explode": {}})), 400)
        .await;
    assert!(message(&unknown, "badRequest").starts_with("There is no such action: os-explode."));
    let reset = os
        .call(
            "POST",
            &path,
            None,
            Some(json!({"os-reset_status": {"status": "error"}})),
        )
        .await;
    assert_eq!(reset.status, 202);
    assert!(reset.body.is_empty());
    assert_eq!(os.backup(&backup, None).await["status"], "error");
    // An errored backup cannot be exported or restored.
    os.json(
        "GET",
        &format!("/backups/{backup}/export_record"),
        None,
        None,
        400,
    )
    .await;
    let forced = os
        .call("POST", &path, None, Some(json!({"os-force_delete": null})))
        .await;
    assert_eq!(forced.status, 202);
    os.json("GET", &format!("/backups/{backup}"), None, None, 404)
        .await;
}

#[tokio::test]
async fn paths_may_leave_out_the_project() {
    let gateway = instant().await;
    let os = Os::login(&gateway).await;
    let volume = os.create_volume("vol1", 1).await;
    let backup = os.create_backup(&volume, "b", false).await;
    let response = integration_tests::http_request(
        &gateway,
        "GET",
        &format!("/volume/v3/backups/{backup}"),
        &[("X-Auth-Token", os.token.as_str())],
        "",
    )
    .await;
    assert_eq!(response.status, 200, "{response:?}");
    let body: Value = serde_json::from_str(&response.body).unwrap();
    assert_eq!(
        body["backup"]["links"][0]["href"],
        format!("http://localhost/volume/v3/backups/{backup}")
    );
}
