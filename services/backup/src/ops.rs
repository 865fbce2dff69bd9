//! The operations, one file per resource group (folders for jobs, audit and restore testing).
//! `handlers.rs` calls each operation in the file that defines it; an ops file never imports
//! another (what two share lives in `engine`, `state`, `model` or `support`).

pub mod access_points;
pub mod air_gapped_vaults;
pub mod audit;
pub mod dashboard;
pub mod indexes;
pub mod jobs;
pub mod legal_holds;
pub mod local_vaults;
pub mod mpa_approval_teams;
pub mod plan_templates;
pub mod plans;
pub mod protected_resources;
pub mod recovery_points;
pub mod restore_access_vaults;
pub mod restore_testing;
pub mod selections;
pub mod settings;
pub mod tags;
pub mod tiering_configurations;
pub mod vault_access_policy;
pub mod vault_lock;
pub mod vault_notifications;
pub mod vaults;
