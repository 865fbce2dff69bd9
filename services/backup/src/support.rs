//! The bottom layer: helpers that know no record (errors, pagination, ids, ARNs, listing
//! helpers, the engine's settings). Imports only `api` and other crates.

pub mod appliances;
pub mod arns;
pub mod creator_request_id;
pub mod default_key;
pub mod engine_settings;
pub mod errors;
pub mod ids;
pub mod lifecycle_rules;
pub mod listing;
pub mod missing_vault;
pub mod newest_first;
pub mod page_size;
pub mod pagination;
pub mod point_arns;
pub mod region_key;
pub mod resource_types;
pub mod tags;
pub mod version_id;
