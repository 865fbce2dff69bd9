//! Copy jobs in the engine: CREATED → RUNNING → COMPLETED or FAILED.
//!
//! A copy crosses regions (or accounts) in three events, each applied under one region's lock:
//! `CopyCompletes` reads the source recovery point in the source's region and sends it
//! ([`CopyDelivery`]) to the destination's region; `CopyArrives` writes it into the destination
//! vault, or finds it cannot; `CopySettled` ([`CopyOutcome`]) ends the job back in the source's
//! region.

use std::sync::Arc;

use emulator_core::dto::Timestamp;

use crate::api::generated::{CopyJobState, RecoveryPointStatus, StorageClass};
use crate::engine::copy_access;
use crate::engine::events::{CopyDelivery, CopyOutcome, EventKind, FollowUps};
use crate::engine::lifecycle::lifecycle_events;
use crate::engine::local_backups;
use crate::model::copy_job::CopyJob;
use crate::state::RegionState;
use crate::support::engine_settings::EngineSettings;

/// Every state change of a copy job goes through here: the place to publish the
/// "Copy Job State Change" event.
fn set_state(job: &mut CopyJob, state: CopyJobState, now: Timestamp, message: Option<String>) {
    job.state = state;
    if matches!(state, CopyJobState::Completed | CopyJobState::Failed) {
        job.completion_date = Some(now);
    }
    if message.is_some() {
        job.status_message = message;
    }
}

/// CREATED → RUNNING.
pub fn run(
    region: &mut RegionState,
    id: &str,
    now: Timestamp,
    settings: &EngineSettings,
) -> FollowUps {
    let Some(job) = region.copy_jobs.get_mut(id) else {
        return Vec::new();
    };
    if job.state != CopyJobState::Created {
        return Vec::new();
    }
    set_state(job, CopyJobState::Running, now, None);
    let finish = settings.finish_at(job.creation_date);
    vec![(finish.latest(now), EventKind::CopyCompletes(id.to_owned()))]
}

/// In the source's region: reads the recovery point and sends its copy to the destination, or
/// fails the job when the point went away.
pub fn send(region: &mut RegionState, id: &str, now: Timestamp) -> FollowUps {
    let Some(job) = region
        .copy_jobs
        .get(id)
        .filter(|job| job.state == CopyJobState::Running)
    else {
        return Vec::new();
    };
    // A point DeleteRecoveryPoint is taking away counts as gone.
    let Some(source) = region
        .recovery_points
        .get(&job.source_recovery_point_arn)
        .filter(|point| !point.is_deleting())
    else {
        let message = format!(
            "Recovery point {} was deleted before the copy finished",
            job.source_recovery_point_arn
        );
        if let Some(job) = region.copy_jobs.get_mut(id) {
            set_state(job, CopyJobState::Failed, now, Some(message));
        }
        return Vec::new();
    };
    // Cloning keeps everything the copy shares with its source (resource, creation date, size,
    // creator); what belongs to the destination is replaced.
    let mut point = source.clone();
    point.arn = job.destination_recovery_point_arn.clone().into();
    point.rare.source_backup_vault_arn = Some(source.vault_arn.to_string());
    point.lifecycle = job.lifecycle.clone().map(Arc::new);
    point.storage_class = StorageClass::Warm;
    point.status = RecoveryPointStatus::Completed;
    point.rare.deletion_requested = None;
    // A copy is a new point that nothing has restored yet: it does not inherit its source's
    // LastRestoreTime (issue 22).
    point.rare.last_restore_time = None;
    // The early deletion of a local backup (`local_backups.rs`) is the source's, not the copy's.
    point.rare.delete_after_next_backup = None;
    point.rare.superseded_at = None;
    // A copy of a continuous backup is a snapshot (its ARN says so: `point_arns`).
    point.continuous = false;
    point.rare.tags = region.tags.list(&source.arn).into_map();
    let delivery = CopyDelivery {
        destination: job.destination.clone(),
        vault_name: job.destination_vault_name.clone(),
        source: job.source.clone(),
        job_id: job.id.clone(),
        point,
        role_arn: job.iam_role_arn.clone(),
        cross_account_enabled: false,
    };
    vec![(now, EventKind::CopyArrives(Box::new(delivery)))]
}

