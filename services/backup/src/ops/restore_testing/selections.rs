//! Create/Get/Update/Delete/ListRestoreTestingSelections.

use aws_pagination::paginate_btree;
use emulator_core::{RequestContext, ServiceError};

pub mod validation;

use validation::{validate_create, validate_update};

use crate::api::generated::*;
use crate::engine::backend::Backend;
use crate::model::restore_testing_selection::RestoreTestingSelection;
use crate::state::restore_testing::{find_plan, find_plan_mut, selection_not_found};
use crate::support::creator_request_id::check as check_creator_request_id;
use crate::support::errors::{already_exists, limit_exceeded};
use crate::support::page_size::{page_size, token_error};

/// At most this many selections per plan (developer guide, "Restore testing quotas and
/// parameters").
const MAX_SELECTIONS: usize = 30;

/// `CreateRestoreTestingSelection`. A retry with the selection's `CreatorRequestId` answers
/// the selection created first.
pub(crate) fn create_restore_testing_selection(
    svc: &Backend,
    ctx: &RequestContext,
    input: CreateRestoreTestingSelectionInput,
) -> Result<CreateRestoreTestingSelectionOutput, ServiceError> {
    check_creator_request_id(input.creator_request_id.as_deref())?;
    let new = validate_create(input.restore_testing_selection)?;
    let token = input.creator_request_id;
    let now = svc.clock.now();
    let plan_name = input.restore_testing_plan_name;
    svc.store.with_region(ctx, |region| {
        let plan = find_plan_mut(region, &plan_name)?;
        let output =
            |selection: &RestoreTestingSelection, arn: &str| CreateRestoreTestingSelectionOutput {
                creation_time: selection.creation_time,
                restore_testing_plan_arn: arn.to_owned(),
                restore_testing_plan_name: selection.plan_name.clone(),
                restore_testing_selection_name: selection.name.clone(),
            };
        if let Some(existing) = plan.selections.get(&new.name) {
            if token.is_some() && existing.creator_request_id == token {
                return Ok(output(existing, &plan.arn));
            }
            return Err(already_exists(
                format!(
                    "Restore testing selection {} already exists in restore testing plan \
                     {plan_name}.",
                    new.name
                ),
                None,
                existing.creator_request_id.as_deref(),
            ));
        }
        if plan.selections.len() >= MAX_SELECTIONS {
            return Err(limit_exceeded(format!(
                "A restore testing plan can have at most {MAX_SELECTIONS} selections."
            )));
        }
        let selection = RestoreTestingSelection {
            name: new.name.clone(),
            plan_name: plan.name.clone(),
            creator_request_id: token.clone(),
            resource_type: new.resource_type,
            iam_role_arn: new.settings.iam_role_arn,
            scope: new.settings.scope,
            metadata_overrides: new.settings.metadata_overrides,
            validation_window_hours: new.settings.validation_window_hours,
            creation_time: now,
            last_update_time: None,
        };
        let answer = output(&selection, &plan.arn);
        plan.selections.insert(new.name, selection);
        Ok(answer)
    })
}

/// `GetRestoreTestingSelection`.
pub(crate) fn get_restore_testing_selection(
    svc: &Backend,
    ctx: &RequestContext,
    input: GetRestoreTestingSelectionInput,
) -> Result<GetRestoreTestingSelectionOutput, ServiceError> {
    svc.store.with_region(ctx, |region| {
        let plan = find_plan(region, &input.restore_testing_plan_name)?;
        let selection = plan
            .selections
            .get(&input.restore_testing_selection_name)
            .ok_or_else(|| {
                selection_not_found(&plan.name, &input.restore_testing_selection_name)
            })?;
        Ok(GetRestoreTestingSelectionOutput {
            restore_testing_selection: selection.to_get(),
        })
    })
}

/// `UpdateRestoreTestingSelection`: the members given replace the selection's.
pub(crate) fn update_restore_testing_selection(
    svc: &Backend,
    ctx: &RequestContext,
    input: UpdateRestoreTestingSelectionInput,
) -> Result<UpdateRestoreTestingSelectionOutput, ServiceError> {
    let now = svc.clock.now();
    svc.store.with_region(ctx, |region| {
        let plan = find_plan_mut(region, &input.restore_testing_plan_name)?;
        let plan_arn = plan.arn.clone();
        let selection = plan
            .selections
            .get_mut(&input.restore_testing_selection_name)
            .ok_or_else(|| {
                selection_not_found(
                    &input.restore_testing_plan_name,
                    &input.restore_testing_selection_name,
                )
            })?;
        let settings = validate_update(selection, input.restore_testing_selection)?;
        selection.iam_role_arn = settings.iam_role_arn;
        selection.scope = settings.scope;
        selection.metadata_overrides = settings.metadata_overrides;
        selection.validation_window_hours = settings.validation_window_hours;
        selection.last_update_time = Some(now);
        Ok(UpdateRestoreTestingSelectionOutput {
            creation_time: selection.creation_time,
            restore_testing_plan_arn: plan_arn,
            restore_testing_plan_name: selection.plan_name.clone(),
            restore_testing_selection_name: selection.name.clone(),
            update_time: now,
        })
    })
}

/// `DeleteRestoreTestingSelection`.
pub(crate) fn delete_restore_testing_selection(
    svc: &Backend,
    ctx: &RequestContext,
    input: DeleteRestoreTestingSelectionInput,
) -> Result<(), ServiceError> {
    svc.store.with_region(ctx, |region| {
        let plan = find_plan_mut(region, &input.restore_testing_plan_name)?;
        plan.selections
            .remove(&input.restore_testing_selection_name)
            .map(|_| ())
            .ok_or_else(|| {
                selection_not_found(
                    &input.restore_testing_plan_name,
                    &input.restore_testing_selection_name,
                )
            })
    })
}

