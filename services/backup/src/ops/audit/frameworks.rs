//! Frameworks: CreateFramework, DescribeFramework, UpdateFramework, DeleteFramework,
//! ListFrameworks.
//!
//! A framework is a named set of controls, one per account, region and name. AWS refuses a
//! second framework with the same controls and parameters ("You cannot deploy duplicate
//! frameworks"), more than 15 frameworks and more than 50 controls in all per account and
//! region, and changes to a framework whose deployment is still in progress. Deleting a
//! framework leaves the report plans that name it as they are; their compliance reports fail
//! until the plan is updated (see `reports.rs`).

use aws_pagination::paginate_btree;
use emulator_core::dto::Timestamp;
use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::*;
use crate::engine::backend::Backend;
use crate::state::RegionState;
use crate::support::arns;
use crate::support::errors::{already_exists, invalid_parameter, limit_exceeded};
use crate::support::page_size;
use crate::support::tags;

use crate::model::controls::{self, Control};
use crate::model::deployment::{Deployment, DeploymentKind};
use crate::model::framework::Framework;
use crate::state::frameworks::{find, framework_not_found};

/// Frameworks per account and region ("You can deploy a maximum of 15 frameworks per account
/// per Region").
const MAX_FRAMEWORKS: usize = 15;

/// Controls per account and region, over all frameworks ("You can use up to 50 controls per
/// account per Region. Using the same control in two different frameworks counts as using two
/// controls").
const MAX_CONTROLS: usize = 50;

/// Refuses a framework whose controls duplicate another's, or that would take the region over
/// its control limit. `replacing` names the framework being updated, whose own controls do not
/// count.
fn check_fits(
    region: &RegionState,
    ctx: &RequestContext,
    name: &str,
    controls: &[Control],
    replacing: Option<&str>,
) -> Result<(), ServiceError> {
    let others = || {
        region
            .frameworks
            .values()
            .filter(|f| Some(f.name.as_str()) != replacing)
    };
    let signature = Framework::signature(controls);
    if let Some(twin) = others().find(|f| Framework::signature(&f.controls) == signature) {
        return Err(already_exists(
            format!(
                "Controls in framework {name} from account {} already exist.",
                ctx.account_id
            ),
            Some(&twin.arn),
            None,
        ));
    }
    let in_use: usize = others().map(|f| f.controls.len()).sum();
    if in_use + controls.len() > MAX_CONTROLS {
        return Err(limit_exceeded(format!(
            "You can use up to {MAX_CONTROLS} controls per account per Region; {in_use} are in \
             use and the framework adds {}.",
            controls.len()
        )));
    }
    Ok(())
}

/// `CreateFramework`.
///
/// A retry with the name and `IdempotencyToken` of the call that created the framework answers
/// that call's output (the SDKs fill a token in, so two plain calls are two requests).
pub(crate) fn create_framework(
    svc: &Backend,
    ctx: &RequestContext,
    input: CreateFrameworkInput,
) -> Result<CreateFrameworkOutput, ServiceError> {
    let controls = controls::validate(input.framework_controls)?;
    let framework_tags = tags::tags_from_input(input.framework_tags.unwrap_or_default())?;
    let name = input.framework_name;
    let now = svc.clock.now();
    svc.store.with_region(ctx, |region| {
        if let Some(existing) = region.frameworks.get(&name) {
            if input.idempotency_token.is_some()
                && existing.idempotency_token == input.idempotency_token
            {
                return Ok(created(existing));
            }
            return Err(already_exists(
                format!("Framework {name} already exists in this account and Region."),
                Some(&existing.arn),
                None,
            ));
        }
        check_fits(region, ctx, &name, &controls, None)?;
        if region.frameworks.len() >= MAX_FRAMEWORKS {
            return Err(limit_exceeded(format!(
                "You can deploy a maximum of {MAX_FRAMEWORKS} frameworks per account per Region."
            )));
        }
        let arn = arns::framework(ctx, &name, &uuid::Uuid::new_v4().to_string());
        region
            .tags
            .tag(&arn, framework_tags)
            .map_err(|error| invalid_parameter(error.to_string()))?;
        let framework = Framework {
            name: name.clone(),
            arn,
            description: input.framework_description,
            controls,
            creation_time: now,
            deployment: Deployment::begin(DeploymentKind::Create, now, &svc.engine_settings),
            idempotency_token: input.idempotency_token,
        };
        let output = created(&framework);
        region.frameworks.insert(name, framework);
        Ok(output)
    })
}

