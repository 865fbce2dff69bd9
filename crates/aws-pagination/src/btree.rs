//! Pagination over a `BTreeMap` keyed by the sort key.

use std::collections::BTreeMap;
use std::ops::Bound;

use crate::error::PaginationError;
use crate::order::Order;
use crate::page::{check_max_results, collect_page, Page};
use crate::sort_key::SortKey;
use crate::token::PageToken;

/// One page of `map` in ascending key order, resuming after the key in
/// `token`. Only values for which `filter` returns true are counted and
/// returned.
///
/// Resuming seeks straight to the cursor, so without a filter the cost is
/// O(log n + page); a filter may scan further to fill the page. The cursor
/// key need not still exist in the map.
pub fn paginate_btree<'a, K, V, F>(
    map: &'a BTreeMap<K, V>,
    token: Option<&str>,
    scope: &str,
    max_results: usize,
    filter: F,
) -> Result<Page<'a, V>, PaginationError>
where
    K: SortKey + Ord,
    F: FnMut(&V) -> bool,
{
    check_max_results(max_results)?;
    let order = Order::Ascending;
    let cursor = decode_cursor::<K>(token, scope, order)?;
    let lower = cursor.as_ref().map_or(Bound::Unbounded, Bound::Excluded);
    let entries = map.range((lower, Bound::Unbounded));
    Ok(collect_page::<K, _, _, _, _>(
        entries,
        map.len(),
        scope,
        order,
        max_results,
        filter,
    ))
}

/// Like [`paginate_btree`] but in descending key order. Its tokens are
/// not interchangeable with ascending ones.
pub fn paginate_btree_desc<'a, K, V, F>(
    map: &'a BTreeMap<K, V>,
    token: Option<&str>,
    scope: &str,
    max_results: usize,
    filter: F,
) -> Result<Page<'a, V>, PaginationError>
where
    K: SortKey + Ord,
    F: FnMut(&V) -> bool,
{
    check_max_results(max_results)?;
    let order = Order::Descending;
    let cursor = decode_cursor::<K>(token, scope, order)?;
    let upper = cursor.as_ref().map_or(Bound::Unbounded, Bound::Excluded);
    let entries = map.range((Bound::Unbounded, upper)).rev();
    Ok(collect_page::<K, _, _, _, _>(
        entries,
        map.len(),
        scope,
        order,
        max_results,
        filter,
    ))
}

fn decode_cursor<K: SortKey>(
    token: Option<&str>,
    scope: &str,
    order: Order,
) -> Result<Option<K>, PaginationError> {
    token
        .map(|text| PageToken::decode(text, scope, order).map(PageToken::into_key))
        .transpose()
}
