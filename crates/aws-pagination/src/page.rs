//! The [`Page`] result and the page-assembly loop shared by all listings.

use std::borrow::Borrow;

use crate::error::PaginationError;
use crate::order::Order;
use crate::sort_key::SortKey;
use crate::token::encode_token;

/// One page of a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<'a, V> {
    /// The items of this page, in listing order.
    pub items: Vec<&'a V>,
    /// The token for the next page; `None` exactly when no further item
    /// matched at the time this page was built.
    pub next_token: Option<String>,
}

/// Rejects a zero page size, which AWS treats as invalid.
pub(crate) fn check_max_results(max_results: usize) -> Result<(), PaginationError> {
    if max_results == 0 {
        Err(PaginationError::InvalidMaxResults)
    } else {
        Ok(())
    }
}

/// Takes up to `max_results` matching entries from `entries`, which must
/// already start after the cursor, then looks one matching entry further
/// to decide whether a next page exists. `at_most` bounds how many entries there can be (the
/// map's length), so that the page is collected into one allocation of the right size: a page
/// of 100 grew its vector six times (docs/benchmarks.md, session 9).
pub(crate) fn collect_page<'a, K, Q, V, I, F>(
    entries: I,
    at_most: usize,
    scope: &str,
    order: Order,
    max_results: usize,
    mut filter: F,
) -> Page<'a, V>
where
    K: SortKey,
    Q: Borrow<K>,
    V: 'a,
    I: Iterator<Item = (Q, &'a V)>,
    F: FnMut(&V) -> bool,
{
    let mut matching = entries.filter(|(_, value)| filter(value));
    let mut items = Vec::with_capacity(max_results.min(at_most));
    let mut last_key = None;
    for (key, value) in matching.by_ref() {
        items.push(value);
        last_key = Some(key);
        if items.len() == max_results {
            break;
        }
    }
    let next_token = match (last_key, matching.next()) {
        (Some(key), Some(_)) => Some(encode_token(scope, order, key.borrow())),
        _ => None,
    };
    Page { items, next_token }
}
