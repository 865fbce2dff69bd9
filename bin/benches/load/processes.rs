//! The servers under load, each its own process: started pinned to the server core, awaited
//! until its health endpoint answers 200, measured through `/proc/<pid>/status`, killed on drop.

use std::net::SocketAddr;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::probes::{health_ok, status_mib, FLOCI_HEALTH};

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
    /// Whether its CPU time is read for the whole process (see `cpu_time`).
    whole_process_cpu: bool,
}

impl Server {
    /// Starts `command` listening on `port` (the command is already told so), pinned to `cpu`,
    /// and waits for its health answer.
    pub fn start(command: Command, port: u16, cpu: Option<usize>) -> Self {
        Self::start_checked(command, port, cpu, FLOCI_HEALTH, Duration::from_secs(10))
    }

    /// As `start`, for a server whose health answer is `GET <health>` and may take up to
    /// `patience` to come (an interpreter that imports its modules first).
    pub fn start_checked(
        mut command: Command,
        port: u16,
        cpu: Option<usize>,
        health: &str,
        patience: Duration,
    ) -> Self {
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
        while !health_ok(addr, health) {
            assert!(
                started.elapsed() < patience,
                "the server on {addr} did not answer GET {health} within {patience:?}"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        Self {
            child,
            addr,
            whole_process_cpu: false,
        }
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// `host:port`, for the `host` header.
    pub fn host(&self) -> String {
        self.addr.to_string()
    }

    /// Reads CPU time for the whole process, exited threads included, for a server that starts
    /// a thread per connection (moto's development server): their time leaves the per-thread
    /// counters when they exit. The price is the process counters' 10 ms ticks, so such a
    /// server's runs must be long enough to span many of them.
    pub fn with_whole_process_cpu(mut self) -> Self {
        self.whole_process_cpu = true;
        self
    }

    /// CPU time the process has spent running: by default the sum of its live threads'
    /// `/proc/<pid>/task/<tid>/schedstat` (nanoseconds, unlike the tick-granular `stat`); for a
    /// server `with_whole_process_cpu`, `utime + stime` of `/proc/<pid>/stat`.
    pub fn cpu_time(&self) -> Duration {
        if self.whole_process_cpu {
            return self.process_cpu_time();
        }
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

    fn process_cpu_time(&self) -> Duration {
        /// `/proc` reports times in USER_HZ, 100 per second on Linux whatever the kernel's HZ.
        const TICKS_PER_SECOND: u64 = 100;
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id()))
            .expect("the server's /proc stat");
        // The command name (field 2) may hold spaces; the fields after it start past its `)`.
        let fields: Vec<&str> = stat[stat.rfind(')').expect("a stat line") + 2..]
            .split_whitespace()
            .collect();
        // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
        let ticks: u64 =
            fields[11].parse::<u64>().expect("utime") + fields[12].parse::<u64>().expect("stime");
        Duration::from_millis(ticks * 1000 / TICKS_PER_SECOND)
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
