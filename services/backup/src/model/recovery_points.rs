//! A region's recovery points, with the indexes that keep every listing O(log n + page).
//!
//! Points are kept by ARN; alongside, each vault and each protected resource has the set of its
//! points ordered by `(creation millis, ARN)`, and each vault the same set per resource. The
//! listings walk these sets newest first from their cursor, and a vault's count is the size of
//! its set. The indexes hold shared `Arc<str>` ARNs, so a point costs one copy of its ARN.
//!
//! The only ways in and out are [`RecoveryPoints::insert`] and [`RecoveryPoints::remove`], which
//! keep the indexes in step. [`RecoveryPoints::get_mut`] hands out a point for changes to the
//! fields no index uses; the indexed ones (`arn`, `vault_name`, `resource_arn`,
//! `creation_date`) change only by removing the point and inserting it again.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::hash::{BuildHasher, RandomState};
use std::sync::Arc;

use hashbrown::HashTable;

use emulator_core::dto::SharedStr;
use emulator_core::storage::{ChangedKeys, RecordBatch};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::api::generated::RecoveryPointStatus;
use crate::model::recovery_point::RecoveryPoint;

pub use crate::model::point_set::{PointKey, PointSet};

/// The points of one vault.
#[derive(Debug, Default, PartialEq)]
pub struct VaultPoints {
    /// Every point in the vault.
    pub points: PointSet,
    /// The vault's points per protected resource ARN.
    pub resources: BTreeMap<Arc<str>, PointSet>,
}

/// Every recovery point of a region, by ARN, with its indexes. Stored as the list of points;
/// the indexes are rebuilt when it is read back.
#[derive(Default)]
pub struct RecoveryPoints {
    /// By ARN, hashed: a page of a listing looks up each of its points here, and in an ordered
    /// map of a million points every lookup walked a dozen nodes, each a cache miss, which made
    /// a page out of 1,000,000 points cost twice a page out of 1,000. Boxed: a hash table keeps
    /// up to twice the slots it fills, and an empty slot of an unboxed point weighed its 600
    /// bytes too (at 1,001,000 points the table had grown to 2,097,152 slots). A table of the
    /// points alone, hashed by their `arn` (`hasher`): a map would keep a second pointer to the
    /// ARN in each slot.
    points: HashTable<Box<RecoveryPoint>>,
    hasher: RandomState,
    vaults: HashMap<SharedStr, VaultPoints>,
    resources: BTreeMap<Arc<str>, PointSet>,
    /// The ARNs of the points changed since the last save (`persistence`).
    changed: ChangedKeys,
}

impl RecoveryPoints {
    /// Stores `point` under `arn` (which becomes the point's `arn`), replacing and returning a
    /// point already stored there. The signature is the map's, so callers that used a map keep
    /// working unchanged.
    pub fn insert(
        &mut self,
        arn: impl Into<SharedStr>,
        mut point: RecoveryPoint,
    ) -> Option<RecoveryPoint> {
        let arn = arn.into();
        let previous = self.remove(&arn);
        if point.arn != arn {
            point.arn = arn;
        }
        // One allocation of the ARN for the point, its job, the map and every index.
        let arn: Arc<str> = Arc::from(&point.arn);
        let key: PointKey = (point.creation_date.epoch_millis(), arn.clone());
        // One shared copy of the resource ARN for both resource indexes.
        let resource = match self.resources.get_key_value(point.resource_arn.as_str()) {
            Some((existing, _)) => existing.clone(),
            None => Arc::from(&point.resource_arn),
        };
        self.resources
            .entry(resource.clone())
            .or_default()
            .insert(key.clone());
        let vault = self.vaults.entry(point.vault_name.clone()).or_default();
        vault.points.insert(key.clone());
        vault.resources.entry(resource).or_default().insert(key);
        self.changed.mark(&arn);
        let hash = self.hash(&arn);
        let hasher = &self.hasher;
        self.points
            .insert_unique(hash, Box::new(point), |p| hasher.hash_one(p.arn.as_str()));
        previous
    }

    /// The hash the table files the point `arn` under.
    fn hash(&self, arn: &str) -> u64 {
        self.hasher.hash_one(arn)
    }

