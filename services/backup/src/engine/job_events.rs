//! Backup job state events. Every state a backup job enters is published on the gateway's event
//! bus as a `Backup Job State Change` event from `aws.backup`, in the shape EventBridge delivers
//! (developer guide, "Monitoring AWS Backup events using Amazon EventBridge"): string byte
//! counts, ISO dates with milliseconds, `createdBy` for scheduled jobs, the recovery point as the
//! event's resource once COMPLETED, and only id, state and creation date while CREATED. A vault
//! with notifications configured also gets the SNS notification its topic would receive, kept in
//! a bounded log (`notifications.rs`, `GET /_floci/backup/notifications`).

mod notifications;

use std::sync::Arc;

use aws_arn::Arn;
use emulator_core::dto::Timestamp;
use emulator_core::{AwsEvent, Clock, EventBus};
use serde_json::{json, Map, Value};

use crate::api::generated::BackupJobState;
use crate::engine::dispatch::JobObserver;
use crate::model::backup_job::BackupJob;
use crate::state::RegionState;

pub(crate) use notifications::NotificationLog;

/// `source` of every Backup event.
pub const SOURCE: &str = "aws.backup";
/// `detail-type` of backup job events.
pub const BACKUP_JOB_STATE_CHANGE: &str = "Backup Job State Change";

/// Where Backup's job events go: the gateway's bus and the vault notification log.
pub struct JobEvents {
    bus: Arc<EventBus>,
    log: NotificationLog,
    clock: Arc<Clock>,
}

impl JobEvents {
    /// Publishing to `bus`, dated by `clock`.
    pub fn new(bus: Arc<EventBus>, clock: Arc<Clock>) -> Self {
        Self {
            bus,
            log: NotificationLog::default(),
            clock,
        }
    }

    /// The vault notification log.
    pub fn notifications(&self) -> &NotificationLog {
        &self.log
    }

    /// Publishes `job`'s current state and records the notification its vault's topic would
    /// receive. Takes the job's region state by reference and locks nothing of Backup's, so the
    /// engine can call it while it holds the region's lock.
    pub fn publish(&self, region: &RegionState, job: &BackupJob) {
        let now = self.clock.now();
        let region_name = Arn::parse(&job.vault_arn)
            .map(|arn| arn.region().to_owned())
            .unwrap_or_default();
        let resources = if job.state == BackupJobState::Completed {
            vec![job.recovery_point_arn.to_string()]
        } else {
            Vec::new()
        };
        self.bus.publish(
            AwsEvent::new(
                SOURCE,
                BACKUP_JOB_STATE_CHANGE,
                job.account_id.clone(),
                region_name.clone(),
                now,
                detail(job),
            )
            .with_resources(resources),
        );
        if let Some(config) = region
            .vaults
            .get(job.vault_name.as_str())
            .and_then(|vault| vault.notifications.as_ref())
        {
            self.log.record(&region_name, job, config, now);
        }
    }
}

impl JobObserver for JobEvents {
    fn backup_job_states(&self, region: &RegionState, jobs: Vec<BackupJob>) {
        for job in &jobs {
            self.publish(region, job);
        }
    }
}

/// `2020-07-15T21:40:31.207Z`: how Backup's event details write dates.
pub fn iso_millis(time: Timestamp) -> String {
    let at = time.to_offset_date_time();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second(),
        at.millisecond()
    )
}

/// `percentDone` as a JSON number: whole numbers without a fraction, as AWS's examples show.
fn percent(text: &str) -> Value {
    match text.parse::<f64>() {
        Ok(value) if value.fract() == 0.0 => json!(value as i64),
        Ok(value) => json!(value),
        Err(_) => json!(0),
    }
}