/// In the destination's region: the copy becomes a recovery point of the vault, unless another
/// account may not copy into it (`copy_access.rs`), the vault is gone or its lock does not allow
/// the copy's retention.
pub fn arrive(region: &mut RegionState, delivery: &CopyDelivery, now: Timestamp) -> FollowUps {
    if let Err(denied) = copy_access::check(region, delivery, &delivery.role_arn) {
        let outcome = CopyOutcome {
            source: delivery.source.clone(),
            job_id: delivery.job_id.clone(),
            result: Err(denied),
        };
        return vec![(now, EventKind::CopySettled(Box::new(outcome)))];
    }
    let retention = delivery
        .point
        .lifecycle
        .as_ref()
        .and_then(|l| l.delete_after_days);
    let result = match region.vaults.get(&delivery.vault_name) {
        None => Err(format!(
            "Backup vault {} does not exist anymore",
            delivery.vault_name
        )),
        Some(vault)
            if vault
                .lock
                .as_ref()
                .is_some_and(|lock| !lock.accepts_retention(retention)) =>
        {
            Err("The retention period of the copy is outside the range the destination backup vault's lock allows".to_owned())
        }
        Some(vault) => Ok((vault.arn.clone(), vault.key.arn().to_owned())),
    };
    let mut follow_ups = Vec::new();
    let result = result.map(|(vault_arn, key_arn)| {
        let mut point = delivery.point.clone();
        point.vault_name = delivery.vault_name.as_str().into();
        point.vault_arn = vault_arn.into();
        point.encryption_key_arn = Some(key_arn.clone().into());
        point.completion_date = now;
        follow_ups = lifecycle_events(&point);
        if !point.rare.tags.is_empty() {
            // The tags were valid on the source point; the store cannot refuse them here.
            let _ = region
                .tags
                .tag(&point.arn, point.rare.tags.clone().into_iter().collect());
        }
        region.recovery_points.insert(point.arn.clone(), point);
        key_arn
    });
    let outcome = CopyOutcome {
        source: delivery.source.clone(),
        job_id: delivery.job_id.clone(),
        result,
    };
    follow_ups.push((now, EventKind::CopySettled(Box::new(outcome))));
    follow_ups
}

/// Back in the source's region: RUNNING → COMPLETED or FAILED.
pub fn settled(region: &mut RegionState, outcome: &CopyOutcome, now: Timestamp) -> FollowUps {
    let Some(job) = region
        .copy_jobs
        .get_mut(&outcome.job_id)
        .filter(|job| job.state == CopyJobState::Running)
    else {
        return Vec::new();
    };
    match &outcome.result {
        Ok(key_arn) => {
            job.destination_encryption_key_arn = Some(key_arn.clone());
            set_state(job, CopyJobState::Completed, now, None);
            local_backups::copy_completed(region, &outcome.job_id, now)
        }
        Err(message) => {
            set_state(job, CopyJobState::Failed, now, Some(message.clone()));
            Vec::new()
        }
    }
}

/// The events the region's copy jobs wait for, rebuilt from their states after a restart: what
/// [`admit_copy_job`] and [`run`] queue, at the same times. A RUNNING job starts its copy again
/// from the source: the hand-over events (`CopyArrives`, `CopySettled`) are not state, and
/// delivering a copy twice writes the same recovery point under the same ARN.
pub fn pending(region: &RegionState, settings: &EngineSettings) -> FollowUps {
    region
        .copy_jobs
        .values()
        .filter_map(|job| {
            let id = job.id.clone();
            match job.state {
                CopyJobState::Created => Some((
                    settings.start_at(job.creation_date),
                    EventKind::CopyRuns(id),
                )),
                CopyJobState::Running => Some((
                    settings.finish_at(job.creation_date),
                    EventKind::CopyCompletes(id),
                )),
                CopyJobState::Completed | CopyJobState::Failed | CopyJobState::Partial => None,
            }
        })
        .collect()
}
