//! [`ResourceType`]: a record's `ResourceType`, held as which of the known types it is.

use std::fmt;
use std::ops::Deref;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::support::appliances;
use crate::support::resource_types::CATALOGUE;

/// `ResourceType` of a recovery point or a backup job: one of the types Backup protects
/// ([`CATALOGUE`]) or a backup appliance's resource target type, the only types a job can be
/// started for. Held as its index in that list, 1 byte where a shared string took 16 in each
/// record (issue 20); shown, sent and stored as its name.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ResourceType(u8);

impl ResourceType {
    /// The type named `name` (exact, case-sensitive), if it is a known one.
    pub fn new(name: &str) -> Option<Self> {
        names()
            .position(|known| known == name)
            .and_then(|index| u8::try_from(index).ok())
            .map(Self)
    }

    /// Its name, as the API spells it.
    pub fn as_str(self) -> &'static str {
        let index = usize::from(self.0);
        match CATALOGUE.get(index) {
            Some(info) => info.name,
            None => appliances::target_type_names()
                .nth(index - CATALOGUE.len())
                .expect("a ResourceType is made only from a known name"),
        }
    }
}

/// Every known type's name: the catalogue's, then the appliances' target types.
fn names() -> impl Iterator<Item = &'static str> {
    CATALOGUE
        .iter()
        .map(|info| info.name)
        .chain(appliances::target_type_names())
}

/// A name that is no known resource type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownResourceType;

impl FromStr for ResourceType {
    type Err = UnknownResourceType;

    fn from_str(name: &str) -> Result<Self, UnknownResourceType> {
        Self::new(name).ok_or(UnknownResourceType)
    }
}

impl Deref for ResourceType {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for ResourceType {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<str> for ResourceType {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for ResourceType {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for ResourceType {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<ResourceType> for String {
    fn eq(&self, other: &ResourceType) -> bool {
        self == other.as_str()
    }
}

impl fmt::Display for ResourceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for ResourceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl Serialize for ResourceType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A stored record naming a type no job can be started for is damaged state, refused as such.
impl<'de> Deserialize<'de> for ResourceType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        Self::new(&name)
            .ok_or_else(|| serde::de::Error::custom(format_args!("unknown resource type {name:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_type_reads_back_as_its_name_and_others_are_refused() {
        let known: Vec<&str> = names().collect();
        assert!(known.len() <= usize::from(u8::MAX) + 1);
        for name in known {
            let resource_type = ResourceType::new(name).unwrap();
            assert_eq!(resource_type.as_str(), name);
            let stored = serde_json::to_string(&resource_type).unwrap();
            assert_eq!(stored, serde_json::to_string(name).unwrap());
            assert_eq!(
                serde_json::from_str::<ResourceType>(&stored).unwrap(),
                resource_type
            );
        }
        assert!(ResourceType::new("VMWARE_VM").is_some());
        assert!(ResourceType::new("ebs").is_none());
        assert!(serde_json::from_str::<ResourceType>("\"Lambda\"").is_err());
        assert_eq!(std::mem::size_of::<ResourceType>(), 1);
    }
}
