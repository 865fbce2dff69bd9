//! Legal holds: CreateLegalHold, GetLegalHold, ListLegalHolds, CancelLegalHold and
//! ListRecoveryPointsByLegalHold, and what a hold does to the recovery points it covers.
//!
//! A hold covers the recovery points its `RecoveryPointSelection` matches when it is created
//! (`selection.rs`); AWS adds legal holds "to an existing backup", so points created later are
//! not covered. Until the hold is cancelled those points cannot be deleted: the
//! `DeleteRecoveryPoint` hook (`recovery_points/removal.rs`) asks [`protects`], and lifecycle
//! deletion leaves a held point `EXPIRED` instead (`recovery_points/lifecycle.rs`). When a
//! cancelled hold settles, the points that expired under it and that no other hold protects are
//! deleted, as AWS deletes them after the hold is removed.
//!
//! A hold is `CREATING` and then `ACTIVE`, and once cancelled `CANCELING` and then `CANCELED`;
//! each change takes the job completion delay and runs on the engine's timer queue
//! ([`HoldEvent`]). A cancelled hold's record is kept `RetainRecordInDays` (AWS's default is 180)
//! and then removed with its tags.

pub mod selection;

use aws_pagination::{paginate_sorted, Order};
use emulator_core::dto::Timestamp;
use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::*;
use crate::engine::backend::Backend;
use crate::engine::events::HoldEvent;
use crate::engine::legal_holds::event;
use crate::support::arns;
use crate::support::errors::{
    invalid_parameter, invalid_resource_state, limit_exceeded, not_found,
};
use crate::support::listing::max_results;

use crate::model::legal_hold::{Cancellation, LegalHold};

/// AWS: "Each account can have a maximum of 50 legal holds active at one time."
const MAX_ACTIVE_HOLDS: usize = 50;

/// How long a cancelled hold's record stays when `RetainRecordInDays` is not given.
const DEFAULT_RETAIN_RECORD_DAYS: i64 = 180;

const DAY_MILLIS: i64 = 86_400_000;

fn hold_not_found(id: &str) -> ServiceError {
    not_found(format!("Legal hold {id} not found"))
}

/// `CreateLegalHold`.
///
/// Retrying with the same `IdempotencyToken` answers the hold the first call created ("a
/// success message with no action taken").
pub(crate) fn create_legal_hold(
    svc: &Backend,
    ctx: &RequestContext,
    input: CreateLegalHoldInput,
) -> Result<CreateLegalHoldOutput, ServiceError> {
    let now = svc.clock.now();
    let criteria = input.recovery_point_selection.clone().unwrap_or_default();
    selection::validate(&criteria, now)?;
    let tags = crate::support::tags::tags_from_input(input.tags.unwrap_or_default())?;
    let id = uuid::Uuid::new_v4().to_string();
    let arn = arns::legal_hold(ctx, &id);
    let settles_at = svc.engine_settings.finish_at(now);
    let (output, follow_ups) = svc.store.with_region(ctx, |region| {
        let replayed = input.idempotency_token.as_deref().and_then(|token| {
            region
                .legal_holds
                .values()
                .find(|hold| hold.idempotency_token.as_deref() == Some(token))
        });
        if let Some(hold) = replayed {
            return Ok((hold.created(), Vec::new()));
        }
        let active = region.legal_holds.values().filter(|h| h.protects()).count();
        if active >= MAX_ACTIVE_HOLDS {
            return Err(limit_exceeded(format!(
                "An account can have at most {MAX_ACTIVE_HOLDS} active legal holds"
            )));
        }
        let hold = LegalHold {
            id: id.clone(),
            arn: arn.clone(),
            title: input.title,
            description: input.description,
            selection: input.recovery_point_selection,
            creation_date: now,
            idempotency_token: input.idempotency_token,
            status: LegalHoldStatus::Creating,
            settles_at,
            cancellation: None,
            points: selection::covered_points(region, &criteria),
        };
        // The tags were validated above and the new ARN holds none, so this cannot fail.
        region
            .tags
            .tag(&arn, tags)
            .map_err(|error| invalid_parameter(error.to_string()))?;
        let output = hold.created();
        region.legal_holds.insert(id.clone(), hold);
        Ok((output, vec![event(settles_at, HoldEvent::Settles(id))]))
    })?;
    svc.schedule(ctx, follow_ups);
    Ok(output)
}

/// `GetLegalHold`.
pub(crate) fn get_legal_hold(
    svc: &Backend,
    ctx: &RequestContext,
    input: GetLegalHoldInput,
) -> Result<GetLegalHoldOutput, ServiceError> {
    svc.store.with_region(ctx, |region| {
        region
            .legal_holds
            .get(&input.legal_hold_id)
            .map(LegalHold::details)
            .ok_or_else(|| hold_not_found(&input.legal_hold_id))
    })
}

