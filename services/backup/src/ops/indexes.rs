//! Backup indexes of recovery points: GetRecoveryPointIndexDetails,
//! UpdateRecoveryPointIndexSettings (this file) and ListIndexedRecoveryPoints
//! (`indexes/listing.rs`).
//!
//! Indexes exist for EBS and S3 recovery points. Enabling one makes it PENDING, and ACTIVE after
//! the job delay; disabling it makes it DELETING, and it is gone after the delay
//! (`indexes/lifecycle.rs`). An index goes with its recovery point. The index's status shows in
//! DescribeRecoveryPoint and the recovery point listings.

pub mod listing;

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::{
    GetRecoveryPointIndexDetailsInput, GetRecoveryPointIndexDetailsOutput, Index, IndexStatus,
    RecoveryPointStatus, UpdateRecoveryPointIndexSettingsInput,
    UpdateRecoveryPointIndexSettingsOutput,
};
use crate::engine::backend::Backend;
use crate::engine::dispatch::at;
use crate::engine::events::PointEvent;
use crate::model::point_index::PointIndex;
use crate::model::recovery_point::RecoveryPoint;
use crate::state::points::{find_in_vault, of_point};
use crate::support::arns::check_role_arn;
use crate::support::errors::{invalid_request, missing_parameter, not_found};
use crate::support::resource_types;

/// Refuses to index a point of another resource type, or one that is not (yet) usable.
fn check_indexable(point: &RecoveryPoint) -> Result<(), ServiceError> {
    if !resource_types::has(&point.resource_type, |t| t.index) {
        return Err(invalid_request(format!(
            "Backup indexes are supported only for EBS and S3 recovery points; recovery point {} \
             is of resource type {}",
            point.arn, point.resource_type
        )));
    }
    if !matches!(
        point.status,
        RecoveryPointStatus::Completed | RecoveryPointStatus::Available
    ) {
        return Err(invalid_request(format!(
            "Recovery point {} is {}; only an available recovery point can be indexed",
            point.arn, point.status
        )));
    }
    Ok(())
}

/// `GetRecoveryPointIndexDetails`: a point without an index has no details to give.
pub(crate) fn get_recovery_point_index_details(
    svc: &Backend,
    ctx: &RequestContext,
    input: GetRecoveryPointIndexDetailsInput,
) -> Result<GetRecoveryPointIndexDetailsOutput, ServiceError> {
    svc.store.with_region(ctx, |region| {
        let (_, point) =
            find_in_vault(region, &input.backup_vault_name, &input.recovery_point_arn)?;
        let index = of_point(region, &point.arn).ok_or_else(|| {
            not_found(format!(
                "Recovery point {} does not have a backup index",
                point.arn
            ))
        })?;
        Ok(index.details(point))
    })
}

