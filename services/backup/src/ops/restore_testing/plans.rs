//! Create/Get/Update/Delete/ListRestoreTestingPlans.

use std::collections::BTreeMap;

use aws_pagination::paginate_btree;
use emulator_core::{RequestContext, ServiceError};

pub mod validation;

use validation::{validate_create, validate_update};

use crate::api::generated::*;
use crate::engine::backend::Backend;
use crate::engine::restore_tests;
use crate::model::restore_testing_plan::RestoreTestingPlan;
use crate::state::restore_testing::{find_plan, find_plan_mut};
use crate::support::creator_request_id::check as check_creator_request_id;
use crate::support::errors::{already_exists, invalid_parameter, invalid_request, limit_exceeded};
use crate::support::page_size::{page_size, token_error};
use crate::support::tags;

/// At most this many restore testing plans per account and region (developer guide, "Restore
/// testing quotas and parameters").
const MAX_PLANS: usize = 100;

fn plan_arn(ctx: &RequestContext, name: &str) -> String {
    let partition = aws_arn::partition_for_region(&ctx.region);
    format!(
        "arn:{partition}:backup:{}:{}:restore-testing-plan:{name}-{}",
        ctx.region,
        ctx.account_id,
        uuid::Uuid::new_v4()
    )
}

fn created(plan: &RestoreTestingPlan) -> CreateRestoreTestingPlanOutput {
    CreateRestoreTestingPlanOutput {
        creation_time: plan.creation_time,
        restore_testing_plan_arn: plan.arn.clone(),
        restore_testing_plan_name: plan.name.clone(),
    }
}

/// `CreateRestoreTestingPlan`. A retry with the plan's `CreatorRequestId` answers the plan
/// created first; any other request for an existing name is `AlreadyExistsException`.
pub(crate) fn create_restore_testing_plan(
    svc: &Backend,
    ctx: &RequestContext,
    input: CreateRestoreTestingPlanInput,
) -> Result<CreateRestoreTestingPlanOutput, ServiceError> {
    check_creator_request_id(input.creator_request_id.as_deref())?;
    let (name, settings) = validate_create(input.restore_testing_plan)?;
    let tags = tags::tags_from_input(input.tags.unwrap_or_default())?;
    let token = input.creator_request_id;
    let now = svc.clock.now();
    let (output, armed_generation) = svc.store.with_region(ctx, |region| {
        if let Some(existing) = region.restore_testing_plans.get(&name) {
            if token.is_some() && existing.creator_request_id == token {
                return Ok((created(existing), None));
            }
            return Err(already_exists(
                format!("Restore testing plan {name} already exists."),
                Some(&existing.arn),
                existing.creator_request_id.as_deref(),
            ));
        }
        if let Some(token) = &token {
            if let Some(other) = region
                .restore_testing_plans
                .values()
                .find(|plan| plan.creator_request_id.as_deref() == Some(token.as_str()))
            {
                return Err(already_exists(
                    format!(
                        "A restore testing plan was already created with CreatorRequestId {token}."
                    ),
                    Some(&other.arn),
                    Some(token),
                ));
            }
        }
        if region.restore_testing_plans.len() >= MAX_PLANS {
            return Err(limit_exceeded(format!(
                "An account can have at most {MAX_PLANS} restore testing plans in a Region."
            )));
        }
        let arn = plan_arn(ctx, &name);
        region
            .tags
            .tag(&arn, tags)
            .map_err(|e| invalid_parameter(e.to_string()))?;
        let plan = RestoreTestingPlan {
            name: name.clone(),
            arn,
            creator_request_id: token.clone(),
            schedule: settings.schedule,
            start_window_hours: settings.start_window_hours,
            point_selection: settings.point_selection,
            creation_time: now,
            last_update_time: None,
            last_execution_time: None,
            generation: 0,
            selections: BTreeMap::new(),
        };
        let output = created(&plan);
        let generation = plan.generation;
        region.restore_testing_plans.insert(name.clone(), plan);
        Ok((output, Some(generation)))
    })?;
    if let Some(generation) = armed_generation {
        restore_tests::plan_changed(svc, ctx, &name, generation);
    }
    Ok(output)
}

/// `GetRestoreTestingPlan`.
pub(crate) fn get_restore_testing_plan(
    svc: &Backend,
    ctx: &RequestContext,
    input: GetRestoreTestingPlanInput,
) -> Result<GetRestoreTestingPlanOutput, ServiceError> {
    svc.store.with_region(ctx, |region| {
        Ok(GetRestoreTestingPlanOutput {
            restore_testing_plan: find_plan(region, &input.restore_testing_plan_name)?.to_get(),
        })
    })
}

