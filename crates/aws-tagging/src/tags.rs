//! The [`Tags`] collection.

use std::collections::btree_map;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A set of tags, key to value, iterated in key order so that listings and
/// serialized output are deterministic.
///
/// Serializes as a JSON object (`{"key": "value"}`), the shape most AWS
/// JSON APIs use for tag maps.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Tags(BTreeMap<String, String>);

impl Tags {
    /// An empty tag set.
    pub fn new() -> Self {
        Tags(BTreeMap::new())
    }

    /// Sets `key` to `value`, returning the previous value if there was one.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<String>) -> Option<String> {
        self.0.insert(key.into(), value.into())
    }

    /// The value of `key`, if present.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }

    /// Whether `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.0.contains_key(key)
    }

    /// Removes `key`, returning its value if it was present.
    pub fn remove(&mut self, key: &str) -> Option<String> {
        self.0.remove(key)
    }

    /// Number of tags.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no tags.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Iterates `(key, value)` pairs in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Iterates keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// Read access to the underlying ordered map.
    pub fn as_map(&self) -> &BTreeMap<String, String> {
        &self.0
    }

    /// Consumes the tags, returning the underlying ordered map.
    pub fn into_map(self) -> BTreeMap<String, String> {
        self.0
    }
}

impl From<BTreeMap<String, String>> for Tags {
    fn from(map: BTreeMap<String, String>) -> Self {
        Tags(map)
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Tags {
    /// Later pairs overwrite earlier ones with the same key.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Tags(
            iter.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }
}

impl<K: Into<String>, V: Into<String>> Extend<(K, V)> for Tags {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        self.0
            .extend(iter.into_iter().map(|(k, v)| (k.into(), v.into())));
    }
}

impl IntoIterator for Tags {
    type Item = (String, String);
    type IntoIter = btree_map::IntoIter<String, String>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Tags {
    type Item = (&'a String, &'a String);
    type IntoIter = btree_map::Iter<'a, String, String>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iterates_in_key_order_regardless_of_insertion_order() {
        let tags = Tags::from_iter([("zeta", "1"), ("alpha", "2"), ("Mid", "3")]);
        assert_eq!(tags.keys().collect::<Vec<_>>(), ["Mid", "alpha", "zeta"]);
    }

    #[test]
    fn insert_overwrites_and_reports_previous_value() {
        let mut tags = Tags::new();
        assert_eq!(tags.insert("k", "a"), None);
        assert_eq!(tags.insert("k", "b"), Some("a".to_owned()));
        assert_eq!(tags.get("k"), Some("b"));
        assert_eq!(tags.len(), 1);
    }

    #[test]
    fn remove_and_emptiness() {
        let mut tags = Tags::from_iter([("k", "v")]);
        assert!(tags.contains_key("k"));
        assert_eq!(tags.remove("k"), Some("v".to_owned()));
        assert_eq!(tags.remove("k"), None);
        assert!(tags.is_empty());
    }

    #[test]
    fn serializes_as_a_json_object_in_key_order() {
        let tags = Tags::from_iter([("b", "2"), ("a", "")]);
        let json = serde_json::to_string(&tags).unwrap();
        assert_eq!(json, r#"{"a":"","b":"2"}"#);
        assert_eq!(serde_json::from_str::<Tags>(&json).unwrap(), tags);
    }

    #[test]
    fn empty_value_is_a_real_value() {
        let tags = Tags::from_iter([("k", "")]);
        assert_eq!(tags.get("k"), Some(""));
        assert_eq!(tags.get("missing"), None);
    }
}
