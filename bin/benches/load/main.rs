//! Throughput, latency and memory of the gateway under AWS Backup load shaped as the SDK sends
//! it, next to the ceiling of this machine: a bare hyper server answering a fixed JSON body.
//!
//! 1. Throughput and p50/p99 latency at concurrency 1, 16 and 64 for DescribeBackupVault,
//!    CreateBackupVault (unique names), ListBackupVaults (first page of 100 out of 1,000 vaults)
//!    and a mixed Backup flow, against the gateway and against the ceiling; gateway / ceiling.
//! 2. Memory at scale, on a fresh gateway: RSS idle, after 10,000 vaults, after 1,000,000
//!    recovery points written by StartBackupJob (jobs complete inside the call with
//!    `FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS=0`).
//! 3. A page of ListRecoveryPointsByBackupVault out of 1,000 and out of 1,000,000 points.
//!
//! The server runs pinned to one core and the load generator to the other (where the machine
//! has two). The gateway binary is `FLOCI_BENCH_GATEWAY` (`just bench` passes the static
//! distribution build), else the one cargo built. Prints the tables and writes them to
//! `target/bench-results/load.md`. Smaller runs for a quick look: `FLOCI_BENCH_REQUESTS`,
//! `FLOCI_BENCH_RECOVERY_POINTS`. To profile one workload: `FLOCI_BENCH_ONLY=describe` (or
//! `create`, `list`, `mixed`, or `points`: the first page of ListRecoveryPointsByBackupVault out
//! of 1,000 points) runs just that workload on the gateway, at concurrency 64 or
//! `FLOCI_BENCH_CONCURRENCY`, after printing the gateway's pid and waiting 2 s for a profiler to
//! attach (`perf record -p`), and prints its throughput, latency and server CPU per request; the
//! gateway stays up 3 s after the run. `FLOCI_BENCH_ONLY=weight` measures only what a recovery
//! point with its backup job weighs in RSS, over `FLOCI_BENCH_RECOVERY_POINTS` points (100,000
//! is enough). `FLOCI_BENCH_ONLY=memory` measures only the memory of a working gateway by mapping
//! class: idle, after its first Backup call and after a warm-up of every operation group.

mod backup_requests;
mod ceiling;
#[path = "../support/figures.rs"]
mod figures;
mod generator;
mod memory;
#[path = "../support/probes.rs"]
mod probes;
mod processes;
mod report;
mod runs;
mod scale;
mod workloads;

use std::process::Command;
use std::time::Duration;

use backup_requests::Caller;
use figures::{latency, load_average, machine};
use processes::{Pinning, Server};
use report::Context;
use runs::{measure, median, Row};
use workloads::{PROFILED_ONLY, WORKLOADS};

const CONCURRENCY: [usize; 3] = [1, 16, 64];
/// Measured runs per workload, concurrency and server.
const ROUNDS: usize = 3;
/// Concurrency of the bulk loads that build state.
const BULK_CONCURRENCY: usize = 64;

/// Sizes of the run, from the environment for quick looks.
pub struct Settings {
    pub requests: usize,
    pub warmup: usize,
    pub large_vault_points: usize,
}

impl Settings {
    fn from_env() -> Self {
        let number = |name: &str, default: usize| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.replace('_', "").parse().ok())
                .unwrap_or(default)
        };
        let requests = number("FLOCI_BENCH_REQUESTS", 20_000);
        Self {
            requests,
            warmup: (requests / 10).max(64),
            large_vault_points: number("FLOCI_BENCH_RECOVERY_POINTS", 1_000_000),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Gateway,
    Ceiling,
}

pub fn gateway_binary() -> String {
    std::env::var("FLOCI_BENCH_GATEWAY")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_floci-gateway").to_owned())
}

pub fn start(target: Target, pinning: Pinning) -> Server {
    let port = probes::free_port();
    let command = match target {
        Target::Gateway => {
            let mut command = Command::new(gateway_binary());
            command
                .env("FLOCI_PORT", port.to_string())
                .env("FLOCI_HOST", "127.0.0.1")
                .env("FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS", "0");
            command
        }
        Target::Ceiling => {
            let mut command = Command::new(std::env::current_exe().expect("the benchmark binary"));
            command.env(ceiling::PORT_VARIABLE, port.to_string());
            command
        }
    };
    Server::start(command, port, pinning.server)
}

/// A 12-digit account id (the access key id names the account), one per workload and
/// concurrency so that every run starts from the same state.
fn account(workload: usize, concurrency: usize) -> String {
    format!(
        "{}",
        200_000_000_000_u64 + (workload * 10 + concurrency) as u64
    )
}