/// `UpdateRestoreTestingPlan`: the members given replace the plan's; the schedule is armed
/// again from now.
pub(crate) fn update_restore_testing_plan(
    svc: &Backend,
    ctx: &RequestContext,
    input: UpdateRestoreTestingPlanInput,
) -> Result<UpdateRestoreTestingPlanOutput, ServiceError> {
    let now = svc.clock.now();
    let name = input.restore_testing_plan_name;
    let (output, generation) = svc.store.with_region(ctx, |region| {
        let settings = validate_update(find_plan(region, &name)?, input.restore_testing_plan)?;
        let plan = find_plan_mut(region, &name)?;
        plan.schedule = settings.schedule;
        plan.start_window_hours = settings.start_window_hours;
        plan.point_selection = settings.point_selection;
        plan.last_update_time = Some(now);
        plan.generation += 1;
        let output = UpdateRestoreTestingPlanOutput {
            creation_time: plan.creation_time,
            restore_testing_plan_arn: plan.arn.clone(),
            restore_testing_plan_name: plan.name.clone(),
            update_time: now,
        };
        Ok((output, plan.generation))
    })?;
    restore_tests::plan_changed(svc, ctx, &name, generation);
    Ok(output)
}

/// `DeleteRestoreTestingPlan`: refused while the plan has selections; drops the plan's tags.
/// Its queued run finds the plan gone and does nothing.
pub(crate) fn delete_restore_testing_plan(
    svc: &Backend,
    ctx: &RequestContext,
    input: DeleteRestoreTestingPlanInput,
) -> Result<(), ServiceError> {
    let name = input.restore_testing_plan_name;
    svc.store.with_region(ctx, |region| {
        if !find_plan(region, &name)?.selections.is_empty() {
            return Err(invalid_request(format!(
                "Restore testing plan {name} has restore testing selections. Delete them before \
                 deleting the plan."
            )));
        }
        if let Some(plan) = region.restore_testing_plans.remove(&name) {
            region.tags.remove_resource(&plan.arn);
        }
        Ok(())
    })
}