fn created(framework: &Framework) -> CreateFrameworkOutput {
    CreateFrameworkOutput {
        framework_arn: Some(framework.arn.clone()),
        framework_name: Some(framework.name.clone()),
    }
}

/// `DescribeFramework`.
pub(crate) fn describe_framework(
    svc: &Backend,
    ctx: &RequestContext,
    input: DescribeFrameworkInput,
) -> Result<DescribeFrameworkOutput, ServiceError> {
    let now = svc.clock.now();
    svc.store.with_region(ctx, |region| {
        Ok(find(region, &input.framework_name)?.describe(now))
    })
}

/// `UpdateFramework`: replaces the controls and the description given, and redeploys the
/// framework (`UPDATE_IN_PROGRESS`, then `COMPLETED`). A retry with the token of the latest
/// create or update changes nothing.
pub(crate) fn update_framework(
    svc: &Backend,
    ctx: &RequestContext,
    input: UpdateFrameworkInput,
) -> Result<UpdateFrameworkOutput, ServiceError> {
    let controls = input
        .framework_controls
        .map(controls::validate)
        .transpose()?;
    let name = input.framework_name;
    let now = svc.clock.now();
    svc.store.with_region(ctx, |region| {
        let framework = find(region, &name)?;
        if input.idempotency_token.is_some()
            && framework.idempotency_token == input.idempotency_token
        {
            return Ok(updated(framework));
        }
        framework
            .deployment
            .check_settled(&format!("framework {name}"), now)?;
        if let Some(controls) = &controls {
            check_fits(region, ctx, &name, controls, Some(&name))?;
        }
        let framework = region
            .frameworks
            .get_mut(&name)
            .ok_or_else(|| framework_not_found(&name))?;
        if let Some(controls) = controls {
            framework.controls = controls;
        }
        if input.framework_description.is_some() {
            framework.description = input.framework_description;
        }
        framework.deployment = Deployment::begin(DeploymentKind::Update, now, &svc.engine_settings);
        framework.idempotency_token = input.idempotency_token;
        Ok(updated(framework))
    })
}

fn updated(framework: &Framework) -> UpdateFrameworkOutput {
    UpdateFrameworkOutput {
        creation_time: Some(framework.creation_time),
        framework_arn: Some(framework.arn.clone()),
        framework_name: Some(framework.name.clone()),
    }
}

/// `DeleteFramework`: the framework and its tags go. Report plans naming it keep its ARN.
pub(crate) fn delete_framework(
    svc: &Backend,
    ctx: &RequestContext,
    input: DeleteFrameworkInput,
) -> Result<(), ServiceError> {
    let name = input.framework_name;
    let now = svc.clock.now();
    svc.store.with_region(ctx, |region| {
        let framework = find(region, &name)?;
        framework
            .deployment
            .check_settled(&format!("framework {name}"), now)?;
        let arn = framework.arn.clone();
        region.frameworks.remove(&name);
        region.tags.remove_resource(&arn);
        Ok(())
    })
}