/// `ListLegalHolds`: every hold whose record is kept, oldest first.
pub(crate) fn list_legal_holds(
    svc: &Backend,
    ctx: &RequestContext,
    input: ListLegalHoldsInput,
) -> Result<ListLegalHoldsOutput, ServiceError> {
    let token = input.next_token.as_deref().filter(|t| !t.is_empty());
    svc.store.with_region(ctx, |region| {
        let mut holds: Vec<((i64, String), &LegalHold)> = region
            .legal_holds
            .values()
            .map(|hold| ((hold.creation_date.epoch_millis(), hold.id.clone()), hold))
            .collect();
        holds.sort_by(|a, b| a.0.cmp(&b.0));
        let page = paginate_sorted(
            holds,
            Order::Ascending,
            token,
            "ListLegalHolds",
            max_results(input.max_results),
            |_| true,
        )
        .map_err(|error| crate::support::pagination::error(&error))?;
        Ok(ListLegalHoldsOutput {
            legal_holds: Some(page.items.iter().map(|hold| hold.summary()).collect()),
            next_token: page.next_token,
        })
    })
}

/// `CancelLegalHold`: the hold stops protecting its points at once and is `CANCELING` until it
/// settles as `CANCELED`. A hold already cancelled (or being cancelled) is
/// `InvalidResourceStateException`.
pub(crate) fn cancel_legal_hold(
    svc: &Backend,
    ctx: &RequestContext,
    input: CancelLegalHoldInput,
) -> Result<CancelLegalHoldOutput, ServiceError> {
    let now = svc.clock.now();
    let retain_record_until = retain_record_until(input.retain_record_in_days, now)?;
    let settles_at = svc.engine_settings.finish_at(now);
    let id = input.legal_hold_id;
    let follow_ups = svc.store.with_region(ctx, |region| {
        let hold = region
            .legal_holds
            .get_mut(&id)
            .ok_or_else(|| hold_not_found(&id))?;
        if !hold.protects() {
            return Err(invalid_resource_state(format!(
                "Legal hold {id} is already {}",
                hold.status.as_str()
            )));
        }
        hold.cancellation = Some(Cancellation {
            date: now,
            description: input.cancel_description,
            retain_record_until,
        });
        hold.status = LegalHoldStatus::Canceling;
        hold.settles_at = settles_at;
        Ok(vec![
            event(settles_at, HoldEvent::Settles(id.clone())),
            event(retain_record_until, HoldEvent::RecordExpires(id.clone())),
        ])
    })?;
    svc.schedule(ctx, follow_ups);
    Ok(CancelLegalHoldOutput {})
}

/// `RetainRecordUntil` for a hold cancelled at `now`.
fn retain_record_until(days: Option<i64>, now: Timestamp) -> Result<Timestamp, ServiceError> {
    let days = days.unwrap_or(DEFAULT_RETAIN_RECORD_DAYS);
    days.checked_mul(DAY_MILLIS)
        .filter(|_| days >= 0)
        .and_then(|millis| now.epoch_millis().checked_add(millis))
        // Keep the date where clients can still parse it (before the year 10000).
        .filter(|millis| *millis < 253_402_300_800_000)
        .map(Timestamp::from_epoch_millis)
        .ok_or_else(|| {
            invalid_parameter(format!(
                "RetainRecordInDays must be a number of days from 0 to a date before the year \
                 10000; got {days}"
            ))
        })
}

