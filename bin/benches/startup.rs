//! Start-up time and idle memory of the release binaries.
//!
//! Starts each binary 20 times, alternating between them so that both see the same machine; for
//! each start, measures the time from spawning the process to the first successful
//! `GET /_floci/health`, then the resident set size (VmRSS, and how much of it is file-backed:
//! RssFile) once idle. The binaries: `FLOCI_BENCH_STATIC` (the distribution build of
//! `just release`, linked statically against glibc) when set, and `FLOCI_BENCH_DYNAMIC` (the
//! `cargo run --release` binary), else the binary cargo built. Prints a table and writes it to
//! `target/bench-results/startup.md`. Run with `just bench`.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const RUNS: usize = 20;
const DEADLINE: Duration = Duration::from_secs(10);

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn health_ok(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let request = "GET /_floci/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut response = String::new();
    stream.read_to_string(&mut response).is_ok() && response.starts_with("HTTP/1.1 200")
}

/// A `kB` line of `/proc/<pid>/status`, in MiB.
fn status_mib(child: &Child, field: &str) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{}/status", child.id())).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<f64>()
                .ok()
        })
        .map(|kib| kib / 1024.0)
}

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
        while !health_ok(port) {
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
        if let (Some(rss), Some(file)) =
            (status_mib(&child, "VmRSS:"), status_mib(&child, "RssFile:"))
        {
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
    table.push_str("\nTargets: start-up < 5 ms, idle RSS < 5 MiB (for the distribution build, the first row).\n");
    println!("{table}");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench-results");
    if std::fs::create_dir_all(&dir).is_ok() {
        let _ = std::fs::write(dir.join("startup.md"), &table);
    }
}
