//! Backup's read-only view for the gateway's dashboard (`/_floci/ui/`): a table per kind of
//! resource in each account and region, and the timeline of its jobs with what the clock will
//! do next (scheduled plan runs, job steps, lifecycle moves). Built only when the dashboard
//! asks; it reads the state through the store without recording a change, so viewing never
//! makes the storage layer write.

use emulator_core::dashboard::view::{
    Cell, Column, Row, ScopeView, ServiceView, Span, Table, Timeline, Upcoming, ViewFilter,
};
use emulator_core::dto::Timestamp;

use emulator_core::state::lock;

use crate::api::generated::{RecoveryPointCreator, RecoveryPointStatus, StorageClass};
use crate::engine::backend::Backend;
use crate::engine::dispatch::pending_events;
use crate::engine::events::{EventKind, HoldEvent, PointEvent, VaultChange};
use crate::model::plan::Rule;
use crate::model::vault_lock::LockMode;
use crate::state::plans::active_plans;
use crate::state::points::protects;
use crate::state::RegionState;
use crate::support::engine_settings::EngineSettings;

const VAULTS: &str = "backup-vaults";
const PLANS: &str = "backup-plans";
const RULES: &str = "plan-rules";
const SELECTIONS: &str = "backup-selections";
const BACKUP_JOBS: &str = "backup-jobs";
const COPY_JOBS: &str = "copy-jobs";
const RESTORE_JOBS: &str = "restore-jobs";
const SCAN_JOBS: &str = "scan-jobs";
const POINTS: &str = "recovery-points";
const HOLDS: &str = "legal-holds";
const FRAMEWORKS: &str = "frameworks";
const REPORT_PLANS: &str = "report-plans";
const REPORT_JOBS: &str = "report-jobs";
const RESTORE_TESTING: &str = "restore-testing-plans";

/// How many runs of each plan rule the timeline shows ahead.
const RUNS_AHEAD: usize = 3;

/// The dashboard's view of every account and region (the hook in `lib.rs`, which first applies
/// what is already due, as before any read).
pub(crate) fn view(svc: &Backend, filter: &ViewFilter) -> ServiceView {
    let now = svc.clock.now();
    let scopes = svc
        .store
        .regions()
        .into_iter()
        .map(|((account_id, region), state)| {
            if !filter.admits(&account_id, &region) {
                return ScopeView::listed(&account_id, &region);
            }
            let state = lock(&state);
            let seen = Seen {
                region: &state,
                now,
                settings: &svc.engine_settings,
            };
            ScopeView {
                tables: seen.tables(),
                timeline: seen.timeline(),
                account_id,
                region,
            }
        })
        .collect();
    ServiceView { scopes }
}

/// One region's state as the dashboard sees it at `now`.
struct Seen<'a> {
    region: &'a RegionState,
    now: Timestamp,
    settings: &'a EngineSettings,
}

/// The last part of an ARN (`…:recovery-point:ID` → `ID`), for short labels.
fn short(arn: &str) -> &str {
    arn.rsplit([':', '/']).next().unwrap_or(arn)
}

/// The plan a scheduled job or recovery point came from, as a link.
fn plan_link(row: Row, created_by: Option<&RecoveryPointCreator>) -> Row {
    match created_by.and_then(|c| c.backup_plan_id.as_deref()) {
        Some(plan_id) => {
            let name = created_by.and_then(|c| c.backup_plan_name.as_deref());
            row.link(PLANS, plan_id, format!("plan {}", name.unwrap_or(plan_id)))
        }
        None => row,
    }
}

/// Sorted newest first by `date`.
fn newest_first<'a, T>(
    items: impl Iterator<Item = &'a T>,
    date: impl Fn(&T) -> Timestamp,
) -> Vec<&'a T> {
    let mut items: Vec<&T> = items.collect();
    items.sort_by_key(|item| std::cmp::Reverse(date(item).epoch_millis()));
    items
}

