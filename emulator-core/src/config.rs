//! Gateway configuration from `FLOCI_*` environment variables. See docs/configuration.md.

use std::net::IpAddr;
use std::time::Duration;

use crate::sigv4::CredentialSet;
use crate::storage::StorageConfig;

/// Gateway-wide settings. Service-specific variables are read by each service through
/// [`crate::ServiceSettings`].
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// `FLOCI_HOST`: the address to bind (default `127.0.0.1`: only this machine; a container
    /// sets `0.0.0.0`).
    pub host: IpAddr,
    /// `FLOCI_PORT`: the port to bind (default 4566; 0 picks a free port).
    pub port: u16,
    /// `FLOCI_DEFAULT_ACCOUNT_ID`: the account of requests whose access key id is not a
    /// 12-digit number (default `000000000000`).
    pub default_account_id: String,
    /// `FLOCI_DEFAULT_REGION`: the region of requests that carry no credential scope
    /// (default `us-east-1`).
    pub default_region: String,
    /// `FLOCI_MAX_REQUEST_SIZE`: the largest request body accepted, in bytes (configured in
    /// MB, default 10: AWS's own ceiling for API request payloads, docs/configuration.md).
    pub max_request_bytes: u64,
    /// `FLOCI_LOG_LEVEL`: `error`, `warn`, `info` (default) or `debug`.
    pub log_level: String,
    /// `FLOCI_HEADER_READ_TIMEOUT_SECONDS`: how long a client may take to send a request's
    /// line and headers, counted from connecting or from the previous answer; default 30 s.
    pub header_read_timeout: Duration,
    /// `FLOCI_BODY_READ_TIMEOUT_SECONDS`: the longest the gateway waits for the next piece of
    /// a request body; default 30 s.
    pub body_read_timeout: Duration,
    /// `FLOCI_AUTH_VALIDATE_SIGNATURES`: verify SigV4 signatures against
    /// [`Config::credentials`] (default `false`: any credentials are accepted).
    pub validate_signatures: bool,
    /// `FLOCI_AUTH_CREDENTIALS`: the access keys and secrets signatures are checked against.
    pub credentials: CredentialSet,
    /// `FLOCI_STORAGE_*`: where and how services keep their state (default: in memory).
    pub storage: StorageConfig,
    /// `FLOCI_UI_ENABLED`: the dashboard on or off; unset, it is on only when `host` is a
    /// loopback address (`crate::dashboard::enabled`).
    pub ui_enabled: Option<bool>,
    /// `FLOCI_DISABLE_CORS_CHECKS` (LocalStack's `DISABLE_CORS_CHECKS`) turns this off: refuse
    /// requests from web pages of origins not allowed (`web_guard.rs`). Default on.
    pub cors_checks: bool,
    /// `FLOCI_EXTRA_CORS_ALLOWED_ORIGINS` (LocalStack's `EXTRA_CORS_ALLOWED_ORIGINS`): origins
    /// allowed beyond localhost and the gateway's own, comma-separated (`*`: every origin).
    pub extra_cors_origins: Vec<String>,
    /// `FLOCI_ALLOWED_HOSTS`: host names (beyond localhost and IP addresses) the admin endpoints
    /// and browsers may reach the gateway by, comma-separated (`*`: any).
    pub allowed_hosts: Vec<String>,
    /// `FLOCI_ADMIN_TOKEN`: when set, admin endpoints (but health) need it; in strict auth
    /// mode they are off without it.
    pub admin_token: Option<AdminToken>,
}

/// The admin token, kept out of `Debug` output (and so out of logs).
#[derive(Clone, PartialEq, Eq)]
pub struct AdminToken(String);

impl AdminToken {
    /// The token's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for AdminToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AdminToken(***)")
    }
}

/// The default `FLOCI_MAX_REQUEST_SIZE`, in MB: AWS's largest request payload for API calls
/// (API Gateway's 10 MB quota; the control-plane APIs the gateway serves take far less).
pub const DEFAULT_MAX_REQUEST_MEGABYTES: u64 = 10;

impl Default for Config {
    fn default() -> Self {
        Self {
            host: IpAddr::from([127, 0, 0, 1]),
            port: 4566,
            default_account_id: "000000000000".to_owned(),
            default_region: "us-east-1".to_owned(),
            max_request_bytes: DEFAULT_MAX_REQUEST_MEGABYTES * 1024 * 1024,
            log_level: "info".to_owned(),
            header_read_timeout: Duration::from_secs(30),
            body_read_timeout: Duration::from_secs(30),
            validate_signatures: false,
            credentials: CredentialSet::default(),
            storage: StorageConfig::default(),
            ui_enabled: None,
            cors_checks: true,
            extra_cors_origins: Vec::new(),
            allowed_hosts: Vec::new(),
            admin_token: None,
        }
    }
}

