//! Cinder in the dashboard's view (`GET /_floci/ui/api/view`, docs/ui.md): a volume and a backup
//! made through the API appear under the project and RegionOne, with their states, links and
//! the `openstack` command that describes each.

use integration_tests::{advance_clock, http_request, start_gateway, GatewayHandle};
use serde_json::Value;

use super::{parse, Os};

async fn view(gateway: &GatewayHandle) -> Value {
    let response = http_request(gateway, "GET", "/_floci/ui/api/view", &[], "").await;
    assert_eq!(response.status, 200, "{response:?}");
    parse(&response)
}

/// The table `kind` of Cinder in project `admin`, region RegionOne.
fn table<'v>(view: &'v Value, kind: &str) -> &'v Value {
    let cinder = view["services"]
        .as_array()
        .and_then(|all| all.iter().find(|s| s["name"] == "cinder"))
        .unwrap_or_else(|| panic!("no cinder in {view}"));
    assert_eq!(cinder["status"], "running");
    assert_eq!(cinder["hasView"], true);
    let scope = cinder["scopes"]
        .as_array()
        .and_then(|all| {
            all.iter()
                .find(|s| s["accountId"] == "admin" && s["region"] == "RegionOne")
        })
        .unwrap_or_else(|| panic!("no scope admin/RegionOne in {cinder}"));
    scope["tables"]
        .as_array()
        .and_then(|all| all.iter().find(|t| t["kind"] == kind))
        .unwrap_or_else(|| panic!("no table {kind} in {scope}"))
}

/// The row `id` of `table` and the value of its column `column`.
fn cell<'v>(table: &'v Value, id: &str, column: &str) -> (&'v Value, &'v Value) {
    let index = table["columns"]
        .as_array()
        .and_then(|columns| columns.iter().position(|c| c["name"] == column))
        .unwrap_or_else(|| panic!("no column {column} in {table}"));
    let row = table["rows"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["id"] == id))
        .unwrap_or_else(|| panic!("no row {id} in {table}"));
    (row, &row["cells"][index])
}

fn tail(command: &Value, n: usize) -> Vec<&str> {
    let words: Vec<&str> = command
        .as_array()
        .expect("a command")
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    words[words.len() - n..].to_vec()
}

#[tokio::test]
async fn volumes_and_backups_made_through_the_api_appear_in_the_view() {
    // Transient states last a minute of the clock, so each is seen however slow the machine.
    let gateway = start_gateway(&[("FLOCI_SERVICES_CINDER_STATE_DELAY_SECONDS", "60")]).await;
    let os = Os::login(&gateway).await;
    let volume = os.create_volume("dash-vol", 3).await;
    let first = view(&gateway).await;
    assert_eq!(
        cell(table(&first, "volumes"), &volume, "Status").1,
        "creating"
    );

    advance_clock(&gateway, 120).await;
    let backup = os.create_backup(&volume, "dash-backup", false).await;
    let view = view(&gateway).await;
    let volumes = table(&view, "volumes");
    let (row, status) = cell(volumes, &volume, "Status");
    assert_eq!(status, "backing-up");
    assert_eq!(cell(volumes, &volume, "Size (GiB)").1, 3);
    assert_eq!(row["links"][0]["kind"], "backups");
    assert_eq!(row["links"][0]["id"], backup.as_str());
    assert_eq!(row["command"][0], "openstack");
    assert_eq!(
        tail(&row["command"], 3),
        ["volume", "show", volume.as_str()]
    );

    let backups = table(&view, "backups");
    let (row, status) = cell(backups, &backup, "Status");
    assert_eq!(status, "creating");
    assert_eq!(cell(backups, &backup, "Name").1, "dash-backup");
    assert_eq!(cell(backups, &backup, "Incremental").1, "no");
    assert_eq!(row["links"][0]["kind"], "volumes");
    assert_eq!(row["links"][0]["id"], volume.as_str());
    assert_eq!(
        tail(&row["command"], 4),
        ["volume", "backup", "show", backup.as_str()]
    );

    advance_clock(&gateway, 120).await;
    let view = self::view(&gateway).await;
    assert_eq!(
        cell(table(&view, "backups"), &backup, "Status").1,
        "available"
    );
    assert_eq!(
        cell(table(&view, "volumes"), &volume, "Status").1,
        "available"
    );
}

#[tokio::test]
async fn a_switched_off_cinder_is_listed_as_disabled_without_a_view() {
    let gateway = start_gateway(&[("FLOCI_SERVICES_CINDER_ENABLED", "false")]).await;
    let view = view(&gateway).await;
    let cinder = view["services"]
        .as_array()
        .and_then(|all| all.iter().find(|s| s["name"] == "cinder"))
        .unwrap_or_else(|| panic!("no cinder in {view}"));
    assert_eq!(cinder["status"], "disabled");
    assert_eq!(cinder["hasView"], false);
    assert_eq!(cinder["scopes"], serde_json::json!([]));
}
