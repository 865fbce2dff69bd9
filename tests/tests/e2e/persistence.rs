//! Persisted state with the gateway in the test process (crash tests with the real binary are
//! in `bin/tests/persistence.rs`): a gateway stopped and started again on the same directory
//! answers as before, a reset also clears what was persisted, and `/_floci/info` says where the
//! state goes.

use std::path::Path;
use std::time::{Duration, Instant};

use integration_tests::{admin_request, backup_client, create_vault, GatewayHandle};

/// A gateway in `mode` keeping its state in `dir`. A gateway just stopped may still hold the
/// directory's lock for a moment (its last connections closing), so opening is retried until a
/// deadline.
pub(crate) async fn gateway_in(dir: &Path, mode: &str) -> GatewayHandle {
    let vars = vec![
        ("FLOCI_HOST".to_owned(), "127.0.0.1".to_owned()),
        ("FLOCI_PORT".to_owned(), "0".to_owned()),
        ("FLOCI_STORAGE_MODE".to_owned(), mode.to_owned()),
        (
            "FLOCI_STORAGE_PERSISTENT_PATH".to_owned(),
            dir.display().to_string(),
        ),
    ];
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match emulator_core::Gateway::from_vars(vars.clone()) {
            Ok(gateway) => {
                return gateway
                    .bind()
                    .await
                    .expect("bind an ephemeral port")
                    .spawn()
                    .expect("serve")
            }
            Err(error) if error.contains("another floci-gateway") => {
                assert!(Instant::now() < deadline, "{error}");
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            Err(error) => panic!("{error}"),
        }
    }
}

async fn vault_names(gateway: &GatewayHandle) -> Vec<String> {
    backup_client(gateway)
        .await
        .list_backup_vaults()
        .send()
        .await
        .expect("list vaults")
        .backup_vault_list()
        .iter()
        .filter_map(|vault| vault.backup_vault_name().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn state_survives_a_restart_and_a_reset_clears_it_on_disk_too() {
    let dir = tempfile::tempdir().unwrap();
    for mode in ["persistent", "wal", "hybrid"] {
        let gateway = gateway_in(dir.path(), mode).await;
        create_vault(&backup_client(&gateway).await, &format!("kept-{mode}")).await;
        gateway.shutdown().await;

        let gateway = gateway_in(dir.path(), mode).await;
        assert!(
            vault_names(&gateway)
                .await
                .contains(&format!("kept-{mode}")),
            "{mode}"
        );
        let (status, body) = admin_request(&gateway, "POST", "/_floci/reset", "").await;
        assert_eq!(status, 200, "{body}");
        gateway.shutdown().await;

        let gateway = gateway_in(dir.path(), mode).await;
        assert!(vault_names(&gateway).await.is_empty(), "{mode}: reset");
        gateway.shutdown().await;
    }
}

#[tokio::test]
async fn info_says_how_each_service_keeps_its_state() {
    let dir = tempfile::tempdir().unwrap();
    let gateway = gateway_in(dir.path(), "wal").await;
    let (status, body) = admin_request(&gateway, "GET", "/_floci/info", "").await;
    assert_eq!(status, 200);
    let info: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(info["storage"]["mode"], "wal", "{body}");
    assert_eq!(info["storage"]["services"]["backup"], "wal", "{body}");
    assert_eq!(
        info["storage"]["services"]["opsworkscm"], "memory",
        "OpsWorks CM does not persist yet: {body}"
    );
    assert_eq!(info["storage"]["walCompactionIntervalMs"], 30000);
    gateway.shutdown().await;
}
