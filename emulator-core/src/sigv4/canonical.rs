//! The SigV4 canonical request, string to sign and signature, as the AWS Signature Version 4
//! specification defines them.

use hmac::{Hmac, KeyInit, Mac};
use percent_encoding::{percent_decode_str, percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::{Digest, Sha256};

/// Everything but the unreserved characters (`A-Z a-z 0-9 - _ . ~`) is encoded.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Paths keep their `/` separators.
const PATH: &AsciiSet = &UNRESERVED.remove(b'/');

/// How a service canonicalises the URI path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathStyle {
    /// Every service but S3: dot segments and empty segments are removed, then the path as sent
    /// (already percent-encoded once) is percent-encoded again.
    NormalizedDoubleEncoded,
    /// S3: the path exactly as sent, encoded once, never normalised.
    AsSent,
}

impl PathStyle {
    /// The style of a signing name.
    pub fn for_service(signing_name: &str) -> Self {
        match signing_name {
            "s3" | "s3-object-lambda" | "s3-outposts" | "s3express" => Self::AsSent,
            _ => Self::NormalizedDoubleEncoded,
        }
    }
}

/// The parts of a request the canonical request is built from.
pub struct CanonicalParts<'a> {
    /// The method, upper case.
    pub method: &'a str,
    /// The path as received, still percent-encoded.
    pub raw_path: &'a str,
    /// The query string as received, still percent-encoded.
    pub raw_query: Option<&'a str>,
    /// A query parameter left out of the canonical query (`X-Amz-Signature` of a presigned URL).
    pub excluded_parameter: Option<&'a str>,
    /// The headers.
    pub headers: &'a http::HeaderMap,
    /// The URI authority, the host of HTTP/2 requests (which carry no `Host` header).
    pub authority: Option<&'a str>,
    /// The signed header names, lower case, in the order the client listed them.
    pub signed_headers: &'a [String],
    /// The payload hash (hex SHA-256, or a literal such as `UNSIGNED-PAYLOAD`).
    pub payload_hash: &'a str,
    /// The service's path rules.
    pub path_style: PathStyle,
}

/// The canonical request.
pub fn canonical_request(parts: &CanonicalParts<'_>) -> String {
    let mut headers = String::new();
    for name in parts.signed_headers {
        headers.push_str(name);
        headers.push(':');
        headers.push_str(&header_value(parts, name));
        headers.push('\n');
    }
    format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        parts.method,
        canonical_path(parts.raw_path, parts.path_style),
        canonical_query(parts.raw_query, parts.excluded_parameter),
        headers,
        parts.signed_headers.join(";"),
        parts.payload_hash
    )
}

/// `AWS4-HMAC-SHA256\n<date>\n<scope>\n<hex sha256 of the canonical request>`.
pub fn string_to_sign(amz_date: &str, scope: &str, canonical_request: &str) -> String {
    format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
        sha256_hex(canonical_request.as_bytes())
    )
}

/// The HMAC-SHA256 signing key of a secret for a date, region and service.
fn signing_key(secret: &str, date: &str, region: &str, service: &str) -> Vec<u8> {
    let mut key = format!("AWS4{secret}").into_bytes();
    for part in [date, region, service, "aws4_request"] {
        key = hmac(&key, part.as_bytes());
    }
    key
}

fn mac(key: &[u8], data: &[u8]) -> Hmac<Sha256> {
    // HMAC takes keys of any length: this cannot fail.
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
    mac.update(data);
    mac
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    mac(key, data).finalize().into_bytes().to_vec()
}

/// The credential scope a signature is computed for.
pub struct Scope<'a> {
    /// `yyyymmdd`.
    pub date: &'a str,
    /// The region.
    pub region: &'a str,
    /// The signing name.
    pub service: &'a str,
}

/// The hex signature of `string_to_sign`.
#[cfg(test)]
pub fn signature(secret: &str, scope: &Scope<'_>, string_to_sign: &str) -> String {
    let key = signing_key(secret, scope.date, scope.region, scope.service);
    hex::encode(hmac(&key, string_to_sign.as_bytes()))
}

