//! Framework controls evaluated against Backup's state, as AWS Backup Audit Manager's AWS Config
//! rules evaluate them against the account ("Controls and remediation").
//!
//! What each control looks at:
//!
//! - resources protected by a backup plan: the resources the emulator knows (those named by a
//!   selection, backed up, restored or copied in the region; see `scheduler/catalog.rs` for why
//!   it cannot know more) that an active plan's selections choose;
//! - cross-Region / cross-account copies: a rule of such a plan copies to a vault in another
//!   Region / account (one of `crossRegionList` / `crossAccountList` when given);
//! - Vault Lock: the resource has a recovery point in a locked vault whose retention limits meet
//!   `minRetentionDays` / `maxRetentionDays`;
//! - last recovery point: its newest recovery point is younger than the age given;
//! - restore time: its latest completed restore took at most `maxRestoreTime` minutes
//!   (resources never restored are not evaluated);
//! - logically air-gapped vault: a recent recovery point in such a vault;
//! - plan frequency and retention: some rule of the plan runs at least as often as required
//!   (the longest gap between its next scheduled runs) and keeps points long enough;
//! - manual deletion: the vault's access policy denies `backup:DeleteRecoveryPoint` to everyone;
//! - recovery points: encrypted, and kept at least `requiredRetentionDays`.

use std::collections::{BTreeMap, BTreeSet};

use aws_arn::Arn;
use emulator_core::dto::Timestamp;
use emulator_core::resources::KnownResource;
use emulator_core::RequestContext;
use serde_json::Value;

use crate::api::generated::{ControlScope, RestoreJobStatus, VaultType};
use crate::engine::plan_targets::choose;
use crate::model::controls::{
    Control, ControlKind, Subject, TimeUnit, BACKUP_PLAN_TYPE, BACKUP_VAULT_TYPE,
    RECOVERY_POINT_TYPE,
};
use crate::model::plan::{Plan, RuleSpec};
use crate::model::recovery_point::RecoveryPoint;
use crate::model::vault::Vault;
use crate::state::plans::active_plans;
use crate::state::RegionState;
use crate::support::{point_arns, resource_types};

/// One resource's evaluation by a control.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// `resourceId`: `{AWS Config type}/{id}`, as AWS's resource compliance reports show it.
    pub resource_id: String,
    /// `resourceType`: the AWS Config type.
    pub resource_type: String,
    /// Whether the resource complies.
    pub compliant: bool,
}

