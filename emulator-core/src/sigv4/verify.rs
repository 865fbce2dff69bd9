//! Strict mode (`FLOCI_AUTH_VALIDATE_SIGNATURES=true`): verifying the SigV4 signature of a
//! request signed in its `Authorization` header or presigned in its query string, against the
//! configured [`super::CredentialSet`], with AWS's errors for each failure.

use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime};

use super::canonical::{self, CanonicalParts, PathStyle, Scope};
use super::{parse_credential, KeyLookup, SIGV4, SIGV4A};
use crate::{Protocol, ServiceError};

/// How far a signature's date may be from the gateway's time (AWS allows five minutes).
const MAX_SKEW_SECONDS: i64 = 5 * 60;
/// The longest a presigned URL may live (`X-Amz-Expires`), one week.
const MAX_EXPIRES_SECONDS: i64 = 7 * 24 * 60 * 60;

pub(super) const UNRECOGNIZED_CLIENT: &str =
    "The security token included in the request is invalid.";
pub(super) const SIGNATURE_MISMATCH: &str = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

/// The parts of a request its signature covers.
pub struct SignedRequest<'a> {
    /// The method.
    pub method: &'a http::Method,
    /// The path as received, still percent-encoded.
    pub raw_path: &'a str,
    /// The query string as received, still percent-encoded.
    pub raw_query: Option<&'a str>,
    /// Decoded query parameters.
    pub query: &'a [(String, String)],
    /// The headers.
    pub headers: &'a http::HeaderMap,
    /// The URI authority (HTTP/2 requests carry the host there).
    pub authority: Option<&'a str>,
    /// The whole body.
    pub body: &'a [u8],
}

/// A request whose signature checked out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The account configured for the access key, if any.
    pub account_id: Option<String>,
}

/// Why a strict gateway refuses a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthError {
    /// Neither an `Authorization` header nor a presigned query string.
    Missing,
    /// A signature that lacks parts or has malformed ones.
    Incomplete(String),
    /// An access key id that is not configured.
    UnknownAccessKey,
    /// A well-formed signature that does not match; carries what the gateway computed.
    Mismatch {
        /// The canonical request the gateway built.
        canonical_request: String,
        /// The string the gateway signed.
        string_to_sign: String,
    },
    /// A date outside the accepted window (skew, or a presigned URL past its expiry).
    Expired(String),
    /// `x-amz-content-sha256` names a hash the body does not have.
    ContentSha256Mismatch,
    /// A signature algorithm this gateway cannot verify.
    Unsupported(String),
}

impl AuthError {
    /// AWS's exception for the failure: HTTP 403 for rest-json services, 400 for json 1.x ones
    /// (as AWS answers, e.g. Lambda vs DynamoDB).
    pub fn to_service_error(&self, protocol: Protocol) -> ServiceError {
        if protocol == Protocol::AwsQuery {
            return super::query_errors::auth_error(self);
        }
        let status = match protocol {
            Protocol::RestJson | Protocol::AwsQuery => 403,
            Protocol::Json { .. } => 400,
        };
        let error = match self {
            Self::Missing => ServiceError::new(
                "MissingAuthenticationTokenException",
                match protocol {
                    Protocol::RestJson | Protocol::AwsQuery => "Missing Authentication Token",
                    Protocol::Json { .. } => "Request is missing Authentication Token",
                },
            ),
            Self::Incomplete(message) => {
                ServiceError::new("IncompleteSignatureException", message.clone())
            }
            Self::UnknownAccessKey => {
                ServiceError::new("UnrecognizedClientException", UNRECOGNIZED_CLIENT)
            }
            Self::Mismatch {
                canonical_request,
                string_to_sign,
            } => ServiceError::new(
                "InvalidSignatureException",
                format!(
                    "{SIGNATURE_MISMATCH}\n\nThe Canonical String for this request should have been\n'{canonical_request}'\n\nThe String-to-Sign should have been\n'{string_to_sign}'\n"
                ),
            ),
            Self::Expired(message) | Self::Unsupported(message) => {
                ServiceError::new("InvalidSignatureException", message.clone())
            }
            Self::ContentSha256Mismatch => {
                return ServiceError::new(
                    "XAmzContentSHA256Mismatch",
                    "The provided 'x-amz-content-sha256' header does not match what was computed.",
                )
            }
        };
        error.with_status(status)
    }
}

/// The signature a request carries, from its header or its query string.
struct Signature {
    access_key_id: String,
    date: String,
    region: String,
    service: String,
    signed_headers: Vec<String>,
    signature: String,
    /// `X-Amz-Date` (or the `Date` header) in ISO 8601 basic form.
    amz_date: String,
    /// Presigned URLs: `X-Amz-Expires`.
    expires: Option<i64>,
}

