//! Persistent mode at two sizes of state (issue 20): does a request's cost grow with the
//! region it touches?
//!
//! For each size (100 and 100,000 recovery points, `FLOCI_BENCH_PERSISTED_POINTS` for the
//! larger), a gateway in `FLOCI_STORAGE_MODE=persistent` creates a vault and the points through
//! StartBackupJob (jobs complete inside the call), all in one region, and is killed (SIGKILL).
//! Each point carries [`POINT_TAGS`] tags (`RecoveryPointTags`, as a plan's rules give them;
//! `FLOCI_BENCH_POINT_TAGS` for another number, 0 for none), so the region's tags grow with it.
//! A fresh gateway then starts on the same directory: the time from spawning it to its first
//! health answer and its resident set size once idle are recorded, with the database's size.
//! The two restarted gateways then take turns (so that both see the same machine) at
//! CreateBackupVault (a new vault each call, in the points' region) and DescribeBackupVault (of
//! the points' vault), one caller, for [`ROUNDS`] rounds; each keeps its median p50. Both
//! servers run pinned to one core, the load generator to the other. The gateway binary is
//! `FLOCI_BENCH_GATEWAY`, else the one cargo built. Prints a table and writes it to
//! `target/bench-results/persistence.md`.

// Shared with the load benchmark, which uses more of them.
#[allow(dead_code)]
#[path = "load/backup_requests.rs"]
mod backup_requests;
#[allow(dead_code)]
#[path = "load/generator.rs"]
mod generator;
#[allow(dead_code)]
#[path = "support/probes.rs"]
mod probes;
#[allow(dead_code)]
#[path = "load/processes.rs"]
mod processes;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use backup_requests::{Call, Caller};
use processes::{Pinning, Server};

/// Measured rounds per operation and size.
const ROUNDS: usize = 3;
/// Requests per measured run, and before it to warm up.
const REQUESTS: usize = 300;
const WARMUP: usize = 30;
/// Concurrency of the load that builds the state.
const BULK_CONCURRENCY: usize = 64;
/// Tags per recovery point, unless `FLOCI_BENCH_POINT_TAGS` says otherwise.
const POINT_TAGS: usize = 2;
/// The account and the vault holding the points.
const ACCOUNT: &str = "400000000001";
const VAULT: &str = "persisted-points";

fn gateway(dir: &Path, pinning: Pinning) -> (Server, Duration) {
    let port = probes::free_port();
    let binary = std::env::var("FLOCI_BENCH_GATEWAY")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_floci-gateway").to_owned());
    let mut command = Command::new(binary);
    command
        .env("FLOCI_PORT", port.to_string())
        .env("FLOCI_HOST", "127.0.0.1")
        .env("FLOCI_STORAGE_MODE", "persistent")
        .env("FLOCI_STORAGE_PERSISTENT_PATH", dir)
        .env("FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS", "0");
    let started = Instant::now();
    let server = Server::start(command, port, pinning.server);
    (server, started.elapsed())
}

fn run(
    runtime: &tokio::runtime::Runtime,
    server: &Server,
    requests: Vec<generator::Request>,
    workers: usize,
    what: &str,
) -> generator::Outcome {
    runtime
        .block_on(generator::run(
            server.addr,
            generator::deal(requests, workers),
        ))
        .expect_success(what)
}

/// Fills `dir` with a vault of `points` recovery points, through a gateway then killed.
fn fill(
    runtime: &tokio::runtime::Runtime,
    dir: &Path,
    points: usize,
    pinning: Pinning,
) -> Duration {
    let (server, _) = gateway(dir, pinning);
    let caller = Caller::new(ACCOUNT, &server.host());
    let create = vec![caller.request(&backup_requests::create_backup_vault(VAULT))];
    run(runtime, &server, create, 1, "CreateBackupVault");
    let started = Instant::now();
    let tags = point_tags();
    let jobs = (0..points)
        .map(|point| {
            caller.request(&tagged(
                backup_requests::start_backup_job(ACCOUNT, VAULT),
                point,
                tags,
            ))
        })
        .collect();
    run(runtime, &server, jobs, BULK_CONCURRENCY, "StartBackupJob");
    started.elapsed()
}

/// How many tags each point carries.
fn point_tags() -> usize {
    std::env::var("FLOCI_BENCH_POINT_TAGS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(POINT_TAGS)
}

/// `call` (a StartBackupJob) with `count` `RecoveryPointTags`, one of them unique to the point.
fn tagged(call: Call, point: usize, count: usize) -> Call {
    if count == 0 {
        return call;
    }
    let tags: serde_json::Map<String, serde_json::Value> = (0..count)
        .map(|tag| match tag {
            0 => ("point".to_owned(), format!("p-{point:07}").into()),
            _ => (format!("team-{tag}"), "backup-benchmarks".into()),
        })
        .collect();
    call.with_member("RecoveryPointTags", tags.into())
}

/// What one size measured.
struct Size {
    points: usize,
    fill: Duration,
    start: Duration,
    idle_mib: f64,
    database_mib: f64,
    server: Server,
    caller: Caller,
    create_p50: Vec<Duration>,
    describe_p50: Vec<Duration>,
    created: usize,
}

fn database_mib(dir: &Path) -> f64 {
    let bytes: u64 = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok()?.metadata().ok())
                .filter(|meta| meta.is_file())
                .map(|meta| meta.len())
                .sum()
        })
        .unwrap_or_default();
    bytes as f64 / (1024.0 * 1024.0)
}

