//! Copy jobs: StartCopyJob, DescribeCopyJob (this file) and ListCopyJobs
//! (`copy_jobs/listing.rs`).
//!
//! A copy job copies a recovery point of the caller's region into a vault named by ARN, in any
//! region or account: CREATED → RUNNING → COMPLETED over the job delay, after which the copy is
//! a recovery point of the destination vault (in the destination's own state) that keeps the
//! source's creation date. A destination vault of the caller's account that does not exist is
//! refused up front; one deleted meanwhile, or whose lock does not allow the copy's retention,
//! fails the job. A copy into another account fails unless that account's vault lets it in
//! (`engine/copy_access.rs`).

pub mod listing;

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::*;
use crate::engine::backend::Backend;
use crate::engine::dispatch;
use crate::model::copy_job::CopyJob;
use crate::model::idempotency::TokenKind;
use crate::state::points::check_not_deleting;
use crate::state::vaults;
use crate::support::arns::check_role_arn;
use crate::support::arns::{self, BackupResource};
use crate::support::errors::{invalid_parameter, invalid_request, not_found};
use crate::support::ids::upper_uuid;
use crate::support::lifecycle_rules;
use crate::support::point_arns;
use crate::support::region_key::region_key;
use crate::support::region_key::RegionKey;

/// The destination vault as StartCopyJob found it.
struct Destination {
    key: RegionKey,
    vault_name: String,
    /// The vault's key; unknown for a vault of another account, which is not looked up.
    key_arn: Option<String>,
}

/// Finds the vault `arn` names, in whichever region of the caller's account it lives. A vault
/// of another account is not looked up: whether it exists, and whether it accepts the copy, is
/// decided when the copy arrives (`engine/copy_access.rs`), so that the answer never tells
/// the caller whether another account's vault exists.
fn destination(
    svc: &Backend,
    ctx: &RequestContext,
    arn: &str,
) -> Result<Destination, ServiceError> {
    let Some((parsed, BackupResource::Vault(name))) = arns::parse(arn) else {
        return Err(invalid_parameter(format!(
            "DestinationBackupVaultArn is not the ARN of a backup vault: {arn}"
        )));
    };
    let key = RegionKey {
        account_id: parsed.account_id().to_owned(),
        region: parsed.region().to_owned(),
    };
    if key.account_id != ctx.account_id {
        return Ok(Destination {
            key,
            vault_name: name,
            key_arn: None,
        });
    }
    let key_arn = svc
        .store
        .with_region_of(&key.account_id, &key.region, |region| {
            region
                .vaults
                .get(&name)
                .filter(|vault| vault.arn == arn)
                .map(|vault| vault.key.arn().to_owned())
        })
        .ok_or_else(|| not_found(format!("Backup vault {arn} does not exist.")))?;
    Ok(Destination {
        key_arn: Some(key_arn),
        vault_name: name,
        key,
    })
}

/// `StartCopyJob`.
///
/// Retrying with the same `IdempotencyToken` (the SDKs fill one in) returns the first job; the
/// same token for another copy is refused.
pub(crate) fn start_copy_job(
    svc: &Backend,
    ctx: &RequestContext,
    input: StartCopyJobInput,
) -> Result<StartCopyJobOutput, ServiceError> {
    check_role_arn(&input.iam_role_arn)?;
    if let Some(lifecycle) = &input.lifecycle {
        lifecycle_rules::validate(lifecycle)?;
    }
    // The destination is read first and released: its region's lock is never held together
    // with the caller's. A vault deleted in between fails the job when the copy arrives.
    let destination = destination(svc, ctx, &input.destination_backup_vault_arn)?;
    let now = svc.clock.now();
    let settings = svc.engine_settings;
    let (output, follow_ups) = svc.store.with_region(ctx, |region| {
        if input.idempotency_token.is_some() {
            if let Some(job) = region
                .idempotency
                .job_id(TokenKind::Copy, input.idempotency_token.as_deref())
                .and_then(|id| region.copy_jobs.get(id))
            {
                if job.source_recovery_point_arn != input.recovery_point_arn
                    || job.destination_vault_arn != input.destination_backup_vault_arn
                {
                    return Err(invalid_request(
                        "The idempotency token was already used with different parameters",
                    ));
                }
                return Ok((started(job), Vec::new()));
            }
        }
        let vault = vaults::find(region, &input.source_backup_vault_name)?;
        let point = region
            .recovery_points
            .get(&input.recovery_point_arn)
            .filter(|point| point.vault_name == vault.name)
            .ok_or_else(|| {
                not_found(format!(
                    "Recovery point {} does not exist in backup vault {}",
                    input.recovery_point_arn, vault.name
                ))
            })?;
        check_not_deleting(point)?;
        if point.storage_class == StorageClass::Cold {
            return Err(invalid_request(format!(
                "Recovery point {} is in cold storage and cannot be copied",
                point.arn
            )));
        }
        let destination_ctx =
            RequestContext::new(&destination.key.account_id, &destination.key.region);
        let id = upper_uuid();
        let job = CopyJob {
            destination_recovery_point_arn: point_arns::copy_point_arn(
                &destination_ctx,
                &point.arn,
                &point.resource_type,
                point.resource_name(),
                &id,
                now,
            ),
            id,
            source: region_key(ctx),
            source_vault_arn: vault.arn.clone(),
            source_recovery_point_arn: point.arn.to_string(),
            destination_vault_arn: input.destination_backup_vault_arn.clone(),
            destination_vault_name: destination.vault_name.clone(),
            destination: destination.key.clone(),
            destination_encryption_key_arn: destination.key_arn.clone(),
            lifecycle: input
                .lifecycle
                .clone()
                .or_else(|| point.lifecycle.as_deref().cloned()),
            resource_arn: point.resource_arn.to_string(),
            resource_type: point.resource_type.to_string(),
            resource_name: point.resource_name().to_owned(),
            iam_role_arn: input.iam_role_arn.clone(),
            state: CopyJobState::Created,
            status_message: None,
            creation_date: now,
            completion_date: None,
            backup_size_in_bytes: point.backup_size_in_bytes,
            created_by: None,
            idempotency_token: input.idempotency_token.clone(),
        };
        let output = started(&job);
        region
            .idempotency
            .record(TokenKind::Copy, input.idempotency_token.as_deref(), &job.id);
        let follow_ups = dispatch::admit_copy_job(region, job, now, &settings);
        Ok((output, follow_ups))
    })?;
    svc.schedule(ctx, follow_ups);
    Ok(output)
}

fn started(job: &CopyJob) -> StartCopyJobOutput {
    StartCopyJobOutput {
        copy_job_id: Some(job.id.clone()),
        creation_date: Some(job.creation_date),
        is_parent: Some(false),
    }
}

/// `DescribeCopyJob`.
pub(crate) fn describe_copy_job(
    svc: &Backend,
    ctx: &RequestContext,
    input: DescribeCopyJobInput,
) -> Result<DescribeCopyJobOutput, ServiceError> {
    svc.store.with_region(ctx, |region| {
        let job = region.copy_jobs.get(&input.copy_job_id).ok_or_else(|| {
            not_found(format!(
                "Copy job with id {} does not exist",
                input.copy_job_id
            ))
        })?;
        Ok(DescribeCopyJobOutput {
            copy_job: Some(job.to_api()),
        })
    })
}