/// Verifies a request's signature at `now` (the gateway's system time).
pub fn verify(
    request: &SignedRequest<'_>,
    credentials: &dyn KeyLookup,
    now: OffsetDateTime,
) -> Result<Verified, AuthError> {
    let authorization = request
        .headers
        .get(http::header::AUTHORIZATION)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let presigned = request
        .query
        .iter()
        .any(|(k, _)| k == "X-Amz-Signature" || k == "X-Amz-Credential");
    let signature = match (authorization, presigned) {
        (Some(header), _) => from_header(&header, request.headers)?,
        (None, true) => from_query(request.query)?,
        (None, false) => return Err(AuthError::Missing),
    };
    if signature.amz_date.get(..8) != Some(signature.date.as_str()) {
        return Err(AuthError::Incomplete(format!(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{}' != '{}', from '{}'.",
            signature.date,
            signature.amz_date.get(..8).unwrap_or_default(),
            signature.amz_date
        )));
    }
    if !signature.signed_headers.iter().any(|h| h == "host") {
        return Err(AuthError::Incomplete(
            "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.".to_owned(),
        ));
    }
    let credential = credentials
        .credential(&signature.access_key_id)
        .ok_or(AuthError::UnknownAccessKey)?;
    check_time(&signature, now)?;
    let payload_hash = payload_hash(request, &signature)?;
    let canonical_request = canonical::canonical_request(&CanonicalParts {
        method: request.method.as_str(),
        raw_path: request.raw_path,
        raw_query: request.raw_query,
        excluded_parameter: signature.expires.map(|_| "X-Amz-Signature"),
        headers: request.headers,
        authority: request.authority,
        signed_headers: &signature.signed_headers,
        payload_hash: &payload_hash,
        path_style: PathStyle::for_service(&signature.service),
    });
    let scope = Scope {
        date: &signature.date,
        region: &signature.region,
        service: &signature.service,
    };
    let scope_text = format!(
        "{}/{}/{}/aws4_request",
        scope.date, scope.region, scope.service
    );
    let string_to_sign =
        canonical::string_to_sign(&signature.amz_date, &scope_text, &canonical_request);
    if !canonical::signature_matches(
        &credential.secret_access_key,
        &scope,
        &string_to_sign,
        &signature.signature,
    ) {
        return Err(AuthError::Mismatch {
            canonical_request,
            string_to_sign,
        });
    }
    Ok(Verified {
        account_id: credential.account_id,
    })
}

/// `AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`.
fn from_header(header: &str, headers: &http::HeaderMap) -> Result<Signature, AuthError> {
    let trimmed = header.trim();
    let (algorithm, rest) = trimmed
        .split_once(char::is_whitespace)
        .unwrap_or((trimmed, ""));
    if algorithm == SIGV4A {
        return Err(unsupported_sigv4a());
    }
    let field = |name: &str| {
        rest.split(',')
            .map(str::trim)
            .find_map(|part| part.strip_prefix(name))
            .filter(|value| !value.is_empty())
    };
    let credential = field("Credential=");
    let signed_headers = field("SignedHeaders=");
    let signature = field("Signature=");
    let date = header_text(headers, "x-amz-date")
        .map(str::to_owned)
        .or_else(|| header_text(headers, "date").and_then(http_date_to_iso));
    let mut missing = String::new();
    if algorithm != SIGV4 {
        missing.push_str(&format!(
            "Unsupported Authorization Type '{algorithm}'; the gateway verifies {SIGV4}. "
        ));
    }
    for (name, value) in [
        ("Credential", credential),
        ("Signature", signature),
        ("SignedHeaders", signed_headers),
    ] {
        if value.is_none() {
            missing.push_str(&format!(
                "Authorization header requires '{name}' parameter. "
            ));
        }
    }
    if date.is_none() {
        missing.push_str(
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ",
        );
    }
    let (Some(credential), Some(signed_headers), Some(signature), Some(amz_date), true) = (
        credential,
        signed_headers,
        signature,
        date,
        missing.is_empty(),
    ) else {
        return Err(AuthError::Incomplete(format!(
            "{missing}Authorization={trimmed}"
        )));
    };
    let amz_date = checked_date(&amz_date)?;
    let scope = parse_credential(credential, false).map_err(|e| AuthError::Incomplete(e.0))?;
    Ok(Signature {
        access_key_id: scope.access_key_id.to_owned(),
        date: scope.date.to_owned(),
        region: scope.region.unwrap_or_default().to_owned(),
        service: scope.service.to_owned(),
        signed_headers: signed_header_list(signed_headers),
        signature: signature.to_owned(),
        amz_date,
        expires: None,
    })
}

