//! Runs against one server: what a run measured, and the rows of the throughput table.

use std::time::Duration;

use crate::generator::{self, Outcome, Request};
use crate::processes::Server;
use crate::workloads::Workload;

/// One run against one server.
pub struct Run {
    pub outcome: Outcome,
    /// CPU time the server process spent during the run.
    pub cpu: Duration,
}

impl Run {
    /// Server CPU time per request: what a request costs the server, whatever else the machine
    /// is doing.
    pub fn cpu_per_request(&self) -> Duration {
        self.cpu / (self.outcome.ok + self.outcome.failed).max(1) as u32
    }
}

/// One workload at one concurrency on both servers, measured back to back.
pub struct Row {
    pub workload: Workload,
    pub concurrency: usize,
    pub gateway: Run,
    pub ceiling: Run,
}

pub fn measure(
    runtime: &tokio::runtime::Runtime,
    server: &Server,
    workers: Vec<Vec<Request>>,
    what: &str,
) -> Run {
    let before = server.cpu_time();
    let outcome = runtime
        .block_on(generator::run(server.addr, workers))
        .expect_success(what);
    Run {
        cpu: server.cpu_time().saturating_sub(before),
        outcome,
    }
}

/// The element of median `key`.
pub fn median<T>(mut runs: Vec<T>, key: impl Fn(&T) -> f64) -> T {
    runs.sort_by(|a, b| key(a).total_cmp(&key(b)));
    runs.swap_remove(runs.len() / 2)
}
