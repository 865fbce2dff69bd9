//! The gateway next to its peers in one run (`just bench-peers`): ministack and moto, installed
//! by the recipe from PyPI at pinned versions into a private virtual environment
//! (`FLOCI_BENCH_PEERS_VENV`), get the same SDK-shaped Backup workloads as the gateway
//! (DescribeBackupVault, CreateBackupVault, ListBackupVaults of 1,000, the mixed flow) at the
//! same concurrency, each server pinned to the same core and the load generator to the other.
//!
//! Prints one table (req/s, p50, p99, server CPU per request, RSS, and the gateway's ratio to
//! each peer) and writes it to `target/bench-results/peers.md`. A workload a peer does not
//! serve (its warm-up gets an error) is reported as such, with the answer it gave, and left out
//! of the ratios. `FLOCI_BENCH_CONCURRENCY` (default 16), `FLOCI_BENCH_REQUESTS` (requests per
//! gateway run, default 20,000) and `FLOCI_BENCH_PEER_REQUESTS` (per peer run, default 2,000:
//! the peers are two orders of magnitude slower, and a run only has to be long enough to be
//! steady) size the run.

// The load benchmark's memory warm-up uses its constructor for any operation.
#[allow(dead_code)]
#[path = "../load/backup_requests.rs"]
mod backup_requests;
#[path = "../support/figures.rs"]
mod figures;
#[path = "../load/generator.rs"]
mod generator;
#[path = "../support/probes.rs"]
mod probes;
// Shared with the load benchmark, which uses the items this one does not (a profiler's pid, the
// gateway-against-ceiling rows, the workloads' short names).
#[allow(dead_code)]
#[path = "../load/processes.rs"]
mod processes;
#[allow(dead_code)]
#[path = "../load/runs.rs"]
mod runs;
#[allow(dead_code)]
#[path = "../load/workloads.rs"]
mod workloads;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use backup_requests::Caller;
use figures::{latency, load_average, machine, thousands};
use processes::{Pinning, Server};
use runs::{measure, median, Run};
use workloads::{Workload, WORKLOADS};

/// Measured runs per workload and server; each server keeps its median.
const ROUNDS: usize = 3;
/// Concurrency of the bulk loads that build state.
const BULK_CONCURRENCY: usize = 16;

/// A server under test.
struct Contender {
    name: &'static str,
    version: String,
    /// Requests per measured run.
    requests: usize,
    /// Which multiple of this peer's cost the gateway must beat (none for the gateway).
    target: Option<f64>,
    server: Server,
}

/// What one server did with one workload.
enum Outcome {
    Served(Run),
    /// The peer answered the warm-up with an error: it does not implement the workload.
    NotServed(String),
}

fn number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

fn venv() -> PathBuf {
    PathBuf::from(std::env::var("FLOCI_BENCH_PEERS_VENV").expect(
        "FLOCI_BENCH_PEERS_VENV names the virtual environment with ministack and moto \
         (`just bench-peers` makes it)",
    ))
}

