//! The volumes a backup workflow needs.

use serde_json::json;

use super::{instant, Os};

#[tokio::test]
async fn create_show_list_and_delete() {
    let gateway = instant().await;
    let os = Os::login(&gateway).await;
    let created = os
        .json(
            "POST",
            "/volumes",
            None,
            Some(json!({"volume": {"size": "2", "name": "data", "metadata": {"k": "v"}}})),
            202,
        )
        .await;
    assert_eq!(created["volume"]["status"], "creating");
    let id = created["volume"]["id"].as_str().unwrap().to_owned();
    assert_eq!(os.volume_status(&id).await, "available");
    let list = os.json("GET", "/volumes", None, None, 200).await;
    assert_eq!(list["volumes"][0]["name"], "data");
    let detail = os
        .json("GET", "/volumes/detail?status=available", None, None, 200)
        .await;
    assert_eq!(detail["volumes"][0]["size"], 2);
    assert_eq!(detail["volumes"][0]["metadata"], json!({"k": "v"}));
    let bad = os
        .json(
            "POST",
            "/volumes",
            None,
            Some(json!({"volume": {"size": 0}})),
            400,
        )
        .await;
    assert!(bad["badRequest"]["message"]
        .as_str()
        .unwrap()
        .starts_with("Invalid input received: Invalid volume size provided for create request: 0"));

    // Backups outlive their volume.
    let backup = os.create_backup(&id, "b", false).await;
    os.json("DELETE", &format!("/volumes/{id}"), None, None, 202)
        .await;
    os.json("GET", &format!("/volumes/{id}"), None, None, 404)
        .await;
    assert_eq!(os.backup(&backup, None).await["status"], "available");
}

#[tokio::test]
async fn a_volume_from_a_backup_at_3_47() {
    let gateway = instant().await;
    let os = Os::login(&gateway).await;
    let source = os.create_volume("src", 3).await;
    let backup = os.create_backup(&source, "b", false).await;
    let created = os
        .json(
            "POST",
            "/volumes",
            Some("3.47"),
            Some(json!({"volume": {"backup_id": backup}})),
            202,
        )
        .await;
    assert_eq!(created["volume"]["size"], 3);
    let id = created["volume"]["id"].as_str().unwrap();
    assert_eq!(os.volume_status(id).await, "available");
    assert_eq!(os.backup(&backup, None).await["status"], "available");
}
