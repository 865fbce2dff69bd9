//! One accepted connection: a client that takes too long to send a request head gets HTTP 408
//! (when it sent part of one) and the connection closes; every close drains what the client
//! still sends, so the last response is not lost to a TCP reset.
//!
//! The header timeout is a watchdog per connection rather than hyper's own: hyper allocates
//! and registers a timer for every request head it reads, while the watchdog's one timer looks
//! at the connection's progress a few times per timeout ([`CHECKS_PER_TIMEOUT`]).

use std::error::Error;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::TcpStream;

use crate::state::lock;
use crate::ServiceError;

/// How long a closing connection keeps reading (and discarding) what the client still sends.
const LINGER: Duration = Duration::from_secs(2);
/// The most a closing connection reads before it gives up on a polite close.
const LINGER_MAX_BYTES: usize = 16 * 1024 * 1024;

/// How often per header timeout the watchdog looks at a connection: one waiting for a request
/// head is closed after between 1 and 1 + 1/`CHECKS_PER_TIMEOUT` timeouts.
const CHECKS_PER_TIMEOUT: u32 = 4;

struct Shared {
    stream: Mutex<TcpStream>,
    /// Bytes arrived since the last response bytes left: a request is under way.
    unanswered: AtomicBool,
    /// Writes that sent bytes: an answer on its way out.
    writes: AtomicU64,
}

/// What a connection's requests are doing, counted by the service around the gateway and read
/// by the header timeout's watchdog.
#[derive(Default)]
pub(super) struct Progress {
    /// Requests whose head reached the gateway.
    started: AtomicU64,
    /// Requests the gateway answered (the answer may still be on its way out).
    answered: AtomicU64,
}

impl Progress {
    /// A request head reached the gateway.
    pub(super) fn request_started(&self) {
        self.started.fetch_add(1, Ordering::Relaxed);
    }

    /// The gateway answered a request.
    pub(super) fn request_answered(&self) {
        self.answered.fetch_add(1, Ordering::Relaxed);
    }
}

/// The client's TCP stream, shared between hyper (which reads and writes it) and the
/// connection task (which takes it back when hyper ends, to answer 408 and close politely).
#[derive(Clone)]
pub(super) struct SharedStream(Arc<Shared>);

impl SharedStream {
    pub(super) fn new(stream: TcpStream) -> Self {
        Self(Arc::new(Shared {
            stream: Mutex::new(stream),
            unanswered: AtomicBool::new(false),
            writes: AtomicU64::new(0),
        }))
    }

    /// The stream and whether a request was under way, once hyper has dropped its handle.
    fn into_inner(self) -> Option<(TcpStream, bool)> {
        let shared = Arc::try_unwrap(self.0).ok()?;
        Some((
            shared
                .stream
                .into_inner()
                .unwrap_or_else(PoisonError::into_inner),
            shared.unanswered.into_inner(),
        ))
    }
}

impl Shared {
    /// Response bytes left.
    fn wrote(&self) {
        self.unanswered.store(false, Ordering::Relaxed);
        self.writes.fetch_add(1, Ordering::Relaxed);
    }
}

impl AsyncRead for SharedStream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let poll = Pin::new(&mut *lock(&self.0.stream)).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.0.unanswered.store(true, Ordering::Relaxed);
        }
        poll
    }
}

impl AsyncWrite for SharedStream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut *lock(&self.0.stream)).poll_write(cx, buf);
        if matches!(poll, Poll::Ready(Ok(n)) if n > 0) {
            self.0.wrote();
        }
        poll
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut *lock(&self.0.stream)).poll_write_vectored(cx, bufs);
        if matches!(poll, Poll::Ready(Ok(n)) if n > 0) {
            self.0.wrote();
        }
        poll
    }

    fn is_write_vectored(&self) -> bool {
        lock(&self.0.stream).is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut *lock(&self.0.stream)).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut *lock(&self.0.stream)).poll_shutdown(cx)
    }
}

