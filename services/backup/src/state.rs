//! Backup's state, partitioned by account and region as AWS partitions it.
//!
//! Each (account, region) has its own [`RegionState`] behind its own mutex; a handler takes the
//! lock, checks everything, then mutates, and returns: no lock is ever held across an `.await`
//! (handlers are synchronous functions), and a failed call changes nothing because every check
//! runs before the first write. Account-wide settings live in [`AccountState`].

pub mod frameworks;
pub mod plans;
pub mod point_annotations;
pub mod point_pages;
pub mod points;
pub mod report_plans;
pub mod restore_testing;
pub mod scan_results;
pub mod tags;
pub mod vaults;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use aws_tagging::TagStore;
use emulator_core::dto::Interner;
use emulator_core::state::lock;
use emulator_core::state::RegionStates;
use emulator_core::storage::{ChangeLog, PartitionKey, Table};
use emulator_core::RequestContext;
use serde::{Deserialize, Serialize};

use crate::model::access_point::AccessPoint;
use crate::model::backup_job::BackupJob;
use crate::model::copy_job::CopyJob;
use crate::model::framework::Framework;
use crate::model::idempotency::IdempotencyTokens;
use crate::model::job_id::JobId;
use crate::model::legal_hold::LegalHold;
use crate::model::plan::Plan;
use crate::model::point_index::PointIndex;
use crate::model::recovery_points::RecoveryPoints;
use crate::model::report_job::ReportJob;
use crate::model::report_plan::ReportPlan;
use crate::model::restore_job::RestoreJob;
use crate::model::restore_testing_plan::RestoreTestingPlan;
use crate::model::scan_jobs::ScanJobs;
use crate::model::selection::Selection;
use crate::model::settings::{GlobalSettings, RegionSettings};
use crate::model::tiering_config::TieringConfig;
use crate::model::vault::Vault;

/// Everything Backup keeps for one account in one region: one partition of the persisted state
/// (`drivers/persistence.rs`), stored as JSON.
#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RegionState {
    /// Vaults by name.
    pub vaults: Table<Vault>,
    /// Plans by plan id (deleted plans stay, soft-deleted, readable by version id).
    pub plans: Table<Plan>,
    /// Selections by selection id.
    pub selections: Table<Selection>,
    /// Backup jobs by id, boxed: an ordered map's nodes keep room for eleven entries, so an
    /// unboxed job (700 bytes) left hundreds of empty bytes beside each one.
    pub backup_jobs: Table<Box<BackupJob>, JobId>,
    /// Recovery points by ARN, indexed by vault and resource (`recovery_points/index.rs`).
    pub recovery_points: RecoveryPoints,
    /// Tags by resource ARN.
    pub tags: TagStore,
    /// `DescribeRegionSettings` / `UpdateRegionSettings`.
    pub settings: RegionSettings,
    /// Restore jobs by id.
    pub restore_jobs: Table<RestoreJob>,
    /// Copy jobs started in this region, by id.
    pub copy_jobs: Table<CopyJob>,
    /// Backup job states entered since the job events were last published, oldest first: the
    /// engine records them under the region's lock and `job_events` publishes them after. Not
    /// stored: it is a hand-over to the event bus, not state, and a handler may release the
    /// lock before publishing it (`engine/backend.rs`), so a save can find it non-empty.
    #[serde(skip)]
    pub job_outbox: Vec<BackupJob>,
    /// Backup access points by name (`access_points.rs`).
    pub access_points: Table<AccessPoint>,
    /// Tiering configurations by name (`tiering_configurations.rs`).
    pub tiering_configurations: Table<TieringConfig>,
    /// Scan jobs, with each recovery point's latest scan (`scan_jobs.rs`).
    pub scan_jobs: ScanJobs,
    /// Backup indexes by recovery point ARN (`indexes.rs`).
    pub indexes: Table<PointIndex>,
    /// Restore testing plans, with their selections, by name.
    pub restore_testing_plans: Table<RestoreTestingPlan>,
    /// Legal holds by id, cancelled ones until their record's retention ends.
    pub legal_holds: Table<LegalHold>,
    /// Audit Manager frameworks by name.
    pub frameworks: Table<Framework>,
    /// Audit Manager report plans by name.
    pub report_plans: Table<ReportPlan>,
    /// Audit Manager report jobs by id.
    pub report_jobs: Table<ReportJob>,
    /// The `Start*Job` idempotency tokens and the jobs they started.
    pub idempotency: IdempotencyTokens,
    /// One shared copy of the strings every backup job repeats (vault, role and key ARNs,
    /// resource types), so a million jobs hold a reference each, not a copy (issue 20). Not
    /// stored: records read back hold their own copies until they are replaced.
    #[serde(skip)]
    pub strings: Interner,
}

