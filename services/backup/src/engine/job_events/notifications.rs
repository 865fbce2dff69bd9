//! The vault notification log: the SNS notifications each vault's topic would have received,
//! readable at `GET /_floci/backup/notifications` (the gateway runs no SNS to deliver them to).
//!
//! A vault configured with PutBackupVaultNotifications gets, for each backup job state it
//! subscribed to, an entry with the topic, the event name, AWS's subject, message text and
//! message attributes (`EventType`, `State`, `AccountId`, `Id`, `StartTime`), as the developer
//! guide's "Using Amazon SNS to track AWS Backup events" shows them. `BACKUP_JOB_STARTED` goes
//! out when a job is created; `BACKUP_JOB_COMPLETED` when it ends in any way, its `State`
//! attribute saying how. The older `BACKUP_JOB_SUCCESSFUL` / `_FAILED` / `_EXPIRED` stay
//! accepted by the API but never fire, as AWS no longer sends them. Each vault keeps its latest
//! [`PER_VAULT`] entries; the listing answers them oldest first across all accounts, regions
//! and vaults: `{"notifications": [{"accountId", "region", "backupVaultName", "backupVaultArn",
//! "event", "snsTopicArn", "subject", "message", "messageAttributes", "timestamp"}, …]}`.

use std::collections::{BTreeMap, VecDeque};
use std::sync::Mutex;

use emulator_core::dto::Timestamp;
use emulator_core::state::lock;
use serde_json::{json, Value};

use crate::api::generated::{BackupJobState, BackupVaultEvent};
use crate::model::backup_job::BackupJob;
use crate::model::vault_notifications::VaultNotifications;

use super::iso_millis;

/// How many notifications each vault keeps.
pub const PER_VAULT: usize = 100;

/// AWS's subject for every Backup notification.
const SUBJECT: &str = "Notification from AWS Backup";

type VaultKey = (String, String, String);

#[derive(Debug, Default)]
struct Entries {
    /// Orders entries across vaults.
    seq: u64,
    vaults: BTreeMap<VaultKey, VecDeque<(u64, Value)>>,
}

/// Every vault's recent notifications.
#[derive(Debug, Default)]
pub struct NotificationLog {
    entries: Mutex<Entries>,
}

/// The notification event `state` sends, with its message, if any.
fn event_for(job: &BackupJob) -> Option<(BackupVaultEvent, String)> {
    let ids = format!(
        "Resource ARN : {}. BackupJob ID : {}",
        job.resource_arn, job.id
    );
    let message = match job.state {
        BackupJobState::Created => format!("An AWS Backup job was started. {ids}"),
        BackupJobState::Completed => format!(
            "An AWS Backup job was completed successfully. Recovery point ARN: {}. {ids}",
            job.recovery_point_arn
        ),
        BackupJobState::Failed => format!("An AWS Backup job failed. {ids}"),
        BackupJobState::Expired => format!("An AWS Backup job expired. {ids}"),
        BackupJobState::Aborted => format!("An AWS Backup job was aborted. {ids}"),
        _ => return None,
    };
    let event = match job.state {
        BackupJobState::Created => BackupVaultEvent::BackupJobStarted,
        _ => BackupVaultEvent::BackupJobCompleted,
    };
    Some((event, message))
}

impl NotificationLog {
    /// Records the notification `job`'s state sends, if the vault's `config` subscribed to it.
    pub fn record(
        &self,
        region: &str,
        job: &BackupJob,
        config: &VaultNotifications,
        now: Timestamp,
    ) {
        let Some((event, message)) = event_for(job).filter(|(event, _)| config.wants(*event))
        else {
            return;
        };
        let entry = json!({
            "accountId": job.account_id,
            "region": region,
            "backupVaultName": job.vault_name,
            "backupVaultArn": job.vault_arn,
            "event": event.as_str(),
            "snsTopicArn": config.sns_topic_arn,
            "subject": SUBJECT,
            "message": message,
            "messageAttributes": {
                "EventType": "BACKUP_JOB",
                "State": job.state.as_str(),
                "AccountId": job.account_id,
                "Id": job.id,
                "StartTime": iso_millis(job.creation_date),
            },
            "timestamp": iso_millis(now),
        });
        let key = (
            job.account_id.to_string(),
            region.to_owned(),
            job.vault_name.to_string(),
        );
        let mut entries = lock(&self.entries);
        entries.seq += 1;
        let seq = entries.seq;
        let log = entries.vaults.entry(key).or_default();
        if log.len() == PER_VAULT {
            log.pop_front();
        }
        log.push_back((seq, entry));
    }