/// The installed version of a Python distribution in the virtual environment.
fn python_version(venv: &Path, distribution: &str) -> String {
    let output = Command::new(venv.join("bin/python"))
        .args([
            "-c",
            &format!("import importlib.metadata as m; print(m.version('{distribution}'))"),
        ])
        .output()
        .expect("the virtual environment's python runs");
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

fn start_gateway(pinning: Pinning) -> Server {
    let port = probes::free_port();
    let binary = std::env::var("FLOCI_BENCH_GATEWAY")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_floci-gateway").to_owned());
    let mut command = Command::new(binary);
    command
        .env("FLOCI_PORT", port.to_string())
        .env("FLOCI_HOST", "127.0.0.1")
        .env("FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS", "0");
    Server::start(command, port, pinning.server)
}

fn start_ministack(venv: &Path, pinning: Pinning) -> Server {
    let port = probes::free_port();
    let mut command = Command::new(venv.join("bin/ministack"));
    command
        .env("GATEWAY_PORT", port.to_string())
        .env("LOG_LEVEL", "WARNING");
    Server::start_checked(
        command,
        port,
        pinning.server,
        "/_ministack/health",
        Duration::from_secs(60),
    )
    .with_whole_process_cpu()
}

fn start_moto(venv: &Path, pinning: Pinning) -> Server {
    let port = probes::free_port();
    let mut command = Command::new(venv.join("bin/moto_server"));
    command.args(["-H", "127.0.0.1", "-p", &port.to_string()]);
    Server::start_checked(
        command,
        port,
        pinning.server,
        "/moto-api/",
        Duration::from_secs(60),
    )
    .with_whole_process_cpu()
}

/// A 12-digit account (the access key id names the account on all three servers), one per
/// workload, so that every workload starts from an empty account.
fn account(workload: usize) -> String {
    format!("{}", 300_000_000_000_u64 + workload as u64)
}

/// Setup, warm-up and `ROUNDS` measured runs of `workload` on every contender; rounds alternate
/// between the servers so that all see the same machine.
fn run_workload(
    runtime: &tokio::runtime::Runtime,
    contenders: &[Contender],
    workload: Workload,
    index: usize,
    concurrency: usize,
) -> Vec<Outcome> {
    let callers: Vec<Caller> = contenders
        .iter()
        .map(|c| Caller::new(&account(index), &c.server.host()))
        .collect();
    let mut served: Vec<Option<String>> = Vec::with_capacity(contenders.len());
    for (contender, caller) in contenders.iter().zip(&callers) {
        let setup = workload.setup(caller);
        let warmup = workload.requests(
            caller,
            "warm",
            (contender.requests / 10).max(64),
            concurrency,
        );
        let mut failure = None;
        for workers in [generator::deal(setup, BULK_CONCURRENCY), warmup] {
            if failure.is_some() || workers.iter().all(Vec::is_empty) {
                continue;
            }
            let outcome = runtime.block_on(generator::run(contender.server.addr, workers));
            if outcome.failed > 0 {
                failure = Some(outcome.first_failure.unwrap_or_default());
            }
        }
        served.push(failure);
    }
    let mut runs: Vec<Vec<Run>> = contenders.iter().map(|_| Vec::new()).collect();
    for round in 0..ROUNDS {
        let tag = format!("run{round}");
        for (i, (contender, caller)) in contenders.iter().zip(&callers).enumerate() {
            if served[i].is_some() {
                continue;
            }
            let requests = workload.requests(caller, &tag, contender.requests, concurrency);
            runs[i].push(measure(
                runtime,
                &contender.server,
                requests,
                workload.name(),
            ));
        }
    }
    runs.into_iter()
        .zip(served)
        .map(|(runs, failure)| match failure {
            Some(answer) => Outcome::NotServed(answer),
            None => Outcome::Served(median(runs, |run| run.outcome.throughput())),
        })
        .collect()
}

fn micros(run: &Run) -> f64 {
    run.cpu_per_request().as_secs_f64() * 1e6
}

/// The first line of a peer's error answer, short enough for a table cell.
fn short(answer: &str) -> String {
    let line = answer.lines().next().unwrap_or_default().replace('|', "/");
    line.chars().take(80).collect()
}

fn report(
    contenders: &[Contender],
    results: &[(Workload, Vec<Outcome>)],
    concurrency: usize,
    context: (&str, Pinning, &str, &str),
) -> String {
    let (machine, pinning, load_before, load_after) = context;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Machine: {machine}; load average {load_before} before, {load_after} after."
    );
    let _ = writeln!(out, "Pinning: {}.", pinning.describe());
    let servers: Vec<String> = contenders
        .iter()
        .map(|c| {
            format!(
                "{} {} ({} requests per run)",
                c.name,
                c.version,
                thousands(c.requests as f64)
            )
        })
        .collect();
    let _ = writeln!(
        out,
        "Servers, one after another on the same core: {}. Concurrency {concurrency}; {ROUNDS} runs per row alternating between the servers, each server's median run reported; one HTTP/1.1 keep-alive connection per worker; SigV4-signed SDK-shaped requests; server CPU from /proc/<pid>/task/*/schedstat for the gateway and from /proc/<pid>/stat (whole process, exited threads included, 10 ms ticks) for the peers.\n",
        servers.join(", ")
    );
    let _ = writeln!(out, "| workload | server | req/s | p50 | p99 | CPU/request | gateway ×, req/s | gateway ×, CPU/request |");
    let _ = writeln!(out, "|---|---|---|---|---|---|---|---|");
    // The smallest ratio per peer, by throughput and by CPU, for the targets.
    let mut worst: Vec<Option<(f64, f64)>> = contenders.iter().map(|_| None).collect();
    for (workload, outcomes) in results {
        let Outcome::Served(gateway) = &outcomes[0] else {
            panic!("the gateway serves every workload");
        };
        for (i, (contender, outcome)) in contenders.iter().zip(outcomes).enumerate() {
            match outcome {
                Outcome::Served(run) => {
                    let by_rate = gateway.outcome.throughput() / run.outcome.throughput();
                    let by_cpu = micros(run) / micros(gateway);
                    let (rate, cpu) = if i == 0 {
                        ("".to_owned(), "".to_owned())
                    } else {
                        let entry = worst[i].get_or_insert((by_rate, by_cpu));
                        *entry = (entry.0.min(by_rate), entry.1.min(by_cpu));
                        (format!("{by_rate:.0}×"), format!("{by_cpu:.0}×"))
                    };
                    let _ = writeln!(
                        out,
                        "| {} | {} | {} | {} | {} | {:.1} µs | {rate} | {cpu} |",
                        workload.name(),
                        contender.name,
                        thousands(run.outcome.throughput()),
                        latency(run.outcome.percentile(0.5)),
                        latency(run.outcome.percentile(0.99)),
                        micros(run),
                    );
                }
                Outcome::NotServed(answer) => {
                    let _ = writeln!(
                        out,
                        "| {} | {} | not served: `{}` | | | | | |",
                        workload.name(),
                        contender.name,
                        short(answer)
                    );
                }
            }
        }
    }
    let _ = writeln!(out, "\n| server | RSS after every workload |\n|---|---|");
    for contender in contenders {
        let _ = writeln!(
            out,
            "| {} {} | {:.1} MiB |",
            contender.name,
            contender.version,
            contender.server.rss_mib()
        );
    }
    let _ = writeln!(
        out,
        "\n| target | measured (smallest ratio over the workloads served) | |\n|---|---|---|"
    );
    for (contender, worst) in contenders.iter().zip(&worst) {
        let (Some(target), Some((rate, cpu))) = (contender.target, worst) else {
            continue;
        };
        let met = *rate >= target && *cpu >= target;
        let _ = writeln!(
            out,
            "| at least {target:.0}× {} by throughput and by CPU per request | {rate:.0}× by throughput, {cpu:.0}× by CPU | {} |",
            contender.name,
            if met { "**met**" } else { "**missed**" }
        );
    }
    out
}