/// `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-Expires`,
/// `X-Amz-SignedHeaders`, `X-Amz-Signature`.
fn from_query(query: &[(String, String)]) -> Result<Signature, AuthError> {
    let param = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    };
    let required = [
        "X-Amz-Algorithm",
        "X-Amz-Credential",
        "X-Amz-Signature",
        "X-Amz-Date",
        "X-Amz-SignedHeaders",
        "X-Amz-Expires",
    ];
    if required.iter().any(|name| param(name).is_none()) {
        return Err(AuthError::Incomplete(
            "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.".to_owned(),
        ));
    }
    let algorithm = param("X-Amz-Algorithm").unwrap_or_default();
    if algorithm == SIGV4A {
        return Err(unsupported_sigv4a());
    }
    if algorithm != SIGV4 {
        return Err(AuthError::Incomplete(format!(
            "X-Amz-Algorithm only supports \"{SIGV4}\", not {algorithm:?}."
        )));
    }
    let expires = param("X-Amz-Expires")
        .and_then(|v| v.parse::<i64>().ok())
        .filter(|s| (1..=MAX_EXPIRES_SECONDS).contains(s))
        .ok_or_else(|| {
            AuthError::Incomplete(format!(
                "X-Amz-Expires must be a whole number of seconds from 1 to {MAX_EXPIRES_SECONDS} (one week)."
            ))
        })?;
    let amz_date = checked_date(param("X-Amz-Date").unwrap_or_default())?;
    let scope = parse_credential(param("X-Amz-Credential").unwrap_or_default(), false)
        .map_err(|e| AuthError::Incomplete(e.0))?;
    Ok(Signature {
        access_key_id: scope.access_key_id.to_owned(),
        date: scope.date.to_owned(),
        region: scope.region.unwrap_or_default().to_owned(),
        service: scope.service.to_owned(),
        signed_headers: signed_header_list(param("X-Amz-SignedHeaders").unwrap_or_default()),
        signature: param("X-Amz-Signature").unwrap_or_default().to_owned(),
        amz_date,
        expires: Some(expires),
    })
}

fn unsupported_sigv4a() -> AuthError {
    AuthError::Unsupported(format!(
        "This gateway verifies {SIGV4} signatures only; {SIGV4A} (SigV4a) requests cannot be verified with FLOCI_AUTH_VALIDATE_SIGNATURES=true."
    ))
}

fn header_text<'a>(headers: &'a http::HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

fn signed_header_list(text: &str) -> Vec<String> {
    text.split(';')
        .map(|h| h.trim().to_ascii_lowercase())
        .collect()
}

fn parse_basic_iso(text: &str) -> Option<OffsetDateTime> {
    let format = format_description!("[year][month][day]T[hour][minute][second]Z");
    PrimitiveDateTime::parse(text, format)
        .ok()
        .map(PrimitiveDateTime::assume_utc)
}

fn format_basic_iso(at: OffsetDateTime) -> String {
    let format = format_description!("[year][month][day]T[hour][minute][second]Z");
    at.format(format).unwrap_or_default()
}

fn http_date_to_iso(text: &str) -> Option<String> {
    let seconds = crate::protocol::timestamps::parse_any(text)?;
    let at = OffsetDateTime::from_unix_timestamp(seconds as i64).ok()?;
    Some(format_basic_iso(at))
}

fn checked_date(text: &str) -> Result<String, AuthError> {
    parse_basic_iso(text)
        .map(|_| text.to_owned())
        .ok_or_else(|| {
            AuthError::Incomplete(format!(
                "Date must be in ISO-8601 'basic format'. Got '{text}'. See http://en.wikipedia.org/wiki/ISO_8601"
            ))
        })
}

/// Header signatures must be within five minutes of now either way; presigned URLs may not
/// start more than five minutes ahead and expire `X-Amz-Expires` seconds after their date.
fn check_time(signature: &Signature, now: OffsetDateTime) -> Result<(), AuthError> {
    let Some(signed_at) = parse_basic_iso(&signature.amz_date) else {
        return Err(checked_date(&signature.amz_date).unwrap_err());
    };
    let skew = time::Duration::seconds(MAX_SKEW_SECONDS);
    if signed_at > now + skew {
        return Err(AuthError::Expired(format!(
            "Signature not yet current: {} is still later than {} ({} + 5 min.)",
            signature.amz_date,
            format_basic_iso(now + skew),
            format_basic_iso(now)
        )));
    }
    match signature.expires {
        None if signed_at < now - skew => Err(AuthError::Expired(format!(
            "Signature expired: {} is now earlier than {} ({} - 5 min.)",
            signature.amz_date,
            format_basic_iso(now - skew),
            format_basic_iso(now)
        ))),
        Some(expires) if now > signed_at + time::Duration::seconds(expires) => {
            Err(AuthError::Expired(format!(
                "Signature expired: {} is now earlier than {} ({} - {expires} sec.)",
                signature.amz_date,
                format_basic_iso(now - time::Duration::seconds(expires)),
                format_basic_iso(now)
            )))
        }
        _ => Ok(()),
    }
}

