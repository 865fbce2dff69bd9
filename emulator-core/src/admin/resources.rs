//! `/_floci/resources`: declares resources of services the gateway does not emulate, with their
//! tags, so that other services can see them (AWS Backup's plans select them by ARN and tags).
//!
//! - `GET` lists every known resource:
//!   `{"resources": [{"accountId", "region", "arn", "tags", "properties"}]}`.
//! - `POST {"resources": [{"arn", "tags": {"k": "v"}, "properties"?: {"Engine": "docdb"},
//!   "accountId"?, "region"?}]}` registers each (replacing what was known of that ARN) and
//!   answers `{"registered": N}`. `properties` are what the resource's own service reports of it,
//!   under that service's member names, where another service reads them. The account and
//!   region default to those the ARN names, else to the gateway's defaults. Nothing is
//!   registered unless every entry is valid.
//! - `DELETE` forgets every resource. A reset does too.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::resources::{arn_scope, ResourceProperties, ResourceRegistry, ResourceTags};
use crate::{Config, ServiceError};

/// One entry of a POST, checked.
struct Entry {
    account_id: String,
    region: String,
    arn: String,
    tags: ResourceTags,
    properties: ResourceProperties,
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

/// AWS's longest ARN.
const MAX_ARN_LENGTH: usize = 2048;
/// AWS's tag limits: tags per resource, key and value lengths.
const MAX_TAGS: usize = 50;
const MAX_TAG_KEY: usize = 128;
const MAX_TAG_VALUE: usize = 256;

/// Whether `arn` is an ARN: `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`, the region empty or
/// a region name, the account empty or 12 digits, the resource not empty.
fn is_arn(arn: &str) -> bool {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [prefix, partition, service, region, account, resource] = parts[..] else {
        return false;
    };
    let word = |text: &str| {
        !text.is_empty()
            && text
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    arn.len() <= MAX_ARN_LENGTH
        && prefix == "arn"
        && word(partition)
        && word(service)
        && (region.is_empty() || crate::sigv4::is_region_name(region))
        && (account.is_empty() || is_account_id(account))
        && !resource.is_empty()
        && !arn.chars().any(char::is_control)
}

fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

fn entry(value: &Value, index: usize, config: &Config) -> Result<Entry, ServiceError> {
    let arn = text_field(value, "arn", index)?
        .ok_or_else(|| invalid(format!("resources[{index}].arn is required")))?;
    if !is_arn(&arn) {
        return Err(invalid(format!(
            "resources[{index}].arn is not an ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE)"
        )));
    }
    let tags = string_map(value, "tags", index)?;
    let properties = string_map(value, "properties", index)?;
    if text_field(value, "accountId", index)?.is_some_and(|account| !is_account_id(&account)) {
        return Err(invalid(format!(
            "resources[{index}].accountId must be a 12-digit account id"
        )));
    }
    if text_field(value, "region", index)?
        .is_some_and(|region| !crate::sigv4::is_region_name(&region))
    {
        return Err(invalid(format!(
            "resources[{index}].region must be a region name such as us-east-1"
        )));
    }
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
        properties,
    })
}

/// `field` of a POSTed entry: an object of strings, with AWS's tag limits (at most 50 entries,
/// keys of 1 to 128 characters, values of at most 256).
fn string_map(
    value: &Value,
    field: &str,
    index: usize,
) -> Result<BTreeMap<String, String>, ServiceError> {
    let map: BTreeMap<String, String> = match value.get(field) {
        None | Some(Value::Null) => BTreeMap::new(),
        Some(Value::Object(map)) => map
            .iter()
            .map(|(key, value)| match value {
                Value::String(text) => Ok((key.clone(), text.clone())),
                _ => Err(invalid(format!(
                    "resources[{index}].{field}.{key} must be a string"
                ))),
            })
            .collect::<Result<_, _>>()?,
        Some(_) => {
            return Err(invalid(format!(
                "resources[{index}].{field} must be an object of strings"
            )))
        }
    };
    if map.len() > MAX_TAGS
        || map.iter().any(|(key, value)| {
            key.is_empty()
                || key.chars().count() > MAX_TAG_KEY
                || value.chars().count() > MAX_TAG_VALUE
        })
    {
        return Err(invalid(format!(
            "resources[{index}].{field}: at most {MAX_TAGS} entries, keys of 1 to {MAX_TAG_KEY} \
             and values of at most {MAX_TAG_VALUE} characters"
        )));
    }
    Ok(map)
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
                        "properties": resource.properties,
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
        registry.put_with_properties(
            &entry.account_id,
            &entry.region,
            &entry.arn,
            entry.tags.clone(),
            entry.properties.clone(),
        );
    }
    Ok(json!({ "registered": entries.len() }))
}

#[cfg(test)]
mod tests {
    use super::is_arn;

    #[test]
    fn only_arns_are_arns() {
        for arn in [
            "arn:aws:ec2:us-east-1:111122223333:volume/vol-1",
            "arn:aws:s3:::bucket",
            "arn:aws-cn:rds:cn-north-1:111122223333:db:orders",
        ] {
            assert!(is_arn(arn), "{arn}");
        }
        for arn in [
            "not-an-arn",
            "",
            "arn:aws:ec2",
            "arn:aws:ec2:us-east-1:111122223333:",
            "arn:aws:ec2:..:111122223333:volume/v",
            "arn:aws:ec2:us-east-1:42:volume/v",
            "arn:AWS:ec2:us-east-1:111122223333:volume/v",
            "arn:aws:ec2:us-east-1:111122223333:volume/\n",
        ] {
            assert!(!is_arn(arn), "{arn}");
        }
        assert!(!is_arn(&format!("arn:aws:s3:::{}", "b".repeat(3000))));
    }
}
