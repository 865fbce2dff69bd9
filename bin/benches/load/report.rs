//! The report: the tables, the machine they were measured on, and the targets.

use std::fmt::Write as _;
use std::time::Duration;

use crate::figures::{latency, thousands};
use crate::processes::Pinning;
use crate::runs::Row;
use crate::scale::{Scale, SMALL_VAULT_POINTS};
use crate::workloads::{Workload, PAGE};
use crate::{gateway_binary, Settings, ROUNDS};

fn yes_no(met: bool) -> &'static str {
    if met {
        "**met**"
    } else {
        "**missed**"
    }
}

/// Where and how the figures were taken.
pub struct Context<'a> {
    pub machine: &'a str,
    pub pinning: Pinning,
    pub load_before: &'a str,
    pub load_after: &'a str,
}

fn micros(duration: Duration) -> String {
    format!("{:.1} µs", duration.as_secs_f64() * 1e6)
}

pub fn report(rows: &[Row], scale: &Scale, settings: &Settings, context: &Context<'_>) -> String {
    let mut out = String::new();
    let binary = gateway_binary();
    let size = std::fs::metadata(&binary).map_or(0.0, |m| m.len() as f64 / 1e6);
    let _ = writeln!(
        out,
        "Machine: {}; load average {} before, {} after (other work shares the machine).",
        context.machine, context.load_before, context.load_after
    );
    let _ = writeln!(out, "Pinning: {}.", context.pinning.describe());
    let _ = writeln!(out, "Gateway: `{binary}` ({size:.1} MB), `FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS=0`.");
    let _ = writeln!(
        out,
        "Load: {} requests per run after {} warm-up requests; {ROUNDS} runs per row alternating between gateway and ceiling, each server's median run reported; one HTTP/1.1 keep-alive connection per worker; SigV4-signed SDK-shaped requests; latency from sending to the last body byte (HdrHistogram); server CPU from /proc/<pid>/task/*/schedstat.\n",
        thousands(settings.requests as f64),
        thousands(settings.warmup as f64)
    );
    let _ = writeln!(out, "| workload | concurrency | gateway req/s | p50 | p99 | CPU/request | ceiling req/s | p50 | p99 | CPU/request | gateway / ceiling, req/s | ceiling / gateway, CPU per request |");
    let _ = writeln!(out, "|---|---|---|---|---|---|---|---|---|---|---|---|");
    for row in rows {
        let (g, c) = (&row.gateway, &row.ceiling);
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {:.2} | {:.2} |",
            row.workload.name(),
            row.concurrency,
            thousands(g.outcome.throughput()),
            latency(g.outcome.percentile(0.5)),
            latency(g.outcome.percentile(0.99)),
            micros(g.cpu_per_request()),
            thousands(c.outcome.throughput()),
            latency(c.outcome.percentile(0.5)),
            latency(c.outcome.percentile(0.99)),
            micros(c.cpu_per_request()),
            g.outcome.throughput() / c.outcome.throughput(),
            c.cpu_per_request().as_secs_f64() / g.cpu_per_request().as_secs_f64(),
        );
    }

    let large = thousands(scale.large_vault_points as f64);
    let _ = writeln!(out, "\n| gateway state (fresh process) | RSS |\n|---|---|");
    let _ = writeln!(out, "| idle after start | {:.2} MiB |", scale.idle_mib);
    let _ = writeln!(
        out,
        "| 10,000 vaults (CreateBackupVault at concurrency 64: {} req/s) | {:.1} MiB |",
        thousands(scale.vaults.throughput()),
        scale.vaults_mib
    );
    let _ = writeln!(
        out,
        "| and {} recovery points, with their backup jobs (StartBackupJob at concurrency 64: {} req/s) | {:.1} MiB |",
        thousands((scale.large_vault_points + SMALL_VAULT_POINTS) as f64),
        thousands(scale.points.throughput()),
        scale.points_mib
    );

    let _ = writeln!(
        out,
        "\n| ListRecoveryPointsByBackupVault, {PAGE} per page | vault of 1,000: req/s | p50 | p99 | vault of {large}: req/s | p50 | p99 |\n|---|---|---|---|---|---|---|"
    );
    for (name, small, big) in [
        (
            "first page, concurrency 1",
            &scale.pages[0].first_c1,
            &scale.pages[1].first_c1,
        ),
        (
            "first page, concurrency 16",
            &scale.pages[0].first_c16,
            &scale.pages[1].first_c16,
        ),
        (
            "second page (NextToken), concurrency 1",
            &scale.pages[0].second_c1,
            &scale.pages[1].second_c1,
        ),
    ] {
        let _ = writeln!(
            out,
            "| {name} | {} | {} | {} | {} | {} | {} |",
            thousands(small.throughput()),
            latency(small.percentile(0.5)),
            latency(small.percentile(0.99)),
            thousands(big.throughput()),
            latency(big.percentile(0.5)),
            latency(big.percentile(0.99)),
        );
    }

    let describe_64 = rows
        .iter()
        .find(|row| row.workload == Workload::Describe && row.concurrency == 64)
        .expect("DescribeBackupVault at concurrency 64");
    let describe_ratio =
        describe_64.gateway.outcome.throughput() / describe_64.ceiling.outcome.throughput();
    let worst_p99_16 = rows
        .iter()
        .filter(|row| row.concurrency == 16)
        .max_by_key(|row| row.gateway.outcome.percentile(0.99))
        .expect("runs at concurrency 16");
    let page_ratio = scale.pages[1].first_c1.percentile(0.5).as_secs_f64()
        / scale.pages[0].first_c1.percentile(0.5).as_secs_f64();
    let _ = writeln!(out, "\n| target | measured | |\n|---|---|---|");
    let _ = writeln!(
        out,
        "| gateway / ceiling ≥ 0.7, DescribeBackupVault at concurrency 64 | {describe_ratio:.2} req/s ({:.2} by CPU per request) | {} |",
        describe_64.ceiling.cpu_per_request().as_secs_f64()
            / describe_64.gateway.cpu_per_request().as_secs_f64(),
        yes_no(describe_ratio >= 0.7)
    );
    let _ = writeln!(
        out,
        "| p99 < 1 ms at concurrency 16 (worst workload) | {} ({}; the ceiling's p99 there: {}) | {} |",
        latency(worst_p99_16.gateway.outcome.percentile(0.99)),
        worst_p99_16.workload.name(),
        latency(worst_p99_16.ceiling.outcome.percentile(0.99)),
        yes_no(worst_p99_16.gateway.outcome.percentile(0.99) < Duration::from_millis(1))
    );
    let _ = writeln!(
        out,
        "| a page out of {large} recovery points costs what it costs out of 1,000 (O(page): first-page p50 within 2×, where a scan would be ~{}×) | p50 ratio {page_ratio:.2} | {} |",
        thousands(scale.large_vault_points as f64 / SMALL_VAULT_POINTS as f64),
        yes_no(page_ratio < 2.0)
    );
    out
}
