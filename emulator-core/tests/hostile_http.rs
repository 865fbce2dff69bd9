//! Hostile HTTP against the gateway, over raw TCP because a client library would refuse to send
//! most of it: oversized and endless bodies, slow clients, broken paths, floods of headers,
//! deep or odd JSON. Each case gets a precise 4xx (AWS-shaped where the gateway, not hyper,
//! answers) and every test proves the gateway still serves afterwards.
//!
//! A throwaway rest-json service (`gadgets`, routed by its host name) echoes its input, so the
//! tests can see what the protocol layer made of a body.

use std::sync::Arc;
use std::time::Duration;

use emulator_core::dto::Output;
use emulator_core::{
    async_trait, Gateway, GatewayHandle, Protocol, RequestContext, Service, ServiceDescriptor,
    ServiceError, ServiceSettings, ValidationErrorNames,
};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const MODEL: &str = r#"{
  "metadata": {"protocol": "rest-json", "endpointPrefix": "gadgets", "serviceId": "Gadgets",
               "signingName": "gadgets"},
  "operations": {
    "PutGadget": {"name": "PutGadget", "http": {"method": "PUT", "requestUri": "/gadgets/{Name}"},
                  "input": {"shape": "Gadget"}, "output": {"shape": "Gadget"}},
    "ListGadgets": {"name": "ListGadgets", "http": {"method": "GET", "requestUri": "/gadgets"},
                    "input": {"shape": "ListInput"}, "output": {"shape": "ListInput"}}
  },
  "shapes": {
    "Gadget": {"type": "structure", "required": ["Name"], "members": {
      "Name": {"shape": "Name", "location": "uri", "locationName": "Name"},
      "Count": {"shape": "Count"},
      "Total": {"shape": "Total"},
      "Ratio": {"shape": "Ratio"},
      "Tree": {"shape": "Node"},
      "Labels": {"shape": "Labels"}
    }},
    "ListInput": {"type": "structure", "members": {
      "Limit": {"shape": "Count", "location": "querystring", "locationName": "limit"}
    }},
    "Node": {"type": "structure", "members": {
      "Child": {"shape": "Node"},
      "Children": {"shape": "Nodes"}
    }},
    "Nodes": {"type": "list", "member": {"shape": "Node"}},
    "Labels": {"type": "map", "key": {"shape": "Name"}, "value": {"shape": "Name"}},
    "Name": {"type": "string", "min": 1, "max": 64},
    "Count": {"type": "integer"},
    "Total": {"type": "long"},
    "Ratio": {"type": "double"}
  }
}"#;

struct Gadgets;

#[async_trait]
impl Service for Gadgets {
    async fn call(
        &self,
        _: &RequestContext,
        _operation: &str,
        input: Value,
    ) -> Result<Output, ServiceError> {
        Ok(Output::Value(input))
    }

    fn reset(&self) {}
}

fn build(_: &ServiceSettings) -> Result<Arc<dyn Service>, String> {
    Ok(Arc::new(Gadgets))
}

emulator_core::inventory::submit! {
    ServiceDescriptor {
        name: "gadgets",
        signing_names: &["gadgets"],
        endpoint_prefix: "gadgets",
        protocol: Protocol::RestJson,
        target_prefix: None,
        model_json: MODEL,
        enabled_by_default: true,
        validation_errors: ValidationErrorNames::DEFAULT,
        build,
    }
}

const HOST: &str = "gadgets.us-east-1.amazonaws.com";

async fn start(vars: &[(&str, &str)]) -> GatewayHandle {
    let mut all = vec![
        ("FLOCI_HOST".to_owned(), "127.0.0.1".to_owned()),
        ("FLOCI_PORT".to_owned(), "0".to_owned()),
    ];
    all.extend(vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
    Gateway::from_vars(all)
        .unwrap()
        .bind()
        .await
        .unwrap()
        .spawn()
        .unwrap()
}

/// A parsed response: status, lower-cased head, body.
#[derive(Debug)]
struct Reply {
    status: u16,
    head: String,
    body: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", self.body))
    }

    /// An AWS-shaped error: the status, `x-amzn-ErrorType`, `x-amzn-RequestId` and a JSON body
    /// whose `__type` names the same exception.
    fn assert_aws_error(&self, status: u16, error_type: &str) {
        assert_eq!(self.status, status, "{self:?}");
        assert!(
            self.head.contains(&format!(
                "x-amzn-errortype: {}",
                error_type.to_ascii_lowercase()
            )),
            "{self:?}"
        );
        assert!(self.head.contains("x-amzn-requestid: "), "{self:?}");
        assert_eq!(self.json()["__type"], error_type, "{self:?}");
    }
}

