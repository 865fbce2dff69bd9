//! Scheduled backups of resources registered with a backup appliance, as AWS describes them
//! (botocore 1.44.18's Backup model, `LocalBackupConfiguration` and `BackupRuleInput`):
//!
//! - "Resources that you register with a backup appliance always back up to the appliance's
//!   local backup vault"; "By default, Backup then copies each backup to the target backup vault
//!   of the backup rule" (`BackupToLocalVaultOnly` turns the copy off).
//! - The local backup is kept for `DeleteAfterDays`, or without a `LocalBackupConfiguration` for
//!   the rule `Lifecycle`'s days; the copy keeps the rule's `Lifecycle`. "Local backup vaults
//!   don't support cold storage."
//! - `DeleteAfterNextBackup` (and, without a `LocalBackupConfiguration`, the default for snapshot
//!   backups): a local backup is deleted once "a newer backup of the same resource exists in the
//!   same local backup vault, and the scheduled copy of the backup to the target backup vault has
//!   completed successfully", only the first condition applying without a copy. "This setting
//!   applies only to snapshot backups."
//!
//! This module plans such a job ([`plan`]) and applies the early deletion when a point is
//! written ([`point_written`]) or its copy completes ([`copy_completed`]). The deletion itself is
//! the lifecycle's (`lifecycle.rs`): a legal hold keeps the point `EXPIRED`, a vault lock's
//! minimum retention delays it.

use emulator_core::dto::Timestamp;

use crate::api::generated::{CopyAction, CopyJobState, Lifecycle, LocalBackupConfiguration};
use crate::engine::events::FollowUps;
use crate::engine::lifecycle::apply_lifecycle_deletion;
use crate::model::backup_job::LocalBackupJob;
use crate::model::recovery_point::DeleteAfterNextBackup;
use crate::model::vault::Vault;
use crate::state::RegionState;

/// Why a registered resource's scheduled backup fails when its account and Region have no local
/// backup vault (our wording).
const NO_LOCAL_VAULT: &str =
    "The resource is registered with a backup appliance, but no local backup vault exists for an appliance in this account and Region";

/// Why it fails when several appliances have local vaults (our wording): a resource target's ARN
/// does not name its appliance, and the emulator has no Backup External to ask.
const SEVERAL_LOCAL_VAULTS: &str =
    "The resource is registered with a backup appliance, but several appliances have local backup vaults in this account and Region and the emulator cannot tell which one the resource belongs to";

/// How one scheduled run backs up a resource registered with a backup appliance.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LocalBackupRun {
    /// The vault the job writes into (the local vault; the rule's target vault when it fails).
    pub vault_name: String,
    /// The local point's lifecycle: a retention only.
    pub lifecycle: Option<Lifecycle>,
    /// The copies to make once the local point is written: to the rule's target vault unless
    /// `BackupToLocalVaultOnly`, then the rule's `CopyActions`.
    pub copy_actions: Vec<CopyAction>,
    /// The local vault, or why there is none.
    pub local: LocalBackupJob,
}

/// What the rule with `target_vault_name` (ARN `target_vault_arn`), `lifecycle`, `copy_actions`
/// and `config` does for a registered resource, with `local_vault` the name of the appliance's
/// local backup vault ([`appliance_vault`]).
pub(crate) fn plan(
    local_vault: Result<&str, &'static str>,
    target_vault_name: &str,
    target_vault_arn: &str,
    lifecycle: Option<&Lifecycle>,
    copy_actions: &[CopyAction],
    config: Option<&LocalBackupConfiguration>,
) -> LocalBackupRun {
    let vault_name = match local_vault {
        Ok(name) => name,
        Err(message) => {
            return LocalBackupRun {
                vault_name: target_vault_name.to_owned(),
                lifecycle: lifecycle.cloned(),
                copy_actions: Vec::new(),
                local: LocalBackupJob::Fails(message.to_owned()),
            }
        }
    };
    let local_only = config.is_some_and(|c| c.backup_to_local_vault_only == Some(true));
    let retention = match config {
        Some(config) => Some(config.delete_after_days),
        None => lifecycle.and_then(|l| l.delete_after_days),
    };
    let mut copies = Vec::new();
    if !local_only {
        copies.push(CopyAction {
            destination_backup_vault_arn: target_vault_arn.to_owned(),
            lifecycle: lifecycle.cloned(),
        });
    }
    copies.extend(copy_actions.iter().cloned());
    // Without a configuration, AWS deletes a local snapshot early by default.
    let early = config.is_none_or(|c| c.delete_after_next_backup == Some(true));
    LocalBackupRun {
        vault_name: vault_name.to_owned(),
        lifecycle: retention.map(|days| Lifecycle {
            delete_after_days: Some(days),
            ..Default::default()
        }),
        copy_actions: copies,
        local: LocalBackupJob::Vault(early.then(|| DeleteAfterNextBackup {
            copy_to_vault_arn: (!local_only).then(|| target_vault_arn.to_owned()),
            copied: false,
        })),
    }
}

