//! The job operations: backup, copy, restore and scan jobs, and their summaries.

pub mod backup_jobs;
pub mod copy_jobs;
pub mod restore_jobs;
pub mod scan_jobs;
pub mod summaries;
