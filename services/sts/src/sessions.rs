//! The record of one issued session: the temporary credential the gateway checks, and what the
//! caller asked for (role, session name, external id, tags, session policy), kept with it.

use std::collections::BTreeMap;

use emulator_core::TemporaryCredential;
use serde::{Deserialize, Serialize};

/// How a session was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SessionKind {
    /// `AssumeRole`.
    AssumedRole,
    /// `AssumeRoleWithWebIdentity`.
    WebIdentity,
    /// `AssumeRoleWithSAML`.
    Saml,
    /// `GetSessionToken`.
    SessionToken,
    /// `GetFederationToken`.
    FederationToken,
}

impl SessionKind {
    /// Whether the session is a role session (role chaining limits apply to it).
    pub fn is_role(self) -> bool {
        matches!(self, Self::AssumedRole | Self::WebIdentity | Self::Saml)
    }
}

/// One issued session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// What the gateway checks for every request signed with it.
    pub credential: TemporaryCredential,
    /// How it was obtained.
    pub kind: SessionKind,
    /// The assumed role's ARN (role sessions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    /// `RoleSessionName`, or the federated user's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_name: Option<String>,
    /// `ExternalId` as the caller passed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// `SourceIdentity`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_identity: Option<String>,
    /// Session tags.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    /// Keys of the tags that pass on to chained sessions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transitive_tag_keys: Vec<String>,
    /// The inline session policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    /// ARNs of managed session policies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policy_arns: Vec<String>,
}

impl Session {
    /// The session as the admin listing shows it: everything but the secret and the token.
    pub fn describe(&self) -> serde_json::Value {
        serde_json::json!({
            "accessKeyId": self.credential.access_key_id,
            "account": self.credential.account_id,
            "arn": self.credential.principal_arn,
            "userId": self.credential.user_id,
            "expiration": self.credential.expiration.to_string(),
            "kind": self.kind,
            "roleArn": self.role_arn,
            "sessionName": self.session_name,
            "externalId": self.external_id,
            "sourceIdentity": self.source_identity,
            "tags": self.tags,
            "transitiveTagKeys": self.transitive_tag_keys,
            "policy": self.policy,
            "policyArns": self.policy_arns,
        })
    }
}
