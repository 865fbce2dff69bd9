//! A report plan as stored: where its reports go, what they report, and its projection onto the
//! API's `ReportPlan` shape.

use emulator_core::dto::Timestamp;
use serde::{Deserialize, Serialize};

use crate::api::generated::{ReportDeliveryChannel, ReportSetting};
use crate::model::deployment::Deployment;

/// `ReportTemplate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReportTemplate {
    /// Backup jobs of the last 24 hours and those still active.
    BackupJobs,
    /// Copy jobs, likewise.
    CopyJobs,
    /// Restore jobs, likewise.
    RestoreJobs,
    /// Malware scan jobs, likewise.
    ScanJobs,
    /// Each framework control's compliance.
    ControlCompliance,
    /// Each resource's compliance with each framework control.
    ResourceCompliance,
}

impl ReportTemplate {
    /// Every template, with its wire value.
    pub const ALL: &[(Self, &'static str)] = &[
        (Self::BackupJobs, "BACKUP_JOB_REPORT"),
        (Self::CopyJobs, "COPY_JOB_REPORT"),
        (Self::RestoreJobs, "RESTORE_JOB_REPORT"),
        (Self::ScanJobs, "SCAN_JOB_REPORT"),
        (Self::ControlCompliance, "CONTROL_COMPLIANCE_REPORT"),
        (Self::ResourceCompliance, "RESOURCE_COMPLIANCE_REPORT"),
    ];

    /// The template named `name`.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .find(|(_, wire)| *wire == name)
            .map(|(template, _)| *template)
    }

    /// The wire value.
    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(template, _)| *template == self)
            .map_or("", |(_, wire)| wire)
    }

    /// Whether the report evaluates frameworks (and so needs `FrameworkArns`).
    pub fn is_compliance(self) -> bool {
        matches!(self, Self::ControlCompliance | Self::ResourceCompliance)
    }
}

/// A report file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReportFormat {
    /// Comma-separated values with a header row.
    Csv,
    /// `{"reportItems": [...]}`.
    Json,
}

impl ReportFormat {
    /// The wire value (`Formats`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Csv => "CSV",
            Self::Json => "JSON",
        }
    }

    /// The file extension of its reports.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Json => "json",
        }
    }
}

/// Where a plan's reports go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryChannel {
    /// `S3BucketName`.
    pub bucket: String,
    /// `S3KeyPrefix`, as given.
    pub key_prefix: Option<String>,
    /// `Formats`, without repeats; `CSV` when none were given, as AWS defaults.
    pub formats: Vec<ReportFormat>,
}

/// What a plan's reports cover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportScope {
    /// `ReportTemplate`.
    pub template: ReportTemplate,
    /// `FrameworkArns`, as given.
    pub framework_arns: Option<Vec<String>>,
    /// `Accounts`, as given.
    pub accounts: Option<Vec<String>>,
    /// `OrganizationUnits`, as given.
    pub organization_units: Option<Vec<String>>,
    /// `Regions`, as given (`*` is every Region).
    pub regions: Option<Vec<String>>,
}

/// A report plan as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportPlan {
    /// `ReportPlanName`, unique in its account and region.
    pub name: String,
    /// `arn:aws:backup:{region}:{account}:report-plan:{name}-{uuid}`.
    pub arn: String,
    /// `ReportPlanDescription`.
    pub description: Option<String>,
    /// `ReportDeliveryChannel`.
    pub delivery: DeliveryChannel,
    /// `ReportSetting`.
    pub scope: ReportScope,
    /// When CreateReportPlan ran.
    pub creation_time: Timestamp,
    /// The latest deployment (create or update).
    pub deployment: Deployment,
    /// The `IdempotencyToken` of the latest create or update.
    pub idempotency_token: Option<String>,
}

/// When a plan's reports last ran, from its report jobs.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Executions {
    /// `LastAttemptedExecutionTime`: when its latest report job started.
    pub last_attempted: Option<Timestamp>,
    /// `LastSuccessfulExecutionTime`: when its latest successful report job completed.
    pub last_successful: Option<Timestamp>,
}

impl DeliveryChannel {
    /// The channel as the API shows it.
    pub fn to_api(&self) -> ReportDeliveryChannel {
        ReportDeliveryChannel {
            formats: Some(self.formats.iter().map(|f| f.as_str().to_owned()).collect()),
            s3_bucket_name: self.bucket.clone(),
            s3_key_prefix: self.key_prefix.clone(),
        }
    }
}

impl ReportScope {
    /// The setting as the API shows it, with `NumberOfFrameworks` counted.
    pub fn to_api(&self) -> ReportSetting {
        let frameworks = self.framework_arns.as_ref().map_or(0, Vec::len);
        ReportSetting {
            accounts: self.accounts.clone(),
            framework_arns: self.framework_arns.clone(),
            number_of_frameworks: Some(i32::try_from(frameworks).unwrap_or(i32::MAX)),
            organization_units: self.organization_units.clone(),
            regions: self.regions.clone(),
            report_template: self.template.as_str().to_owned(),
        }
    }

    /// The frameworks the reports evaluate.
    pub fn frameworks(&self) -> &[String] {
        self.framework_arns.as_deref().unwrap_or_default()
    }
}

impl ReportPlan {
    /// The plan as `DescribeReportPlan` and `ListReportPlans` show it at `now`.
    pub fn to_api(
        &self,
        now: Timestamp,
        executions: Executions,
    ) -> crate::api::generated::ReportPlan {
        crate::api::generated::ReportPlan {
            creation_time: Some(self.creation_time),
            deployment_status: Some(self.deployment.status(now).as_str().to_owned()),
            last_attempted_execution_time: executions.last_attempted,
            last_successful_execution_time: executions.last_successful,
            report_delivery_channel: Some(self.delivery.to_api()),
            report_plan_arn: Some(self.arn.clone()),
            report_plan_description: self.description.clone(),
            report_plan_name: Some(self.name.clone()),
            report_setting: Some(self.scope.to_api()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_round_trip_their_wire_names() {
        for (template, wire) in ReportTemplate::ALL {
            assert_eq!(ReportTemplate::parse(wire), Some(*template));
            assert_eq!(template.as_str(), *wire);
        }
        assert_eq!(ReportTemplate::parse("backup_job_report"), None);
        assert!(ReportTemplate::ResourceCompliance.is_compliance());
        assert!(!ReportTemplate::BackupJobs.is_compliance());
    }
}
