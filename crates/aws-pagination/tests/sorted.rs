//! `paginate_sorted`: listings whose sort key is not the map key.

use std::collections::BTreeMap;

use aws_pagination::{paginate_sorted, Order, PaginationError};

/// A recovery point keyed by id but listed newest-first by creation time.
#[derive(Debug, PartialEq)]
struct RecoveryPoint {
    id: String,
    created: i64,
    vault: &'static str,
}

fn store() -> BTreeMap<String, RecoveryPoint> {
    [
        ("rp-a", 300, "v1"),
        ("rp-b", 100, "v1"),
        ("rp-c", 200, "v2"),
        ("rp-d", 200, "v1"),
        ("rp-e", 500, "v1"),
    ]
    .into_iter()
    .map(|(id, created, vault)| {
        (
            id.to_owned(),
            RecoveryPoint {
                id: id.to_owned(),
                created,
                vault,
            },
        )
    })
    .collect()
}

fn newest_first(store: &BTreeMap<String, RecoveryPoint>) -> Vec<((i64, String), &RecoveryPoint)> {
    let mut entries: Vec<_> = store
        .values()
        .map(|rp| ((rp.created, rp.id.clone()), rp))
        .collect();
    entries.sort_by(|a, b| b.0.cmp(&a.0));
    entries
}

fn ids(items: &[&RecoveryPoint]) -> Vec<String> {
    items.iter().map(|rp| rp.id.clone()).collect()
}

const SCOPE: &str = "ListRecoveryPoints";

#[test]
fn descending_composite_keys_page_newest_first_with_ties_broken_by_id() {
    let s = store();
    let mut token = None;
    let mut pages = Vec::new();
    loop {
        let page = paginate_sorted(
            newest_first(&s),
            Order::Descending,
            token.as_deref(),
            SCOPE,
            2,
            |_| true,
        )
        .unwrap();
        pages.push(ids(&page.items));
        token = page.next_token;
        if token.is_none() {
            break;
        }
    }
    assert_eq!(
        pages,
        [vec!["rp-e", "rp-a"], vec!["rp-d", "rp-c"], vec!["rp-b"]]
    );
}

#[test]
fn ascending_sorted_iterator() {
    let s = store();
    let mut entries = newest_first(&s);
    entries.reverse();
    let first = paginate_sorted(entries, Order::Ascending, None, SCOPE, 3, |_| true).unwrap();
    assert_eq!(ids(&first.items), ["rp-b", "rp-c", "rp-d"]);
    let mut entries = newest_first(&s);
    entries.reverse();
    let second = paginate_sorted(
        entries,
        Order::Ascending,
        first.next_token.as_deref(),
        SCOPE,
        3,
        |_| true,
    )
    .unwrap();
    assert_eq!(ids(&second.items), ["rp-a", "rp-e"]);
    assert_eq!(second.next_token, None);
}

#[test]
fn filter_with_scope_naming_the_filter() {
    let s = store();
    let scope = "ListRecoveryPointsByBackupVault:v1";
    let in_v1 = |rp: &RecoveryPoint| rp.vault == "v1";
    let first =
        paginate_sorted(newest_first(&s), Order::Descending, None, scope, 3, in_v1).unwrap();
    assert_eq!(ids(&first.items), ["rp-e", "rp-a", "rp-d"]);
    let token = first.next_token.unwrap();
    let second = paginate_sorted(
        newest_first(&s),
        Order::Descending,
        Some(&token),
        scope,
        3,
        in_v1,
    )
    .unwrap();
    assert_eq!(ids(&second.items), ["rp-b"]);
    assert_eq!(second.next_token, None);
    assert_eq!(
        paginate_sorted(
            newest_first(&s),
            Order::Descending,
            Some(&token),
            "ListRecoveryPointsByBackupVault:v2",
            3,
            |_| true,
        ),
        Err(PaginationError::TokenScopeMismatch)
    );
}

#[test]
fn deleting_the_cursor_item_resumes_at_the_next_one() {
    let mut s = store();
    let first = paginate_sorted(newest_first(&s), Order::Descending, None, SCOPE, 2, |_| {
        true
    })
    .unwrap();
    assert_eq!(ids(&first.items), ["rp-e", "rp-a"]);
    let token = first.next_token.unwrap();
    s.remove("rp-a");
    let second = paginate_sorted(
        newest_first(&s),
        Order::Descending,
        Some(&token),
        SCOPE,
        10,
        |_| true,
    )
    .unwrap();
    assert_eq!(ids(&second.items), ["rp-d", "rp-c", "rp-b"]);
}

#[test]
fn bad_input_is_rejected() {
    let s = store();
    assert_eq!(
        paginate_sorted(newest_first(&s), Order::Descending, None, SCOPE, 0, |_| {
            true
        }),
        Err(PaginationError::InvalidMaxResults)
    );
    assert_eq!(
        paginate_sorted(
            newest_first(&s),
            Order::Descending,
            Some(""),
            SCOPE,
            1,
            |_| true
        ),
        Err(PaginationError::InvalidToken)
    );
    let ascending_token = {
        let mut entries = newest_first(&s);
        entries.reverse();
        paginate_sorted(entries, Order::Ascending, None, SCOPE, 1, |_| true)
            .unwrap()
            .next_token
            .unwrap()
    };
    assert_eq!(
        paginate_sorted(
            newest_first(&s),
            Order::Descending,
            Some(&ascending_token),
            SCOPE,
            1,
            |_| true,
        ),
        Err(PaginationError::TokenScopeMismatch)
    );
}

#[test]
fn token_with_a_different_key_type_is_invalid() {
    let s = store();
    let string_keyed = paginate_sorted(
        s.iter().map(|(k, v)| (k.clone(), v)),
        Order::Ascending,
        None,
        SCOPE,
        1,
        |_| true,
    )
    .unwrap()
    .next_token
    .unwrap();
    let mut entries = newest_first(&s);
    entries.reverse();
    assert_eq!(
        paginate_sorted(
            entries,
            Order::Ascending,
            Some(&string_keyed),
            SCOPE,
            1,
            |_| true
        ),
        Err(PaginationError::InvalidToken)
    );
}
