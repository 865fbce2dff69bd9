//! Temporary credentials that services issue (STS's `AssumeRole`, `GetSessionToken`, …) and
//! the one rule that maps an access key to the account its requests act in.
//!
//! The gateway never names the service that issues credentials: any service may fill the
//! [`CredentialRegistry`] it receives in its settings, and the gateway reads it for every signed
//! request. A temporary key acts in the account it was issued for, expires on the gateway's
//! clock (`ExpiredToken`), and in strict mode verifies with its own secret and session token.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, PoisonError, RwLock, RwLockWriteGuard};

use serde::{Deserialize, Serialize};

use crate::dto::Timestamp;
use crate::sigv4::{Credential, KeyLookup};
use crate::Config;

/// One issued set of temporary credentials.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct TemporaryCredential {
    /// The access key id (`ASIA…`).
    pub access_key_id: String,
    /// The secret access key signatures are computed with.
    pub secret_access_key: String,
    /// The session token callers send as `X-Amz-Security-Token`.
    pub session_token: String,
    /// The account requests signed with the key act in (the assumed role's account).
    pub account_id: String,
    /// When the credentials stop working, on the gateway's clock.
    pub expiration: Timestamp,
    /// The principal the key acts as (`arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`).
    pub principal_arn: String,
    /// The principal's unique id, as `aws:userid` (`AROA…:SESSION`).
    pub user_id: String,
    /// The configuration name of the service that issued the credentials (for its own
    /// persistence and reset).
    pub issuer: String,
}

/// Secrets never reach logs.
impl std::fmt::Debug for TemporaryCredential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TemporaryCredential")
            .field("access_key_id", &self.access_key_id)
            .field("account_id", &self.account_id)
            .field("expiration", &self.expiration)
            .field("principal_arn", &self.principal_arn)
            .field("issuer", &self.issuer)
            .finish_non_exhaustive()
    }
}

impl TemporaryCredential {
    /// Whether the credentials have expired at `now`.
    pub fn is_expired(&self, now: Timestamp) -> bool {
        now >= self.expiration
    }
}

/// Every temporary credential issued in this gateway, by access key id. Shared by all services
/// through [`crate::ServiceSettings::credentials`].
#[derive(Debug, Default)]
pub struct CredentialRegistry {
    keys: RwLock<HashMap<String, Arc<TemporaryCredential>>>,
    /// How many keys are registered, read without the lock: most gateways never issue any, and
    /// every signed request asks.
    count: AtomicUsize,
}

/// Keeps [`CredentialRegistry::count`] in step with the map when a change is done.
struct Writing<'a> {
    keys: RwLockWriteGuard<'a, HashMap<String, Arc<TemporaryCredential>>>,
    count: &'a AtomicUsize,
}

impl Drop for Writing<'_> {
    fn drop(&mut self) {
        self.count.store(self.keys.len(), Ordering::Release);
    }
}

