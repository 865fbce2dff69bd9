//! A region's scan jobs, with each recovery point's latest finished scan, so recovery point
//! descriptions and listings find a point's scan result in O(1) whatever the number of jobs.
//!
//! Both maps are [`Table`]s, so a save writes only the jobs and the latest-scan entries that
//! changed (`drivers/persistence/records.rs`).

use emulator_core::storage::{RecordBatch, Table};
use serde::{Deserialize, Serialize};

use crate::model::scan_job::ScanJobRecord;

/// Every scan job of a region, by id, and the latest finished job of each recovery point.
/// Serialized as both maps (the form older builds stored inside the `region` record).
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct ScanJobs {
    jobs: Table<ScanJobRecord>,
    /// Which job last finished for each point: kept, not derived, since two scans of a point
    /// may finish at the same millisecond.
    latest_finished: Table<String>,
    /// Whether the next save must write every entry: set for state read from the older form,
    /// whose entries have no records of their own yet.
    #[serde(skip)]
    unsaved: bool,
}

/// Equal when the jobs and latest scans are; whether they are stored yet is bookkeeping.
impl PartialEq for ScanJobs {
    fn eq(&self, other: &Self) -> bool {
        self.jobs == other.jobs && self.latest_finished == other.latest_finished
    }
}

impl ScanJobs {
    /// Stores a new job.
    pub fn insert(&mut self, job: ScanJobRecord) {
        self.jobs.insert(job.id.clone(), job);
    }

    /// The job `id`.
    pub fn get(&self, id: &str) -> Option<&ScanJobRecord> {
        self.jobs.get(id)
    }

    /// The job `id`, for a change of state; call [`ScanJobs::finished`] when it ends.
    pub fn get_mut(&mut self, id: &str) -> Option<&mut ScanJobRecord> {
        self.jobs.get_mut(id)
    }

    /// Every job, in id order.
    pub fn values(&self) -> impl Iterator<Item = &ScanJobRecord> {
        self.jobs.values()
    }

    /// Records that job `id` has ended: it is now its recovery point's latest scan.
    pub fn finished(&mut self, id: &str) {
        if let Some(job) = self.jobs.get(id) {
            let point = job.recovery_point_arn.clone();
            let id = job.id.clone();
            self.latest_finished.insert(point, id);
        }
    }

    /// The latest finished scan job of recovery point `arn`.
    pub fn latest_finished(&self, arn: &str) -> Option<&ScanJobRecord> {
        self.latest_finished
            .get(arn)
            .and_then(|id| self.jobs.get(id))
    }

    /// Marks every entry as not yet stored in records of its own (state read from the older
    /// form), so the next save writes them all.
    pub fn mark_unsaved(&mut self) {
        self.unsaved = true;
    }

    /// Puts into `batch` the jobs (records of `job_kind`, by job id) and latest-scan entries
    /// (records of `latest_kind`, by recovery point ARN, value the job id) changed since the
    /// last save; every entry when the batch is full or the state came from the older form.
    pub fn save_changes(
        &mut self,
        job_kind: &str,
        latest_kind: &str,
        batch: &mut RecordBatch,
    ) -> Result<(), String> {
        if self.unsaved && !batch.is_full() {
            // Every entry, as a full batch would have them, then into this one.
            let mut all = RecordBatch::full();
            self.jobs.save_changes(job_kind, &mut all)?;
            self.latest_finished.save_changes(latest_kind, &mut all)?;
            for record in all.into_records().0 {
                batch.put(&record.kind, &record.id, record.value);
            }
        } else {
            self.jobs.save_changes(job_kind, batch)?;
            self.latest_finished.save_changes(latest_kind, batch)?;
        }
        self.unsaved = false;
        Ok(())
    }

    /// Puts back a stored job (loading: not a change).
    pub fn load_job(&mut self, id: String, value: &[u8]) -> Result<(), String> {
        self.jobs.load_record(id, value)
    }

    /// Puts back a stored latest-scan entry (loading: not a change).
    pub fn load_latest(&mut self, point: String, value: &[u8]) -> Result<(), String> {
        self.latest_finished.load_record(point, value)
    }
}
