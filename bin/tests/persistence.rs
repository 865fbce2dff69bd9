//! The binary's state across restarts (`FLOCI_STORAGE_MODE`, docs/reliability.md):
//!
//! - persistent and wal: SIGKILL in the middle of a burst of concurrent writes loses none that
//!   was acknowledged, and the store loads;
//! - a backup job started before a SIGKILL resumes after the restart and completes;
//! - hybrid: a graceful stop writes everything, and the periodic flush writes without one;
//! - a damaged or newer database stops the binary (exit 2, one clear line) and is left as it
//!   was; state written by the file engine before it (format 1) is converted once;
//! - memory mode writes nothing; two gateways never share a directory.
#![cfg(unix)]

mod process;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aws_sdk_backup::Client;
use process::{refused_start, Gateway, DEADLINE};

const ACCOUNT: &str = "111122223333";
const ROLE: &str = "arn:aws:iam::111122223333:role/backup";
const VOLUME: &str = "arn:aws:ec2:us-east-1:111122223333:volume/vol-0123456789abcdef0";
/// Concurrent writers in a burst.
const WRITERS: usize = 8;
/// Acknowledged writes before the SIGKILL.
const ACKNOWLEDGED_BEFORE_KILL: usize = 200;

async fn client(gateway: &Gateway) -> Client {
    let config = integration_tests::sdk_config(&gateway.endpoint, "us-east-1", ACCOUNT).await;
    Client::new(&config)
}

/// The database under the storage path.
fn database(dir: &Path) -> PathBuf {
    dir.join("floci.sqlite3")
}

