//! What a web page may do with the gateway (docs/reliability.md, "Threat model"). Checked for
//! every request, of every service and protocol and of the admin endpoints, before its body is
//! read, so a refused request touches no state:
//!
//! - **Origin.** A request whose `Origin` (or, without one, `Referer`) is not an allowed origin
//!   is refused: allowed are `http(s)://localhost`, `127.0.0.1` and `[::1]` on any port, the
//!   gateway's own origin, and `FLOCI_EXTRA_CORS_ALLOWED_ORIGINS` (LocalStack's
//!   `EXTRA_CORS_ALLOWED_ORIGINS`). `FLOCI_DISABLE_CORS_CHECKS` (LocalStack's
//!   `DISABLE_CORS_CHECKS`) turns this check off. Clients that send neither header (the CLI,
//!   SDKs, Terraform) are not affected.
//! - **Host (DNS rebinding).** A page on a name that an attacker re-points at 127.0.0.1 is
//!   same-origin with the gateway; its `Host` header is the attacker's name. Browser requests
//!   (those with `Origin` or `Sec-Fetch-Site`) and every admin request need an allowed `Host`:
//!   `localhost`, `*.localhost`, `localhost.localstack.cloud` and its subdomains, an IP address,
//!   or `FLOCI_ALLOWED_HOSTS` (`*`: any).
//! - **Admin endpoints** also refuse the "simple" requests a page can send without a preflight
//!   (form or text bodies) from any other origin than the gateway's own, and, when
//!   `FLOCI_ADMIN_TOKEN` is set, or in strict auth mode, need that token (in strict mode without
//!   a token they are off). Health (`GET /_floci/health`, `/_localstack/health`) stays open: it
//!   changes nothing and container tooling polls it by service name.

use std::net::IpAddr;

use http::{HeaderMap, HeaderName, HeaderValue, Method};

use crate::{Config, ServiceError};

const SEC_FETCH_SITE: HeaderName = HeaderName::from_static("sec-fetch-site");
const ADMIN_TOKEN_HEADER: HeaderName = HeaderName::from_static("x-floci-admin-token");

/// The public name that resolves to 127.0.0.1 for LocalStack users.
const LOCALSTACK_HOST: &str = "localhost.localstack.cloud";

/// The health endpoints, open to every host and without a token.
const HEALTH: &[&str] = &["/_floci/health", "/_localstack/health"];

/// What to do with a request.
#[derive(Debug)]
pub(crate) enum Verdict {
    /// Serve it; the allowed origin to name in the answer, if the request had one.
    Pass(Option<HeaderValue>),
    /// A CORS preflight of an allowed origin (or of none): answer it at once.
    Preflight(Option<HeaderValue>),
    /// Refuse it with this error (403), without CORS headers.
    Refuse(ServiceError),
}

/// Decides a request from its method, path and headers. `authority` is the request target's
/// authority, for HTTP/2 requests that carry no `Host` header.
pub(crate) fn check(
    config: &Config,
    method: &Method,
    path: &str,
    headers: &HeaderMap,
    authority: Option<&str>,
) -> Verdict {
    let host = headers
        .get(http::header::HOST)
        .and_then(|v| v.to_str().ok())
        .or(authority);
    let origin = request_origin(headers);
    if let Some(origin) = &origin {
        if config.cors_checks && !origin_allowed(config, origin, host) {
            return Verdict::Refuse(forbidden(format!(
                "Requests from origin {} are not allowed. Allow it with \
                 FLOCI_EXTRA_CORS_ALLOWED_ORIGINS, or turn the check off with \
                 FLOCI_DISABLE_CORS_CHECKS=1.",
                printable(origin)
            )));
        }
    }
    // Looked up only for a request that named an origin: most (SDKs, the CLI) name none.
    let allowed_origin = origin
        .as_ref()
        .and_then(|_| headers.get(http::header::ORIGIN))
        .cloned();
    if method == Method::OPTIONS {
        return Verdict::Preflight(allowed_origin);
    }
    let from_browser = origin.is_some() || headers.contains_key(SEC_FETCH_SITE);
    let admin = crate::admin::is_admin_path(path);
    let health = HEALTH.contains(&path.strip_suffix('/').unwrap_or(path))
        && (method == Method::GET || method == Method::HEAD);
    if (from_browser || (admin && !health)) && !host_allowed(config, host) {
        return Verdict::Refuse(forbidden(format!(
            "Host {} is not allowed{}. Allow it with FLOCI_ALLOWED_HOSTS.",
            printable(host.unwrap_or("(none)")),
            if admin {
                " for the admin endpoints"
            } else {
                " for requests from a browser"
            }
        )));
    }
    if admin && !health {
        if let Some(refusal) = admin_refusal(config, method, headers, origin.as_deref(), host) {
            return Verdict::Refuse(refusal);
        }
    }
    Verdict::Pass(allowed_origin)
}

