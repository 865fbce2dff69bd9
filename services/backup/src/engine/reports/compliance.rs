//! Compliance reports (`CONTROL_COMPLIANCE_REPORT`, `RESOURCE_COMPLIANCE_REPORT`): the plan's
//! frameworks' controls evaluated against the region's state (`evaluation.rs`), with the fields
//! of AWS's sample reports ("Choosing your report template").

use emulator_core::dto::Timestamp;
use emulator_core::resources::KnownResource;
use emulator_core::RequestContext;
use serde_json::{json, Map, Value};

use crate::model::controls::{Control, ParameterValue, TimeUnit};
use crate::model::framework::Framework;
use crate::model::report_plan::{ReportPlan, ReportTemplate};
use crate::state::frameworks;
use crate::state::RegionState;

use super::evaluation::{Evaluator, Finding};
use super::table::{Row, Table};

const CONTROL_COLUMNS: &[&str] = &[
    "accountId",
    "region",
    "frameworkName",
    "frameworkDescription",
    "controlName",
    "controlComplianceStatus",
    "lastEvaluationTime",
    "numResourcesCompliant",
    "numResourcesNonCompliant",
    "controlScope",
    "controlParameters",
];

const RESOURCE_COLUMNS: &[&str] = &[
    "accountId",
    "region",
    "frameworkName",
    "frameworkDescription",
    "controlName",
    "resourceId",
    "resourceType",
    "resourceComplianceStatus",
    "lastEvaluationTime",
];

/// The compliance report of `plan` at `now`, or why it cannot be compiled: a framework the plan
/// names no longer exists.
pub fn table(
    region: &RegionState,
    ctx: &RequestContext,
    plan: &ReportPlan,
    now: Timestamp,
    registered: &[KnownResource],
) -> Result<Table, String> {
    let mut chosen = Vec::new();
    for arn in plan.scope.frameworks() {
        let framework = frameworks::find_by_arn(region, arn).ok_or_else(|| {
            format!(
                "Framework {arn} of report plan {} does not exist; update the report plan's \
                 FrameworkArns.",
                plan.name
            )
        })?;
        chosen.push(framework);
    }
    let evaluator = Evaluator::new(region, ctx, now, registered);
    let by_control = plan.scope.template == ReportTemplate::ControlCompliance;
    let mut table = Table::new(if by_control {
        CONTROL_COLUMNS
    } else {
        RESOURCE_COLUMNS
    });
    for framework in chosen {
        for control in &framework.controls {
            let findings = evaluator.evaluate(control);
            let base = base_row(ctx, framework, control, now);
            if by_control {
                table.push(control_row(base, control, &findings));
            } else {
                for finding in findings {
                    table.push(resource_row(base.clone(), finding));
                }
            }
        }
    }
    Ok(table)
}

fn base_row(ctx: &RequestContext, framework: &Framework, control: &Control, now: Timestamp) -> Row {
    Row::from([
        ("accountId", json!(ctx.account_id)),
        ("region", json!(ctx.region)),
        ("frameworkName", json!(framework.name)),
        (
            "frameworkDescription",
            json!(framework.description.clone().unwrap_or_default()),
        ),
        ("controlName", json!(control.spec.name)),
        ("lastEvaluationTime", json!(now.to_string())),
    ])
}

/// `COMPLIANT` when every resource in scope complies, `NON_COMPLIANT` when one does not, and
/// `INSUFFICIENT_DATA` (AWS Config's word) when nothing is in scope.
fn control_row(mut row: Row, control: &Control, findings: &[Finding]) -> Row {
    let compliant = findings.iter().filter(|f| f.compliant).count();
    let non_compliant = findings.len() - compliant;
    let status = match (compliant, non_compliant) {
        (0, 0) => "INSUFFICIENT_DATA",
        (_, 0) => "COMPLIANT",
        _ => "NON_COMPLIANT",
    };
    let parameters: Map<String, Value> = control
        .parameters
        .iter()
        .map(|(name, value)| ((*name).to_owned(), json!(parameter_text(value))))
        .collect();
    row.extend([
        ("controlComplianceStatus", json!(status)),
        ("numResourcesCompliant", json!(compliant)),
        ("numResourcesNonCompliant", json!(non_compliant)),
        (
            "controlScope",
            json!(serde_json::to_string(&control.scope()).unwrap_or_default()),
        ),
        (
            "controlParameters",
            json!(Value::Object(parameters).to_string()),
        ),
    ]);
    row
}

fn resource_row(mut row: Row, finding: Finding) -> Row {
    row.extend([
        ("resourceId", json!(finding.resource_id)),
        ("resourceType", json!(finding.resource_type)),
        (
            "resourceComplianceStatus",
            json!(if finding.compliant {
                "COMPLIANT"
            } else {
                "NON_COMPLIANT"
            }),
        ),
    ]);
    row
}

fn parameter_text(value: &ParameterValue) -> String {
    match value {
        ParameterValue::Count(n) => n.to_string(),
        ParameterValue::Unit(TimeUnit::Hours) => "hours".to_owned(),
        ParameterValue::Unit(TimeUnit::Days) => "days".to_owned(),
        ParameterValue::List(items) => items.join(","),
    }
}