/// The local backup vault the region's registered resources back up to: the only one there is.
pub(crate) fn appliance_vault(region: &RegionState) -> Result<&Vault, &'static str> {
    let mut local = region.vaults.values().filter(|v| v.appliance_arn.is_some());
    match (local.next(), local.next()) {
        (Some(vault), None) => Ok(vault),
        (None, _) => Err(NO_LOCAL_VAULT),
        (Some(_), Some(_)) => Err(SEVERAL_LOCAL_VAULTS),
    }
}

/// After the point `arn` was written: a snapshot makes the older points of its resource in its
/// vault that wait for a newer backup (and whose copy is done) go.
pub fn point_written(region: &mut RegionState, arn: &str, now: Timestamp) -> FollowUps {
    let Some(point) = region.recovery_points.get(arn) else {
        return Vec::new();
    };
    if point.continuous {
        return Vec::new();
    }
    let newest = (point.creation_date.epoch_millis(), arn);
    let older: Vec<String> = region
        .recovery_points
        .in_vault(&point.vault_name)
        .and_then(|vault| vault.resources.get(point.resource_arn.as_str()))
        .into_iter()
        .flatten()
        .filter(|(millis, other)| (*millis, &**other) < newest)
        .filter_map(|(_, other)| region.recovery_points.get(other))
        .filter(|older| waits_for_newer_backup(older))
        .map(|older| older.arn.to_string())
        .collect();
    older
        .iter()
        .flat_map(|older| supersede(region, older, now))
        .collect()
}

/// After copy job `job_id` (in this, its source's region) settled: if it completed the scheduled
/// copy its source point waited for, and a newer backup of the resource is already in the
/// point's vault, the point goes.
pub fn copy_completed(region: &mut RegionState, job_id: &str, now: Timestamp) -> FollowUps {
    let Some(job) = region
        .copy_jobs
        .get(job_id)
        .filter(|job| job.state == CopyJobState::Completed)
    else {
        return Vec::new();
    };
    let source = job.source_recovery_point_arn.clone();
    let destination = job.destination_vault_arn.clone();
    let Some(point) = region.recovery_points.get_mut(&source) else {
        return Vec::new();
    };
    match point.rare.delete_after_next_backup.as_mut() {
        Some(early) if early.copy_to_vault_arn.as_deref() == Some(destination.as_str()) => {
            early.copied = true;
        }
        _ => return Vec::new(),
    }
    let (millis, vault_name, resource_arn) = (
        point.creation_date.epoch_millis(),
        point.vault_name.clone(),
        point.resource_arn.clone(),
    );
    let key = (millis, source.as_str());
    let has_newer = region
        .recovery_points
        .in_vault(&vault_name)
        .and_then(|vault| vault.resources.get(resource_arn.as_str()))
        .is_some_and(|set| {
            set.iter().any(|(millis, other)| {
                (*millis, &**other) > key
                    && region
                        .recovery_points
                        .get(other)
                        .is_some_and(|newer| !newer.continuous)
            })
        });
    if has_newer
        && region
            .recovery_points
            .get(&source)
            .is_some_and(waits_for_newer_backup)
    {
        supersede(region, &source, now)
    } else {
        Vec::new()
    }
}

/// Whether `point` is a snapshot that `DeleteAfterNextBackup` deletes once a newer backup exists
/// (its copy done), and has not been superseded yet.
fn waits_for_newer_backup(point: &crate::model::recovery_point::RecoveryPoint) -> bool {
    !point.continuous
        && point.rare.superseded_at.is_none()
        && point
            .rare
            .delete_after_next_backup
            .as_ref()
            .is_some_and(DeleteAfterNextBackup::copy_done)
}