fn parse_reply(raw: &[u8]) -> Reply {
    let text = String::from_utf8_lossy(raw);
    let (head, body) = text
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("no HTTP response in {text:?}"));
    Reply {
        status: head[9..12].parse().unwrap(),
        head: head.to_ascii_lowercase(),
        body: body.to_owned(),
    }
}

/// Reads until the gateway closes the connection (every request here says `Connection: close`
/// or is one the gateway gives up on).
async fn read_all(stream: &mut TcpStream) -> Vec<u8> {
    let mut raw = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut raw)).await;
    read.expect("the gateway answers within 20 s")
        .expect("the connection closes cleanly, not with a reset");
    raw
}

/// Sends raw bytes and reads the whole answer.
async fn exchange(gateway: &GatewayHandle, request: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(gateway.addr()).await.unwrap();
    stream.write_all(request).await.unwrap();
    parse_reply(&read_all(&mut stream).await)
}

fn request(method: &str, path: &str, body: &str) -> Vec<u8> {
    format!(
        "{method} {path} HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

async fn put(gateway: &GatewayHandle, body: &str) -> Reply {
    exchange(gateway, &request("PUT", "/gadgets/g1", body)).await
}

/// The proof every test ends with: a well-formed request on a new connection still succeeds.
async fn still_serving(gateway: &GatewayHandle) {
    let reply = put(gateway, r#"{"Count": 7}"#).await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(reply.json()["Count"], 7);
}

#[tokio::test]
async fn a_declared_body_over_the_limit_is_413() {
    let gateway = start(&[("FLOCI_MAX_REQUEST_SIZE", "1")]).await;
    let head = format!(
        "PUT /gadgets/g1 HTTP/1.1\r\nHost: {HOST}\r\nContent-Length: {}\r\n\r\n",
        2 * 1024 * 1024
    );
    let mut stream = TcpStream::connect(gateway.addr()).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    // Some of the body follows; the gateway answers from the declared length alone.
    let _ = stream.write_all(&[b' '; 64 * 1024]).await;
    let reply = parse_reply(&read_all(&mut stream).await);
    reply.assert_aws_error(413, "RequestEntityTooLargeException");
    assert!(
        reply.json()["message"]
            .as_str()
            .unwrap()
            .contains("FLOCI_MAX_REQUEST_SIZE"),
        "{reply:?}"
    );
    still_serving(&gateway).await;
}

#[tokio::test]
async fn a_chunked_body_without_length_is_cut_off_past_the_limit() {
    let gateway = start(&[("FLOCI_MAX_REQUEST_SIZE", "1")]).await;
    let mut stream = TcpStream::connect(gateway.addr()).await.unwrap();
    let head =
        format!("PUT /gadgets/g1 HTTP/1.1\r\nHost: {HOST}\r\nTransfer-Encoding: chunked\r\n\r\n");
    stream.write_all(head.as_bytes()).await.unwrap();
    let chunk = format!("10000\r\n{}\r\n", " ".repeat(0x10000));
    // 64 KiB chunks without end: the gateway must stop reading after 1 MiB and answer. Writes
    // fail once it has closed; the answer is still readable.
    let (mut reader, mut writer) = stream.into_split();
    let flood = tokio::spawn(async move {
        for _ in 0..64 {
            if writer.write_all(chunk.as_bytes()).await.is_err() {
                return;
            }
        }
    });
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(20), reader.read_to_end(&mut raw))
        .await
        .expect("answered")
        .expect("closed cleanly");
    flood.abort();
    parse_reply(&raw).assert_aws_error(413, "RequestEntityTooLargeException");
    still_serving(&gateway).await;
}

#[tokio::test]
async fn a_client_that_stalls_in_its_headers_gets_408() {
    let gateway = start(&[("FLOCI_HEADER_READ_TIMEOUT_SECONDS", "0.5")]).await;
    let mut stream = TcpStream::connect(gateway.addr()).await.unwrap();
    stream
        .write_all(format!("PUT /gadgets/g1 HTTP/1.1\r\nHost: {HOST}\r\nX-Slow: ").as_bytes())
        .await
        .unwrap();
    let reply = parse_reply(&read_all(&mut stream).await);
    reply.assert_aws_error(408, "RequestTimeout");
    assert!(
        reply.body.contains("FLOCI_HEADER_READ_TIMEOUT_SECONDS"),
        "{reply:?}"
    );
    still_serving(&gateway).await;
}

#[tokio::test]
async fn a_client_that_stalls_in_a_later_request_head_gets_408() {
    let gateway = start(&[("FLOCI_HEADER_READ_TIMEOUT_SECONDS", "0.5")]).await;
    let mut stream = TcpStream::connect(gateway.addr()).await.unwrap();
    // A first, complete keep-alive request, answered; then half of a second one.
    let first =
        format!("PUT /gadgets/g1 HTTP/1.1\r\nHost: {HOST}\r\nContent-Length: 2\r\n\r\n{{}}");
    stream.write_all(first.as_bytes()).await.unwrap();
    let answered = read_one_response(&mut stream).await;
    assert!(answered.starts_with("HTTP/1.1 200"), "{answered}");
    stream.write_all(b"GET /gadgets HT").await.unwrap();
    let reply = parse_reply(&read_all(&mut stream).await);
    reply.assert_aws_error(408, "RequestTimeout");
    still_serving(&gateway).await;
}

#[tokio::test]
async fn a_head_that_trickles_in_byte_by_byte_still_times_out() {
    let gateway = start(&[("FLOCI_HEADER_READ_TIMEOUT_SECONDS", "0.5")]).await;
    let stream = TcpStream::connect(gateway.addr()).await.unwrap();
    let (mut reader, mut writer) = stream.into_split();
    // A byte of a header value every 50 ms, for as long as the connection takes them: bytes
    // arriving are no progress while the head is not whole, so the gateway must give up.
    let trickle = tokio::spawn(async move {
        let head = format!("GET /gadgets HTTP/1.1\r\nHost: {HOST}\r\nX-Slow: ");
        writer.write_all(head.as_bytes()).await.unwrap();
        let mut ticks = tokio::time::interval(Duration::from_millis(50));
        loop {
            ticks.tick().await;
            if writer.write_all(b"a").await.is_err() {
                return;
            }
        }
    });
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(20), reader.read_to_end(&mut raw))
        .await
        .expect("the gateway closed the connection")
        .ok();
    trickle.abort();
    parse_reply(&raw).assert_aws_error(408, "RequestTimeout");
    still_serving(&gateway).await;
}

/// Reads exactly one response with a `Content-Length` off a keep-alive connection.
async fn read_one_response(stream: &mut TcpStream) -> String {
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let text = String::from_utf8_lossy(&raw).into_owned();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length: usize = head
                .to_ascii_lowercase()
                .lines()
                .find_map(|l| l.strip_prefix("content-length: ").map(str::to_owned))
                .and_then(|l| l.trim().parse().ok())
                .expect("a content-length");
            if body.len() >= length {
                return text;
            }
        }
        let n = stream.read(&mut buf).await.unwrap();
        assert!(n > 0, "closed early: {text}");
        raw.extend_from_slice(&buf[..n]);
    }
}

