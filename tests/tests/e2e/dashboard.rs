//! The dashboard (`/_floci/ui/`, docs/ui.md) over HTTP: a browser's `GET /` is sent there and
//! an API client's is not; the page's files and its view are served with entity tags; the view
//! shows what the SDK created and follows the clock; the switch and the loopback rule turn it
//! off. The page itself runs in a real browser in tests/ui (run by .ci/run).

use integration_tests::{
    advance_clock, backup_client, create_vault, opsworkscm_client, start_gateway, GatewayHandle,
    ACCOUNT,
};
use serde_json::Value;

/// An HTTP answer: status, headers (names lower-case) and body.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

/// A raw HTTP/1.1 request with extra headers.
async fn request(
    gateway: &GatewayHandle,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
) -> Answer {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(gateway.addr())
        .await
        .expect("connect to the gateway");
    let extra: String = headers
        .iter()
        .map(|(name, value)| format!("{name}: {value}\r\n"))
        .collect();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{extra}Content-Length: 0\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut response = String::new();
    stream.read_to_string(&mut response).await.expect("read");
    let (head, body) = response.split_once("\r\n\r\n").expect("a response head");
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|line| line.get(9..12))
        .and_then(|s| s.parse().ok())
        .expect("an HTTP status line");
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Answer {
        status,
        headers,
        body: body.to_owned(),
    }
}

async fn get(gateway: &GatewayHandle, path: &str) -> Answer {
    request(gateway, "GET", path, &[]).await
}

/// The view's table `kind` of `service` in the test account's us-east-1.
fn table<'a>(view: &'a Value, service: &str, kind: &str) -> &'a Value {
    let service = view["services"]
        .as_array()
        .and_then(|all| all.iter().find(|s| s["name"] == service))
        .unwrap_or_else(|| panic!("no service {service} in {view}"));
    let scope = service["scopes"]
        .as_array()
        .and_then(|all| {
            all.iter()
                .find(|s| s["accountId"] == ACCOUNT && s["region"] == "us-east-1")
        })
        .unwrap_or_else(|| panic!("no scope for {ACCOUNT} in {service}"));
    scope["tables"]
        .as_array()
        .and_then(|all| all.iter().find(|t| t["kind"] == kind))
        .unwrap_or_else(|| panic!("no table {kind} in {scope}"))
}

/// The value of column `column` in the row whose id is `id`.
fn cell<'a>(table: &'a Value, id: &str, column: &str) -> &'a Value {
    let index = table["columns"]
        .as_array()
        .and_then(|columns| columns.iter().position(|c| c["name"] == column))
        .unwrap_or_else(|| panic!("no column {column} in {table}"));
    let row = table["rows"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["id"] == id))
        .unwrap_or_else(|| panic!("no row {id} in {table}"));
    &row["cells"][index]
}

#[tokio::test]
async fn a_browser_opening_the_root_is_sent_to_the_dashboard_and_api_clients_are_not() {
    let gateway = start_gateway(&[]).await;
    let browser = request(
        &gateway,
        "GET",
        "/",
        &[("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")],
    )
    .await;
    assert_eq!(browser.status, 302);
    assert_eq!(browser.header("location"), Some("/_floci/ui/"));
    // An API client's GET / (no HTML asked for) is routed as before: no redirect.
    for accept in ["*/*", "application/json"] {
        let client = request(&gateway, "GET", "/", &[("Accept", accept)]).await;
        assert_ne!(client.status, 302, "{accept}: {}", client.body);
        assert_eq!(client.header("location"), None);
    }
    let without_slash = get(&gateway, "/_floci/ui").await;
    assert_eq!(without_slash.status, 302);
    assert_eq!(without_slash.header("location"), Some("/_floci/ui/"));
}

#[tokio::test]
async fn the_page_is_served_from_the_binary_with_entity_tags_and_a_strict_policy() {
    let gateway = start_gateway(&[]).await;
    let page = get(&gateway, "/_floci/ui/").await;
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(page
        .body
        .contains("<script type=\"module\" src=\"app.js\">"));
    let policy = page.header("content-security-policy").expect("a policy");
    assert!(policy.contains("default-src 'none'") && policy.contains("connect-src 'self'"));
    assert_eq!(page.header("x-frame-options"), Some("DENY"));
    let etag = page.header("etag").expect("an entity tag").to_owned();
    let again = request(&gateway, "GET", "/_floci/ui/", &[("If-None-Match", &etag)]).await;
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());

    let module = get(&gateway, "/_floci/ui/app.js").await;
    assert_eq!(module.status, 200);
    assert_eq!(
        module.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert_eq!(get(&gateway, "/_floci/ui/missing.js").await.status, 404);
    assert_eq!(get(&gateway, "/_floci/ui/../health").await.status, 404);
    // Read-only: the view and the files take no writes (the clock has its own endpoint).
    for path in ["/_floci/ui/api/view", "/_floci/ui/"] {
        assert_eq!(request(&gateway, "POST", path, &[]).await.status, 405);
    }
}