/// `ListRecoveryPointsByLegalHold`: the points the hold protects, in ARN order. A cancelled
/// hold is removed from all its points, so it lists none.
pub(crate) fn list_recovery_points_by_legal_hold(
    svc: &Backend,
    ctx: &RequestContext,
    input: ListRecoveryPointsByLegalHoldInput,
) -> Result<ListRecoveryPointsByLegalHoldOutput, ServiceError> {
    let token = input.next_token.as_deref().filter(|t| !t.is_empty());
    let id = input.legal_hold_id;
    let scope = format!("ListRecoveryPointsByLegalHold|{id}");
    svc.store.with_region(ctx, |region| {
        let hold = region
            .legal_holds
            .get(&id)
            .ok_or_else(|| hold_not_found(&id))?;
        let points = &region.recovery_points;
        let held = hold.points.iter().filter(|_| hold.protects());
        let page = paginate_sorted(
            held.map(|arn| (arn.clone(), arn)),
            Order::Ascending,
            token,
            &scope,
            max_results(input.max_results),
            |arn| points.contains_key(arn),
        )
        .map_err(|error| crate::support::pagination::error(&error))?;
        let members = page
            .items
            .iter()
            .filter_map(|arn| points.get(arn))
            .map(|point| RecoveryPointMember {
                backup_vault_name: Some(point.vault_name.to_string()),
                recovery_point_arn: Some(point.arn.to_string()),
                resource_arn: Some(point.resource_arn.to_string()),
                resource_type: Some(point.resource_type.to_string()),
            })
            .collect();
        Ok(ListRecoveryPointsByLegalHoldOutput {
            next_token: page.next_token,
            recovery_points: Some(members),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::legal_holds::apply;
    use crate::ops::recovery_points::test_support::{edit, put};
    use crate::ops::vaults::test_support::create;
    use crate::state::points::protects;
    use crate::test_support::{code, ctx, service};
    use crate::BackupService;
    use std::collections::BTreeSet;

    fn create_hold(
        svc: &BackupService,
        selection: Option<RecoveryPointSelection>,
        tags: &[(&str, &str)],
    ) -> Result<CreateLegalHoldOutput, ServiceError> {
        create_legal_hold(
            svc,
            &ctx(),
            CreateLegalHoldInput {
                title: "t".into(),
                description: "d".into(),
                recovery_point_selection: selection,
                tags: Some(
                    tags.iter()
                        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                        .collect(),
                ),
                idempotency_token: None,
            },
        )
    }

    fn cancel(svc: &BackupService, id: &str) -> Result<CancelLegalHoldOutput, ServiceError> {
        cancel_legal_hold(
            svc,
            &ctx(),
            CancelLegalHoldInput {
                cancel_description: "done".into(),
                legal_hold_id: id.into(),
                retain_record_in_days: None,
            },
        )
    }

    #[test]
    fn at_most_fifty_holds_are_active_and_cancelled_ones_do_not_count() {
        let svc = service();
        let ids: Vec<String> = (0..MAX_ACTIVE_HOLDS)
            .map(|_| {
                create_hold(&svc, None, &[])
                    .expect("within the limit")
                    .legal_hold_id
                    .expect("an id")
            })
            .collect();
        let error = create_hold(&svc, None, &[]).expect_err("over the limit");
        assert_eq!(code(&error), "LimitExceededException");
        cancel(&svc, &ids[0]).expect("cancel");
        create_hold(&svc, None, &[]).expect("room again");
    }

    #[test]
    fn a_refused_hold_leaves_nothing_behind() {
        let svc = service();
        let error = create_hold(&svc, None, &[("aws:reserved", "x")]).expect_err("bad tag");
        assert_eq!(code(&error), "InvalidParameterValueException");
        svc.store.with_region(&ctx(), |region| {
            assert!(region.legal_holds.is_empty());
        });
    }

    #[test]
    fn a_released_point_past_its_date_goes_and_an_extended_one_is_completed_again() {
        let svc = service();
        create(&svc, "vault");
        let now = svc.clock.now().epoch_millis();
        let expired = put(&svc, "vault", "OLD", now - 10 * DAY_MILLIS);
        let extended = put(&svc, "vault", "EXTENDED", now - 10 * DAY_MILLIS);
        let id = create_hold(&svc, None, &[])
            .expect("create")
            .legal_hold_id
            .expect("an id");
        let one_day = Some(std::sync::Arc::new(crate::api::generated::Lifecycle {
            delete_after_days: Some(1),
            ..Default::default()
        }));
        for arn in [&expired, &extended] {
            edit(&svc, arn, |point| point.lifecycle = one_day.clone());
            svc.store.with_region(&ctx(), |region| {
                crate::engine::lifecycle::apply_lifecycle_deletion(region, arn, svc.clock.now());
                let point = region.recovery_points.get(arn).expect("retained");
                assert_eq!(point.status, RecoveryPointStatus::Expired);
            });
        }
        edit(&svc, &extended, |point| point.lifecycle = None);
        cancel(&svc, &id).expect("cancel");
        // The job completion delay of the test service has not passed: still CANCELING.
        svc.store.with_region(&ctx(), |region| {
            assert_eq!(region.legal_holds[&id].status, LegalHoldStatus::Canceling);
            apply(
                region,
                &HoldEvent::Settles(id.clone()),
                Timestamp::from_epoch_millis(0),
            );
            assert_eq!(region.legal_holds[&id].status, LegalHoldStatus::Canceling);
            let later = region.legal_holds[&id].settles_at;
            apply(region, &HoldEvent::Settles(id.clone()), later);
            assert_eq!(region.legal_holds[&id].status, LegalHoldStatus::Canceled);
            assert!(!region.recovery_points.contains_key(&expired));
            let kept = region.recovery_points.get(&extended).expect("kept");
            assert_eq!(kept.status, RecoveryPointStatus::Completed);
            assert_eq!(kept.rare.status_message, None);
        });
    }

    #[test]
    fn continuous_backups_are_never_held() {
        let svc = service();
        create(&svc, "vault");
        let now = svc.clock.now().epoch_millis();
        let snapshot = put(&svc, "vault", "SNAP", now);
        let continuous = put(&svc, "vault", "PITR", now);
        edit(&svc, &continuous, |point| point.continuous = true);
        let out = create_hold(&svc, None, &[]).expect("create");
        svc.store.with_region(&ctx(), |region| {
            let hold = &region.legal_holds[out.legal_hold_id.as_deref().expect("an id")];
            assert_eq!(hold.points, BTreeSet::from([snapshot.clone()]));
            assert!(protects(region, &snapshot));
            assert!(!protects(region, &continuous));
        });
    }
}
