//! The [`PageToken`]: an opaque, integrity-checked, scope-bound cursor.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use crate::checksum::{fnv1a_32, fnv1a_64};
use crate::error::PaginationError;
use crate::order::Order;
use crate::sort_key::SortKey;

/// Bumped whenever the payload layout changes, so old tokens are rejected
/// instead of misread.
const VERSION: u8 = 1;
const FINGERPRINT_LEN: usize = 8;
const CHECKSUM_LEN: usize = 4;

/// The cursor of a listing: the sort key of the last item returned, bound
/// to the listing's scope and order.
///
/// On the wire it is base64url without padding of
/// `version (1) | fingerprint (8) | key bytes | checksum (4)`, where the
/// fingerprint is FNV-1a-64 of the order and scope and the checksum is
/// FNV-1a-32 of everything before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageToken<K> {
    fingerprint: u64,
    key: K,
}

impl<K: SortKey> PageToken<K> {
    /// A token resuming after `key` in the listing identified by `scope`
    /// walked in `order`. `scope` should name the operation and every
    /// argument that changes which items are listed.
    pub fn new(scope: &str, order: Order, key: K) -> Self {
        PageToken {
            fingerprint: fingerprint(scope, order),
            key,
        }
    }

    /// The sort key of the last item returned.
    pub fn key(&self) -> &K {
        &self.key
    }

    /// Consumes the token, returning its key.
    pub fn into_key(self) -> K {
        self.key
    }

    /// The opaque string handed to clients.
    pub fn encode(&self) -> String {
        encode(self.fingerprint, &self.key)
    }

    /// Parses a token a client sent back, checking its integrity and that
    /// it belongs to the listing identified by `scope` and `order`.
    pub fn decode(token: &str, scope: &str, order: Order) -> Result<Self, PaginationError> {
        let bytes = URL_SAFE_NO_PAD
            .decode(token)
            .map_err(|_| PaginationError::InvalidToken)?;
        let (body, checksum) = bytes
            .split_last_chunk::<CHECKSUM_LEN>()
            .ok_or(PaginationError::InvalidToken)?;
        if fnv1a_32(body) != u32::from_be_bytes(*checksum) {
            return Err(PaginationError::InvalidToken);
        }
        let (&version, rest) = body.split_first().ok_or(PaginationError::InvalidToken)?;
        if version != VERSION {
            return Err(PaginationError::InvalidToken);
        }
        let (stored, key) = rest
            .split_first_chunk::<FINGERPRINT_LEN>()
            .ok_or(PaginationError::InvalidToken)?;
        let expected = fingerprint(scope, order);
        if u64::from_be_bytes(*stored) != expected {
            return Err(PaginationError::TokenScopeMismatch);
        }
        let key = K::from_bytes(key).ok_or(PaginationError::InvalidToken)?;
        Ok(PageToken {
            fingerprint: expected,
            key,
        })
    }
}

/// Encodes a token without taking ownership of the key, for page assembly.
pub(crate) fn encode_token<K: SortKey>(scope: &str, order: Order, key: &K) -> String {
    encode(fingerprint(scope, order), key)
}

fn encode<K: SortKey>(fingerprint: u64, key: &K) -> String {
    let key = key.to_bytes();
    let mut payload = Vec::with_capacity(1 + FINGERPRINT_LEN + key.len() + CHECKSUM_LEN);
    payload.push(VERSION);
    payload.extend_from_slice(&fingerprint.to_be_bytes());
    payload.extend_from_slice(&key);
    let checksum = fnv1a_32(&payload);
    payload.extend_from_slice(&checksum.to_be_bytes());
    URL_SAFE_NO_PAD.encode(payload)
}

fn fingerprint(scope: &str, order: Order) -> u64 {
    fnv1a_64(&[&[order.tag()], scope.as_bytes()])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(key: &str) -> String {
        PageToken::new("scope", Order::Ascending, key.to_owned()).encode()
    }

    fn decode(text: &str) -> Result<PageToken<String>, PaginationError> {
        PageToken::decode(text, "scope", Order::Ascending)
    }

    #[test]
    fn round_trips_the_key() {
        for key in ["", "vault-1", "東京/üñï:code"] {
            assert_eq!(decode(&token(key)).unwrap().key(), key);
        }
    }

    #[test]
    fn is_url_safe_without_padding() {
        for key in ["", "a", "ab", "abc", "\u{ff}\u{fe}???>>>"] {
            let text = token(key);
            assert!(text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        }
    }

    #[test]
    fn encode_token_matches_page_token_encode() {
        let key = (5_i64, "x".to_owned());
        assert_eq!(
            encode_token("s", Order::Descending, &key),
            PageToken::new("s", Order::Descending, key).encode()
        );
    }

    #[test]
    fn garbage_is_invalid() {
        for text in [
            "",
            "!",
            "====",
            "not a token",
            "AAAA",
            "AAAAAAAAAAAAAAAAAAAA",
            "🦀",
        ] {
            assert_eq!(decode(text), Err(PaginationError::InvalidToken), "{text:?}");
        }
    }

    #[test]
    fn every_single_character_change_is_detected() {
        let original = token("backup-vault-0042");
        let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (i, current) in original.char_indices() {
            for replacement in alphabet.chars().filter(|&c| c != current) {
                let mut tampered = original.clone();
                tampered.replace_range(i..i + 1, replacement.encode_utf8(&mut [0; 4]));
                assert!(decode(&tampered).is_err(), "{tampered} accepted");
            }
        }
    }

    #[test]
    fn truncation_and_extension_are_detected() {
        let original = token("vault");
        for end in 0..original.len() {
            assert!(decode(&original[..end]).is_err());
        }
        assert!(decode(&format!("{original}A")).is_err());
        assert!(decode(&format!("{original}AAAA")).is_err());
    }

    #[test]
    fn other_version_is_invalid() {
        let mut payload = vec![VERSION + 1];
        payload.extend_from_slice(&fingerprint("scope", Order::Ascending).to_be_bytes());
        payload.extend_from_slice(b"k");
        let checksum = fnv1a_32(&payload);
        payload.extend_from_slice(&checksum.to_be_bytes());
        assert_eq!(
            decode(&URL_SAFE_NO_PAD.encode(payload)),
            Err(PaginationError::InvalidToken)
        );
    }

    #[test]
    fn key_bytes_that_do_not_decode_are_invalid() {
        let text = PageToken::new("scope", Order::Ascending, vec![0xffu8, 0xfe]).encode();
        assert_eq!(decode(&text), Err(PaginationError::InvalidToken));
    }

    #[test]
    fn scope_and_order_are_enforced() {
        let text = token("k");
        assert_eq!(
            PageToken::<String>::decode(&text, "other", Order::Ascending),
            Err(PaginationError::TokenScopeMismatch)
        );
        assert_eq!(
            PageToken::<String>::decode(&text, "scope", Order::Descending),
            Err(PaginationError::TokenScopeMismatch)
        );
    }
}
