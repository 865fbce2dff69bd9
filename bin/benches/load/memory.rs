//! `FLOCI_BENCH_ONLY=memory`: the memory of a working gateway (issue 20, item 3). On a fresh
//! gateway, the resident set idle, after its first Backup call and after a warm-up of every
//! Backup operation group (`WARM_UP`), each split by mapping class from `/proc/<pid>/smaps`:
//! the binary's code, read-only data and writable data, the shared libraries, the heap and the
//! rest of the anonymous memory (thread stacks, malloc arenas). "anonymous" in a file mapping is
//! a page the process wrote to (a relocation applied at start, a static written later).

use std::collections::BTreeMap;
use std::time::Duration;

use crate::backup_requests::{self, encode, Call, Caller};
use crate::generator;
use crate::processes::{Pinning, Server};
use crate::{start, Target};

const REGION: &str = "us-east-1";
const VAULT: &str = "warm-vault";

/// Resident and anonymous KiB of one mapping class.
#[derive(Clone, Copy, Default)]
struct Resident {
    rss_kib: u64,
    anonymous_kib: u64,
}

/// The resident set by mapping class, in a fixed order.
struct Breakdown {
    classes: BTreeMap<&'static str, Resident>,
    vm_rss_kib: u64,
}

const CLASSES: [&str; 7] = [
    "binary: code (r-x)",
    "binary: read-only data (r--)",
    "binary: writable data (rw-)",
    "shared libraries",
    "heap ([heap])",
    "other anonymous (stacks, arenas)",
    "kernel ([vdso], [vvar])",
];

fn kib(line: &str, field: &str) -> Option<u64> {
    line.strip_prefix(field)?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

fn breakdown(pid: u32) -> Breakdown {
    let exe = std::fs::read_link(format!("/proc/{pid}/exe"))
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    let smaps = std::fs::read_to_string(format!("/proc/{pid}/smaps")).expect("read smaps");
    let mut classes: BTreeMap<&'static str, Resident> =
        CLASSES.iter().map(|c| (*c, Resident::default())).collect();
    let mut class = CLASSES[5];
    for line in smaps.lines() {
        let first = line.split_whitespace().next().unwrap_or_default();
        if first.contains('-') && !first.ends_with(':') {
            // A mapping's header: address range, permissions, offset, device, inode, path.
            let fields: Vec<&str> = line.split_whitespace().collect();
            let perms = fields.get(1).copied().unwrap_or_default();
            let path = fields.get(5..).map(|p| p.join(" ")).unwrap_or_default();
            class = if !exe.is_empty() && path == exe {
                match perms {
                    p if p.contains('x') => CLASSES[0],
                    p if p.contains('w') => CLASSES[2],
                    _ => CLASSES[1],
                }
            } else if path == "[heap]" {
                CLASSES[4]
            } else if path == "[vdso]" || path == "[vvar]" || path == "[vsyscall]" {
                CLASSES[6]
            } else if path.starts_with('/') {
                CLASSES[3]
            } else {
                CLASSES[5]
            };
        } else if let Some(rss) = kib(line, "Rss:") {
            classes.get_mut(class).expect("a class").rss_kib += rss;
        } else if let Some(anonymous) = kib(line, "Anonymous:") {
            classes.get_mut(class).expect("a class").anonymous_kib += anonymous;
        }
    }
    let vm_rss_kib = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| s.lines().find_map(|l| kib(l, "VmRSS:")))
        .unwrap_or_default();
    Breakdown {
        classes,
        vm_rss_kib,
    }
}

fn mib(kib: u64) -> String {
    format!("{:.2}", kib as f64 / 1024.0)
}

/// The answer's body as JSON (empty object when it has none).
fn call(runtime: &tokio::runtime::Runtime, server: &Server, caller: &Caller, call: Call) -> String {
    let outcome = runtime
        .block_on(generator::run(
            server.addr,
            vec![vec![caller.request(&call)]],
        ))
        .expect_success(&format!("{call:?}"));
    String::from_utf8_lossy(&outcome.last_body).into_owned()
}

fn field(body: &str, name: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(body).expect("a JSON answer");
    value[name]
        .as_str()
        .unwrap_or_else(|| panic!("{name} in {body}"))
        .to_owned()
}

