//! SigV4: who signed a request, for which region and service, and (in strict mode) whether the
//! signature is right.
//!
//! By default signatures are not verified (emulators accept any credentials); only the scope
//! is read, from the `Authorization` header or a presigned URL's `X-Amz-Credential`, to route
//! the request and pick its account and region. With `FLOCI_AUTH_VALIDATE_SIGNATURES=true` the
//! gateway also calls [`verify`] against the configured [`CredentialSet`].

mod canonical;
mod credentials;
mod query_errors;
mod verify;

use std::fmt;

pub use credentials::{Credential, CredentialSet, KeyLookup};
pub use verify::{verify, AuthError, SignedRequest, Verified};

/// The scope a request was signed for, borrowed from the header or query it was read from
/// (every request has one: parsing it allocates nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CredentialScope<'a> {
    /// The access key id.
    pub access_key_id: &'a str,
    /// The `yyyymmdd` date.
    pub date: &'a str,
    /// The region; `None` for SigV4a, whose scope carries no region.
    pub region: Option<&'a str>,
    /// The signing name, e.g. `backup`.
    pub service: &'a str,
}

/// A credential that is present but malformed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeError(pub String);

impl fmt::Display for ScopeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

const SIGV4: &str = "AWS4-HMAC-SHA256";
const SIGV4A: &str = "AWS4-ECDSA-P256-SHA256";

/// Reads the scope from an `Authorization` header value. Returns `Ok(None)` for schemes that are
/// not SigV4 (the caller falls back to other routing hints).
pub fn from_authorization(header: &str) -> Result<Option<CredentialScope<'_>>, ScopeError> {
    let header = header.trim();
    let (algorithm, rest) = header
        .split_once(char::is_whitespace)
        .unwrap_or((header, ""));
    if algorithm != SIGV4 && algorithm != SIGV4A {
        return Ok(None);
    }
    let credential = rest
        .split(',')
        .map(str::trim)
        .find_map(|part| part.strip_prefix("Credential="))
        .ok_or_else(|| {
            ScopeError("Authorization header requires 'Credential' parameter.".to_owned())
        })?;
    parse_credential(credential, algorithm == SIGV4A).map(Some)
}

/// Reads the scope from presigned-URL query parameters (`X-Amz-Algorithm`, `X-Amz-Credential`,
/// already percent-decoded). Returns `Ok(None)` when the URL is not presigned.
pub fn from_query(query: &[(String, String)]) -> Result<Option<CredentialScope<'_>>, ScopeError> {
    let Some((_, credential)) = query.iter().find(|(k, _)| k == "X-Amz-Credential") else {
        return Ok(None);
    };
    let sigv4a = query
        .iter()
        .any(|(k, v)| k == "X-Amz-Algorithm" && v == SIGV4A);
    parse_credential(credential, sigv4a).map(Some)
}

/// `AKID/DATE/REGION/SERVICE/aws4_request` (SigV4) or `AKID/DATE/SERVICE/aws4_request` (SigV4a).
fn parse_credential(credential: &str, sigv4a: bool) -> Result<CredentialScope<'_>, ScopeError> {
    let malformed = || {
        ScopeError(format!(
            "Credential should be scoped to a valid region, service and date: '{credential}' is not <AccessKeyId>/<yyyyMMdd>/<region>/<service>/aws4_request."
        ))
    };
    // The parts on the stack rather than in a vector, found by one pass over the bytes rather
    // than a `memchr` call per part: this runs for every request.
    let mut parts = [""; 5];
    let mut count = 0;
    let mut start = 0;
    for (index, byte) in credential.bytes().enumerate() {
        if byte == b'/' {
            if count == parts.len() - 1 {
                return Err(malformed());
            }
            parts[count] = &credential[start..index];
            count += 1;
            start = index + 1;
        }
    }
    parts[count] = &credential[start..];
    let parts = &parts[..=count];
    let (akid, date, region, service, terminator) = match (sigv4a, parts) {
        (false, [akid, date, region, service, terminator]) => {
            (*akid, *date, Some(*region), *service, *terminator)
        }
        (true, [akid, date, service, terminator]) => (*akid, *date, None, *service, *terminator),
        _ => return Err(malformed()),
    };
    let valid_date = date.len() == 8 && date.bytes().all(|b| b.is_ascii_digit());
    if akid.is_empty()
        || !valid_date
        || service.is_empty()
        || terminator != "aws4_request"
        || region.is_some_and(|region| !is_region_name(region))
    {
        return Err(malformed());
    }
    Ok(CredentialScope {
        access_key_id: akid,
        date,
        region,
        service,
    })
}

/// Whether a request carries a signature at all: an `Authorization` header or a presigned
/// URL's `X-Amz-Credential`.
pub fn is_signed(authorization: Option<&str>, query: &[(String, String)]) -> bool {
    authorization.is_some() || query.iter().any(|(key, _)| key == "X-Amz-Credential")
}

