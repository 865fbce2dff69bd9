//! Protected resources: DescribeProtectedResource, ListProtectedResources and
//! ListProtectedResourcesByBackupVault.
//!
//! A resource is protected while it has at least one recovery point in the region; everything
//! these operations report is derived from its newest point (`LastBackupTime` is that point's
//! creation date), read straight from the recovery point indexes: a describe costs O(log n) and
//! a page of a listing O(page · log n). Listings run in resource ARN order.

use std::collections::BTreeMap;
use std::sync::Arc;

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::{
    DescribeProtectedResourceInput, DescribeProtectedResourceOutput,
    ListProtectedResourcesByBackupVaultInput, ListProtectedResourcesByBackupVaultOutput,
    ListProtectedResourcesInput, ListProtectedResourcesOutput, ProtectedResource,
};
use crate::engine::backend::Backend;
use crate::model::recovery_points::{PointSet, RecoveryPoints};
use crate::state::point_pages::in_key_order;
use crate::state::vaults;
use crate::support::errors::not_found;

/// The page size when the caller sets no `MaxResults` (the model's maximum).
const DEFAULT_PAGE_SIZE: usize = 1000;

fn page_size(max_results: Option<i32>) -> usize {
    // The gateway already holds MaxResults to the model's 1..=1000.
    max_results.map_or(DEFAULT_PAGE_SIZE, |n| usize::try_from(n).unwrap_or(0))
}

/// The summary of a resource from its newest point in `set`.
fn summary(
    points: &RecoveryPoints,
    resource_arn: &str,
    set: &PointSet,
) -> Option<ProtectedResource> {
    let newest = points.newest_in(set)?;
    Some(ProtectedResource {
        // A continuous backup's latest backup is its latest run, not its creation.
        last_backup_time: Some(newest.latest_backup_time()),
        last_backup_vault_arn: Some(newest.vault_arn.to_string()),
        last_recovery_point_arn: Some(newest.arn.to_string()),
        resource_arn: Some(resource_arn.to_owned()),
        resource_name: Some(newest.resource_name().to_owned()),
        resource_type: Some(newest.resource_type.to_string()),
    })
}

/// The summaries of one page of `(resource, points)` entries.
fn summaries(points: &RecoveryPoints, page: &[(&Arc<str>, &PointSet)]) -> Vec<ProtectedResource> {
    page.iter()
        .filter_map(|(resource, set)| summary(points, resource, set))
        .collect()
}

/// `DescribeProtectedResource`. The `LatestRestore*` members stay absent until a restore job
/// has restored the resource's points.
pub(crate) fn describe_protected_resource(
    svc: &Backend,
    ctx: &RequestContext,
    input: DescribeProtectedResourceInput,
) -> Result<DescribeProtectedResourceOutput, ServiceError> {
    svc.store.with_region(ctx, |region| {
        let points = &region.recovery_points;
        let found = points
            .of_resource(&input.resource_arn)
            .and_then(|set| summary(points, &input.resource_arn, set))
            .ok_or_else(|| {
                not_found(format!(
                    "Resource {} is not protected by AWS Backup in this account and Region.",
                    input.resource_arn
                ))
            })?;
        Ok(DescribeProtectedResourceOutput {
            last_backup_time: found.last_backup_time,
            last_backup_vault_arn: found.last_backup_vault_arn,
            last_recovery_point_arn: found.last_recovery_point_arn,
            resource_arn: found.resource_arn,
            resource_name: found.resource_name,
            resource_type: found.resource_type,
            ..DescribeProtectedResourceOutput::default()
        })
    })
}

/// `ListProtectedResources`: every protected resource of the region.
pub(crate) fn list_protected_resources(
    svc: &Backend,
    ctx: &RequestContext,
    input: ListProtectedResourcesInput,
) -> Result<ListProtectedResourcesOutput, ServiceError> {
    svc.store.with_region(ctx, |region| {
        let points = &region.recovery_points;
        let cut = in_key_order(
            points.by_resource(),
            input.next_token.as_deref(),
            "ListProtectedResources",
            page_size(input.max_results),
        )
        .map_err(|error| crate::support::pagination::error(&error))?;
        Ok(ListProtectedResourcesOutput {
            results: Some(summaries(points, &cut.items)),
            next_token: cut.next_token,
        })
    })
}

