//! Gateway configuration from `FLOCI_*` environment variables. See docs/configuration.md.

use std::net::IpAddr;

/// Gateway-wide settings. Service-specific variables are read by each service through
/// [`crate::ServiceSettings`].
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// `FLOCI_HOST`: the address to bind (default `0.0.0.0`).
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
    /// MB, default 2048).
    pub max_request_bytes: u64,
    /// `FLOCI_LOG_LEVEL`: `error`, `warn`, `info` (default) or `debug`.
    pub log_level: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            host: IpAddr::from([0, 0, 0, 0]),
            port: 4566,
            default_account_id: "000000000000".to_owned(),
            default_region: "us-east-1".to_owned(),
            max_request_bytes: 2048 * 1024 * 1024,
            log_level: "info".to_owned(),
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
                _ => {}
            }
        }
        Ok(config)
    }
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
    fn bad_values_are_one_clear_line() {
        for (name, value) in [
            ("FLOCI_PORT", "http"),
            ("FLOCI_PORT", "70000"),
            ("FLOCI_HOST", "localhost:1"),
            ("FLOCI_DEFAULT_ACCOUNT_ID", "42"),
            ("FLOCI_DEFAULT_REGION", "US EAST"),
            ("FLOCI_MAX_REQUEST_SIZE", "0"),
            ("FLOCI_LOG_LEVEL", "loud"),
        ] {
            let err = Config::from_vars([(name, value)]).unwrap_err();
            assert!(err.contains(name), "{err}");
            assert!(!err.contains('\n'));
        }
    }
}
