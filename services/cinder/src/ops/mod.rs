//! Operations: one file per API call (or per small family of calls), each reached from the
//! router (`routes.rs`) by its name.

pub mod backups;
pub(crate) mod dashboard;
pub mod identity;
pub mod listing;
pub mod versions;
pub mod views;
pub mod volumes;

use serde_json::Value;

use crate::model::token::{Role, Token};
use crate::shared::Core;
use crate::support::fault::Fault;
use crate::support::ids::ProjectId;
use crate::support::microversion::ApiVersion;
use crate::support::schema::parse_body;
use crate::support::times::Instant;

/// One authenticated Block Storage request, routed and version-checked.
pub struct Call<'a> {
    /// The shared state, timers, clock and settings.
    pub core: &'a Core,
    /// The negotiated microversion.
    pub version: ApiVersion,
    /// The project of the path (the token's).
    pub project: &'a ProjectId,
    /// The caller's token.
    pub token: &'a Token,
    /// `http://<host>/volume`: links and next links start with it.
    pub base: &'a str,
    /// Whether the request's path named the project (links then name it too; since 3.67 a
    /// path may leave it out).
    pub project_in_url: bool,
    /// The query, form-decoded, in order.
    pub query: &'a [(String, String)],
    /// The raw body.
    pub body: &'a [u8],
    /// Now, on the gateway clock.
    pub now: Instant,
}

impl Call<'_> {
    /// Whether the caller holds the admin role (Cinder's `is_admin`).
    pub fn is_admin(&self) -> bool {
        self.token.role == Role::Admin
    }

    /// The body as JSON (`None` when empty); malformed JSON is 400.
    pub fn json(&self) -> Result<Option<Value>, Fault> {
        parse_body(self.body)
    }

    /// `/<project>` when the request's path named it, else nothing.
    fn project_segment(&self) -> String {
        if self.project_in_url {
            format!("/{}", self.project)
        } else {
            String::new()
        }
    }

    /// `http://<host>/volume/v3/<project>/<collection>`.
    pub fn collection_url(&self, collection: &str) -> String {
        format!("{}/v3{}/{collection}", self.base, self.project_segment())
    }

    /// The `self` and `bookmark` links of an item.
    pub fn links(&self, collection: &str, id: &str) -> Value {
        let project = self.project_segment();
        serde_json::json!([
            {"href": format!("{}/v3{project}/{collection}/{id}", self.base), "rel": "self"},
            {"href": format!("{}{project}/{collection}/{id}", self.base), "rel": "bookmark"},
        ])
    }

    /// Refuses an admin-only action to a caller without the admin role.
    pub fn require_admin(&self, rule: &str) -> Result<(), Fault> {
        if self.is_admin() {
            Ok(())
        } else {
            Err(Fault::policy(rule))
        }
    }
}

/// Strips surrounding white space from a name or description, as Cinder's
/// `clean_name_and_description` does.
pub fn clean_text(value: Option<&Value>) -> Option<String> {
    value.and_then(Value::as_str).map(|s| s.trim().to_owned())
}

/// A string-to-string map from a checked metadata member.
pub fn metadata(value: Option<&Value>) -> std::collections::BTreeMap<String, String> {
    value
        .and_then(Value::as_object)
        .map(|map| {
            map.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                .collect()
        })
        .unwrap_or_default()
}