#[tokio::test]
async fn the_view_shows_what_the_sdk_made_and_answers_304_until_it_changes() {
    let gateway = start_gateway(&[]).await;
    let client = backup_client(&gateway).await;
    create_vault(&client, "dash-one").await;

    let first = get(&gateway, "/_floci/ui/api/view").await;
    assert_eq!(first.status, 200);
    assert_eq!(first.header("content-type"), Some("application/json"));
    let view = first.json();
    let vaults = table(&view, "backup", "backup-vaults");
    assert_eq!(cell(vaults, "dash-one", "State"), "AVAILABLE");
    assert_eq!(cell(vaults, "dash-one", "Recovery points"), 0);
    let row = &vaults["rows"][0];
    assert_eq!(
        row["cli"],
        serde_json::json!([
            "backup",
            "describe-backup-vault",
            "--backup-vault-name",
            "dash-one"
        ])
    );
    let services: Vec<&Value> = view["services"].as_array().unwrap().iter().collect();
    assert!(services
        .iter()
        .any(|s| s["name"] == "opsworkscm" && s["hasView"] == true));

    let etag = first.header("etag").expect("an entity tag").to_owned();
    let unchanged = request(
        &gateway,
        "GET",
        "/_floci/ui/api/view",
        &[("If-None-Match", &etag)],
    )
    .await;
    assert_eq!(unchanged.status, 304);
    create_vault(&client, "dash-two").await;
    let changed = request(
        &gateway,
        "GET",
        "/_floci/ui/api/view",
        &[("If-None-Match", &etag)],
    )
    .await;
    assert_eq!(changed.status, 200);
    assert_eq!(
        table(&changed.json(), "backup", "backup-vaults")["total"],
        2
    );

    // Other sites' pages cannot read it, though every answer allows any origin for the SDKs.
    for header in [
        ("Sec-Fetch-Site", "cross-site"),
        ("Origin", "http://attacker.example"),
    ] {
        let refused = request(&gateway, "GET", "/_floci/ui/api/view", &[header]).await;
        assert_eq!(refused.status, 403, "{header:?}");
    }
    let own_page = request(
        &gateway,
        "GET",
        "/_floci/ui/api/view",
        &[
            ("Sec-Fetch-Site", "same-origin"),
            ("Origin", "http://127.0.0.1"),
        ],
    )
    .await;
    assert_eq!(own_page.status, 200);

    // Another account's filter lists this account's scope without its tables.
    let other = get(&gateway, "/_floci/ui/api/view?account=444455556666").await;
    let backup = &other.json()["services"][0];
    assert_eq!(backup["name"], "backup");
    assert_eq!(backup["scopes"][0]["accountId"], ACCOUNT);
    assert_eq!(backup["scopes"][0]["tables"], serde_json::json!([]));
}

#[tokio::test]
async fn the_view_follows_the_clock_from_job_to_cold_recovery_point() {
    let gateway =
        start_gateway(&[("FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS", "600")]).await;
    let client = backup_client(&gateway).await;
    create_vault(&client, "dash-clock").await;
    let started = client
        .start_backup_job()
        .backup_vault_name("dash-clock")
        .resource_arn(format!(
            "arn:aws:elasticfilesystem:us-east-1:{ACCOUNT}:file-system/fs-01234567"
        ))
        .iam_role_arn(format!("arn:aws:iam::{ACCOUNT}:role/backup"))
        .lifecycle(
            aws_sdk_backup::types::Lifecycle::builder()
                .move_to_cold_storage_after_days(1)
                .delete_after_days(91)
                .build(),
        )
        .send()
        .await
        .expect("start a backup job");
    let job_id = started.backup_job_id().expect("a job id");
    // An EFS job: StartBackupJob names its point at once, as AWS (issue 22).
    let point_arn = started.recovery_point_arn().expect("a recovery point ARN");

    let view = get(&gateway, "/_floci/ui/api/view").await.json();
    let jobs = table(&view, "backup", "backup-jobs");
    assert_eq!(cell(jobs, job_id, "State"), "CREATED");
    let timeline = &view["services"][0]["scopes"][0]["timeline"];
    assert_eq!(timeline["spans"][0]["id"], job_id);
    let upcoming: Vec<&str> = timeline["upcoming"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|u| u["label"].as_str())
        .collect();
    assert!(
        upcoming.iter().any(|l| l.ends_with("starts running"))
            && upcoming.iter().any(|l| l.ends_with("completes")),
        "{upcoming:?}"
    );

    advance_clock(&gateway, 3600).await;
    let view = get(&gateway, "/_floci/ui/api/view").await.json();
    assert_eq!(
        cell(table(&view, "backup", "backup-jobs"), job_id, "State"),
        "COMPLETED"
    );
    let points = table(&view, "backup", "recovery-points");
    assert_eq!(cell(points, point_arn, "Lifecycle stage"), "WARM");
    assert!(cell(points, point_arn, "Cold at").is_i64());
    let timeline = &view["services"][0]["scopes"][0]["timeline"];
    assert!(
        timeline["upcoming"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["id"] == point_arn
                && u["label"]
                    .as_str()
                    .unwrap()
                    .ends_with("moves to cold storage")),
        "{timeline}"
    );

    advance_clock(&gateway, 2 * 86_400).await;
    let view = get(&gateway, "/_floci/ui/api/view").await.json();
    assert_eq!(
        cell(
            table(&view, "backup", "recovery-points"),
            point_arn,
            "Lifecycle stage"
        ),
        "COLD"
    );
}

