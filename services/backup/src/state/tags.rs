//! Whether a resource an ARN names exists, for tagging: the single place that answers it for
//! every Backup resource type.

use crate::state::{frameworks, report_plans, restore_testing, RegionState};
use crate::support::arns::BackupResource;

/// Whether `resource`, which `arn` names, exists in `region`. `arn` is the region's own ARN
/// for it, as TagResource checks it (`ops/tags.rs`): the form every ARN the region stores takes.
///
/// This is the single place that answers it for every Backup resource type; code that gives a
/// resource type its state (frameworks, report plans, legal holds, restore testing plans) adds
/// an arm for its `BackupResource::Other { kind, .. }` here, and until then such ARNs name
/// nothing. Soft-deleted plans no longer exist for tagging. Frameworks and report plans are
/// named by `{name}-{id}`, so a deleted and recreated one of the same name is another resource.
pub fn resource_exists(region: &RegionState, arn: &str, resource: &BackupResource) -> bool {
    match resource {
        BackupResource::Vault(name) => region.vaults.contains_key(name),
        BackupResource::Plan(id) => region.plans.get(id).is_some_and(|plan| !plan.is_deleted()),
        // Points are keyed by their full ARN, so this is one hash lookup, where matching the id
        // against every stored ARN cost a walk of the region's points (up to a million).
        BackupResource::RecoveryPoint(_) => region.recovery_points.contains_key(arn),
        BackupResource::Other { kind, id } => match kind.as_str() {
            "tiering-configuration" => tiering_configuration_exists(region, id),
            "accesspoint" => region.access_points.contains_key(id),
            "restore-testing-plan" => restore_testing::plan_exists_with_id(region, id),
            "legal-hold" => region.legal_holds.contains_key(id),
            "framework" => framework_exists(region, id),
            "report-plan" => report_plan_exists(region, id),
            _ => false,
        },
    }
}

/// Whether `name_and_id` (the text after `framework:` in an ARN) names a framework of `region`.
pub fn framework_exists(region: &RegionState, name_and_id: &str) -> bool {
    frameworks::find_by_arn_suffix(region, name_and_id).is_some()
}

/// Whether `name_and_id` (the text after `report-plan:` in an ARN) names a report plan of
/// `region`.
pub fn report_plan_exists(region: &RegionState, name_and_id: &str) -> bool {
    report_plans::find_by_arn_suffix(region, name_and_id).is_some()
}

/// Whether the tiering configuration ARN ending in `…:tiering-configuration:{id}` exists, for
/// tagging.
pub fn tiering_configuration_exists(region: &RegionState, id: &str) -> bool {
    region.tiering_configurations.values().any(|configuration| {
        configuration
            .arn
            .rsplit_once(":tiering-configuration:")
            .is_some_and(|(_, found)| found == id)
    })
}
