//! The twelve-digit AWS account id.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{ArnComponent, ArnError};

/// An AWS account id: exactly 12 ASCII digits, leading zeros significant.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AccountId(String);

impl AccountId {
    /// Parses an account id, rejecting anything that is not exactly 12
    /// ASCII digits (no signs, spaces or dashes).
    pub fn parse(value: &str) -> Result<Self, ArnError> {
        if value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit()) {
            Ok(AccountId(value.to_owned()))
        } else {
            Err(ArnError::Invalid {
                component: ArnComponent::AccountId,
                value: value.to_owned(),
            })
        }
    }

    /// The account id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for AccountId {
    type Err = ArnError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        AccountId::parse(s)
    }
}

impl AsRef<str> for AccountId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Serialize for AccountId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for AccountId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        AccountId::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_twelve_digits_keeping_leading_zeros() {
        let id = AccountId::parse("000123456789").unwrap();
        assert_eq!(id.as_str(), "000123456789");
        assert_eq!(id.to_string(), "000123456789");
        assert_eq!(
            "123456789012".parse::<AccountId>().unwrap().as_ref(),
            "123456789012"
        );
    }

    #[test]
    fn rejects_wrong_lengths_and_non_digits() {
        for bad in [
            "",
            "12345678901",
            "1234567890123",
            "12345678901a",
            "+12345678901",
            " 12345678901",
            "1234-5678-90",
            "aws",
            "１２３４５６７８９０１２",
        ] {
            let err = AccountId::parse(bad).unwrap_err();
            assert_eq!(
                err,
                ArnError::Invalid {
                    component: ArnComponent::AccountId,
                    value: bad.to_owned()
                },
                "{bad:?} should be rejected"
            );
        }
    }

    #[test]
    fn serde_uses_plain_string_and_validates() {
        let id = AccountId::parse("123456789012").unwrap();
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, "\"123456789012\"");
        assert_eq!(serde_json::from_str::<AccountId>(&json).unwrap(), id);
        assert!(serde_json::from_str::<AccountId>("\"12\"").is_err());
        assert!(serde_json::from_str::<AccountId>("123456789012").is_err());
    }
}
