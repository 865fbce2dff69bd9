//! Reading a request body within the size limit and without waiting forever for a stalled
//! client.

use std::time::Duration;

use bytes::{Bytes, BytesMut};
use http_body::Body as _;
use http_body_util::{BodyExt, Limited};

use crate::ServiceError;

/// The most memory reserved up front for a body, whatever its `Content-Length` says.
const INITIAL_CAPACITY_CAP: usize = 1024 * 1024;

fn too_large(limit: u64) -> ServiceError {
    ServiceError::new(
        "RequestEntityTooLargeException",
        format!(
            "The request body is larger than the limit of {limit} bytes (FLOCI_MAX_REQUEST_SIZE)"
        ),
    )
    .with_status(413)
}

/// S3's error for a client that stops sending mid-request (HTTP 400 `RequestTimeout`); AWS SDKs
/// retry it.
fn timed_out(idle: Duration) -> ServiceError {
    ServiceError::new(
        "RequestTimeout",
        format!(
            "Your socket connection to the server was not read from or written to within the timeout period. Idle connections will be closed. (No part of the request body arrived for {:.1} s, FLOCI_BODY_READ_TIMEOUT_SECONDS.)",
            idle.as_secs_f64()
        ),
    )
}

/// Reads the whole body: at most `limit` bytes (413 beyond, whether or not a `Content-Length`
/// announced it, so a chunked body is cut off as soon as it passes the limit), and never more
/// than `idle` between two pieces of it.
pub(crate) async fn read<B>(
    body: B,
    declared_length: Option<u64>,
    limit: u64,
    idle: Duration,
) -> Result<Bytes, ServiceError>
where
    B: http_body::Body<Data = Bytes> + Send,
    B::Error: std::error::Error + Send + Sync + 'static,
{
    if declared_length.is_some_and(|len| len > limit) {
        return Err(too_large(limit));
    }
    // A GET, or a POST without a body: nothing to wait for, so no timer and no buffer.
    if body.is_end_stream() {
        return Ok(Bytes::new());
    }
    let body = Limited::new(body, usize::try_from(limit).unwrap_or(usize::MAX));
    tokio::pin!(body);
    // Trust a declared length only so far: a client may announce gigabytes and send nothing.
    let capacity = declared_length
        .and_then(|len| usize::try_from(len).ok())
        .unwrap_or(0)
        .min(INITIAL_CAPACITY_CAP);
    let mut collected = BytesMut::new();
    loop {
        let frame = match tokio::time::timeout(idle, body.frame()).await {
            Err(_) => return Err(timed_out(idle)),
            Ok(None) => return Ok(collected.freeze()),
            Ok(Some(frame)) => frame.map_err(|err| {
                if err.is::<http_body_util::LengthLimitError>() {
                    too_large(limit)
                } else {
                    ServiceError::new(
                        "IncompleteBody",
                        format!("Could not read the request body: {err}"),
                    )
                }
            })?,
        };
        let Ok(data) = frame.into_data() else {
            continue;
        };
        if collected.is_empty() {
            // A body that arrived in one piece, as nearly every one does, is handed over as
            // hyper read it: no copy, and no wait for an end it has already announced.
            if body.is_end_stream() {
                return Ok(data);
            }
            collected.reserve(capacity.max(data.len()));
        }
        collected.extend_from_slice(&data);
    }
}
