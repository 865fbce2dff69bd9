//! The Backup plan scheduler under load: 100,000 pending rule runs.
//!
//! 1. The queue alone (`backup::scheduler::RunQueue`): time to arm 100,000 runs, heap bytes per
//!    pending run (a counting allocator), time to take a due batch of 10,000 off it.
//! 2. The whole service: 100,000 plans (100 accounts × 1,000 plans, one rule each) armed through
//!    CreateBackupPlan; 10,000 of them hourly with a one-volume selection, the rest yearly. The
//!    clock moves one hour and one request settles the due batch: 10,000 rules fire and start
//!    (and, with a completion delay of 0, complete) 10,000 backup jobs.
//! 3. Idle: the timer tasks running on a Tokio runtime with 100,000 runs pending, after a 200 ms
//!    settling turn; the process's CPU time (getrusage) over one second of wall time.
//!
//! Prints a table and writes it to `target/bench-results/scheduler.md`. Run with `just bench`
//! (or `cargo bench -p backup --bench scheduler`).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use backup::scheduler::{RuleKey, RunQueue};
use backup::BackupService;
use emulator_core::{Clock, RequestContext, Service, ServiceSettings};
use serde_json::{json, Value};

/// Heap bytes in use, kept by [`Counting`].
static LIVE_BYTES: AtomicIsize = AtomicIsize::new(0);

/// The system allocator, counting live bytes.
struct Counting;

// SAFETY: every call is forwarded to `System` unchanged; only a counter is added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE_BYTES.fetch_add(layout.size() as isize, Ordering::Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE_BYTES.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE_BYTES.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const PENDING: usize = 100_000;
const DUE: usize = 10_000;
const ACCOUNTS: usize = 100;
const DUE_ACCOUNTS: usize = DUE * ACCOUNTS / PENDING;
const HOUR: i64 = 3600;

/// User plus system CPU time of this process.
fn cpu_time() -> Duration {
    // SAFETY: getrusage only writes the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let micros = |t: libc::timeval| t.tv_sec as u64 * 1_000_000 + t.tv_usec as u64;
    Duration::from_micros(micros(usage.ru_utime) + micros(usage.ru_stime))
}

fn ms(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}

/// Part 1: the queue alone.
fn queue_alone(rows: &mut Vec<(String, String)>) {
    let clock = Arc::new(Clock::default());
    let queue = RunQueue::new(clock.clone());
    let now = clock.now();
    let before = LIVE_BYTES.load(Ordering::Relaxed);
    let keys: Vec<(RuleKey, String)> = (0..PENDING)
        .map(|i| {
            let key = RuleKey::new(
                format!("{:012}", 100_000_000_000 + i % ACCOUNTS),
                "us-east-1",
                uuid::Uuid::new_v4().to_string(),
                uuid::Uuid::new_v4().to_string(),
            );
            (key, format!("{:048}", i))
        })
        .collect();
    let started = Instant::now();
    for (i, (key, version)) in keys.into_iter().enumerate() {
        // The first DUE runs fall within the hour, the rest over the following year.
        let offset = if i < DUE {
            1 + (i as i64 % HOUR)
        } else {
            HOUR + 1 + (i as i64 * 317) % (365 * 24 * HOUR)
        };
        queue.arm(key, version, now.plus_seconds(offset));
    }
    let arm_time = started.elapsed();
    // Everything a pending run holds: its identifiers and version, its heap entry, its arming.
    let bytes = LIVE_BYTES.load(Ordering::Relaxed) - before;
    rows.push((
        format!("queue: arm {PENDING} runs"),
        format!(
            "{} ({:.0} ns/run)",
            ms(arm_time),
            arm_time.as_nanos() as f64 / PENDING as f64
        ),
    ));
    rows.push((
        "queue: heap bytes per pending run (ids, version, heap entry, arming)".into(),
        format!("{} B", bytes / PENDING as isize),
    ));
    let started = Instant::now();
    let due = queue.pop_due(now.plus_seconds(HOUR));
    let pop_time = started.elapsed();
    assert_eq!(due.len(), DUE);
    assert!(due.iter().all(|run| queue.is_current(run)));
    rows.push((format!("queue: take a due batch of {DUE}"), ms(pop_time)));
}

async fn call(svc: &BackupService, ctx: &RequestContext, operation: &str, input: Value) -> Value {
    match svc.call_value(ctx, operation, input).await {
        Ok(output) => output,
        Err(error) => panic!("{operation}: {error}"),
    }
}

