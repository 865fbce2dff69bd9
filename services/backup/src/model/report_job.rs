//! A report job as stored, its clock-derived status, and its projections onto the API's
//! `ReportJob` shape and the admin endpoint's answer.

use emulator_core::dto::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::api::generated::ReportDestination;
use crate::model::report_plan::{ReportFormat, ReportTemplate};
use crate::support::engine_settings::EngineSettings;

/// `Status` of a report job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportJobStatus {
    /// Started, not yet running.
    Created,
    /// Compiling the report.
    Running,
    /// The report was delivered.
    Completed,
    /// The report could not be compiled.
    Failed,
}

impl ReportJobStatus {
    /// Every status `ByStatus` accepts, with its wire value. `COMPLETED_WITH_ISSUES` is one AWS
    /// documents; the emulator's jobs never end that way.
    pub const FILTERS: &[&'static str] = &[
        "CREATED",
        "RUNNING",
        "COMPLETED",
        "FAILED",
        "COMPLETED_WITH_ISSUES",
    ];

    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Created => "CREATED",
            Self::Running => "RUNNING",
            Self::Completed => "COMPLETED",
            Self::Failed => "FAILED",
        }
    }
}

/// A report file the job "wrote" to S3.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportFile {
    /// Its S3 key in the plan's bucket.
    pub key: String,
    /// Its format.
    pub format: ReportFormat,
    /// Its content.
    pub content: String,
}

/// How a report job ends, decided when it starts (see `audit.rs` on timing).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Outcome {
    /// The report was compiled: its items, and one file per format of the plan.
    Delivered {
        /// The report's items, as the JSON file lists them under `reportItems`.
        items: Vec<Value>,
        /// The files.
        files: Vec<ReportFile>,
    },
    /// The report could not be compiled, for this reason (`StatusMessage`).
    Failed(String),
}

/// A report job as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportJob {
    /// `ReportJobId`.
    pub id: String,
    /// The name of the plan it ran.
    pub plan_name: String,
    /// `ReportPlanArn`.
    pub plan_arn: String,
    /// `ReportTemplate` of the plan when it ran.
    pub template: ReportTemplate,
    /// The plan's bucket when it ran.
    pub bucket: String,
    /// When StartReportJob ran.
    pub creation_time: Timestamp,
    /// The token StartReportJob was called with.
    pub idempotency_token: Option<String>,
    /// How it ends.
    pub outcome: Outcome,
}

impl ReportJob {
    /// When the job ends: after the engine's completion delay.
    pub fn completion_time(&self, settings: &EngineSettings) -> Timestamp {
        settings.finish_at(self.creation_time)
    }

    /// `Status` at `now`: `CREATED` for the first half of the delay, `RUNNING` for the second,
    /// then how it ended.
    pub fn status(&self, now: Timestamp, settings: &EngineSettings) -> ReportJobStatus {
        if now >= self.completion_time(settings) {
            match self.outcome {
                Outcome::Delivered { .. } => ReportJobStatus::Completed,
                Outcome::Failed(_) => ReportJobStatus::Failed,
            }
        } else if now >= settings.start_at(self.creation_time) {
            ReportJobStatus::Running
        } else {
            ReportJobStatus::Created
        }
    }

    /// Whether it had ended successfully by `now`.
    pub fn succeeded_by(&self, now: Timestamp, settings: &EngineSettings) -> bool {
        self.status(now, settings) == ReportJobStatus::Completed
    }

    /// The files written, once the job has completed.
    fn files_at(&self, now: Timestamp, settings: &EngineSettings) -> &[ReportFile] {
        match &self.outcome {
            Outcome::Delivered { files, .. } if self.succeeded_by(now, settings) => files,
            _ => &[],
        }
    }

