//! What the benchmarks ask of a server process: a free port to start it on, whether its
//! health endpoint answers yet, and its memory from `/proc`.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};

/// A free local port.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("a free port")
}

/// The gateway's health endpoint.
pub const FLOCI_HEALTH: &str = "/_floci/health";

/// Whether `GET <path>` on `addr` answers 200.
pub fn health_ok(addr: SocketAddr, path: &str) -> bool {
    let Ok(mut stream) = TcpStream::connect(addr) else {
        return false;
    };
    let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut response = String::new();
    stream.read_to_string(&mut response).is_ok() && response.starts_with("HTTP/1.1 200")
}

/// A `kB` line of `/proc/<pid>/status` (`VmRSS:`, `RssFile:`), in MiB.
pub fn status_mib(pid: u32, field: &str) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
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