#[tokio::test]
async fn a_client_that_connects_and_sends_nothing_is_disconnected_silently() {
    let gateway = start(&[("FLOCI_HEADER_READ_TIMEOUT_SECONDS", "0.5")]).await;
    let mut silent = TcpStream::connect(gateway.addr()).await.unwrap();
    // Also one that sends only the first byte of the HTTP/2 preface, which stalls hyper's
    // version sniffing before its own header timeout applies.
    let mut sniffed = TcpStream::connect(gateway.addr()).await.unwrap();
    sniffed.write_all(b"P").await.unwrap();
    assert!(read_all(&mut silent).await.is_empty());
    let answer = read_all(&mut sniffed).await;
    assert!(
        answer.is_empty() || String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 408"),
        "{answer:?}"
    );
    still_serving(&gateway).await;
}

#[tokio::test]
async fn an_idle_keep_alive_connection_closes_without_an_unsolicited_answer() {
    let gateway = start(&[("FLOCI_HEADER_READ_TIMEOUT_SECONDS", "0.5")]).await;
    let mut stream = TcpStream::connect(gateway.addr()).await.unwrap();
    let first =
        format!("PUT /gadgets/g1 HTTP/1.1\r\nHost: {HOST}\r\nContent-Length: 2\r\n\r\n{{}}");
    stream.write_all(first.as_bytes()).await.unwrap();
    let raw = read_all(&mut stream).await;
    let text = String::from_utf8_lossy(&raw);
    assert_eq!(text.matches("HTTP/1.1").count(), 1, "{text}");
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    still_serving(&gateway).await;
}