impl RegionState {
    /// How many recovery points a vault holds, in O(1).
    pub fn recovery_point_count(&self, vault_name: &str) -> usize {
        self.recovery_points.count_in_vault(vault_name)
    }
}

/// Account-wide state (not per region): one partition of the persisted state.
#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AccountState {
    /// `DescribeGlobalSettings` / `UpdateGlobalSettings`.
    pub global_settings: GlobalSettings,
}

/// An (account id, region) pair, as the store lists its states.
type AccountRegion = (String, String);

/// All of Backup's state.
#[derive(Debug, Default)]
pub struct BackupStore {
    regions: RegionStates<RegionState>,
    accounts: Mutex<HashMap<String, Arc<Mutex<AccountState>>>>,
    /// The partitions locked since the storage layer last looked (`drivers/persistence.rs`):
    /// every access below records its partition, so the gateway knows what to write.
    changes: ChangeLog,
}

/// The partition of an account and region's [`RegionState`].
pub fn region_partition(account_id: &str, region: &str) -> PartitionKey {
    PartitionKey::new([account_id, region])
}

/// The partition of an account's [`AccountState`].
pub fn account_partition(account_id: &str) -> PartitionKey {
    PartitionKey::new([account_id])
}

impl BackupStore {
    /// The state of one account and region, created empty on first use.
    fn region(&self, account_id: &str, region: &str) -> Arc<Mutex<RegionState>> {
        self.regions.get(account_id, region)
    }

    /// The state of one account and region, for unit tests that set up state directly.
    #[cfg(test)]
    pub fn region_for_tests(&self, account_id: &str, region: &str) -> Arc<Mutex<RegionState>> {
        self.region(account_id, region)
    }

    /// Runs `f` with the caller's region state locked.
    pub fn with_region<R>(&self, ctx: &RequestContext, f: impl FnOnce(&mut RegionState) -> R) -> R {
        self.with_region_of(&ctx.account_id, &ctx.region, f)
    }

    /// Runs `f` with the state of `account_id` in `region` locked (the engine, and calls that
    /// read another region). The partition is recorded as changed.
    pub fn with_region_of<R>(
        &self,
        account_id: &str,
        region: &str,
        f: impl FnOnce(&mut RegionState) -> R,
    ) -> R {
        let state = self.region(account_id, region);
        let mut guard = lock(&state);
        self.changes.record(|| region_partition(account_id, region));
        f(&mut guard)
    }

    /// Runs `f` with the caller's account state locked.
    pub fn with_account<R>(
        &self,
        ctx: &RequestContext,
        f: impl FnOnce(&mut AccountState) -> R,
    ) -> R {
        let account = lock(&self.accounts)
            .entry(ctx.account_id.clone())
            .or_default()
            .clone();
        let mut guard = lock(&account);
        self.changes.record(|| account_partition(&ctx.account_id));
        f(&mut guard)
    }

    /// Every (account, region) with state, for the scheduler.
    pub fn region_keys(&self) -> Vec<AccountRegion> {
        self.regions().into_iter().map(|(key, _)| key).collect()
    }

    /// Every (account, region) with its state, for rebuilding timers after a load.
    pub fn regions(&self) -> Vec<(AccountRegion, Arc<Mutex<RegionState>>)> {
        self.regions.all()
    }

    /// The state of `account_id` in `region` if it has any, without creating it (saving).
    pub fn existing_region(
        &self,
        account_id: &str,
        region: &str,
    ) -> Option<Arc<Mutex<RegionState>>> {
        self.regions.existing(account_id, region)
    }

    /// The state of `account_id` if it has any, without creating it (saving).
    pub fn existing_account(&self, account_id: &str) -> Option<Arc<Mutex<AccountState>>> {
        lock(&self.accounts).get(account_id).cloned()
    }

    /// Puts a loaded region state in place (start-up, before any request).
    pub fn insert_region(&self, account_id: &str, region: &str, state: RegionState) {
        self.regions.insert(account_id, region, state);
    }

    /// Puts a loaded account state in place (start-up, before any request).
    pub fn insert_account(&self, account_id: &str, state: AccountState) {
        lock(&self.accounts).insert(account_id.to_owned(), Arc::new(Mutex::new(state)));
    }

    /// Where accesses record the partitions they lock.
    pub fn changes(&self) -> &ChangeLog {
        &self.changes
    }

    /// Drops everything.
    pub fn clear(&self) {
        self.regions.clear();
        lock(&self.accounts).clear();
    }
}
