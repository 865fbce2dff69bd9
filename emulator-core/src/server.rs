//! The HTTP server: binding, the tower layer stack (a panic catcher; CORS is in `cors.rs`), the
//! accept loop, slow-client limits and graceful shutdown.

mod connection;

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::{ServiceBuilder, ServiceExt};
use tower_http::catch_panic::CatchPanicLayer;

use crate::gateway::{self, GatewayState};
use crate::registry::Registry;
use crate::storage::{StartupNote, Storage};
use crate::Config;

/// How long in-flight requests may run after a shutdown signal.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(10);

fn on_panic(
    panic: Box<dyn std::any::Any + Send + 'static>,
) -> http::Response<http_body_util::Full<bytes::Bytes>> {
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("panic");
    gateway::panic_response(detail)
}

/// A configured gateway, not yet bound.
pub struct Gateway {
    state: Arc<GatewayState>,
    /// Configuration that is accepted but probably not what was meant.
    config_warnings: Vec<String>,
}

/// `FLOCI_SERVICES_<NAME>_ENABLED` variables whose `<NAME>` is no linked service (a typo
/// would otherwise leave the service as it was, silently).
fn unknown_service_switches(vars: &[(String, String)], registry: &Registry) -> Vec<String> {
    vars.iter()
        .filter_map(|(name, _)| {
            let service = name
                .strip_prefix("FLOCI_SERVICES_")?
                .strip_suffix("_ENABLED")?;
            let known = registry
                .services()
                .iter()
                .any(|s| s.descriptor.name.eq_ignore_ascii_case(service));
            (!known).then(|| {
                let names: Vec<String> = registry
                    .services()
                    .iter()
                    .map(|s| s.descriptor.name.to_ascii_uppercase())
                    .collect();
                format!(
                    "{name} names no service of this gateway (services: {}); it is ignored",
                    names.join(", ")
                )
            })
        })
        .collect()
}

impl Gateway {
    /// Reads the configuration, builds every linked service from `(name, value)` pairs (the
    /// process environment in the binary) and loads the state they persisted
    /// (`FLOCI_STORAGE_MODE`). Errors are one line naming the bad variable or the damaged file.
    pub fn from_vars(vars: Vec<(String, String)>) -> Result<Self, String> {
        let config = Arc::new(Config::from_vars(
            vars.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        )?);
        let clock = Arc::new(crate::Clock::default());
        let registry = Registry::build(
            &crate::registered(),
            &crate::path_routes::registered_path_routes(),
            Arc::new(vars.clone()),
            config.clone(),
            clock.clone(),
        )?;
        let storage = Storage::open(&config.storage, &registry, &clock)
            .map_err(|error| format!("storage: {error}"))?;
        let config_warnings = unknown_service_switches(&vars, &registry);
        Ok(Self {
            config_warnings,
            state: Arc::new(GatewayState {
                config,
                registry,
                clock,
                storage,
            }),
        })
    }

    /// Calls an admin endpoint directly (no HTTP, no origin or host checks): the admin fuzz
    /// target's entry point. Answers the status and the JSON body.
    #[doc(hidden)]
    pub async fn admin_call(
        &self,
        method: &http::Method,
        path: &str,
        body: &[u8],
    ) -> (u16, bytes::Bytes) {
        match gateway::admin_call(&self.state, method, path, body).await {
            Ok(wire) | Err(wire) => (wire.status, wire.body),
        }
    }

    /// The gateway's clock (for checks on what the admin endpoints did to it).
    #[doc(hidden)]
    pub fn clock(&self) -> &crate::Clock {
        &self.state.clock
    }

    /// Configuration accepted but probably mistaken, for the start-up log (warnings).
    pub fn config_warnings(&self) -> &[String] {
        &self.config_warnings
    }

    /// What loading the persisted state found, for the start-up log.
    pub fn storage_notes(&self) -> &[StartupNote] {
        self.state.storage.notes()
    }

    /// The configuration in force.
    pub fn config(&self) -> &Config {
        &self.state.config
    }

