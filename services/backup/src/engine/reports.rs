//! Compiling a report plan's report from Backup's state: the job reports (`job_rows.rs`) over
//! the Regions the plan covers, the compliance reports (`compliance.rs`, `evaluation.rs`) over
//! the caller's Region, rendered per format (`table.rs`) under the S3 keys AWS would write
//! (`delivery.rs`).
//!
//! Only the caller's account is reported: without AWS Organizations there is no other account
//! to read, so `Accounts` and `OrganizationUnits` are kept on the plan but add nothing.

pub mod compliance;
pub mod delivery;
pub mod evaluation;
pub mod job_rows;
pub mod table;

use std::collections::BTreeSet;

use emulator_core::dto::Timestamp;
use emulator_core::RequestContext;

use crate::engine::backend::Backend;

use crate::model::report_job::{Outcome, ReportFile};
use crate::model::report_plan::{ReportPlan, ReportScope};

use job_rows::Period;

/// Compiles `plan`'s report for job `job_id` started at `now` and delivered at `delivered`.
/// Takes each region's lock in turn, so the caller must hold none.
pub fn compile(
    svc: &Backend,
    ctx: &RequestContext,
    plan: &ReportPlan,
    job_id: &str,
    now: Timestamp,
    delivered: Timestamp,
) -> Outcome {
    let template = plan.scope.template;
    let table = if template.is_compliance() {
        // Read before the region's lock: the registry has a lock of its own.
        let registered = svc.resources.list(&ctx.account_id, &ctx.region);
        match svc.store.with_region(ctx, |region| {
            compliance::table(region, ctx, plan, now, &registered)
        }) {
            Ok(table) => table,
            Err(message) => return Outcome::Failed(message),
        }
    } else {
        let period = Period::ending(now);
        let mut table = job_rows::empty(template);
        let with_state: BTreeSet<(String, String)> = svc.store.region_keys().into_iter().collect();
        for region_name in regions(&with_state, ctx, &plan.scope) {
            // A Region the account never used has no jobs; reading it would create its state.
            if !with_state.contains(&(ctx.account_id.clone(), region_name.clone())) {
                continue;
            }
            svc.store
                .with_region_of(&ctx.account_id, &region_name, |region| {
                    job_rows::add_region(&mut table, template, region, &region_name, period);
                });
        }
        table
    };
    let files = plan
        .delivery
        .formats
        .iter()
        .map(|format| ReportFile {
            key: delivery::s3_key(ctx, plan, job_id, delivered, *format),
            format: *format,
            content: table.render(*format),
        })
        .collect();
    Outcome::Delivered {
        items: table.items(),
        files,
    }
}

/// The Regions a job report covers, in name order: those `Regions` lists (`*` is every Region
/// the caller has Backup state in), the caller's own when it lists none.
fn regions(
    with_state: &BTreeSet<(String, String)>,
    ctx: &RequestContext,
    scope: &ReportScope,
) -> BTreeSet<String> {
    let listed = scope.regions.as_deref().unwrap_or_default();
    if listed.is_empty() {
        return BTreeSet::from([ctx.region.clone()]);
    }
    let mut regions: BTreeSet<String> = listed.iter().filter(|r| *r != "*").cloned().collect();
    if listed.iter().any(|r| r == "*") {
        regions.insert(ctx.region.clone());
        regions.extend(
            with_state
                .iter()
                .filter(|(account, _)| *account == ctx.account_id)
                .map(|(_, region)| region.clone()),
        );
    }
    regions
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::report_plan::ReportTemplate;

    fn scope(regions: Option<&[&str]>) -> ReportScope {
        ReportScope {
            template: ReportTemplate::BackupJobs,
            framework_arns: None,
            accounts: None,
            organization_units: None,
            regions: regions.map(|r| r.iter().map(|s| (*s).to_owned()).collect()),
        }
    }

    #[test]
    fn job_reports_cover_the_listed_regions_or_every_region_with_state() {
        let ctx = RequestContext::new("111122223333", "us-east-1");
        let with_state: BTreeSet<(String, String)> = [
            ("111122223333", "eu-west-1"),
            ("111122223333", "us-east-1"),
            ("444455556666", "ap-south-1"),
        ]
        .iter()
        .map(|(a, r)| ((*a).to_owned(), (*r).to_owned()))
        .collect();
        let names = |set: BTreeSet<String>| set.into_iter().collect::<Vec<_>>();
        assert_eq!(
            names(regions(&with_state, &ctx, &scope(None))),
            ["us-east-1"]
        );
        assert_eq!(
            names(regions(&with_state, &ctx, &scope(Some(&[])))),
            ["us-east-1"]
        );
        assert_eq!(
            names(regions(&with_state, &ctx, &scope(Some(&["us-west-2"])))),
            ["us-west-2"]
        );
        assert_eq!(
            names(regions(&with_state, &ctx, &scope(Some(&["*"])))),
            ["eu-west-1", "us-east-1"]
        );
    }
}
