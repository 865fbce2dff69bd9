//! [`PointSet`]: an ordered set of recovery point keys that costs nothing while empty and one
//! key while it holds one.
//!
//! Every protected resource has a set of its points in the region's index and another in its
//! vault's. Most resources have one point or a few, and a `BTreeSet` allocates a node for eleven
//! keys (about 280 bytes) for its first: with a resource per point, the two sets weighed more
//! than the point itself. A set of one keeps its key inline; a second key moves both into a
//! boxed `BTreeSet`. Boxed, so that a set is 24 bytes (the key's size) in the maps that hold
//! one per resource, not 32.

use std::collections::btree_set::{self, BTreeSet};
use std::ops::{Bound, RangeBounds};
use std::sync::Arc;

/// A point's place in the date-ordered sets: `(creation date in epoch millis, ARN)`.
pub type PointKey = (i64, Arc<str>);

/// Points in `(creation millis, ARN)` order: oldest first, so newest first walked backwards.
/// Reads as the `BTreeSet` it replaces, for what the indexes and listings use.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PointSet(Keys);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Keys {
    /// One key.
    One(PointKey),
    /// Two keys or more; none while empty. Boxed on purpose (see the module documentation):
    /// inline, the set would make every `PointSet` 32 bytes.
    #[allow(clippy::box_collection)]
    Many(Option<Box<BTreeSet<PointKey>>>),
}

impl Default for Keys {
    fn default() -> Self {
        Self::Many(None)
    }
}

impl PointSet {
    /// An empty set (a constant, for listings of nothing).
    pub const fn new() -> Self {
        Self(Keys::Many(None))
    }

    /// How many keys it holds.
    pub fn len(&self) -> usize {
        match &self.0 {
            Keys::Many(None) => 0,
            Keys::One(_) => 1,
            Keys::Many(Some(keys)) => keys.len(),
        }
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds `key`; whether it was not there yet.
    pub fn insert(&mut self, key: PointKey) -> bool {
        match std::mem::take(&mut self.0) {
            Keys::Many(None) => {
                self.0 = Keys::One(key);
                true
            }
            Keys::One(only) if only == key => {
                self.0 = Keys::One(only);
                false
            }
            Keys::One(only) => {
                self.0 = Keys::Many(Some(Box::new(BTreeSet::from([only, key]))));
                true
            }
            Keys::Many(Some(mut keys)) => {
                let added = keys.insert(key);
                self.0 = Keys::Many(Some(keys));
                added
            }
        }
    }

    /// Removes `key`; whether it was there. A set left with one key keeps it inline again.
    pub fn remove(&mut self, key: &PointKey) -> bool {
        match &mut self.0 {
            Keys::Many(None) => false,
            Keys::One(only) if only == key => {
                self.0 = Keys::Many(None);
                true
            }
            Keys::One(_) => false,
            Keys::Many(Some(keys)) => {
                let removed = keys.remove(key);
                if keys.len() == 1 {
                    if let Some(last) = keys.pop_last() {
                        self.0 = Keys::One(last);
                    }
                }
                removed
            }
        }
    }

    /// The newest key.
    pub fn last(&self) -> Option<&PointKey> {
        match &self.0 {
            Keys::Many(None) => None,
            Keys::One(only) => Some(only),
            Keys::Many(Some(keys)) => keys.last(),
        }
    }

    /// Every key, oldest first.
    pub fn iter(&self) -> Range<'_> {
        self.range::<(Bound<PointKey>, Bound<PointKey>)>((Bound::Unbounded, Bound::Unbounded))
    }

    /// The keys inside `bounds`, oldest first (walk it backwards for newest first).
    pub fn range<R: RangeBounds<PointKey>>(&self, bounds: R) -> Range<'_> {
        match &self.0 {
            Keys::Many(None) => Range::One(None),
            Keys::One(only) => Range::One(bounds.contains(only).then_some(only)),
            Keys::Many(Some(keys)) => Range::Many(keys.range(bounds)),
        }
    }
}

impl FromIterator<PointKey> for PointSet {
    fn from_iter<I: IntoIterator<Item = PointKey>>(keys: I) -> Self {
        let mut set = Self::new();
        for key in keys {
            set.insert(key);
        }
        set
    }
}

impl<'a> IntoIterator for &'a PointSet {
    type Item = &'a PointKey;
    type IntoIter = Range<'a>;

    fn into_iter(self) -> Range<'a> {
        self.iter()
    }
}

/// The keys of a [`PointSet`] inside a range, in either direction.
#[derive(Debug)]
pub enum Range<'a> {
    /// The key of a set of one, if inside the range.
    One(Option<&'a PointKey>),
    /// A range of a larger set.
    Many(btree_set::Range<'a, PointKey>),
}

impl<'a> Iterator for Range<'a> {
    type Item = &'a PointKey;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Range::One(key) => key.take(),
            Range::Many(keys) => keys.next(),
        }
    }
}

impl DoubleEndedIterator for Range<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        match self {
            Range::One(key) => key.take(),
            Range::Many(keys) => keys.next_back(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(millis: i64, arn: &str) -> PointKey {
        (millis, Arc::from(arn))
    }

    fn arns<'a>(range: impl Iterator<Item = &'a PointKey>) -> Vec<String> {
        range.map(|(_, arn)| arn.to_string()).collect()
    }

    #[test]
    fn a_set_reads_as_an_ordered_set_from_none_to_many_keys_and_back() {
        let mut set = PointSet::new();
        assert!(set.is_empty() && set.last().is_none() && set.iter().next().is_none());
        assert!(set.insert(key(2, "b")));
        assert!(!set.insert(key(2, "b")));
        assert_eq!((set.len(), arns(set.iter())), (1, vec!["b".to_owned()]));
        assert!(set.insert(key(1, "a")));
        assert!(set.insert(key(3, "c")));
        assert_eq!(arns(set.iter()), ["a", "b", "c"]);
        assert_eq!(arns(set.iter().rev()), ["c", "b", "a"]);
        assert_eq!(set.last(), Some(&key(3, "c")));
        assert!(!set.remove(&key(9, "z")));
        assert!(set.remove(&key(1, "a")) && set.remove(&key(3, "c")));
        assert_eq!(set, [key(2, "b")].into_iter().collect());
        assert!(!set.remove(&key(3, "c")));
        assert!(set.remove(&key(2, "b")));
        assert_eq!(set, PointSet::new());
        assert_eq!(std::mem::size_of::<PointSet>(), 24);
    }

    #[test]
    fn a_range_of_a_set_of_one_keeps_its_key_only_inside_the_bounds() {
        let set: PointSet = [key(5, "e")].into_iter().collect();
        assert_eq!(arns(set.range(key(5, "")..)), ["e"]);
        assert_eq!(arns(set.range(..key(5, "e")).rev()), Vec::<String>::new());
        assert_eq!(arns(set.range(..=key(5, "e")).rev()), ["e"]);
        assert_eq!(arns(set.range(key(6, "")..)), Vec::<String>::new());
    }
}