/// Part 2 and 3: the whole service.
fn whole_service(rows: &mut Vec<(String, String)>) {
    let clock = Arc::new(Clock::default());
    let vars = vec![(
        "FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS".to_owned(),
        "0".to_owned(),
    )];
    let settings = ServiceSettings::new("backup", Arc::new(vars), Arc::default(), clock.clone());
    let svc = BackupService::new_shared(&settings).expect("service");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let contexts: Vec<RequestContext> = (0..ACCOUNTS)
        .map(|a| RequestContext::new(format!("{:012}", 100_000_000_000 + a), "us-east-1"))
        .collect();

    // One future that never waits: the timer tasks spawned meanwhile do not run until the idle
    // phase, so the due batch below is fired by the measured request and nothing else.
    let setup = runtime.block_on(async {
        let started = Instant::now();
        for (a, ctx) in contexts.iter().enumerate() {
            call(&svc, ctx, "CreateBackupVault", json!({ "BackupVaultName": "vault" })).await;
            let due = a < DUE_ACCOUNTS;
            for p in 0..PENDING / ACCOUNTS {
                let cron = if due { "cron(0 * ? * * *)" } else { "cron(0 5 1 1 ? *)" };
                let plan = call(
                    &svc,
                    ctx,
                    "CreateBackupPlan",
                    json!({ "BackupPlan": {
                        "BackupPlanName": format!("plan-{p}"),
                        "Rules": [{
                            "RuleName": "rule",
                            "TargetBackupVaultName": "vault",
                            "ScheduleExpression": cron,
                        }],
                    }}),
                )
                .await;
                if due {
                    let plan_id = plan["BackupPlanId"].as_str().expect("plan id").to_owned();
                    call(
                        &svc,
                        ctx,
                        "CreateBackupSelection",
                        json!({
                            "BackupPlanId": plan_id,
                            "BackupSelection": {
                                "SelectionName": "one-volume",
                                "IamRoleArn": format!("arn:aws:iam::{}:role/backup", ctx.account_id),
                                "Resources": [format!(
                                    "arn:aws:ec2:us-east-1:{}:volume/vol-{p:017x}",
                                    ctx.account_id
                                )],
                            },
                        }),
                    )
                    .await;
                }
            }
        }
        started.elapsed()
    });
    rows.push((
        format!("service: {PENDING} CreateBackupPlan calls, each arming its rule"),
        format!(
            "{} ({:.1} µs/plan, selections for {DUE} included)",
            ms(setup),
            setup.as_micros() as f64 / PENDING as f64
        ),
    ));

    clock.advance(HOUR as f64);
    let first = &contexts[0];
    let fired = runtime.block_on(async {
        let started = Instant::now();
        call(&svc, first, "ListBackupVaults", json!({})).await;
        started.elapsed()
    });
    let jobs: usize = runtime.block_on(async {
        let mut total = 0;
        for ctx in &contexts[..DUE_ACCOUNTS] {
            let listed = call(&svc, ctx, "ListBackupJobs", json!({})).await;
            total += listed["BackupJobs"].as_array().map_or(0, Vec::len);
        }
        total
    });
    assert_eq!(jobs, DUE, "every due rule started its job");
    rows.push((
        format!("service: fire a due batch of {DUE} rules ({DUE} jobs started and completed)"),
        format!(
            "{} ({:.1} µs/rule)",
            ms(fired),
            fired.as_micros() as f64 / DUE as f64
        ),
    ));

    // Idle: the timer tasks now run (the runtime is driven by the sleeps) with every rule armed.
    // Their first turn handles the wake-ups queued while they were not running; after that they
    // sleep until the next run is due.
    runtime.block_on(async { tokio::time::sleep(Duration::from_millis(200)).await });
    let cpu_before = cpu_time();
    let wall = Instant::now();
    runtime.block_on(async { tokio::time::sleep(Duration::from_secs(1)).await });
    let idle_cpu = cpu_time() - cpu_before;
    rows.push((
        format!(
            "idle: process CPU over {:.2} s wall, {PENDING} runs pending",
            wall.elapsed().as_secs_f64()
        ),
        format!("{} µs", idle_cpu.as_micros()),
    ));
}

/// CPU time of one idle second of a runtime with nothing scheduled: what idle costs anyway.
fn idle_baseline(rows: &mut Vec<(String, String)>) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async { tokio::time::sleep(Duration::from_millis(200)).await });
    let cpu_before = cpu_time();
    runtime.block_on(async { tokio::time::sleep(Duration::from_secs(1)).await });
    rows.push((
        "idle baseline: process CPU over 1 s of an empty runtime".into(),
        format!("{} µs", (cpu_time() - cpu_before).as_micros()),
    ));
}

fn main() {
    let mut rows = Vec::new();
    idle_baseline(&mut rows);
    queue_alone(&mut rows);
    whole_service(&mut rows);
    let width = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let mut table = format!(
        "| {:width$} | result |\n|{}|--------|\n",
        "measure",
        "-".repeat(width + 2)
    );
    for (measure, result) in &rows {
        table.push_str(&format!("| {measure:width$} | {result} |\n"));
    }
    println!("\n{table}");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-results");
    if std::fs::create_dir_all(&dir).is_ok() {
        let _ = std::fs::write(dir.join("scheduler.md"), &table);
    }
}
