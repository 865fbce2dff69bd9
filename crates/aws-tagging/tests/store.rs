//! `TagStore` behaviour: merge, count limit, atomicity, untag, removal.

use aws_tagging::{TagError, TagRules, TagStore, Tags};

const VAULT: &str = "arn:aws:backup:us-east-1:123456789012:backup-vault:v";
const PLAN: &str = "arn:aws:backup:us-east-1:123456789012:backup-plan:p";

fn keys(ks: &[&str]) -> Vec<String> {
    ks.iter().map(|k| k.to_string()).collect()
}

fn numbered(range: std::ops::Range<usize>) -> Tags {
    range.map(|i| (format!("k{i:02}"), "v")).collect()
}

#[test]
fn unknown_resource_lists_empty() {
    let store = TagStore::default();
    assert!(store.list(VAULT).is_empty());
    assert_eq!(store.get(VAULT), None);
}

#[test]
fn tag_merges_and_overwrites_values() {
    let mut store = TagStore::default();
    store
        .tag(VAULT, Tags::from_iter([("a", "1"), ("b", "2")]))
        .unwrap();
    store
        .tag(VAULT, Tags::from_iter([("b", "20"), ("c", "3")]))
        .unwrap();
    assert_eq!(
        store.list(VAULT),
        Tags::from_iter([("a", "1"), ("b", "20"), ("c", "3")])
    );
}

#[test]
fn resources_are_independent() {
    let mut store = TagStore::default();
    store.tag(VAULT, Tags::from_iter([("a", "1")])).unwrap();
    store.tag(PLAN, Tags::from_iter([("b", "2")])).unwrap();
    assert_eq!(store.list(VAULT), Tags::from_iter([("a", "1")]));
    assert_eq!(store.list(PLAN), Tags::from_iter([("b", "2")]));
}

#[test]
fn merged_count_may_reach_but_not_exceed_the_limit() {
    let mut store = TagStore::default();
    store.tag(VAULT, numbered(0..40)).unwrap();
    store.tag(VAULT, numbered(30..50)).unwrap();
    assert_eq!(store.list(VAULT).len(), 50);
    assert_eq!(
        store.tag(VAULT, numbered(45..51)),
        Err(TagError::TooManyTags { max: 50, count: 51 })
    );
}

#[test]
fn overwriting_existing_keys_at_the_limit_is_allowed() {
    let mut store = TagStore::default();
    store.tag(VAULT, numbered(0..50)).unwrap();
    let rewrite: Tags = (0..50).map(|i| (format!("k{i:02}"), "new")).collect();
    store.tag(VAULT, rewrite.clone()).unwrap();
    assert_eq!(store.list(VAULT), rewrite);
}

#[test]
fn failed_count_check_changes_nothing() {
    let mut store = TagStore::default();
    store.tag(VAULT, numbered(0..49)).unwrap();
    let before = store.clone();
    let mut request = Tags::from_iter([("k00", "changed")]);
    request.extend([("new1", "v"), ("new2", "v")]);
    assert_eq!(
        store.tag(VAULT, request),
        Err(TagError::TooManyTags { max: 50, count: 51 })
    );
    assert_eq!(store, before);
    assert_eq!(store.list(VAULT).get("k00"), Some("v"));
}

#[test]
fn failed_validation_changes_nothing_even_for_good_tags_in_the_same_call() {
    let mut store = TagStore::default();
    store.tag(VAULT, Tags::from_iter([("a", "1")])).unwrap();
    let before = store.clone();
    let request = Tags::from_iter([("a", "2"), ("b", "ok"), ("zz", &*"v".repeat(257))]);
    assert!(matches!(
        store.tag(VAULT, request),
        Err(TagError::ValueLength { .. })
    ));
    assert_eq!(store, before);
    assert_eq!(
        store.tag(PLAN, Tags::from_iter([("ok", "1"), ("aws:x", "1")])),
        Err(TagError::ReservedKeyPrefix {
            key: "aws:x".into()
        })
    );
    assert!(store.list(PLAN).is_empty());
}

#[test]
fn tagging_with_nothing_creates_no_entry() {
    let mut store = TagStore::default();
    store.tag(VAULT, Tags::new()).unwrap();
    assert_eq!(store.get(VAULT), None);
}

#[test]
fn untag_removes_keys_and_ignores_absent_ones() {
    let mut store = TagStore::default();
    store
        .tag(VAULT, Tags::from_iter([("a", "1"), ("b", "2")]))
        .unwrap();
    store.untag(VAULT, &keys(&["a", "missing"])).unwrap();
    assert_eq!(store.list(VAULT), Tags::from_iter([("b", "2")]));
    store.untag(PLAN, &keys(&["a"])).unwrap();
    assert!(store.list(PLAN).is_empty());
}

#[test]
fn untag_of_last_key_drops_the_resource() {
    let mut store = TagStore::default();
    store.tag(VAULT, Tags::from_iter([("a", "1")])).unwrap();
    store.untag(VAULT, &keys(&["a"])).unwrap();
    assert_eq!(store.get(VAULT), None);
}