fn measure(runtime: &tokio::runtime::Runtime, size: &mut Size) {
    let mut calls = |count: usize, create: bool| -> Vec<generator::Request> {
        (0..count)
            .map(|_| {
                let call: Call = if create {
                    size.created += 1;
                    backup_requests::create_backup_vault(&format!("v-{:06}", size.created))
                } else {
                    backup_requests::describe_backup_vault(VAULT)
                };
                size.caller.request(&call)
            })
            .collect()
    };
    let create_warmup = calls(WARMUP, true);
    let create = calls(REQUESTS, true);
    let describe_warmup = calls(WARMUP, false);
    let describe = calls(REQUESTS, false);
    run(runtime, &size.server, create_warmup, 1, "CreateBackupVault");
    let created = run(runtime, &size.server, create, 1, "CreateBackupVault");
    size.create_p50.push(created.percentile(0.5));
    run(
        runtime,
        &size.server,
        describe_warmup,
        1,
        "DescribeBackupVault",
    );
    let described = run(runtime, &size.server, describe, 1, "DescribeBackupVault");
    size.describe_p50.push(described.percentile(0.5));
}

fn median(values: &[Duration]) -> Duration {
    let mut sorted = values.to_vec();
    sorted.sort();
    sorted[sorted.len() / 2]
}

fn ms(duration: Duration) -> String {
    format!("{:.2} ms", duration.as_secs_f64() * 1000.0)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default()
}

fn main() {
    let large: usize = std::env::var("FLOCI_BENCH_PERSISTED_POINTS")
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(100_000);
    let pinning = Pinning::plan();
    if let Some(cpu) = pinning.client {
        processes::pin_current_thread(cpu).expect("pin the load generator");
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let load_before = load_average();
    let dirs: Vec<tempfile::TempDir> = (0..2).map(|_| tempfile::tempdir().unwrap()).collect();
    let mut sizes: Vec<Size> = [100, large]
        .into_iter()
        .zip(&dirs)
        .map(|(points, dir)| {
            let fill = fill(&runtime, dir.path(), points, pinning);
            let (server, start) = gateway(dir.path(), pinning);
            std::thread::sleep(Duration::from_millis(200));
            let idle_mib = server.rss_mib();
            let caller = Caller::new(ACCOUNT, &server.host());
            Size {
                points,
                fill,
                start,
                idle_mib,
                database_mib: database_mib(dir.path()),
                server,
                caller,
                create_p50: Vec::new(),
                describe_p50: Vec::new(),
                created: 0,
            }
        })
        .collect();
    for _ in 0..ROUNDS {
        for size in &mut sizes {
            measure(&runtime, size);
        }
    }
    let load_after = load_average();

    let mut out = String::new();
    out.push_str(&format!(
        "Persistent mode, one region holding N recovery points (with their backup jobs and \
         idempotency tokens), each point with {} tags; one caller, {REQUESTS} requests per run after {WARMUP} to warm up, \
         median of {ROUNDS} runs' p50, the sizes alternating. {}. Load average before {load_before}, \
         after {load_after}.\n\n",
        point_tags(),
        pinning.describe()
    ));
    out.push_str(
        "| points | filled in (StartBackupJob ×N, 64 callers) | start (spawn to health) | RSS idle after start | database on disk | CreateBackupVault p50 | DescribeBackupVault p50 |\n\
         |---|---|---|---|---|---|---|\n",
    );
    for size in &sizes {
        out.push_str(&format!(
            "| {} | {:.1} s | {} | {:.1} MiB | {:.1} MiB | {} | {} |\n",
            size.points,
            size.fill.as_secs_f64(),
            ms(size.start),
            size.idle_mib,
            size.database_mib,
            ms(median(&size.create_p50)),
            ms(median(&size.describe_p50)),
        ));
    }
    let ratio = |f: fn(&Size) -> Duration| f(&sizes[1]).as_secs_f64() / f(&sizes[0]).as_secs_f64();
    let create = ratio(|s| median(&s.create_p50));
    let describe = ratio(|s| median(&s.describe_p50));
    let verdict = |r: f64| if r <= 1.5 { "met" } else { "missed" };
    out.push_str(&format!(
        "\n{large} / 100: CreateBackupVault p50 {create:.2}x, DescribeBackupVault p50 \
         {describe:.2}x (target at most 1.5x: {} and {}).\n",
        verdict(create),
        verdict(describe)
    ));
    print!("{out}");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("target")
        .join("bench-results");
    if std::fs::create_dir_all(&dir).is_ok() {
        let _ = std::fs::write(dir.join("persistence.md"), &out);
    }
}
