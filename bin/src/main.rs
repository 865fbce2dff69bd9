//! `floci-gateway`: every linked AWS service behind one port (default 4566).
//!
//! Configuration comes from `FLOCI_*` environment variables (docs/configuration.md). The last
//! start-up line is `Ready.`, which tools such as Testcontainers wait for.

include!(concat!(env!("OUT_DIR"), "/services.rs"));

use emulator_core::Gateway;

fn main() {
    let vars: Vec<(String, String)> = std::env::vars().collect();
    let gateway = match Gateway::from_vars(vars) {
        Ok(gateway) => gateway,
        Err(message) => {
            eprintln!("floci-gateway: {message}");
            std::process::exit(2);
        }
    };
    // A plain level filter: EnvFilter's directive engine costs start-up time and idle memory
    // for a feature (per-module levels) nobody configures here.
    let level = gateway
        .config()
        .log_level
        .parse::<tracing::Level>()
        .unwrap_or(tracing::Level::INFO);
    tracing_subscriber::fmt()
        .with_max_level(level)
        .with_target(false)
        .with_ansi(false)
        .init();
    // Before the runtime's threads exist: the workers allocate from the one main arena.
    emulator_core::memory::use_one_arena();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("floci-gateway: cannot start the async runtime: {err}");
            std::process::exit(1);
        }
    };
    for warning in gateway.config_warnings() {
        tracing::warn!("{warning}");
    }
    for note in gateway.storage_notes() {
        if note.warning {
            tracing::warn!("{}", note.text);
        } else {
            tracing::info!("{}", note.text);
        }
    }
    let dashboard = emulator_core::dashboard::enabled(gateway.config());
    runtime.block_on(async move {
        let summary = gateway.service_summary();
        let bound = match gateway.bind().await {
            Ok(bound) => bound,
            Err(err) => {
                eprintln!("floci-gateway: cannot listen: {err}");
                std::process::exit(1);
            }
        };
        match bound.local_addr() {
            Ok(addr) => {
                tracing::info!(
                    "floci-gateway {} listening on {addr}; services: {summary}",
                    env!("CARGO_PKG_VERSION")
                );
                for note in bound.exposure_notes(addr) {
                    if note.warning {
                        tracing::warn!("{}", note.text);
                    } else {
                        tracing::info!("{}", note.text);
                    }
                }
                if dashboard {
                    tracing::info!(
                        "dashboard: http://{addr}{}",
                        emulator_core::dashboard::UI_PATH
                    );
                } else {
                    tracing::info!("dashboard: off (FLOCI_UI_ENABLED, docs/ui.md)");
                }
            }
            Err(err) => tracing::warn!(%err, "cannot read the bound address"),
        }
        // Listening before `Ready.`: a stop sent as soon as the line appears is graceful (hybrid
        // storage writes its state then), not the default action that kills the process.
        let shutdown = shutdown_signal();
        println!("Ready.");
        bound.serve(shutdown).await;
        tracing::info!("stopped");
    });
}

/// Starts listening for SIGINT and SIGTERM now; the future resolves on the first of them.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let interrupt = signal(SignalKind::interrupt());
        let terminate = signal(SignalKind::terminate());
        async move {
            match (interrupt, terminate) {
                (Ok(mut interrupt), Ok(mut terminate)) => {
                    tokio::select! {
                        _ = interrupt.recv() => {}
                        _ = terminate.recv() => {}
                    }
                }
                _ => {
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        }
    }
    #[cfg(not(unix))]
    {
        async {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
