//! Whether the dashboard is on: `FLOCI_UI_ENABLED`, else on only when the gateway listens on a
//! loopback address (a gateway open to a network shows its state there only when asked to).

use crate::{Config, ServiceError};

/// Whether the dashboard and its data endpoint answer.
pub fn enabled(config: &Config) -> bool {
    config
        .ui_enabled
        .unwrap_or_else(|| config.host.is_loopback())
}

/// The answer to a dashboard path while it is off: 404, saying how to turn it on.
pub(crate) fn off_error(config: &Config) -> ServiceError {
    let why = if config.ui_enabled == Some(false) {
        "FLOCI_UI_ENABLED=false".to_owned()
    } else {
        format!(
            "the gateway listens on {}, not a loopback address; set FLOCI_UI_ENABLED=true to show it there",
            config.host
        )
    };
    ServiceError::new("NotFound", format!("The dashboard is off ({why})")).with_status(404)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(vars: &[(&str, &str)]) -> Config {
        Config::from_vars(vars.iter().copied()).unwrap()
    }

    #[test]
    fn on_for_loopback_off_for_other_addresses_unless_set() {
        assert!(enabled(&config(&[("FLOCI_HOST", "127.0.0.1")])));
        assert!(enabled(&config(&[("FLOCI_HOST", "::1")])));
        assert!(!enabled(&config(&[("FLOCI_HOST", "0.0.0.0")])));
        assert!(!enabled(&config(&[("FLOCI_HOST", "192.168.1.5")])));
        assert!(enabled(&config(&[
            ("FLOCI_HOST", "0.0.0.0"),
            ("FLOCI_UI_ENABLED", "true")
        ])));
        assert!(!enabled(&config(&[
            ("FLOCI_HOST", "127.0.0.1"),
            ("FLOCI_UI_ENABLED", "false")
        ])));
    }

    #[test]
    fn the_off_answer_says_how_to_turn_it_on() {
        let open = off_error(&config(&[("FLOCI_HOST", "0.0.0.0")]));
        assert_eq!(open.status(), 404);
        assert!(open.message().contains("FLOCI_UI_ENABLED=true"), "{open}");
        let off = off_error(&config(&[("FLOCI_UI_ENABLED", "0")]));
        assert!(off.message().contains("FLOCI_UI_ENABLED=false"), "{off}");
    }
}
