//! Where a report is written: `s3://{bucket}/{prefix}/Backup/{account}/{region}/{YYYY}/{MM}/{DD}/
//! {report plan name}/{file}`, the layout AWS Backup Audit Manager delivers to (the prefix part
//! only when the plan has an `S3KeyPrefix`; the date is the day the report was delivered, in
//! UTC). AWS does not document its file names; the emulator names each file after its report
//! job, `{ReportJobId}.csv` or `.json`, so every job's files are distinct.

use emulator_core::dto::Timestamp;
use emulator_core::RequestContext;

use crate::model::report_plan::{ReportFormat, ReportPlan};

/// The S3 key of job `job_id`'s report in `format`, delivered at `delivered`.
pub fn s3_key(
    ctx: &RequestContext,
    plan: &ReportPlan,
    job_id: &str,
    delivered: Timestamp,
    format: ReportFormat,
) -> String {
    let date = delivered.to_offset_date_time();
    let path = format!(
        "Backup/{}/{}/{:04}/{:02}/{:02}/{}/{job_id}.{}",
        ctx.account_id,
        ctx.region,
        date.year(),
        u8::from(date.month()),
        date.day(),
        plan.name,
        format.extension()
    );
    match plan
        .delivery
        .key_prefix
        .as_deref()
        .map(|prefix| prefix.trim_matches('/'))
        .filter(|prefix| !prefix.is_empty())
    {
        Some(prefix) => format!("{prefix}/{path}"),
        None => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::deployment::{Deployment, DeploymentKind};
    use crate::model::report_plan::{DeliveryChannel, ReportScope, ReportTemplate};
    use crate::support::engine_settings::EngineSettings;

    fn plan(prefix: Option<&str>) -> ReportPlan {
        ReportPlan {
            name: "nightly".into(),
            arn: "arn:aws:backup:eu-west-1:123456789012:report-plan:nightly-1".into(),
            description: None,
            delivery: DeliveryChannel {
                bucket: "reports".into(),
                key_prefix: prefix.map(str::to_owned),
                formats: vec![ReportFormat::Csv],
            },
            scope: ReportScope {
                template: ReportTemplate::BackupJobs,
                framework_arns: None,
                accounts: None,
                organization_units: None,
                regions: None,
            },
            creation_time: Timestamp::default(),
            deployment: Deployment::begin(
                DeploymentKind::Create,
                Timestamp::default(),
                &EngineSettings::default(),
            ),
            idempotency_token: None,
        }
    }

    #[test]
    fn keys_follow_the_backup_account_region_date_layout() {
        let ctx = RequestContext::new("123456789012", "eu-west-1");
        // 2024-03-05T23:59:59Z
        let at = Timestamp::from_epoch_seconds(1_709_683_199.0);
        assert_eq!(
            s3_key(&ctx, &plan(None), "job-1", at, ReportFormat::Csv),
            "Backup/123456789012/eu-west-1/2024/03/05/nightly/job-1.csv"
        );
        assert_eq!(
            s3_key(
                &ctx,
                &plan(Some("/audit/daily/")),
                "job-1",
                at,
                ReportFormat::Json
            ),
            "audit/daily/Backup/123456789012/eu-west-1/2024/03/05/nightly/job-1.json"
        );
        assert!(s3_key(&ctx, &plan(Some("")), "j", at, ReportFormat::Csv).starts_with("Backup/"));
    }
}
