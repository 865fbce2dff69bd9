//! The real `floci-gateway` as a child process: started on an ephemeral port with a storage
//! directory, waited for until `Ready.`, then stopped gracefully (SIGTERM) or killed (SIGKILL).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const BINARY: &str = env!("CARGO_BIN_EXE_floci-gateway");

/// How long anything the tests wait for may take.
pub const DEADLINE: Duration = Duration::from_secs(30);

/// A running gateway.
pub struct Gateway {
    child: Child,
    /// `http://127.0.0.1:<port>`.
    pub endpoint: String,
    /// Every line it printed so far, start-up log included.
    pub log: Arc<Mutex<Vec<String>>>,
}

fn command(dir: &Path, vars: &[(&str, &str)]) -> Command {
    let mut command = Command::new(BINARY);
    command
        .env("FLOCI_PORT", "0")
        .env("FLOCI_HOST", "127.0.0.1")
        .env("FLOCI_STORAGE_PERSISTENT_PATH", dir)
        .envs(vars.iter().copied());
    command
}

impl Gateway {
    /// Starts the binary with its state in `dir` and `vars`, and waits for `Ready.`.
    pub fn start(dir: &Path, vars: &[(&str, &str)]) -> Self {
        let mut child = command(dir, vars)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start floci-gateway");
        let stdout = child.stdout.take().expect("stdout");
        let log = Arc::new(Mutex::new(Vec::new()));
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let lines = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if line == "Ready." {
                    let _ = ready_tx.send(());
                }
                lines.lock().unwrap().push(line);
            }
        });
        ready_rx
            .recv_timeout(DEADLINE)
            .unwrap_or_else(|_| panic!("no Ready. line: {:?}", log.lock().unwrap()));
        let port = log
            .lock()
            .unwrap()
            .iter()
            .find_map(|line| {
                let rest = line.split("listening on 127.0.0.1:").nth(1)?;
                rest.split(';').next()?.parse::<u16>().ok()
            })
            .expect("the listening line names the port");
        Self {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
            log,
        }
    }

    /// The start-up line that mentions `text`.
    pub fn log_line(&self, text: &str) -> Option<String> {
        self.log
            .lock()
            .unwrap()
            .iter()
            .find(|line| line.contains(text))
            .cloned()
    }

    /// SIGKILL: no flush, no drain, nothing but what is already on disk survives.
    pub fn kill(mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("reaped");
    }

    /// SIGTERM, then waits for a clean exit.
    pub fn terminate(mut self) {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill -TERM");
        assert!(sent.success());
        let status = wait(&mut self.child);
        assert!(status.success(), "exit status {status:?}");
    }

    /// A raw HTTP request to an admin endpoint; answers (status, body).
    pub fn admin(&self, method: &str, path: &str, body: &str) -> (u16, String) {
        let address = self.endpoint.trim_start_matches("http://");
        let mut stream = TcpStream::connect(address).expect("connect");
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: localhost\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(request.as_bytes()).expect("write");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("read");
        let status = response[9..12].parse().expect("a status line");
        let body = response
            .split_once("\r\n\r\n")
            .map(|(_, body)| body.to_owned())
            .unwrap_or_default();
        (status, body)
    }
}

impl Drop for Gateway {
    fn drop(&mut self) {
        // A failed test must not leave a gateway running.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn wait(child: &mut Child) -> ExitStatus {
    let deadline = Instant::now() + DEADLINE;
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        assert!(Instant::now() < deadline, "no exit within {DEADLINE:?}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Runs the binary with its state in `dir` and expects it to refuse to start: answers its exit
/// code and what it printed on stderr.
pub fn refused_start(dir: &Path, vars: &[(&str, &str)]) -> (Option<i32>, String) {
    let mut child = command(dir, vars)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start floci-gateway");
    let status = wait(&mut child);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("read stderr");
    (status.code(), stderr)
}
