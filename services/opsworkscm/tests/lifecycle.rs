//! The server and backup lifecycle on the shared clock, through the service's `call` (no HTTP):
//! delays, backup windows, retention, deletion, and steps that outlive their server.

use std::sync::Arc;

use emulator_core::{Clock, Config, RequestContext, Service, ServiceError, ServiceSettings};
use opsworkscm::OpsWorksCmService;
use serde_json::{json, Value};

struct Harness {
    service: OpsWorksCmService,
    clock: Arc<Clock>,
    ctx: RequestContext,
}

impl Harness {
    fn new(vars: &[(&str, &str)]) -> Self {
        let clock = Arc::new(Clock::default());
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(name, value)| {
                (
                    format!("FLOCI_SERVICES_OPSWORKSCM_{name}"),
                    (*value).to_owned(),
                )
            })
            .collect();
        let settings = ServiceSettings::new(
            "opsworkscm",
            Arc::new(vars),
            Arc::new(Config::default()),
            clock.clone(),
        );
        Self {
            service: OpsWorksCmService::new(&settings).expect("valid settings"),
            clock,
            ctx: RequestContext::new("123456789012", "us-east-1"),
        }
    }

    async fn call(&self, operation: &str, input: Value) -> Result<Value, ServiceError> {
        self.service.call_value(&self.ctx, operation, input).await
    }

    async fn ok(&self, operation: &str, input: Value) -> Value {
        self.call(operation, input)
            .await
            .unwrap_or_else(|err| panic!("{operation}: {err}"))
    }

    async fn create(&self, name: &str, extra: Value) -> Value {
        let mut input = json!({
            "ServerName": name,
            "Engine": "ChefAutomate",
            "InstanceProfileArn": "arn:aws:iam::123456789012:instance-profile/aws-opsworks-cm-ec2-role",
            "InstanceType": "m5.large",
            "ServiceRoleArn": "arn:aws:iam::123456789012:role/aws-opsworks-cm-service-role",
        });
        for (key, value) in extra.as_object().into_iter().flatten() {
            input[key] = value.clone();
        }
        self.ok("CreateServer", input).await["Server"].clone()
    }

    async fn status(&self, name: &str) -> Result<String, ServiceError> {
        let servers = self
            .call("DescribeServers", json!({ "ServerName": name }))
            .await?;
        Ok(servers["Servers"][0]["Status"].as_str().unwrap().to_owned())
    }

    async fn backups(&self, name: &str) -> Vec<Value> {
        self.ok("DescribeBackups", json!({ "ServerName": name }))
            .await["Backups"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    async fn events(&self, name: &str) -> Vec<String> {
        self.ok("DescribeEvents", json!({ "ServerName": name }))
            .await["ServerEvents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|event| event["Message"].as_str().unwrap().to_owned())
            .collect()
    }

    fn advance(&self, seconds: f64) {
        self.clock.advance(seconds);
    }
}

const DAY: f64 = 86_400.0;

#[tokio::test]
async fn a_server_is_creating_until_the_clock_reaches_the_delay() {
    let h = Harness::new(&[]);
    let server = h.create("chef-1", json!({})).await;
    assert_eq!(server["Status"], "CREATING");
    h.advance(2.0);
    assert_eq!(h.status("chef-1").await.unwrap(), "CREATING");
    h.advance(1.0);
    assert_eq!(h.status("chef-1").await.unwrap(), "HEALTHY");
    let events = h.events("chef-1").await;
    assert_eq!(events.len(), 2, "{events:?}");
    assert!(events[0].contains("HEALTHY"), "newest first: {events:?}");
}

#[tokio::test]
async fn a_delay_of_zero_completes_each_step_inside_its_call() {
    let h = Harness::new(&[
        ("SERVER_CREATION_DELAY_SECONDS", "0"),
        ("BACKUP_COMPLETION_DELAY_SECONDS", "0"),
        ("OPERATION_DELAY_SECONDS", "0"),
    ]);
    assert_eq!(h.create("chef-1", json!({})).await["Status"], "HEALTHY");
    let backup = h
        .ok("CreateBackup", json!({ "ServerName": "chef-1" }))
        .await;
    assert_eq!(backup["Backup"]["Status"], "OK");
    assert_eq!(h.status("chef-1").await.unwrap(), "HEALTHY");
    let maintenance = h
        .ok("StartMaintenance", json!({ "ServerName": "chef-1" }))
        .await;
    assert_eq!(maintenance["Server"]["Status"], "HEALTHY");
    assert_eq!(maintenance["Server"]["MaintenanceStatus"], "SUCCESS");
    h.ok("DeleteServer", json!({ "ServerName": "chef-1" }))
        .await;
    let gone = h.status("chef-1").await.unwrap_err();
    assert_eq!(
        gone.code_name(&emulator_core::ValidationErrorNames::DEFAULT),
        "ResourceNotFoundException"
    );
}

#[tokio::test]
async fn automated_backups_follow_the_window_and_keep_the_retention_count() {
    let h = Harness::new(&[]);
    h.create(
        "chef-1",
        json!({ "PreferredBackupWindow": "00:00", "BackupRetentionCount": 2 }),
    )
    .await;
    h.advance(3.0 * DAY);
    let backups = h.backups("chef-1").await;
    assert_eq!(backups.len(), 2, "{backups:#?}");
    for backup in &backups {
        assert_eq!(backup["BackupType"], "AUTOMATED");
        assert_eq!(backup["Status"], "OK");
        let id = backup["BackupId"].as_str().unwrap();
        assert!(
            id.starts_with("chef-1-") && id.ends_with("000000000"),
            "{id}"
        );
        assert!(backup.get("Description").is_none() && backup.get("UserArn").is_none());
    }
    let newest = backups[0]["CreatedAt"].as_f64().unwrap();
    let older = backups[1]["CreatedAt"].as_f64().unwrap();
    assert_eq!(newest - older, DAY, "newest first, one day apart");
    let started = h
        .events("chef-1")
        .await
        .iter()
        .filter(|message| message.starts_with("Automated backup"))
        .count();
    assert_eq!(
        started, 3,
        "three windows opened, the oldest backup was pruned"
    );
    assert_eq!(h.status("chef-1").await.unwrap(), "HEALTHY");
}

#[tokio::test]
async fn a_changed_schedule_drops_windows_already_queued() {
    let h = Harness::new(&[]);
    h.create("chef-1", json!({ "PreferredBackupWindow": "Mon:03:00" }))
        .await;
    h.advance(3.0);
    h.ok(
        "UpdateServer",
        json!({ "ServerName": "chef-1", "DisableAutomatedBackup": true }),
    )
    .await;
    h.advance(8.0 * DAY);
    assert!(h.backups("chef-1").await.is_empty());
    h.ok(
        "UpdateServer",
        json!({
            "ServerName": "chef-1",
            "DisableAutomatedBackup": false,
            "PreferredBackupWindow": "12:00",
        }),
    )
    .await;
    h.advance(DAY);
    let backups = h.backups("chef-1").await;
    assert_eq!(backups.len(), 1, "one daily window, retention 1");
    assert!(backups[0]["BackupId"]
        .as_str()
        .unwrap()
        .ends_with("120000000"));
}

#[tokio::test]
async fn a_busy_server_skips_its_backup_window() {
    let h = Harness::new(&[("SERVER_CREATION_DELAY_SECONDS", "200000")]);
    h.create("chef-1", json!({ "PreferredBackupWindow": "06:00" }))
        .await;
    h.advance(DAY);
    assert!(h.backups("chef-1").await.is_empty());
    assert_eq!(h.status("chef-1").await.unwrap(), "CREATING");
    assert!(h
        .events("chef-1")
        .await
        .iter()
        .any(|message| message.contains("skipped")));
}

#[tokio::test]
async fn deleting_a_server_takes_its_automated_backups_and_tags_but_not_manual_ones() {
    let h = Harness::new(&[("BACKUP_COMPLETION_DELAY_SECONDS", "0")]);
    let server = h
        .create(
            "chef-1",
            json!({ "PreferredBackupWindow": "00:00", "Tags": [{ "Key": "team", "Value": "ops" }] }),
        )
        .await;
    h.advance(3.0);
    let manual = h
        .ok(
            "CreateBackup",
            json!({ "ServerName": "chef-1", "Tags": [{ "Key": "keep", "Value": "yes" }] }),
        )
        .await;
    h.advance(DAY);
    assert_eq!(h.backups("chef-1").await.len(), 2);
    h.ok("DeleteServer", json!({ "ServerName": "chef-1" }))
        .await;
    assert_eq!(h.status("chef-1").await.unwrap(), "DELETING");
    h.advance(3.0);
    assert!(h.status("chef-1").await.is_err());
    let left = h.backups("chef-1").await;
    assert_eq!(left.len(), 1);
    assert_eq!(left[0]["BackupType"], "MANUAL");
    let server_tags = h
        .call(
            "ListTagsForResource",
            json!({ "ResourceArn": server["ServerArn"] }),
        )
        .await;
    assert!(server_tags.is_err(), "the server's tags went with it");
    let backup_tags = h
        .ok(
            "ListTagsForResource",
            json!({ "ResourceArn": manual["Backup"]["BackupArn"] }),
        )
        .await;
    assert_eq!(backup_tags["Tags"][0]["Key"], "keep");
}

#[tokio::test]
async fn steps_queued_for_a_deleted_server_leave_its_successor_alone() {
    let h = Harness::new(&[
        ("SERVER_CREATION_DELAY_SECONDS", "10"),
        ("OPERATION_DELAY_SECONDS", "0"),
    ]);
    let first = h.create("chef-1", json!({})).await;
    h.advance(6.0);
    h.ok("DeleteServer", json!({ "ServerName": "chef-1" }))
        .await;
    let second = h.create("chef-1", json!({})).await;
    assert_ne!(first["ServerArn"], second["ServerArn"]);
    h.advance(5.0);
    assert_eq!(
        h.status("chef-1").await.unwrap(),
        "CREATING",
        "the first server's creation step must not finish the second"
    );
    h.advance(5.0);
    assert_eq!(h.status("chef-1").await.unwrap(), "HEALTHY");
}

#[tokio::test]
async fn reset_drops_servers_and_queued_steps() {
    let h = Harness::new(&[]);
    h.create("chef-1", json!({})).await;
    h.service.reset();
    assert!(h.status("chef-1").await.is_err());
    h.advance(DAY);
    let servers = h.ok("DescribeServers", json!({})).await;
    assert_eq!(servers["Servers"], json!([]));
}