impl CredentialRegistry {
    fn write(&self) -> Writing<'_> {
        Writing {
            keys: self.keys.write().unwrap_or_else(PoisonError::into_inner),
            count: &self.count,
        }
    }

    /// Registers `credential` (replacing one with the same access key id).
    pub fn insert(&self, credential: TemporaryCredential) {
        self.write()
            .keys
            .insert(credential.access_key_id.clone(), Arc::new(credential));
    }

    /// The temporary credential of an access key id, expired or not.
    pub fn get(&self, access_key_id: &str) -> Option<Arc<TemporaryCredential>> {
        if self.count.load(Ordering::Acquire) == 0 {
            return None;
        }
        self.keys
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(access_key_id)
            .cloned()
    }

    /// The credentials `issuer` issued for `account`, sorted by access key id.
    pub fn issued(&self, issuer: &str, account_id: &str) -> Vec<Arc<TemporaryCredential>> {
        let mut found: Vec<_> = self
            .keys
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .values()
            .filter(|c| c.issuer == issuer && c.account_id == account_id)
            .cloned()
            .collect();
        found.sort_by(|a, b| a.access_key_id.cmp(&b.access_key_id));
        found
    }

    /// Forgets every credential `issuer` issued for `account` (before loading them again).
    pub fn remove_issued(&self, issuer: &str, account_id: &str) {
        self.write()
            .keys
            .retain(|_, c| !(c.issuer == issuer && c.account_id == account_id));
    }

    /// Forgets every credential `issuer` issued.
    pub fn clear_issuer(&self, issuer: &str) {
        self.write().keys.retain(|_, c| c.issuer != issuer);
    }

    /// Forgets every credential.
    pub fn clear(&self) {
        self.keys
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    /// How many credentials are registered.
    pub fn len(&self) -> usize {
        self.keys
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    /// Whether none is registered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The account requests signed with `access_key_id` act in: a temporary credential's
    /// account, else the account configured for the key (`FLOCI_AUTH_CREDENTIALS`), else the
    /// key itself when it is 12 digits, else `FLOCI_DEFAULT_ACCOUNT_ID`.
    pub fn account_of(&self, access_key_id: &str, config: &Config) -> String {
        if let Some(temporary) = self.get(access_key_id) {
            return temporary.account_id.clone();
        }
        config
            .credentials
            .get(access_key_id)
            .and_then(|c| c.account_id.clone())
            .or_else(|| is_account_id(access_key_id).then(|| access_key_id.to_owned()))
            .unwrap_or_else(|| config.default_account_id.clone())
    }
}

/// Whether `text` is a 12-digit account id.
pub fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

/// Strict mode's secrets: temporary credentials first, then the configured keys.
pub(crate) struct Keys<'a> {
    /// The issued temporary credentials.
    pub temporary: &'a CredentialRegistry,
    /// `FLOCI_AUTH_CREDENTIALS`.
    pub configured: &'a crate::sigv4::CredentialSet,
}

impl KeyLookup for Keys<'_> {
    fn credential(&self, access_key_id: &str) -> Option<Credential> {
        match self.temporary.get(access_key_id) {
            Some(temporary) => Some(Credential {
                secret_access_key: temporary.secret_access_key.clone(),
                account_id: Some(temporary.account_id.clone()),
            }),
            None => self.configured.credential(access_key_id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issued(key: &str, account: &str, issuer: &str) -> TemporaryCredential {
        TemporaryCredential {
            access_key_id: key.to_owned(),
            secret_access_key: "s".to_owned(),
            session_token: "t".to_owned(),
            account_id: account.to_owned(),
            expiration: Timestamp::from_epoch_seconds(100.0),
            principal_arn: "arn".to_owned(),
            user_id: "id".to_owned(),
            issuer: issuer.to_owned(),
        }
    }

    #[test]
    fn maps_keys_to_accounts_as_the_gateway_does() {
        let config =
            Config::from_vars([("FLOCI_AUTH_CREDENTIALS", "AKID:x:210987654321")]).unwrap();
        let registry = CredentialRegistry::default();
        registry.insert(issued("ASIATEMP", "999988887777", "sts"));
        assert_eq!(registry.account_of("ASIATEMP", &config), "999988887777");
        assert_eq!(registry.account_of("AKID", &config), "210987654321");
        assert_eq!(registry.account_of("111122223333", &config), "111122223333");
        assert_eq!(registry.account_of("test", &config), "000000000000");
    }

    #[test]
    fn issuers_keep_and_clear_their_own() {
        let registry = CredentialRegistry::default();
        registry.insert(issued("A", "1", "sts"));
        registry.insert(issued("B", "2", "sts"));
        registry.insert(issued("C", "1", "other"));
        assert_eq!(registry.issued("sts", "1").len(), 1);
        registry.remove_issued("sts", "1");
        assert!(registry.get("A").is_none() && registry.get("C").is_some());
        registry.clear_issuer("sts");
        assert_eq!(registry.len(), 1);
        assert!(registry.get("A").is_none());
        assert!(issued("A", "1", "sts").is_expired(Timestamp::from_epoch_seconds(100.0)));
        assert!(!format!("{:?}", issued("A", "1", "sts")).contains("secret"));
    }
}