fn main() {
    let venv = venv();
    let concurrency = number("FLOCI_BENCH_CONCURRENCY", 16);
    let machine = machine();
    let pinning = Pinning::plan();
    if let Some(cpu) = pinning.client {
        processes::pin_current_thread(cpu).expect("pin the load generator");
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime");
    let load_before = load_average();
    let contenders = vec![
        Contender {
            name: "gateway",
            version: env!("CARGO_PKG_VERSION").to_owned(),
            requests: number("FLOCI_BENCH_REQUESTS", 20_000),
            target: None,
            server: start_gateway(pinning),
        },
        Contender {
            name: "ministack",
            version: python_version(&venv, "ministack"),
            requests: number("FLOCI_BENCH_PEER_REQUESTS", 2_000),
            target: Some(25.0),
            server: start_ministack(&venv, pinning),
        },
        Contender {
            name: "moto",
            version: python_version(&venv, "moto"),
            requests: number("FLOCI_BENCH_PEER_REQUESTS", 2_000),
            target: Some(150.0),
            server: start_moto(&venv, pinning),
        },
    ];
    let results: Vec<(Workload, Vec<Outcome>)> = WORKLOADS
        .into_iter()
        .enumerate()
        .map(|(i, workload)| {
            eprintln!("{} at concurrency {concurrency}", workload.name());
            (
                workload,
                run_workload(&runtime, &contenders, workload, i, concurrency),
            )
        })
        .collect();
    let load_after = load_average();
    let table = report(
        &contenders,
        &results,
        concurrency,
        (&machine, pinning, &load_before, &load_after),
    );
    println!("{table}");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench-results");
    if std::fs::create_dir_all(&dir).is_ok() {
        let _ = std::fs::write(dir.join("peers.md"), &table);
    }
}