/// `UpdateRecoveryPointIndexSettings`: `ENABLED` builds an index (PENDING, then ACTIVE) and
/// needs `IamRoleArn`; `DISABLED` deletes it (DELETING, then gone). Asking for what is already
/// so changes nothing; enabling an index that is being deleted is refused.
pub(crate) fn update_recovery_point_index_settings(
    svc: &Backend,
    ctx: &RequestContext,
    input: UpdateRecoveryPointIndexSettingsInput,
) -> Result<UpdateRecoveryPointIndexSettingsOutput, ServiceError> {
    if let Some(role) = &input.iam_role_arn {
        check_role_arn(role)?;
    }
    let now = svc.clock.now();
    let settings = svc.engine_settings;
    let (status, follow_ups) = svc.store.with_region(ctx, |region| {
        let (_, point) =
            find_in_vault(region, &input.backup_vault_name, &input.recovery_point_arn)?;
        let arn = point.arn.clone();
        let current = of_point(region, &arn).map(|index| index.status);
        match (input.index, current) {
            (Index::Enabled, Some(IndexStatus::Deleting)) => Err(invalid_request(format!(
                "The backup index of recovery point {arn} is being deleted; enable it again \
                 once the deletion has finished"
            ))),
            (Index::Enabled, Some(status))
            | (Index::Disabled, Some(status @ IndexStatus::Deleting)) => {
                Ok((Some(status), Vec::new()))
            }
            (Index::Enabled, None) => {
                let role = input.iam_role_arn.clone().ok_or_else(|| {
                    missing_parameter("IamRoleArn is required to enable a backup index")
                })?;
                check_indexable(point)?;
                region
                    .indexes
                    .insert(arn.to_string(), PointIndex::pending(role, now));
                let follow_ups = at(
                    region,
                    settings.finish_at(now),
                    PointEvent::IndexActive(arn.to_string()),
                    now,
                    &settings,
                );
                Ok((of_point(region, &arn).map(|index| index.status), follow_ups))
            }
            (Index::Disabled, None) => Ok((None, Vec::new())),
            (Index::Disabled, Some(_)) => {
                if let Some(index) = region.indexes.get_mut(&arn) {
                    index.status = IndexStatus::Deleting;
                    index.deletion_date = Some(now);
                }
                let follow_ups = at(
                    region,
                    settings.finish_at(now),
                    PointEvent::IndexDeleted(arn.to_string()),
                    now,
                    &settings,
                );
                Ok((of_point(region, &arn).map(|index| index.status), follow_ups))
            }
        }
    })?;
    svc.schedule(ctx, follow_ups);
    Ok(UpdateRecoveryPointIndexSettingsOutput {
        backup_vault_name: Some(input.backup_vault_name),
        index: Some(input.index),
        index_status: status,
        recovery_point_arn: Some(input.recovery_point_arn),
    })
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Index settings changed through the handler, for unit tests.

    use crate::BackupService;

    use super::*;
    use crate::test_support::ctx;

    /// The role the tests index with.
    pub const ROLE: &str = "arn:aws:iam::111122223333:role/indexer";

    /// Sets the index of `point` in vault `vault` to `index`.
    pub fn set(
        svc: &BackupService,
        vault: &str,
        point: &str,
        index: Index,
    ) -> Result<UpdateRecoveryPointIndexSettingsOutput, ServiceError> {
        update_recovery_point_index_settings(
            svc,
            &ctx(),
            UpdateRecoveryPointIndexSettingsInput {
                backup_vault_name: vault.to_owned(),
                iam_role_arn: Some(ROLE.to_owned()),
                index,
                recovery_point_arn: point.to_owned(),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::set;
    use super::*;
    use crate::ops::recovery_points::test_support::{put, put_with};
    use crate::ops::vaults::test_support::create;
    use crate::test_support::{code, ctx, service};
    use crate::BackupService;

    fn details(
        svc: &BackupService,
        point: &str,
    ) -> Result<GetRecoveryPointIndexDetailsOutput, ServiceError> {
        get_recovery_point_index_details(
            svc,
            &ctx(),
            GetRecoveryPointIndexDetailsInput {
                backup_vault_name: "v".into(),
                recovery_point_arn: point.to_owned(),
            },
        )
    }

    #[test]
    fn an_index_goes_pending_active_deleting_and_away_over_the_delay() {
        let svc = service();
        create(&svc, "v");
        let point = put_with(&svc, "v", "RP", 1_000, |p| p.backup_size_in_bytes = 5 << 20);
        assert_eq!(
            code(&details(&svc, &point).unwrap_err()),
            "ResourceNotFoundException"
        );
        let enabled = set(&svc, "v", &point, Index::Enabled).unwrap();
        assert_eq!(enabled.index_status, Some(IndexStatus::Pending));
        assert_eq!(
            set(&svc, "v", &point, Index::Enabled).unwrap().index_status,
            Some(IndexStatus::Pending)
        );
        svc.clock.advance(3.0);
        svc.settle_due();
        let active = details(&svc, &point).unwrap();
        assert_eq!(active.index_status, Some(IndexStatus::Active));
        assert_eq!(active.total_items_indexed, Some(5));
        assert!(active.index_completion_date.is_some());

        let disabled = set(&svc, "v", &point, Index::Disabled).unwrap();
        assert_eq!(disabled.index_status, Some(IndexStatus::Deleting));
        assert!(details(&svc, &point).unwrap().index_deletion_date.is_some());
        assert_eq!(
            code(&set(&svc, "v", &point, Index::Enabled).unwrap_err()),
            "InvalidRequestException"
        );
        svc.clock.advance(3.0);
        svc.settle_due();
        assert_eq!(
            code(&details(&svc, &point).unwrap_err()),
            "ResourceNotFoundException"
        );
        assert_eq!(
            set(&svc, "v", &point, Index::Disabled)
                .unwrap()
                .index_status,
            None
        );
    }

    #[test]
    fn only_ebs_and_s3_points_are_indexed_and_enabling_needs_a_role() {
        let svc = service();
        create(&svc, "v");
        create(&svc, "w");
        let table = put_with(&svc, "v", "TABLE", 1_000, |p| {
            p.resource_type = "DynamoDB".parse().unwrap();
        });
        assert_eq!(
            code(&set(&svc, "v", &table, Index::Enabled).unwrap_err()),
            "InvalidRequestException"
        );
        let volume = put(&svc, "v", "VOL", 2_000);
        assert_eq!(
            code(&set(&svc, "w", &volume, Index::Enabled).unwrap_err()),
            "ResourceNotFoundException"
        );
        let without_role = update_recovery_point_index_settings(
            &svc,
            &ctx(),
            UpdateRecoveryPointIndexSettingsInput {
                backup_vault_name: "v".into(),
                iam_role_arn: None,
                index: Index::Enabled,
                recovery_point_arn: volume.clone(),
            },
        )
        .unwrap_err();
        assert_eq!(code(&without_role), "MissingParameterValueException");
        svc.store
            .with_region(&ctx(), |region| assert!(region.indexes.is_empty()));
    }

    #[test]
    fn an_index_goes_with_its_recovery_point() {
        let svc = service();
        create(&svc, "v");
        let point = put(&svc, "v", "RP", 1_000);
        set(&svc, "v", &point, Index::Enabled).unwrap();
        svc.store.with_region(&ctx(), |region| {
            // As the lifecycle's expiry removes it, without remove_point's clean-up.
            region.recovery_points.remove(&point);
            assert!(of_point(region, &point).is_none());
        });
        svc.clock.advance(3.0);
        svc.settle_due();
        svc.store
            .with_region(&ctx(), |region| assert!(region.indexes.is_empty()));
    }
}
