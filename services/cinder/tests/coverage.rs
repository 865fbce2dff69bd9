//! The coverage tables of docs/services/cinder.md match the code: every endpoint a ✅ row names
//! is routed (it may refuse the request, but never with "no such resource").

use std::sync::Arc;

use cinder::CinderService;
use emulator_core::{Clock, Config, PathContext, PathRequest, PathService, ServiceSettings};
use http::{HeaderMap, HeaderValue, Method};
use serde_json::{json, Value};

const DOC: &str = include_str!("../../../docs/services/cinder.md");

/// `(method, path)` of every endpoint named in a ✅ row of the coverage tables.
fn documented() -> Vec<(Method, String)> {
    let coverage = DOC
        .split("## Coverage")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("a Coverage section");
    let mut endpoints = Vec::new();
    for row in coverage
        .lines()
        .filter(|l| l.starts_with('|') && l.contains('✅'))
    {
        for quoted in row.split('`').skip(1).step_by(2) {
            let Some((method, path)) = quoted.split_once(' ') else {
                continue;
            };
            if let (Ok(method), true) = (method.parse::<Method>(), path.starts_with('/')) {
                endpoints.push((method, path.to_owned()));
            }
        }
    }
    endpoints
}

struct Client {
    service: Arc<CinderService>,
    clock: Arc<Clock>,
    token: String,
    project: String,
}

impl Client {
    async fn send(&self, method: &Method, path: &str, body: &Value) -> (u16, Value) {
        let mut headers = HeaderMap::new();
        headers.insert("host", HeaderValue::from_static("localhost"));
        headers.insert(
            "openstack-api-version",
            HeaderValue::from_static("volume latest"),
        );
        if let Ok(token) = HeaderValue::from_str(&self.token) {
            headers.insert("x-auth-token", token);
        }
        let body = if body.is_null() {
            Vec::new()
        } else {
            body.to_string().into_bytes()
        };
        let (path, query) = path
            .split_once('?')
            .map_or((path, None), |(p, q)| (p, Some(q)));
        let prefix = if path.starts_with("/identity") {
            "/identity"
        } else {
            "/volume"
        };
        let request = PathRequest {
            method,
            path,
            prefix,
            raw_query: query,
            query: &[],
            headers: &headers,
            body: &body,
        };
        let ctx = PathContext {
            request_id: "00000000-0000-4000-8000-000000000000".into(),
            clock: self.clock.clone(),
        };
        let response = self.service.handle(&ctx, request).await;
        let value = serde_json::from_slice(&response.body).unwrap_or(Value::Null);
        (response.status, value)
    }
}

async fn client() -> Client {
    let clock = Arc::new(Clock::default());
    let vars = Arc::new(vec![(
        "FLOCI_SERVICES_CINDER_STATE_DELAY_SECONDS".to_owned(),
        "0".to_owned(),
    )]);
    let settings = ServiceSettings::new(
        "cinder",
        vars,
        Arc::new(Config::from_vars([]).unwrap()),
        clock.clone(),
    );
    let mut client = Client {
        service: Arc::new(CinderService::new(&settings).unwrap()),
        clock,
        token: String::new(),
        project: String::new(),
    };
    let login = json!({"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": "admin", "domain": {"id": "default"}, "password": "secret"}}}}});
    let (status, body) = client
        .send(&Method::POST, "/identity/v3/auth/tokens", &login)
        .await;
    assert_eq!(status, 201);
    client.project = body["token"]["project"]["id"].as_str().unwrap().to_owned();
    // The only token issued (the X-Subject-Token header of the answer above).
    client.token = client
        .service
        .core()
        .store
        .with(|inner| inner.tokens.keys().next().unwrap().as_str().to_owned());
    client
}

#[tokio::test]
async fn every_documented_endpoint_is_routed() {
    let endpoints = documented();
    assert!(endpoints.len() >= 15, "{endpoints:?}");
    let client = client().await;
    let base = format!("/volume/v3/{}", client.project);
    let (_, volume) = client
        .send(
            &Method::POST,
            &format!("{base}/volumes"),
            &json!({"volume": {"size": 1}}),
        )
        .await;
    let volume = volume["volume"]["id"].as_str().unwrap().to_owned();
    let (_, backup) = client
        .send(
            &Method::POST,
            &format!("{base}/backups"),
            &json!({"backup": {"volume_id": volume}}),
        )
        .await;
    let backup = backup["backup"]["id"].as_str().unwrap().to_owned();
    for (method, path) in endpoints {
        let path = path
            .replace("{backup_id}", &backup)
            .replace("{volume_id}", &volume);
        let path = if path.starts_with("/volume/") || path.starts_with("/identity") {
            path
        } else {
            format!("{base}{path}")
        };
        // Bodies are left out: a routed endpoint refuses that (400) or answers; an unrouted
        // one is webob's 404.
        let (status, body) = client.send(&method, &path, &Value::Null).await;
        let unrouted =
            status == 404 && body["itemNotFound"]["message"] == "The resource could not be found.";
        assert!(!unrouted, "{method} {path} is documented but not routed");
        assert_ne!(status, 405, "{method} {path}");
    }
}
