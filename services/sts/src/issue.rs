//! Issuing a session: fresh keys, an expiry on the gateway's clock, the record kept and the
//! credential registered with the gateway so that its requests act in `account_id`.

use emulator_core::dto::Timestamp;
use emulator_core::TemporaryCredential;

use crate::api::generated::{AssumedRoleUser, Credentials};
use crate::roles::RoleArn;
use crate::secrets;
use crate::session_policies::SessionExtras;
use crate::sessions::{Session, SessionKind};
use crate::store::{Store, ISSUER};

/// What a session is granted: who it acts as, where, for how long, and what the caller passed.
pub struct Grant {
    /// How it was obtained.
    pub kind: SessionKind,
    /// The account its requests act in.
    pub account_id: String,
    /// The principal it acts as.
    pub principal_arn: String,
    /// The principal's unique id.
    pub user_id: String,
    /// Its lifetime.
    pub duration_seconds: i64,
    /// The assumed role, for role sessions.
    pub role_arn: Option<String>,
    /// The session or federated user name.
    pub session_name: Option<String>,
    /// `ExternalId`.
    pub external_id: Option<String>,
    /// `SourceIdentity`.
    pub source_identity: Option<String>,
    /// Session policies and tags.
    pub extras: SessionExtras,
}

/// Issues the session `grant` describes at `now`, and answers its credentials.
pub fn issue(store: &Store, now: Timestamp, grant: Grant) -> Credentials {
    // AWS's expirations are whole seconds.
    let start = Timestamp::from_epoch_millis(now.epoch_millis() - now.epoch_millis() % 1000);
    let credential = TemporaryCredential {
        access_key_id: secrets::temporary_access_key_id(),
        secret_access_key: secrets::secret_access_key(),
        session_token: secrets::session_token(),
        account_id: grant.account_id,
        expiration: start.plus_seconds(grant.duration_seconds),
        principal_arn: grant.principal_arn,
        user_id: grant.user_id,
        issuer: ISSUER.to_owned(),
    };
    let credentials = Credentials {
        access_key_id: credential.access_key_id.clone(),
        expiration: credential.expiration,
        secret_access_key: credential.secret_access_key.clone(),
        session_token: credential.session_token.clone(),
    };
    store.insert(Session {
        credential,
        kind: grant.kind,
        role_arn: grant.role_arn,
        session_name: grant.session_name,
        external_id: grant.external_id,
        source_identity: grant.source_identity,
        tags: grant.extras.tags,
        transitive_tag_keys: grant.extras.transitive_tag_keys,
        policy: grant.extras.policy,
        policy_arns: grant.extras.policy_arns,
    });
    credentials
}

/// A role session's grant: it acts in the role's account as
/// `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`, whose unique id is `AROA…:SESSION`.
pub fn role_grant(
    kind: SessionKind,
    role: &RoleArn,
    session_name: &str,
    duration_seconds: i64,
    extras: SessionExtras,
) -> (Grant, AssumedRoleUser) {
    let user = AssumedRoleUser {
        arn: role.session_arn(session_name),
        assumed_role_id: format!("{}:{session_name}", secrets::role_id(&role.arn)),
    };
    let grant = Grant {
        kind,
        account_id: role.account_id.clone(),
        principal_arn: user.arn.clone(),
        user_id: user.assumed_role_id.clone(),
        duration_seconds,
        role_arn: Some(role.arn.clone()),
        session_name: Some(session_name.to_owned()),
        external_id: None,
        source_identity: None,
        extras,
    };
    (grant, user)
}
