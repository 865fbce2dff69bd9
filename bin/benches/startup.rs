//! Start-up time and idle memory of the release binaries.
//!
//! Starts each binary 20 times, alternating between them so that both see the same machine; for
//! each start, measures the time from spawning the process to the first successful
//! `GET /_floci/health`, then the resident set size (VmRSS, and how much of it is file-backed:
//! RssFile) once idle. The binaries: `FLOCI_BENCH_STATIC` (the distribution build of
//! `just release`, linked statically against glibc) when set, and `FLOCI_BENCH_DYNAMIC` (the
//! `cargo run --release` binary), else the binary cargo built. Prints a table and writes it to
//! `target/bench-results/startup.md`. Run with `just bench`.

#[path = "support/probes.rs"]
mod probes;

use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use probes::{free_port, health_ok, status_mib, FLOCI_HEALTH};

const RUNS: usize = 20;
const DEADLINE: Duration = Duration::from_secs(10);

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    }
}

/// One binary and what its starts measured.
struct Subject {
    label: &'static str,
    path: String,
    startup_ms: Vec<f64>,
    rss_mib: Vec<f64>,
    file_mib: Vec<f64>,
}

impl Subject {
    fn new(label: &'static str, path: String) -> Self {
        Self {
            label,
            path,
            startup_ms: Vec::with_capacity(RUNS),
            rss_mib: Vec::with_capacity(RUNS),
            file_mib: Vec::with_capacity(RUNS),
        }
    }

    /// Starts the binary once, waits for its health answer, reads its memory once idle.
    fn start_once(&mut self) {
        let port = free_port();
        let started = Instant::now();
        let mut child = Command::new(&self.path)
            .env("FLOCI_PORT", port.to_string())
            .env("FLOCI_HOST", "127.0.0.1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|err| panic!("start {}: {err}", self.path));
        while !health_ok(SocketAddr::from(([127, 0, 0, 1], port)), FLOCI_HEALTH) {
            assert!(
                started.elapsed() < DEADLINE,
                "no health answer within {DEADLINE:?}"
            );
            std::thread::sleep(Duration::from_micros(100));
        }
        self.startup_ms
            .push(started.elapsed().as_secs_f64() * 1000.0);
        // Idle: the health request has been served; give the runtime a moment to settle.
        std::thread::sleep(Duration::from_millis(200));
        if let (Some(rss), Some(file)) = (
            status_mib(child.id(), "VmRSS:"),
            status_mib(child.id(), "RssFile:"),
        ) {
            self.rss_mib.push(rss);
            self.file_mib.push(file);
        }
        let _ = child.kill();
        let _ = child.wait();
    }

    fn row(&mut self) -> String {
        let min = self
            .startup_ms
            .iter()
            .copied()
            .fold(f64::INFINITY, f64::min);
        let max = self.startup_ms.iter().copied().fold(0.0, f64::max);
        let size = std::fs::metadata(&self.path).map_or(0.0, |m| m.len() as f64 / 1e6);
        format!(
            "| {} (`{}`, {size:.1} MB) | {:.2} ms (min {min:.2}, max {max:.2}) | {:.2} MiB | {:.2} MiB |\n",
            self.label,
            self.path,
            median(&mut self.startup_ms),
            median(&mut self.rss_mib),
            median(&mut self.file_mib),
        )
    }
}

fn main() {
    let mut subjects = Vec::new();
    if let Ok(path) = std::env::var("FLOCI_BENCH_STATIC") {
        subjects.push(Subject::new("static glibc (`just release`)", path));
    }
    let dynamic = std::env::var("FLOCI_BENCH_DYNAMIC")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_floci-gateway").to_owned());
    subjects.push(Subject::new("dynamic (`cargo run --release`)", dynamic));
    for _ in 0..RUNS {
        for subject in &mut subjects {
            subject.start_once();
        }
    }
    let mut table = format!(
        "| binary | start-up to first health answer, median of {RUNS} | idle RSS, median | of which file-backed |\n|---|---|---|---|\n"
    );
    for subject in &mut subjects {
        table.push_str(&subject.row());
    }
    table.push_str("\nTargets: start-up < 5 ms, idle RSS < 5 MiB (both binaries; issue 20 added the second).\n");
    println!("{table}");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench-results");
    if std::fs::create_dir_all(&dir).is_ok() {
        let _ = std::fs::write(dir.join("startup.md"), &table);
    }
}
