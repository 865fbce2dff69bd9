//! The resources a firing rule backs up: everything its plan's selections choose, once each.
//!
//! A resource chosen by several selections of the plan is backed up once, with the role of the
//! first selection (in selection id order) that chose it. Only resources AWS Backup would protect
//! here are kept: an ARN of a supported resource type, in the plan's account and region (S3
//! bucket ARNs name neither), whose type is opted in by the region's settings, as AWS applies
//! `ResourceTypeOptInPreference` to backup plans.

pub mod catalog;
pub mod selection_matching;

use std::collections::{BTreeMap, BTreeSet};

use aws_arn::Arn;
use emulator_core::resources::KnownResource;
use emulator_core::RequestContext;

use crate::engine::plan_jobs::Target;
use crate::state::plans::selections_of;
use crate::state::RegionState;
use crate::support::{appliances, resource_types};

use catalog::RegionCatalog;
use selection_matching::chosen;

/// The resources plan `plan_id`'s selections choose in `region` (whose registered resources are
/// `registered`), with the role for each.
pub fn choose(
    region: &RegionState,
    ctx: &RequestContext,
    plan_id: &str,
    registered: &[KnownResource],
) -> Vec<Target> {
    let catalog = RegionCatalog::new(region, registered);
    // What the registry knows beyond tags (an RDS cluster's engine), by ARN.
    let properties: BTreeMap<&str, &BTreeMap<String, String>> = registered
        .iter()
        .map(|resource| (resource.arn.as_str(), &resource.properties))
        .collect();
    let mut seen = BTreeSet::new();
    let mut targets = Vec::new();
    for selection in selections_of(region, plan_id) {
        for arn in chosen(&selection.document, &catalog) {
            let properties = properties.get(arn.as_str()).copied();
            if protectable(region, ctx, &arn, properties) && seen.insert(arn.clone()) {
                targets.push(Target {
                    resource_arn: arn,
                    iam_role_arn: selection.document.iam_role_arn.clone(),
                });
            }
        }
    }
    targets
}

fn protectable(
    region: &RegionState,
    ctx: &RequestContext,
    arn: &str,
    properties: Option<&BTreeMap<String, String>>,
) -> bool {
    let Ok(parsed) = Arn::parse(arn) else {
        return false;
    };
    let here = (parsed.region().is_empty() || parsed.region() == ctx.region)
        && (parsed.account_id().is_empty() || parsed.account_id() == ctx.account_id);
    // Resources registered with a backup appliance are not among the types the region's opt-in
    // preferences cover (GetSupportedResourceTypes does not list them).
    here && resource_types::classify_with(arn, properties).is_some_and(|kind| {
        appliances::is_resource_target_type(kind.resource_type)
            || region.settings.is_opted_in(kind.resource_type)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::generated::BackupSelection;
    use crate::model::selection::Selection;

    const ROLE_A: &str = "arn:aws:iam::111122223333:role/a";
    const ROLE_B: &str = "arn:aws:iam::111122223333:role/b";

    fn add(region: &mut RegionState, id: &str, plan: &str, role: &str, resources: &[&str]) {
        region.selections.insert(
            id.into(),
            Selection {
                id: id.into(),
                plan_id: plan.into(),
                document: BackupSelection {
                    selection_name: id.into(),
                    iam_role_arn: role.into(),
                    resources: Some(resources.iter().map(|r| (*r).to_owned()).collect()),
                    ..Default::default()
                },
                creation_date: Default::default(),
                creator_request_id: None,
            },
        );
    }

    fn arns(targets: &[Target]) -> Vec<(&str, &str)> {
        targets
            .iter()
            .map(|t| (t.resource_arn.as_str(), t.iam_role_arn.as_str()))
            .collect()
    }

    #[test]
    fn each_resource_once_with_the_first_selections_role_and_only_what_backup_protects_here() {
        let ctx = RequestContext::new("111122223333", "us-east-1");
        let mut region = RegionState::default();
        let vol = "arn:aws:ec2:us-east-1:111122223333:volume/vol-1";
        let bucket = "arn:aws:s3:::my-bucket";
        add(
            &mut region,
            "s1",
            "plan",
            ROLE_A,
            &[
                vol,
                bucket,
                "arn:aws:ec2:eu-west-1:111122223333:volume/vol-elsewhere",
                "arn:aws:ec2:us-east-1:999999999999:volume/vol-other-account",
                "arn:aws:lambda:us-east-1:111122223333:function:f",
            ],
        );
        add(
            &mut region,
            "s2",
            "plan",
            ROLE_B,
            &[vol, "arn:aws:ec2:*:*:volume/*"],
        );
        add(
            &mut region,
            "s3",
            "other-plan",
            ROLE_B,
            &["arn:aws:dynamodb:us-east-1:111122223333:table/T"],
        );
        assert_eq!(
            arns(&choose(&region, &ctx, "plan", &[])),
            [(vol, ROLE_A), (bucket, ROLE_A)]
        );
    }
}
