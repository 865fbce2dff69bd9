//! Pagination over any iterator already sorted by its key.

use crate::error::PaginationError;
use crate::order::Order;
use crate::page::{check_max_results, collect_page, Page};
use crate::sort_key::SortKey;
use crate::token::PageToken;

/// One page of `entries`, which must yield `(sort key, value)` pairs with
/// unique keys, already sorted in `order`. For listings whose sort key is
/// not the map key, e.g. newest-first by `(creation_time, id)`.
///
/// Entries up to and including the cursor are skipped by comparison, so
/// the cost is linear in the entries before the page; the cursor key need
/// not still be present. Entries out of order are not detected and may be
/// skipped or repeated, but never cause a panic.
pub fn paginate_sorted<'a, K, V, I, F>(
    entries: I,
    order: Order,
    token: Option<&str>,
    scope: &str,
    max_results: usize,
    filter: F,
) -> Result<Page<'a, V>, PaginationError>
where
    K: SortKey + Ord,
    V: 'a,
    I: IntoIterator<Item = (K, &'a V)>,
    F: FnMut(&V) -> bool,
{
    check_max_results(max_results)?;
    let cursor = token
        .map(|text| PageToken::<K>::decode(text, scope, order).map(PageToken::into_key))
        .transpose()?;
    let entries = entries.into_iter();
    // An upper bound where the iterator knows one (a slice's, a map's); a small start otherwise.
    let at_most = entries.size_hint().1.unwrap_or(16);
    let remaining = entries.skip_while(|(key, _)| {
        cursor
            .as_ref()
            .is_some_and(|cursor| !order.is_after(key, cursor))
    });
    Ok(collect_page::<K, _, _, _, _>(
        remaining,
        at_most,
        scope,
        order,
        max_results,
        filter,
    ))
}