/// What a control looks at.
enum Target<'a> {
    Resource(&'a str),
    Plan(&'a Plan),
    Vault(&'a Vault),
    Point(&'a RecoveryPoint),
}

/// A candidate with what a scope selects on.
struct Candidate<'a> {
    target: Target<'a>,
    /// The id a scope's `ComplianceResourceIds` names it by.
    id: String,
    arn: String,
    /// Its AWS Backup resource type, when it is (or belongs to) a protected resource.
    backup_type: Option<String>,
    config_type: String,
}

/// Evaluates controls against one region's state at one instant.
pub struct Evaluator<'a> {
    region: &'a RegionState,
    ctx: &'a RequestContext,
    now: Timestamp,
    /// For each resource some active plan chooses, the plans choosing it.
    plans_of: BTreeMap<String, Vec<&'a Plan>>,
}

impl<'a> Evaluator<'a> {
    /// An evaluator of `region` (the caller's, whose registered resources are `registered`) at
    /// `now`.
    pub fn new(
        region: &'a RegionState,
        ctx: &'a RequestContext,
        now: Timestamp,
        registered: &[KnownResource],
    ) -> Self {
        let mut plans_of: BTreeMap<String, Vec<&Plan>> = BTreeMap::new();
        for plan in active_plans(region) {
            for target in choose(region, ctx, &plan.id, registered) {
                plans_of.entry(target.resource_arn).or_default().push(plan);
            }
        }
        Self {
            region,
            ctx,
            now,
            plans_of,
        }
    }

    /// The findings of `control` for every candidate in its scope.
    pub fn evaluate(&self, control: &Control) -> Vec<Finding> {
        let scope = control.scope();
        self.candidates(control.spec.subject)
            .into_iter()
            .filter(|candidate| in_scope(&scope, candidate, self.region))
            .filter_map(|candidate| {
                let compliant = self.complies(control, &candidate.target)?;
                Some(Finding {
                    resource_id: format!("{}/{}", candidate.config_type, candidate.id),
                    resource_type: candidate.config_type,
                    compliant,
                })
            })
            .collect()
    }

    fn candidates(&self, subject: Subject) -> Vec<Candidate<'a>> {
        let region = self.region;
        match subject {
            Subject::ProtectedResources => self
                .known_resources()
                .into_iter()
                .filter_map(|arn| {
                    let kind = resource_types::classify(arn)?;
                    Some(Candidate {
                        target: Target::Resource(arn),
                        id: kind.resource_name,
                        arn: arn.to_owned(),
                        backup_type: Some(kind.resource_type.to_owned()),
                        config_type: config_type(kind.resource_type),
                    })
                })
                .collect(),
            Subject::BackupPlans => active_plans(region)
                .map(|plan| Candidate {
                    target: Target::Plan(plan),
                    id: plan.id.clone(),
                    arn: plan.arn.clone(),
                    backup_type: None,
                    config_type: BACKUP_PLAN_TYPE.to_owned(),
                })
                .collect(),
            Subject::BackupVaults => region
                .vaults
                .values()
                .map(|vault| Candidate {
                    target: Target::Vault(vault),
                    id: vault.name.clone(),
                    arn: vault.arn.clone(),
                    backup_type: None,
                    config_type: BACKUP_VAULT_TYPE.to_owned(),
                })
                .collect(),
            Subject::RecoveryPoints => region
                .recovery_points
                .values()
                .map(|point| Candidate {
                    target: Target::Point(point),
                    id: point_arns::point_id(&point.arn).to_owned(),
                    arn: point.arn.to_string(),
                    backup_type: Some(point.resource_type.to_string()),
                    config_type: RECOVERY_POINT_TYPE.to_owned(),
                })
                .collect(),
        }
    }

    /// Every protected resource of the caller's account and region the state shows.
    fn known_resources(&self) -> BTreeSet<&'a str> {
        let region = self.region;
        let named = region
            .selections
            .values()
            .flat_map(|s| s.document.resources.iter().flatten())
            .filter(|arn| !arn.contains(['*', '?']))
            .map(String::as_str);
        let backed_up = region.backup_jobs.values().map(|j| j.resource_arn.as_str());
        let points = region
            .recovery_points
            .values()
            .map(|p| p.resource_arn.as_str());
        let restored = region
            .restore_jobs
            .values()
            .map(|j| j.source_resource_arn.as_str());
        let copied = region.copy_jobs.values().map(|j| j.resource_arn.as_str());
        named
            .chain(backed_up)
            .chain(points)
            .chain(restored)
            .chain(copied)
            .filter(|arn| self.is_local(arn))
            .collect()
    }

    /// ARNs without a region or account (S3 buckets) belong everywhere.
    fn is_local(&self, arn: &str) -> bool {
        Arn::parse(arn).is_ok_and(|parsed| {
            (parsed.region().is_empty() || parsed.region() == self.ctx.region)
                && (parsed.account_id().is_empty() || parsed.account_id() == self.ctx.account_id)
        })
    }

    /// Whether `target` complies with `control`; `None` when the control does not apply to it.
    fn complies(&self, control: &Control, target: &Target) -> Option<bool> {
        let now = self.now;
        match (control.spec.kind, target) {
            (ControlKind::ProtectedByBackupPlan, Target::Resource(arn)) => {
                Some(self.plans_of.contains_key(*arn))
            }
            (ControlKind::CrossRegionCopy, Target::Resource(arn)) => {
                let wanted = control.list("crossRegionList");
                Some(self.copies_to(arn, |dest| {
                    dest.region() != self.ctx.region
                        && (wanted.is_empty() || wanted.iter().any(|r| r == dest.region()))
                }))
            }
            (ControlKind::CrossAccountCopy, Target::Resource(arn)) => {
                let wanted = control.list("crossAccountList");
                Some(self.copies_to(arn, |dest| {
                    dest.account_id() != self.ctx.account_id
                        && (wanted.is_empty() || wanted.iter().any(|a| a == dest.account_id()))
                }))
            }
            (ControlKind::ProtectedByVaultLock, Target::Resource(arn)) => {
                let min = control.count("minRetentionDays");
                let max = control.count("maxRetentionDays");
                Some(self.points_of(arn).any(|point| {
                    self.region
                        .vaults
                        .get(point.vault_name.as_str())
                        .and_then(|vault| vault.lock.as_ref())
                        .is_some_and(|lock| {
                            min.is_none_or(|min| lock.min_retention_days.is_some_and(|m| m >= min))
                                && max.is_none_or(|max| {
                                    lock.max_retention_days.is_some_and(|m| m <= max)
                                })
                        })
                }))
            }
            (ControlKind::LastRecoveryPointCreated, Target::Resource(arn)) => {
                let since = self.since(control)?;
                Some(
                    self.points_of(arn)
                        .any(|point| point.creation_date >= since),
                )
            }
            (ControlKind::InLogicallyAirGappedVault, Target::Resource(arn)) => {
                let since = self.since(control)?;
                Some(self.points_of(arn).any(|point| {
                    point.creation_date >= since
                        && self
                            .region
                            .vaults
                            .get(point.vault_name.as_str())
                            .is_some_and(|vault| {
                                vault.vault_type == VaultType::LogicallyAirGappedBackupVault
                            })
                }))
            }
            (ControlKind::RestoreTimeMeetsTarget, Target::Resource(arn)) => {
                let limit_ms = control.count("maxRestoreTime")?.saturating_mul(60_000);
                let latest = self
                    .region
                    .restore_jobs
                    .values()
                    .filter(|job| {
                        job.source_resource_arn == *arn && job.status == RestoreJobStatus::Completed
                    })
                    .filter_map(|job| Some((job.creation_date, job.completion_date?)))
                    .max_by(|a, b| a.1.epoch_millis().cmp(&b.1.epoch_millis()))?;
                Some(latest.1.epoch_millis() - latest.0.epoch_millis() <= limit_ms)
            }
            (ControlKind::PlanFrequencyAndRetention, Target::Plan(plan)) => {
                let unit = control.unit("requiredFrequencyUnit")?;
                let every = unit.seconds(control.count("requiredFrequencyValue")?);
                let retention = control.count("requiredRetentionDays")?;
                Some(plan.current_rules().iter().any(|rule| {
                    longest_gap_seconds(&rule.spec, now).is_some_and(|gap| gap <= every)
                        && keeps_for(&rule.spec, retention)
                }))
            }
            (ControlKind::ManualDeletionDisabled, Target::Vault(vault)) => {
                Some(denies_manual_deletion(vault.access_policy.as_deref()))
            }
            (ControlKind::RecoveryPointEncrypted, Target::Point(point)) => {
                Some(point.encryption_key_arn.is_some())
            }
            (ControlKind::RecoveryPointMinimumRetention, Target::Point(point)) => {
                let required = control.count("requiredRetentionDays")?;
                Some(
                    point
                        .lifecycle
                        .as_ref()
                        .and_then(|l| l.delete_after_days)
                        .is_none_or(|days| days >= required),
                )
            }
            _ => None,
        }
    }

    /// The oldest creation date a recovery point may have for the age parameters.
    fn since(&self, control: &Control) -> Option<Timestamp> {
        let unit: TimeUnit = control.unit("recoveryPointAgeUnit")?;
        let age = unit.seconds(control.count("recoveryPointAgeValue")?);
        Some(self.now.plus_seconds(-age))
    }

    fn points_of(&self, resource_arn: &str) -> impl Iterator<Item = &'a RecoveryPoint> + '_ {
        let points = &self.region.recovery_points;
        points
            .of_resource(resource_arn)
            .into_iter()
            .flatten()
            .filter_map(|(_, arn)| points.get(arn))
    }

    /// Whether a plan choosing `resource_arn` has a rule copying to a vault `wanted` accepts.
    fn copies_to(&self, resource_arn: &str, wanted: impl Fn(&Arn) -> bool) -> bool {
        self.plans_of
            .get(resource_arn)
            .into_iter()
            .flatten()
            .flat_map(|plan| plan.current_rules())
            .flat_map(|rule| rule.spec.copy_actions.iter().flatten())
            .filter_map(|action| Arn::parse(&action.destination_backup_vault_arn).ok())
            .any(|destination| wanted(&destination))
    }
}

