//! `GET /identity` (300) and `GET /identity/v3/` (200).

use serde_json::{json, Value};

use crate::support::reply::Reply;

fn v3(identity_base: &str) -> Value {
    json!({
        "id": "v3.14",
        "status": "stable",
        "updated": "2020-04-07T00:00:00Z",
        "links": [{"rel": "self", "href": format!("{identity_base}/v3/")}],
        "media-types": [{
            "base": "application/json",
            "type": "application/vnd.openstack.identity-v3+json",
        }],
    })
}

/// Every version: only v3.
pub fn all(identity_base: &str) -> Reply {
    Reply::json(
        300,
        json!({ "versions": { "values": [v3(identity_base)] } }),
    )
}

/// The v3 document.
pub fn version(identity_base: &str) -> Reply {
    Reply::json(200, json!({ "version": v3(identity_base) }))
}
