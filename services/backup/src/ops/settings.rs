//! Account and region settings: GetSupportedResourceTypes, Describe/UpdateGlobalSettings,
//! Describe/UpdateRegionSettings.
//!
//! One file per concern; this module re-exports the handlers under the names `handlers.rs`
//! calls and the types the store holds. Other modules that name resource types use
//! the catalogue in `support::resource_types`.

pub mod global;
pub mod region;
pub mod resource_types;