impl Config {
    /// Reads the configuration from `(name, value)` pairs (the process environment in the
    /// binary). Returns one clear line naming the bad variable on error.
    pub fn from_vars<'a>(
        vars: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, String> {
        let mut config = Self::default();
        for (name, value) in vars {
            let value = value.trim();
            match name {
                "FLOCI_HOST" => {
                    config.host = value
                        .parse()
                        .map_err(|_| invalid(name, value, "an IP address such as 0.0.0.0"))?;
                }
                "FLOCI_PORT" => {
                    config.port = value
                        .parse()
                        .map_err(|_| invalid(name, value, "a port number from 0 to 65535"))?;
                }
                "FLOCI_DEFAULT_ACCOUNT_ID" => {
                    if value.len() != 12 || !value.bytes().all(|b| b.is_ascii_digit()) {
                        return Err(invalid(name, value, "a 12-digit account id"));
                    }
                    config.default_account_id = value.to_owned();
                }
                "FLOCI_DEFAULT_REGION" => {
                    if value.is_empty()
                        || !value
                            .bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                    {
                        return Err(invalid(name, value, "a region name such as us-east-1"));
                    }
                    config.default_region = value.to_owned();
                }
                "FLOCI_MAX_REQUEST_SIZE" => {
                    let megabytes: u64 =
                        value.parse().ok().filter(|mb| *mb > 0).ok_or_else(|| {
                            invalid(name, value, "a positive number of megabytes")
                        })?;
                    config.max_request_bytes = megabytes.saturating_mul(1024 * 1024);
                }
                "FLOCI_LOG_LEVEL" => {
                    let level = value.to_ascii_lowercase();
                    if !["error", "warn", "info", "debug", "trace"].contains(&level.as_str()) {
                        return Err(invalid(
                            name,
                            value,
                            "one of error, warn, info, debug, trace",
                        ));
                    }
                    config.log_level = level;
                }
                "FLOCI_HEADER_READ_TIMEOUT_SECONDS" => {
                    config.header_read_timeout = seconds(name, value)?;
                }
                "FLOCI_BODY_READ_TIMEOUT_SECONDS" => {
                    config.body_read_timeout = seconds(name, value)?;
                }
                "FLOCI_AUTH_VALIDATE_SIGNATURES" => {
                    config.validate_signatures = match value.to_ascii_lowercase().as_str() {
                        "true" | "1" => true,
                        "false" | "0" | "" => false,
                        _ => return Err(invalid(name, value, "true or false")),
                    };
                }
                "FLOCI_AUTH_CREDENTIALS" => {
                    config.credentials = CredentialSet::parse(value).map_err(|why| {
                        format!("invalid configuration: {name} must be ACCESS_KEY_ID:SECRET_ACCESS_KEY[:ACCOUNT_ID] pairs separated by commas ({why})")
                    })?;
                }
                "FLOCI_UI_ENABLED" => {
                    config.ui_enabled = match value.to_ascii_lowercase().as_str() {
                        "true" | "1" => Some(true),
                        "false" | "0" => Some(false),
                        "" => None,
                        _ => return Err(invalid(name, value, "true or false")),
                    };
                }
                "FLOCI_DISABLE_CORS_CHECKS" | "DISABLE_CORS_CHECKS" => {
                    config.cors_checks = !flag(name, value)?;
                }
                "FLOCI_EXTRA_CORS_ALLOWED_ORIGINS" | "EXTRA_CORS_ALLOWED_ORIGINS" => {
                    config
                        .extra_cors_origins
                        .extend(list(value).map(|origin| origin.trim_end_matches('/').to_owned()));
                }
                "FLOCI_ALLOWED_HOSTS" => {
                    config.allowed_hosts = list(value).map(str::to_ascii_lowercase).collect();
                }
                "FLOCI_ADMIN_TOKEN" => {
                    config.admin_token = (!value.is_empty()).then(|| AdminToken(value.to_owned()));
                }
                _ if name.starts_with("FLOCI_STORAGE_") => config.storage.apply(name, value)?,
                _ => {}
            }
        }
        if config.validate_signatures && config.credentials.is_empty() {
            return Err("invalid configuration: FLOCI_AUTH_VALIDATE_SIGNATURES=true needs FLOCI_AUTH_CREDENTIALS (ACCESS_KEY_ID:SECRET_ACCESS_KEY pairs separated by commas)".to_owned());
        }
        Ok(config)
    }
}