/// Whether a candidate is in the scope: among its ids, of one of its types, carrying its tag
/// (any value when the scope's value is empty). An empty scope holds everything.
fn in_scope(scope: &ControlScope, candidate: &Candidate, region: &RegionState) -> bool {
    let ids_ok = scope
        .compliance_resource_ids
        .as_ref()
        .filter(|ids| !ids.is_empty())
        .is_none_or(|ids| {
            ids.iter()
                .any(|id| *id == candidate.id || *id == candidate.arn)
        });
    let types_ok = scope
        .compliance_resource_types
        .as_ref()
        .filter(|types| !types.is_empty())
        .is_none_or(|types| {
            types.iter().any(|t| {
                *t == candidate.config_type || Some(t.as_str()) == candidate.backup_type.as_deref()
            })
        });
    let tags_ok = scope
        .tags
        .as_ref()
        .filter(|tags| !tags.is_empty())
        .is_none_or(|wanted| {
            let tags = region.tags.get(&candidate.arn);
            wanted.iter().all(|(key, value)| {
                tags.and_then(|t| t.get(key))
                    .is_some_and(|found| value.is_empty() || found == value.as_str())
            })
        });
    ids_ok && types_ok && tags_ok
}

/// The AWS Config resource type of an AWS Backup resource type.
fn config_type(backup_type: &str) -> String {
    match backup_type {
        "EBS" => "AWS::EC2::Volume",
        "EC2" => "AWS::EC2::Instance",
        "RDS" => "AWS::RDS::DBInstance",
        "Aurora" => "AWS::RDS::DBCluster",
        "DynamoDB" => "AWS::DynamoDB::Table",
        "EFS" => "AWS::EFS::FileSystem",
        "FSx" => "AWS::FSx::FileSystem",
        "S3" => "AWS::S3::Bucket",
        "Storage Gateway" => "AWS::StorageGateway::Volume",
        "VirtualMachine" => "AWS::BackupGateway::VirtualMachine",
        "CloudFormation" => "AWS::CloudFormation::Stack",
        "Redshift" => "AWS::Redshift::Cluster",
        "Redshift Serverless" => "AWS::RedshiftServerless::Namespace",
        "Timestream" => "AWS::Timestream::Database",
        other => return format!("AWS::{}", other.replace(' ', "")),
    }
    .to_owned()
}

