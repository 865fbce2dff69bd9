//! OpenStack Cinder v3 backups and the Keystone v3 minimum, through the gateway's path routes,
//! with raw HTTP as the OpenStack clients send it (docs/services/cinder.md).

mod backups;
mod dashboard;
mod identity;
mod lifecycle;
mod microversions;
mod volumes;

use integration_tests::{http_request, start_gateway, GatewayHandle, HttpResponse};
use serde_json::{json, Value};

/// A gateway whose state changes complete inside the call that starts them.
async fn instant() -> GatewayHandle {
    start_gateway(&[("FLOCI_SERVICES_CINDER_STATE_DELAY_SECONDS", "0")]).await
}

/// A logged-in client: the token and project of the default admin user.
struct Os<'g> {
    gateway: &'g GatewayHandle,
    token: String,
    project: String,
}

fn password_auth(user: &str, password: &str, project: Value) -> String {
    json!({"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "name": user, "domain": {"name": "Default"}, "password": password}}},
        "scope": {"project": project},
    }})
    .to_string()
}

fn parse(response: &HttpResponse) -> Value {
    serde_json::from_str(&response.body)
        .unwrap_or_else(|_| panic!("JSON body expected: {response:?}"))
}

impl<'g> Os<'g> {
    /// Logs in as admin/secret on project admin.
    async fn login(gateway: &'g GatewayHandle) -> Self {
        Self::login_as(gateway, "admin", "secret", "admin").await
    }

    async fn login_as(
        gateway: &'g GatewayHandle,
        user: &str,
        password: &str,
        project: &str,
    ) -> Self {
        let body = password_auth(
            user,
            password,
            json!({"name": project, "domain": {"name": "Default"}}),
        );
        let response = http_request(
            gateway,
            "POST",
            "/identity/v3/auth/tokens",
            &[("Content-Type", "application/json")],
            &body,
        )
        .await;
        assert_eq!(response.status, 201, "{response:?}");
        let token = response
            .header("x-subject-token")
            .expect("token")
            .to_owned();
        let project = parse(&response)["token"]["project"]["id"]
            .as_str()
            .expect("project id")
            .to_owned();
        Self {
            gateway,
            token,
            project,
        }
    }

    /// A Block Storage call at `version` (`None`: no header) under `/volume/v3/<project>`.
    async fn call(
        &self,
        method: &str,
        path: &str,
        version: Option<&str>,
        body: Option<Value>,
    ) -> HttpResponse {
        let header = version.map(|v| format!("volume {v}"));
        let mut headers = vec![
            ("X-Auth-Token", self.token.as_str()),
            ("Content-Type", "application/json"),
        ];
        if let Some(header) = &header {
            headers.push(("OpenStack-API-Version", header.as_str()));
        }
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        http_request(
            self.gateway,
            method,
            &format!("/volume/v3/{}{path}", self.project),
            &headers,
            &body,
        )
        .await
    }

    /// A call answering JSON with the `expected` status.
    async fn json(
        &self,
        method: &str,
        path: &str,
        version: Option<&str>,
        body: Option<Value>,
        expected: u16,
    ) -> Value {
        let response = self.call(method, path, version, body).await;
        assert_eq!(response.status, expected, "{method} {path}: {response:?}");
        if response.body.is_empty() {
            Value::Null
        } else {
            parse(&response)
        }
    }

    async fn create_volume(&self, name: &str, size: u64) -> String {
        let body = self
            .json(
                "POST",
                "/volumes",
                None,
                Some(json!({"volume": {"size": size, "name": name}})),
                202,
            )
            .await;
        body["volume"]["id"].as_str().expect("volume id").to_owned()
    }

    async fn create_backup(&self, volume: &str, name: &str, incremental: bool) -> String {
        let body = self
            .json(
                "POST",
                "/backups",
                None,
                Some(json!({"backup": {"volume_id": volume, "name": name, "incremental": incremental}})),
                202,
            )
            .await;
        body["backup"]["id"].as_str().expect("backup id").to_owned()
    }

    async fn backup(&self, id: &str, version: Option<&str>) -> Value {
        self.json("GET", &format!("/backups/{id}"), version, None, 200)
            .await["backup"]
            .clone()
    }

    async fn volume_status(&self, id: &str) -> String {
        self.json("GET", &format!("/volumes/{id}"), None, None, 200)
            .await["volume"]["status"]
            .as_str()
            .expect("status")
            .to_owned()
    }
}
