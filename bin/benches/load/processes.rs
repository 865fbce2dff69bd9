//! The servers under load, each its own process: started pinned to the server core, awaited
//! until `GET /_floci/health` answers 200, measured through `/proc/<pid>/status`, killed on drop.

use std::net::SocketAddr;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::probes::{health_ok, status_mib};

/// Which cores the load generator and the server run on.
#[derive(Clone, Copy, Debug)]
pub struct Pinning {
    /// The load generator's core, when pinned.
    pub client: Option<usize>,
    /// The server's core, when pinned.
    pub server: Option<usize>,
}

impl Pinning {
    /// Load generator on the first core this process may use, server on the second; no pinning
    /// with fewer than two.
    pub fn plan() -> Self {
        let cpus = allowed_cpus();
        match cpus.as_slice() {
            [client, server, ..] => Self {
                client: Some(*client),
                server: Some(*server),
            },
            _ => Self {
                client: None,
                server: None,
            },
        }
    }

    /// One line for the report.
    pub fn describe(&self) -> String {
        match (self.client, self.server) {
            (Some(client), Some(server)) => format!(
                "server pinned to core {server}, load generator to core {client} (sched_setaffinity)"
            ),
            _ => "not pinned: fewer than two cores available".to_owned(),
        }
    }
}

/// The cores this process may run on.
fn allowed_cpus() -> Vec<usize> {
    core_affinity::get_core_ids()
        .unwrap_or_default()
        .into_iter()
        .map(|core| core.id)
        .collect()
}

/// Pins the calling thread (and the threads it starts later) to `cpu`.
pub fn pin_current_thread(cpu: usize) -> std::io::Result<()> {
    if core_affinity::set_for_current(core_affinity::CoreId { id: cpu }) {
        Ok(())
    } else {
        Err(std::io::Error::other(format!("cannot pin to core {cpu}")))
    }
}

/// A server process.
pub struct Server {
    child: Child,
    /// Where it listens.
    pub addr: SocketAddr,
}

impl Server {
    /// Starts `command` listening on `port` (the command is already told so), pinned to `cpu`,
    /// and waits for its health answer.
    pub fn start(mut command: Command, port: u16, cpu: Option<usize>) -> Self {
        command.stdout(Stdio::null()).stderr(Stdio::null());
        if let Some(cpu) = cpu {
            // SAFETY: the closure runs in the forked child before exec; pinning is one
            // sched_setaffinity system call on a stack-allocated CPU set.
            unsafe {
                command.pre_exec(move || pin_current_thread(cpu));
            }
        }
        let started = Instant::now();
        let child = command.spawn().expect("start the server");
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        while !health_ok(addr) {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "the server on {addr} did not answer its health check within 10 s"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        Self { child, addr }
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// `host:port`, for the `host` header.
    pub fn host(&self) -> String {
        self.addr.to_string()
    }

    /// CPU time all the process's threads have spent running, from each thread's
    /// `/proc/<pid>/task/<tid>/schedstat` (nanoseconds, unlike the tick-granular `stat`).
    pub fn cpu_time(&self) -> Duration {
        let tasks = std::fs::read_dir(format!("/proc/{}/task", self.child.id()))
            .expect("the server's /proc task list");
        let nanos: u64 = tasks
            .filter_map(|task| {
                let text = std::fs::read_to_string(task.ok()?.path().join("schedstat")).ok()?;
                text.split_whitespace().next()?.parse::<u64>().ok()
            })
            .sum();
        Duration::from_nanos(nanos)
    }

    /// Resident set size in MiB (`VmRSS`).
    pub fn rss_mib(&self) -> f64 {
        status_mib(self.child.id(), "VmRSS:").expect("the server's VmRSS")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
