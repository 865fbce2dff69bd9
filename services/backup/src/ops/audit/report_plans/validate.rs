//! Checks of a report plan's `ReportDeliveryChannel` and `ReportSetting` (API reference,
//! `ReportDeliveryChannel`, `ReportSetting`).

use emulator_core::{RequestContext, ServiceError};

use crate::api::generated::{ReportDeliveryChannel, ReportSetting};
use crate::model::controls::{is_account_id, is_region_name};
use crate::state::frameworks;
use crate::state::RegionState;
use crate::support::errors::{invalid_parameter, missing_parameter};

use crate::model::report_plan::{DeliveryChannel, ReportFormat, ReportScope, ReportTemplate};

/// The channel: an S3 bucket name as S3 allows them, and formats among `CSV` and `JSON`
/// (default `CSV`).
pub fn delivery_channel(channel: ReportDeliveryChannel) -> Result<DeliveryChannel, ServiceError> {
    if !is_bucket_name(&channel.s3_bucket_name) {
        return Err(invalid_parameter(format!(
            "Invalid S3BucketName: {}. Bucket names are 3 to 63 lowercase letters, digits, dots \
             and hyphens, beginning and ending with a letter or digit.",
            channel.s3_bucket_name
        )));
    }
    let mut formats = Vec::new();
    for name in channel.formats.iter().flatten() {
        let format = match name.as_str() {
            "CSV" => ReportFormat::Csv,
            "JSON" => ReportFormat::Json,
            other => {
                return Err(invalid_parameter(format!(
                    "Invalid report format: {other}. Valid formats are CSV and JSON."
                )))
            }
        };
        if !formats.contains(&format) {
            formats.push(format);
        }
    }
    if formats.is_empty() {
        formats.push(ReportFormat::Csv);
    }
    Ok(DeliveryChannel {
        bucket: channel.s3_bucket_name,
        key_prefix: channel.s3_key_prefix,
        formats,
    })
}

/// The setting, before its frameworks are checked against the region ([`frameworks_exist`]):
/// a known template, Regions (or `*`), accounts (12 digits or `ROOT`) and organizational units
/// (`ou-…`, or the root `r-…`) of the right shape. `NumberOfFrameworks` is an output and is
/// ignored.
pub fn scope(setting: ReportSetting) -> Result<ReportScope, ServiceError> {
    let template = ReportTemplate::parse(&setting.report_template).ok_or_else(|| {
        invalid_parameter(format!(
            "Invalid ReportTemplate: {}. Valid templates are: {}.",
            setting.report_template,
            ReportTemplate::ALL
                .iter()
                .map(|(_, wire)| *wire)
                .collect::<Vec<_>>()
                .join(", ")
        ))
    })?;
    check_all("Regions", setting.regions.as_ref(), |r| {
        r == "*" || is_region_name(r)
    })?;
    check_all("Accounts", setting.accounts.as_ref(), |a| {
        is_account_id(a) || a.eq_ignore_ascii_case("ROOT")
    })?;
    check_all(
        "OrganizationUnits",
        setting.organization_units.as_ref(),
        |ou| ou.starts_with("ou-") || ou.starts_with("r-"),
    )?;
    Ok(ReportScope {
        template,
        framework_arns: setting.framework_arns,
        accounts: setting.accounts,
        organization_units: setting.organization_units,
        regions: setting.regions,
    })
}

fn check_all(
    member: &str,
    values: Option<&Vec<String>>,
    valid: impl Fn(&str) -> bool,
) -> Result<(), ServiceError> {
    match values.into_iter().flatten().find(|v| !valid(v)) {
        Some(bad) => Err(invalid_parameter(format!(
            "Invalid value in {member}: {bad}"
        ))),
        None => Ok(()),
    }
}

/// A compliance report evaluates frameworks: it needs at least one, and each must be a framework
/// of the caller's account and region.
pub fn frameworks_exist(
    region: &RegionState,
    ctx: &RequestContext,
    scope: &ReportScope,
) -> Result<(), ServiceError> {
    if !scope.template.is_compliance() {
        return Ok(());
    }
    if scope.frameworks().is_empty() {
        return Err(missing_parameter(format!(
            "ReportSetting.FrameworkArns is required for the {} template.",
            scope.template.as_str()
        )));
    }
    match scope
        .frameworks()
        .iter()
        .find(|arn| frameworks::find_by_arn(region, arn).is_none())
    {
        Some(arn) => Err(invalid_parameter(format!(
            "Framework {arn} does not exist in account {} and Region {}.",
            ctx.account_id, ctx.region
        ))),
        None => Ok(()),
    }
}

/// S3's bucket naming rules (general purpose buckets).
fn is_bucket_name(name: &str) -> bool {
    let edge_ok = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    (3..=63).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
        && edge_ok(name.chars().next())
        && edge_ok(name.chars().last())
        && !name.contains("..")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn channel(bucket: &str, formats: Option<Vec<&str>>) -> ReportDeliveryChannel {
        ReportDeliveryChannel {
            s3_bucket_name: bucket.to_owned(),
            formats: formats.map(|f| f.into_iter().map(str::to_owned).collect()),
            s3_key_prefix: None,
        }
    }

    #[test]
    fn channels_default_to_csv_and_refuse_bad_buckets_and_formats() {
        let ok = delivery_channel(channel("audit-reports", None)).unwrap();
        assert_eq!(ok.formats, [ReportFormat::Csv]);
        let both = delivery_channel(channel("a.b-c", Some(vec!["JSON", "CSV", "JSON"]))).unwrap();
        assert_eq!(both.formats, [ReportFormat::Json, ReportFormat::Csv]);
        for bad in ["AB", "Upper", "-lead", "trail-", "a..b", &"x".repeat(64)] {
            assert!(delivery_channel(channel(bad, None)).is_err(), "{bad}");
        }
        assert!(delivery_channel(channel("bucket", Some(vec!["XML"]))).is_err());
    }

    #[test]
    fn settings_need_a_known_template_and_well_formed_scopes() {
        let setting = |template: &str| ReportSetting {
            report_template: template.to_owned(),
            ..Default::default()
        };
        assert!(scope(setting("BACKUP_JOB_REPORT")).is_ok());
        assert!(scope(setting("BACKUP_REPORT")).is_err());
        let mut regions = setting("COPY_JOB_REPORT");
        regions.regions = Some(vec!["*".into(), "eu-west-1".into()]);
        assert!(scope(regions.clone()).is_ok());
        regions.regions = Some(vec!["Europe".into()]);
        assert!(scope(regions).is_err());
        let mut accounts = setting("COPY_JOB_REPORT");
        accounts.accounts = Some(vec!["ROOT".into(), "123456789012".into()]);
        assert!(scope(accounts.clone()).is_ok());
        accounts.accounts = Some(vec!["me".into()]);
        assert!(scope(accounts).is_err());
    }
}
