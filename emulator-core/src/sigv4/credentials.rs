//! The access keys a strict gateway accepts (`FLOCI_AUTH_CREDENTIALS`).

use std::collections::BTreeMap;
use std::fmt;

/// One configured access key: its secret and, optionally, the account it acts in.
#[derive(Clone, PartialEq, Eq)]
pub struct Credential {
    /// The secret access key signatures are computed with.
    pub secret_access_key: String,
    /// The account requests signed with this key act in; `None` keeps the usual rule (a
    /// 12-digit access key id is the account, else `FLOCI_DEFAULT_ACCOUNT_ID`).
    pub account_id: Option<String>,
}

/// Secrets never reach logs or `/_floci/info`.
impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credential")
            .field("secret_access_key", &"<redacted>")
            .field("account_id", &self.account_id)
            .finish()
    }
}

/// Access key id → credential.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CredentialSet {
    keys: BTreeMap<String, Credential>,
}

impl CredentialSet {
    /// Parses `AKID:SECRET[:ACCOUNT],AKID2:SECRET2,...` (whitespace around entries ignored).
    /// Secret access keys never contain `:` (they are base64 text).
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut keys = BTreeMap::new();
        for entry in text.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let parts: Vec<&str> = entry.split(':').map(str::trim).collect();
            let (akid, secret, account) = match parts.as_slice() {
                [akid, secret] => (*akid, *secret, None),
                [akid, secret, account] => (*akid, *secret, Some(*account)),
                _ => return Err(format!("entry {:?} is not AKID:SECRET", redact(entry))),
            };
            if akid.is_empty() || secret.is_empty() {
                return Err(format!(
                    "entry {:?} has an empty access key id or secret",
                    redact(entry)
                ));
            }
            if let Some(account) = account {
                if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(format!(
                        "the account of {akid:?} must be 12 digits, not {account:?}"
                    ));
                }
            }
            if keys
                .insert(
                    akid.to_owned(),
                    Credential {
                        secret_access_key: secret.to_owned(),
                        account_id: account.map(str::to_owned),
                    },
                )
                .is_some()
            {
                return Err(format!("access key id {akid:?} is listed twice"));
            }
        }
        Ok(Self { keys })
    }

    /// The credential of an access key id.
    pub fn get(&self, access_key_id: &str) -> Option<&Credential> {
        self.keys.get(access_key_id)
    }

    /// Whether no key is configured.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// How many keys are configured.
    pub fn len(&self) -> usize {
        self.keys.len()
    }
}

/// Where strict mode finds the secret of an access key: the configured keys, and the temporary
/// credentials services issued ([`crate::credentials::CredentialRegistry`]).
pub trait KeyLookup {
    /// The credential of an access key id, if known.
    fn credential(&self, access_key_id: &str) -> Option<Credential>;
}

impl KeyLookup for CredentialSet {
    fn credential(&self, access_key_id: &str) -> Option<Credential> {
        self.get(access_key_id).cloned()
    }
}

/// An entry for an error message: the access key id only.
fn redact(entry: &str) -> String {
    match entry.split_once(':') {
        Some((akid, _)) => format!("{akid}:<redacted>"),
        None => entry.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_pairs_and_optional_accounts() {
        let set = CredentialSet::parse("AKID:s3cr/et+, 123456789012:x:210987654321,").unwrap();
        assert_eq!(set.len(), 2);
        assert_eq!(set.get("AKID").unwrap().secret_access_key, "s3cr/et+");
        assert_eq!(set.get("AKID").unwrap().account_id, None);
        assert_eq!(
            set.get("123456789012").unwrap().account_id.as_deref(),
            Some("210987654321")
        );
        assert!(CredentialSet::parse("").unwrap().is_empty());
    }

    #[test]
    fn rejects_malformed_entries_without_echoing_secrets() {
        for text in [
            "AKID",
            "AKID:",
            ":secret",
            "A:B:C:D",
            "A:topsecret:1",
            "A:x,A:y",
        ] {
            let err = CredentialSet::parse(text).unwrap_err();
            assert!(!err.contains("topsecret"), "{err}");
        }
    }
}
