//! Account and region settings: GetSupportedResourceTypes, Describe/UpdateGlobalSettings,
//! Describe/UpdateRegionSettings.
//!
//! One file per concern; this module re-exports the handlers under the names `handlers.rs`
//! calls and the types the store holds. Other modules that name resource types use
//! [`resource_types::SUPPORTED_RESOURCE_TYPES`].

mod global;
mod region;
pub(crate) mod resource_types;

pub use global::GlobalSettings;
pub use region::RegionSettings;

pub(crate) use global::{describe_global_settings, update_global_settings};
pub(crate) use region::{describe_region_settings, update_region_settings};
pub(crate) use resource_types::get_supported_resource_types;
