//! `paginate_btree` and `paginate_btree_desc`: coverage, lookahead,
//! filters, bad input.

use std::collections::BTreeMap;

use aws_pagination::{paginate_btree, paginate_btree_desc, Order, PageToken, PaginationError};

const SCOPE: &str = "ListBackupVaults";

fn map(n: usize) -> BTreeMap<String, usize> {
    (0..n).map(|i| (format!("vault-{i:03}"), i)).collect()
}

/// Walks every page, returning the pages' item lists.
fn walk(
    map: &BTreeMap<String, usize>,
    max: usize,
    desc: bool,
    filter: impl Fn(&usize) -> bool + Copy,
) -> Vec<Vec<usize>> {
    let mut pages = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = if desc {
            paginate_btree_desc(map, token.as_deref(), SCOPE, max, filter)
        } else {
            paginate_btree(map, token.as_deref(), SCOPE, max, filter)
        }
        .unwrap();
        pages.push(page.items.into_iter().copied().collect());
        match page.next_token {
            Some(next) => token = Some(next),
            None => return pages,
        }
        assert!(
            pages.len() <= map.len() + 1,
            "pagination does not terminate"
        );
    }
}

#[test]
fn pages_cover_everything_exactly_once_for_every_page_size() {
    for n in 0..12 {
        let m = map(n);
        for max in 1..=13 {
            let pages = walk(&m, max, false, |_| true);
            let flat: Vec<usize> = pages.concat();
            assert_eq!(flat, (0..n).collect::<Vec<_>>(), "n={n} max={max}");
            // Lookahead: no trailing empty page unless the map is empty.
            assert_eq!(pages.len(), n.div_ceil(max).max(1), "n={n} max={max}");
            assert!(pages.iter().all(|p| p.len() <= max));
        }
    }
}

#[test]
fn exact_multiple_of_page_size_has_no_token_on_last_page() {
    let m = map(4);
    let first = paginate_btree(&m, None, SCOPE, 2, |_| true).unwrap();
    assert!(first.next_token.is_some());
    let second = paginate_btree(&m, first.next_token.as_deref(), SCOPE, 2, |_| true).unwrap();
    assert_eq!(second.items, [&2, &3]);
    assert_eq!(second.next_token, None);
}

#[test]
fn empty_map_gives_empty_page_without_token() {
    let m = map(0);
    let page = paginate_btree(&m, None, SCOPE, 10, |_| true).unwrap();
    assert!(page.items.is_empty());
    assert_eq!(page.next_token, None);
}

#[test]
fn descending_walks_from_largest_key() {
    let m = map(7);
    let pages = walk(&m, 3, true, |_| true);
    assert_eq!(pages, [vec![6, 5, 4], vec![3, 2, 1], vec![0]]);
}

#[test]
fn filter_counts_only_matching_items_and_lookahead_respects_it() {
    let m = map(10);
    let even = |v: &usize| v % 2 == 0;
    assert_eq!(walk(&m, 2, false, even), [vec![0, 2], vec![4, 6], vec![8]]);
    // Items 8 and 9 remain after the first page but none matches, so no token.
    let below_eight = |v: &usize| *v < 8;
    let pages = walk(&m, 4, false, below_eight);
    assert_eq!(pages, [vec![0, 1, 2, 3], vec![4, 5, 6, 7]]);
    assert_eq!(walk(&m, 3, false, |_| false), [Vec::<usize>::new()]);
}

#[test]
fn huge_max_results_is_fine() {
    let m = map(5);
    let page = paginate_btree(&m, None, SCOPE, usize::MAX, |_| true).unwrap();
    assert_eq!(page.items.len(), 5);
    assert_eq!(page.next_token, None);
}

#[test]
fn zero_max_results_is_rejected() {
    let m = map(3);
    assert_eq!(
        paginate_btree(&m, None, SCOPE, 0, |_| true),
        Err(PaginationError::InvalidMaxResults)
    );
    assert_eq!(
        paginate_btree_desc(&m, None, SCOPE, 0, |_| true),
        Err(PaginationError::InvalidMaxResults)
    );
}

#[test]
fn garbage_and_empty_tokens_are_rejected() {
    let m = map(3);
    for token in [
        "",
        " ",
        "null",
        "abc",
        "eyJrZXkiOiJ2YXVsdC0wMDEifQ",
        "%%%%",
        "A-_",
    ] {
        assert_eq!(
            paginate_btree(&m, Some(token), SCOPE, 2, |_| true),
            Err(PaginationError::InvalidToken),
            "{token:?}"
        );
    }
}

#[test]
fn tampered_token_is_rejected() {
    let m = map(5);
    let token = paginate_btree(&m, None, SCOPE, 2, |_| true)
        .unwrap()
        .next_token
        .unwrap();
    let mut bytes = token.into_bytes();
    let middle = bytes.len() / 2;
    bytes[middle] = if bytes[middle] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(bytes).unwrap();
    assert_eq!(
        paginate_btree(&m, Some(&tampered), SCOPE, 2, |_| true),
        Err(PaginationError::InvalidToken)
    );
}

#[test]
fn token_from_another_scope_or_direction_is_rejected() {
    let m = map(5);
    let token = paginate_btree(&m, None, SCOPE, 2, |_| true)
        .unwrap()
        .next_token
        .unwrap();
    assert_eq!(
        paginate_btree(&m, Some(&token), "ListBackupPlans", 2, |_| true),
        Err(PaginationError::TokenScopeMismatch)
    );
    assert_eq!(
        paginate_btree_desc(&m, Some(&token), SCOPE, 2, |_| true),
        Err(PaginationError::TokenScopeMismatch)
    );
}

#[test]
fn token_for_a_key_past_the_end_gives_an_empty_last_page() {
    let m = map(3);
    let token = PageToken::new(SCOPE, Order::Ascending, "zzz".to_owned()).encode();
    let page = paginate_btree(&m, Some(&token), SCOPE, 2, |_| true).unwrap();
    assert!(page.items.is_empty());
    assert_eq!(page.next_token, None);
}

#[test]
fn page_size_may_change_between_pages() {
    let m = map(10);
    let first = paginate_btree(&m, None, SCOPE, 3, |_| true).unwrap();
    let second = paginate_btree(&m, first.next_token.as_deref(), SCOPE, 5, |_| true).unwrap();
    assert_eq!(second.items, [&3, &4, &5, &6, &7]);
    let third = paginate_btree(&m, second.next_token.as_deref(), SCOPE, 1, |_| true).unwrap();
    assert_eq!(third.items, [&8]);
    assert!(third.next_token.is_some());
}

#[test]
fn composite_keys_work_as_map_keys() {
    let m: BTreeMap<(i64, String), &str> = [
        ((-5, "b".to_owned()), "old-b"),
        ((-5, "a".to_owned()), "old-a"),
        ((10, "a".to_owned()), "new-a"),
    ]
    .into();
    let first = paginate_btree(&m, None, SCOPE, 2, |_| true).unwrap();
    assert_eq!(first.items, [&"old-a", &"old-b"]);
    let second = paginate_btree(&m, first.next_token.as_deref(), SCOPE, 2, |_| true).unwrap();
    assert_eq!(second.items, [&"new-a"]);
    assert_eq!(second.next_token, None);
}