    /// Every vault's notifications, oldest first.
    pub fn list(&self) -> Value {
        let entries = lock(&self.entries);
        let mut all: Vec<&(u64, Value)> = entries.vaults.values().flatten().collect();
        all.sort_by_key(|(seq, _)| *seq);
        json!({ "notifications": all.into_iter().map(|(_, entry)| entry).collect::<Vec<_>>() })
    }

    /// Forgets everything.
    pub fn clear(&self) {
        *lock(&self.entries) = Entries::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::backup_job::PercentDone;

    /// The id of the `n`th job of a test.
    fn job_id(n: usize) -> String {
        format!("0A1B2C3D-0000-4000-8000-{n:012}")
    }

    fn job(id: &str, state: BackupJobState) -> BackupJob {
        BackupJob {
            id: id.parse().expect("a job id"),
            account_id: "111122223333".into(),
            vault_name: "v1".into(),
            vault_arn: "arn:aws:backup:us-east-1:111122223333:backup-vault:v1".into(),
            resource_arn: "arn:aws:ec2:us-east-1:111122223333:volume/vol-1".into(),
            resource_type: "EBS".parse().unwrap(),
            resource_name: "vol-1".into(),
            iam_role_arn: "arn:aws:iam::111122223333:role/backup".into(),
            state,
            creation_date: Timestamp::default(),
            start_by: Timestamp::default(),
            expected_completion_date: Timestamp::default(),
            completion_date: None,
            recovery_point_arn: "rp".into(),
            lifecycle: None,
            created_by: None,
            encryption_key_arn: None,
            percent_done: PercentDone::NONE,
            backup_size_in_bytes: 0,
            idempotency_token: None,
            in_local_vault: false,
            rare: Default::default(),
        }
    }

    fn config(events: Vec<BackupVaultEvent>) -> VaultNotifications {
        VaultNotifications {
            sns_topic_arn: "arn:aws:sns:us-east-1:111122223333:t".into(),
            events,
            reports_in_s3: None,
        }
    }

    fn states(log: &NotificationLog) -> Vec<String> {
        log.list()["notifications"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|n| {
                format!(
                    "{}/{}",
                    n["event"].as_str().unwrap_or(""),
                    n["messageAttributes"]["State"].as_str().unwrap_or("")
                )
            })
            .collect()
    }

    #[test]
    fn only_subscribed_events_are_logged_and_deprecated_ones_never_fire() {
        let log = NotificationLog::default();
        let config = config(vec![
            BackupVaultEvent::BackupJobCompleted,
            BackupVaultEvent::BackupJobFailed,
        ]);
        for state in [
            BackupJobState::Created,
            BackupJobState::Running,
            BackupJobState::Failed,
            BackupJobState::Expired,
        ] {
            log.record(
                "us-east-1",
                &job(&job_id(1), state),
                &config,
                Timestamp::default(),
            );
        }
        assert_eq!(
            states(&log),
            [
                "BACKUP_JOB_COMPLETED/FAILED",
                "BACKUP_JOB_COMPLETED/EXPIRED"
            ]
        );
        log.clear();
        assert!(states(&log).is_empty());
    }

    #[test]
    fn each_vault_keeps_its_latest_entries() {
        let log = NotificationLog::default();
        let config = config(vec![BackupVaultEvent::BackupJobStarted]);
        for n in 0..PER_VAULT + 5 {
            log.record(
                "us-east-1",
                &job(&job_id(n), BackupJobState::Created),
                &config,
                Timestamp::default(),
            );
        }
        let listed = log.list();
        let all = listed["notifications"].as_array().expect("a list");
        assert_eq!(all.len(), PER_VAULT);
        assert_eq!(all[0]["messageAttributes"]["Id"], job_id(5));
        assert_eq!(
            all[PER_VAULT - 1]["messageAttributes"]["Id"],
            job_id(PER_VAULT + 4)
        );
    }
}