    /// Removes and returns the point `arn`.
    pub fn remove(&mut self, arn: &str) -> Option<RecoveryPoint> {
        let hash = self.hash(arn);
        let (point, _) = self
            .points
            .find_entry(hash, |point| point.arn == arn)
            .ok()?
            .remove();
        self.changed.mark(arn);
        let key: PointKey = (point.creation_date.epoch_millis(), Arc::from(&point.arn));
        remove_from(&mut self.resources, point.resource_arn.as_str(), &key);
        if let Some(vault) = self.vaults.get_mut(point.vault_name.as_str()) {
            vault.points.remove(&key);
            remove_from(&mut vault.resources, point.resource_arn.as_str(), &key);
            if vault.points.is_empty() {
                self.vaults.remove(point.vault_name.as_str());
            }
        }
        Some(*point)
    }

    /// The point `arn`.
    pub fn get(&self, arn: &str) -> Option<&RecoveryPoint> {
        self.points
            .find(self.hash(arn), |point| point.arn == arn)
            .map(|point| &**point)
    }

    /// The point `arn`, for changes to fields no index uses (see the module documentation).
    pub fn get_mut(&mut self, arn: &str) -> Option<&mut RecoveryPoint> {
        let hash = self.hash(arn);
        let point = self.points.find_mut(hash, |point| point.arn == arn)?;
        self.changed.mark(arn);
        Some(&mut **point)
    }

    /// Whether the point `arn` exists.
    pub fn contains_key(&self, arn: &str) -> bool {
        self.get(arn).is_some()
    }

    /// Every point, in no particular order.
    pub fn values(&self) -> impl Iterator<Item = &RecoveryPoint> {
        self.points.iter().map(|point| &**point)
    }

    /// Every point's ARN, in no particular order. Only tests walk them: the service finds a
    /// point by its ARN, since a walk costs O(points).
    #[cfg(test)]
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.points.iter().map(|point| point.arn.as_str())
    }

    /// How many points vault `vault_name` holds, in O(1).
    pub fn count_in_vault(&self, vault_name: &str) -> usize {
        self.vaults.get(vault_name).map_or(0, |v| v.points.len())
    }

    /// The points of vault `vault_name`, if it holds any.
    pub fn in_vault(&self, vault_name: &str) -> Option<&VaultPoints> {
        self.vaults.get(vault_name)
    }

    /// The points of each protected resource, by resource ARN.
    pub fn by_resource(&self) -> &BTreeMap<Arc<str>, PointSet> {
        &self.resources
    }

    /// The points of resource `resource_arn`, if it has any.
    pub fn of_resource(&self, resource_arn: &str) -> Option<&PointSet> {
        self.resources.get(resource_arn)
    }

    /// The continuous points of `resource_arn` in the vault `vault_name` that are still kept
    /// current (`COMPLETED`: not stopped, not being deleted).
    pub fn live_continuous<'a>(
        &'a self,
        resource_arn: &str,
        vault_name: &'a str,
    ) -> impl Iterator<Item = &'a RecoveryPoint> + 'a {
        self.of_resource(resource_arn)
            .into_iter()
            .flatten()
            .filter_map(|(_, arn)| self.get(arn))
            .filter(move |point| {
                point.continuous
                    && point.status == RecoveryPointStatus::Completed
                    && point.vault_name == vault_name
            })
    }

    /// The newest point of `set` (the last in date order), for protected-resource summaries.
    pub fn newest_in(&self, set: &PointSet) -> Option<&RecoveryPoint> {
        set.last().and_then(|(_, arn)| self.get(arn))
    }
}

/// Two regions' points are equal when they hold the same points (the indexes follow from them).
impl PartialEq for RecoveryPoints {
    fn eq(&self, other: &Self) -> bool {
        self.points.len() == other.points.len()
            && self
                .values()
                .all(|point| other.get(&point.arn) == Some(point))
    }
}

impl fmt::Debug for RecoveryPoints {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.values()).finish()
    }
}

/// Persistence: a record per point, by ARN.
impl RecoveryPoints {
    /// Puts into `batch`, as records of `kind`, the points changed since the last save (every
    /// point when the batch is full); removed ones as deletes.
    pub fn save_changes(&mut self, kind: &str, batch: &mut RecordBatch) -> Result<(), String> {
        if batch.is_full() {
            self.changed.clear();
            for point in self.values() {
                batch.put_json(kind, &point.arn, point)?;
            }
            return Ok(());
        }
        for arn in self.changed.take() {
            match self.get(arn.as_str()) {
                Some(point) => batch.put_json(kind, &arn, point)?,
                None => batch.delete(kind, &arn),
            }
        }
        Ok(())
    }

    /// Puts a stored point back (loading: not a change).
    pub fn load_record(&mut self, value: &[u8]) -> Result<(), String> {
        let point: RecoveryPoint =
            serde_json::from_slice(value).map_err(|error| error.to_string())?;
        self.insert(point.arn.clone(), point);
        self.changed.clear();
        Ok(())
    }
}

