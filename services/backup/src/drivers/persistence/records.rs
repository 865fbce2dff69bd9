//! Backup's partitions as records: each collection of a [`RegionState`] that grows with use is
//! a record kind, one record per entry under its id (a vault's name, a job's id, a recovery
//! point's ARN, an idempotency token, a tagged resource's ARN, a scan job's id, a scanned
//! point's ARN for its latest scan); what is left (the region settings) is one `region`
//! record, written when it changed. An account's state is one `account` record.
//!
//! Builds before these records kept tags and scan jobs inside the `region` record too: such
//! a record still loads, and the next save of its partition writes them as records of their
//! own and the `region` record without them, in one transaction.

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
/// Record kind of a tagged resource's tags (id: the resource's ARN).
const TAGS: &str = "tags";
/// Record kind of a scan job (id: its id).
const SCAN_JOB: &str = "scan_job";
/// Record kind of a recovery point's latest finished scan (id: the point's ARN; value: the
/// scan job's id).
const LATEST_SCAN: &str = "latest_scan";
/// Record kind of the region's settings (id: empty).
const REGION: &str = "region";
/// Record kind of an account's state (id: empty).
const ACCOUNT: &str = "account";

/// The part of a region's state kept as one record.
#[derive(Serialize)]
struct RestRef<'a> {
    settings: &'a RegionSettings,
}

/// [`RestRef`] read back; `tags` and `scan_jobs` are there in the form older builds stored.
#[derive(Deserialize)]
struct Rest {
    #[serde(default)]
    tags: Option<TagStore>,
    settings: RegionSettings,
    #[serde(default)]
    scan_jobs: Option<ScanJobs>,
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
    save_tags(&mut state.tags, batch)?;
    state.scan_jobs.save_changes(SCAN_JOB, LATEST_SCAN, batch)?;
    let rest = if state.settings == RegionSettings::default() {
        None
    } else {
        let rest = RestRef {
            settings: &state.settings,
        };
        Some(serde_json::to_vec(&rest).map_err(|error| error.to_string())?)
    };
    batch.put_if_changed(REGION, "", rest);
    Ok(())
}

/// Puts into `batch` the tags of the resources whose tags changed since the last save: every
/// resource when the batch is full, or when the store has not tracked its changes yet (a
/// region created since the start, whose first save this is, or one read from the older
/// form); a resource left without tags is a delete.
fn save_tags(tags: &mut TagStore, batch: &mut RecordBatch) -> Result<(), String> {
    let changed = tags.take_changes();
    match changed {
        Some(resources) if !batch.is_full() => {
            for resource in resources {
                match tags.get(&resource) {
                    Some(value) => batch.put_json(TAGS, &resource, value)?,
                    None => batch.delete(TAGS, &resource),
                }
            }
        }
        _ => {
            for (resource, value) in tags.resources() {
                batch.put_json(TAGS, resource, value)?;
            }
        }
    }
    Ok(())
}

/// A region's state from its records.
pub(super) fn load_region(records: impl Iterator<Item = Record>) -> Result<RegionState, String> {
    let mut state = RegionState::default();
    let mut older_form = false;
    for record in records {
        let Record { kind, id, value } = record;
        let loaded = load_region_record(&mut state, &kind, id.clone(), &value);
        older_form |= loaded.map_err(|detail| format!("record {kind} {id:?}: {detail}"))?;
    }
    if !older_form {
        // Every tag is in a record of its own: from here on, a save writes only the changes.
        // Otherwise the store stays untracked, so that the next save writes every resource.
        state.tags.take_changes();
    }
    Ok(state)
}

/// Puts one record back into `state`; true when it was a `region` record in the older form.
fn load_region_record(
    state: &mut RegionState,
    kind: &str,
    id: String,
    value: &[u8],
) -> Result<bool, String> {
    macro_rules! load {
        ($field:ident, $kind:literal) => {
            if kind == $kind {
                return state.$field.load_record(id, value).map(|()| false);
            }
        };
    }
    region_tables!(load);
    match kind {
        RECOVERY_POINT => state.recovery_points.load_record(value)?,
        IDEMPOTENCY_TOKEN => state.idempotency.load_record(&id, value)?,
        TAGS => {
            let tags = serde_json::from_slice(value).map_err(|error| error.to_string())?;
            state.tags.load(id, tags);
        }
        SCAN_JOB => state.scan_jobs.load_job(id, value)?,
        LATEST_SCAN => state.scan_jobs.load_latest(id, value)?,
        REGION => {
            let rest: Rest = serde_json::from_slice(value).map_err(|error| error.to_string())?;
            state.settings = rest.settings;
            let older_form = rest.tags.is_some() || rest.scan_jobs.is_some();
            if let Some(tags) = rest.tags {
                for (resource, value) in tags.resources() {
                    state.tags.load(resource.to_owned(), value.clone());
                }
            }
            if let Some(scan_jobs) = rest.scan_jobs {
                state.scan_jobs = scan_jobs;
                state.scan_jobs.mark_unsaved();
            }
            return Ok(older_form);
        }
        _ => return Err("a kind of record this build does not know".to_owned()),
    }
    Ok(false)
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
