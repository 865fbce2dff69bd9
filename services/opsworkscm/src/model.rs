//! Records: what OpsWorks CM stores, one file per record family.

pub mod backup;
pub mod engine;
pub mod event_log;
pub mod node_association;
pub mod server;
