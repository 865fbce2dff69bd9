//! The service catalog a scoped token carries, built from the request's host so that clients
//! call back the address they reached.

use serde_json::{json, Value};

use crate::support::ids::{stable_hex_id, ProjectId};

/// The one region the catalog lists.
pub const REGION: &str = "RegionOne";

fn service(kind: &str, name: &str, url: &str) -> Value {
    let endpoints: Vec<Value> = ["public", "internal", "admin"]
        .iter()
        .map(|interface| {
            json!({
                "id": stable_hex_id(&format!("endpoint:{kind}:{interface}")),
                "interface": interface,
                "region": REGION,
                "region_id": REGION,
                "url": url,
            })
        })
        .collect();
    json!({
        "id": stable_hex_id(&format!("service:{kind}")),
        "type": kind,
        "name": name,
        "endpoints": endpoints,
    })
}

/// Block Storage (as `block-storage` and `volumev3`) and Identity.
pub fn for_project(host_base: &str, project: &ProjectId) -> Value {
    let volume = format!("{host_base}/volume/v3/{project}");
    json!([
        service("block-storage", "cinder", &volume),
        service("volumev3", "cinderv3", &volume),
        service("identity", "keystone", &format!("{host_base}/identity")),
    ])
}