/// The longest gap, in seconds, between a rule's next scheduled runs (eight gaps: enough to
/// see a weekday-only schedule's weekend). `None` when it never runs twice again.
fn longest_gap_seconds(rule: &RuleSpec, now: Timestamp) -> Option<i64> {
    let mut at = rule.schedule.next_after(now)?;
    let mut longest = None;
    for _ in 0..8 {
        let Some(next) = rule.schedule.next_after(at) else {
            break;
        };
        let gap = (next.epoch_millis() - at.epoch_millis()) / 1000;
        longest = Some(longest.map_or(gap, |l: i64| l.max(gap)));
        at = next;
    }
    longest
}

/// Whether a rule keeps its recovery points at least `days` (kept forever without
/// `DeleteAfterDays`).
fn keeps_for(rule: &RuleSpec, days: i64) -> bool {
    rule.lifecycle
        .as_ref()
        .and_then(|l| l.delete_after_days)
        .is_none_or(|kept| kept >= days)
}

/// Whether a vault access policy has a statement denying `backup:DeleteRecoveryPoint` to every
/// principal (exceptions, such as the `principalArnList` roles, go in its conditions).
fn denies_manual_deletion(policy: Option<&str>) -> bool {
    let Some(document) = policy.and_then(|p| serde_json::from_str::<Value>(p).ok()) else {
        return false;
    };
    let statements = match &document["Statement"] {
        Value::Array(list) => list.iter().collect(),
        statement @ Value::Object(_) => vec![statement],
        _ => Vec::new(),
    };
    statements.into_iter().any(|statement| {
        statement["Effect"] == "Deny"
            && strings(&statement["Action"])
                .iter()
                .any(|a| covers_delete(a))
            && (statement["Principal"] == "*"
                || strings(&statement["Principal"]["AWS"])
                    .iter()
                    .any(|p| p == "*"))
    })
}

fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::String(one) => vec![one.clone()],
        Value::Array(many) => many
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

/// IAM actions are case-insensitive and may end in a `*` wildcard.
fn covers_delete(action: &str) -> bool {
    let action = action.to_ascii_lowercase();
    let wanted = "backup:deleterecoverypoint";
    match action.strip_suffix('*') {
        Some(prefix) => wanted.starts_with(prefix),
        None => action == wanted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policies_deny_deletion_to_everyone_or_not() {
        let deny = |action: &str, principal: &str| {
            format!(
                r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Deny","Principal":{principal},"Action":{action},"Resource":"*"}}]}}"#
            )
        };
        assert!(denies_manual_deletion(Some(&deny(
            r#""backup:DeleteRecoveryPoint""#,
            r#"{"AWS":"*"}"#
        ))));
        assert!(denies_manual_deletion(Some(&deny(
            r#"["backup:*"]"#,
            r#""*""#
        ))));
        assert!(!denies_manual_deletion(Some(&deny(
            r#""backup:StartBackupJob""#,
            r#""*""#
        ))));
        assert!(!denies_manual_deletion(Some(&deny(
            r#""backup:DeleteRecoveryPoint""#,
            r#"{"AWS":"arn:aws:iam::111122223333:root"}"#
        ))));
        assert!(!denies_manual_deletion(None));
        assert!(!denies_manual_deletion(Some("not json")));
    }

    #[test]
    fn config_types_follow_backup_types() {
        assert_eq!(config_type("EBS"), "AWS::EC2::Volume");
        assert_eq!(config_type("DocumentDB"), "AWS::DocumentDB");
    }
}
