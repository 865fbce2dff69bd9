//! Handler-level checks of what the API cannot show on this branch: tags kept under the plan ARN
//! and dropped on delete, and the accessors the scheduler uses.

use emulator_core::RequestContext;

use super::*;
use crate::model::plan::Plan;
use crate::ops::vaults::test_support::create;
use crate::test_support::{ctx, service};
use crate::BackupService;

/// A service whose caller has vault `v`, the target of every plan's rule.
fn with_vault() -> (BackupService, RequestContext) {
    let svc = service();
    create(&svc, "v");
    (svc, ctx())
}

fn input(name: &str) -> CreateBackupPlanInput {
    CreateBackupPlanInput {
        backup_plan: BackupPlanInput {
            backup_plan_name: name.into(),
            rules: vec![BackupRuleInput {
                rule_name: "r".into(),
                target_backup_vault_name: "v".into(),
                ..Default::default()
            }],
            ..Default::default()
        },
        backup_plan_tags: Some([("team".to_owned(), "storage".to_owned())].into()),
        creator_request_id: None,
    }
}

#[test]
fn tags_live_under_the_plan_arn_until_the_plan_is_deleted() {
    let (svc, ctx) = with_vault();
    let created = create_backup_plan(&svc, &ctx, input("p")).unwrap();
    let arn = created.backup_plan_arn.unwrap();
    let tags = svc.store.with_region(&ctx, |r| r.tags.list(&arn));
    assert_eq!(tags.get("team"), Some("storage"));

    delete_backup_plan(
        &svc,
        &ctx,
        DeleteBackupPlanInput {
            backup_plan_id: created.backup_plan_id.unwrap(),
        },
    )
    .unwrap();
    assert!(svc
        .store
        .with_region(&ctx, |r| r.tags.list(&arn).is_empty()));
}

#[test]
fn the_scheduler_sees_current_rules_of_active_plans_and_records_runs() {
    let (svc, ctx) = with_vault();
    let kept = create_backup_plan(&svc, &ctx, input("kept")).unwrap();
    let gone = create_backup_plan(&svc, &ctx, input("gone")).unwrap();
    delete_backup_plan(
        &svc,
        &ctx,
        DeleteBackupPlanInput {
            backup_plan_id: gone.backup_plan_id.unwrap(),
        },
    )
    .unwrap();
    let now = svc.clock.now();
    let kept_id = kept.backup_plan_id.unwrap();
    svc.store.with_region(&ctx, |region| {
        let active: Vec<&Plan> = active_plans(region).collect();
        assert_eq!(active.len(), 1);
        assert_eq!(active[0].id, kept_id);
        let rule = &active[0].current_rules()[0];
        let next = rule.spec.schedule.next_after(now).unwrap();
        assert!(next.epoch_millis() > now.epoch_millis());
        region
            .plans
            .get_mut(&kept_id)
            .unwrap()
            .record_execution(now);
    });
    let got = get_backup_plan(
        &svc,
        &ctx,
        GetBackupPlanInput {
            backup_plan_id: kept_id,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(got.last_execution_date, Some(now));
}

#[test]
fn a_failed_update_changes_nothing() {
    let (svc, ctx) = with_vault();
    let created = create_backup_plan(&svc, &ctx, input("p")).unwrap();
    let id = created.backup_plan_id.unwrap();
    let mut bad = input("p").backup_plan;
    bad.rules[0].target_backup_vault_name = "missing".into();
    assert!(update_backup_plan(
        &svc,
        &ctx,
        UpdateBackupPlanInput {
            backup_plan: bad,
            backup_plan_id: id.clone(),
        },
    )
    .is_err());
    svc.store.with_region(&ctx, |region| {
        let plan = &region.plans[&id];
        assert_eq!(plan.version_count(), 1);
        assert_eq!(
            plan.current().version_id.to_string(),
            created.version_id.clone().unwrap()
        );
    });
}
