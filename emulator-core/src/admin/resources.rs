//! `/_floci/resources`: declares resources of services the gateway does not emulate, with their
//! tags, so that other services can see them (AWS Backup's plans select them by ARN and tags).
//!
//! - `GET` lists every known resource: `{"resources": [{"accountId", "region", "arn", "tags"}]}`.
//! - `POST {"resources": [{"arn", "tags": {"k": "v"}, "accountId"?, "region"?}]}` registers each
//!   (replacing what was known of that ARN) and answers `{"registered": N}`. The account and
//!   region default to those the ARN names, else to the gateway's defaults. Nothing is
//!   registered unless every entry is valid.
//! - `DELETE` forgets every resource. A reset does too.

use serde_json::{json, Value};

use crate::resources::{arn_scope, ResourceRegistry, ResourceTags};
use crate::{Config, ServiceError};

/// One entry of a POST, checked.
struct Entry {
    account_id: String,
    region: String,
    arn: String,
    tags: ResourceTags,
}

fn invalid(message: impl Into<String>) -> ServiceError {
    ServiceError::new("InvalidParameterValueException", message)
}

fn text_field(entry: &Value, field: &str, index: usize) -> Result<Option<String>, ServiceError> {
    match entry.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) if !text.is_empty() => Ok(Some(text.clone())),
        Some(_) => Err(invalid(format!(
            "resources[{index}].{field} must be a non-empty string"
        ))),
    }
}

fn entry(value: &Value, index: usize, config: &Config) -> Result<Entry, ServiceError> {
    let arn = text_field(value, "arn", index)?
        .ok_or_else(|| invalid(format!("resources[{index}].arn is required")))?;
    let tags = match value.get("tags") {
        None | Some(Value::Null) => ResourceTags::new(),
        Some(Value::Object(map)) => map
            .iter()
            .map(|(key, value)| match value {
                Value::String(text) => Ok((key.clone(), text.clone())),
                _ => Err(invalid(format!(
                    "resources[{index}].tags.{key} must be a string"
                ))),
            })
            .collect::<Result<_, _>>()?,
        Some(_) => {
            return Err(invalid(format!(
                "resources[{index}].tags must be an object of strings"
            )))
        }
    };
    let (arn_account, arn_region) = arn_scope(&arn).unzip();
    let account_id = text_field(value, "accountId", index)?
        .or(arn_account.map(str::to_owned))
        .unwrap_or_else(|| config.default_account_id.clone());
    let region = text_field(value, "region", index)?
        .or(arn_region.map(str::to_owned))
        .unwrap_or_else(|| config.default_region.clone());
    Ok(Entry {
        account_id,
        region,
        arn,
        tags,
    })
}

/// Answers a request to `/_floci/resources`, or `None` for a method it does not serve.
pub(crate) fn handle(
    registry: &ResourceRegistry,
    config: &Config,
    method: &http::Method,
    body: &Value,
) -> Option<Result<Value, ServiceError>> {
    match *method {
        http::Method::GET | http::Method::HEAD => {
            let resources: Vec<Value> = registry
                .all()
                .into_iter()
                .map(|(account_id, region, resource)| {
                    json!({
                        "accountId": account_id,
                        "region": region,
                        "arn": resource.arn,
                        "tags": resource.tags,
                    })
                })
                .collect();
            Some(Ok(json!({ "resources": resources })))
        }
        http::Method::POST => Some(register(registry, config, body)),
        http::Method::DELETE => {
            registry.clear();
            Some(Ok(json!({ "resources": [] })))
        }
        _ => None,
    }
}

fn register(
    registry: &ResourceRegistry,
    config: &Config,
    body: &Value,
) -> Result<Value, ServiceError> {
    let Some(values) = body.get("resources").and_then(Value::as_array) else {
        return Err(invalid(
            "POST /_floci/resources takes a JSON body {\"resources\": [{\"arn\": ..., \"tags\": {...}}]}",
        ));
    };
    let entries = values
        .iter()
        .enumerate()
        .map(|(index, value)| entry(value, index, config))
        .collect::<Result<Vec<_>, _>>()?;
    for entry in &entries {
        registry.put(
            &entry.account_id,
            &entry.region,
            &entry.arn,
            entry.tags.clone(),
        );
    }
    Ok(json!({ "registered": entries.len() }))
}
