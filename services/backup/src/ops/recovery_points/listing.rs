//! `ListRecoveryPointsByBackupVault` and `ListRecoveryPointsByResource`: newest first, paged
//! through the indexes, so a page costs O(log n + page) at any number of points. The vault,
//! resource and creation-date filters pick the index range; the others are checked per point.

use emulator_core::dto::Timestamp;
use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::{
    ListRecoveryPointsByBackupVaultInput, ListRecoveryPointsByBackupVaultOutput,
    ListRecoveryPointsByResourceInput, ListRecoveryPointsByResourceOutput,
};
use crate::engine::backend::Backend;
use crate::model::recovery_point::RecoveryPoint;
use crate::model::recovery_points::PointSet;
use crate::state::point_annotations as annotations;
use crate::state::point_pages::{newest_first, CreatedWindow};
use crate::state::points::check_vault_account;
use crate::state::vaults;
use crate::support::errors::invalid_parameter;
use crate::support::resource_types;

/// The page size when the caller sets no `MaxResults` (the model's maximum).
const DEFAULT_PAGE_SIZE: usize = 1000;

/// An empty set, for a vault or resource without points.
static NO_POINTS: PointSet = PointSet::new();

fn page_size(max_results: Option<i32>) -> usize {
    // The gateway already holds MaxResults to the model's 1..=1000.
    max_results.map_or(DEFAULT_PAGE_SIZE, |n| usize::try_from(n).unwrap_or(0))
}

/// `ListRecoveryPointsByBackupVault`.
pub(crate) fn list_recovery_points_by_backup_vault(
    svc: &Backend,
    ctx: &RequestContext,
    input: ListRecoveryPointsByBackupVaultInput,
) -> Result<ListRecoveryPointsByBackupVaultOutput, ServiceError> {
    let vault_name = input.backup_vault_name.as_str();
    check_vault_account(ctx, input.backup_vault_account_id.as_deref(), vault_name)?;
    let window = CreatedWindow {
        after: input.by_created_after.map(Timestamp::epoch_millis),
        before: input.by_created_before.map(Timestamp::epoch_millis),
    };
    // Tokens are bound to the vault and every filter, so one cannot resume another listing.
    let scope = format!(
        "ListRecoveryPointsByBackupVault|{vault_name}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
        input.by_resource_arn,
        input.by_resource_type,
        input.by_backup_plan_id,
        input.by_parent_recovery_point_arn,
        window.after,
        window.before,
    );
    svc.store.with_region(ctx, |region| {
        let vault = vaults::find(region, vault_name)?;
        let points = &region.recovery_points;
        let in_vault = points.in_vault(vault_name);
        let set = match &input.by_resource_arn {
            Some(resource) => in_vault.and_then(|v| v.resources.get(resource.as_str())),
            None => in_vault.map(|v| &v.points),
        };
        let matches = |point: &RecoveryPoint| {
            input
                .by_resource_type
                .as_ref()
                .is_none_or(|t| *t == point.resource_type)
                && input.by_backup_plan_id.as_ref().is_none_or(|id| {
                    point
                        .created_by
                        .as_ref()
                        .and_then(|c| c.backup_plan_id.as_ref())
                        == Some(id)
                })
                && input
                    .by_parent_recovery_point_arn
                    .as_ref()
                    .is_none_or(|p| point.rare.parent_recovery_point_arn.as_ref() == Some(p))
        };
        let cut = newest_first(
            set.unwrap_or(&NO_POINTS),
            window,
            input.next_token.as_deref(),
            &scope,
            page_size(input.max_results),
            |arn| points.get(arn).is_some_and(matches),
        )
        .map_err(|error| crate::support::pagination::error(&error))?;
        let recovery_points = cut
            .items
            .iter()
            .filter_map(|arn| points.get(arn))
            .map(|point| annotations::by_backup_vault(region, point, Some(vault)))
            .collect();
        Ok(ListRecoveryPointsByBackupVaultOutput {
            recovery_points: Some(recovery_points),
            next_token: cut.next_token,
        })
    })
}