/// `ListRestoreTestingSelections`: a plan's selections by name.
pub(crate) fn list_restore_testing_selections(
    svc: &Backend,
    ctx: &RequestContext,
    input: ListRestoreTestingSelectionsInput,
) -> Result<ListRestoreTestingSelectionsOutput, ServiceError> {
    svc.store.with_region(ctx, |region| {
        let plan = find_plan(region, &input.restore_testing_plan_name)?;
        // The scope binds a token to the plan (by ARN, so a plan recreated under the same
        // name does not accept the old plan's tokens).
        let scope = format!("ListRestoreTestingSelections {}", plan.arn);
        let page = paginate_btree(
            &plan.selections,
            input.next_token.as_deref(),
            &scope,
            page_size(input.max_results),
            |_| true,
        )
        .map_err(token_error)?;
        Ok(ListRestoreTestingSelectionsOutput {
            restore_testing_selections: page
                .items
                .iter()
                .map(|selection| selection.to_list_member())
                .collect(),
            next_token: page.next_token,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::restore_testing::plans::{
        delete_restore_testing_plan, get_restore_testing_plan,
    };
    use crate::ops::restore_testing::test_support::{
        create_plan, create_selection, selection_input,
    };
    use crate::test_support::{code, ctx, service};
    use crate::BackupService;

    fn get(
        svc: &BackupService,
        plan: &str,
        name: &str,
    ) -> Result<RestoreTestingSelectionForGet, ServiceError> {
        get_restore_testing_selection(
            svc,
            &ctx(),
            GetRestoreTestingSelectionInput {
                restore_testing_plan_name: plan.into(),
                restore_testing_selection_name: name.into(),
            },
        )
        .map(|out| out.restore_testing_selection)
    }

    #[test]
    fn a_selection_is_created_read_updated_and_deleted() {
        let svc = service();
        let plan = create_plan(&svc, "p").unwrap();
        let out = create_selection(&svc, "p", selection_input("volumes")).unwrap();
        assert_eq!(out.restore_testing_plan_arn, plan.restore_testing_plan_arn);
        let got = get(&svc, "p", "volumes").unwrap();
        assert_eq!(got.protected_resource_type, "EBS");
        assert_eq!(got.protected_resource_arns, Some(vec!["*".to_owned()]));
        assert_eq!(
            got.protected_resource_conditions,
            Some(ProtectedResourceConditions {
                string_equals: Some(vec![]),
                string_not_equals: Some(vec![]),
            })
        );
        assert_eq!(got.validation_window_hours, Some(0));

        let err = create_selection(&svc, "p", selection_input("volumes")).unwrap_err();
        assert_eq!(code(&err), "AlreadyExistsException");
        let err = create_selection(&svc, "nope", selection_input("volumes")).unwrap_err();
        assert_eq!(code(&err), "ResourceNotFoundException");

        update_restore_testing_selection(
            &svc,
            &ctx(),
            UpdateRestoreTestingSelectionInput {
                restore_testing_plan_name: "p".into(),
                restore_testing_selection_name: "volumes".into(),
                restore_testing_selection: RestoreTestingSelectionForUpdate {
                    validation_window_hours: Some(12),
                    ..Default::default()
                },
            },
        )
        .unwrap();
        assert_eq!(
            get(&svc, "p", "volumes").unwrap().validation_window_hours,
            Some(12)
        );

        // The plan cannot go while it has selections.
        let delete_plan = || {
            delete_restore_testing_plan(
                &svc,
                &ctx(),
                DeleteRestoreTestingPlanInput {
                    restore_testing_plan_name: "p".into(),
                },
            )
        };
        assert_eq!(code(&delete_plan().unwrap_err()), "InvalidRequestException");
        delete_restore_testing_selection(
            &svc,
            &ctx(),
            DeleteRestoreTestingSelectionInput {
                restore_testing_plan_name: "p".into(),
                restore_testing_selection_name: "volumes".into(),
            },
        )
        .unwrap();
        assert_eq!(
            code(&get(&svc, "p", "volumes").unwrap_err()),
            "ResourceNotFoundException"
        );
        delete_plan().unwrap();
        assert!(get_restore_testing_plan(
            &svc,
            &ctx(),
            GetRestoreTestingPlanInput {
                restore_testing_plan_name: "p".into()
            }
        )
        .is_err());
    }

    #[test]
    fn selections_list_by_name_a_page_at_a_time() {
        let svc = service();
        create_plan(&svc, "p").unwrap();
        for name in ["b", "a", "c"] {
            create_selection(&svc, "p", selection_input(name)).unwrap();
        }
        let page = |token: Option<String>| {
            list_restore_testing_selections(
                &svc,
                &ctx(),
                ListRestoreTestingSelectionsInput {
                    max_results: Some(2),
                    next_token: token,
                    restore_testing_plan_name: "p".into(),
                },
            )
            .unwrap()
        };
        let first = page(None);
        let names: Vec<_> = first
            .restore_testing_selections
            .iter()
            .map(|s| s.restore_testing_selection_name.as_str())
            .collect();
        assert_eq!(names, ["a", "b"]);
        let second = page(first.next_token);
        assert_eq!(second.restore_testing_selections.len(), 1);
        assert!(second.next_token.is_none());
    }

    #[test]
    fn a_plan_holds_at_most_thirty_selections() {
        let svc = service();
        create_plan(&svc, "p").unwrap();
        for i in 0..30 {
            create_selection(&svc, "p", selection_input(&format!("s{i}"))).unwrap();
        }
        let err = create_selection(&svc, "p", selection_input("one_more")).unwrap_err();
        assert_eq!(code(&err), "LimitExceededException");
    }
}