impl Seen<'_> {
    fn tables(&self) -> Vec<Table> {
        vec![
            self.vaults(),
            self.plans(),
            self.rules(),
            self.selections(),
            self.backup_jobs(),
            self.copy_jobs(),
            self.restore_jobs(),
            self.scan_jobs(),
            self.recovery_points(),
            self.legal_holds(),
            self.frameworks(),
            self.report_plans(),
            self.report_jobs(),
            self.restore_testing_plans(),
        ]
    }

    fn vaults(&self) -> Table {
        let vaults = &self.region.vaults;
        let rows = vaults.values().map(|vault| {
            let lock = vault.lock.as_ref().map(|lock| match lock.mode {
                LockMode::Governance => "governance".to_owned(),
                LockMode::Compliance { lock_date } if lock_date <= self.now => {
                    "compliance (locked)".to_owned()
                }
                LockMode::Compliance { .. } => "compliance".to_owned(),
            });
            Row::new(
                &vault.name,
                vec![
                    Cell::from(vault.name.as_str()),
                    Cell::from(vault.vault_type.as_str()),
                    Cell::from(vault.state.as_str()),
                    Cell::from(lock.unwrap_or_else(|| "none".to_owned())),
                    Cell::from(self.region.recovery_point_count(&vault.name)),
                    Cell::from(vault.creation_date),
                ],
            )
            .cli([
                "backup",
                "describe-backup-vault",
                "--backup-vault-name",
                &vault.name,
            ])
        });
        Table::new(
            VAULTS,
            "Backup vaults",
            vec![
                Column::text("Name"),
                Column::text("Type"),
                Column::state("State"),
                Column::text("Lock"),
                Column::number("Recovery points"),
                Column::time("Created"),
            ],
            vaults.len(),
            rows,
        )
    }

    /// The next run of a plan's rules, from now.
    fn next_run(&self, rules: &[Rule]) -> Option<Timestamp> {
        rules
            .iter()
            .filter_map(|rule| rule.spec.schedule.next_after(self.now))
            .min_by_key(|at| at.epoch_millis())
    }

    fn plans(&self) -> Table {
        let plans = &self.region.plans;
        let rows = plans.values().map(|plan| {
            let current = plan.current();
            let rules = plan.current_rules();
            let next = (!plan.is_deleted()).then(|| self.next_run(rules)).flatten();
            let summary = rules
                .iter()
                .map(|rule| format!("{} ({})", rule.spec.name, rule.spec.schedule.expression))
                .collect::<Vec<_>>()
                .join(", ");
            Row::new(
                &plan.id,
                vec![
                    Cell::from(current.document.name.as_str()),
                    Cell::from(if plan.is_deleted() {
                        "DELETED"
                    } else {
                        "ACTIVE"
                    }),
                    Cell::from(summary),
                    Cell::from(next),
                    Cell::from(current.last_execution_date),
                    Cell::from(plan.version_count()),
                    Cell::from(current.creation_date),
                ],
            )
            .cli(["backup", "get-backup-plan", "--backup-plan-id", &plan.id])
        });
        Table::new(
            PLANS,
            "Backup plans",
            vec![
                Column::text("Name"),
                Column::state("State"),
                Column::text("Rules"),
                Column::time("Next run"),
                Column::time("Last run"),
                Column::number("Versions"),
                Column::time("Created"),
            ],
            plans.len(),
            rows,
        )
    }

    fn rules(&self) -> Table {
        let active: Vec<_> = active_plans(self.region).collect();
        let total = active.iter().map(|plan| plan.current_rules().len()).sum();
        let rows = active.into_iter().flat_map(|plan| {
            let plan_name = plan.current().document.name.as_str();
            plan.current_rules().iter().map(move |rule| {
                let spec = &rule.spec;
                let lifecycle = spec.lifecycle.as_ref().map(|l| {
                    let cold = l
                        .move_to_cold_storage_after_days
                        .map(|d| format!("cold after {d} d"));
                    let delete = l.delete_after_days.map(|d| format!("delete after {d} d"));
                    [cold, delete]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(", ")
                });
                Row::new(
                    format!("{}/{}", plan.id, rule.id),
                    vec![
                        Cell::from(spec.name.as_str()),
                        Cell::from(plan_name),
                        Cell::from(format!(
                            "{} {}",
                            spec.schedule.expression, spec.schedule.timezone
                        )),
                        Cell::from(spec.target_vault_name.as_str()),
                        Cell::from(lifecycle.filter(|l| !l.is_empty())),
                        Cell::from(spec.schedule.next_after(self.now)),
                    ],
                )
                .link(PLANS, &plan.id, format!("plan {plan_name}"))
                .link(
                    VAULTS,
                    &spec.target_vault_name,
                    format!("vault {}", spec.target_vault_name),
                )
                .cli(["backup", "get-backup-plan", "--backup-plan-id", &plan.id])
            })
        });
        Table::new(
            RULES,
            "Plan rules",
            vec![
                Column::text("Rule"),
                Column::text("Plan"),
                Column::text("Schedule"),
                Column::text("Target vault"),
                Column::text("Lifecycle"),
                Column::time("Next run"),
            ],
            total,
            rows,
        )
    }

    fn selections(&self) -> Table {
        let selections = &self.region.selections;
        let rows = selections.values().map(|selection| {
            let document = &selection.document;
            let resources = document.resources.as_deref().unwrap_or_default().join(", ");
            let tags = document.list_of_tags.as_ref().map_or(0, Vec::len);
            Row::new(
                &selection.id,
                vec![
                    Cell::from(document.selection_name.as_str()),
                    Cell::from(resources),
                    Cell::from(tags),
                    Cell::from(document.iam_role_arn.as_str()),
                    Cell::from(selection.creation_date),
                ],
            )
            .link(PLANS, &selection.plan_id, {
                let plan = self.region.plans.get(&selection.plan_id);
                let name = plan.map_or(selection.plan_id.as_str(), |p| {
                    p.current().document.name.as_str()
                });
                format!("plan {name}")
            })
            .cli([
                "backup",
                "get-backup-selection",
                "--backup-plan-id",
                &selection.plan_id,
                "--selection-id",
                &selection.id,
            ])
        });
        Table::new(
            SELECTIONS,
            "Backup selections",
            vec![
                Column::text("Name"),
                Column::text("Resources"),
                Column::number("Tag conditions"),
                Column::text("Role"),
                Column::time("Created"),
            ],
            selections.len(),
            rows,
        )
    }

    fn backup_jobs(&self) -> Table {
        let jobs = &self.region.backup_jobs;
        let rows = newest_first(jobs.values(), |job| job.creation_date)
            .into_iter()
            .map(|job| {
                let id = job.id.to_string();
                let row = Row::new(
                    &id,
                    vec![
                        Cell::from(id.as_str()),
                        Cell::from(job.state.as_str()),
                        Cell::from(job.resource_arn.as_str()),
                        Cell::from(job.vault_name.as_str()),
                        Cell::from(job.creation_date),
                        Cell::from(job.completion_date),
                        Cell::from(job.rare.status_message.as_deref()),
                    ],
                )
                .link(VAULTS, &job.vault_name, format!("vault {}", job.vault_name));
                let row = if self
                    .region
                    .recovery_points
                    .contains_key(&job.recovery_point_arn)
                {
                    row.link(
                        POINTS,
                        &job.recovery_point_arn,
                        format!("recovery point {}", short(&job.recovery_point_arn)),
                    )
                } else {
                    row
                };
                plan_link(row, job.created_by.as_deref()).cli([
                    "backup",
                    "describe-backup-job",
                    "--backup-job-id",
                    &id,
                ])
            });
        Table::new(
            BACKUP_JOBS,
            "Backup jobs",
            vec![
                Column::text("Job id"),
                Column::state("State"),
                Column::text("Resource"),
                Column::text("Vault"),
                Column::time("Created"),
                Column::time("Completed"),
                Column::text("Message"),
            ],
            jobs.len(),
            rows,
        )
    }

    fn copy_jobs(&self) -> Table {
        let jobs = &self.region.copy_jobs;
        let rows = newest_first(jobs.values(), |job| job.creation_date)
            .into_iter()
            .map(|job| {
                Row::new(
                    &job.id,
                    vec![
                        Cell::from(job.id.as_str()),
                        Cell::from(job.state.as_str()),
                        Cell::from(short(&job.source_recovery_point_arn)),
                        Cell::from(job.destination_vault_arn.as_str()),
                        Cell::from(job.creation_date),
                        Cell::from(job.completion_date),
                        Cell::from(job.status_message.as_deref()),
                    ],
                )
                .link(
                    POINTS,
                    &job.source_recovery_point_arn,
                    format!("source {}", short(&job.source_recovery_point_arn)),
                )
                .cli(["backup", "describe-copy-job", "--copy-job-id", &job.id])
            });
        Table::new(
            COPY_JOBS,
            "Copy jobs",
            vec![
                Column::text("Job id"),
                Column::state("State"),
                Column::text("Source point"),
                Column::text("Destination vault"),
                Column::time("Created"),
                Column::time("Completed"),
                Column::text("Message"),
            ],
            jobs.len(),
            rows,
        )
    }

    fn restore_jobs(&self) -> Table {
        let jobs = &self.region.restore_jobs;
        let rows = newest_first(jobs.values(), |job| job.creation_date)
            .into_iter()
            .map(|job| {
                Row::new(
                    &job.id,
                    vec![
                        Cell::from(job.id.as_str()),
                        Cell::from(job.status.as_str()),
                        Cell::from(short(&job.recovery_point_arn)),
                        Cell::from(job.created_resource_arn.as_deref()),
                        Cell::from(job.creation_date),
                        Cell::from(job.completion_date),
                        Cell::from(job.status_message.as_deref()),
                    ],
                )
                .link(
                    POINTS,
                    &job.recovery_point_arn,
                    format!("recovery point {}", short(&job.recovery_point_arn)),
                )
                .cli([
                    "backup",
                    "describe-restore-job",
                    "--restore-job-id",
                    &job.id,
                ])
            });
        Table::new(
            RESTORE_JOBS,
            "Restore jobs",
            vec![
                Column::text("Job id"),
                Column::state("Status"),
                Column::text("Recovery point"),
                Column::text("Created resource"),
                Column::time("Created"),
                Column::time("Completed"),
                Column::text("Message"),
            ],
            jobs.len(),
            rows,
        )
    }

    fn scan_jobs(&self) -> Table {
        let all: Vec<_> = self.region.scan_jobs.values().collect();
        let total = all.len();
        let rows = newest_first(all.into_iter(), |job| job.creation_date)
            .into_iter()
            .map(|job| {
                Row::new(
                    &job.id,
                    vec![
                        Cell::from(job.id.as_str()),
                        Cell::from(job.state.as_str()),
                        Cell::from(short(&job.recovery_point_arn)),
                        Cell::from(job.vault_name.as_str()),
                        Cell::from(job.creation_date),
                        Cell::from(job.completion_date),
                    ],
                )
                .link(
                    POINTS,
                    &job.recovery_point_arn,
                    format!("recovery point {}", short(&job.recovery_point_arn)),
                )
                .cli(["backup", "describe-scan-job", "--scan-job-id", &job.id])
            });
        Table::new(
            SCAN_JOBS,
            "Scan jobs",
            vec![
                Column::text("Job id"),
                Column::state("State"),
                Column::text("Recovery point"),
                Column::text("Vault"),
                Column::time("Created"),
                Column::time("Completed"),
            ],
            total,
            rows,
        )
    }

    fn recovery_points(&self) -> Table {
        let points = &self.region.recovery_points;
        let total = points.values().count();
        let rows = newest_first(points.values(), |point| point.creation_date)
            .into_iter()
            .map(|point| {
                // The lifecycle stage: WARM, then COLD, while the point is plainly COMPLETED;
                // its status otherwise (EXPIRED under a legal hold, PARTIAL, DELETING...).
                let stage = match (point.status, point.storage_class) {
                    (RecoveryPointStatus::Completed, StorageClass::Cold) => "COLD",
                    (RecoveryPointStatus::Completed, _) => "WARM",
                    (status, _) => status.as_str(),
                };
                let calculated = point.calculated_lifecycle();
                let held = protects(self.region, &point.arn);
                let row = Row::new(
                    &point.arn,
                    vec![
                        Cell::from(short(&point.arn)),
                        Cell::from(stage),
                        Cell::from(point.vault_name.as_str()),
                        Cell::from(point.resource_arn.as_str()),
                        Cell::from(point.creation_date),
                        Cell::from(calculated.as_ref().and_then(|c| c.move_to_cold_storage_at)),
                        Cell::from(calculated.as_ref().and_then(|c| c.delete_at)),
                        Cell::from(held),
                    ],
                )
                .link(
                    VAULTS,
                    &point.vault_name,
                    format!("vault {}", point.vault_name),
                )
                .link(BACKUP_JOBS, point.backup_job_id.to_string(), "backup job");
                plan_link(row, point.created_by.as_deref()).cli([
                    "backup",
                    "describe-recovery-point",
                    "--backup-vault-name",
                    &point.vault_name,
                    "--recovery-point-arn",
                    &point.arn,
                ])
            });
        Table::new(
            POINTS,
            "Recovery points",
            vec![
                Column::text("Id"),
                Column::state("Lifecycle stage"),
                Column::text("Vault"),
                Column::text("Resource"),
                Column::time("Created"),
                Column::time("Cold at"),
                Column::time("Delete at"),
                Column::text("Legal hold"),
            ],
            total,
            rows,
        )
    }

    fn legal_holds(&self) -> Table {
        let holds = &self.region.legal_holds;
        let rows = newest_first(holds.values(), |hold| hold.creation_date)
            .into_iter()
            .map(|hold| {
                let row = Row::new(
                    &hold.id,
                    vec![
                        Cell::from(hold.title.as_str()),
                        Cell::from(hold.status.as_str()),
                        Cell::from(hold.points.len()),
                        Cell::from(hold.creation_date),
                        Cell::from(hold.cancellation.as_ref().map(|c| c.date)),
                    ],
                );
                hold.points
                    .iter()
                    .take(5)
                    .fold(row, |row, arn| {
                        row.link(POINTS, arn, format!("holds {}", short(arn)))
                    })
                    .cli(["backup", "get-legal-hold", "--legal-hold-id", &hold.id])
            });
        Table::new(
            HOLDS,
            "Legal holds",
            vec![
                Column::text("Title"),
                Column::state("Status"),
                Column::number("Recovery points"),
                Column::time("Created"),
                Column::time("Cancelled"),
            ],
            holds.len(),
            rows,
        )
    }

    fn frameworks(&self) -> Table {
        let frameworks = &self.region.frameworks;
        let rows = frameworks.values().map(|framework| {
            Row::new(
                &framework.name,
                vec![
                    Cell::from(framework.name.as_str()),
                    Cell::from(framework.deployment.status(self.now).as_str()),
                    Cell::from(framework.controls.len()),
                    Cell::from(framework.creation_time),
                ],
            )
            .cli([
                "backup",
                "describe-framework",
                "--framework-name",
                &framework.name,
            ])
        });
        Table::new(
            FRAMEWORKS,
            "Audit frameworks",
            vec![
                Column::text("Name"),
                Column::state("Deployment"),
                Column::number("Controls"),
                Column::time("Created"),
            ],
            frameworks.len(),
            rows,
        )
    }

    fn report_plans(&self) -> Table {
        let plans = &self.region.report_plans;
        let rows = plans.values().map(|plan| {
            Row::new(
                &plan.name,
                vec![
                    Cell::from(plan.name.as_str()),
                    Cell::from(plan.deployment.status(self.now).as_str()),
                    Cell::from(format!("{:?}", plan.scope.template)),
                    Cell::from(plan.delivery.bucket.as_str()),
                    Cell::from(plan.creation_time),
                ],
            )
            .cli([
                "backup",
                "describe-report-plan",
                "--report-plan-name",
                &plan.name,
            ])
        });
        Table::new(
            REPORT_PLANS,
            "Report plans",
            vec![
                Column::text("Name"),
                Column::state("Deployment"),
                Column::text("Template"),
                Column::text("Bucket"),
                Column::time("Created"),
            ],
            plans.len(),
            rows,
        )
    }

    fn report_jobs(&self) -> Table {
        let jobs = &self.region.report_jobs;
        let rows = newest_first(jobs.values(), |job| job.creation_time)
            .into_iter()
            .map(|job| {
                let status = job.status(self.now, self.settings);
                let completed = matches!(status.as_str(), "COMPLETED" | "FAILED")
                    .then(|| job.completion_time(self.settings));
                Row::new(
                    &job.id,
                    vec![
                        Cell::from(job.id.as_str()),
                        Cell::from(status.as_str()),
                        Cell::from(job.plan_name.as_str()),
                        Cell::from(job.creation_time),
                        Cell::from(completed),
                    ],
                )
                .link(
                    REPORT_PLANS,
                    &job.plan_name,
                    format!("plan {}", job.plan_name),
                )
                .cli(["backup", "describe-report-job", "--report-job-id", &job.id])
            });
        Table::new(
            REPORT_JOBS,
            "Report jobs",
            vec![
                Column::text("Job id"),
                Column::state("Status"),
                Column::text("Report plan"),
                Column::time("Created"),
                Column::time("Completed"),
            ],
            jobs.len(),
            rows,
        )
    }

    fn restore_testing_plans(&self) -> Table {
        let plans = &self.region.restore_testing_plans;
        let rows = plans.values().map(|plan| {
            Row::new(
                &plan.name,
                vec![
                    Cell::from(plan.name.as_str()),
                    Cell::from(plan.schedule.expression.as_str()),
                    Cell::from(plan.selections.len()),
                    Cell::from(plan.schedule.next_after(self.now)),
                    Cell::from(plan.last_execution_time),
                    Cell::from(plan.creation_time),
                ],
            )
            .cli([
                "backup",
                "get-restore-testing-plan",
                "--restore-testing-plan-name",
                &plan.name,
            ])
        });
        Table::new(
            RESTORE_TESTING,
            "Restore testing plans",
            vec![
                Column::text("Name"),
                Column::text("Schedule"),
                Column::number("Selections"),
                Column::time("Next run"),
                Column::time("Last run"),
                Column::time("Created"),
            ],
            plans.len(),
            rows,
        )
    }

    fn timeline(&self) -> Timeline {
        let mut timeline = Timeline::default();
        let region = self.region;
        for job in region.backup_jobs.values() {
            let started = (job.state.as_str() != "CREATED" && job.state.as_str() != "EXPIRED")
                .then(|| self.settings.start_at(job.creation_date))
                .map(|at| {
                    job.completion_date
                        .map_or(at, |done| if done < at { done } else { at })
                });
            timeline.spans.push(Span {
                kind: BACKUP_JOBS,
                id: job.id.to_string(),
                label: format!("Backup job {}", short_id(&job.id.to_string())),
                state: job.state.as_str().to_owned(),
                created: job.creation_date,
                started,
                completed: job.completion_date,
            });
        }
        for job in region.copy_jobs.values() {
            timeline.spans.push(Span {
                kind: COPY_JOBS,
                id: job.id.clone(),
                label: format!("Copy job {}", short_id(&job.id)),
                state: job.state.as_str().to_owned(),
                created: job.creation_date,
                started: None,
                completed: job.completion_date,
            });
        }
        for job in region.restore_jobs.values() {
            timeline.spans.push(Span {
                kind: RESTORE_JOBS,
                id: job.id.clone(),
                label: format!("Restore job {}", short_id(&job.id)),
                state: job.status.as_str().to_owned(),
                created: job.creation_date,
                started: None,
                completed: job.completion_date,
            });
        }
        for job in region.scan_jobs.values() {
            timeline.spans.push(Span {
                kind: SCAN_JOBS,
                id: job.id.clone(),
                label: format!("Scan job {}", short_id(&job.id)),
                state: job.state.as_str().to_owned(),
                created: job.creation_date,
                started: None,
                completed: job.completion_date,
            });
        }
        for job in region.report_jobs.values() {
            let status = job.status(self.now, self.settings).as_str();
            timeline.spans.push(Span {
                kind: REPORT_JOBS,
                id: job.id.clone(),
                label: format!("Report job {}", short_id(&job.id)),
                state: status.to_owned(),
                created: job.creation_time,
                started: (status != "CREATED").then(|| self.settings.start_at(job.creation_time)),
                completed: matches!(status, "COMPLETED" | "FAILED")
                    .then(|| job.completion_time(self.settings)),
            });
        }
        for plan in active_plans(region) {
            let plan_name = &plan.current().document.name;
            for rule in plan.current_rules() {
                let mut after = self.now;
                for _ in 0..RUNS_AHEAD {
                    let Some(at) = rule.spec.schedule.next_after(after) else {
                        break;
                    };
                    timeline.upcoming.push(Upcoming {
                        at,
                        kind: PLANS,
                        id: plan.id.clone(),
                        label: format!("Plan {plan_name} runs rule {}", rule.spec.name),
                    });
                    after = at;
                }
            }
        }
        for plan in region.restore_testing_plans.values() {
            if let Some(at) = plan.schedule.next_after(self.now) {
                timeline.upcoming.push(Upcoming {
                    at,
                    kind: RESTORE_TESTING,
                    id: plan.name.clone(),
                    label: format!("Restore testing plan {} runs", plan.name),
                });
            }
        }
        for (at, event) in pending_events(region, self.settings) {
            if let Some((kind, id, label)) = describe(region, &event) {
                timeline.upcoming.push(Upcoming {
                    at,
                    kind,
                    id,
                    label,
                });
            }
        }
        // A job not yet running has only its start queued; its end follows from its creation,
        // and is what a user moving the clock wants to see coming.
        for job in region.backup_jobs.values() {
            if job.state.as_str() == "CREATED" {
                timeline.upcoming.push(Upcoming {
                    at: self.settings.finish_at(job.creation_date),
                    kind: BACKUP_JOBS,
                    id: job.id.to_string(),
                    label: format!("Backup job {} completes", short_id(&job.id.to_string())),
                });
            }
        }
        timeline.finish()
    }
}

