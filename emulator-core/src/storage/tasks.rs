//! The background writers of a service's store: changes made outside requests (timers moving
//! jobs on) written promptly in persistent and wal modes, everything every interval in hybrid
//! mode, and the database's write-ahead log checkpointed every interval in wal mode. Database
//! work runs on blocking threads; no lock is held across an await.

use std::sync::Arc;
use std::time::Duration;

use tokio::runtime::RuntimeFlavor;
use tokio::sync::watch;
use tokio::time::MissedTickBehavior;

use super::service_store::ServiceStore;
use super::{StorageError, StorageMode};

/// Starts the writers `store`'s mode needs; they end when `stop` is set or dropped.
pub(crate) fn spawn(store: Arc<ServiceStore>, stop: watch::Receiver<bool>) {
    let config = store.config().clone();
    match config.mode {
        StorageMode::Memory => return,
        StorageMode::Persistent | StorageMode::Wal => {
            tokio::spawn(flush_on_change(store.clone(), stop.clone()));
        }
        StorageMode::Hybrid => {
            tokio::spawn(every(
                store.clone(),
                config.flush_interval,
                stop.clone(),
                ServiceStore::flush,
                "flush",
            ));
        }
    }
    if config.mode == StorageMode::Wal {
        tokio::spawn(every(
            store,
            config.compaction_interval,
            stop,
            ServiceStore::checkpoint,
            "checkpoint",
        ));
    }
}

/// How long the background writer of persistent and wal modes lets a change sit: a request
/// writes its own changes before answering, so by then only changes made outside requests
/// (timers) are left, and the writer does not compete with requests for every change.
const BACKGROUND_DELAY: Duration = Duration::from_millis(20);

/// Runs `work` on `store` where blocking is allowed: in place on a multi-threaded runtime (the
/// binary's; the worker's other tasks move elsewhere, and no thread hop is paid per request),
/// else on the blocking pool.
pub(crate) async fn blocking(
    store: Arc<ServiceStore>,
    work: fn(&ServiceStore) -> Result<(), StorageError>,
) -> Result<(), StorageError> {
    let multi_threaded = tokio::runtime::Handle::try_current()
        .is_ok_and(|runtime| runtime.runtime_flavor() == RuntimeFlavor::MultiThread);
    if multi_threaded {
        return tokio::task::block_in_place(|| work(&store));
    }
    let dir = store.config().dir.clone();
    tokio::task::spawn_blocking(move || work(&store))
        .await
        .unwrap_or_else(|failed| {
            Err(StorageError::io(
                "write the state in",
                &dir,
                std::io::Error::other(failed.to_string()),
            ))
        })
}

/// Writes what changed shortly after something is recorded. Requests write their own changes
/// before answering; this catches the ones timers make.
async fn flush_on_change(store: Arc<ServiceStore>, mut stop: watch::Receiver<bool>) {
    loop {
        tokio::select! {
            stopped = stop.changed() => if stopped.is_err() || *stop.borrow() { return },
            () = store.state().changes().changed() => {}
        }
        tokio::time::sleep(BACKGROUND_DELAY).await;
        if !store.state().changes().is_empty() {
            let flushed = blocking(store.clone(), ServiceStore::flush).await;
            report(&store, "flush", flushed);
        }
    }
}

/// Runs `work` every `period`.
async fn every(
    store: Arc<ServiceStore>,
    period: Duration,
    mut stop: watch::Receiver<bool>,
    work: fn(&ServiceStore) -> Result<(), StorageError>,
    what: &'static str,
) {
    let mut ticks = tokio::time::interval(period);
    ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    // The first tick is immediate; the first run is one period after start.
    ticks.tick().await;
    loop {
        tokio::select! {
            stopped = stop.changed() => if stopped.is_err() || *stop.borrow() { return },
            _ = ticks.tick() => {}
        }
        report(&store, what, blocking(store.clone(), work).await);
    }
}

fn report(store: &ServiceStore, what: &str, result: Result<(), StorageError>) {
    if let Err(error) = result {
        // The changes stay recorded; the next run tries again.
        tracing::warn!(service = store.name(), %error, "storage: background {what} failed");
    }
}
