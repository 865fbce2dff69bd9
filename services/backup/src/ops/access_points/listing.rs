//! `ListBackupAccessPoints`, `ListBackupAccessPointsByRecoveryPoint` and
//! `ListBackupAccessPointsByResource`: the region's access points in name order, keyset-paged.
//! A recovery point or resource without access points lists nothing.

use aws_pagination::paginate_btree;
use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::{
    ListAccessPointsMember, ListBackupAccessPointsByRecoveryPointRequest,
    ListBackupAccessPointsByRecoveryPointResponse, ListBackupAccessPointsByResourceRequest,
    ListBackupAccessPointsByResourceResponse, ListBackupAccessPointsRequest,
    ListBackupAccessPointsResponse,
};
use crate::engine::backend::Backend;
use crate::model::access_point::AccessPoint;

/// The page size without `MaxResults`: the model's maximum for these listings.
const DEFAULT_PAGE_SIZE: usize = 100;

/// One page of the caller's access points that pass `keep`.
fn page(
    svc: &Backend,
    ctx: &RequestContext,
    paging: (Option<&str>, Option<i32>),
    scope: &str,
    keep: impl FnMut(&AccessPoint) -> bool,
) -> Result<(Vec<ListAccessPointsMember>, Option<String>), ServiceError> {
    let (token, max_results) = paging;
    // The gateway already holds MaxResults to the model's 1..=100.
    let max = max_results.map_or(DEFAULT_PAGE_SIZE, |n| usize::try_from(n).unwrap_or(0));
    svc.store.with_region(ctx, |region| {
        let page = paginate_btree(&region.access_points, token, scope, max, keep)
            .map_err(|err| crate::support::pagination::error(&err))?;
        Ok((
            page.items
                .into_iter()
                .map(AccessPoint::to_list_member)
                .collect(),
            page.next_token,
        ))
    })
}

/// `ListBackupAccessPoints`.
pub(crate) fn list_backup_access_points(
    svc: &Backend,
    ctx: &RequestContext,
    input: ListBackupAccessPointsRequest,
) -> Result<ListBackupAccessPointsResponse, ServiceError> {
    let paging = (input.next_token.as_deref(), input.max_results);
    let (backup_access_points, next_token) =
        page(svc, ctx, paging, "ListBackupAccessPoints", |_| true)?;
    Ok(ListBackupAccessPointsResponse {
        backup_access_points,
        next_token,
    })
}

/// `ListBackupAccessPointsByRecoveryPoint`.
pub(crate) fn list_backup_access_points_by_recovery_point(
    svc: &Backend,
    ctx: &RequestContext,
    input: ListBackupAccessPointsByRecoveryPointRequest,
) -> Result<ListBackupAccessPointsByRecoveryPointResponse, ServiceError> {
    let scope = format!(
        "ListBackupAccessPointsByRecoveryPoint|{}",
        input.recovery_point_arn
    );
    let paging = (input.next_token.as_deref(), input.max_results);
    let (backup_access_points, next_token) = page(svc, ctx, paging, &scope, |point| {
        point.recovery_point_arn == input.recovery_point_arn
    })?;
    Ok(ListBackupAccessPointsByRecoveryPointResponse {
        backup_access_points,
        next_token,
    })
}

/// `ListBackupAccessPointsByResource`.
pub(crate) fn list_backup_access_points_by_resource(
    svc: &Backend,
    ctx: &RequestContext,
    input: ListBackupAccessPointsByResourceRequest,
) -> Result<ListBackupAccessPointsByResourceResponse, ServiceError> {
    let scope = format!("ListBackupAccessPointsByResource|{}", input.resource_arn);
    let paging = (input.next_token.as_deref(), input.max_results);
    let (backup_access_points, next_token) = page(svc, ctx, paging, &scope, |point| {
        point.resource_arn == input.resource_arn
    })?;
    Ok(ListBackupAccessPointsByResourceResponse {
        backup_access_points,
        next_token,
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::create;
    use super::*;
    use crate::ops::recovery_points::test_support::put_with;
    use crate::ops::vaults::test_support::create as create_vault;
    use crate::test_support::{code, ctx, service};
    use crate::BackupService;

    fn s3_point(svc: &BackupService, id: &str, bucket: &str) -> String {
        put_with(svc, "v", id, 1_000, |p| {
            p.resource_arn = format!("arn:aws:s3:::{bucket}").into();
            p.resource_type = "S3".parse().unwrap();
        })
    }

    fn names(members: &[ListAccessPointsMember]) -> Vec<&str> {
        members.iter().map(|m| m.name.as_str()).collect()
    }

    #[test]
    fn listings_filter_by_point_and_resource_and_page_in_name_order() {
        let svc = service();
        create_vault(&svc, "v");
        let first = s3_point(&svc, "RP-1", "alpha");
        let second = s3_point(&svc, "RP-2", "beta");
        for (name, point) in [
            ("c-reader", &first),
            ("a-reader", &second),
            ("b-reader", &first),
        ] {
            create(&svc, name, point).expect(name);
        }
        let all = list_backup_access_points(
            &svc,
            &ctx(),
            ListBackupAccessPointsRequest {
                max_results: Some(2),
                next_token: None,
            },
        )
        .unwrap();
        assert_eq!(names(&all.backup_access_points), ["a-reader", "b-reader"]);
        let rest = list_backup_access_points(
            &svc,
            &ctx(),
            ListBackupAccessPointsRequest {
                max_results: Some(2),
                next_token: all.next_token.clone(),
            },
        )
        .unwrap();
        assert_eq!(names(&rest.backup_access_points), ["c-reader"]);
        assert_eq!(rest.next_token, None);

        let by_point = list_backup_access_points_by_recovery_point(
            &svc,
            &ctx(),
            ListBackupAccessPointsByRecoveryPointRequest {
                recovery_point_arn: first.clone(),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(
            names(&by_point.backup_access_points),
            ["b-reader", "c-reader"]
        );
        let by_resource = list_backup_access_points_by_resource(
            &svc,
            &ctx(),
            ListBackupAccessPointsByResourceRequest {
                resource_arn: "arn:aws:s3:::beta".into(),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(names(&by_resource.backup_access_points), ["a-reader"]);

        // A token belongs to the listing that issued it.
        let error = list_backup_access_points_by_recovery_point(
            &svc,
            &ctx(),
            ListBackupAccessPointsByRecoveryPointRequest {
                recovery_point_arn: first,
                next_token: all.next_token,
                ..Default::default()
            },
        )
        .unwrap_err();
        assert_eq!(code(&error), "InvalidParameterValueException");
    }
}
