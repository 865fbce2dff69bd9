//! The [`TagStore`]: tags of many resources under one set of rules.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::TagError;
use crate::rules::TagRules;
use crate::tags::Tags;
use crate::validate::{validate_keys, validate_tags};

/// Tags of many resources, keyed by a resource identifier (usually the
/// ARN), all checked against one service's [`TagRules`].
///
/// Plain data without interior locking: the owning service already
/// serializes access to its state and holds its own lock around this.
/// Every mutating call either fully succeeds or leaves the store unchanged.
///
/// With serde it is stored as a map from resource to tags. The rules are
/// code, not data: a store read back enforces [`TagRules::AWS_DEFAULT`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TagStore {
    #[serde(skip)]
    rules: TagRules,
    // Resources whose last tag was removed are dropped, so an entry here
    // always holds at least one tag and the map cannot grow without bound.
    resources: BTreeMap<String, Tags>,
}

impl TagStore {
    /// An empty store enforcing `rules`.
    pub fn new(rules: TagRules) -> Self {
        TagStore {
            rules,
            resources: BTreeMap::new(),
        }
    }

    /// The rules this store enforces.
    pub fn rules(&self) -> &TagRules {
        &self.rules
    }

    /// Adds `tags` to `resource`, overwriting the values of keys it already
    /// has. Fails without changing anything if any tag breaks the rules or
    /// if the merged set would exceed [`TagRules::max_tags`].
    pub fn tag(&mut self, resource: &str, tags: Tags) -> Result<(), TagError> {
        validate_tags(&self.rules, &tags)?;
        let existing = self.resources.get(resource);
        let added = tags
            .keys()
            .filter(|key| !existing.is_some_and(|current| current.contains_key(key)))
            .count();
        let count = existing.map_or(0, Tags::len) + added;
        if count > self.rules.max_tags {
            return Err(TagError::TooManyTags {
                max: self.rules.max_tags,
                count,
            });
        }
        if tags.is_empty() {
            return Ok(());
        }
        self.resources
            .entry(resource.to_owned())
            .or_default()
            .extend(tags);
        Ok(())
    }

    /// Removes `keys` from `resource`. Keys the resource does not have, and
    /// resources without tags, are not an error. Fails without changing
    /// anything if any key breaks the rules (for example a reserved key).
    pub fn untag(&mut self, resource: &str, keys: &[String]) -> Result<(), TagError> {
        validate_keys(&self.rules, keys)?;
        if let Some(current) = self.resources.get_mut(resource) {
            for key in keys {
                current.remove(key);
            }
            if current.is_empty() {
                self.resources.remove(resource);
            }
        }
        Ok(())
    }

    /// A copy of the tags of `resource`; empty if it has none.
    pub fn list(&self, resource: &str) -> Tags {
        self.get(resource).cloned().unwrap_or_default()
    }

    /// The tags of `resource` without copying; `None` if it has none.
    pub fn get(&self, resource: &str) -> Option<&Tags> {
        self.resources.get(resource)
    }

    /// Forgets every tag of `resource`, as when the resource is deleted,
    /// returning what it had.
    pub fn remove_resource(&mut self, resource: &str) -> Tags {
        self.resources.remove(resource).unwrap_or_default()
    }

    /// Forgets every tag of every resource.
    pub fn clear(&mut self) {
        self.resources.clear();
    }
}

impl Default for TagStore {
    /// An empty store enforcing [`TagRules::AWS_DEFAULT`].
    fn default() -> Self {
        TagStore::new(TagRules::AWS_DEFAULT)
    }
}
