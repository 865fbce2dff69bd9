//! The resources of other services the gateway knows, with their tags: how one service sees
//! another's (AWS Backup's selections choose resources by ARN wildcards and tag conditions).
//!
//! Services register the resources they own as they create, tag and delete them. Resources of
//! services the gateway does not emulate (EC2 volumes, DynamoDB tables, ...) are registered by
//! the user through `/_floci/resources` (see `admin.rs`), so a test can declare the
//! infrastructure its backup plans select, with the properties the resource's own service would
//! report where another service needs them (an RDS cluster's `Engine`, which tells AWS Backup an
//! Aurora cluster from a DocumentDB or Neptune one). Entries are kept per account and region; an ARN that
//! names neither (an S3 bucket's) is filed under the account and region given with it, else the
//! gateway's defaults.

use std::collections::{BTreeMap, HashMap};
use std::sync::{PoisonError, RwLock};

/// A resource's tags, by key.
pub type ResourceTags = BTreeMap<String, String>;

/// What a resource's own service reports of it, by the member name that service uses (an RDS
/// cluster's `Engine`, …).
pub type ResourceProperties = BTreeMap<String, String>;

/// One known resource.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KnownResource {
    /// The resource's ARN.
    pub arn: String,
    /// Its tags.
    pub tags: ResourceTags,
    /// Its properties.
    pub properties: ResourceProperties,
}

type RegionKey = (String, String);

/// What is kept of one resource.
#[derive(Debug, Clone, Default)]
struct Known {
    tags: ResourceTags,
    properties: ResourceProperties,
}

impl Known {
    fn resource(&self, arn: &str) -> KnownResource {
        KnownResource {
            arn: arn.to_owned(),
            tags: self.tags.clone(),
            properties: self.properties.clone(),
        }
    }
}

/// Known resources per (account, region), each region's sorted by ARN.
#[derive(Debug, Default)]
pub struct ResourceRegistry {
    regions: RwLock<HashMap<RegionKey, BTreeMap<String, Known>>>,
}

/// The account and region an ARN names (`arn:partition:service:region:account:resource`), when
/// it names them.
pub fn arn_scope(arn: &str) -> Option<(&str, &str)> {
    let mut parts = arn.splitn(6, ':');
    let (Some("arn"), Some(_), Some(_), Some(region), Some(account), Some(_)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return None;
    };
    (!region.is_empty() && !account.is_empty()).then_some((account, region))
}

impl ResourceRegistry {
    /// Registers `arn` in `account_id`/`region` with `tags`, replacing what was known of it.
    pub fn put(&self, account_id: &str, region: &str, arn: &str, tags: ResourceTags) {
        self.put_with_properties(account_id, region, arn, tags, ResourceProperties::new());
    }

    /// Registers `arn` in `account_id`/`region` with `tags` and `properties`, replacing what
    /// was known of it.
    pub fn put_with_properties(
        &self,
        account_id: &str,
        region: &str,
        arn: &str,
        tags: ResourceTags,
        properties: ResourceProperties,
    ) {
        let mut regions = self.regions.write().unwrap_or_else(PoisonError::into_inner);
        regions
            .entry((account_id.to_owned(), region.to_owned()))
            .or_default()
            .insert(arn.to_owned(), Known { tags, properties });
    }

    /// What is known of `arn` in `account_id`/`region`.
    pub fn get(&self, account_id: &str, region: &str, arn: &str) -> Option<KnownResource> {
        let regions = self.regions.read().unwrap_or_else(PoisonError::into_inner);
        regions
            .get(&(account_id.to_owned(), region.to_owned()))?
            .get(arn)
            .map(|known| known.resource(arn))
    }

    /// Forgets `arn` of `account_id`/`region`; answers whether it was known.
    pub fn remove(&self, account_id: &str, region: &str, arn: &str) -> bool {
        let mut regions = self.regions.write().unwrap_or_else(PoisonError::into_inner);
        regions
            .get_mut(&(account_id.to_owned(), region.to_owned()))
            .is_some_and(|resources| resources.remove(arn).is_some())
    }

    /// Every resource known in `account_id`/`region`, by ARN.
    pub fn list(&self, account_id: &str, region: &str) -> Vec<KnownResource> {
        let regions = self.regions.read().unwrap_or_else(PoisonError::into_inner);
        regions
            .get(&(account_id.to_owned(), region.to_owned()))
            .map(|resources| {
                resources
                    .iter()
                    .map(|(arn, known)| known.resource(arn))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Every resource known, with its account and region, ordered by account, region and ARN.
    pub fn all(&self) -> Vec<(String, String, KnownResource)> {
        let regions = self.regions.read().unwrap_or_else(PoisonError::into_inner);
        let mut keys: Vec<&RegionKey> = regions.keys().collect();
        keys.sort();
        keys.into_iter()
            .flat_map(|key| {
                regions[key]
                    .iter()
                    .map(move |(arn, known)| (key.0.clone(), key.1.clone(), known.resource(arn)))
            })
            .collect()
    }

    /// Forgets every resource.
    pub fn clear(&self) {
        self.regions
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(pairs: &[(&str, &str)]) -> ResourceTags {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn arns_name_their_account_and_region_unless_global() {
        assert_eq!(
            arn_scope("arn:aws:ec2:eu-west-1:111122223333:volume/vol-1"),
            Some(("111122223333", "eu-west-1"))
        );
        assert_eq!(arn_scope("arn:aws:s3:::bucket"), None);
        assert_eq!(arn_scope("not an arn"), None);
    }

    #[test]
    fn resources_are_kept_per_region_and_replaced_by_arn() {
        let registry = ResourceRegistry::default();
        let vol = "arn:aws:ec2:us-east-1:111122223333:volume/vol-1";
        registry.put("111122223333", "us-east-1", vol, tags(&[("env", "dev")]));
        registry.put("111122223333", "us-east-1", vol, tags(&[("env", "prod")]));
        registry.put("111122223333", "eu-west-1", "arn:x", ResourceTags::new());
        let listed = registry.list("111122223333", "us-east-1");
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].tags, tags(&[("env", "prod")]));
        assert!(registry.list("444455556666", "us-east-1").is_empty());
        assert_eq!(registry.all().len(), 2);
        let cluster = "arn:aws:rds:us-east-1:111122223333:cluster:docs";
        let engine = tags(&[("Engine", "docdb")]);
        registry.put_with_properties("111122223333", "us-east-1", cluster, tags(&[]), engine);
        let known = registry.get("111122223333", "us-east-1", cluster).unwrap();
        assert_eq!(known.properties, tags(&[("Engine", "docdb")]));
        assert_eq!(registry.get("111122223333", "eu-west-1", cluster), None);
        assert!(registry.remove("111122223333", "us-east-1", cluster));
        assert!(registry.remove("111122223333", "us-east-1", vol));
        assert!(!registry.remove("111122223333", "us-east-1", vol));
        registry.clear();
        assert!(registry.all().is_empty());
    }
}
