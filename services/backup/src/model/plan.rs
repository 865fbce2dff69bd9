//! Backup plans as stored: a plan keeps every version it has had, each version holds a validated
//! document, and each rule carries its parsed schedule so the scheduler never re-validates.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use aws_cron::{CronExpr, TimeZone};
use emulator_core::dto::Timestamp;

use crate::api::generated::{
    AdvancedBackupSetting, CopyAction, IndexAction, Lifecycle, LocalBackupConfiguration,
    RuleExecutionType, ScanAction, ScanSetting,
};

use crate::support::version_id::VersionId;

/// A backup plan with every version it has had.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// The plan id.
    pub id: String,
    /// `arn:aws:backup:{region}:{account}:backup-plan:{id}`.
    pub arn: String,
    /// The `CreatorRequestId` the plan was created with, if any.
    pub creator_request_id: Option<String>,
    /// Set by DeleteBackupPlan: the plan is soft-deleted, hidden from reads without a
    /// `VersionId` and from listings without `IncludeDeleted`.
    pub deletion_date: Option<Timestamp>,
    /// The version in effect (or in effect when the plan was deleted).
    current: PlanVersion,
    /// Superseded versions, oldest first. Kept so `VersionId` reads keep working, as in AWS.
    previous: Vec<PlanVersion>,
}

impl Plan {
    /// A live plan with one empty version, for tests that only need a plan to exist.
    #[cfg(test)]
    pub fn sample(id: &str, arn: &str) -> Self {
        Self::new(
            id.to_owned(),
            arn.to_owned(),
            None,
            PlanVersion {
                version_id: VersionId::generate(),
                creation_date: Timestamp::default(),
                superseded_at: None,
                last_execution_date: None,
                document: PlanDocument {
                    name: id.to_owned(),
                    rules: Vec::new(),
                    advanced_backup_settings: None,
                    scan_settings: None,
                },
            },
        )
    }

    /// A new plan whose first version is `first`.
    pub fn new(
        id: String,
        arn: String,
        creator_request_id: Option<String>,
        first: PlanVersion,
    ) -> Self {
        Self {
            id,
            arn,
            creator_request_id,
            deletion_date: None,
            current: first,
            previous: Vec::new(),
        }
    }

    /// Whether DeleteBackupPlan has run on this plan.
    pub fn is_deleted(&self) -> bool {
        self.deletion_date.is_some()
    }

    /// The version in effect.
    pub fn current(&self) -> &PlanVersion {
        &self.current
    }

    /// The rules of the version in effect: what the scheduler runs.
    pub fn current_rules(&self) -> &[Rule] {
        &self.current.document.rules
    }

    /// Every version, oldest first.
    pub fn versions(&self) -> impl DoubleEndedIterator<Item = &PlanVersion> {
        self.previous.iter().chain(std::iter::once(&self.current))
    }

    /// How many versions the plan has had.
    pub fn version_count(&self) -> usize {
        self.previous.len() + 1
    }

    /// The version with this id, current or superseded.
    pub fn version(&self, version_id: &str) -> Option<&PlanVersion> {
        self.versions().find(|v| v.version_id == *version_id)
    }

    /// When `version` stopped being in effect: superseded by an update, or the plan deleted.
    pub fn version_deletion_date(&self, version: &PlanVersion) -> Option<Timestamp> {
        version.superseded_at.or_else(|| {
            (version.version_id == self.current.version_id)
                .then_some(self.deletion_date)
                .flatten()
        })
    }

    /// Makes `next` the version in effect; the old one is kept, marked superseded at
    /// `next.creation_date`.
    pub fn push_version(&mut self, next: PlanVersion) {
        let mut old = std::mem::replace(&mut self.current, next);
        old.superseded_at = Some(self.current.creation_date);
        self.previous.push(old);
    }

    /// Records that the scheduler ran the version in effect at `at` (`LastExecutionDate`).
    #[allow(dead_code)] // Called by the plan scheduler (issue 4) when a rule fires.
    pub fn record_execution(&mut self, at: Timestamp) {
        self.current.last_execution_date = Some(at);
    }
}

/// One version of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanVersion {
    /// The version id.
    pub version_id: VersionId,
    /// When this version was created (CreateBackupPlan or UpdateBackupPlan).
    pub creation_date: Timestamp,
    /// When an update replaced this version.
    pub superseded_at: Option<Timestamp>,
    /// When the scheduler last ran this version.
    pub last_execution_date: Option<Timestamp>,
    /// The plan document.
    pub document: PlanDocument,
}

/// A validated plan document whose rules have ids.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanDocument {
    /// `BackupPlanName`.
    pub name: String,
    /// The rules, in the order given.
    pub rules: Vec<Rule>,
    /// `AdvancedBackupSettings`, as given.
    pub advanced_backup_settings: Option<Vec<AdvancedBackupSetting>>,
    /// `ScanSettings`, as given.
    pub scan_settings: Option<Vec<ScanSetting>>,
}

impl PlanDocument {
    /// Whether this document says the same as `spec` (rule ids aside): AWS refuses a second
    /// active plan with the same document.
    pub fn same_content(&self, spec: &PlanSpec) -> bool {
        self.name == spec.name
            && self.advanced_backup_settings == spec.advanced_backup_settings
            && self.scan_settings == spec.scan_settings
            && self.rules.len() == spec.rules.len()
            && self
                .rules
                .iter()
                .zip(&spec.rules)
                .all(|(r, s)| r.spec == *s)
    }
}

