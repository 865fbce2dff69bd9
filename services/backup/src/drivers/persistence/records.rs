//! Backup's partitions as records: each collection of a [`RegionState`] that grows with use is
//! a record kind, one record per entry under its id (a vault's name, a job's id, a recovery
//! point's ARN, an idempotency token); what is left (tags, region settings, scan results) is one
//! `region` record, written when it changed. An account's state is one `account` record.

use aws_tagging::TagStore;
use emulator_core::storage::{Record, RecordBatch};
use serde::{Deserialize, Serialize};

use crate::model::scan_jobs::ScanJobs;
use crate::model::settings::RegionSettings;
use crate::state::{AccountState, RegionState};

/// Calls `$each!(field, "kind")` for every [`emulator_core::storage::Table`] of a region.
macro_rules! region_tables {
    ($each:ident) => {
        $each!(vaults, "vault");
        $each!(plans, "plan");
        $each!(selections, "selection");
        $each!(backup_jobs, "backup_job");
        $each!(restore_jobs, "restore_job");
        $each!(copy_jobs, "copy_job");
        $each!(access_points, "access_point");
        $each!(tiering_configurations, "tiering_configuration");
        $each!(indexes, "index");
        $each!(restore_testing_plans, "restore_testing_plan");
        $each!(legal_holds, "legal_hold");
        $each!(frameworks, "framework");
        $each!(report_plans, "report_plan");
        $each!(report_jobs, "report_job");
    };
}

/// Record kind of a recovery point (id: its ARN).
const RECOVERY_POINT: &str = "recovery_point";
/// Record kind of an idempotency token (id: `<operation>/<token>`).
const IDEMPOTENCY_TOKEN: &str = "idempotency_token";
/// Record kind of the rest of a region's state (id: empty).
const REGION: &str = "region";
/// Record kind of an account's state (id: empty).
const ACCOUNT: &str = "account";

/// The part of a region's state kept as one record.
#[derive(Serialize)]
struct RestRef<'a> {
    tags: &'a TagStore,
    settings: &'a RegionSettings,
    scan_jobs: &'a ScanJobs,
}

/// [`RestRef`] read back.
#[derive(Deserialize)]
struct Rest {
    tags: TagStore,
    settings: RegionSettings,
    scan_jobs: ScanJobs,
}

/// Puts into `batch` what changed in `state` since the last save.
pub(super) fn save_region(state: &mut RegionState, batch: &mut RecordBatch) -> Result<(), String> {
    macro_rules! save {
        ($field:ident, $kind:literal) => {
            state.$field.save_changes($kind, batch)?;
        };
    }
    region_tables!(save);
    state.recovery_points.save_changes(RECOVERY_POINT, batch)?;
    state.idempotency.save_changes(IDEMPOTENCY_TOKEN, batch)?;
    let empty = state.tags == TagStore::default()
        && state.settings == RegionSettings::default()
        && state.scan_jobs == ScanJobs::default();
    let rest = if empty {
        None
    } else {
        let rest = RestRef {
            tags: &state.tags,
            settings: &state.settings,
            scan_jobs: &state.scan_jobs,
        };
        Some(serde_json::to_vec(&rest).map_err(|error| error.to_string())?)
    };
    batch.put_if_changed(REGION, "", rest);
    Ok(())
}

/// A region's state from its records.
pub(super) fn load_region(records: impl Iterator<Item = Record>) -> Result<RegionState, String> {
    let mut state = RegionState::default();
    for record in records {
        let Record { kind, id, value } = record;
        let loaded = load_region_record(&mut state, &kind, id.clone(), &value);
        loaded.map_err(|detail| format!("record {kind} {id:?}: {detail}"))?;
    }
    Ok(state)
}

fn load_region_record(
    state: &mut RegionState,
    kind: &str,
    id: String,
    value: &[u8],
) -> Result<(), String> {
    macro_rules! load {
        ($field:ident, $kind:literal) => {
            if kind == $kind {
                return state.$field.load_record(id, value);
            }
        };
    }
    region_tables!(load);
    match kind {
        RECOVERY_POINT => state.recovery_points.load_record(value),
        IDEMPOTENCY_TOKEN => state.idempotency.load_record(&id, value),
        REGION => {
            let rest: Rest = serde_json::from_slice(value).map_err(|error| error.to_string())?;
            state.tags = rest.tags;
            state.settings = rest.settings;
            state.scan_jobs = rest.scan_jobs;
            Ok(())
        }
        _ => Err("a kind of record this build does not know".to_owned()),
    }
}

/// Puts an account's state into `batch` when it changed.
pub(super) fn save_account(state: &AccountState, batch: &mut RecordBatch) -> Result<(), String> {
    let value = if *state == AccountState::default() {
        None
    } else {
        Some(serde_json::to_vec(state).map_err(|error| error.to_string())?)
    };
    batch.put_if_changed(ACCOUNT, "", value);
    Ok(())
}

/// An account's state from its records.
pub(super) fn load_account(records: impl Iterator<Item = Record>) -> Result<AccountState, String> {
    let mut state = AccountState::default();
    for record in records {
        if record.kind != ACCOUNT {
            return Err(format!(
                "record {} {:?}: unknown kind",
                record.kind, record.id
            ));
        }
        state = serde_json::from_slice(&record.value).map_err(|error| error.to_string())?;
    }
    Ok(state)
}
