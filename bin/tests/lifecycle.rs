//! The binary as a process: configuration errors, the `Ready.` line, graceful shutdown.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BINARY: &str = env!("CARGO_BIN_EXE_floci-gateway");

#[test]
fn a_bad_variable_stops_the_binary_with_one_clear_line() {
    for (name, value) in [
        ("FLOCI_PORT", "not-a-port"),
        ("FLOCI_DEFAULT_ACCOUNT_ID", "42"),
        ("FLOCI_SERVICES_BACKUP_ENABLED", "maybe"),
        ("FLOCI_HEADER_READ_TIMEOUT_SECONDS", "0"),
        ("FLOCI_AUTH_VALIDATE_SIGNATURES", "true"),
    ] {
        let output = Command::new(BINARY).env(name, value).output().expect("run");
        assert_eq!(output.status.code(), Some(2), "{name}={value}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
        assert!(stderr.contains(name), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[cfg(unix)]
#[test]
fn ready_is_the_last_startup_line_and_sigterm_stops_gracefully() {
    let mut child = Command::new(BINARY)
        .env("FLOCI_PORT", "0")
        .env("FLOCI_HOST", "127.0.0.1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let mut seen = Vec::new();
    for line in lines.by_ref() {
        let line = line.expect("utf-8 log line");
        let ready = line == "Ready.";
        seen.push(line);
        if ready {
            break;
        }
    }
    assert_eq!(seen.last().map(String::as_str), Some("Ready."), "{seen:?}");
    assert!(
        seen.iter().any(|l| l.contains("listening on 127.0.0.1:")),
        "{seen:?}"
    );

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            assert!(status.success(), "exit status {status:?}");
            break;
        }
        assert!(Instant::now() < deadline, "no exit within 10 s of SIGTERM");
        std::thread::sleep(Duration::from_millis(10));
    }
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    assert!(rest.iter().any(|l| l.contains("stopped")), "{rest:?}");
}
