//! `GET /_floci/ui/api/view[?account=…&region=…]`: every service's view in one JSON document,
//! with an entity tag of its bytes so that the page's polling costs a 304 while nothing
//! changes.

use serde::Serialize;

use super::assets::etag_of;
use super::view::{ScopeView, ServiceView, ViewFilter};
use crate::gateway::GatewayState;
use crate::registry::ServiceState;

/// The rendered document and its validator.
pub(crate) struct Rendered {
    pub json: Vec<u8>,
    pub etag: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Document<'a> {
    version: &'static str,
    default_account_id: &'a str,
    default_region: &'a str,
    services: Vec<ServiceEntry>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ServiceEntry {
    name: &'static str,
    /// `running` or `disabled`.
    status: &'static str,
    /// Whether the service describes its state (a service without a view is still listed).
    has_view: bool,
    scopes: Vec<ScopeView>,
}

/// The filter the page's query asks for: `account` and `region`, empty meaning all.
fn filter(query: &[(String, String)]) -> ViewFilter {
    let value = |key: &str| {
        query
            .iter()
            .find(|(name, value)| name == key && !value.is_empty())
            .map(|(_, value)| value.clone())
    };
    ViewFilter {
        account_id: value("account"),
        region: value("region"),
    }
}

impl ServiceEntry {
    fn new(name: &'static str, status: &'static str, view: Option<ServiceView>) -> Self {
        Self {
            name,
            status,
            has_view: view.is_some(),
            scopes: view.map(|view| view.scopes).unwrap_or_default(),
        }
    }
}

/// Asks every running service and path-route plugin for its view, listed together by name.
pub(crate) fn render(state: &GatewayState, query: &[(String, String)]) -> Rendered {
    let filter = filter(query);
    let services = state.registry.services().iter().map(|service| {
        let view = match &service.state {
            ServiceState::Running(running) => running.view(&filter),
            ServiceState::Disabled => None,
        };
        ServiceEntry::new(service.descriptor.name, service.status(), view)
    });
    let plugins = state.registry.path_services().iter().map(|plugin| {
        let view = plugin
            .running
            .as_ref()
            .and_then(|running| running.view(&filter));
        ServiceEntry::new(plugin.descriptor.name, plugin.status(), view)
    });
    let mut services: Vec<ServiceEntry> = services.chain(plugins).collect();
    services.sort_by_key(|entry| entry.name);
    let document = Document {
        version: env!("CARGO_PKG_VERSION"),
        default_account_id: &state.config.default_account_id,
        default_region: &state.config.default_region,
        services,
    };
    let json = serde_json::to_vec(&document).unwrap_or_default();
    let etag = etag_of(&json);
    Rendered { json, etag }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_parameters_mean_everything() {
        let query = vec![
            ("account".to_owned(), "111122223333".to_owned()),
            ("region".to_owned(), String::new()),
        ];
        let filter = filter(&query);
        assert_eq!(filter.account_id.as_deref(), Some("111122223333"));
        assert_eq!(filter.region, None);
        assert!(filter.admits("111122223333", "eu-west-1"));
        assert!(!filter.admits("444455556666", "eu-west-1"));
    }
}