/// Runs hyper's connection future to its end, or until the connection waited longer than
/// `head_timeout` for a request head, then closes the connection properly.
///
/// A connection waits for a head from when it connects, and again from when its last answer
/// left: a client that connects and sends nothing, sends half a request line, or keeps an idle
/// keep-alive connection, is dropped (with a 408 when it sent part of a head). While a request
/// is with the gateway (its body read, the answer made), the wait does not count: the body has
/// its own timeout.
pub(super) async fn drive<C>(
    connection: C,
    stream: SharedStream,
    progress: Arc<Progress>,
    head_timeout: Duration,
) where
    C: Future<Output = Result<(), Box<dyn Error + Send + Sync>>>,
{
    let head_timed_out = tokio::select! {
        result = connection => {
            if let Err(err) = result {
                tracing::debug!(%err, "connection closed with an error");
            }
            false
        }
        () = head_watchdog(&progress, &stream, head_timeout) => true,
    };
    // hyper's handle on the stream is gone (its future ended or was dropped above), unless an
    // upgrade took the connection over.
    let Some((mut tcp, unanswered)) = stream.into_inner() else {
        return;
    };
    if head_timed_out && unanswered {
        let _ = tcp.write_all(&head_timeout_response(head_timeout)).await;
    }
    linger(tcp).await;
}

/// Resolves once the connection has made no progress for `CHECKS_PER_TIMEOUT` checks in a row,
/// `head_timeout / CHECKS_PER_TIMEOUT` apart, with no request at the gateway: no head reached
/// it, no answer was made and no answer bytes left. Bytes of a head that trickle in are no
/// progress: a head must arrive whole within the timeout.
async fn head_watchdog(progress: &Progress, stream: &SharedStream, head_timeout: Duration) {
    let interval = head_timeout / CHECKS_PER_TIMEOUT;
    let sleep = tokio::time::sleep(interval);
    tokio::pin!(sleep);
    let mut last = None;
    let mut quiet_checks = 0;
    loop {
        sleep.as_mut().await;
        let started = progress.started.load(Ordering::Relaxed);
        let answered = progress.answered.load(Ordering::Relaxed);
        let now = (started, answered, stream.0.writes.load(Ordering::Relaxed));
        if started != answered || last != Some(now) {
            quiet_checks = 0;
        } else {
            quiet_checks += 1;
            if quiet_checks >= CHECKS_PER_TIMEOUT {
                return;
            }
        }
        last = Some(now);
        sleep.as_mut().reset(tokio::time::Instant::now() + interval);
    }
}

/// HTTP/1.1 408 `RequestTimeout` with an AWS-shaped body, for a client that sent part of a
/// request head and then stalled.
fn head_timeout_response(timeout: Duration) -> Vec<u8> {
    let error = ServiceError::new(
        "RequestTimeout",
        format!(
            "The request line and headers did not arrive within {:.1} s (FLOCI_HEADER_READ_TIMEOUT_SECONDS); the connection is closed.",
            timeout.as_secs_f64()
        ),
    )
    .with_status(408);
    let wire = crate::gateway::generic_error(&error);
    let mut head = format!("HTTP/1.1 {} Request Timeout\r\n", wire.status);
    for (name, value) in &wire.headers {
        head.push_str(&format!(
            "{name}: {}\r\n",
            String::from_utf8_lossy(value.as_bytes())
        ));
    }
    head.push_str(&format!(
        "x-amzn-requestid: {}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        uuid::Uuid::new_v4(),
        wire.body.len()
    ));
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(&wire.body);
    bytes
}

/// Closes our sending side, then reads and discards what the client still sends (for a short
/// while), so that closing does not reset a connection with unread data, which would make the
/// client's TCP stack drop the response it has not read yet (a 413 sent before the body was
/// read, a 431, a 408).
async fn linger(mut tcp: TcpStream) {
    let _ = tcp.shutdown().await;
    let deadline = tokio::time::Instant::now() + LINGER;
    let mut sink = [0u8; 8192];
    let mut drained = 0usize;
    while drained < LINGER_MAX_BYTES {
        match tokio::time::timeout_at(deadline, tcp.read(&mut sink)).await {
            Ok(Ok(n)) if n > 0 => drained += n,
            _ => break,
        }
    }
}