/// What a queued engine event will do, as the timeline says it.
fn describe(region: &RegionState, event: &EventKind) -> Option<(&'static str, String, String)> {
    let point = |arn: &String, what: &str| {
        (
            POINTS,
            arn.clone(),
            format!("Recovery point {} {what}", short(arn)),
        )
    };
    let job = |kind: &'static str, noun: &str, id: &String, what: &str| {
        (kind, id.clone(), format!("{noun} {} {what}", short_id(id)))
    };
    Some(match event {
        EventKind::JobRuns(id) => job(BACKUP_JOBS, "Backup job", &id.to_string(), "starts running"),
        EventKind::JobCompletes(id) => job(BACKUP_JOBS, "Backup job", &id.to_string(), "completes"),
        EventKind::JobAborted(id) => job(BACKUP_JOBS, "Backup job", &id.to_string(), "is aborted"),
        EventKind::RestoreRuns(id) => job(RESTORE_JOBS, "Restore job", id, "starts running"),
        EventKind::RestoreCompletes(id) => job(RESTORE_JOBS, "Restore job", id, "completes"),
        EventKind::CopyRuns(id) => job(COPY_JOBS, "Copy job", id, "starts running"),
        EventKind::CopyCompletes(id) => job(COPY_JOBS, "Copy job", id, "sends its copy"),
        EventKind::CopyArrives(delivery) => job(
            COPY_JOBS,
            "Copy job",
            &delivery.job_id,
            "arrives in its vault",
        ),
        EventKind::CopySettled(outcome) => job(COPY_JOBS, "Copy job", &outcome.job_id, "ends"),
        EventKind::RecoveryPointToCold(arn) => point(arn, "moves to cold storage"),
        EventKind::RecoveryPointExpires(arn) => point(arn, "is deleted by its lifecycle"),
        EventKind::RecoveryPointDeleted(arn) => point(arn, "finishes deleting"),
        EventKind::Point(PointEvent::ScanRuns(id)) => {
            job(SCAN_JOBS, "Scan job", id, "starts running")
        }
        EventKind::Point(PointEvent::ScanCompletes(id)) => {
            job(SCAN_JOBS, "Scan job", id, "completes")
        }
        EventKind::Point(_) => return None,
        EventKind::LegalHold(HoldEvent::Settles(id)) => {
            let title = region
                .legal_holds
                .get(id)
                .map_or(id.as_str(), |h| h.title.as_str());
            (HOLDS, id.clone(), format!("Legal hold {title} settles"))
        }
        EventKind::LegalHold(HoldEvent::RecordExpires(id)) => (
            HOLDS,
            id.clone(),
            format!("Legal hold record {} expires", short_id(id)),
        ),
        EventKind::Vault(VaultChange::SetUp(name)) => (
            VAULTS,
            name.clone(),
            format!("Vault {name} becomes available"),
        ),
        EventKind::Vault(_) => return None,
    })
}