fn admin_refusal(
    config: &Config,
    method: &Method,
    headers: &HeaderMap,
    origin: Option<&str>,
    host: Option<&str>,
) -> Option<ServiceError> {
    let reads = method == Method::GET || method == Method::HEAD;
    if !reads && simple_content_type(headers) {
        let cross_site = origin.is_some_and(|origin| !is_own_origin(origin, host))
            || headers
                .get(SEC_FETCH_SITE)
                .is_some_and(|site| site != "same-origin" && site != "none");
        if cross_site {
            return Some(forbidden(
                "The admin endpoints refuse form and text requests from other sites; send \
                 JSON (Content-Type: application/json) from a tool or the gateway's own origin.",
            ));
        }
    }
    match &config.admin_token {
        Some(token) => {
            let presented = headers
                .get(ADMIN_TOKEN_HEADER)
                .and_then(|v| v.to_str().ok())
                .or_else(|| {
                    headers
                        .get(http::header::AUTHORIZATION)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.strip_prefix("Bearer "))
                });
            if !presented.is_some_and(|p| constant_time_eq(p.as_bytes(), token.as_str().as_bytes())) {
                return Some(forbidden(
                    "The admin endpoints need the admin token (FLOCI_ADMIN_TOKEN), sent as \
                     X-Floci-Admin-Token or Authorization: Bearer.",
                ));
            }
            None
        }
        None if config.validate_signatures => Some(forbidden(
            "The admin endpoints are off in strict auth mode (FLOCI_AUTH_VALIDATE_SIGNATURES=true) \
             unless FLOCI_ADMIN_TOKEN is set.",
        )),
        None => None,
    }
}

/// `Origin`, or the origin of `Referer` when there is no `Origin`, as `scheme://authority`
/// (`null` stays `null`, which no rule allows). `None` when the request names neither.
fn request_origin(headers: &HeaderMap) -> Option<String> {
    if let Some(origin) = headers.get(http::header::ORIGIN) {
        return Some(origin.to_str().unwrap_or("null").to_owned());
    }
    let referer = headers.get(http::header::REFERER)?.to_str().ok()?;
    let (scheme, rest) = referer.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    Some(format!("{scheme}://{authority}"))
}

/// Whether a page of `origin` may call the gateway.
fn origin_allowed(config: &Config, origin: &str, host: Option<&str>) -> bool {
    if config
        .extra_cors_origins
        .iter()
        .any(|allowed| allowed == "*" || allowed.eq_ignore_ascii_case(origin.trim_end_matches('/')))
    {
        return true;
    }
    let Some(authority) = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
    else {
        return false;
    };
    if authority.contains(['/', '@', '?', '#']) {
        return false;
    }
    matches!(
        host_name(authority).to_ascii_lowercase().as_str(),
        "localhost" | "127.0.0.1" | "[::1]"
    ) || (is_own_origin(origin, host) && host_allowed(config, host))
}

/// Whether `origin` is the gateway's own origin as the request reached it (`Host`).
fn is_own_origin(origin: &str, host: Option<&str>) -> bool {
    let authority = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"));
    matches!((authority, host), (Some(a), Some(h)) if a.eq_ignore_ascii_case(h))
}

