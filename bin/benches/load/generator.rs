//! The load generator: one worker per concurrent caller, each with its own keep-alive
//! HTTP/1.1 connection (hyper's client), sending its requests one after another and recording
//! each latency (request written to response body fully read) in an HdrHistogram.
//!
//! Every worker connects first; the clock starts when all are connected and stops when the last
//! one finishes, so throughput is completed requests over that wall time.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use hdrhistogram::Histogram;
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;

/// A request as the generator sends it.
pub type Request = http::Request<Full<Bytes>>;

/// What one run measured.
pub struct Outcome {
    /// Requests answered with a 2xx status.
    pub ok: u64,
    /// Requests answered otherwise.
    pub failed: u64,
    /// The first failure: status and body, for the report.
    pub first_failure: Option<String>,
    /// From the moment every worker was connected until the last one finished.
    pub elapsed: Duration,
    /// Latency of every request, in nanoseconds.
    pub latency: Histogram<u64>,
    /// The body of the last response, for callers that read an answer (a `NextToken`).
    pub last_body: Bytes,
}

impl Outcome {
    /// Completed requests per second.
    pub fn throughput(&self) -> f64 {
        (self.ok + self.failed) as f64 / self.elapsed.as_secs_f64()
    }

    /// The latency at `quantile` (0.5, 0.99).
    pub fn percentile(&self, quantile: f64) -> Duration {
        Duration::from_nanos(self.latency.value_at_quantile(quantile))
    }

    /// Panics with the first failure when any request failed: a benchmark of errors measures
    /// nothing.
    pub fn expect_success(self, what: &str) -> Self {
        assert!(
            self.failed == 0,
            "{what}: {} of {} requests failed; first: {}",
            self.failed,
            self.ok + self.failed,
            self.first_failure.as_deref().unwrap_or("?")
        );
        self
    }
}

fn histogram() -> Histogram<u64> {
    // 1 ns to 60 s at three significant digits.
    Histogram::new_with_bounds(1, 60_000_000_000, 3).expect("valid histogram bounds")
}

struct WorkerResult {
    ok: u64,
    failed: u64,
    first_failure: Option<String>,
    latency: Histogram<u64>,
    finished: Instant,
    last_body: Bytes,
}

async fn connect(addr: SocketAddr) -> hyper::client::conn::http1::SendRequest<Full<Bytes>> {
    let stream = tokio::net::TcpStream::connect(addr)
        .await
        .unwrap_or_else(|err| panic!("cannot connect to {addr}: {err}"));
    stream.set_nodelay(true).expect("TCP_NODELAY");
    let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .expect("HTTP/1.1 handshake");
    tokio::spawn(connection);
    sender
}

async fn worker<I>(addr: SocketAddr, requests: I, start: Arc<tokio::sync::Barrier>) -> WorkerResult
where
    I: Iterator<Item = Request>,
{
    let mut sender = connect(addr).await;
    let mut result = WorkerResult {
        ok: 0,
        failed: 0,
        first_failure: None,
        latency: histogram(),
        finished: Instant::now(),
        last_body: Bytes::new(),
    };
    start.wait().await;
    for request in requests {
        let sent = Instant::now();
        // A server that closes its connections (moto's development server answers one request
        // per connection) is connected to again, inside the request's latency, as a client would.
        if sender.ready().await.is_err() {
            sender = connect(addr).await;
            sender.ready().await.expect("a new connection is ready");
        }
        let response = sender
            .send_request(request)
            .await
            .expect("the server answers");
        let status = response.status();
        let body = response
            .into_body()
            .collect()
            .await
            .expect("a whole response body")
            .to_bytes();
        result
            .latency
            .saturating_record(sent.elapsed().as_nanos() as u64);
        if status.is_success() {
            result.ok += 1;
        } else {
            result.failed += 1;
            if result.first_failure.is_none() {
                result.first_failure = Some(format!("{status} {}", String::from_utf8_lossy(&body)));
            }
        }
        result.last_body = body;
    }
    result.finished = Instant::now();
    result
}

/// Runs one worker per element of `workers`, each sending its requests in order.
pub async fn run<I>(addr: SocketAddr, workers: Vec<I>) -> Outcome
where
    I: IntoIterator<Item = Request>,
    I::IntoIter: Send + 'static,
{
    let start = Arc::new(tokio::sync::Barrier::new(workers.len() + 1));
    let handles: Vec<_> = workers
        .into_iter()
        .map(|requests| tokio::spawn(worker(addr, requests.into_iter(), start.clone())))
        .collect();
    start.wait().await;
    let started = Instant::now();
    let mut outcome = Outcome {
        ok: 0,
        failed: 0,
        first_failure: None,
        elapsed: Duration::ZERO,
        latency: histogram(),
        last_body: Bytes::new(),
    };
    let mut last = started;
    for handle in handles {
        let result = handle.await.expect("a worker finishes");
        outcome.ok += result.ok;
        outcome.failed += result.failed;
        outcome.first_failure = outcome.first_failure.or(result.first_failure);
        outcome
            .latency
            .add(&result.latency)
            .expect("histograms with equal bounds add");
        last = last.max(result.finished);
        outcome.last_body = result.last_body;
    }
    outcome.elapsed = last - started;
    outcome
}

/// Deals `requests` round-robin to `workers` workers.
pub fn deal(requests: Vec<Request>, workers: usize) -> Vec<Vec<Request>> {
    let mut dealt: Vec<Vec<Request>> = (0..workers)
        .map(|_| Vec::with_capacity(requests.len() / workers + 1))
        .collect();
    for (index, request) in requests.into_iter().enumerate() {
        dealt[index % workers].push(request);
    }
    dealt
}
