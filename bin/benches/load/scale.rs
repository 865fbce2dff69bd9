//! Memory at scale and paging on a fresh gateway: 10,000 vaults, then a vault of 1,000 and one
//! of 1,000,000 recovery points written through StartBackupJob, and a page of each.

use std::time::Duration;

use crate::backup_requests::{self, Call, Caller};
use crate::generator::{self, Outcome, Request};
use crate::processes::{Pinning, Server};
use crate::runs::median;
use crate::workloads::PAGE;
use crate::{start, Settings, Target, BULK_CONCURRENCY, ROUNDS};

/// Vaults created for the memory figure.
pub const SCALE_VAULTS: usize = 10_000;
/// Recovery points in the small vault of the paging comparison.
pub const SMALL_VAULT_POINTS: usize = 1_000;
/// Requests per paging measurement.
const PAGE_REQUESTS: usize = 2_000;

/// The listings measured on one vault.
pub struct Pages {
    /// The first page, one caller.
    pub first_c1: Outcome,
    /// The first page, 16 callers.
    pub first_c16: Outcome,
    /// The page after the first (its NextToken), one caller.
    pub second_c1: Outcome,
}

/// What the scale phase measured.
pub struct Scale {
    /// RSS of the fresh gateway, idle.
    pub idle_mib: f64,
    /// RSS after the vaults.
    pub vaults_mib: f64,
    /// Creating the vaults.
    pub vaults: Outcome,
    /// RSS after the recovery points.
    pub points_mib: f64,
    /// Creating the large vault's recovery points.
    pub points: Outcome,
    /// How many recovery points the large vault holds.
    pub large_vault_points: usize,
    /// The small vault's, then the large one's.
    pub pages: [Pages; 2],
}

/// Lazily signed StartBackupJob requests: a million prepared requests would weigh a gigabyte.
fn backup_jobs(
    caller: &Caller,
    vault: &str,
    total: usize,
) -> Vec<impl Iterator<Item = Request> + Send + 'static> {
    (0..BULK_CONCURRENCY)
        .map(|worker| {
            let caller = caller.clone();
            let vault = vault.to_owned();
            let share = total / BULK_CONCURRENCY + usize::from(worker < total % BULK_CONCURRENCY);
            (0..share).map(move |_| {
                caller.request(&backup_requests::start_backup_job(caller.account(), &vault))
            })
        })
        .collect()
}

/// The three listings on the small and the large vault, alternating between the two for
/// [`ROUNDS`] rounds; each keeps its median run.
fn pages(
    runtime: &tokio::runtime::Runtime,
    server: &Server,
    vaults: [(&Caller, &str); 2],
) -> [Pages; 2] {
    let run = |caller: &Caller, call: &Call, concurrency: usize, count: usize| {
        let requests = (0..count).map(|_| caller.request(call)).collect();
        runtime
            .block_on(generator::run(
                server.addr,
                generator::deal(requests, concurrency),
            ))
            .expect_success("ListRecoveryPointsByBackupVault")
    };
    let calls = vaults.map(|(caller, vault)| {
        let first = backup_requests::list_recovery_points_by_backup_vault(vault, PAGE, None);
        let answer: serde_json::Value =
            serde_json::from_slice(&run(caller, &first, 1, 1).last_body).expect("a JSON listing");
        let token = answer["NextToken"]
            .as_str()
            .expect("a first page of a full vault has a NextToken")
            .to_owned();
        let second =
            backup_requests::list_recovery_points_by_backup_vault(vault, PAGE, Some(&token));
        (first, second)
    });
    let measure = |second: bool, concurrency: usize| -> [Outcome; 2] {
        let mut runs: [Vec<Outcome>; 2] = Default::default();
        for (v, (caller, _)) in vaults.iter().enumerate() {
            let call = if second { &calls[v].1 } else { &calls[v].0 };
            run(caller, call, concurrency, PAGE_REQUESTS / 10);
        }
        for _ in 0..ROUNDS {
            for (v, (caller, _)) in vaults.iter().enumerate() {
                let call = if second { &calls[v].1 } else { &calls[v].0 };
                runs[v].push(run(caller, call, concurrency, PAGE_REQUESTS));
            }
        }
        runs.map(|runs| median(runs, |outcome| outcome.throughput()))
    };
    let [small_first_c1, large_first_c1] = measure(false, 1);
    let [small_first_c16, large_first_c16] = measure(false, 16);
    let [small_second_c1, large_second_c1] = measure(true, 1);
    [
        Pages {
            first_c1: small_first_c1,
            first_c16: small_first_c16,
            second_c1: small_second_c1,
        },
        Pages {
            first_c1: large_first_c1,
            first_c16: large_first_c16,
            second_c1: large_second_c1,
        },
    ]
}