    /// `name (status)` for every linked service, for the start-up log.
    pub fn service_summary(&self) -> String {
        self.state
            .registry
            .statuses()
            .map(|(name, status)| format!("{name} ({status})"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Binds the configured address.
    pub async fn bind(self) -> std::io::Result<BoundGateway> {
        let addr = SocketAddr::new(self.state.config.host, self.state.config.port);
        let listener = TcpListener::bind(addr).await?;
        Ok(BoundGateway {
            state: self.state,
            listener,
        })
    }
}

/// A gateway with its listening socket.
pub struct BoundGateway {
    state: Arc<GatewayState>,
    listener: TcpListener,
}

impl BoundGateway {
    /// Where the gateway listens and who can reach what, for the start-up log: the address,
    /// whether strict auth is on, and a warning when the admin endpoints (reset, clock,
    /// resources) answer the network without a token.
    pub fn exposure_notes(&self, addr: SocketAddr) -> Vec<StartupNote> {
        let config = &self.state.config;
        let mut notes = vec![StartupNote {
            text: format!(
                "listening on {addr} ({}); strict auth (FLOCI_AUTH_VALIDATE_SIGNATURES) {}; \
                 admin endpoints {}; CORS origin checks {}",
                if addr.ip().is_loopback() {
                    "this machine only"
                } else {
                    "reachable from the network"
                },
                if config.validate_signatures {
                    "on"
                } else {
                    "off"
                },
                match (&config.admin_token, config.validate_signatures) {
                    (Some(_), _) => "need FLOCI_ADMIN_TOKEN",
                    (None, true) => "off (strict auth without FLOCI_ADMIN_TOKEN)",
                    (None, false) => "open",
                },
                if config.cors_checks { "on" } else { "off" },
            ),
            warning: false,
        }];
        if !addr.ip().is_loopback() && config.admin_token.is_none() && !config.validate_signatures {
            notes.push(StartupNote {
                text: format!(
                    "the admin endpoints (/_floci/reset, /_floci/clock, /_floci/resources) are \
                     reachable from the network on {addr} without a token: anyone who can reach \
                     this address can wipe or change the state. Set FLOCI_ADMIN_TOKEN, or \
                     FLOCI_HOST=127.0.0.1 outside a container"
                ),
                warning: true,
            });
        }
        notes
    }

    /// The address actually bound (useful with port 0).
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until `shutdown` completes, then stops accepting and lets in-flight requests finish
    /// (up to a drain timeout), then writes what the storage mode has yet to write.
    pub async fn serve(self, shutdown: impl Future<Output = ()>) {
        let state = self.state;
        // Timers rebuilt from the loaded state need the runtime, so this happens here.
        state.storage.start();
        let storage_state = state.clone();
        let head_timeout = state.config.header_read_timeout;
        let service = ServiceBuilder::new()
            .layer(CatchPanicLayer::custom(on_panic))
            .service_fn(move |request| {
                let state = state.clone();
                async move { Ok::<_, Infallible>(gateway::handle(state, request).await) }
            });
        // hyper answers a request head with more than 100 headers 431, and an unparsable one
        // 400, by itself. The header read timeout is the connection's own watchdog
        // (`connection::drive`), not hyper's: hyper's boxes and registers a timer for every
        // request head, about 1,000 instructions of a DescribeBackupVault (docs/benchmarks.md,
        // session 8), where the watchdog's one timer per connection looks four times a timeout.
        let mut builder = auto::Builder::new(TokioExecutor::new());
        builder.http1().header_read_timeout(None);
        let graceful = hyper_util::server::graceful::GracefulShutdown::new();
        tokio::pin!(shutdown);
        loop {
            tokio::select! {
                accepted = self.listener.accept() => {
                    let (stream, _) = match accepted {
                        Ok(conn) => conn,
                        Err(err) => {
                            // Running out of file descriptors is transient: back off, keep serving.
                            tracing::warn!(%err, "accept failed");
                            tokio::time::sleep(Duration::from_millis(10)).await;
                            continue;
                        }
                    };
                    let _ = stream.set_nodelay(true);
                    let stream = connection::SharedStream::new(stream);
                    // What the connection's requests are doing, for `connection::drive`'s
                    // header timeout: a head that reached the gateway, an answer it made.
                    let progress = Arc::new(connection::Progress::default());
                    let (started, answered) = (progress.clone(), progress.clone());
                    let service = service
                        .clone()
                        .map_request(move |request| {
                            started.request_started();
                            request
                        })
                        .map_response(move |response| {
                            answered.request_answered();
                            response
                        });
                    let hyper_connection = builder
                        .serve_connection_with_upgrades(TokioIo::new(stream.clone()), TowerToHyperService::new(service))
                        .into_owned();
                    let hyper_connection = graceful.watch(hyper_connection);
                    tokio::spawn(connection::drive(hyper_connection, stream, progress, head_timeout));
                }
                () = &mut shutdown => break,
            }
        }
        drop(self.listener);
        if tokio::time::timeout(DRAIN_TIMEOUT, graceful.shutdown())
            .await
            .is_err()
        {
            tracing::warn!("in-flight requests did not finish within {DRAIN_TIMEOUT:?}");
        }
        storage_state.storage.shutdown().await;
    }

    /// Serves in a background task until the returned handle is shut down or dropped: the way
    /// tests run a gateway on an ephemeral port.
    pub fn spawn(self) -> std::io::Result<GatewayHandle> {
        let addr = self.local_addr()?;
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(self.serve(async {
            let _ = rx.await;
        }));
        Ok(GatewayHandle {
            addr,
            stop: Some(tx),
            task: Some(task),
        })
    }
}

/// A gateway serving in the background.
pub struct GatewayHandle {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl GatewayHandle {
    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:<port>` (or the bound address), for client endpoints.
    pub fn endpoint(&self) -> String {
        let ip = if self.addr.ip().is_unspecified() {
            std::net::IpAddr::from([127, 0, 0, 1])
        } else {
            self.addr.ip()
        };
        format!("http://{}", SocketAddr::new(ip, self.addr.port()))
    }

    /// Stops accepting and waits for in-flight requests.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for GatewayHandle {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