/// The event `detail` of `job` in its current state.
pub fn detail(job: &BackupJob) -> Value {
    if job.state == BackupJobState::Created {
        return json!({
            "backupJobId": job.id,
            "state": job.state.as_str(),
            "creationDate": iso_millis(job.creation_date),
        });
    }
    let mut detail = Map::new();
    let mut put = |key: &str, value: Value| {
        detail.insert(key.to_owned(), value);
    };
    put("backupJobId", json!(job.id));
    put(
        "backupSizeInBytes",
        json!(job.backup_size_in_bytes.to_string()),
    );
    put("backupVaultArn", json!(job.vault_arn));
    put("backupVaultName", json!(job.vault_name));
    put(
        "bytesTransferred",
        json!(job.bytes_transferred().to_string()),
    );
    put("creationDate", json!(iso_millis(job.creation_date)));
    put("iamRoleArn", json!(job.iam_role_arn));
    put("resourceArn", json!(job.resource_arn));
    put("resourceType", json!(job.resource_type));
    put("state", json!(job.state.as_str()));
    if let Some(message) = &job.rare.status_message {
        put("statusMessage", json!(message));
    }
    if let Some(completed) = job.completion_date {
        put("completionDate", json!(iso_millis(completed)));
    }
    put("startBy", json!(iso_millis(job.start_by)));
    if job.state == BackupJobState::Running {
        put(
            "expectedCompletionDate",
            json!(iso_millis(job.expected_completion_date)),
        );
    }
    put("percentDone", percent(&job.percent_done.to_string()));
    if let Some(creator) = &job.created_by {
        // EventBridge names the rule `backupPlanRuleId`, unlike the API's `BackupRuleId`.
        put(
            "createdBy",
            json!({
                "backupPlanId": creator.backup_plan_id,
                "backupPlanArn": creator.backup_plan_arn,
                "backupPlanVersion": creator.backup_plan_version,
                "backupPlanRuleId": creator.backup_rule_id,
            }),
        );
    }
    Value::Object(detail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::generated::{
        BackupVaultEvent, PutBackupVaultNotificationsInput, RecoveryPointCreator,
    };
    use crate::model::backup_job::PercentDone;
    use crate::ops::vaults::test_support::create;
    use crate::test_support::{ctx, service};

    const TOPIC: &str = "arn:aws:sns:us-east-1:111122223333:vault-events";

    fn job(state: BackupJobState) -> BackupJob {
        let at = Timestamp::from_epoch_millis(1_594_849_231_207);
        BackupJob {
            id: "A827233A-D405-4A86-A440-759FA94F34DD"
                .parse()
                .expect("a job id"),
            account_id: "111122223333".into(),
            vault_name: "v1".into(),
            vault_arn: "arn:aws:backup:us-east-1:111122223333:backup-vault:v1".into(),
            resource_arn: "arn:aws:ec2:us-east-1:111122223333:volume/vol-1".into(),
            resource_type: "EBS".parse().unwrap(),
            resource_name: "vol-1".into(),
            iam_role_arn: "arn:aws:iam::111122223333:role/backup".into(),
            state,
            creation_date: at,
            start_by: at.plus_seconds(8 * 3600),
            expected_completion_date: at.plus_seconds(7 * 86_400),
            completion_date: (state == BackupJobState::Completed).then(|| at.plus_seconds(34)),
            recovery_point_arn: "arn:aws:backup:us-east-1:111122223333:recovery-point:RP".into(),
            lifecycle: None,
            created_by: Some(Box::new(RecoveryPointCreator {
                backup_plan_id: Some("plan".into()),
                backup_plan_arn: Some(
                    "arn:aws:backup:us-east-1:111122223333:backup-plan:plan".into(),
                ),
                backup_plan_version: Some("version".into()),
                backup_rule_id: Some("rule".into()),
                ..Default::default()
            })),
            encryption_key_arn: None,
            percent_done: PercentDone::ALL,
            backup_size_in_bytes: 36_048,
            idempotency_token: None,
            in_local_vault: false,
            rare: Default::default(),
        }
    }

    #[test]
    fn completed_jobs_have_the_eventbridge_detail_and_name_their_recovery_point() {
        let svc = service();
        create(&svc, "v1");
        let mut events = svc.job_events.bus.subscribe();
        let job = job(BackupJobState::Completed);
        svc.store
            .with_region(&ctx(), |region| svc.job_events.publish(region, &job));
        let event = events.try_recv().expect("published");
        let json = event.to_json();
        assert_eq!(json["source"], "aws.backup");
        assert_eq!(json["detail-type"], "Backup Job State Change");
        assert_eq!(json["account"], "111122223333");
        assert_eq!(json["region"], "us-east-1");
        assert_eq!(json["resources"], json!([job.recovery_point_arn]));
        let detail = &json["detail"];
        assert_eq!(detail["state"], "COMPLETED");
        assert_eq!(detail["backupSizeInBytes"], "36048");
        assert_eq!(detail["bytesTransferred"], "36048");
        assert_eq!(detail["creationDate"], "2020-07-15T21:40:31.207Z");
        assert_eq!(detail["completionDate"], "2020-07-15T21:41:05.207Z");
        assert_eq!(detail["percentDone"], 100);
        assert_eq!(detail["backupVaultName"], "v1");
        assert_eq!(detail["resourceType"], "EBS");
        assert_eq!(detail["createdBy"]["backupPlanRuleId"], "rule");
        assert!(
            svc.job_events.notifications().list()["notifications"]
                .as_array()
                .is_some_and(Vec::is_empty),
            "a vault without notifications records nothing"
        );
    }

    #[test]
    fn the_engine_publishes_every_state_a_job_enters_in_order() {
        let svc = service();
        create(&svc, "v1");
        let mut events = svc.job_events.bus.subscribe();
        let started = crate::ops::jobs::backup_jobs::start_backup_job(
            &svc,
            &ctx(),
            crate::api::generated::StartBackupJobInput {
                backup_vault_name: "v1".into(),
                resource_arn: "arn:aws:ec2:us-east-1:111122223333:volume/vol-1".into(),
                iam_role_arn: "arn:aws:iam::111122223333:role/backup".into(),
                ..Default::default()
            },
        )
        .expect("start");
        svc.clock.advance(10.0);
        svc.settle_due();
        let mut states = Vec::new();
        while let Ok(event) = events.try_recv() {
            let json = event.to_json();
            assert_eq!(json["detail"]["backupJobId"], json!(started.backup_job_id));
            states.push(
                json["detail"]["state"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            );
        }
        assert_eq!(states, ["CREATED", "RUNNING", "COMPLETED"]);
    }

    #[test]
    fn created_jobs_carry_only_id_state_and_creation_date() {
        let detail = detail(&job(BackupJobState::Created));
        assert_eq!(
            detail,
            json!({
                "backupJobId": "A827233A-D405-4A86-A440-759FA94F34DD",
                "state": "CREATED",
                "creationDate": "2020-07-15T21:40:31.207Z",
            })
        );
    }

    #[test]
    fn vaults_with_notifications_log_what_their_topic_would_receive() {
        let svc = service();
        create(&svc, "v1");
        crate::ops::vault_notifications::put_backup_vault_notifications(
            &svc,
            &ctx(),
            PutBackupVaultNotificationsInput {
                reports_in_s3: None,
                backup_vault_name: "v1".into(),
                sns_topic_arn: TOPIC.into(),
                backup_vault_events: vec![
                    BackupVaultEvent::BackupJobStarted,
                    BackupVaultEvent::BackupJobCompleted,
                ],
            },
        )
        .expect("configure notifications");
        for state in [
            BackupJobState::Created,
            BackupJobState::Running,
            BackupJobState::Completed,
        ] {
            let job = job(state);
            svc.store
                .with_region(&ctx(), |region| svc.job_events.publish(region, &job));
        }
        let listed = svc.job_events.notifications().list();
        let events: Vec<&str> = listed["notifications"]
            .as_array()
            .expect("a list")
            .iter()
            .map(|n| n["event"].as_str().unwrap_or_default())
            .collect();
        assert_eq!(events, ["BACKUP_JOB_STARTED", "BACKUP_JOB_COMPLETED"]);
        let completed = &listed["notifications"][1];
        assert_eq!(completed["snsTopicArn"], TOPIC);
        assert_eq!(completed["backupVaultName"], "v1");
        assert_eq!(completed["messageAttributes"]["State"], "COMPLETED");
        assert_eq!(
            completed["message"],
            "An AWS Backup job was completed successfully. Recovery point ARN: \
             arn:aws:backup:us-east-1:111122223333:recovery-point:RP. Resource ARN : \
             arn:aws:ec2:us-east-1:111122223333:volume/vol-1. BackupJob ID : \
             A827233A-D405-4A86-A440-759FA94F34DD"
        );
    }
}
