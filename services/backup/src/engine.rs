//! The engine: the [`backend::Backend`] every operation works on (the store, the clock, the
//! timer queues, the settings, the job events), and the time-driven machines, one module each.
//!
//! Every time-driven change of Backup's state is an [`events::Event`] on the shared timer queue
//! (`emulator_core::Timers`), applied by `dispatch.rs` under the region's lock; each machine
//! (`backup.rs`, `copy.rs`, `restore.rs`, `scan.rs`, `access_points.rs`, `indexes.rs`,
//! `legal_holds.rs`, `vault_changes.rs`, `lifecycle.rs`) owns the transitions of its records.
//! Plan rules and restore testing plans wait on queues of their own (`rule_runs.rs`,
//! `restore_tests.rs`), fired by the drivers.

pub mod access_points;
pub mod backend;
pub mod backup;
pub mod backup_start;
pub mod copy;
pub mod copy_access;
pub mod copy_actions;
pub mod dispatch;
pub mod events;
pub mod indexes;
pub mod inferred_metadata;
pub mod job_events;
pub mod legal_holds;
pub mod lifecycle;
pub mod local_backups;
pub mod plan_jobs;
pub mod plan_targets;
pub mod point_events;
pub mod reports;
pub mod restore;
pub mod restore_start;
pub mod restore_tests;
pub mod rule_runs;
pub mod scan;
pub mod vault_changes;
