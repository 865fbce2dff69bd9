//! `ListIndexedRecoveryPoints`: the region's recovery points that have an index, newest backup
//! first, with the model's filters (backup creation window, index status, resource type, source
//! resource) and keyset pagination.

use aws_pagination::{paginate_sorted, Order};
use emulator_core::dto::Timestamp;
use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::{ListIndexedRecoveryPointsInput, ListIndexedRecoveryPointsOutput};
use crate::engine::backend::Backend;
use crate::support::listing::{max_results, within};

fn millis(t: Option<Timestamp>) -> Option<i64> {
    t.map(Timestamp::epoch_millis)
}

/// `ListIndexedRecoveryPoints`.
pub(crate) fn list_indexed_recovery_points(
    svc: &Backend,
    ctx: &RequestContext,
    input: ListIndexedRecoveryPointsInput,
) -> Result<ListIndexedRecoveryPointsOutput, ServiceError> {
    // Tokens are bound to every filter, so one cannot resume another listing.
    let scope = format!(
        "ListIndexedRecoveryPoints|{:?}|{:?}|{:?}|{:?}|{:?}",
        millis(input.created_after),
        millis(input.created_before),
        input.index_status,
        input.resource_type,
        input.source_resource_arn,
    );
    let max = max_results(input.max_results);
    svc.store.with_region(ctx, |region| {
        // Each index with its point; the index of a point that is gone is not listed.
        let mut sorted: Vec<_> = region
            .indexes
            .iter()
            .filter_map(|(arn, index)| {
                let point = region.recovery_points.get(arn)?;
                Some((
                    (point.creation_date.epoch_millis(), arn.clone()),
                    (index, point),
                ))
            })
            .collect();
        sorted.sort_by(|a, b| b.0.cmp(&a.0));
        let entries: Vec<_> = sorted
            .iter()
            .map(|(key, value)| (key.clone(), value))
            .collect();
        let page = paginate_sorted(
            entries,
            Order::Descending,
            input.next_token.as_deref(),
            &scope,
            max,
            |(index, point)| {
                input.index_status.is_none_or(|s| s == index.status)
                    && input
                        .resource_type
                        .as_ref()
                        .is_none_or(|t| *t == point.resource_type)
                    && input
                        .source_resource_arn
                        .as_ref()
                        .is_none_or(|arn| *arn == point.resource_arn)
                    && within(
                        Some(point.creation_date),
                        input.created_after,
                        input.created_before,
                    )
            },
        )
        .map_err(|err| crate::support::pagination::error(&err))?;
        Ok(ListIndexedRecoveryPointsOutput {
            indexed_recovery_points: Some(
                page.items
                    .into_iter()
                    .map(|(index, point)| index.indexed(point))
                    .collect(),
            ),
            next_token: page.next_token,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::set;
    use super::*;
    use crate::api::generated::{Index, IndexStatus};
    use crate::ops::recovery_points::test_support::{put, put_with};
    use crate::ops::vaults::test_support::create;
    use crate::test_support::{code, ctx, service};
    use crate::BackupService;

    fn listed(
        svc: &BackupService,
        input: ListIndexedRecoveryPointsInput,
    ) -> (Vec<String>, Option<String>) {
        let out = list_indexed_recovery_points(svc, &ctx(), input).expect("listed");
        (
            out.indexed_recovery_points
                .unwrap_or_default()
                .into_iter()
                .filter_map(|p| p.recovery_point_arn)
                .map(|arn| arn.rsplit(':').next().unwrap_or_default().to_owned())
                .collect(),
            out.next_token,
        )
    }

    #[test]
    fn filters_and_pages_newest_backup_first() {
        let svc = service();
        create(&svc, "v");
        let old = put(&svc, "v", "OLD", 1_000);
        let bucket = put_with(&svc, "v", "BUCKET", 2_000, |p| {
            p.resource_arn = "arn:aws:s3:::b".into();
            p.resource_type = "S3".parse().unwrap();
        });
        put(&svc, "v", "PLAIN", 3_000);
        set(&svc, "v", &old, Index::Enabled).unwrap();
        svc.clock.advance(3.0);
        svc.settle_due();
        set(&svc, "v", &bucket, Index::Enabled).unwrap();

        assert_eq!(listed(&svc, Default::default()).0, ["BUCKET", "OLD"]);
        let by = |f: fn(&mut ListIndexedRecoveryPointsInput)| {
            let mut input = ListIndexedRecoveryPointsInput::default();
            f(&mut input);
            listed(&svc, input).0
        };
        assert_eq!(by(|i| i.index_status = Some(IndexStatus::Active)), ["OLD"]);
        assert_eq!(
            by(|i| i.index_status = Some(IndexStatus::Pending)),
            ["BUCKET"]
        );
        assert_eq!(by(|i| i.resource_type = Some("S3".into())), ["BUCKET"]);
        assert_eq!(
            by(|i| i.source_resource_arn = Some("arn:aws:s3:::b".into())),
            ["BUCKET"]
        );
        assert_eq!(
            by(|i| i.created_before = Some(Timestamp::from_epoch_millis(2_000))),
            ["OLD"]
        );
        assert_eq!(
            by(|i| i.created_after = Some(Timestamp::from_epoch_millis(1_000))),
            ["BUCKET"]
        );

        let (first, token) = listed(
            &svc,
            ListIndexedRecoveryPointsInput {
                max_results: Some(1),
                ..Default::default()
            },
        );
        assert_eq!(first, ["BUCKET"]);
        let (rest, end) = listed(
            &svc,
            ListIndexedRecoveryPointsInput {
                max_results: Some(1),
                next_token: token.clone(),
                ..Default::default()
            },
        );
        assert_eq!((rest, end), (vec!["OLD".to_owned()], None));
        let error = list_indexed_recovery_points(
            &svc,
            &ctx(),
            ListIndexedRecoveryPointsInput {
                resource_type: Some("EBS".into()),
                next_token: token,
                ..Default::default()
            },
        )
        .unwrap_err();
        assert_eq!(code(&error), "InvalidParameterValueException");
    }
}