/// The warm-up: calls over every Backup operation group, each answered with a 2xx.
fn warm_up(runtime: &tokio::runtime::Runtime, server: &Server, caller: &Caller) -> usize {
    let account = caller.account().to_owned();
    let role = format!("arn:aws:iam::{account}:role/service-role/AWSBackupDefaultServiceRole");
    let vault_arn = format!("arn:aws:backup:{REGION}:{account}:backup-vault:{VAULT}");
    let get = |path: &str, query: &str| Call::new("GET", path.to_owned(), query, None);
    let with_body = |method, path: String, body: serde_json::Value| {
        Call::new(method, path, "", Some(body.to_string()))
    };
    let mut calls = 0;
    let mut run = |c: Call| {
        calls += 1;
        call(runtime, server, caller, c)
    };
    // Vaults: describe, list, access policy, notifications, lock, tags.
    run(backup_requests::describe_backup_vault(VAULT));
    run(backup_requests::list_backup_vaults(10));
    run(with_body(
        "PUT",
        format!("/backup-vaults/{VAULT}/access-policy"),
        serde_json::json!({ "Policy": format!("{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"backup:DeleteRecoveryPoint\",\"Resource\":\"*\"}}]}}") }),
    ));
    run(get(&format!("/backup-vaults/{VAULT}/access-policy"), ""));
    run(with_body(
        "PUT",
        format!("/backup-vaults/{VAULT}/vault-lock"),
        serde_json::json!({ "MinRetentionDays": 1 }),
    ));
    run(with_body(
        "POST",
        format!("/tags/{}", encode(&vault_arn)),
        serde_json::json!({ "Tags": { "team": "bench" } }),
    ));
    run(get(&format!("/tags/{}/", encode(&vault_arn)), ""));
    // Backup jobs and recovery points.
    let job = run(backup_requests::start_backup_job(&account, VAULT));
    let job_id = field(&job, "BackupJobId");
    // Completed within the call (`FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS=0`).
    let described = run(get(&format!("/backup-jobs/{}", encode(&job_id)), ""));
    let point_arn = field(&described, "RecoveryPointArn");
    run(get("/backup-jobs/", "maxResults=10"));
    run(backup_requests::list_recovery_points_by_backup_vault(
        VAULT, 10, None,
    ));
    run(get(
        &format!(
            "/backup-vaults/{VAULT}/recovery-points/{}",
            encode(&point_arn)
        ),
        "",
    ));
    run(get("/resources/", ""));
    // Restore and copy jobs.
    run(with_body(
        "PUT",
        "/restore-jobs".to_owned(),
        serde_json::json!({ "RecoveryPointArn": point_arn, "IamRoleArn": role, "Metadata": {} }),
    ));
    run(get("/restore-jobs/", ""));
    run(with_body(
        "PUT",
        "/copy-jobs".to_owned(),
        serde_json::json!({
            "RecoveryPointArn": point_arn,
            "SourceBackupVaultName": VAULT,
            "DestinationBackupVaultArn": vault_arn,
            "IamRoleArn": role,
        }),
    ));
    run(get("/copy-jobs/", ""));
    // Plans and selections.
    let plan = run(with_body(
        "PUT",
        "/backup/plans/".to_owned(),
        serde_json::json!({ "BackupPlan": { "BackupPlanName": "warm-plan", "Rules": [{
            "RuleName": "daily", "TargetBackupVaultName": VAULT,
            "ScheduleExpression": "cron(0 5 ? * * *)",
            "Lifecycle": { "DeleteAfterDays": 35 } }] } }),
    ));
    let plan_id = field(&plan, "BackupPlanId");
    run(with_body(
        "PUT",
        format!("/backup/plans/{plan_id}/selections/"),
        serde_json::json!({ "BackupSelection": { "SelectionName": "all", "IamRoleArn": role,
            "Resources": ["*"] } }),
    ));
    run(get(&format!("/backup/plans/{plan_id}/"), ""));
    run(get("/backup/plans/", ""));
    // Frameworks, report plans, legal holds, restore testing.
    run(with_body(
        "POST",
        "/audit/frameworks".to_owned(),
        serde_json::json!({ "FrameworkName": "warm_framework", "FrameworkControls": [{
            "ControlName": "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED" }] }),
    ));
    run(get("/audit/frameworks", ""));
    run(with_body(
        "POST",
        "/audit/report-plans".to_owned(),
        serde_json::json!({ "ReportPlanName": "warm_report",
            "ReportDeliveryChannel": { "S3BucketName": "reports" },
            "ReportSetting": { "ReportTemplate": "BACKUP_JOB_REPORT" } }),
    ));
    run(get("/audit/report-plans", ""));
    run(with_body(
        "POST",
        "/legal-holds/".to_owned(),
        serde_json::json!({ "Title": "warm", "Description": "bench" }),
    ));
    run(get("/legal-holds/", ""));
    run(get("/restore-testing/plans", ""));
    run(get("/audit/backup-job-summaries", ""));
    // Settings.
    run(get("/account-settings", ""));
    run(get("/global-settings", ""));
    run(get("/supported-resource-types", ""));
    calls
}

/// `FLOCI_BENCH_ONLY=memory`: prints the table (see the module's doc).
pub fn memory(runtime: &tokio::runtime::Runtime, pinning: Pinning) {
    let server = start(Target::Gateway, pinning);
    let caller = Caller::new("300000000020", &server.host());
    let settle = || std::thread::sleep(Duration::from_millis(200));
    settle();
    let idle = breakdown(server.pid());
    call(
        runtime,
        &server,
        &caller,
        backup_requests::create_backup_vault(VAULT),
    );
    settle();
    let first = breakdown(server.pid());
    let calls = warm_up(runtime, &server, &caller);
    settle();
    let warm = breakdown(server.pid());
    let binary = std::fs::read_link(format!("/proc/{}/exe", server.pid()))
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let mut table = format!(
        "Memory of `{binary}` (MiB; resident / of which anonymous), idle, after the first \
         Backup call (CreateBackupVault) and after {calls} more calls over every Backup \
         operation group:\n\n| mapping class | idle | after the first call | after the warm-up |\n|---|---|---|---|\n"
    );
    for class in CLASSES {
        let cells: Vec<String> = [&idle, &first, &warm]
            .iter()
            .map(|b| {
                let r = b.classes[class];
                format!("{} / {}", mib(r.rss_kib), mib(r.anonymous_kib))
            })
            .collect();
        table.push_str(&format!("| {class} | {} |\n", cells.join(" | ")));
    }
    let totals: Vec<String> = [&idle, &first, &warm]
        .iter()
        .map(|b| {
            let anonymous: u64 = b.classes.values().map(|r| r.anonymous_kib).sum();
            format!("**{}** / {}", mib(b.vm_rss_kib), mib(anonymous))
        })
        .collect();
    table.push_str(&format!("| VmRSS | {} |\n", totals.join(" | ")));
    println!("{table}");
}
