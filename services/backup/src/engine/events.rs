//! The events of the engine's timer queue: what comes due, for which region, and the follow-ups
//! an applied event asks for. Plain data: `dispatch.rs` applies them, each machine raises its own.

use crate::model::job_id::JobId;
use emulator_core::dto::Timestamp;

use crate::model::recovery_point::RecoveryPoint;
use crate::support::region_key::RegionKey;

/// What happens when an event comes due.
///
/// Events are not stored: after a restart `dispatch::pending_events` rebuilds them from the state. A
/// new kind needs its rebuild there too (the exhaustive match in this module's tests names the
/// rebuild of every kind, so a new one does not compile until it is added).
#[derive(Debug, Clone, PartialEq)]
pub enum EventKind {
    /// Backup job CREATED → RUNNING (or EXPIRED past the start window).
    JobRuns(JobId),
    /// Backup job RUNNING → COMPLETED, writing the recovery point (or FAILED without a vault).
    JobCompletes(JobId),
    /// Backup job ABORTING → ABORTED.
    JobAborted(JobId),
    /// Restore job PENDING → RUNNING.
    RestoreRuns(String),
    /// Restore job RUNNING → COMPLETED (or FAILED when its recovery point is gone).
    RestoreCompletes(String),
    /// Copy job CREATED → RUNNING.
    CopyRuns(String),
    /// Copy job RUNNING: the copy is read from the source and sent to the destination.
    CopyCompletes(String),
    /// In the destination's region: the copied recovery point arrives in its vault.
    CopyArrives(Box<CopyDelivery>),
    /// Back in the source's region: the copy job ends as the destination decided.
    CopySettled(Box<CopyOutcome>),
    /// A recovery point moves to cold storage.
    RecoveryPointToCold(String),
    /// A recovery point's lifecycle deletes it (or, under a legal hold, expires it).
    RecoveryPointExpires(String),
    /// A recovery point `DELETING` since DeleteRecoveryPoint is gone.
    RecoveryPointDeleted(String),
    /// A scan job, backup access point or backup index moves on (`point_events.rs`).
    Point(PointEvent),
    /// A legal hold finishes being created or cancelled, or its record's retention ends.
    LegalHold(HoldEvent),
    /// An air-gapped or restore access vault finishes a change: its setup, or an approval.
    Vault(VaultChange),
}

impl EventKind {
    /// The region this event must be applied in when it is not the region that raised it.
    pub fn target(&self) -> Option<&RegionKey> {
        match self {
            Self::CopyArrives(delivery) => Some(&delivery.destination),
            Self::CopySettled(outcome) => Some(&outcome.source),
            _ => None,
        }
    }
}

/// A due change of one region's state.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Where.
    pub key: RegionKey,
    /// What.
    pub kind: EventKind,
}

/// Follow-up events an applied event asks for, with their due times. They belong to the region
/// that raised them unless [`EventKind::target`] names another.
pub type FollowUps = Vec<(Timestamp, EventKind)>;

/// The event `kind` raised in `from`, addressed to the region it must be applied in.
pub fn route(from: &RegionKey, kind: EventKind) -> Event {
    let key = kind.target().cloned().unwrap_or_else(|| from.clone());
    Event { key, kind }
}

/// A timed change of a scan job, a backup access point or a backup index.
#[derive(Debug, Clone, PartialEq)]
pub enum PointEvent {
    /// Scan job CREATED → RUNNING.
    ScanRuns(String),
    /// Scan job RUNNING → COMPLETED, or FAILED when its recovery point went away.
    ScanCompletes(String),
    /// Access point (by name) CREATING → AVAILABLE.
    AccessPointAvailable(String),
    /// Access point (by name) DELETING → gone; the point's lifecycle resumes with the last one.
    AccessPointDeleted(String),
    /// Index (by recovery point ARN) PENDING → ACTIVE.
    IndexActive(String),
    /// Index (by recovery point ARN) DELETING → gone.
    IndexDeleted(String),
}

/// A legal hold's change that comes due on the timer queue.
#[derive(Debug, Clone, PartialEq)]
pub enum HoldEvent {
    /// The hold `id` finishes being created (`ACTIVE`) or cancelled (`CANCELED`).
    Settles(String),
    /// The retention of the cancelled hold `id`'s record ends.
    RecordExpires(String),
}

/// A vault change that comes due.
#[derive(Debug, Clone, PartialEq)]
pub enum VaultChange {
    /// The logically air-gapped vault finishes its setup: `CREATING` → `AVAILABLE`.
    SetUp(String),
    /// The vault's approval team approves the team change of the session.
    TeamChangeApproved {
        /// The logically air-gapped vault.
        vault: String,
        /// The session of the change.
        session_arn: String,
    },
    /// The source vault's team approves the restore access vault: `CREATING` → `AVAILABLE`.
    AccessApproved {
        /// The restore access vault.
        vault: String,
        /// The session of its request.
        session_arn: String,
    },
    /// The source vault's team approves revoking the restore access vault, which goes.
    AccessRevoked {
        /// The restore access vault.
        vault: String,
        /// The session of the revoke request.
        session_arn: String,
    },
}

/// A copied recovery point on its way to the destination vault.
#[derive(Debug, Clone, PartialEq)]
pub struct CopyDelivery {
    /// The destination's account and region.
    pub destination: RegionKey,
    /// The destination vault's name.
    pub vault_name: String,
    /// The source's account and region, where the job waits for the outcome.
    pub source: RegionKey,
    /// The copy job.
    pub job_id: String,
    /// The copy as it will be stored (vault fields are filled in on arrival).
    pub point: RecoveryPoint,
    /// The copy job's role: a principal the destination vault's policy may name.
    pub role_arn: String,
    /// Whether the source account has cross-account backup enabled; filled in just before the
    /// copy arrives in another account (`copy_access.rs`).
    pub cross_account_enabled: bool,
}

/// How a copy ended in the destination, sent back to the job.
#[derive(Debug, Clone, PartialEq)]
pub struct CopyOutcome {
    /// The source's account and region, where the job lives.
    pub source: RegionKey,
    /// The copy job.
    pub job_id: String,
    /// The destination vault's key on success, else why the copy failed.
    pub result: Result<String, String>,
}
