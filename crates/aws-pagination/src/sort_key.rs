//! The [`SortKey`] trait: how a listing's sort key travels inside a token.

/// A sort key that can be stored in a page token and recovered from it.
///
/// The only law is the round trip `from_bytes(&k.to_bytes()) == Some(k)`;
/// ordering always comes from the key's own `Ord`, never from the bytes.
/// `from_bytes` must return `None`, not panic, on bytes it did not produce.
///
/// Implemented for `String`, `Vec<u8>`, the fixed-width integers, and
/// pairs and triples of sort keys, so composite keys such as
/// `(creation_time, id)` work directly.
pub trait SortKey: Sized {
    /// Encodes the key.
    fn to_bytes(&self) -> Vec<u8>;
    /// Decodes a key produced by [`SortKey::to_bytes`].
    fn from_bytes(bytes: &[u8]) -> Option<Self>;
}

impl SortKey for String {
    fn to_bytes(&self) -> Vec<u8> {
        self.as_bytes().to_vec()
    }

    fn from_bytes(bytes: &[u8]) -> Option<Self> {
        String::from_utf8(bytes.to_vec()).ok()
    }
}

impl SortKey for Vec<u8> {
    fn to_bytes(&self) -> Vec<u8> {
        self.clone()
    }

    fn from_bytes(bytes: &[u8]) -> Option<Self> {
        Some(bytes.to_vec())
    }
}

macro_rules! unsigned_sort_key {
    ($($t:ty),*) => {$(
        impl SortKey for $t {
            fn to_bytes(&self) -> Vec<u8> {
                self.to_be_bytes().to_vec()
            }

            fn from_bytes(bytes: &[u8]) -> Option<Self> {
                Some(<$t>::from_be_bytes(bytes.try_into().ok()?))
            }
        }
    )*};
}

// Flipping the sign bit makes the big-endian bytes sort like the numbers,
// which keeps composite keys with a leading integer byte-ordered as well.
macro_rules! signed_sort_key {
    ($($t:ty => $u:ty),*) => {$(
        impl SortKey for $t {
            fn to_bytes(&self) -> Vec<u8> {
                ((*self as $u) ^ (1 << (<$u>::BITS - 1))).to_be_bytes().to_vec()
            }

            fn from_bytes(bytes: &[u8]) -> Option<Self> {
                let raw = <$u>::from_be_bytes(bytes.try_into().ok()?);
                Some((raw ^ (1 << (<$u>::BITS - 1))) as $t)
            }
        }
    )*};
}

unsigned_sort_key!(u32, u64, u128);
signed_sort_key!(i32 => u32, i64 => u64, i128 => u128);

/// Prefixes `bytes` with its length so the next field can be found again.
fn push_field(out: &mut Vec<u8>, bytes: &[u8]) -> Option<()> {
    let len = u32::try_from(bytes.len()).ok()?;
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(bytes);
    Some(())
}

/// Splits one length-prefixed field off the front of `bytes`.
fn take_field(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let (len, rest) = bytes.split_first_chunk::<4>()?;
    let len = usize::try_from(u32::from_be_bytes(*len)).ok()?;
    (len <= rest.len()).then(|| rest.split_at(len))
}

impl<A: SortKey, B: SortKey> SortKey for (A, B) {
    fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        // A field over 4 GiB cannot be length-prefixed; such a key is not
        // a realistic sort key, and an empty encoding simply fails to
        // decode later rather than panicking now.
        if push_field(&mut out, &self.0.to_bytes()).is_none() {
            return Vec::new();
        }
        out.extend_from_slice(&self.1.to_bytes());
        out
    }

    fn from_bytes(bytes: &[u8]) -> Option<Self> {
        let (a, b) = take_field(bytes)?;
        Some((A::from_bytes(a)?, B::from_bytes(b)?))
    }
}

impl<A: SortKey, B: SortKey, C: SortKey> SortKey for (A, B, C) {
    fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        if push_field(&mut out, &self.0.to_bytes()).is_none()
            || push_field(&mut out, &self.1.to_bytes()).is_none()
        {
            return Vec::new();
        }
        out.extend_from_slice(&self.2.to_bytes());
        out
    }

    fn from_bytes(bytes: &[u8]) -> Option<Self> {
        let (a, rest) = take_field(bytes)?;
        let (b, c) = take_field(rest)?;
        Some((A::from_bytes(a)?, B::from_bytes(b)?, C::from_bytes(c)?))
    }
}

#[cfg(test)]
mod tests {
    use super::SortKey;

    fn round_trip<K: SortKey + PartialEq + std::fmt::Debug>(key: K) {
        assert_eq!(K::from_bytes(&key.to_bytes()), Some(key));
    }

    #[test]
    fn scalars_round_trip() {
        round_trip(String::new());
        round_trip("vault-東京".to_owned());
        round_trip(vec![0u8, 255, 7]);
        for n in [i64::MIN, -1, 0, 1, i64::MAX] {
            round_trip(n);
        }
        for n in [0u64, 1, u64::MAX] {
            round_trip(n);
        }
        round_trip(i32::MIN);
        round_trip(u32::MAX);
        round_trip(i128::MIN);
        round_trip(u128::MAX);
    }

    #[test]
    fn composites_round_trip() {
        round_trip((1_700_000_000_i64, "rp-1".to_owned()));
        round_trip((u64::MAX, String::new()));
        round_trip((String::from("a:b"), String::from("c")));
        round_trip((-5_i64, "x".to_owned(), 9_u32));
    }

    #[test]
    fn signed_encoding_preserves_numeric_order() {
        let values = [i64::MIN, -2, -1, 0, 1, 2, i64::MAX];
        let encoded: Vec<Vec<u8>> = values.iter().map(SortKey::to_bytes).collect();
        assert!(encoded.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn composite_with_leading_integer_preserves_order() {
        let keys = [
            (-1_i64, "z".to_owned()),
            (0, "a".to_owned()),
            (0, "b".to_owned()),
            (7, String::new()),
        ];
        let encoded: Vec<Vec<u8>> = keys.iter().map(SortKey::to_bytes).collect();
        assert!(encoded.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn bad_bytes_are_rejected_not_panicking() {
        assert_eq!(String::from_bytes(&[0xff, 0xfe]), None);
        assert_eq!(u64::from_bytes(&[1, 2, 3]), None);
        assert_eq!(i64::from_bytes(&[0; 9]), None);
        assert_eq!(<(i64, String)>::from_bytes(&[]), None);
        assert_eq!(<(i64, String)>::from_bytes(&[0, 0, 0]), None);
        assert_eq!(
            <(i64, String)>::from_bytes(&[0xff, 0xff, 0xff, 0xff, 1]),
            None
        );
        assert_eq!(<(i64, String)>::from_bytes(&[0, 0, 0, 3, 1, 2, 3]), None);
        assert_eq!(<(String, String, String)>::from_bytes(&[0, 0, 0, 0]), None);
    }
}
