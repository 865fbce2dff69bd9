//! Start-up time and idle memory of the release binary.
//!
//! Starts `floci-gateway` 20 times; for each start, measures the time from spawning the process
//! to the first successful `GET /_floci/health`, then reads the process's resident set size
//! (VmRSS) once it is idle. Prints a table and writes it to `target/bench-results/startup.md`.
//! Run with `just bench` (or `cargo bench -p floci-gateway --bench startup`).

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

fn rss_kib(child: &Child) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{}/status", child.id())).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
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

fn main() {
    let binary = env!("CARGO_BIN_EXE_floci-gateway");
    let mut startup_ms = Vec::with_capacity(RUNS);
    let mut rss_mib = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let port = free_port();
        let started = Instant::now();
        let mut child = Command::new(binary)
            .env("FLOCI_PORT", port.to_string())
            .env("FLOCI_HOST", "127.0.0.1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start floci-gateway");
        while !health_ok(port) {
            assert!(
                started.elapsed() < DEADLINE,
                "no health answer within {DEADLINE:?}"
            );
            std::thread::sleep(Duration::from_micros(100));
        }
        startup_ms.push(started.elapsed().as_secs_f64() * 1000.0);
        // Idle: the health request has been served; give the runtime a moment to settle.
        std::thread::sleep(Duration::from_millis(200));
        if let Some(kib) = rss_kib(&child) {
            rss_mib.push(kib as f64 / 1024.0);
        }
        let _ = child.kill();
        let _ = child.wait();
    }
    let min = startup_ms.iter().copied().fold(f64::INFINITY, f64::min);
    let max = startup_ms.iter().copied().fold(0.0, f64::max);
    let table = format!(
        "| metric | value | target |\n|---|---|---|\n\
         | start-up to first health answer, median of {RUNS} | {:.2} ms (min {min:.2}, max {max:.2}) | < 5 ms |\n\
         | idle RSS after start, median | {:.2} MiB | < 5 MiB |\n",
        median(&mut startup_ms),
        median(&mut rss_mib),
    );
    println!("{table}");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench-results");
    if std::fs::create_dir_all(&dir).is_ok() {
        let _ = std::fs::write(dir.join("startup.md"), &table);
    }
}