/// `FLOCI_BENCH_ONLY`: one workload on the gateway, for a profiler.
fn profile(runtime: &tokio::runtime::Runtime, pinning: Pinning, settings: &Settings, only: &str) {
    let workload = WORKLOADS
        .into_iter()
        .chain(PROFILED_ONLY)
        .find(|w| w.key() == only)
        .unwrap_or_else(|| {
            panic!(
                "FLOCI_BENCH_ONLY takes describe, create, list, mixed, points, weight or memory, not {only}"
            )
        });
    let server = start(Target::Gateway, pinning);
    let caller = Caller::new(&account(0, 0), &server.host());
    let setup = workload.setup(&caller);
    if !setup.is_empty() {
        runtime
            .block_on(generator::run(
                server.addr,
                generator::deal(setup, BULK_CONCURRENCY),
            ))
            .expect_success("setup");
    }
    let fill = workload.fill(&caller);
    if !fill.is_empty() {
        runtime
            .block_on(generator::run(
                server.addr,
                generator::deal(fill, BULK_CONCURRENCY),
            ))
            .expect_success("fill");
    }
    let concurrency = std::env::var("FLOCI_BENCH_CONCURRENCY")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(BULK_CONCURRENCY);
    let requests = workload.requests(&caller, "run", settings.requests, concurrency);
    eprintln!("gateway pid {}; starting in 2 s", server.pid());
    std::thread::sleep(Duration::from_secs(2));
    let run = measure(runtime, &server, requests, workload.name());
    println!(
        "{} c={concurrency}: {:.0} req/s, p50 {}, p99 {}, CPU {:.2} µs/request",
        workload.name(),
        run.outcome.throughput(),
        latency(run.outcome.percentile(0.5)),
        latency(run.outcome.percentile(0.99)),
        run.cpu_per_request().as_secs_f64() * 1e6,
    );
    // Still running, for a profiler to take its data (`callgrind_control --dump`).
    std::thread::sleep(Duration::from_secs(3));
}

fn throughput(
    runtime: &tokio::runtime::Runtime,
    pinning: Pinning,
    settings: &Settings,
) -> Vec<Row> {
    let gateway = start(Target::Gateway, pinning);
    let ceiling = start(Target::Ceiling, pinning);
    let mut rows = Vec::new();
    for (w, workload) in WORKLOADS.into_iter().enumerate() {
        for (c, concurrency) in CONCURRENCY.into_iter().enumerate() {
            let on_gateway = Caller::new(&account(w, c), &gateway.host());
            let on_ceiling = Caller::new(&account(w, c), &ceiling.host());
            let setup = workload.setup(&on_gateway);
            if !setup.is_empty() {
                measure(
                    runtime,
                    &gateway,
                    generator::deal(setup, BULK_CONCURRENCY),
                    "setup",
                );
            }
            for (server, caller) in [(&gateway, &on_gateway), (&ceiling, &on_ceiling)] {
                let warmup = workload.requests(caller, "warm", settings.warmup, concurrency);
                measure(runtime, server, warmup, workload.name());
            }
            // Rounds alternate between the servers, so both see the same machine; each keeps
            // its median run, which one disturbed run cannot move.
            let mut gateway_runs = Vec::with_capacity(ROUNDS);
            let mut ceiling_runs = Vec::with_capacity(ROUNDS);
            for round in 0..ROUNDS {
                let tag = format!("run{round}");
                gateway_runs.push(measure(
                    runtime,
                    &gateway,
                    workload.requests(&on_gateway, &tag, settings.requests, concurrency),
                    workload.name(),
                ));
                ceiling_runs.push(measure(
                    runtime,
                    &ceiling,
                    workload.requests(&on_ceiling, &tag, settings.requests, concurrency),
                    workload.name(),
                ));
            }
            let gateway_run = median(gateway_runs, |run| run.outcome.throughput());
            let ceiling_run = median(ceiling_runs, |run| run.outcome.throughput());
            for (name, run) in [("gateway", &gateway_run), ("ceiling", &ceiling_run)] {
                eprintln!(
                    "{name} {} c={concurrency}: {:.0} req/s, p50 {}, p99 {}, CPU {:.1} µs/request",
                    workload.name(),
                    run.outcome.throughput(),
                    latency(run.outcome.percentile(0.5)),
                    latency(run.outcome.percentile(0.99)),
                    run.cpu_per_request().as_secs_f64() * 1e6,
                );
            }
            rows.push(Row {
                workload,
                concurrency,
                gateway: gateway_run,
                ceiling: ceiling_run,
            });
        }
    }
    rows
}

fn main() {
    if let Ok(port) = std::env::var(ceiling::PORT_VARIABLE) {
        ceiling::serve(port.parse().expect("a port number"));
    }
    let settings = Settings::from_env();
    // Before pinning, which narrows what this process sees to one core.
    let machine = machine();
    let pinning = Pinning::plan();
    if let Some(cpu) = pinning.client {
        processes::pin_current_thread(cpu).expect("pin the load generator");
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime");
    if let Ok(only) = std::env::var("FLOCI_BENCH_ONLY") {
        if only == "weight" {
            scale::weight(&runtime, pinning, &settings);
            return;
        }
        if only == "memory" {
            memory::memory(&runtime, pinning);
            return;
        }
        profile(&runtime, pinning, &settings, &only);
        return;
    }
    let load_before = load_average();
    let rows = throughput(&runtime, pinning, &settings);
    let scale = scale::scale(&runtime, pinning, &settings);
    let load_after = load_average();
    let context = Context {
        machine: &machine,
        pinning,
        load_before: &load_before,
        load_after: &load_after,
    };
    let table = report::report(&rows, &scale, &settings, &context);
    println!("{table}");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench-results");
    if std::fs::create_dir_all(&dir).is_ok() {
        let _ = std::fs::write(dir.join("load.md"), &table);
    }
}