/// Whether `provided` (hex) is the signature of `string_to_sign`, compared in constant time.
pub fn signature_matches(
    secret: &str,
    scope: &Scope<'_>,
    string_to_sign: &str,
    provided: &str,
) -> bool {
    let Ok(provided) = hex::decode(provided) else {
        return false;
    };
    let key = signing_key(secret, scope.date, scope.region, scope.service);
    mac(&key, string_to_sign.as_bytes())
        .verify_slice(&provided)
        .is_ok()
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

fn canonical_path(raw: &str, style: PathStyle) -> String {
    match style {
        PathStyle::AsSent if raw.is_empty() => "/".to_owned(),
        PathStyle::AsSent => raw.to_owned(),
        PathStyle::NormalizedDoubleEncoded => {
            percent_encode(normalize_path(raw).as_bytes(), PATH).to_string()
        }
    }
}

/// RFC 3986 dot-segment removal, dropping empty segments too, keeping a trailing slash.
fn normalize_path(raw: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    for segment in raw.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    let mut path = format!("/{}", segments.join("/"));
    let trailing = ["/", "/.", "/.."].iter().any(|end| raw.ends_with(end));
    if trailing && !path.ends_with('/') {
        path.push('/');
    }
    path
}

/// Parameters decoded (`+` is a space, as URL form encoding has it), re-encoded with the
/// unreserved set, sorted by encoded name then value.
fn canonical_query(raw: Option<&str>, excluded: Option<&str>) -> String {
    let encode = |text: &str| {
        let spaced = text.replace('+', " ");
        let bytes: Vec<u8> = percent_decode_str(&spaced).collect();
        percent_encode(&bytes, UNRESERVED).to_string()
    };
    let mut pairs: Vec<(String, String)> = raw
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (encode(key), encode(value))
        })
        .filter(|(key, _)| Some(key.as_str()) != excluded)
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(key, value)| format!("{key}={value}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// Every value of a header, trimmed, inner runs of spaces collapsed, joined by commas.
fn header_value(parts: &CanonicalParts<'_>, name: &str) -> String {
    let values: Vec<String> = parts
        .headers
        .get_all(name)
        .iter()
        .map(|value| collapse_spaces(&String::from_utf8_lossy(value.as_bytes())))
        .collect();
    if values.is_empty() && name == "host" {
        return parts.authority.unwrap_or_default().to_owned();
    }
    values.join(",")
}

fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `get-vanilla-query-order-key-case` style vector of the AWS SigV4 test suite:
    /// `GET /?Param2=value2&Param1=value1` to `example.amazonaws.com`, 2015-08-30T12:36:00Z,
    /// service `service`, region `us-east-1`, the suite's documented example key.
    #[test]
    fn matches_the_aws_test_suite() {
        let mut headers = http::HeaderMap::new();
        headers.insert("host", "example.amazonaws.com".parse().unwrap());
        headers.insert("x-amz-date", "20150830T123600Z".parse().unwrap());
        let signed = vec!["host".to_owned(), "x-amz-date".to_owned()];
        let empty_hash = sha256_hex(b"");
        let parts = CanonicalParts {
            method: "GET",
            raw_path: "/",
            raw_query: Some("Param2=value2&Param1=value1"),
            excluded_parameter: None,
            headers: &headers,
            authority: None,
            signed_headers: &signed,
            payload_hash: &empty_hash,
            path_style: PathStyle::NormalizedDoubleEncoded,
        };
        let creq = canonical_request(&parts);
        assert_eq!(
            creq,
            "GET\n/\nParam1=value1&Param2=value2\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        let sts = string_to_sign(
            "20150830T123600Z",
            "20150830/us-east-1/service/aws4_request",
            &creq,
        );
        let scope = Scope {
            date: "20150830",
            region: "us-east-1",
            service: "service",
        };
        let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
        let sig = signature(secret, &scope, &sts);
        assert_eq!(
            sig,
            "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"
        );
        assert!(signature_matches(secret, &scope, &sts, &sig));
        assert!(!signature_matches("other", &scope, &sts, &sig));
        assert!(!signature_matches(secret, &scope, &sts, "not hex"));
    }

    #[test]
    fn paths_are_normalized_and_encoded_twice_except_for_s3() {
        let style = PathStyle::NormalizedDoubleEncoded;
        assert_eq!(canonical_path("", style), "/");
        assert_eq!(canonical_path("/a//b/./c/../d/", style), "/a/b/d/");
        assert_eq!(canonical_path("/a/..", style), "/");
        assert_eq!(
            canonical_path("/backup-vaults/arn%3Aaws%3Abackup", style),
            "/backup-vaults/arn%253Aaws%253Abackup"
        );
        assert_eq!(canonical_path("/a b~", style), "/a%20b~");
        assert_eq!(
            canonical_path("/bucket//key/./x%20y", PathStyle::AsSent),
            "/bucket//key/./x%20y"
        );
        assert_eq!(PathStyle::for_service("s3"), PathStyle::AsSent);
        assert_eq!(
            PathStyle::for_service("backup"),
            PathStyle::NormalizedDoubleEncoded
        );
    }

    #[test]
    fn queries_are_decoded_reencoded_and_sorted() {
        assert_eq!(
            canonical_query(Some("b=2&a=%7e&a=1&c&d=x+y&e=%2F"), None),
            "a=1&a=~&b=2&c=&d=x%20y&e=%2F"
        );
        assert_eq!(
            canonical_query(
                Some("X-Amz-Signature=abc&X-Amz-Date=1"),
                Some("X-Amz-Signature")
            ),
            "X-Amz-Date=1"
        );
        assert_eq!(canonical_query(None, None), "");
    }

    #[test]
    fn header_values_are_trimmed_and_joined() {
        let mut headers = http::HeaderMap::new();
        headers.append("my-header", "  a   b  ".parse().unwrap());
        headers.append("my-header", "c".parse().unwrap());
        let signed = vec!["host".to_owned(), "my-header".to_owned()];
        let parts = CanonicalParts {
            method: "GET",
            raw_path: "/",
            raw_query: None,
            excluded_parameter: None,
            headers: &headers,
            authority: Some("localhost:4566"),
            signed_headers: &signed,
            payload_hash: "UNSIGNED-PAYLOAD",
            path_style: PathStyle::NormalizedDoubleEncoded,
        };
        assert_eq!(
            canonical_request(&parts),
            "GET\n/\n\nhost:localhost:4566\nmy-header:a b,c\n\nhost;my-header\nUNSIGNED-PAYLOAD"
        );
    }
}
