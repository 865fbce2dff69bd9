//! Keystone v3, the minimum OpenStack clients need before they call Block Storage: version
//! discovery and password authentication with a project scope.

pub mod catalog;
pub mod tokens;
pub mod versions;
