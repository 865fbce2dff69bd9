//! Keyset pages over the recovery point indexes (`model/recovery_points.rs`), with `aws_pagination`'s tokens.
//!
//! The indexes hold shared `Arc<str>` keys, which `aws_pagination`'s map helpers cannot take, so
//! the pages are cut here: the cursor becomes a range bound, so a page costs O(log n + walked)
//! however many points precede it, and creation-date filters narrow the same range.

use std::collections::BTreeMap;
use std::ops::Bound;
use std::sync::Arc;

use aws_pagination::{Order, PageToken, PaginationError};

use crate::model::recovery_points::{PointKey, PointSet};

/// The creation dates a listing keeps, in epoch millis, both exclusive.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CreatedWindow {
    /// Keep points created strictly after this.
    pub after: Option<i64>,
    /// Keep points created strictly before this.
    pub before: Option<i64>,
}

/// One page: the items, and the token for the next page when more matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cut<T> {
    /// The page's items, in listing order.
    pub items: Vec<T>,
    /// `NextToken`.
    pub next_token: Option<String>,
}

impl<T> Cut<T> {
    fn empty() -> Self {
        Self {
            items: Vec::new(),
            next_token: None,
        }
    }
}

/// The cursor a client's token carries; an empty token (some tools send one) starts over.
fn cursor<K: aws_pagination::SortKey>(
    token: Option<&str>,
    scope: &str,
    order: Order,
) -> Result<Option<K>, PaginationError> {
    token
        .filter(|t| !t.is_empty())
        .map(|t| PageToken::<K>::decode(t, scope, order).map(PageToken::into_key))
        .transpose()
}

/// A page of the ARNs in `set`, newest first, inside `window`, resuming after `token`'s cursor
/// and keeping only ARNs `keep` accepts.
pub fn newest_first<'a>(
    set: &'a PointSet,
    window: CreatedWindow,
    token: Option<&str>,
    scope: &str,
    max_results: usize,
    mut keep: impl FnMut(&str) -> bool,
) -> Result<Cut<&'a Arc<str>>, PaginationError> {
    if max_results == 0 {
        return Err(PaginationError::InvalidMaxResults);
    }
    let cursor = cursor::<(i64, String)>(token, scope, Order::Descending)?;
    let lowest_arn = || Arc::<str>::from("");
    // Keys are (millis, ARN) and every ARN sorts at or after "", so (m, "") is the first key
    // of millisecond m: "after A" starts at (A + 1, ""), "before B" ends before (B, "").
    let lower = match window.after {
        None => Bound::Unbounded,
        Some(after) => match after.checked_add(1) {
            Some(first) => Bound::Included((first, lowest_arn())),
            None => return Ok(Cut::empty()),
        },
    };
    let mut upper: Option<PointKey> = window.before.map(|before| (before, lowest_arn()));
    if let Some((millis, arn)) = cursor {
        let after_cursor: PointKey = (millis, Arc::from(arn));
        if upper.as_ref().is_none_or(|u| after_cursor < *u) {
            upper = Some(after_cursor);
        }
    }
    // `range` panics on an inverted range; an empty window is simply an empty page.
    if let (Bound::Included(low), Some(high)) = (&lower, &upper) {
        if low >= high {
            return Ok(Cut::empty());
        }
    }
    let upper = upper.map_or(Bound::Unbounded, Bound::Excluded);
    let mut walk = set.range((lower, upper)).rev().filter(|(_, arn)| keep(arn));
    let mut items: Vec<&'a PointKey> = Vec::new();
    for key in walk.by_ref() {
        items.push(key);
        if items.len() == max_results {
            break;
        }
    }
    let next_token = match (items.last(), walk.next()) {
        (Some((millis, arn)), Some(_)) => {
            Some(PageToken::new(scope, Order::Descending, (*millis, arn.to_string())).encode())
        }
        _ => None,
    };
    Ok(Cut {
        items: items.into_iter().map(|(_, arn)| arn).collect(),
        next_token,
    })
}