/// Runs the scale phase on a fresh gateway.
pub fn scale(runtime: &tokio::runtime::Runtime, pinning: Pinning, settings: &Settings) -> Scale {
    let server = start(Target::Gateway, pinning);
    std::thread::sleep(Duration::from_millis(200));
    let idle_mib = server.rss_mib();

    let caller = Caller::new("300000000001", &server.host());
    let requests = (0..SCALE_VAULTS)
        .map(|i| {
            caller.request(&backup_requests::create_backup_vault(&format!(
                "vault-{i:05}"
            )))
        })
        .collect();
    let vaults = runtime
        .block_on(generator::run(
            server.addr,
            generator::deal(requests, BULK_CONCURRENCY),
        ))
        .expect_success("CreateBackupVault");
    let vaults_mib = server.rss_mib();

    let small = Caller::new("300000000002", &server.host());
    let large = Caller::new("300000000003", &server.host());
    for (caller, vault) in [(&small, "rp-small"), (&large, "rp-large")] {
        let create = vec![vec![
            caller.request(&backup_requests::create_backup_vault(vault))
        ]];
        runtime
            .block_on(generator::run(server.addr, create))
            .expect_success("CreateBackupVault");
    }
    runtime
        .block_on(generator::run(
            server.addr,
            backup_jobs(&small, "rp-small", SMALL_VAULT_POINTS),
        ))
        .expect_success("StartBackupJob");
    let points = runtime
        .block_on(generator::run(
            server.addr,
            backup_jobs(&large, "rp-large", settings.large_vault_points),
        ))
        .expect_success("StartBackupJob");
    let points_mib = server.rss_mib();
    eprintln!(
        "{} recovery points: {:.0} req/s, RSS {points_mib:.1} MiB",
        settings.large_vault_points,
        points.throughput()
    );
    Scale {
        idle_mib,
        vaults_mib,
        vaults,
        points_mib,
        points,
        large_vault_points: settings.large_vault_points,
        pages: pages(
            runtime,
            &server,
            [(&small, "rp-small"), (&large, "rp-large")],
        ),
    }
}

/// `FLOCI_BENCH_ONLY=weight`: the weight of a recovery point with its backup job, alone and
/// quickly. On a fresh gateway, one vault gets `FLOCI_BENCH_RECOVERY_POINTS` points through
/// StartBackupJob; the RSS it grew by, divided by the points, is what a point with its job
/// weighs (100,000 points measure it as well as a million, in a tenth of the time).
pub fn weight(runtime: &tokio::runtime::Runtime, pinning: Pinning, settings: &Settings) {
    let server = start(Target::Gateway, pinning);
    let caller = Caller::new("300000000003", &server.host());
    let create = vec![vec![
        caller.request(&backup_requests::create_backup_vault("rp-weight"))
    ]];
    runtime
        .block_on(generator::run(server.addr, create))
        .expect_success("CreateBackupVault");
    // A first thousand warms the allocator and the gateway's one-time state.
    runtime
        .block_on(generator::run(
            server.addr,
            backup_jobs(&caller, "rp-weight", SMALL_VAULT_POINTS),
        ))
        .expect_success("StartBackupJob");
    let before = server.rss_mib();
    let points = settings.large_vault_points;
    let outcome = runtime
        .block_on(generator::run(
            server.addr,
            backup_jobs(&caller, "rp-weight", points),
        ))
        .expect_success("StartBackupJob");
    let after = server.rss_mib();
    let per_point = (after - before) * 1024.0 * 1024.0 / points as f64;
    println!(
        "{points} recovery points with their backup jobs: RSS {before:.1} -> {after:.1} MiB, \
         {per_point:.0} bytes per point ({:.0} req/s)",
        outcome.throughput()
    );
}
