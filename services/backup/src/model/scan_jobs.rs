//! A region's scan jobs, with each recovery point's latest finished scan, so recovery point
//! descriptions and listings find a point's scan result in O(1) whatever the number of jobs.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::scan_job::ScanJobRecord;

/// Every scan job of a region, by id, and the latest finished job of each recovery point.
#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScanJobs {
    jobs: BTreeMap<String, ScanJobRecord>,
    /// Which job last finished for each point: kept, not derived, since two scans of a point
    /// may finish at the same millisecond.
    latest_finished: BTreeMap<String, String>,
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
            self.latest_finished
                .insert(job.recovery_point_arn.clone(), job.id.clone());
        }
    }

    /// The latest finished scan job of recovery point `arn`.
    pub fn latest_finished(&self, arn: &str) -> Option<&ScanJobRecord> {
        self.latest_finished
            .get(arn)
            .and_then(|id| self.jobs.get(id))
    }
}
