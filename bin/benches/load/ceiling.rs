//! The ceiling: a bare hyper HTTP/1.1 server that reads each request whole and answers a fixed
//! JSON body (a DescribeBackupVault answer), on the same kind of Tokio runtime as the gateway.
//! Nothing on this machine can answer these requests faster, so gateway / ceiling is the share of
//! the possible throughput the gateway reaches.

use std::convert::Infallible;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;

/// The environment variable that makes the benchmark binary run as the ceiling server.
pub const PORT_VARIABLE: &str = "FLOCI_BENCH_CEILING_PORT";

const BODY: &[u8] = br#"{"BackupVaultArn":"arn:aws:backup:us-east-1:200000000000:backup-vault:bench-vault","BackupVaultName":"bench-vault","CreationDate":1.7637552E9,"EncryptionKeyArn":"arn:aws:kms:us-east-1:200000000000:key/6f1c2b8e-8f4a-4b0e-9a57-0f5c3f2d9b11","EncryptionKeyType":"AWS_OWNED_KMS_KEY","Locked":false,"NumberOfRecoveryPoints":0,"VaultState":"AVAILABLE","VaultType":"BACKUP_VAULT"}"#;

/// Serves on `port` until killed.
pub fn serve(port: u16) -> ! {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime");
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("bind the ceiling port");
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let _ = stream.set_nodelay(true);
            tokio::spawn(async move {
                let service = service_fn(|request: http::Request<hyper::body::Incoming>| async {
                    let _ = request.into_body().collect().await;
                    let mut response = http::Response::new(Full::new(Bytes::from_static(BODY)));
                    response.headers_mut().insert(
                        http::header::CONTENT_TYPE,
                        http::HeaderValue::from_static("application/json"),
                    );
                    Ok::<_, Infallible>(response)
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    })
}
