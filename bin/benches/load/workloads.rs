//! The workloads: SDK-shaped request sequences for each measured operation.

use crate::backup_requests::{self, Call, Caller};
use crate::generator::{self, Request};

/// The page size of the listings measured.
pub const PAGE: u32 = 100;
/// Vaults in the account ListBackupVaults lists.
pub const LISTED_VAULTS: usize = 1_000;
/// Recovery points in the vault the `points` profiling workload lists.
pub const LISTED_POINTS: usize = 1_000;
/// The vault the `points` profiling workload lists.
const POINTS_VAULT: &str = "bench-points";
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Workload {
    Describe,
    Create,
    List,
    Mixed,
    /// The first page of ListRecoveryPointsByBackupVault out of 1,000 points: for profiling
    /// only (`FLOCI_BENCH_ONLY=points`); the report measures pages in its scale phase.
    Points,
}

pub const WORKLOADS: [Workload; 4] = [
    Workload::Describe,
    Workload::Create,
    Workload::List,
    Workload::Mixed,
];

/// The workloads `FLOCI_BENCH_ONLY` takes besides [`WORKLOADS`].
pub const PROFILED_ONLY: [Workload; 1] = [Workload::Points];

impl Workload {
    /// The short name `FLOCI_BENCH_ONLY` takes.
    pub fn key(self) -> &'static str {
        match self {
            Workload::Describe => "describe",
            Workload::Create => "create",
            Workload::List => "list",
            Workload::Mixed => "mixed",
            Workload::Points => "points",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Workload::Describe => "DescribeBackupVault",
            Workload::Create => "CreateBackupVault (unique names)",
            Workload::List => "ListBackupVaults (first 100 of 1,000)",
            Workload::Mixed => "mixed Backup flow",
            Workload::Points => "ListRecoveryPointsByBackupVault (first 100 of 1,000)",
        }
    }

    /// State the workload reads, created before it runs (on the gateway only).
    pub fn setup(self, caller: &Caller) -> Vec<Request> {
        match self {
            Workload::Describe => {
                vec![caller.request(&backup_requests::create_backup_vault("bench-vault"))]
            }
            Workload::List => (0..LISTED_VAULTS)
                .map(|i| {
                    caller.request(&backup_requests::create_backup_vault(&format!("v-{i:04}")))
                })
                .collect(),
            Workload::Points => {
                vec![caller.request(&backup_requests::create_backup_vault(POINTS_VAULT))]
            }
            Workload::Create | Workload::Mixed => Vec::new(),
        }
    }

    /// What the workload reads that needs [`Self::setup`] done first: the points of the
    /// `points` workload's vault.
    pub fn fill(self, caller: &Caller) -> Vec<Request> {
        match self {
            Workload::Points => (0..LISTED_POINTS)
                .map(|_| {
                    caller.request(&backup_requests::start_backup_job(
                        caller.account(),
                        POINTS_VAULT,
                    ))
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// `total` requests dealt to `workers` workers; `tag` keeps created names unique per run.
    pub fn requests(
        self,
        caller: &Caller,
        tag: &str,
        total: usize,
        workers: usize,
    ) -> Vec<Vec<Request>> {
        let calls: Box<dyn Fn(usize) -> Vec<Call>> = match self {
            Workload::Describe => {
                Box::new(|_| vec![backup_requests::describe_backup_vault("bench-vault")])
            }
            Workload::Create => {
                Box::new(|i| vec![backup_requests::create_backup_vault(&format!("{tag}-{i}"))])
            }
            Workload::List => Box::new(|_| vec![backup_requests::list_backup_vaults(PAGE)]),
            Workload::Points => Box::new(|_| {
                vec![backup_requests::list_recovery_points_by_backup_vault(
                    POINTS_VAULT,
                    PAGE,
                    None,
                )]
            }),
            Workload::Mixed => return mixed_flows(caller, tag, total, workers),
        };
        let requests = (0..total)
            .flat_map(calls)
            .map(|call| caller.request(&call))
            .collect();
        generator::deal(requests, workers)
    }
}

/// The mixed flow, five requests in order on one worker: create a vault, describe it, back a
/// volume up into it (the job completes at once, writing a recovery point), list the vault's
/// recovery points, list the account's vaults.
fn mixed_flows(caller: &Caller, tag: &str, total: usize, workers: usize) -> Vec<Vec<Request>> {
    let flows_per_worker = (total / 5 / workers).max(1);
    (0..workers)
        .map(|worker| {
            (0..flows_per_worker)
                .flat_map(|flow| {
                    let vault = format!("{tag}-{worker}-{flow}");
                    [
                        backup_requests::create_backup_vault(&vault),
                        backup_requests::describe_backup_vault(&vault),
                        backup_requests::start_backup_job(caller.account(), &vault),
                        backup_requests::list_recovery_points_by_backup_vault(&vault, PAGE, None),
                        backup_requests::list_backup_vaults(PAGE),
                    ]
                })
                .map(|call| caller.request(&call))
                .collect()
        })
        .collect()
}