/// `ListRestoreTestingPlans`, by name.
pub(crate) fn list_restore_testing_plans(
    svc: &Backend,
    ctx: &RequestContext,
    input: ListRestoreTestingPlansInput,
) -> Result<ListRestoreTestingPlansOutput, ServiceError> {
    svc.store.with_region(ctx, |region| {
        let page = paginate_btree(
            &region.restore_testing_plans,
            input.next_token.as_deref(),
            "ListRestoreTestingPlans",
            page_size(input.max_results),
            |_| true,
        )
        .map_err(token_error)?;
        Ok(ListRestoreTestingPlansOutput {
            restore_testing_plans: page
                .items
                .iter()
                .map(|plan| plan.to_list_member())
                .collect(),
            next_token: page.next_token,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::restore_testing::test_support::{create_plan, plan_input};
    use crate::test_support::{code, ctx, service};

    #[test]
    fn a_plan_is_created_read_listed_and_deleted() {
        let svc = service();
        let out = create_plan(&svc, "nightly").unwrap();
        let prefix = "arn:aws:backup:us-east-1:111122223333:restore-testing-plan:nightly-";
        let suffix = out
            .restore_testing_plan_arn
            .strip_prefix(prefix)
            .expect("arn");
        assert!(uuid::Uuid::parse_str(suffix).is_ok(), "{suffix}");
        let got = get_restore_testing_plan(
            &svc,
            &ctx(),
            GetRestoreTestingPlanInput {
                restore_testing_plan_name: "nightly".into(),
            },
        )
        .unwrap()
        .restore_testing_plan;
        assert_eq!(got.restore_testing_plan_arn, out.restore_testing_plan_arn);
        assert_eq!(got.start_window_hours, Some(24));
        assert_eq!(got.schedule_expression_timezone.as_deref(), Some("Etc/UTC"));
        assert_eq!(got.recovery_point_selection.selection_window_days, Some(30));

        let err = create_plan(&svc, "nightly").unwrap_err();
        assert_eq!(code(&err), "AlreadyExistsException");

        delete_restore_testing_plan(
            &svc,
            &ctx(),
            DeleteRestoreTestingPlanInput {
                restore_testing_plan_name: "nightly".into(),
            },
        )
        .unwrap();
        let err = get_restore_testing_plan(
            &svc,
            &ctx(),
            GetRestoreTestingPlanInput {
                restore_testing_plan_name: "nightly".into(),
            },
        )
        .unwrap_err();
        assert_eq!(code(&err), "ResourceNotFoundException");
    }

    #[test]
    fn a_retry_with_the_same_creator_request_id_answers_the_first_plan() {
        let svc = service();
        let input = || CreateRestoreTestingPlanInput {
            creator_request_id: Some("req-1".into()),
            restore_testing_plan: plan_input("p"),
            tags: None,
        };
        let first = create_restore_testing_plan(&svc, &ctx(), input()).unwrap();
        let again = create_restore_testing_plan(&svc, &ctx(), input()).unwrap();
        assert_eq!(first, again);
        let mut other = input();
        other.restore_testing_plan = plan_input("q");
        let err = create_restore_testing_plan(&svc, &ctx(), other).unwrap_err();
        assert_eq!(code(&err), "AlreadyExistsException");
    }

    #[test]
    fn updates_change_given_members_and_stamp_the_time() {
        let svc = service();
        create_plan(&svc, "p").unwrap();
        let out = update_restore_testing_plan(
            &svc,
            &ctx(),
            UpdateRestoreTestingPlanInput {
                restore_testing_plan_name: "p".into(),
                restore_testing_plan: RestoreTestingPlanForUpdate {
                    start_window_hours: Some(3),
                    recovery_point_selection: Some(RestoreTestingRecoveryPointSelection {
                        selection_window_days: Some(7),
                        ..Default::default()
                    }),
                    ..Default::default()
                },
            },
        )
        .unwrap();
        let got = get_restore_testing_plan(
            &svc,
            &ctx(),
            GetRestoreTestingPlanInput {
                restore_testing_plan_name: "p".into(),
            },
        )
        .unwrap()
        .restore_testing_plan;
        assert_eq!(got.start_window_hours, Some(3));
        assert_eq!(got.recovery_point_selection.selection_window_days, Some(7));
        assert_eq!(
            got.recovery_point_selection.include_vaults,
            Some(vec!["*".to_owned()])
        );
        assert_eq!(got.last_update_time, Some(out.update_time));
        let err = update_restore_testing_plan(
            &svc,
            &ctx(),
            UpdateRestoreTestingPlanInput {
                restore_testing_plan_name: "missing".into(),
                ..Default::default()
            },
        )
        .unwrap_err();
        assert_eq!(code(&err), "ResourceNotFoundException");
    }

    #[test]
    fn plans_carry_tags_by_arn_while_they_exist() {
        let svc = service();
        let arn = create_restore_testing_plan(
            &svc,
            &ctx(),
            CreateRestoreTestingPlanInput {
                restore_testing_plan: plan_input("tagged"),
                tags: Some([("team".to_owned(), "storage".to_owned())].into()),
                ..Default::default()
            },
        )
        .unwrap()
        .restore_testing_plan_arn;
        let list = |arn: &str| {
            crate::ops::tags::list_tags(
                &svc,
                &ctx(),
                ListTagsInput {
                    resource_arn: arn.to_owned(),
                    ..Default::default()
                },
            )
        };
        assert_eq!(list(&arn).unwrap().tags.unwrap()["team"], "storage");
        let other = format!("{}x", arn.trim_end_matches(char::is_alphanumeric));
        assert_eq!(
            code(&list(&other).unwrap_err()),
            "ResourceNotFoundException"
        );
        delete_restore_testing_plan(
            &svc,
            &ctx(),
            DeleteRestoreTestingPlanInput {
                restore_testing_plan_name: "tagged".into(),
            },
        )
        .unwrap();
        assert_eq!(code(&list(&arn).unwrap_err()), "ResourceNotFoundException");
        let err = create_restore_testing_plan(
            &svc,
            &ctx(),
            CreateRestoreTestingPlanInput {
                restore_testing_plan: plan_input("bad_tags"),
                tags: Some([("aws:reserved".to_owned(), "x".to_owned())].into()),
                ..Default::default()
            },
        )
        .unwrap_err();
        assert_eq!(code(&err), "InvalidParameterValueException");
    }

    #[test]
    fn listing_pages_by_name() {
        let svc = service();
        for name in ["c", "a", "b"] {
            create_plan(&svc, name).unwrap();
        }
        let page = |token: Option<String>| {
            list_restore_testing_plans(
                &svc,
                &ctx(),
                ListRestoreTestingPlansInput {
                    max_results: Some(2),
                    next_token: token,
                },
            )
        };
        let first = page(None).unwrap();
        let names: Vec<_> = first
            .restore_testing_plans
            .iter()
            .map(|p| p.restore_testing_plan_name.as_str())
            .collect();
        assert_eq!(names, ["a", "b"]);
        let second = page(first.next_token).unwrap();
        assert_eq!(second.restore_testing_plans.len(), 1);
        assert_eq!(second.next_token, None);
        assert_eq!(
            code(&page(Some("garbage".into())).unwrap_err()),
            "InvalidParameterValueException"
        );
    }
}