#[test]
fn untag_is_case_sensitive() {
    let mut store = TagStore::default();
    store.tag(VAULT, Tags::from_iter([("Env", "1")])).unwrap();
    store.untag(VAULT, &keys(&["env"])).unwrap();
    assert_eq!(store.list(VAULT).get("Env"), Some("1"));
}

#[test]
fn untag_with_a_bad_key_changes_nothing() {
    let mut store = TagStore::default();
    store
        .tag(VAULT, Tags::from_iter([("a", "1"), ("b", "2")]))
        .unwrap();
    let before = store.clone();
    assert_eq!(
        store.untag(VAULT, &keys(&["a", "aws:b"])),
        Err(TagError::ReservedKeyPrefix {
            key: "aws:b".into()
        })
    );
    assert_eq!(store, before);
}

#[test]
fn freed_slots_can_be_reused_after_untag() {
    let mut store = TagStore::default();
    store.tag(VAULT, numbered(0..50)).unwrap();
    store.untag(VAULT, &keys(&["k00"])).unwrap();
    store.tag(VAULT, Tags::from_iter([("fresh", "v")])).unwrap();
    assert_eq!(store.list(VAULT).len(), 50);
}

#[test]
fn remove_resource_returns_and_forgets_its_tags() {
    let mut store = TagStore::default();
    store.tag(VAULT, Tags::from_iter([("a", "1")])).unwrap();
    store.tag(PLAN, Tags::from_iter([("b", "2")])).unwrap();
    assert_eq!(store.remove_resource(VAULT), Tags::from_iter([("a", "1")]));
    assert!(store.list(VAULT).is_empty());
    assert_eq!(store.list(PLAN).len(), 1);
    assert!(store.remove_resource(VAULT).is_empty());
}

#[test]
fn clear_forgets_everything() {
    let mut store = TagStore::default();
    store.tag(VAULT, Tags::from_iter([("a", "1")])).unwrap();
    store.tag(PLAN, Tags::from_iter([("b", "2")])).unwrap();
    store.clear();
    assert!(store.list(VAULT).is_empty());
    assert!(store.list(PLAN).is_empty());
}

#[test]
fn store_uses_its_own_rules() {
    let rules = TagRules {
        max_tags: 1,
        ..TagRules::AWS_DEFAULT
    };
    let mut store = TagStore::new(rules);
    assert_eq!(store.rules(), &rules);
    store.tag(VAULT, Tags::from_iter([("a", "1")])).unwrap();
    assert_eq!(
        store.tag(VAULT, Tags::from_iter([("b", "1")])),
        Err(TagError::TooManyTags { max: 1, count: 2 })
    );
}

#[test]
fn a_store_serializes_as_a_map_of_tags_and_reads_back_equal() {
    let mut store = TagStore::default();
    store.tag(VAULT, Tags::from_iter([("a", "1")])).unwrap();
    store.tag(PLAN, Tags::from_iter([("b", "2")])).unwrap();
    let json = serde_json::to_string(&store).unwrap();
    assert_eq!(
        json,
        format!("{{\"{PLAN}\":{{\"b\":\"2\"}},\"{VAULT}\":{{\"a\":\"1\"}}}}")
    );
    let back: TagStore = serde_json::from_str(&json).unwrap();
    assert_eq!(back, store);
    assert_eq!(back.rules(), &TagRules::AWS_DEFAULT);
}

#[test]
fn changes_are_tracked_from_the_first_take_on() {
    let mut store = TagStore::default();
    store.tag(VAULT, Tags::from_iter([("a", "1")])).unwrap();
    assert_eq!(store.take_changes(), None, "nothing was tracked before");

    assert_eq!(store.take_changes(), Some(vec![]));
    let _ = store.list(VAULT);
    let _ = store.get(PLAN);
    assert_eq!(store.take_changes(), Some(vec![]), "reads change nothing");

    store.tag(PLAN, Tags::from_iter([("b", "2")])).unwrap();
    store.untag(VAULT, &keys(&["not-there"])).unwrap();
    assert!(store.tag(VAULT, numbered(0..60)).is_err());
    assert_eq!(store.take_changes(), Some(vec![PLAN.to_owned()]));

    store.untag(VAULT, &keys(&["a"])).unwrap();
    store.remove_resource(PLAN);
    store.remove_resource("never-tagged");
    assert_eq!(
        store.take_changes(),
        Some(vec![PLAN.to_owned(), VAULT.to_owned()])
    );

    store.tag(VAULT, Tags::from_iter([("a", "1")])).unwrap();
    store.take_changes();
    store.clear();
    assert_eq!(store.take_changes(), Some(vec![VAULT.to_owned()]));
}

#[test]
fn loaded_tags_are_not_changes_and_tracking_leaves_equality_alone() {
    let mut tracked = TagStore::default();
    tracked.take_changes();
    tracked.load(VAULT.to_owned(), Tags::from_iter([("a", "1")]));
    assert_eq!(tracked.take_changes(), Some(vec![]));
    assert_eq!(
        tracked.resources().collect::<Vec<_>>(),
        [(VAULT, &Tags::from_iter([("a", "1")]))]
    );

    let mut untracked = TagStore::default();
    untracked.tag(VAULT, Tags::from_iter([("a", "1")])).unwrap();
    assert_eq!(tracked, untracked);
}
