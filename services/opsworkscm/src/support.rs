//! The bottom layer: errors, ARNs, pages, generated secrets, time windows, the region key, tag
//! rules and the service's settings. Imports only `api` and other crates.

pub mod arns;
pub mod config;
pub mod errors;
pub mod pages;
pub mod region;
pub mod secrets;
pub mod tags;
pub mod time_window;