impl Serialize for RecoveryPoints {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.values())
    }
}

impl<'de> Deserialize<'de> for RecoveryPoints {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut points = Self::default();
        for point in Vec::<RecoveryPoint>::deserialize(deserializer)? {
            points.insert(point.arn.clone(), point);
        }
        Ok(points)
    }
}

/// Removes `key` from the set of `resource` in `map`, dropping the set once empty.
fn remove_from(map: &mut BTreeMap<Arc<str>, PointSet>, resource: &str, key: &PointKey) {
    if let Some(set) = map.get_mut(resource) {
        set.remove(key);
        if set.is_empty() {
            map.remove(resource);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use emulator_core::dto::Timestamp;

    fn point(arn: &str, vault: &str, resource: &str, millis: i64) -> RecoveryPoint {
        let mut point = RecoveryPoint::sample(arn, vault);
        point.resource_arn = resource.into();
        point.creation_date = Timestamp::from_epoch_millis(millis);
        point
    }

    fn arns(set: Option<&PointSet>) -> Vec<String> {
        set.map(|s| s.iter().map(|(_, arn)| arn.to_string()).collect())
            .unwrap_or_default()
    }

    #[test]
    fn insert_and_remove_keep_every_index_in_step() {
        let mut points = RecoveryPoints::default();
        points.insert("rp-1", point("rp-1", "a", "vol-1", 20));
        points.insert("rp-2", point("rp-2", "a", "vol-2", 10));
        points.insert("rp-3", point("rp-3", "b", "vol-1", 30));
        assert_eq!(points.keys().count(), 3);
        assert_eq!(points.count_in_vault("a"), 2);
        assert_eq!(points.count_in_vault("b"), 1);
        assert_eq!(points.count_in_vault("c"), 0);
        assert_eq!(
            arns(points.in_vault("a").map(|v| &v.points)),
            ["rp-2", "rp-1"]
        );
        assert_eq!(arns(points.of_resource("vol-1")), ["rp-1", "rp-3"]);
        assert_eq!(
            arns(points.in_vault("a").and_then(|v| v.resources.get("vol-1"))),
            ["rp-1"]
        );
        assert_eq!(
            points
                .of_resource("vol-1")
                .and_then(|set| points.newest_in(set))
                .map(|p| p.arn.as_str()),
            Some("rp-3")
        );

        let removed = points.remove("rp-1").expect("removed");
        assert_eq!(removed.arn, "rp-1");
        assert!(points.remove("rp-1").is_none());
        assert_eq!(points.count_in_vault("a"), 1);
        assert_eq!(arns(points.of_resource("vol-1")), ["rp-3"]);
        assert!(points
            .in_vault("a")
            .is_some_and(|v| !v.resources.contains_key("vol-1")));

        points.remove("rp-2");
        assert!(points.in_vault("a").is_none());
        assert!(points.of_resource("vol-2").is_none());
        assert_eq!(points.keys().collect::<Vec<_>>(), ["rp-3"]);
    }

    #[test]
    fn points_are_stored_as_a_list_and_read_back_with_their_indexes() {
        let mut points = RecoveryPoints::default();
        points.insert("rp-1", point("rp-1", "a", "vol-1", 20));
        points.insert("rp-2", point("rp-2", "a", "vol-2", 10));
        points.insert("rp-3", point("rp-3", "b", "vol-1", 30));
        let json = serde_json::to_value(&points).unwrap();
        assert_eq!(json.as_array().map(Vec::len), Some(3));
        let back: RecoveryPoints = serde_json::from_value(json).unwrap();
        assert_eq!(back, points);
        assert_eq!(arns(back.of_resource("vol-1")), ["rp-1", "rp-3"]);
    }

    #[test]
    fn inserting_under_an_existing_arn_replaces_the_point_and_its_index_entries() {
        let mut points = RecoveryPoints::default();
        points.insert("rp", point("rp", "a", "vol-1", 10));
        let previous = points.insert("rp", point("other", "b", "vol-2", 20));
        assert_eq!(previous.map(|p| p.vault_name), Some("a".into()));
        assert_eq!(points.get("rp").map(|p| p.arn.as_str()), Some("rp"));
        assert_eq!(points.count_in_vault("a"), 0);
        assert_eq!(points.count_in_vault("b"), 1);
        assert!(points.of_resource("vol-1").is_none());
        assert_eq!(arns(points.of_resource("vol-2")), ["rp"]);
    }
}
