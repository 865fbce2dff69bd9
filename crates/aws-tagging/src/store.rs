//! The [`TagStore`]: tags of many resources under one set of rules.

use std::collections::{BTreeMap, HashSet};

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
///
/// A service that stores each resource's tags as its own record asks which
/// resources changed with [`TagStore::take_changes`]; until it first asks,
/// nothing is tracked, so a service that never asks pays nothing.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TagStore {
    #[serde(skip)]
    rules: TagRules,
    // Resources whose last tag was removed are dropped, so an entry here
    // always holds at least one tag and the map cannot grow without bound.
    resources: BTreeMap<String, Tags>,
    /// The resources whose tags changed since [`TagStore::take_changes`]
    /// last took them; `None` until it is first called.
    #[serde(skip)]
    changed: Option<HashSet<String>>,
}

/// Stores are equal when they hold the same tags under the same rules;
/// change tracking is bookkeeping, not content.
impl PartialEq for TagStore {
    fn eq(&self, other: &Self) -> bool {
        self.rules == other.rules && self.resources == other.resources
    }
}

impl Eq for TagStore {}

impl TagStore {
    /// An empty store enforcing `rules`.
    pub fn new(rules: TagRules) -> Self {
        TagStore {
            rules,
            resources: BTreeMap::new(),
            changed: None,
        }
    }

    /// Records that the tags of `resource` changed, when changes are tracked.
    fn mark(&mut self, resource: &str) {
        if let Some(changed) = &mut self.changed {
            if !changed.contains(resource) {
                changed.insert(resource.to_owned());
            }
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
        self.mark(resource);
        Ok(())
    }

    /// Removes `keys` from `resource`. Keys the resource does not have, and
    /// resources without tags, are not an error. Fails without changing
    /// anything if any key breaks the rules (for example a reserved key).
    pub fn untag(&mut self, resource: &str, keys: &[String]) -> Result<(), TagError> {
        validate_keys(&self.rules, keys)?;
        if let Some(current) = self.resources.get_mut(resource) {
            let removed = keys
                .iter()
                .filter(|key| current.remove(key).is_some())
                .count();
            if current.is_empty() {
                self.resources.remove(resource);
            }
            if removed > 0 {
                self.mark(resource);
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
        match self.resources.remove(resource) {
            Some(tags) => {
                self.mark(resource);
                tags
            }
            None => Tags::default(),
        }
    }

    /// Forgets every tag of every resource.
    pub fn clear(&mut self) {
        if let Some(changed) = &mut self.changed {
            changed.extend(self.resources.keys().cloned());
        }
        self.resources.clear();
    }

    /// Every resource with tags, with its tags, in resource order.
    pub fn resources(&self) -> impl Iterator<Item = (&str, &Tags)> {
        self.resources
            .iter()
            .map(|(resource, tags)| (resource.as_str(), tags))
    }

    /// Puts back tags read from storage for `resource`, as they were stored:
    /// neither checked against the rules again nor recorded as a change.
    /// Empty `tags` leave the resource without tags.
    pub fn load(&mut self, resource: String, tags: Tags) {
        if tags.is_empty() {
            self.resources.remove(&resource);
        } else {
            self.resources.insert(resource, tags);
        }
    }

    /// The resources whose tags changed (added, replaced, removed) since the
    /// last call, sorted, forgetting them; or `None` on the first call, when
    /// nothing was tracked yet, so the caller treats every resource as
    /// changed. From the first call on, changes are tracked.
    pub fn take_changes(&mut self) -> Option<Vec<String>> {
        match &mut self.changed {
            Some(changed) => {
                let mut resources: Vec<String> = changed.drain().collect();
                resources.sort_unstable();
                Some(resources)
            }
            None => {
                self.changed = Some(HashSet::new());
                None
            }
        }
    }
}

impl Default for TagStore {
    /// An empty store enforcing [`TagRules::AWS_DEFAULT`].
    fn default() -> Self {
        TagStore::new(TagRules::AWS_DEFAULT)
    }
}