/// `ListFrameworks`, in name order.
pub(crate) fn list_frameworks(
    svc: &Backend,
    ctx: &RequestContext,
    input: ListFrameworksInput,
) -> Result<ListFrameworksOutput, ServiceError> {
    let now: Timestamp = svc.clock.now();
    let token = input.next_token.as_deref().filter(|t| !t.is_empty());
    svc.store.with_region(ctx, |region| {
        let page = paginate_btree(
            &region.frameworks,
            token,
            "ListFrameworks",
            page_size::page_size(input.max_results),
            |_| true,
        )
        .map_err(page_size::token_error)?;
        Ok(ListFrameworksOutput {
            frameworks: Some(page.items.iter().map(|f| f.list_member(now)).collect()),
            next_token: page.next_token,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::controls::CONTROLS;
    use crate::test_support::{code, ctx};
    use crate::BackupService;

    /// A service whose jobs take a minute, so a test can see them before they complete.
    fn service() -> BackupService {
        let mut svc = crate::test_support::service();
        svc.engine_settings.job_completion_delay_seconds = 60.0;
        svc
    }

    fn control(name: &str) -> FrameworkControl {
        FrameworkControl {
            control_name: name.to_owned(),
            ..Default::default()
        }
    }

    fn create(
        svc: &BackupService,
        name: &str,
        controls: Vec<FrameworkControl>,
    ) -> Result<CreateFrameworkOutput, ServiceError> {
        create_framework(
            svc,
            &ctx(),
            CreateFrameworkInput {
                framework_name: name.to_owned(),
                framework_controls: controls,
                idempotency_token: Some(format!("token-{name}")),
                ..Default::default()
            },
        )
    }

    fn status(svc: &BackupService, name: &str) -> String {
        describe_framework(
            svc,
            &ctx(),
            DescribeFrameworkInput {
                framework_name: name.to_owned(),
            },
        )
        .unwrap()
        .deployment_status
        .unwrap()
    }

    #[test]
    fn arns_name_the_framework_and_a_uuid() {
        let svc = service();
        let arn = create(&svc, "f1", vec![control("BACKUP_RECOVERY_POINT_ENCRYPTED")])
            .unwrap()
            .framework_arn
            .unwrap();
        let id = arn
            .strip_prefix("arn:aws:backup:us-east-1:111122223333:framework:f1-")
            .expect(&arn);
        assert!(uuid::Uuid::parse_str(id).is_ok(), "{arn}");
        svc.store.with_region(&ctx(), |region| {
            assert!(crate::state::frameworks::find_by_arn(region, &arn).is_some());
            assert!(
                crate::state::frameworks::find_by_arn(region, &arn.replace("f1-", "f2-")).is_none()
            );
        });
    }

    #[test]
    fn deployment_blocks_changes_until_the_delay_has_passed() {
        let svc = service();
        create(&svc, "f1", vec![control("BACKUP_RECOVERY_POINT_ENCRYPTED")]).unwrap();
        assert_eq!(status(&svc, "f1"), "CREATE_IN_PROGRESS");
        let delete = || {
            delete_framework(
                &svc,
                &ctx(),
                DeleteFrameworkInput {
                    framework_name: "f1".into(),
                },
            )
        };
        assert_eq!(code(&delete().unwrap_err()), "ConflictException");
        svc.clock.advance(60.0);
        assert_eq!(status(&svc, "f1"), "COMPLETED");
        update_framework(
            &svc,
            &ctx(),
            UpdateFrameworkInput {
                framework_name: "f1".into(),
                framework_description: Some("now described".into()),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(status(&svc, "f1"), "UPDATE_IN_PROGRESS");
        svc.clock.advance(60.0);
        delete().unwrap();
        assert_eq!(code(&delete().unwrap_err()), "ResourceNotFoundException");
    }

    #[test]
    fn duplicates_and_limits_are_refused_and_change_nothing() {
        let svc = service();
        create(&svc, "f1", vec![control("BACKUP_RECOVERY_POINT_ENCRYPTED")]).unwrap();
        let twin = create(&svc, "f2", vec![control("BACKUP_RECOVERY_POINT_ENCRYPTED")]);
        assert_eq!(code(&twin.unwrap_err()), "AlreadyExistsException");
        let same_name = create(
            &svc,
            "f1",
            vec![control("BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN")],
        );
        // The same token replays; another request for the name is refused.
        assert!(same_name.is_ok());
        let other_token = create_framework(
            &svc,
            &ctx(),
            CreateFrameworkInput {
                framework_name: "f1".into(),
                framework_controls: vec![control("BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN")],
                idempotency_token: Some("another".into()),
                ..Default::default()
            },
        );
        assert_eq!(code(&other_token.unwrap_err()), "AlreadyExistsException");

        // 49 more controls would pass the limit of 50.
        let many: Vec<FrameworkControl> = (0..50)
            .map(|i| {
                let spec = &CONTROLS[i % CONTROLS.len()];
                control(spec.name)
            })
            .collect();
        let error = create(&svc, "big", many).unwrap_err();
        assert_eq!(code(&error), "LimitExceededException");
        svc.store.with_region(&ctx(), |region| {
            assert_eq!(region.frameworks.len(), 1);
        });
    }
}