/// The first block of a UUID, for labels.
fn short_id(id: &str) -> &str {
    id.split('-').next().unwrap_or(id)
}

#[cfg(test)]
mod tests {
    use emulator_core::dashboard::view::{Cell, Table};
    use serde_json::json;

    use super::*;
    use crate::test_support::{call, service, text, ACCOUNT, REGION};
    use crate::BackupService;

    /// The view as the dashboard gets it: after what is already due has happened.
    fn settled_view(svc: &BackupService, filter: &ViewFilter) -> ServiceView {
        svc.settle_due();
        view(svc, filter)
    }

    fn table<'a>(view: &'a ServiceView, kind: &str) -> &'a Table {
        let scope = view
            .scopes
            .iter()
            .find(|s| s.account_id == ACCOUNT && s.region == REGION)
            .expect("the caller's scope");
        scope
            .tables
            .iter()
            .find(|t| t.kind == kind)
            .expect("the table")
    }

    fn cell<'a>(table: &'a Table, id: &str, column: &str) -> &'a Cell {
        let index = table
            .columns
            .iter()
            .position(|c| c.name == column)
            .expect("the column");
        &table
            .rows
            .iter()
            .find(|r| r.id == id)
            .expect("the row")
            .cells[index]
    }

    #[tokio::test]
    async fn plans_show_their_rules_and_next_run_until_deleted() {
        let svc = service();
        call(&svc, "CreateBackupVault", json!({"BackupVaultName": "v"})).await;
        let plan = call(
            &svc,
            "CreateBackupPlan",
            json!({"BackupPlan": {"BackupPlanName": "p", "Rules": [{
                "RuleName": "daily", "TargetBackupVaultName": "v",
                "ScheduleExpression": "cron(0 5 ? * * *)"}]}}),
        )
        .await;
        let plan_id = text(&plan, "BackupPlanId");
        let view = settled_view(&svc, &ViewFilter::default());
        let plans = table(&view, PLANS);
        assert_eq!(*cell(plans, plan_id, "State"), Cell::from("ACTIVE"));
        assert!(matches!(cell(plans, plan_id, "Next run"), Cell::Time(_)));
        let rules = table(&view, RULES);
        assert_eq!(rules.total, 1);
        assert_eq!(rules.rows[0].links[1].id, "v");
        let timeline = &view.scopes[0].timeline;
        assert_eq!(
            timeline.upcoming.len(),
            RUNS_AHEAD,
            "{:?}",
            timeline.upcoming
        );
        assert!(timeline.upcoming.windows(2).all(|w| w[0].at <= w[1].at));

        call(&svc, "DeleteBackupPlan", json!({"BackupPlanId": plan_id})).await;
        let view = settled_view(&svc, &ViewFilter::default());
        let plans = table(&view, PLANS);
        assert_eq!(*cell(plans, plan_id, "State"), Cell::from("DELETED"));
        assert_eq!(*cell(plans, plan_id, "Next run"), Cell::Empty);
        assert!(view.scopes[0].timeline.upcoming.is_empty());
    }

    #[tokio::test]
    async fn a_point_being_deleted_shows_deleting_and_when_it_goes() {
        let svc = service();
        call(&svc, "CreateBackupVault", json!({"BackupVaultName": "v"})).await;
        let job = call(
            &svc,
            "StartBackupJob",
            json!({"BackupVaultName": "v", "IamRoleArn": "arn:aws:iam::111122223333:role/b",
                "ResourceArn": "arn:aws:ec2:us-east-1:111122223333:volume/vol-1"}),
        )
        .await;
        svc.clock.advance(4.0);
        let point = crate::test_support::written_point(&svc, &job).await;
        call(
            &svc,
            "DeleteRecoveryPoint",
            json!({"BackupVaultName": "v", "RecoveryPointArn": point}),
        )
        .await;
        let view = settled_view(&svc, &ViewFilter::default());
        let points = table(&view, POINTS);
        assert_eq!(
            *cell(points, &point, "Lifecycle stage"),
            Cell::from("DELETING")
        );
        let upcoming = &view.scopes[0].timeline.upcoming;
        assert!(
            upcoming
                .iter()
                .any(|u| u.id == point && u.label.ends_with("finishes deleting")),
            "{upcoming:?}"
        );
        svc.clock.advance(4.0);
        let view = settled_view(&svc, &ViewFilter::default());
        assert_eq!(table(&view, POINTS).total, 0);
    }

    #[tokio::test]
    async fn a_scope_the_filter_leaves_out_is_listed_without_its_tables() {
        let svc = service();
        call(&svc, "CreateBackupVault", json!({"BackupVaultName": "v"})).await;
        let filter = ViewFilter {
            account_id: Some("444455556666".to_owned()),
            region: None,
        };
        let view = settled_view(&svc, &filter);
        assert_eq!(view.scopes.len(), 1);
        assert_eq!(view.scopes[0].account_id, ACCOUNT);
        assert!(view.scopes[0].tables.is_empty());
    }
}