/// A page of `map` in key order, resuming after `token`'s cursor.
pub fn in_key_order<'a, V>(
    map: &'a BTreeMap<Arc<str>, V>,
    token: Option<&str>,
    scope: &str,
    max_results: usize,
) -> Result<Cut<(&'a Arc<str>, &'a V)>, PaginationError> {
    if max_results == 0 {
        return Err(PaginationError::InvalidMaxResults);
    }
    let lower = match cursor::<String>(token, scope, Order::Ascending)? {
        Some(last) => Bound::Excluded(Arc::<str>::from(last)),
        None => Bound::Unbounded,
    };
    let mut walk = map.range::<Arc<str>, _>((lower, Bound::Unbounded));
    let items: Vec<_> = walk.by_ref().take(max_results).collect();
    let next_token = match (items.last(), walk.next()) {
        (Some((key, _)), Some(_)) => {
            Some(PageToken::new(scope, Order::Ascending, key.to_string()).encode())
        }
        _ => None,
    };
    Ok(Cut { items, next_token })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(keys: &[(i64, &str)]) -> PointSet {
        keys.iter().map(|(m, a)| (*m, Arc::from(*a))).collect()
    }

    fn names(cut: &Cut<&Arc<str>>) -> Vec<String> {
        cut.items.iter().map(|a| a.to_string()).collect()
    }

    /// Every page of a newest-first listing, joined.
    fn all_pages(set: &PointSet, window: CreatedWindow, page: usize) -> Vec<String> {
        let mut token: Option<String> = None;
        let mut seen = Vec::new();
        loop {
            let cut = newest_first(set, window, token.as_deref(), "s", page, |_| true).unwrap();
            seen.extend(names(&cut));
            match cut.next_token {
                Some(next) => token = Some(next),
                None => return seen,
            }
        }
    }

    #[test]
    fn pages_run_newest_first_with_ties_broken_by_arn() {
        let points = set(&[(1, "a"), (3, "b"), (3, "c"), (2, "d")]);
        let expected = ["c", "b", "d", "a"];
        for page in 1..=5 {
            assert_eq!(
                all_pages(&points, CreatedWindow::default(), page),
                expected,
                "page size {page}"
            );
        }
        let first =
            newest_first(&points, CreatedWindow::default(), None, "s", 4, |_| true).unwrap();
        assert_eq!(first.next_token, None);
    }

    #[test]
    fn a_page_walks_only_its_own_entries_however_deep_the_cursor() {
        let points: PointSet = (0..100_000_i64)
            .map(|i| (i, Arc::from(format!("rp-{i:06}").as_str())))
            .collect();
        let token =
            PageToken::new("s", Order::Descending, (50_000_i64, "rp-050000".to_owned())).encode();
        let mut walked = 0;
        let cut = newest_first(
            &points,
            CreatedWindow::default(),
            Some(&token),
            "s",
            10,
            |_| {
                walked += 1;
                true
            },
        )
        .unwrap();
        assert_eq!(cut.items.first().map(|a| &***a), Some("rp-049999"));
        assert_eq!(cut.items.len(), 10);
        // The page, plus one look ahead to decide whether there is a next page.
        assert_eq!(walked, 11);
    }

    #[test]
    fn created_windows_are_exclusive_and_never_inverted() {
        let points = set(&[(1, "a"), (2, "b"), (3, "c"), (4, "d")]);
        let window = |after, before| CreatedWindow { after, before };
        assert_eq!(all_pages(&points, window(Some(1), Some(4)), 1), ["c", "b"]);
        assert_eq!(all_pages(&points, window(Some(2), None), 10), ["d", "c"]);
        assert_eq!(all_pages(&points, window(None, Some(2)), 10), ["a"]);
        for (after, before) in [(Some(3), Some(3)), (Some(4), Some(1)), (Some(2), Some(3))] {
            assert!(all_pages(&points, window(after, before), 2).is_empty());
        }
        assert!(all_pages(&points, window(Some(i64::MAX), None), 2).is_empty());
        assert_eq!(
            all_pages(&points, window(Some(i64::MIN), Some(i64::MIN + 1)), 2).len(),
            0
        );
    }

    #[test]
    fn a_cursor_below_the_window_ends_the_listing() {
        let points = set(&[(1, "a"), (5, "b"), (9, "c")]);
        let first =
            newest_first(&points, CreatedWindow::default(), None, "s", 2, |_| true).unwrap();
        let window = CreatedWindow {
            after: Some(5),
            before: None,
        };
        // A token issued by one listing is refused by another (the scope differs in practice);
        // with the same scope, a cursor past the window's lower end yields nothing, not a panic.
        let rest = newest_first(&points, window, first.next_token.as_deref(), "s", 2, |_| {
            true
        })
        .unwrap();
        assert!(rest.items.is_empty());
    }

    #[test]
    fn filters_skip_without_ending_the_listing_early() {
        let points = set(&[(1, "keep-1"), (2, "drop"), (3, "keep-2"), (4, "drop-2")]);
        let cut = newest_first(&points, CreatedWindow::default(), None, "s", 1, |a| {
            a.starts_with("keep")
        })
        .unwrap();
        assert_eq!(names(&cut), ["keep-2"]);
        let rest = newest_first(
            &points,
            CreatedWindow::default(),
            cut.next_token.as_deref(),
            "s",
            1,
            |a| a.starts_with("keep"),
        )
        .unwrap();
        assert_eq!(names(&rest), ["keep-1"]);
        assert_eq!(rest.next_token, None);
    }

    #[test]
    fn bad_tokens_and_sizes_are_refused() {
        let points = set(&[(1, "a")]);
        let window = CreatedWindow::default();
        assert_eq!(
            newest_first(&points, window, Some("garbage"), "s", 1, |_| true),
            Err(PaginationError::InvalidToken)
        );
        assert_eq!(
            newest_first(&points, window, None, "s", 0, |_| true),
            Err(PaginationError::InvalidMaxResults)
        );
        let other = PageToken::new("other", Order::Descending, (1_i64, "a".to_owned())).encode();
        assert_eq!(
            newest_first(&points, window, Some(&other), "s", 1, |_| true),
            Err(PaginationError::TokenScopeMismatch)
        );
        let empty = newest_first(&points, window, Some(""), "s", 1, |_| true).unwrap();
        assert_eq!(empty.items.len(), 1);
    }

    #[test]
    fn key_order_pages_resume_after_their_cursor() {
        let map: BTreeMap<Arc<str>, u8> = [("a", 1), ("b", 2), ("c", 3)]
            .into_iter()
            .map(|(k, v)| (Arc::from(k), v))
            .collect();
        let first = in_key_order(&map, None, "s", 2).unwrap();
        assert_eq!(
            first.items.iter().map(|(_, v)| **v).collect::<Vec<_>>(),
            [1, 2]
        );
        let second = in_key_order(&map, first.next_token.as_deref(), "s", 2).unwrap();
        assert_eq!(
            second.items.iter().map(|(_, v)| **v).collect::<Vec<_>>(),
            [3]
        );
        assert_eq!(second.next_token, None);
        assert_eq!(
            in_key_order(&map, Some("nope"), "s", 2).map(|c| c.items.len()),
            Err(PaginationError::InvalidToken)
        );
        assert_eq!(
            in_key_order(&map, None, "s", 0).map(|c| c.items.len()),
            Err(PaginationError::InvalidMaxResults)
        );
    }
}