#[tokio::test]
async fn opsworks_cm_servers_and_their_next_step_are_in_the_view() {
    let gateway = start_gateway(&[]).await;
    opsworkscm_client(&gateway)
        .await
        .create_server()
        .server_name("dash-chef")
        .engine("ChefAutomate")
        .instance_profile_arn(format!(
            "arn:aws:iam::{ACCOUNT}:instance-profile/aws-opsworks-cm-ec2-role"
        ))
        .instance_type("m5.large")
        .service_role_arn(format!(
            "arn:aws:iam::{ACCOUNT}:role/aws-opsworks-cm-service-role"
        ))
        .send()
        .await
        .expect("CreateServer");
    let view = get(&gateway, "/_floci/ui/api/view").await.json();
    let servers = table(&view, "opsworkscm", "servers");
    assert_eq!(cell(servers, "dash-chef", "Status"), "CREATING");
    assert_eq!(servers["rows"][0]["cli"][1], "describe-servers");
    let service = view["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "opsworkscm")
        .unwrap();
    let upcoming = &service["scopes"][0]["timeline"]["upcoming"];
    assert!(
        upcoming
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["label"] == "Server dash-chef becomes HEALTHY (ends CREATING)"),
        "{upcoming}"
    );
    advance_clock(&gateway, 3600).await;
    let view = get(&gateway, "/_floci/ui/api/view").await.json();
    assert_eq!(
        cell(table(&view, "opsworkscm", "servers"), "dash-chef", "Status"),
        "HEALTHY"
    );
}

#[tokio::test]
async fn the_clock_goes_back_to_system_time_on_request() {
    let gateway = start_gateway(&[]).await;
    advance_clock(&gateway, 86_400).await;
    let (status, body) =
        integration_tests::admin_request(&gateway, "POST", "/_floci/clock", r#"{"reset": true}"#)
            .await;
    assert_eq!(status, 200, "{body}");
    let clock: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(clock["offsetSeconds"], 0.0);
    let (status, body) =
        integration_tests::admin_request(&gateway, "POST", "/_floci/clock", r#"{"reset": false}"#)
            .await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("{\\\"reset\\\": true}"), "{body}");
}

#[tokio::test]
async fn the_switch_turns_the_dashboard_off() {
    let gateway = start_gateway(&[("FLOCI_UI_ENABLED", "false")]).await;
    for path in ["/_floci/ui/", "/_floci/ui/api/view", "/_floci/ui/app.js"] {
        let answer = get(&gateway, path).await;
        assert_eq!(answer.status, 404, "{path}");
        assert!(
            answer.body.contains("FLOCI_UI_ENABLED=false"),
            "{}",
            answer.body
        );
    }
    let browser = request(&gateway, "GET", "/", &[("Accept", "text/html")]).await;
    assert_ne!(browser.status, 302);
}

#[tokio::test]
async fn a_gateway_open_to_the_network_shows_it_only_when_asked() {
    let open = start_gateway(&[("FLOCI_HOST", "0.0.0.0")]).await;
    let answer = get(&open, "/_floci/ui/").await;
    assert_eq!(answer.status, 404);
    assert!(
        answer.body.contains("FLOCI_UI_ENABLED=true"),
        "{}",
        answer.body
    );

    let asked = start_gateway(&[("FLOCI_HOST", "0.0.0.0"), ("FLOCI_UI_ENABLED", "true")]).await;
    assert_eq!(get(&asked, "/_floci/ui/").await.status, 200);
}
