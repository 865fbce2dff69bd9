//! The order in which a model file lists each structure's members.
//!
//! `serde_json`'s maps are sorted, so a parsed model loses that order; XML answers need it
//! (awsQuery writes members in model order), so it is read again from the text with a visitor
//! that keeps keys as they come.

use std::collections::HashMap;
use std::fmt;

use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;

/// Keys of a JSON object in file order, values ignored.
struct Keys(Vec<String>);

impl<'de> Deserialize<'de> for Keys {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeysVisitor;
        impl<'de> Visitor<'de> for KeysVisitor {
            type Value = Keys;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Keys, A::Error> {
                let mut keys = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    map.next_value::<IgnoredAny>()?;
                    keys.push(key);
                }
                Ok(Keys(keys))
            }
        }
        deserializer.deserialize_map(KeysVisitor)
    }
}

#[derive(Deserialize)]
struct RawShape {
    #[serde(default)]
    members: Option<Keys>,
}

#[derive(Deserialize)]
struct RawModel {
    #[serde(default)]
    shapes: HashMap<String, RawShape>,
}

/// Shape name → its member names in the order the file lists them (structures only).
pub(crate) fn member_orders(json: &str) -> HashMap<String, Vec<String>> {
    serde_json::from_str::<RawModel>(json)
        .map(|model| {
            model
                .shapes
                .into_iter()
                .filter_map(|(name, shape)| Some((name, shape.members?.0)))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_the_file_order() {
        let orders = super::member_orders(
            r#"{"shapes": {"S": {"type": "structure", "members": {"Zed": {}, "Alpha": {}, "Mid": {}}},
                            "L": {"type": "list", "member": {"shape": "S"}}}}"#,
        );
        assert_eq!(orders["S"], ["Zed", "Alpha", "Mid"]);
        assert!(!orders.contains_key("L"));
    }
}