/// The payload hash the client signed: `x-amz-content-sha256` (header, or query parameter of a
/// presigned URL) when sent, after checking that a hex digest matches the body; else S3's
/// presigned URLs sign `UNSIGNED-PAYLOAD` and everything else the body's SHA-256.
fn payload_hash(request: &SignedRequest<'_>, signature: &Signature) -> Result<String, AuthError> {
    let from_query = signature
        .expires
        .and_then(|_| {
            request
                .query
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("x-amz-content-sha256"))
        })
        .map(|(_, v)| v.clone());
    let claimed = from_query
        .or_else(|| header_text(request.headers, "x-amz-content-sha256").map(str::to_owned));
    let body_hash = || canonical::sha256_hex(request.body);
    match claimed {
        Some(claimed) if claimed.len() == 64 && claimed.bytes().all(|b| b.is_ascii_hexdigit()) => {
            if claimed.eq_ignore_ascii_case(&body_hash()) {
                Ok(claimed)
            } else {
                Err(AuthError::ContentSha256Mismatch)
            }
        }
        Some(literal) => Ok(literal),
        None if signature.expires.is_some()
            && PathStyle::for_service(&signature.service) == PathStyle::AsSent =>
        {
            Ok("UNSIGNED-PAYLOAD".to_owned())
        }
        None => Ok(body_hash()),
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;
    use crate::sigv4::CredentialSet;

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    const SIGNED_AT: OffsetDateTime = datetime!(2015-08-30 12:36:00 UTC);

    fn credentials() -> CredentialSet {
        CredentialSet::parse(&format!("AKIDEXAMPLE:{SECRET}:123456789012")).unwrap()
    }

    fn query_of(raw: &str) -> Vec<(String, String)> {
        raw.split('&')
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                let decode = |t: &str| {
                    percent_encoding::percent_decode_str(t)
                        .decode_utf8()
                        .unwrap()
                        .into_owned()
                };
                (decode(k), decode(v))
            })
            .collect()
    }

    fn check(
        headers: &http::HeaderMap,
        raw_query: &str,
        now: OffsetDateTime,
    ) -> Result<Verified, AuthError> {
        let query = query_of(raw_query);
        verify(
            &SignedRequest {
                method: &http::Method::GET,
                raw_path: "/",
                raw_query: Some(raw_query),
                query: &query,
                headers,
                authority: None,
                body: b"",
            },
            &credentials(),
            now,
        )
    }

    fn vanilla_headers(signature: &str, akid: &str) -> http::HeaderMap {
        let mut headers = http::HeaderMap::new();
        headers.insert("host", "example.amazonaws.com".parse().unwrap());
        headers.insert("x-amz-date", "20150830T123600Z".parse().unwrap());
        headers.insert(
            "authorization",
            format!("AWS4-HMAC-SHA256 Credential={akid}/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature={signature}")
                .parse()
                .unwrap(),
        );
        headers
    }

    const HEADER_SIGNATURE: &str =
        "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500";
    const QUERY: &str = "Param2=value2&Param1=value1";

    #[test]
    fn the_test_suite_request_verifies_and_names_its_account() {
        let headers = vanilla_headers(HEADER_SIGNATURE, "AKIDEXAMPLE");
        let verified = check(&headers, QUERY, SIGNED_AT).unwrap();
        assert_eq!(verified.account_id.as_deref(), Some("123456789012"));
    }

    #[test]
    fn a_wrong_signature_or_key_is_refused() {
        let wrong = HEADER_SIGNATURE.replace('b', "c");
        let err = check(&vanilla_headers(&wrong, "AKIDEXAMPLE"), QUERY, SIGNED_AT).unwrap_err();
        let AuthError::Mismatch {
            canonical_request, ..
        } = &err
        else {
            panic!("{err:?}")
        };
        assert!(canonical_request.starts_with("GET\n/\nParam1=value1&Param2=value2\n"));
        let rest = err.to_service_error(Protocol::RestJson);
        assert_eq!(rest.status(), 403);
        assert!(rest.message().starts_with(SIGNATURE_MISMATCH));
        let json = err.to_service_error(Protocol::Json { version: "1.1" });
        assert_eq!(json.status(), 400);

        let err = check(
            &vanilla_headers(HEADER_SIGNATURE, "NOBODY"),
            QUERY,
            SIGNED_AT,
        );
        assert_eq!(err, Err(AuthError::UnknownAccessKey));
        // The query is signed too.
        let err = check(
            &vanilla_headers(HEADER_SIGNATURE, "AKIDEXAMPLE"),
            "Param1=value1",
            SIGNED_AT,
        );
        assert!(matches!(err, Err(AuthError::Mismatch { .. })), "{err:?}");
    }

    #[test]
    fn dates_more_than_five_minutes_away_are_refused() {
        let headers = vanilla_headers(HEADER_SIGNATURE, "AKIDEXAMPLE");
        let minutes = |m: i64| time::Duration::minutes(m);
        assert!(check(&headers, QUERY, SIGNED_AT + minutes(5)).is_ok());
        assert!(check(&headers, QUERY, SIGNED_AT - minutes(5)).is_ok());
        let Err(AuthError::Expired(late)) = check(&headers, QUERY, SIGNED_AT + minutes(6)) else {
            panic!("expired")
        };
        assert_eq!(late, "Signature expired: 20150830T123600Z is now earlier than 20150830T123700Z (20150830T124200Z - 5 min.)");
        let Err(AuthError::Expired(early)) = check(&headers, QUERY, SIGNED_AT - minutes(6)) else {
            panic!("not yet current")
        };
        assert!(
            early.starts_with(
                "Signature not yet current: 20150830T123600Z is still later than 20150830T123500Z"
            ),
            "{early}"
        );
    }

    /// The test suite's presigned form of the same request (`X-Amz-Expires=3600`).
    const PRESIGNED: &str = "Param2=value2&Param1=value1&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Expires=3600&X-Amz-Signature=86012e2c9ad4d77369f5d81c11f75158aae4f895a085212cc6d3f923d300bed5";

    #[test]
    fn presigned_urls_verify_until_they_expire() {
        let mut headers = http::HeaderMap::new();
        headers.insert("host", "example.amazonaws.com".parse().unwrap());
        assert!(check(&headers, PRESIGNED, SIGNED_AT + time::Duration::minutes(59)).is_ok());
        let err = check(&headers, PRESIGNED, SIGNED_AT + time::Duration::minutes(61));
        assert!(
            matches!(&err, Err(AuthError::Expired(m)) if m.starts_with("Signature expired: 20150830T123600Z is now earlier than")),
            "{err:?}"
        );
        let tampered = PRESIGNED.replace("value2", "value3");
        assert!(matches!(
            check(&headers, &tampered, SIGNED_AT),
            Err(AuthError::Mismatch { .. })
        ));
        let incomplete = PRESIGNED.replace("&X-Amz-Expires=3600", "");
        assert!(matches!(
            check(&headers, &incomplete, SIGNED_AT),
            Err(AuthError::Incomplete(_))
        ));
    }

    #[test]
    fn unsigned_malformed_and_sigv4a_requests_are_refused() {
        let headers = http::HeaderMap::new();
        assert_eq!(check(&headers, "", SIGNED_AT), Err(AuthError::Missing));
        for (authorization, expected) in [
            ("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request", "requires 'Signature'"),
            ("Bearer token", "Unsupported Authorization Type 'Bearer'"),
            ("AWS4-ECDSA-P256-SHA256 Credential=AKIDEXAMPLE/20150830/service/aws4_request, SignedHeaders=host, Signature=00", "SigV4a"),
        ] {
            let mut headers = http::HeaderMap::new();
            headers.insert("authorization", authorization.parse().unwrap());
            headers.insert("x-amz-date", "20150830T123600Z".parse().unwrap());
            let err = check(&headers, "", SIGNED_AT).unwrap_err();
            let message = err.to_service_error(Protocol::RestJson).message().to_owned();
            assert!(message.contains(expected), "{message}");
        }
    }

    #[test]
    fn a_content_hash_must_match_the_body() {
        let mut headers = vanilla_headers(HEADER_SIGNATURE, "AKIDEXAMPLE");
        headers.insert("x-amz-content-sha256", "0".repeat(64).parse().unwrap());
        assert_eq!(
            check(&headers, QUERY, SIGNED_AT),
            Err(AuthError::ContentSha256Mismatch)
        );
    }
}
