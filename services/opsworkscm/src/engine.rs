//! The engine: the [`core::Core`] every operation works on, and the lifecycle of servers and
//! backups on the shared timer queue (`lifecycle.rs`, with the steps of each in `servers.rs`
//! and `backups.rs`).

pub mod backups;
pub mod core;
pub mod engine_attributes;
pub mod lifecycle;
pub mod servers;
pub mod starter_kit;
