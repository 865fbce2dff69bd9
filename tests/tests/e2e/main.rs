//! End-to-end tests: the gateway on an ephemeral port, called by the real AWS SDK clients (and,
//! for OpenStack, by raw HTTP as its clients send it).
//!
//! One test binary for all of them, a module per area: each binary links the SDKs and the whole
//! gateway (about 115 MB in a debug build), so seventeen of them filled CI's disk and spent most
//! of the test build in the linker. Every test starts its own gateway, so sharing a process
//! shares nothing between tests.

mod backup_access_tiering_scans;
mod backup_audit;
mod backup_cross_account;
mod backup_fidelity;
mod backup_job_states;
mod backup_jobs;
mod backup_legal_holds_vaults;
mod backup_model_refresh;
mod backup_plans;
mod backup_recovery_points;
mod backup_resource_types;
mod backup_restore_copy;
mod backup_restore_testing;
mod backup_scheduler;
mod backup_tags_settings;
mod backup_vaults;
mod cinder;
mod concurrency;
mod dashboard;
mod gateway;
mod isolation;
mod opsworkscm;
mod persistence;
mod strict_auth;
mod sts;
mod web_guard;