/// `ListProtectedResourcesByBackupVault`: the resources with points in one vault, each
/// summarised from its newest point in that vault. `BackupVaultAccountId` naming another
/// account finds no vault: the emulator models no cross-account vault access.
pub(crate) fn list_protected_resources_by_backup_vault(
    svc: &Backend,
    ctx: &RequestContext,
    input: ListProtectedResourcesByBackupVaultInput,
) -> Result<ListProtectedResourcesByBackupVaultOutput, ServiceError> {
    let name = input.backup_vault_name;
    if input
        .backup_vault_account_id
        .is_some_and(|account| account != ctx.account_id)
    {
        return Err(vaults::vault_not_found(&name));
    }
    let scope = format!("ListProtectedResourcesByBackupVault|{name}");
    svc.store.with_region(ctx, |region| {
        vaults::find(region, &name)?;
        let points = &region.recovery_points;
        let no_resources = BTreeMap::new();
        let resources = points
            .in_vault(&name)
            .map_or(&no_resources, |vault| &vault.resources);
        let cut = in_key_order(
            resources,
            input.next_token.as_deref(),
            &scope,
            page_size(input.max_results),
        )
        .map_err(|error| crate::support::pagination::error(&error))?;
        Ok(ListProtectedResourcesByBackupVaultOutput {
            results: Some(summaries(points, &cut.items)),
            next_token: cut.next_token,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::recovery_points::test_support::put_with;
    use crate::ops::vaults::test_support::create;
    use crate::test_support::{code, ctx, service};
    use crate::BackupService;

    const VOLUME: &str = "arn:aws:ec2:us-east-1:111122223333:volume/vol-1";
    const TABLE: &str = "arn:aws:dynamodb:us-east-1:111122223333:table/T";

    fn put(svc: &BackupService, vault: &str, id: &str, resource: &str, millis: i64) -> String {
        put_with(svc, vault, id, millis, |p| {
            p.resource_arn = resource.into();
            if resource == TABLE {
                p.resource_type = "DynamoDB".parse().unwrap();
                p.resource_name = "T".into();
            }
        })
    }

    fn describe(
        svc: &BackupService,
        resource: &str,
    ) -> Result<DescribeProtectedResourceOutput, ServiceError> {
        describe_protected_resource(
            svc,
            &ctx(),
            DescribeProtectedResourceInput {
                resource_arn: resource.into(),
            },
        )
    }

    #[test]
    fn the_newest_point_describes_the_resource() {
        let svc = service();
        create(&svc, "v");
        create(&svc, "w");
        put(&svc, "v", "OLD", VOLUME, 1_000);
        let newest = put(&svc, "w", "NEW", VOLUME, 2_000);
        let out = describe(&svc, VOLUME).unwrap();
        assert_eq!(
            out.last_recovery_point_arn.as_deref(),
            Some(newest.as_str())
        );
        assert!(out
            .last_backup_vault_arn
            .is_some_and(|a| a.ends_with(":backup-vault:w")));
        assert_eq!(out.last_backup_time.map(|t| t.epoch_millis()), Some(2_000));
        assert_eq!(out.resource_type.as_deref(), Some("EBS"));
        assert_eq!(out.latest_restore_job_creation_date, None);

        svc.store.with_region(&ctx(), |region| {
            crate::state::points::remove_point(region, &newest);
        });
        let out = describe(&svc, VOLUME).unwrap();
        assert_eq!(out.last_backup_time.map(|t| t.epoch_millis()), Some(1_000));
        assert_eq!(
            code(&describe(&svc, TABLE).unwrap_err()),
            "ResourceNotFoundException"
        );
    }

    #[test]
    fn listings_page_in_resource_order_and_per_vault() {
        let svc = service();
        create(&svc, "v");
        create(&svc, "w");
        create(&svc, "empty");
        put(&svc, "v", "A", VOLUME, 1_000);
        put(&svc, "w", "B", VOLUME, 3_000);
        put(&svc, "v", "C", TABLE, 2_000);

        let first = list_protected_resources(
            &svc,
            &ctx(),
            ListProtectedResourcesInput {
                max_results: Some(1),
                next_token: None,
            },
        )
        .unwrap();
        let results = first.results.unwrap();
        assert_eq!(results[0].resource_arn.as_deref(), Some(TABLE));
        let second = list_protected_resources(
            &svc,
            &ctx(),
            ListProtectedResourcesInput {
                max_results: Some(1),
                next_token: first.next_token,
            },
        )
        .unwrap();
        assert_eq!(second.next_token, None);
        let volume = &second.results.unwrap()[0];
        assert!(volume
            .last_backup_vault_arn
            .as_ref()
            .is_some_and(|a| a.ends_with(":w")));

        let by_vault = |vault: &str, account: Option<&str>, token: Option<String>| {
            list_protected_resources_by_backup_vault(
                &svc,
                &ctx(),
                ListProtectedResourcesByBackupVaultInput {
                    backup_vault_account_id: account.map(str::to_owned),
                    backup_vault_name: vault.into(),
                    max_results: None,
                    next_token: token,
                },
            )
        };
        let in_v = by_vault("v", None, None).unwrap().results.unwrap();
        assert_eq!(in_v.len(), 2);
        let volume_in_v = in_v
            .iter()
            .find(|r| r.resource_arn.as_deref() == Some(VOLUME))
            .unwrap();
        assert_eq!(
            volume_in_v.last_backup_time.map(|t| t.epoch_millis()),
            Some(1_000)
        );
        assert_eq!(
            by_vault("empty", None, None).unwrap().results,
            Some(Vec::new())
        );
        for (vault, account) in [("missing", None), ("v", Some("444455556666"))] {
            let error = by_vault(vault, account, None).unwrap_err();
            assert_eq!(code(&error), "ResourceNotFoundException");
        }
        let error = by_vault("empty", None, Some("garbage".into())).unwrap_err();
        assert_eq!(code(&error), "InvalidParameterValueException");
    }
}
