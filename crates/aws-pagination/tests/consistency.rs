//! Listings stay correct while items are created and deleted between
//! pages: every item that exists for the whole listing is returned exactly
//! once and no item is ever returned twice.

use std::collections::{BTreeMap, BTreeSet};

use aws_pagination::{paginate_btree, paginate_btree_desc, paginate_sorted, Order};

/// Deterministic xorshift64* so the mutation schedule is reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// What one complete listing saw, checked against what existed.
struct Outcome {
    seen: Vec<String>,
    throughout: BTreeSet<String>,
}

impl Outcome {
    fn assert_consistent(&self, context: &str) {
        let unique: BTreeSet<&String> = self.seen.iter().collect();
        assert_eq!(unique.len(), self.seen.len(), "{context}: repeated item");
        for name in &self.throughout {
            assert!(unique.contains(name), "{context}: lost {name}");
        }
    }
}

/// Lists `map` page by page, applying random creates and deletes (often
/// of the very item the cursor points at) between pages.
fn list_while_mutating(seed: u64, desc: bool) -> Outcome {
    let mut rng = Rng(seed);
    let mut map: BTreeMap<String, String> = (0..40)
        .map(|i| format!("item-{:04}", i * 10))
        .map(|k| (k.clone(), k))
        .collect();
    let mut throughout: BTreeSet<String> = map.keys().cloned().collect();
    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    let mut next_id = 1;
    for _ in 0..1000 {
        let max = 1 + rng.below(6) as usize;
        let page = if desc {
            paginate_btree_desc(&map, token.as_deref(), "scope", max, |_| true)
        } else {
            paginate_btree(&map, token.as_deref(), "scope", max, |_| true)
        }
        .unwrap();
        let last = page.items.last().map(|v| (*v).clone());
        seen.extend(page.items.into_iter().cloned());
        token = page.next_token;
        if token.is_none() {
            return Outcome { seen, throughout };
        }
        if let Some(last) = last.filter(|_| rng.below(3) == 0) {
            map.remove(&last);
            throughout.remove(&last);
        }
        for _ in 0..rng.below(3) {
            let victim = format!("item-{:04}", rng.below(400));
            if map.remove(&victim).is_some() {
                throughout.remove(&victim);
            }
        }
        for _ in 0..rng.below(4) {
            let name = format!("item-{:04}-{next_id}", rng.below(400));
            next_id += 1;
            map.insert(name.clone(), name);
        }
    }
    panic!("listing did not terminate");
}

#[test]
fn ascending_btree_listing_survives_mutation() {
    for seed in 1..=200 {
        list_while_mutating(seed, false).assert_consistent(&format!("asc seed {seed}"));
    }
}

#[test]
fn descending_btree_listing_survives_mutation() {
    for seed in 1..=200 {
        list_while_mutating(seed, true).assert_consistent(&format!("desc seed {seed}"));
    }
}

#[test]
fn deleting_the_cursor_item_loses_nothing() {
    let mut map: BTreeMap<String, u32> = (1..=6).map(|i| (format!("k{i}"), i)).collect();
    let first = paginate_btree(&map, None, "s", 3, |_| true).unwrap();
    assert_eq!(first.items, [&1, &2, &3]);
    let token = first.next_token;
    map.remove("k3");
    map.remove("k2");
    let second = paginate_btree(&map, token.as_deref(), "s", 3, |_| true).unwrap();
    assert_eq!(second.items, [&4, &5, &6]);
    assert_eq!(second.next_token, None);
}

#[test]
fn items_inserted_before_the_cursor_are_not_repeated_and_after_are_seen() {
    let mut map: BTreeMap<String, &str> = [("b", "b"), ("d", "d"), ("f", "f")]
        .map(|(k, v)| (k.to_owned(), v))
        .into();
    let first = paginate_btree(&map, None, "s", 2, |_| true).unwrap();
    assert_eq!(first.items, [&"b", &"d"]);
    let token = first.next_token;
    map.insert("a".to_owned(), "a");
    map.insert("c".to_owned(), "c");
    map.insert("e".to_owned(), "e");
    let second = paginate_btree(&map, token.as_deref(), "s", 10, |_| true).unwrap();
    assert_eq!(second.items, [&"e", &"f"]);
}

#[test]
fn newest_first_listing_survives_mutation() {
    for seed in 1..=100 {
        let mut rng = Rng(seed);
        // id -> creation time; many ties so the id tie-break matters.
        let mut points: BTreeMap<String, i64> = (0..30)
            .map(|i| (format!("rp-{i:03}"), (rng.below(8) as i64) * 100))
            .collect();
        let mut throughout: BTreeSet<String> = points.keys().cloned().collect();
        let mut seen = Vec::new();
        let mut token: Option<String> = None;
        let mut next_id = 1000;
        loop {
            let mut entries: Vec<((i64, String), &String)> = points
                .iter()
                .map(|(id, created)| ((*created, id.clone()), id))
                .collect();
            entries.sort_by(|a, b| b.0.cmp(&a.0));
            let page = paginate_sorted(
                entries,
                Order::Descending,
                token.as_deref(),
                "ListRecoveryPoints",
                1 + rng.below(4) as usize,
                |_| true,
            )
            .unwrap();
            let last = page.items.last().map(|id| (*id).clone());
            seen.extend(page.items.into_iter().cloned());
            token = page.next_token;
            if token.is_none() {
                break;
            }
            if let Some(last) = last.filter(|_| rng.below(2) == 0) {
                points.remove(&last);
                throughout.remove(&last);
            }
            let name = format!("rp-{next_id}");
            next_id += 1;
            points.insert(name, (rng.below(8) as i64) * 100);
            assert!(seen.len() < 1000, "listing did not terminate");
        }
        Outcome { seen, throughout }.assert_consistent(&format!("seed {seed}"));
    }
}
