//! The operations, one file per resource group. `handlers.rs` calls each operation in the file
//! that defines it; an ops file never imports another.

pub mod account;
pub mod backups;
pub mod dashboard;
pub mod engine_attributes;
pub mod events;
pub mod maintenance;
pub mod nodes;
pub mod restore;
pub mod servers;
pub mod tags;
