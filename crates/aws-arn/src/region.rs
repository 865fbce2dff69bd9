//! The AWS region name.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::charset::is_lowercase_label;
use crate::error::{ArnComponent, ArnError};
use crate::partition::partition_for_region;

/// A region name such as `us-east-1`: non-empty, made of ASCII lowercase
/// letters, digits and `-`.
///
/// Only the shape is checked, not membership in a list of known regions,
/// so new regions work without a code change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Region(String);

impl Region {
    /// Parses a region name.
    pub fn parse(value: &str) -> Result<Self, ArnError> {
        if value.is_empty() {
            Err(ArnError::Empty(ArnComponent::Region))
        } else if is_lowercase_label(value) {
            Ok(Region(value.to_owned()))
        } else {
            Err(ArnError::Invalid {
                component: ArnComponent::Region,
                value: value.to_owned(),
            })
        }
    }

    /// The region name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The partition containing this region, see [`partition_for_region`].
    pub fn partition(&self) -> &'static str {
        partition_for_region(&self.0)
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Region {
    type Err = ArnError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Region::parse(s)
    }
}

impl AsRef<str> for Region {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Serialize for Region {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Region {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Region::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_real_region_names() {
        for name in [
            "us-east-1",
            "eu-central-2",
            "cn-north-1",
            "us-gov-west-1",
            "il-central-1",
        ] {
            assert_eq!(Region::parse(name).unwrap().as_str(), name);
        }
    }

    #[test]
    fn empty_region_is_its_own_error() {
        assert_eq!(
            Region::parse("").unwrap_err(),
            ArnError::Empty(ArnComponent::Region)
        );
    }

    #[test]
    fn rejects_uppercase_spaces_and_symbols() {
        for bad in [
            "US-EAST-1",
            "us east 1",
            "us_east_1",
            "us-east-1:",
            "ü-east-1",
        ] {
            assert_eq!(
                Region::parse(bad).unwrap_err(),
                ArnError::Invalid {
                    component: ArnComponent::Region,
                    value: bad.to_owned()
                }
            );
        }
    }

    #[test]
    fn knows_its_partition() {
        assert_eq!(
            Region::parse("cn-northwest-1").unwrap().partition(),
            "aws-cn"
        );
        assert_eq!(Region::parse("us-west-2").unwrap().partition(), "aws");
    }

    #[test]
    fn serde_round_trips_and_validates() {
        let region: Region = serde_json::from_str("\"ap-south-1\"").unwrap();
        assert_eq!(region.as_str(), "ap-south-1");
        assert_eq!(serde_json::to_string(&region).unwrap(), "\"ap-south-1\"");
        assert!(serde_json::from_str::<Region>("\"\"").is_err());
        assert!(serde_json::from_str::<Region>("\"Bad\"").is_err());
    }
}
