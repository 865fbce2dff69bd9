//! Recovery points: what a completed backup job leaves in a vault, and the operations on them:
//! DescribeRecoveryPoint (here), the two listings (`listing.rs`), UpdateRecoveryPointLifecycle
//! (`lifecycle.rs`), DeleteRecoveryPoint and the two disassociations (`removal.rs`), and
//! GetRecoveryPointRestoreMetadata (`restore_metadata.rs`).
//!
//! The region keeps its points in [`RecoveryPoints`] (`index.rs`), whose indexes keep listings
//! and counts cheap at any size. Code that creates or drops points goes through
//! [`insert_point`] and [`remove_point`], which also keep the point's tags in step.

pub mod lifecycle;
pub mod listing;
pub mod removal;
pub mod restore_metadata;

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::{DescribeRecoveryPointInput, DescribeRecoveryPointOutput};
use crate::engine::backend::Backend;
use crate::state::point_annotations as annotations;
use crate::state::points::{check_vault_account, find_in_vault_or};

/// `DescribeRecoveryPoint`.
pub(crate) fn describe_recovery_point(
    svc: &Backend,
    ctx: &RequestContext,
    input: DescribeRecoveryPointInput,
) -> Result<DescribeRecoveryPointOutput, ServiceError> {
    let missing = svc.missing_vault_error;
    check_vault_account(
        ctx,
        input.backup_vault_account_id.as_deref(),
        &input.backup_vault_name,
    )
    .map_err(|_| missing.error(&input.backup_vault_name))?;
    svc.store.with_region(ctx, |region| {
        let (vault, point) = find_in_vault_or(
            region,
            &input.backup_vault_name,
            &input.recovery_point_arn,
            missing,
        )?;
        Ok(annotations::describe(region, point, Some(vault)))
    })
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Points placed straight into a service's state, for the handler unit tests.

    use crate::BackupService;

    use emulator_core::dto::Timestamp;

    use crate::model::recovery_point::RecoveryPoint;
    use crate::state::points::insert_point;
    use crate::test_support::ctx;

    /// Puts a completed EBS point `id` created at `millis` into vault `vault` (which must
    /// exist), and returns its ARN.
    pub fn put(svc: &BackupService, vault: &str, id: &str, millis: i64) -> String {
        put_with(svc, vault, id, millis, |_| {})
    }

    /// Like [`put`], with `f` shaping the point before it is stored.
    pub fn put_with(
        svc: &BackupService,
        vault: &str,
        id: &str,
        millis: i64,
        f: impl FnOnce(&mut RecoveryPoint),
    ) -> String {
        let arn = crate::support::arns::recovery_point(&ctx(), id);
        let mut point = RecoveryPoint::sample(&arn, vault);
        point.vault_arn = crate::support::arns::vault(&ctx(), vault).into();
        point.creation_date = Timestamp::from_epoch_millis(millis);
        point.completion_date = point.creation_date;
        f(&mut point);
        svc.store.with_region(&ctx(), |region| {
            insert_point(region, point);
        });
        arn
    }

    /// Changes the stored point `arn` in place (fields outside the indexes only).
    pub fn edit(svc: &BackupService, arn: &str, f: impl FnOnce(&mut RecoveryPoint)) {
        svc.store.with_region(&ctx(), |region| {
            if let Some(point) = region.recovery_points.get_mut(arn) {
                f(point);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::put;
    use super::*;
    use crate::model::recovery_point::RecoveryPoint;
    use crate::ops::vaults::test_support::create;
    use crate::state::points::{insert_point, remove_point};
    use crate::test_support::{code, ctx, service};
    use crate::BackupService;

    fn describe(
        svc: &BackupService,
        vault: &str,
        arn: &str,
        account: Option<&str>,
    ) -> Result<DescribeRecoveryPointOutput, ServiceError> {
        describe_recovery_point(
            svc,
            &ctx(),
            DescribeRecoveryPointInput {
                backup_vault_account_id: account.map(str::to_owned),
                backup_vault_name: vault.to_owned(),
                recovery_point_arn: arn.to_owned(),
            },
        )
    }

    #[test]
    fn a_point_is_described_only_through_the_vault_that_holds_it() {
        let svc = service();
        create(&svc, "home");
        create(&svc, "elsewhere");
        let arn = put(&svc, "home", "RP-1", 1_000);
        let described = describe(&svc, "home", &arn, Some("111122223333")).expect("described");
        assert_eq!(described.recovery_point_arn.as_deref(), Some(arn.as_str()));
        assert_eq!(described.backup_vault_name.as_deref(), Some("home"));
        assert_eq!(described.is_encrypted, Some(false));
        for (vault, account, expected) in [
            ("elsewhere", None, "ResourceNotFoundException"),
            // A vault the caller cannot read is AWS's AccessDeniedException (issue 22).
            ("missing", None, "AccessDeniedException"),
            ("home", Some("444455556666"), "AccessDeniedException"),
        ] {
            let error = describe(&svc, vault, &arn, account).expect_err(vault);
            assert_eq!(code(&error), expected);
        }
    }

    #[test]
    fn insert_point_and_remove_point_carry_the_tags() {
        let svc = service();
        create(&svc, "v");
        let arn = crate::support::arns::recovery_point(&ctx(), "RP");
        let mut point = RecoveryPoint::sample(&arn, "v");
        point.rare.tags.insert("team".into(), "storage".into());
        svc.store.with_region(&ctx(), |region| {
            insert_point(region, point);
            assert_eq!(region.tags.list(&arn).get("team"), Some("storage"));
            assert!(remove_point(region, &arn).is_some());
            assert!(region.tags.list(&arn).is_empty());
            assert!(remove_point(region, &arn).is_none());
        });
    }
}
