//! The HTTP server: binding, the tower layer stack (a panic catcher; CORS is in `cors.rs`), the
//! accept loop, slow-client limits and graceful shutdown.

mod connection;

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
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
            Arc::new(vars),
            config.clone(),
            clock.clone(),
        )?;
        let storage = Storage::open(&config.storage, &registry, &clock)
            .map_err(|error| format!("storage: {error}"))?;
        Ok(Self {
            state: Arc::new(GatewayState {
                config,
                registry,
                clock,
                storage,
            }),
        })
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
        let mut builder = auto::Builder::new(TokioExecutor::new());
        // hyper answers a request head with more than 100 headers 431, and an unparsable one
        // 400, by itself; the header read timeout closes a connection whose next request head
        // does not arrive in time (idle keep-alive connections included).
        builder
            .http1()
            .timer(TokioTimer::new())
            .header_read_timeout(head_timeout);
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
                    // Set when the connection's first request reaches the gateway: until then
                    // `connection::drive` bounds the wait by the header timeout.
                    let first_request = Arc::new(AtomicBool::new(false));
                    let seen = first_request.clone();
                    let service = service.clone().map_request(move |request| {
                        seen.store(true, Ordering::Relaxed);
                        request
                    });
                    let hyper_connection = builder
                        .serve_connection_with_upgrades(TokioIo::new(stream.clone()), TowerToHyperService::new(service))
                        .into_owned();
                    let hyper_connection = graceful.watch(hyper_connection);
                    tokio::spawn(connection::drive(hyper_connection, stream, first_request, head_timeout));
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