/// The names of the vaults the database holds, read with SQLite itself (as a user's `sqlite3`
/// would), while the gateway may be running.
fn stored_vaults(dir: &Path) -> Vec<String> {
    if !database(dir).exists() {
        return Vec::new();
    }
    let connection = rusqlite::Connection::open_with_flags(
        database(dir),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    let mut statement = connection
        .prepare("SELECT id FROM records WHERE service = 'backup' AND kind = 'vault' ORDER BY id")
        .unwrap();
    let names = statement
        .query_map([], |row| row.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    names
}

/// What the burst's writers had acknowledged: vault names, and tags set after creation.
#[derive(Default)]
struct Acknowledged {
    vaults: Mutex<Vec<String>>,
    tags: Mutex<Vec<(String, String)>>,
    writes: AtomicUsize,
    attempts: AtomicUsize,
}

/// One writer: creates vaults with a tag, and tags each once more, until a call fails (the
/// gateway is gone). Records every acknowledged write.
async fn write_until_refused(client: Client, writer: usize, acked: Arc<Acknowledged>) {
    for i in 0.. {
        let name = format!("w{writer}-{i}");
        acked.attempts.fetch_add(1, Ordering::SeqCst);
        let Ok(created) = client
            .create_backup_vault()
            .backup_vault_name(&name)
            .backup_vault_tags("writer", writer.to_string())
            .send()
            .await
        else {
            return;
        };
        acked.vaults.lock().unwrap().push(name.clone());
        acked.writes.fetch_add(1, Ordering::SeqCst);
        let arn = created.backup_vault_arn().expect("arn").to_owned();
        acked.attempts.fetch_add(1, Ordering::SeqCst);
        let tagged = client
            .tag_resource()
            .resource_arn(&arn)
            .tags("n", i.to_string())
            .send()
            .await;
        if tagged.is_err() {
            return;
        }
        acked.tags.lock().unwrap().push((arn, i.to_string()));
        acked.writes.fetch_add(1, Ordering::SeqCst);
    }
}

/// Every vault and its tags, as the gateway lists them.
async fn vaults_and_tags(client: &Client) -> BTreeMap<String, (String, BTreeMap<String, String>)> {
    let mut found = BTreeMap::new();
    let mut pages = client.list_backup_vaults().into_paginator().send();
    while let Some(page) = pages.next().await {
        for vault in page.expect("list vaults").backup_vault_list() {
            let arn = vault.backup_vault_arn().expect("arn").to_owned();
            let tags = integration_tests::tags_of(client, &arn).await;
            found.insert(
                vault.backup_vault_name().expect("name").to_owned(),
                (arn, tags),
            );
        }
    }
    found
}

/// Starts `mode` in a fresh directory, kills it with SIGKILL while `WRITERS` clients write,
/// restarts it on the directory, and checks that every acknowledged write is there.
async fn burst_then_sigkill(mode: &str, extra: &[(&str, &str)]) {
    let dir = tempfile::tempdir().unwrap();
    let mut vars = vec![("FLOCI_STORAGE_MODE", mode)];
    vars.extend_from_slice(extra);
    let gateway = Gateway::start(dir.path(), &vars);
    let acked = Arc::new(Acknowledged::default());
    let started = Instant::now();
    let mut writers = Vec::new();
    for writer in 0..WRITERS {
        let client = client(&gateway).await;
        writers.push(tokio::spawn(write_until_refused(
            client,
            writer,
            acked.clone(),
        )));
    }
    let deadline = Instant::now() + DEADLINE;
    while acked.writes.load(Ordering::SeqCst) < ACKNOWLEDGED_BEFORE_KILL {
        assert!(Instant::now() < deadline, "the burst is too slow");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // The writers are still sending: this lands in the middle of requests.
    gateway.kill();
    let burst = started.elapsed();
    for writer in writers {
        writer.await.expect("writer");
    }
    let writes = acked.writes.load(Ordering::SeqCst);
    let attempts = acked.attempts.load(Ordering::SeqCst);
    assert!(
        attempts >= writes + WRITERS,
        "every writer saw the gateway go"
    );

    let restarted = Gateway::start(dir.path(), &vars);
    let loaded = restarted
        .log_line("storage: backup is")
        .expect("the storage line");
    assert!(loaded.contains(&format!("backup is {mode} in")), "{loaded}");
    let found = vaults_and_tags(&client(&restarted).await).await;
    let vaults = acked.vaults.lock().unwrap().clone();
    for name in &vaults {
        let (_, tags) = found
            .get(name)
            .unwrap_or_else(|| panic!("acknowledged vault {name} is missing after SIGKILL"));
        let writer = name[1..].split('-').next().unwrap();
        assert_eq!(
            tags.get("writer").map(String::as_str),
            Some(writer),
            "{name}"
        );
    }
    for (arn, n) in acked.tags.lock().unwrap().iter() {
        let (_, tags) = found
            .values()
            .find(|(found_arn, _)| found_arn == arn)
            .expect("the tagged vault");
        assert_eq!(tags.get("n"), Some(n), "acknowledged tag of {arn}");
    }
    // Unacknowledged writes may or may not have landed; nothing else may appear.
    assert!(found.len() <= vaults.len() + WRITERS);
    eprintln!(
        "{mode}: {writes} writes acknowledged in {burst:?} by {WRITERS} writers, {} attempts; \
         after SIGKILL and restart {} vaults found, all {} acknowledged vaults and {} tags present",
        attempts,
        found.len(),
        vaults.len(),
        acked.tags.lock().unwrap().len(),
    );
    restarted.terminate();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn persistent_mode_keeps_every_acknowledged_write_through_sigkill() {
    burst_then_sigkill("persistent", &[]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn wal_mode_keeps_every_acknowledged_write_through_sigkill_and_compactions() {
    // Compacting every 50 ms puts compactions in the middle of the burst, and the SIGKILL
    // maybe in the middle of one.
    burst_then_sigkill("wal", &[("FLOCI_STORAGE_WAL_COMPACTION_INTERVAL_MS", "50")]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_job_cut_off_by_sigkill_resumes_and_completes() {
    let dir = tempfile::tempdir().unwrap();
    let vars = [
        ("FLOCI_STORAGE_MODE", "persistent"),
        ("FLOCI_SERVICES_BACKUP_JOB_COMPLETION_DELAY_SECONDS", "60"),
    ];
    let gateway = Gateway::start(dir.path(), &vars);
    let backup = client(&gateway).await;
    backup
        .create_backup_vault()
        .backup_vault_name("vault")
        .send()
        .await
        .expect("create vault");
    let job = backup
        .start_backup_job()
        .backup_vault_name("vault")
        .resource_arn(VOLUME)
        .iam_role_arn(ROLE)
        .send()
        .await
        .expect("start job");
    let id = job.backup_job_id().expect("job id").to_owned();
    gateway.kill();

    let gateway = Gateway::start(dir.path(), &vars);
    let backup = client(&gateway).await;
    let state = |job: &aws_sdk_backup::operation::describe_backup_job::DescribeBackupJobOutput| {
        job.state().map(|s| s.as_str().to_owned())
    };
    let described = backup.describe_backup_job().backup_job_id(&id).send().await;
    assert_eq!(
        state(&described.expect("describe")).as_deref(),
        Some("CREATED")
    );
    let (status, body) = gateway.admin("POST", "/_floci/clock", "{\"advanceSeconds\": 120}");
    assert_eq!(status, 200, "{body}");
    let deadline = Instant::now() + DEADLINE;
    loop {
        let described = backup.describe_backup_job().backup_job_id(&id).send().await;
        if state(&described.expect("describe")).as_deref() == Some("COMPLETED") {
            break;
        }
        assert!(Instant::now() < deadline, "the resumed job never completed");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let points = backup
        .list_recovery_points_by_backup_vault()
        .backup_vault_name("vault")
        .send()
        .await
        .expect("list points");
    assert_eq!(points.recovery_points().len(), 1);

    // The clock's offset is kept with the state: restarted again, time has not gone back.
    gateway.kill();
    let gateway = Gateway::start(dir.path(), &vars);
    let (_, clock) = gateway.admin("GET", "/_floci/clock", "");
    let clock: serde_json::Value = serde_json::from_str(&clock).expect("clock JSON");
    assert!(
        clock["offsetSeconds"].as_f64().unwrap_or_default() >= 120.0,
        "{clock}"
    );
    gateway.terminate();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn hybrid_mode_writes_on_a_graceful_stop_and_every_interval() {
    let dir = tempfile::tempdir().unwrap();
    let rarely = [
        ("FLOCI_STORAGE_MODE", "hybrid"),
        ("FLOCI_STORAGE_HYBRID_FLUSH_INTERVAL_MS", "600000"),
    ];
    let gateway = Gateway::start(dir.path(), &rarely);
    integration_tests::create_vault(&client(&gateway).await, "kept-by-sigterm").await;
    assert!(
        stored_vaults(dir.path()).is_empty(),
        "hybrid mode waits for its interval"
    );
    gateway.terminate();
    assert_eq!(
        stored_vaults(dir.path()),
        ["kept-by-sigterm"],
        "written on the graceful stop"
    );

    let often = [
        ("FLOCI_STORAGE_MODE", "hybrid"),
        ("FLOCI_STORAGE_HYBRID_FLUSH_INTERVAL_MS", "50"),
    ];
    let gateway = Gateway::start(dir.path(), &often);
    integration_tests::create_vault(&client(&gateway).await, "kept-by-the-interval").await;
    let deadline = Instant::now() + DEADLINE;
    while stored_vaults(dir.path()).len() < 2 {
        assert!(Instant::now() < deadline, "the periodic flush never wrote");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    gateway.kill();

    let gateway = Gateway::start(dir.path(), &often);
    let names: Vec<String> = vaults_and_tags(&client(&gateway).await)
        .await
        .into_keys()
        .collect();
    assert_eq!(names, ["kept-by-sigterm", "kept-by-the-interval"]);
    gateway.terminate();
}

/// A persistent store holding one vault, the gateway stopped.
async fn stored_vault(dir: &Path, mode: &str) {
    let gateway = Gateway::start(dir, &[("FLOCI_STORAGE_MODE", mode)]);
    integration_tests::create_vault(&client(&gateway).await, "vault").await;
    gateway.terminate();
}

/// Damages `file` with `edit`, then expects the binary to refuse to start in `mode` with exit 2
/// and one line containing `expected` and the file's path, leaving every byte as it was.
fn refused_and_untouched(
    dir: &Path,
    mode: &str,
    file: &Path,
    edit: impl FnOnce(&mut Vec<u8>),
    expected: &str,
) {
    let mut bytes = std::fs::read(file).unwrap();
    edit(&mut bytes);
    std::fs::write(file, &bytes).unwrap();
    let (code, stderr) = refused_start(dir, &[("FLOCI_STORAGE_MODE", mode)]);
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains(expected), "{stderr}");
    assert!(stderr.contains(&file.display().to_string()), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(std::fs::read(file).unwrap(), bytes, "the file was touched");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_corrupt_database_stops_the_binary_and_is_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    stored_vault(dir.path(), "persistent").await;
    refused_and_untouched(
        dir.path(),
        "persistent",
        &database(dir.path()),
        |bytes| bytes.truncate(bytes.len() / 2),
        "is corrupt",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_newer_format_stops_the_binary_and_is_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    stored_vault(dir.path(), "persistent").await;
    // The header's user_version (bytes 60 to 63, big-endian) is the format version.
    let newer = |bytes: &mut Vec<u8>| bytes[60..64].copy_from_slice(&3u32.to_be_bytes());
    refused_and_untouched(
        dir.path(),
        "wal",
        &database(dir.path()),
        newer,
        "written by a newer floci",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_damaged_record_stops_the_binary_and_is_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let gateway = Gateway::start(dir.path(), &[("FLOCI_STORAGE_MODE", "wal")]);
    let backup = client(&gateway).await;
    for name in ["va", "vb", "vc"] {
        integration_tests::create_vault(&backup, name).await;
    }
    gateway.terminate();
    // A byte of the first vault's record, with two good records after it: SQLite keeps no
    // checksum of its pages, each record carries its own.
    refused_and_untouched(
        dir.path(),
        "wal",
        &database(dir.path()),
        |bytes| {
            let at = bytes
                .windows(15)
                .position(|w| w == b"backup-vault:va")
                .expect("the record is in the file");
            bytes[at + 14] ^= 0x20;
        },
        "fails its checksum",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn format1_state_is_converted_once_on_the_first_start() {
    let dir = tempfile::tempdir().unwrap();
    // A vault's record as this build stores it is what the file engine stored for it inside
    // its region's document: take one, then write the files format 1 would have.
    stored_vault(dir.path(), "persistent").await;
    let vault: String = rusqlite::Connection::open(database(dir.path()))
        .unwrap()
        .query_row(
            "SELECT value FROM records WHERE kind = 'vault' AND id = 'vault'",
            [],
            |row| row.get(0),
        )
        .unwrap();
    for file in ["floci.sqlite3", "floci.sqlite3-wal", "floci.sqlite3-shm"] {
        let _ = std::fs::remove_file(dir.path().join(file));
    }
    let region = dir.path().join("backup").join(ACCOUNT);
    std::fs::create_dir_all(&region).unwrap();
    let header = format!(
        "{{\"format\":\"floci-state\",\"version\":1,\"content\":\"partition\",\
         \"service\":\"backup\",\"partition\":[\"{ACCOUNT}\",\"us-east-1\"],\"seq\":0}}\n"
    );
    let document = format!("{header}{{\"vaults\":{{\"vault\":{vault}}}}}");
    std::fs::write(region.join("us-east-1.json"), document).unwrap();
    std::fs::write(
        dir.path().join("clock.json"),
        "{\"format\":\"floci-state\",\"version\":1,\"content\":\"clock\"}\n\
         {\"offsetMillis\":86400000}",
    )
    .unwrap();
    let vars = [("FLOCI_STORAGE_MODE", "persistent")];
    let gateway = Gateway::start(dir.path(), &vars);
    let line = gateway.log_line("converted").expect("the conversion line");
    assert!(line.contains("format1-converted"), "{line}");
    assert_eq!(vaults_and_tags(&client(&gateway).await).await.len(), 1);
    let (_, clock) = gateway.admin("GET", "/_floci/clock", "");
    let clock: serde_json::Value = serde_json::from_str(&clock).expect("clock JSON");
    assert_eq!(clock["offsetSeconds"].as_f64(), Some(86_400.0), "{clock}");
    gateway.terminate();
    assert_eq!(stored_vaults(dir.path()), ["vault"]);
    assert!(!dir.path().join("backup").exists() && !dir.path().join("clock.json").exists());
    assert!(dir.path().join("format1-converted/backup").is_dir());

    let gateway = Gateway::start(dir.path(), &vars);
    assert!(gateway.log_line("converted").is_none(), "converted once");
    assert_eq!(vaults_and_tags(&client(&gateway).await).await.len(), 1);
    gateway.terminate();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn memory_mode_writes_nothing_and_two_gateways_never_share_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let gateway = Gateway::start(&data, &[]);
    integration_tests::create_vault(&client(&gateway).await, "vault").await;
    gateway.terminate();
    assert!(!data.exists(), "memory mode created {}", data.display());

    let first = Gateway::start(&data, &[("FLOCI_STORAGE_MODE", "persistent")]);
    let (code, stderr) = refused_start(&data, &[("FLOCI_STORAGE_MODE", "wal")]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("another floci-gateway is using"),
        "{stderr}"
    );
    first.terminate();
}