/// `true`/`1` or `false`/`0`/empty.
fn flag(name: &str, value: &str) -> Result<bool, String> {
    match value.to_ascii_lowercase().as_str() {
        "true" | "1" => Ok(true),
        "false" | "0" | "" => Ok(false),
        _ => Err(invalid(name, value, "true or false")),
    }
}

/// The non-empty items of a comma-separated list.
fn list(value: &str) -> impl Iterator<Item = &str> {
    value
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
}

/// A positive number of seconds, fractions allowed (tests use short timeouts).
fn seconds(name: &str, value: &str) -> Result<Duration, String> {
    value
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s > 0.0 && *s <= 86_400.0)
        .map(Duration::from_secs_f64)
        .ok_or_else(|| {
            invalid(
                name,
                value,
                "a number of seconds from 0 (exclusive) to 86400",
            )
        })
}

fn invalid(name: &str, value: &str, expected: &str) -> String {
    format!("invalid configuration: {name}={value:?} must be {expected}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_apply_when_nothing_is_set() {
        assert_eq!(Config::from_vars([]).unwrap(), Config::default());
    }

    #[test]
    fn variables_override_defaults() {
        let config = Config::from_vars([
            ("FLOCI_PORT", "0"),
            ("FLOCI_HOST", "127.0.0.1"),
            ("FLOCI_DEFAULT_ACCOUNT_ID", "123456789012"),
            ("FLOCI_DEFAULT_REGION", "eu-west-1"),
            ("FLOCI_MAX_REQUEST_SIZE", "1"),
        ])
        .unwrap();
        assert_eq!(config.port, 0);
        assert_eq!(config.host.to_string(), "127.0.0.1");
        assert_eq!(config.default_account_id, "123456789012");
        assert_eq!(config.default_region, "eu-west-1");
        assert_eq!(config.max_request_bytes, 1024 * 1024);
    }

    #[test]
    fn timeouts_and_strict_auth_are_configurable() {
        let config = Config::from_vars([
            ("FLOCI_HEADER_READ_TIMEOUT_SECONDS", "0.5"),
            ("FLOCI_BODY_READ_TIMEOUT_SECONDS", "2"),
            ("FLOCI_AUTH_VALIDATE_SIGNATURES", "true"),
            (
                "FLOCI_AUTH_CREDENTIALS",
                "AKIDEXAMPLE:wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, 111122223333:secret:444455556666",
            ),
        ])
        .unwrap();
        assert_eq!(config.header_read_timeout, Duration::from_millis(500));
        assert_eq!(config.body_read_timeout, Duration::from_secs(2));
        assert!(config.validate_signatures);
        let key = config.credentials.get("111122223333").unwrap();
        assert_eq!(key.account_id.as_deref(), Some("444455556666"));
        assert!(config.credentials.get("AKIDEXAMPLE").is_some());
        assert!(
            !format!("{config:?}").contains("EXAMPLEKEY"),
            "secrets stay out of logs"
        );
    }

    #[test]
    fn bad_values_are_one_clear_line() {
        for (name, value) in [
            ("FLOCI_PORT", "http"),
            ("FLOCI_PORT", "70000"),
            ("FLOCI_HOST", "localhost:1"),
            ("FLOCI_DEFAULT_ACCOUNT_ID", "42"),
            ("FLOCI_DEFAULT_REGION", "US EAST"),
            ("FLOCI_MAX_REQUEST_SIZE", "0"),
            ("FLOCI_LOG_LEVEL", "loud"),
            ("FLOCI_HEADER_READ_TIMEOUT_SECONDS", "0"),
            ("FLOCI_BODY_READ_TIMEOUT_SECONDS", "soon"),
            ("FLOCI_AUTH_VALIDATE_SIGNATURES", "yes please"),
            ("FLOCI_AUTH_CREDENTIALS", "AKID"),
            ("FLOCI_AUTH_CREDENTIALS", "AKID:SECRET:42"),
            ("FLOCI_AUTH_VALIDATE_SIGNATURES", "true"),
            ("FLOCI_STORAGE_MODE", "disk"),
            ("FLOCI_STORAGE_SERVICES_BACKUP_MODE", "sync"),
            ("FLOCI_UI_ENABLED", "maybe"),
            ("FLOCI_DISABLE_CORS_CHECKS", "maybe"),
        ] {
            let err = Config::from_vars([(name, value)]).unwrap_err();
            assert!(err.contains(name), "{err}");
            assert!(!err.contains('\n'));
        }
    }
}