/// Whether the gateway answers browsers and admin calls under the name `host`: loopback
/// names, IP addresses (a rebinding attack needs a name), and `FLOCI_ALLOWED_HOSTS`.
fn host_allowed(config: &Config, host: Option<&str>) -> bool {
    let Some(host) = host else {
        // HTTP/1.0 without Host: no name an attacker could have chosen.
        return true;
    };
    let name = host_name(host).to_ascii_lowercase();
    let bare = name.trim_start_matches('[').trim_end_matches(']');
    name == "localhost"
        || name.ends_with(".localhost")
        // LocalStack's name for 127.0.0.1 (S3 virtual hosts use its subdomains); its DNS is
        // LocalStack's, not an attacker's to re-point.
        || name == LOCALSTACK_HOST
        || name.ends_with(&format!(".{LOCALSTACK_HOST}"))
        || bare.parse::<IpAddr>().is_ok()
        || config
            .allowed_hosts
            .iter()
            .any(|allowed| allowed == "*" || allowed.eq_ignore_ascii_case(&name))
}

/// `authority` without its port (`[::1]:4566` → `[::1]`, `localhost:3000` → `localhost`).
fn host_name(authority: &str) -> &str {
    if authority.starts_with('[') {
        return authority
            .find(']')
            .map_or(authority, |end| &authority[..=end]);
    }
    authority
        .rsplit_once(':')
        .map_or(authority, |(name, _port)| name)
}

/// Content types a browser sends cross-site without a preflight (or none at all).
fn simple_content_type(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(http::header::CONTENT_TYPE) else {
        return true;
    };
    let essence = value
        .to_str()
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    matches!(
        essence.as_str(),
        "application/x-www-form-urlencoded" | "multipart/form-data" | "text/plain" | ""
    )
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A header value for a message: printable ASCII, at most 200 characters.
fn printable(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_graphic() || *c == ' ')
        .take(200)
        .collect()
}