    /// The job as `DescribeReportJob` and `ListReportJobs` show it at `now`. The destination
    /// appears once the report has been written.
    pub fn to_api(
        &self,
        now: Timestamp,
        settings: &EngineSettings,
    ) -> crate::api::generated::ReportJob {
        let status = self.status(now, settings);
        let ended = matches!(status, ReportJobStatus::Completed | ReportJobStatus::Failed);
        let destination = (status == ReportJobStatus::Completed).then(|| ReportDestination {
            s3_bucket_name: Some(self.bucket.clone()),
            s3_keys: Some(
                self.files_at(now, settings)
                    .iter()
                    .map(|file| file.key.clone())
                    .collect(),
            ),
        });
        crate::api::generated::ReportJob {
            completion_time: ended.then(|| self.completion_time(settings)),
            creation_time: Some(self.creation_time),
            report_destination: destination,
            report_job_id: Some(self.id.clone()),
            report_plan_arn: Some(self.plan_arn.clone()),
            report_template: Some(self.template.as_str().to_owned()),
            status: Some(status.as_str().to_owned()),
            status_message: match (&self.outcome, status) {
                (Outcome::Failed(message), ReportJobStatus::Failed) => Some(message.clone()),
                _ => None,
            },
        }
    }

    /// The admin endpoint's answer at `now`: the job, and the files with their content once
    /// written.
    pub fn delivered(&self, now: Timestamp, settings: &EngineSettings) -> Value {
        let files: Vec<Value> = self
            .files_at(now, settings)
            .iter()
            .map(|file| {
                json!({
                    "S3Key": file.key,
                    "Format": file.format.as_str(),
                    "Content": file.content,
                })
            })
            .collect();
        let items = match &self.outcome {
            Outcome::Delivered { items, .. } if !files.is_empty() => items.clone(),
            _ => Vec::new(),
        };
        let api = self.to_api(now, settings);
        json!({
            "ReportJobId": self.id,
            "ReportPlanArn": self.plan_arn,
            "ReportTemplate": self.template.as_str(),
            "Status": api.status,
            "StatusMessage": api.status_message,
            "S3BucketName": self.bucket,
            "Files": files,
            "ReportItems": items,
        })
    }
}

crate::support::newest_first::listed_job!(ReportJob => creation_time);

#[cfg(test)]
mod tests {
    use super::*;

    fn job(outcome: Outcome) -> ReportJob {
        ReportJob {
            id: "job".into(),
            plan_name: "plan".into(),
            plan_arn: "arn:aws:backup:us-east-1:111122223333:report-plan:plan-1".into(),
            template: ReportTemplate::BackupJobs,
            bucket: "bucket".into(),
            creation_time: Timestamp::from_epoch_seconds(100.0),
            idempotency_token: None,
            outcome,
        }
    }

    #[test]
    fn status_and_destination_follow_the_clock() {
        let settings = EngineSettings {
            job_completion_delay_seconds: 10.0,
        };
        let delivered = job(Outcome::Delivered {
            items: vec![json!({"a": 1})],
            files: vec![ReportFile {
                key: "Backup/k.csv".into(),
                format: ReportFormat::Csv,
                content: "a\n1\n".into(),
            }],
        });
        let at = |s: f64| Timestamp::from_epoch_seconds(s);
        assert_eq!(
            delivered.status(at(100.0), &settings),
            ReportJobStatus::Created
        );
        assert_eq!(
            delivered.status(at(105.0), &settings),
            ReportJobStatus::Running
        );
        assert_eq!(
            delivered.status(at(110.0), &settings),
            ReportJobStatus::Completed
        );
        let running = delivered.to_api(at(105.0), &settings);
        assert_eq!(running.report_destination, None);
        assert_eq!(running.completion_time, None);
        assert_eq!(
            delivered.delivered(at(105.0), &settings)["Files"],
            json!([])
        );
        let done = delivered.to_api(at(110.0), &settings);
        assert_eq!(done.completion_time, Some(at(110.0)));
        assert_eq!(
            done.report_destination.unwrap().s3_keys,
            Some(vec!["Backup/k.csv".to_owned()])
        );
        let admin = delivered.delivered(at(110.0), &settings);
        assert_eq!(admin["Files"][0]["Content"], "a\n1\n");
        assert_eq!(admin["ReportItems"], json!([{"a": 1}]));

        let failed = job(Outcome::Failed("gone".into()));
        let shown = failed.to_api(at(110.0), &settings);
        assert_eq!(shown.status.as_deref(), Some("FAILED"));
        assert_eq!(shown.status_message.as_deref(), Some("gone"));
        assert_eq!(shown.report_destination, None);
        assert!(failed.to_api(at(105.0), &settings).status_message.is_none());
    }
}