/// The point `arn` is due for deletion from `now`, through the lifecycle's deletion.
fn supersede(region: &mut RegionState, arn: &str, now: Timestamp) -> FollowUps {
    if let Some(point) = region.recovery_points.get_mut(arn) {
        point.rare.superseded_at = Some(now);
    }
    apply_lifecycle_deletion(region, arn, now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::recovery_point::RecoveryPoint;
    use crate::model::vault::VaultKey;

    const TARGET: &str = "arn:aws:backup:us-east-1:111122223333:backup-vault:cloud";

    fn local_vault() -> Vault {
        let mut vault = Vault::new(
            "site-a".into(),
            "arn:aws:backup:us-east-1:111122223333:backup-vault:site-a".into(),
            Timestamp::default(),
            None,
            VaultKey::CustomerManaged(
                "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
                    .into(),
            ),
        );
        vault.appliance_arn = Some("appliance".into());
        vault
    }

    fn days(days: i64) -> Lifecycle {
        Lifecycle {
            delete_after_days: Some(days),
            ..Default::default()
        }
    }

    #[test]
    fn a_run_writes_locally_and_copies_to_the_target_unless_local_only() {
        let vault = local_vault();
        let rule_lifecycle = Lifecycle {
            move_to_cold_storage_after_days: Some(10),
            delete_after_days: Some(120),
            ..Default::default()
        };
        let config = LocalBackupConfiguration {
            delete_after_days: 7,
            ..Default::default()
        };
        let run = plan(
            Ok(&vault.name),
            "cloud",
            TARGET,
            Some(&rule_lifecycle),
            &[],
            Some(&config),
        );
        assert_eq!(run.vault_name, "site-a");
        assert_eq!(run.lifecycle, Some(days(7)));
        assert_eq!(run.copy_actions.len(), 1);
        assert_eq!(run.copy_actions[0].destination_backup_vault_arn, TARGET);
        assert_eq!(run.copy_actions[0].lifecycle, Some(rule_lifecycle.clone()));
        assert_eq!(run.local, LocalBackupJob::Vault(None));

        // Without a configuration: the rule's retention (no cold storage), deleted after the next
        // backup once copied.
        let run = plan(
            Ok(&vault.name),
            "cloud",
            TARGET,
            Some(&rule_lifecycle),
            &[],
            None,
        );
        assert_eq!(run.lifecycle, Some(days(120)));
        assert_eq!(
            run.local,
            LocalBackupJob::Vault(Some(DeleteAfterNextBackup {
                copy_to_vault_arn: Some(TARGET.into()),
                copied: false
            }))
        );

        let local_only = LocalBackupConfiguration {
            delete_after_days: 3,
            backup_to_local_vault_only: Some(true),
            delete_after_next_backup: Some(true),
        };
        let run = plan(
            Ok(&vault.name),
            "cloud",
            TARGET,
            None,
            &[],
            Some(&local_only),
        );
        assert!(run.copy_actions.is_empty());
        assert_eq!(
            run.local,
            LocalBackupJob::Vault(Some(DeleteAfterNextBackup {
                copy_to_vault_arn: None,
                copied: false
            }))
        );

        let run = plan(Err(NO_LOCAL_VAULT), "cloud", TARGET, None, &[], None);
        assert_eq!(run.vault_name, "cloud");
        assert_eq!(run.local, LocalBackupJob::Fails(NO_LOCAL_VAULT.into()));
    }

    fn point(arn: &str, created: i64, early: Option<DeleteAfterNextBackup>) -> RecoveryPoint {
        let mut point = RecoveryPoint::sample(arn, "site-a");
        point.creation_date = Timestamp::from_epoch_seconds(created as f64);
        point.rare.delete_after_next_backup = early;
        point
    }

    #[test]
    fn an_older_point_goes_once_a_newer_one_is_written_and_its_copy_is_done() {
        let mut region = RegionState::default();
        let waiting = DeleteAfterNextBackup {
            copy_to_vault_arn: Some(TARGET.into()),
            copied: false,
        };
        region
            .recovery_points
            .insert("old", point("old", 1_000, Some(waiting.clone())));
        region
            .recovery_points
            .insert("new", point("new", 2_000, Some(waiting)));
        let now = Timestamp::from_epoch_seconds(3_000.0);
        // The copy of "old" has not completed: it stays.
        point_written(&mut region, "new", now);
        assert!(region.recovery_points.contains_key("old"));
        // Once marked copied, the next snapshot takes it.
        region
            .recovery_points
            .get_mut("old")
            .unwrap()
            .rare
            .delete_after_next_backup
            .as_mut()
            .unwrap()
            .copied = true;
        point_written(&mut region, "new", now);
        assert!(!region.recovery_points.contains_key("old"));
        assert!(region.recovery_points.contains_key("new"));
    }
}