fn forbidden(message: impl Into<String>) -> ServiceError {
    ServiceError::new("AccessDeniedException", message).with_status(403)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(vars: &[(&str, &str)]) -> Config {
        Config::from_vars(vars.iter().copied()).unwrap()
    }

    fn verdict(config: &Config, method: &str, path: &str, headers: &[(&str, &str)]) -> Verdict {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.append(
                HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        check(config, &method.parse().unwrap(), path, &map, None)
    }

    fn refused(v: Verdict) -> bool {
        matches!(v, Verdict::Refuse(_))
    }

    #[test]
    fn local_origins_pass_and_others_are_refused() {
        let c = config(&[]);
        for origin in [
            "http://localhost:3000",
            "https://127.0.0.1",
            "http://[::1]:8080",
            "http://localhost:4566",
        ] {
            let v = verdict(
                &c,
                "POST",
                "/",
                &[("Origin", origin), ("Host", "localhost:4566")],
            );
            assert!(matches!(v, Verdict::Pass(Some(_))), "{origin}: {v:?}");
        }
        for origin in [
            "http://evil.example",
            "null",
            "http://localhost.evil.example",
            "http://127.0.0.1.evil.example",
            "file://",
            "http://user@localhost",
        ] {
            let v = verdict(
                &c,
                "POST",
                "/",
                &[("Origin", origin), ("Host", "localhost:4566")],
            );
            assert!(refused(v), "{origin}");
        }
        let v = verdict(&c, "GET", "/", &[("Referer", "http://evil.example/page")]);
        assert!(refused(v));
        assert!(matches!(verdict(&c, "GET", "/", &[]), Verdict::Pass(None)));
    }

    #[test]
    fn extra_origins_and_the_switch_are_honoured() {
        let c = config(&[(
            "FLOCI_EXTRA_CORS_ALLOWED_ORIGINS",
            "https://app.example, http://x.test:8080",
        )]);
        assert!(!refused(verdict(
            &c,
            "POST",
            "/",
            &[("Origin", "https://app.example")]
        )));
        assert!(refused(verdict(
            &c,
            "POST",
            "/",
            &[("Origin", "https://other.example")]
        )));
        let c = config(&[("EXTRA_CORS_ALLOWED_ORIGINS", "https://app.example")]);
        assert!(!refused(verdict(
            &c,
            "POST",
            "/",
            &[("Origin", "https://app.example")]
        )));
        let c = config(&[("DISABLE_CORS_CHECKS", "1")]);
        assert!(!refused(verdict(
            &c,
            "POST",
            "/",
            &[("Origin", "http://evil.example")]
        )));
    }

    #[test]
    fn rebinding_hosts_are_refused_for_browsers_and_admin() {
        let c = config(&[]);
        // The gateway's own origin under an attacker's name.
        let rebound = [
            ("Origin", "http://evil.example:4566"),
            ("Host", "evil.example:4566"),
        ];
        assert!(refused(verdict(&c, "POST", "/", &rebound)));
        let same_origin_get = [
            ("Sec-Fetch-Site", "same-origin"),
            ("Host", "evil.example:4566"),
        ];
        assert!(refused(verdict(
            &c,
            "GET",
            "/backup-vaults/",
            &same_origin_get
        )));
        assert!(refused(verdict(
            &c,
            "POST",
            "/_floci/reset",
            &[("Host", "evil.example")]
        )));
        assert!(!refused(verdict(
            &c,
            "GET",
            "/_floci/health",
            &[("Host", "floci:4566")]
        )));
        // Tools calling a container by name are no browser.
        assert!(!refused(verdict(
            &c,
            "GET",
            "/backup-vaults/",
            &[("Host", "floci:4566")]
        )));
        for host in [
            "localhost:4566",
            "127.0.0.1",
            "[::1]:4566",
            "10.0.0.5:4566",
            "api.localhost",
            "bucket.s3.localhost.localstack.cloud:4566",
        ] {
            assert!(
                !refused(verdict(
                    &c,
                    "POST",
                    "/_floci/reset",
                    &[("Host", host), ("Content-Type", "application/json")]
                )),
                "{host}"
            );
        }
        let c = config(&[("FLOCI_ALLOWED_HOSTS", "floci")]);
        assert!(!refused(verdict(
            &c,
            "POST",
            "/_floci/reset",
            &[("Host", "floci:4566")]
        )));
    }

    #[test]
    fn admin_refuses_simple_cross_site_requests() {
        let c = config(&[]);
        let form = [
            ("Origin", "http://localhost:3000"),
            ("Host", "localhost:4566"),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ];
        assert!(refused(verdict(&c, "POST", "/_floci/reset", &form)));
        let fetched = [
            ("Sec-Fetch-Site", "cross-site"),
            ("Host", "localhost:4566"),
            ("Content-Type", "text/plain"),
        ];
        assert!(refused(verdict(&c, "POST", "/_floci/clock", &fetched)));
        // curl -d sends a form content type, and no Origin.
        let curl = [
            ("Host", "localhost:4566"),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ];
        assert!(!refused(verdict(&c, "POST", "/_floci/clock", &curl)));
        let own = [
            ("Origin", "http://localhost:4566"),
            ("Host", "localhost:4566"),
            ("Content-Type", "text/plain"),
        ];
        assert!(!refused(verdict(&c, "POST", "/_floci/reset", &own)));
    }

    #[test]
    fn tokens_guard_admin_endpoints() {
        let strict = config(&[
            ("FLOCI_AUTH_VALIDATE_SIGNATURES", "true"),
            ("FLOCI_AUTH_CREDENTIALS", "AKID:secret"),
        ]);
        assert!(refused(verdict(
            &strict,
            "POST",
            "/_floci/reset",
            &[("Host", "localhost")]
        )));
        assert!(refused(verdict(
            &strict,
            "GET",
            "/_floci/info",
            &[("Host", "localhost")]
        )));
        assert!(!refused(verdict(
            &strict,
            "GET",
            "/_floci/health",
            &[("Host", "localhost")]
        )));
        let with_token = config(&[
            ("FLOCI_AUTH_VALIDATE_SIGNATURES", "true"),
            ("FLOCI_AUTH_CREDENTIALS", "AKID:secret"),
            ("FLOCI_ADMIN_TOKEN", "s3cret-token"),
        ]);
        assert!(refused(verdict(
            &with_token,
            "POST",
            "/_floci/reset",
            &[("X-Floci-Admin-Token", "wrong")]
        )));
        assert!(!refused(verdict(
            &with_token,
            "POST",
            "/_floci/reset",
            &[
                ("X-Floci-Admin-Token", "s3cret-token"),
                ("Content-Type", "application/json")
            ]
        )));
        assert!(!refused(verdict(
            &with_token,
            "GET",
            "/_floci/info",
            &[("Authorization", "Bearer s3cret-token")]
        )));
    }
}