/// `ListRecoveryPointsByResource`: the resource's points in every vault of the region. A
/// resource without points lists nothing. `ManagedByAWSBackupOnly` changes nothing: every point
/// the emulator holds was made by AWS Backup.
pub(crate) fn list_recovery_points_by_resource(
    svc: &Backend,
    ctx: &RequestContext,
    input: ListRecoveryPointsByResourceInput,
) -> Result<ListRecoveryPointsByResourceOutput, ServiceError> {
    // API reference, ListRecoveryPointsByResource, MaxResults: "Amazon RDS requires a value of
    // at least 20."
    if let Some(max) = input.max_results.filter(|max| *max < 20) {
        if resource_types::classify(&input.resource_arn)
            .is_some_and(|kind| kind.resource_type == "RDS")
        {
            return Err(invalid_parameter(format!(
                "MaxResults {max} is below the minimum of 20 for Amazon RDS resources"
            )));
        }
    }
    let scope = format!("ListRecoveryPointsByResource|{}", input.resource_arn);
    svc.store.with_region(ctx, |region| {
        let points = &region.recovery_points;
        let cut = newest_first(
            points
                .of_resource(&input.resource_arn)
                .unwrap_or(&NO_POINTS),
            CreatedWindow::default(),
            input.next_token.as_deref(),
            &scope,
            page_size(input.max_results),
            |_| true,
        )
        .map_err(|error| crate::support::pagination::error(&error))?;
        let recovery_points = cut
            .items
            .iter()
            .filter_map(|arn| points.get(arn))
            .map(|point| {
                annotations::by_resource(
                    region,
                    point,
                    region.vaults.get(point.vault_name.as_str()),
                )
            })
            .collect();
        Ok(ListRecoveryPointsByResourceOutput {
            recovery_points: Some(recovery_points),
            next_token: cut.next_token,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{put, put_with};
    use super::*;
    use crate::api::generated::RecoveryPointCreator;
    use crate::ops::vaults::test_support::create;
    use crate::test_support::{code, ctx, service};
    use crate::BackupService;

    fn list(
        svc: &BackupService,
        input: ListRecoveryPointsByBackupVaultInput,
    ) -> Result<(Vec<String>, Option<String>), ServiceError> {
        list_recovery_points_by_backup_vault(svc, &ctx(), input).map(|out| {
            (
                out.recovery_points
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(|p| p.recovery_point_arn)
                    .map(|arn| arn.rsplit(':').next().unwrap_or_default().to_owned())
                    .collect(),
                out.next_token,
            )
        })
    }

    fn in_vault(name: &str) -> ListRecoveryPointsByBackupVaultInput {
        ListRecoveryPointsByBackupVaultInput {
            backup_vault_name: name.to_owned(),
            ..Default::default()
        }
    }

    #[test]
    fn every_filter_narrows_the_listing() {
        let svc = service();
        create(&svc, "v");
        create(&svc, "other");
        put(&svc, "v", "OLD", 1_000);
        put_with(&svc, "v", "MID", 2_000, |p| {
            p.resource_arn = "arn:aws:dynamodb:us-east-1:111122223333:table/T".into();
            p.resource_type = "DynamoDB".parse().unwrap();
        });
        put_with(&svc, "v", "NEW", 3_000, |p| {
            p.created_by = Some(Box::new(RecoveryPointCreator {
                backup_plan_id: Some("plan-1".into()),
                ..Default::default()
            }));
            p.rare.parent_recovery_point_arn = Some("parent".into());
        });
        put(&svc, "other", "ELSEWHERE", 2_500);

        assert_eq!(list(&svc, in_vault("v")).unwrap().0, ["NEW", "MID", "OLD"]);
        let by = |f: fn(&mut ListRecoveryPointsByBackupVaultInput)| {
            let mut input = in_vault("v");
            f(&mut input);
            list(&svc, input).unwrap().0
        };
        assert_eq!(
            by(|i| i.by_resource_arn =
                Some("arn:aws:dynamodb:us-east-1:111122223333:table/T".into())),
            ["MID"]
        );
        assert_eq!(
            by(|i| i.by_resource_type = Some("EBS".into())),
            ["NEW", "OLD"]
        );
        assert_eq!(by(|i| i.by_backup_plan_id = Some("plan-1".into())), ["NEW"]);
        assert_eq!(
            by(|i| i.by_parent_recovery_point_arn = Some("parent".into())),
            ["NEW"]
        );
        assert_eq!(
            by(|i| i.by_created_after = Some(Timestamp::from_epoch_millis(1_000))),
            ["NEW", "MID"]
        );
        assert_eq!(
            by(|i| i.by_created_before = Some(Timestamp::from_epoch_millis(3_000))),
            ["MID", "OLD"]
        );
        assert!(by(|i| i.by_resource_arn = Some("arn:aws:s3:::nothing".into())).is_empty());
    }

    #[test]
    fn pages_are_bound_to_their_listing() {
        let svc = service();
        create(&svc, "v");
        create(&svc, "w");
        for (i, id) in ["A", "B", "C"].iter().enumerate() {
            put(&svc, "v", id, 1_000 + i as i64);
        }
        let mut input = in_vault("v");
        input.max_results = Some(2);
        let (first, token) = list(&svc, input.clone()).unwrap();
        assert_eq!(first, ["C", "B"]);
        input.next_token = token.clone();
        assert_eq!(list(&svc, input).unwrap(), (vec!["A".to_owned()], None));

        let mut elsewhere = in_vault("w");
        elsewhere.next_token = token;
        let error = list(&svc, elsewhere).unwrap_err();
        assert_eq!(code(&error), "InvalidParameterValueException");

        let error = list(&svc, in_vault("missing")).unwrap_err();
        assert_eq!(code(&error), "ResourceNotFoundException");
        let mut foreign = in_vault("v");
        foreign.backup_vault_account_id = Some("444455556666".into());
        assert_eq!(
            code(&list(&svc, foreign).unwrap_err()),
            "ResourceNotFoundException"
        );
    }

    #[test]
    fn by_resource_spans_vaults() {
        let svc = service();
        create(&svc, "v");
        create(&svc, "w");
        put(&svc, "v", "A", 1_000);
        put(&svc, "w", "B", 2_000);
        let listed = |resource: &str| {
            list_recovery_points_by_resource(
                &svc,
                &ctx(),
                ListRecoveryPointsByResourceInput {
                    resource_arn: resource.to_owned(),
                    ..Default::default()
                },
            )
            .unwrap()
            .recovery_points
            .unwrap_or_default()
            .into_iter()
            .filter_map(|p| p.backup_vault_name)
            .collect::<Vec<_>>()
        };
        assert_eq!(
            listed("arn:aws:ec2:us-east-1:111122223333:volume/vol-1"),
            ["w", "v"]
        );
        assert!(listed("arn:aws:ec2:us-east-1:111122223333:volume/vol-2").is_empty());
    }
}
