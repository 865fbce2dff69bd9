//! Records: what Backup stores, one file per record family, plain data with the invariants of
//! its values (parsing, wire names, derived dates) and its answer shapes. Imports only `api` and
//! `support`.

pub mod access_point;
pub mod backup_job;
pub mod controls;
pub mod copy_job;
pub mod deployment;
pub mod framework;
pub mod idempotency;
pub mod job_id;
pub mod legal_hold;
pub mod mpa_session;
pub mod plan;
pub mod plan_rules;
pub mod point_index;
pub mod point_set;
pub mod rare;
pub mod recovery_point;
pub mod recovery_points;
pub mod report_job;
pub mod report_plan;
pub mod resource_name;
pub mod resource_type;
pub mod restore_access;
pub mod restore_job;
pub mod restore_testing_plan;
pub mod restore_testing_selection;
pub mod scan_job;
pub mod scan_jobs;
pub mod selection;
pub mod settings;
pub mod tiering_config;
pub mod vault;
pub mod vault_lock;
pub mod vault_mpa;
pub mod vault_notifications;
