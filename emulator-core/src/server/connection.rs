//! One accepted connection after hyper is done with it or gave up on it: a client that takes
//! too long to send a request head gets HTTP 408 (when it sent part of one) and the connection
//! closes; every close drains what the client still sends, so the last response is not lost to
//! a TCP reset.

use std::error::Error;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
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

struct Shared {
    stream: Mutex<TcpStream>,
    /// Bytes arrived since the last response bytes left: a request is under way.
    unanswered: AtomicBool,
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
            self.0.unanswered.store(false, Ordering::Relaxed);
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
            self.0.unanswered.store(false, Ordering::Relaxed);
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

/// Runs hyper's connection future to its end, then closes the connection properly.
///
/// `first_request` is set when the connection's first request reaches the gateway: until then,
/// `head_timeout` bounds the whole wait, including the HTTP version sniffing that precedes
/// hyper's own header timeout (a client that connects and sends nothing, or half a request
/// line, is dropped after `head_timeout`). Later heads are bounded by hyper's
/// `header_read_timeout`.
pub(super) async fn drive<C>(
    connection: C,
    stream: SharedStream,
    first_request: Arc<AtomicBool>,
    head_timeout: Duration,
) where
    C: Future<Output = Result<(), Box<dyn Error + Send + Sync>>>,
{
    let first_head_deadline = async {
        tokio::time::sleep(head_timeout).await;
        if first_request.load(Ordering::Relaxed) {
            std::future::pending::<()>().await;
        }
    };
    let head_timed_out = tokio::select! {
        result = connection => match result {
            Ok(()) => false,
            Err(err) => {
                let timed_out = err
                    .downcast_ref::<hyper::Error>()
                    .is_some_and(hyper::Error::is_timeout);
                if !timed_out {
                    tracing::debug!(%err, "connection closed with an error");
                }
                timed_out
            }
        },
        () = first_head_deadline => true,
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
