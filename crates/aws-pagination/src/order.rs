//! Sort direction of a listing.

/// The direction a listing walks its keys in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Order {
    /// Smallest key first.
    #[default]
    Ascending,
    /// Largest key first, e.g. newest-first listings keyed by creation time.
    Descending,
}

impl Order {
    /// Whether `key` comes strictly after `cursor` when walking in this
    /// order, i.e. whether it belongs on a later page than `cursor`.
    pub(crate) fn is_after<K: Ord>(self, key: &K, cursor: &K) -> bool {
        match self {
            Order::Ascending => key > cursor,
            Order::Descending => key < cursor,
        }
    }

    /// A byte that distinguishes the orders inside a token's fingerprint.
    pub(crate) fn tag(self) -> u8 {
        match self {
            Order::Ascending => b'A',
            Order::Descending => b'D',
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Order;

    #[test]
    fn after_is_strict_and_direction_aware() {
        assert!(Order::Ascending.is_after(&2, &1));
        assert!(!Order::Ascending.is_after(&1, &1));
        assert!(!Order::Ascending.is_after(&0, &1));
        assert!(Order::Descending.is_after(&0, &1));
        assert!(!Order::Descending.is_after(&1, &1));
        assert!(!Order::Descending.is_after(&2, &1));
    }
}