/// Whether `region` is shaped like a region name: lower-case letters, digits and single inner
/// hyphens, starting with a letter, at most 50 characters (`us-east-1`, `us-gov-west-1`, a
/// custom `local`). Regions key state and name directories, so `..`, spaces and upper case
/// (`US-EAST-1` would be a second, different region) are refused with the malformed scope.
pub fn is_region_name(region: &str) -> bool {
    let bytes = region.as_bytes();
    (1..=50).contains(&bytes.len())
        && bytes[0].is_ascii_lowercase()
        && bytes[bytes.len() - 1] != b'-'
        // Pairwise rather than `contains("--")`, whose substring searcher costs more to set up
        // than this whole check on a region name (every signed request asks).
        && !bytes.windows(2).any(|pair| pair == b"--")
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240102/eu-west-1/backup/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc";

    #[test]
    fn reads_the_authorization_header() {
        let scope = from_authorization(HEADER).unwrap().unwrap();
        assert_eq!(scope.access_key_id, "AKIDEXAMPLE");
        assert_eq!(scope.date, "20240102");
        assert_eq!(scope.region, Some("eu-west-1"));
        assert_eq!(scope.service, "backup");
    }

    #[test]
    fn tolerates_spacing_and_order() {
        let header = "AWS4-HMAC-SHA256 SignedHeaders=host,Credential=123456789012/20240102/us-west-2/opsworks-cm/aws4_request,Signature=x";
        let scope = from_authorization(header).unwrap().unwrap();
        assert_eq!(scope.service, "opsworks-cm");
        assert_eq!(scope.access_key_id, "123456789012");
    }

    #[test]
    fn reads_sigv4a_scopes_without_region() {
        let header = "AWS4-ECDSA-P256-SHA256 Credential=AKID/20240102/backup/aws4_request, SignedHeaders=host, Signature=x";
        let scope = from_authorization(header).unwrap().unwrap();
        assert_eq!(scope.region, None);
        assert_eq!(scope.service, "backup");
    }

    #[test]
    fn other_schemes_are_not_errors() {
        assert_eq!(from_authorization("Bearer token").unwrap(), None);
        assert_eq!(from_authorization("AWS AKID:signature").unwrap(), None);
        assert_eq!(from_authorization("").unwrap(), None);
    }

    #[test]
    fn malformed_credentials_are_errors() {
        for header in [
            "AWS4-HMAC-SHA256 SignedHeaders=host, Signature=x",
            "AWS4-HMAC-SHA256 Credential=AKID/20240102/us-east-1/aws4_request",
            "AWS4-HMAC-SHA256 Credential=AKID/2024/us-east-1/backup/aws4_request",
            "AWS4-HMAC-SHA256 Credential=AKID/20240102/us-east-1/backup/aws5_request",
            "AWS4-HMAC-SHA256 Credential=/20240102/us-east-1/backup/aws4_request",
            "AWS4-HMAC-SHA256 Credential=AKID/20240102//backup/aws4_request",
            "AWS4-HMAC-SHA256 Credential=AKID/20240102/us-east-1//aws4_request",
            "AWS4-HMAC-SHA256 Credential=",
            "AWS4-HMAC-SHA256 Credential=AKID/20240102/us-east-1/backup/aws4_request/extra",
            "AWS4-ECDSA-P256-SHA256 Credential=AKID/20240102/us-east-1/backup/aws4_request",
        ] {
            assert!(from_authorization(header).is_err(), "{header}");
        }
    }

    #[test]
    fn reads_presigned_query_parameters() {
        let query = vec![
            ("X-Amz-Algorithm".to_owned(), "AWS4-HMAC-SHA256".to_owned()),
            (
                "X-Amz-Credential".to_owned(),
                "AKID/20240102/ap-south-1/backup/aws4_request".to_owned(),
            ),
        ];
        let scope = from_query(&query).unwrap().unwrap();
        assert_eq!(scope.region, Some("ap-south-1"));
        assert_eq!(from_query(&[]).unwrap(), None);
        let bad = vec![("X-Amz-Credential".to_owned(), "nonsense".to_owned())];
        assert!(from_query(&bad).is_err());
    }

    #[test]
    fn malformed_regions_are_refused() {
        for region in [
            "..",
            "a b",
            "US-EAST-1",
            "-x",
            "x-",
            "a--b",
            "1us",
            "eu/west",
            "",
        ] {
            let credential = format!("AKID/20240102/{region}/backup/aws4_request");
            assert!(parse_credential(&credential, false).is_err(), "{region:?}");
        }
        for region in ["us-east-1", "us-gov-west-1", "local", "mars-west-1"] {
            let credential = format!("AKID/20240102/{region}/backup/aws4_request");
            assert!(parse_credential(&credential, false).is_ok(), "{region:?}");
        }
    }
}
