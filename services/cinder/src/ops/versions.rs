//! Block Storage version discovery (`GET /volume/`, `GET /volume/v3/`), open without a token:
//! clients read `version` and `min_version` to negotiate microversions.

use serde_json::{json, Value};

use crate::support::microversion::ApiVersion;
use crate::support::reply::Reply;

/// The date Cinder's newest microversion was published.
const UPDATED: &str = "2023-08-31T00:00:00Z";

fn versions(volume_base: &str) -> Value {
    json!({ "versions": [{
        "id": "v3.0",
        "status": "CURRENT",
        "version": ApiVersion::MAX.to_string(),
        "min_version": ApiVersion::MIN.to_string(),
        "updated": UPDATED,
        "links": [
            {"rel": "describedby", "type": "text/html", "href": "https://docs.openstack.org/"},
            {"rel": "self", "href": format!("{volume_base}/v3/")},
        ],
        "media-types": [{
            "base": "application/json",
            "type": "application/vnd.openstack.volume+json;version=3",
        }],
    }]})
}

/// `GET /volume/`: 300 Multiple Choices.
pub fn all(volume_base: &str) -> Reply {
    Reply::json(300, versions(volume_base))
}

/// `GET /volume/v3/`: 200.
pub fn v3(volume_base: &str) -> Reply {
    Reply::json(200, versions(volume_base))
}