#[tokio::test]
async fn a_client_that_stalls_in_its_body_gets_a_request_timeout() {
    let gateway = start(&[("FLOCI_BODY_READ_TIMEOUT_SECONDS", "0.5")]).await;
    let mut stream = TcpStream::connect(gateway.addr()).await.unwrap();
    let head = format!(
        "PUT /gadgets/g1 HTTP/1.1\r\nHost: {HOST}\r\nContent-Length: 100\r\n\r\n{{\"Count\": "
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let reply = parse_reply(&read_all(&mut stream).await);
    reply.assert_aws_error(400, "RequestTimeout");
    assert!(
        reply.body.contains("FLOCI_BODY_READ_TIMEOUT_SECONDS"),
        "{reply:?}"
    );
    still_serving(&gateway).await;
}

#[tokio::test]
async fn a_slow_but_steady_body_is_not_a_timeout() {
    let gateway = start(&[("FLOCI_BODY_READ_TIMEOUT_SECONDS", "1")]).await;
    let body = r#"{"Count": 12345}"#;
    let head = format!(
        "PUT /gadgets/g1 HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    let mut stream = TcpStream::connect(gateway.addr()).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    // Eight pieces 0.2 s apart: 1.6 s in all, longer than the timeout, but never 1 s without
    // progress.
    for piece in body.as_bytes().chunks(2) {
        tokio::time::sleep(Duration::from_millis(200)).await;
        stream.write_all(piece).await.unwrap();
    }
    let reply = parse_reply(&read_all(&mut stream).await);
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(reply.json()["Count"], 12345);
}

#[tokio::test]
async fn raw_non_utf8_bytes_in_the_path_are_400() {
    let gateway = start(&[]).await;
    let mut raw = b"PUT /gadgets/".to_vec();
    raw.extend_from_slice(&[0xFF, 0xFE]);
    raw.extend_from_slice(
        format!(" HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
            .as_bytes(),
    );
    let reply = exchange(&gateway, &raw).await;
    assert_eq!(reply.status, 400, "{reply:?}");
    still_serving(&gateway).await;
}

#[tokio::test]
async fn percent_encoded_non_utf8_in_a_label_is_a_validation_error() {
    let gateway = start(&[]).await;
    let reply = exchange(&gateway, &request("PUT", "/gadgets/%FF%FE", "{}")).await;
    reply.assert_aws_error(400, "ValidationException");
    assert!(reply.body.contains("UTF-8"), "{reply:?}");
    still_serving(&gateway).await;
}

#[tokio::test]
async fn malformed_percent_escapes_are_taken_literally() {
    let gateway = start(&[]).await;
    // `%G1` and a trailing `%` are not escapes: they stay as typed (as RFC 3986 decoders that
    // do not reject them do), so the label is the three characters `%G1` and the call works.
    let reply = exchange(&gateway, &request("PUT", "/gadgets/%G1", "{}")).await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(reply.json(), serde_json::json!({}));
    let reply = exchange(&gateway, &request("PUT", "/gadgets/50%", "{}")).await;
    assert_eq!(reply.status, 200, "{reply:?}");
    still_serving(&gateway).await;
}

#[tokio::test]
async fn percent_encoded_non_utf8_in_the_query_is_400() {
    let gateway = start(&[]).await;
    let reply = exchange(&gateway, &request("GET", "/gadgets?limit=%FF", "")).await;
    reply.assert_aws_error(400, "MalformedQueryString");
    let reply = exchange(&gateway, &request("GET", "/gadgets?limit=ten", "")).await;
    reply.assert_aws_error(400, "ValidationException");
    still_serving(&gateway).await;
}

#[tokio::test]
async fn ten_thousand_headers_are_431() {
    let gateway = start(&[]).await;
    let mut raw = format!("PUT /gadgets/g1 HTTP/1.1\r\nHost: {HOST}\r\n");
    for i in 0..10_000 {
        raw.push_str(&format!("X-Header-{i}: value\r\n"));
    }
    raw.push_str("Content-Length: 0\r\n\r\n");
    let reply = exchange(&gateway, raw.as_bytes()).await;
    assert_eq!(reply.status, 431, "{reply:?}");
    still_serving(&gateway).await;
}

#[tokio::test]
async fn a_megabyte_of_path_is_refused() {
    let gateway = start(&[]).await;
    let path = format!("/gadgets/{}", "a".repeat(1024 * 1024));
    let reply = exchange(&gateway, &request("PUT", &path, "{}")).await;
    assert!(
        [414, 431].contains(&reply.status),
        "a request line larger than hyper's buffer: {reply:?}"
    );
    still_serving(&gateway).await;
}

#[tokio::test]
async fn a_garbage_request_line_is_400() {
    let gateway = start(&[]).await;
    let reply = exchange(&gateway, b"\x00\x01\x02 nonsense\r\n\r\n").await;
    assert_eq!(reply.status, 400, "{reply:?}");
    still_serving(&gateway).await;
}

#[tokio::test]
async fn a_hundred_thousand_open_brackets_do_not_overflow_the_stack() {
    let gateway = start(&[]).await;
    for body in [
        "[".repeat(100_000),
        r#"{"Tree": "#.to_owned() + &r#"{"Child": "#.repeat(100_000),
        r#"{"Labels": "#.to_owned() + &"{\"a\": ".repeat(100_000),
    ] {
        let reply = put(&gateway, &body).await;
        reply.assert_aws_error(400, "SerializationException");
        assert!(reply.body.contains("recursion limit"), "{reply:?}");
    }
    still_serving(&gateway).await;
}

#[tokio::test]
async fn a_recursive_shape_as_deep_as_json_allows_is_read_and_validated() {
    let gateway = start(&[]).await;
    // serde_json's limit is 128 nested containers; 60 levels of {"Child": {...}} plus the
    // outer object stay under it and run the decoder and the validator down the whole tree.
    let depth = 60;
    let tree = r#"{"Child": "#.repeat(depth) + "{}" + &"}".repeat(depth);
    let reply = put(&gateway, &format!(r#"{{"Tree": {tree}}}"#)).await;
    assert_eq!(reply.status, 200, "{reply:?}");
    let mut node = &reply.json()["Tree"];
    for _ in 0..depth {
        node = &node["Child"];
    }
    assert_eq!(node, &serde_json::json!({}));
    // A deep list of lists of nodes too.
    let lists = r#"{"Children": ["#.repeat(40) + "{}" + &"]}".repeat(40);
    let reply = put(&gateway, &format!(r#"{{"Tree": {lists}}}"#)).await;
    assert_eq!(reply.status, 200, "{reply:?}");
    still_serving(&gateway).await;
}

#[tokio::test]
async fn huge_numbers_are_serialization_errors() {
    let gateway = start(&[]).await;
    for (body, expected) in [
        (r#"{"Ratio": 1e400}"#, "number out of range"),
        (r#"{"Ratio": -1e400}"#, "number out of range"),
        (r#"{"Count": 99999999999999999999999}"#, "an integer"),
        (r#"{"Total": 99999999999999999999999}"#, "an integer"),
        (r#"{"Count": 2147483648}"#, "a 32-bit integer"),
        (r#"{"Count": 1.5}"#, "an integer"),
        (r#"{"Count": 1e3}"#, "an integer"),
        (r#"{"Count": "7"}"#, "an integer"),
    ] {
        let reply = put(&gateway, body).await;
        reply.assert_aws_error(400, "SerializationException");
        assert!(reply.body.contains(expected), "{body}: {reply:?}");
    }
    // The edges of the types are fine.
    let reply = put(
        &gateway,
        r#"{"Count": -2147483648, "Total": 9223372036854775807, "Ratio": 1.7976931348623157e308}"#,
    )
    .await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(reply.json()["Total"], i64::MAX);
    still_serving(&gateway).await;
}

#[tokio::test]
async fn duplicate_keys_take_the_last_value() {
    let gateway = start(&[]).await;
    // AWS's Java front ends parse with Jackson, whose default is that the last duplicate wins;
    // serde_json does the same, so the answer is deterministic.
    for _ in 0..3 {
        let reply = put(
            &gateway,
            r#"{"Count": 1, "Labels": {"k": "a", "k": "b"}, "Count": 2}"#,
        )
        .await;
        assert_eq!(reply.status, 200, "{reply:?}");
        assert_eq!(reply.json()["Count"], 2);
        assert_eq!(reply.json()["Labels"], serde_json::json!({"k": "b"}));
    }
    // A duplicate whose last value has the wrong type is still an error, whatever came first.
    let reply = put(&gateway, r#"{"Count": 1, "Count": "x"}"#).await;
    reply.assert_aws_error(400, "SerializationException");
    still_serving(&gateway).await;
}

#[tokio::test]
async fn bodies_that_are_not_json_are_serialization_errors() {
    let gateway = start(&[]).await;
    let mut raw = format!(
        "PUT /gadgets/g1 HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\nContent-Length: 4\r\n\r\n"
    )
    .into_bytes();
    raw.extend_from_slice(&[b'"', 0xFF, 0xFE, b'"']);
    exchange(&gateway, &raw)
        .await
        .assert_aws_error(400, "SerializationException");
    for body in ["{", "nul", "[1,]", "{\"Count\": 1} trailing", "\u{0}"] {
        put(&gateway, body)
            .await
            .assert_aws_error(400, "SerializationException");
    }
    still_serving(&gateway).await;
}