/// A validated plan document before its rules get ids.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanSpec {
    /// `BackupPlanName`.
    pub name: String,
    /// The validated rules, defaults filled in.
    pub rules: Vec<RuleSpec>,
    /// `AdvancedBackupSettings`, as given.
    pub advanced_backup_settings: Option<Vec<AdvancedBackupSetting>>,
    /// `ScanSettings`, as given.
    pub scan_settings: Option<Vec<ScanSetting>>,
}

impl PlanSpec {
    /// The document, with each rule's id chosen by `rule_id`.
    pub fn into_document(self, mut rule_id: impl FnMut(&RuleSpec) -> String) -> PlanDocument {
        PlanDocument {
            name: self.name,
            rules: self
                .rules
                .into_iter()
                .map(|spec| Rule {
                    id: rule_id(&spec),
                    spec,
                })
                .collect(),
            advanced_backup_settings: self.advanced_backup_settings,
            scan_settings: self.scan_settings,
        }
    }
}

/// A rule of a stored plan version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    /// `RuleId`.
    pub id: String,
    /// Everything else.
    pub spec: RuleSpec,
}

/// A validated backup rule with AWS's defaults filled in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleSpec {
    /// `RuleName`, unique within its plan.
    pub name: String,
    /// `TargetBackupVaultName`.
    pub target_vault_name: String,
    /// `ScheduleExpression` in `ScheduleExpressionTimezone`.
    pub schedule: RuleSchedule,
    /// `StartWindowMinutes` (default 480).
    pub start_window_minutes: i64,
    /// `CompletionWindowMinutes` (default 10080).
    pub completion_window_minutes: i64,
    /// `Lifecycle`, as given.
    pub lifecycle: Option<Lifecycle>,
    /// `RecoveryPointTags`, as given.
    pub recovery_point_tags: Option<BTreeMap<String, String>>,
    /// `CopyActions`, each with a backup-vault destination ARN.
    pub copy_actions: Option<Vec<CopyAction>>,
    /// `EnableContinuousBackup`, as given.
    pub enable_continuous_backup: Option<bool>,
    /// `IndexActions`, as given.
    pub index_actions: Option<Vec<IndexAction>>,
    /// `ScanActions`, as given.
    pub scan_actions: Option<Vec<ScanAction>>,
    /// `TargetLogicallyAirGappedBackupVaultArn`, as given.
    pub target_logically_air_gapped_backup_vault_arn: Option<String>,
    /// `LocalBackupConfiguration`, as given (validated by `plan_rules.rs`). Absent from plans
    /// stored before the member existed.
    #[serde(default)]
    pub local_backup_configuration: Option<LocalBackupConfiguration>,
}

impl RuleSpec {
    /// What the rule produces when it runs.
    pub fn execution_type(&self) -> RuleExecutionType {
        if self.enable_continuous_backup == Some(true) {
            RuleExecutionType::ContinuousAndSnapshots
        } else {
            RuleExecutionType::Snapshots
        }
    }
}

/// A rule's schedule: the expression and zone as the user wrote them, and their parsed forms.
/// Stored as the text alone; the parsed forms are rebuilt when it is read back.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(into = "ScheduleText", try_from = "ScheduleText")]
pub struct RuleSchedule {
    /// `ScheduleExpression`, e.g. `cron(0 5 ? * * *)`.
    pub expression: String,
    /// `ScheduleExpressionTimezone`, e.g. `Etc/UTC`.
    pub timezone: String,
    cron: CronExpr,
    zone: TimeZone,
}

impl RuleSchedule {
    /// A schedule from its validated parts.
    pub fn new(expression: String, timezone: String, cron: CronExpr, zone: TimeZone) -> Self {
        Self {
            expression,
            timezone,
            cron,
            zone,
        }
    }

    /// The first run strictly after `after`, if the expression ever fires again.
    pub fn next_after(&self, after: Timestamp) -> Option<Timestamp> {
        let after = aws_cron::Timestamp::from_millisecond(after.epoch_millis()).ok()?;
        let next = self.cron.next_after(after, &self.zone)?;
        Some(Timestamp::from_epoch_millis(next.as_millisecond()))
    }
}

/// A [`RuleSchedule`] as stored.
#[derive(Serialize, Deserialize)]
struct ScheduleText {
    expression: String,
    timezone: String,
}

impl From<RuleSchedule> for ScheduleText {
    fn from(schedule: RuleSchedule) -> Self {
        Self {
            expression: schedule.expression,
            timezone: schedule.timezone,
        }
    }
}

impl TryFrom<ScheduleText> for RuleSchedule {
    type Error = String;

    /// The text was validated when the schedule was created; only a damaged file fails here.
    fn try_from(text: ScheduleText) -> Result<Self, String> {
        let cron = aws_cron::Schedule::parse_cron(&text.expression)
            .map_err(|e| format!("schedule {:?}: {e}", text.expression))?;
        let zone = aws_cron::parse_timezone(&text.timezone)
            .map_err(|e| format!("time zone {:?}: {e}", text.timezone))?;
        Ok(Self::new(text.expression, text.timezone, cron, zone))
    }
}

/// The parsed forms follow from the text, so equality is equality of the text.
impl PartialEq for RuleSchedule {
    fn eq(&self, other: &Self) -> bool {
        self.expression == other.expression && self.timezone == other.timezone
    }
}
