//! The JSON shape of a policy document (IAM JSON policy element reference).

use std::collections::BTreeMap;

use serde::Deserialize;

/// A policy document: `Version`, `Id` and one statement or a list of them.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PolicyDocument {
    /// `Version` (`2012-10-17` or `2008-10-17`).
    #[serde(rename = "Version", default)]
    pub version: Option<String>,
    /// `Id`.
    #[serde(rename = "Id", default)]
    pub id: Option<String>,
    /// `Statement`.
    #[serde(rename = "Statement")]
    pub statement: OneOrMany<Statement>,
}

impl PolicyDocument {
    /// Reads a policy document; the error says what is wrong with the JSON or its shape.
    pub fn parse(json: &str) -> Result<Self, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    /// The statements, one or many.
    pub fn statements(&self) -> &[Statement] {
        self.statement.as_slice()
    }
}

/// One statement. Exactly one of each pair (`Principal`/`NotPrincipal`, `Action`/`NotAction`,
/// `Resource`/`NotResource`) is expected; a statement with neither of a pair never applies.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Statement {
    /// `Sid`.
    #[serde(rename = "Sid", default)]
    pub sid: Option<String>,
    /// `Effect`.
    #[serde(rename = "Effect")]
    pub effect: Effect,
    /// `Principal`.
    #[serde(rename = "Principal", default)]
    pub principal: Option<Principal>,
    /// `NotPrincipal`.
    #[serde(rename = "NotPrincipal", default)]
    pub not_principal: Option<Principal>,
    /// `Action`.
    #[serde(rename = "Action", default)]
    pub action: Option<OneOrMany<String>>,
    /// `NotAction`.
    #[serde(rename = "NotAction", default)]
    pub not_action: Option<OneOrMany<String>>,
    /// `Resource`.
    #[serde(rename = "Resource", default)]
    pub resource: Option<OneOrMany<String>>,
    /// `NotResource`.
    #[serde(rename = "NotResource", default)]
    pub not_resource: Option<OneOrMany<String>>,
    /// `Condition`: kept to know that there is one (it is not evaluated).
    #[serde(rename = "Condition", default)]
    pub condition: Option<serde_json::Value>,
}

/// `Effect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Effect {
    /// `Allow`.
    Allow,
    /// `Deny`.
    Deny,
}

/// `Principal`: `"*"` or a map of principal types (`AWS`, `Service`, `Federated`,
/// `CanonicalUser`) to one or many identifiers.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Principal {
    /// `"*"`: everyone (any other string is kept and matches nobody).
    Any(String),
    /// `{"AWS": …, "Service": …}`.
    Typed(BTreeMap<String, OneOrMany<String>>),
}

/// A JSON value that is one item or an array of them, as most policy elements are.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany<T> {
    /// One item.
    One(T),
    /// An array.
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    /// The items as a slice.
    pub fn as_slice(&self) -> &[T] {
        match self {
            Self::One(item) => std::slice::from_ref(item),
            Self::Many(items) => items,
        }
    }
}
