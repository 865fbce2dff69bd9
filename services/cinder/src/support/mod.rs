//! Building blocks shared by every layer: identifiers, times, microversions, the error shapes
//! of Cinder and Keystone, query strings, request-body schemas and JSON replies.

pub mod fault;
pub mod ids;
pub mod microversion;
pub mod pyrepr;
pub mod query;
pub mod reply;
pub mod schema;
pub mod times;
