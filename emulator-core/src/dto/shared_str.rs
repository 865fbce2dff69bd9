//! [`SharedStr`]: an immutable string that records share instead of copying.

use std::borrow::Borrow;
use std::collections::HashSet;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An immutable string whose clones share one allocation: for values that many records repeat
/// (a vault's ARN in each of its jobs and recovery points, a role ARN in a job and its point).
/// A clone costs a reference count, not a copy; 16 bytes inline where a `String` takes 24.
///
/// It reads as a `str` (it dereferences to one), compares with `str` and `String`, and is
/// serialized as a plain string, so a record's stored form does not change when a `String`
/// member becomes a `SharedStr`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct SharedStr(Arc<str>);

impl SharedStr {
    /// The string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for SharedStr {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for SharedStr {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for SharedStr {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for SharedStr {
    fn from(value: &str) -> Self {
        Self(Arc::from(value))
    }
}

impl From<String> for SharedStr {
    fn from(value: String) -> Self {
        Self(Arc::from(value))
    }
}

impl From<&String> for SharedStr {
    fn from(value: &String) -> Self {
        Self(Arc::from(value.as_str()))
    }
}

/// The shared allocation itself, for indexes keyed by `Arc<str>` that share it too.
impl From<&SharedStr> for Arc<str> {
    fn from(value: &SharedStr) -> Self {
        value.0.clone()
    }
}

impl From<SharedStr> for String {
    fn from(value: SharedStr) -> Self {
        value.0.to_string()
    }
}

impl From<&SharedStr> for String {
    fn from(value: &SharedStr) -> Self {
        value.0.to_string()
    }
}

impl PartialEq<str> for SharedStr {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for SharedStr {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for SharedStr {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<SharedStr> for String {
    fn eq(&self, other: &SharedStr) -> bool {
        **self == *other.0
    }
}

impl PartialEq<SharedStr> for &str {
    fn eq(&self, other: &SharedStr) -> bool {
        **self == *other.0
    }
}

impl fmt::Debug for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl Serialize for SharedStr {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for SharedStr {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Borrowed when the input allows it: one allocation, the shared one.
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        Ok(Self(Arc::from(text.as_ref())))
    }
}

/// One [`SharedStr`] per distinct value, for values many records repeat though each arrives in
/// its own request (a role ARN in every job a caller starts). Values no record holds any more
/// are dropped as the set grows, so it never holds more than twice what records still share.
#[derive(Debug, Default)]
pub struct Interner {
    values: HashSet<SharedStr>,
    /// The size at which values no record holds are next dropped.
    purge_at: usize,
}

/// A cache, not state: every interner equals every other, so records that hold one compare by
/// their records alone.
impl PartialEq for Interner {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Interner {
    /// The shared copy of `value`, made on first use.
    pub fn intern(&mut self, value: &str) -> SharedStr {
        if let Some(shared) = self.values.get(value) {
            return shared.clone();
        }
        if self.values.len() >= self.purge_at {
            self.values
                .retain(|shared| Arc::strong_count(&shared.0) > 1);
            self.purge_at = (self.values.len() * 2).max(64);
        }
        let shared = SharedStr::from(value);
        self.values.insert(shared.clone());
        shared
    }

    /// How many values it holds.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_one_allocation_and_read_as_the_string() {
        let role = SharedStr::from("arn:aws:iam::111122223333:role/backup");
        let copy = role.clone();
        assert!(std::ptr::eq(role.as_str(), copy.as_str()));
        assert_eq!(copy, "arn:aws:iam::111122223333:role/backup");
        assert_eq!(copy.len(), 37);
        assert!(copy.starts_with("arn:aws:iam::"));
        assert_eq!(String::from(copy.clone()), copy.to_string());
        assert_eq!(
            format!("{copy:?}"),
            "\"arn:aws:iam::111122223333:role/backup\""
        );
    }

    #[test]
    fn an_interner_hands_out_one_allocation_per_value_and_forgets_unheld_ones() {
        let mut strings = Interner::default();
        let first = strings.intern("arn:aws:iam::1:role/a");
        let again = strings.intern("arn:aws:iam::1:role/a");
        assert!(std::ptr::eq(first.as_str(), again.as_str()));
        assert_eq!(strings.len(), 1);
        drop((first, again));
        let kept = strings.intern("kept");
        for i in 0..1_000 {
            strings.intern(&format!("passing-{i}"));
        }
        // Unheld values are dropped as it grows; a held one keeps its allocation.
        assert!(strings.len() <= 128, "{}", strings.len());
        assert!(std::ptr::eq(strings.intern("kept").as_str(), kept.as_str()));
    }

    #[test]
    fn it_is_stored_as_a_plain_string() {
        let value = SharedStr::from(String::from("vault \"a\""));
        let json = serde_json::to_string(&value).unwrap();
        assert_eq!(json, serde_json::to_string("vault \"a\"").unwrap());
        let back: SharedStr = serde_json::from_str(&json).unwrap();
        assert_eq!(back, value);
        let plain: String = serde_json::from_str(&json).unwrap();
        assert_eq!(plain, "vault \"a\"");
    }
}
