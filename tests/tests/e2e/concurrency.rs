//! 64 concurrent `aws-sdk-backup` clients (each with its own connections) creating, tagging and
//! deleting the same and different vaults, plans and selections, then checking invariants: no
//! duplicates, no lost updates, exactly one winner per contested name, and listings that count
//! exactly what exists.
//!
//! Backup keeps one mutex per (account, region) and every handler checks and mutates under it
//! in one synchronous step (docs/reliability.md), so these must hold however the calls
//! interleave.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Debug;

use aws_sdk_backup::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_backup::types::{BackupPlanInput, BackupRuleInput, BackupSelection};
use aws_sdk_backup::Client;
use integration_tests::{backup_client_for, start_gateway, tags_of, GatewayHandle, ACCOUNT};
use tokio::task::JoinSet;

const CLIENTS: usize = 64;

/// 64 independent clients (separate connection pools), as 64 processes would be.
async fn clients(gateway: &GatewayHandle) -> Vec<Client> {
    let mut clients = Vec::with_capacity(CLIENTS);
    for _ in 0..CLIENTS {
        clients.push(backup_client_for(gateway, "us-east-1", ACCOUNT).await);
    }
    clients
}

/// Runs `call(i, client)` for every client at once; answers the results in client order.
async fn race<T, F, Fut>(clients: &[Client], call: F) -> Vec<T>
where
    T: Send + 'static,
    F: Fn(usize, Client) -> Fut,
    Fut: std::future::Future<Output = T> + Send + 'static,
{
    let mut set = JoinSet::new();
    for (i, client) in clients.iter().enumerate() {
        let future = call(i, client.clone());
        set.spawn(async move { (i, future.await) });
    }
    let mut results: Vec<(usize, T)> = Vec::with_capacity(clients.len());
    while let Some(joined) = set.join_next().await {
        results.push(joined.expect("no task panics"));
    }
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// `Ok` or the exception name.
fn outcome<T, E: ProvideErrorMetadata + Debug>(
    result: Result<T, SdkError<E>>,
) -> Result<(), String> {
    result.map(|_| ()).map_err(|err| match err.code() {
        Some(code) => code.to_owned(),
        None => panic!("a transport failure, not an AWS error: {err:?}"),
    })
}

/// How often each outcome occurred.
fn tally(outcomes: &[Result<(), String>]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for outcome in outcomes {
        let key = match outcome {
            Ok(()) => "Ok".to_owned(),
            Err(code) => code.clone(),
        };
        *counts.entry(key).or_insert(0) += 1;
    }
    counts
}

async fn vault_names(client: &Client) -> Vec<String> {
    let mut names = Vec::new();
    let mut token = None;
    loop {
        let page = client
            .list_backup_vaults()
            .max_results(7)
            .set_next_token(token)
            .send()
            .await
            .unwrap();
        names.extend(
            page.backup_vault_list()
                .iter()
                .filter_map(|v| v.backup_vault_name().map(str::to_owned)),
        );
        token = page.next_token;
        if token.is_none() {
            return names;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_creates_of_one_name_have_exactly_one_winner() {
    let gateway = start_gateway(&[]).await;
    let clients = clients(&gateway).await;
    let outcomes = race(&clients, |_, client| async move {
        outcome(
            client
                .create_backup_vault()
                .backup_vault_name("contested")
                .send()
                .await,
        )
    })
    .await;
    assert_eq!(
        tally(&outcomes),
        BTreeMap::from([
            ("Ok".to_owned(), 1),
            ("AlreadyExistsException".to_owned(), CLIENTS - 1)
        ])
    );
    assert_eq!(vault_names(&clients[0]).await, vec!["contested".to_owned()]);

    // Racing deletes of it: one succeeds, every other finds nothing.
    let outcomes = race(&clients, |_, client| async move {
        outcome(
            client
                .delete_backup_vault()
                .backup_vault_name("contested")
                .send()
                .await,
        )
    })
    .await;
    assert_eq!(
        tally(&outcomes),
        BTreeMap::from([
            ("Ok".to_owned(), 1),
            ("ResourceNotFoundException".to_owned(), CLIENTS - 1)
        ])
    );
    assert!(vault_names(&clients[0]).await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn listings_count_creations_minus_deletions() {
    let gateway = start_gateway(&[]).await;
    let clients = clients(&gateway).await;
    // Each client creates its own vault and races seven others for one of eight shared names,
    // then deletes its own vault if its index is even.
    let outcomes = race(&clients, |i, client| async move {
        let own = outcome(
            client
                .create_backup_vault()
                .backup_vault_name(format!("own-{i}"))
                .send()
                .await,
        );
        let shared = outcome(
            client
                .create_backup_vault()
                .backup_vault_name(format!("shared-{}", i % 8))
                .send()
                .await,
        );
        let deleted = if i % 2 == 0 {
            Some(outcome(
                client
                    .delete_backup_vault()
                    .backup_vault_name(format!("own-{i}"))
                    .send()
                    .await,
            ))
        } else {
            None
        };
        (own, shared, deleted)
    })
    .await;
    assert!(outcomes.iter().all(|(own, _, _)| own.is_ok()));
    assert!(outcomes
        .iter()
        .filter_map(|(_, _, deleted)| deleted.as_ref())
        .all(Result::is_ok));
    let shared: Vec<Result<(), String>> = outcomes.iter().map(|(_, s, _)| s.clone()).collect();
    assert_eq!(
        tally(&shared),
        BTreeMap::from([
            ("Ok".to_owned(), 8),
            ("AlreadyExistsException".to_owned(), CLIENTS - 8)
        ])
    );
    for name in 0..8 {
        let winners = (0..CLIENTS)
            .filter(|i| i % 8 == name && outcomes[*i].1.is_ok())
            .count();
        assert_eq!(winners, 1, "shared-{name} has exactly one creator");
    }

    let names = vault_names(&clients[0]).await;
    let unique: BTreeSet<&String> = names.iter().collect();
    assert_eq!(
        unique.len(),
        names.len(),
        "no vault listed twice: {names:?}"
    );
    let creations = CLIENTS + 8;
    let deletions = CLIENTS / 2;
    assert_eq!(names.len(), creations - deletions, "{names:?}");
    for i in 0..CLIENTS {
        assert_eq!(names.contains(&format!("own-{i}")), i % 2 == 1);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_tagging_loses_no_update_and_keeps_the_limit() {
    let gateway = start_gateway(&[]).await;
    let clients = clients(&gateway).await;
    let arn = clients[0]
        .create_backup_vault()
        .backup_vault_name("tagged")
        .send()
        .await
        .unwrap()
        .backup_vault_arn
        .unwrap();
    // 64 calls, each adding its own key. AWS Backup allows 50 tags per resource: exactly 50
    // calls win, 14 are refused, and the vault carries exactly the winners' keys.
    let outcomes = race(&clients, |i, client| {
        let arn = arn.clone();
        async move {
            outcome(
                client
                    .tag_resource()
                    .resource_arn(arn)
                    .tags(format!("key-{i:02}"), format!("value-{i}"))
                    .send()
                    .await,
            )
        }
    })
    .await;
    assert_eq!(
        tally(&outcomes),
        BTreeMap::from([
            ("Ok".to_owned(), 50),
            ("LimitExceededException".to_owned(), CLIENTS - 50)
        ])
    );
    let tags = tags_of(&clients[0], &arn).await;
    let expected: BTreeMap<String, String> = (0..CLIENTS)
        .filter(|i| outcomes[*i].is_ok())
        .map(|i| (format!("key-{i:02}"), format!("value-{i}")))
        .collect();
    assert_eq!(tags, expected);

    // Untagging the winners' keys concurrently, while 14 other keys go on: every removal
    // and every addition lands.
    let removed: Vec<String> = expected.keys().cloned().collect();
    let outcomes = race(&clients, |i, client| {
        let arn = arn.clone();
        let key = removed.get(i).cloned();
        async move {
            match key {
                Some(key) => outcome(
                    client
                        .untag_resource()
                        .resource_arn(arn)
                        .tag_key_list(key)
                        .send()
                        .await,
                ),
                None => outcome(
                    client
                        .tag_resource()
                        .resource_arn(arn)
                        .tags(format!("late-{i:02}"), "v")
                        .send()
                        .await,
                ),
            }
        }
    })
    .await;
    // A late tag may meet a full vault if it runs before enough removals: count what landed.
    let late_ok: BTreeSet<String> = (50..CLIENTS)
        .filter(|i| outcomes[*i].is_ok())
        .map(|i| format!("late-{i:02}"))
        .collect();
    assert!(outcomes[..50].iter().all(Result::is_ok));
    assert!(outcomes[50..]
        .iter()
        .all(|o| o.is_ok() || o.as_ref().unwrap_err() == "LimitExceededException"));
    let tags: BTreeSet<String> = tags_of(&clients[0], &arn).await.into_keys().collect();
    assert_eq!(tags, late_ok);
}

fn plan_input(vault: &str) -> BackupPlanInput {
    BackupPlanInput::builder()
        .backup_plan_name("nightly")
        .rules(
            BackupRuleInput::builder()
                .rule_name("daily")
                .target_backup_vault_name(vault)
                .build()
                .unwrap(),
        )
        .build()
        .unwrap()
}

fn selection_input(i: usize) -> BackupSelection {
    BackupSelection::builder()
        .selection_name(format!("selection-{i}"))
        .iam_role_arn(format!("arn:aws:iam::{ACCOUNT}:role/backup"))
        .resources(format!(
            "arn:aws:ec2:us-east-1:{ACCOUNT}:volume/vol-{i:017}"
        ))
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn plans_and_selections_under_contention() {
    let gateway = start_gateway(&[]).await;
    let clients = clients(&gateway).await;
    clients[0]
        .create_backup_vault()
        .backup_vault_name("target")
        .send()
        .await
        .unwrap();

    // 64 creates of one plan document: one plan, 63 AlreadyExistsException.
    let created = race(&clients, |_, client| async move {
        client
            .create_backup_plan()
            .backup_plan(plan_input("target"))
            .send()
            .await
            .map(|out| out.backup_plan_id.unwrap())
            .map_err(|err| err.code().unwrap_or("transport").to_owned())
    })
    .await;
    let ids: Vec<&String> = created.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert_eq!(ids.len(), 1, "{created:?}");
    assert!(created
        .iter()
        .filter_map(|r| r.as_ref().err())
        .all(|code| code == "AlreadyExistsException"));
    let plan_id = ids[0].clone();
    let plans = clients[0].list_backup_plans().send().await.unwrap();
    assert_eq!(plans.backup_plans_list().len(), 1);

    // 64 selections created at once on that plan: 64 distinct ids, all listed.
    let selections = race(&clients, |i, client| {
        let plan_id = plan_id.clone();
        async move {
            client
                .create_backup_selection()
                .backup_plan_id(plan_id)
                .backup_selection(selection_input(i))
                .send()
                .await
                .unwrap()
                .selection_id
                .unwrap()
        }
    })
    .await;
    let distinct: BTreeSet<&String> = selections.iter().collect();
    assert_eq!(distinct.len(), CLIENTS);
    let mut listed = BTreeSet::new();
    let mut token = None;
    loop {
        let page = clients[0]
            .list_backup_selections()
            .backup_plan_id(&plan_id)
            .max_results(10)
            .set_next_token(token)
            .send()
            .await
            .unwrap();
        for selection in page.backup_selections_list() {
            assert!(
                listed.insert(selection.selection_id().unwrap().to_owned()),
                "listed twice"
            );
        }
        token = page.next_token;
        if token.is_none() {
            break;
        }
    }
    assert_eq!(listed.iter().collect::<BTreeSet<_>>(), distinct);

    // 64 concurrent deletions, one per selection: all land, none is left; then 64 racing
    // deletions of the plan delete it once.
    let deletions = race(&clients, |i, client| {
        let plan_id = plan_id.clone();
        let selection_id = selections[i].clone();
        async move {
            outcome(
                client
                    .delete_backup_selection()
                    .backup_plan_id(plan_id)
                    .selection_id(selection_id)
                    .send()
                    .await,
            )
        }
    })
    .await;
    assert!(deletions.iter().all(Result::is_ok), "{deletions:?}");
    let left = clients[0]
        .list_backup_selections()
        .backup_plan_id(&plan_id)
        .send()
        .await
        .unwrap();
    assert!(left.backup_selections_list().is_empty());
    let outcomes = race(&clients, |_, client| {
        let plan_id = plan_id.clone();
        async move {
            outcome(
                client
                    .delete_backup_plan()
                    .backup_plan_id(plan_id)
                    .send()
                    .await,
            )
        }
    })
    .await;
    assert_eq!(tally(&outcomes)["Ok"], 1, "{outcomes:?}");
    let plans = clients[0].list_backup_plans().send().await.unwrap();
    assert!(plans.backup_plans_list().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn accounts_racing_in_parallel_do_not_see_each_other() {
    let gateway = start_gateway(&[]).await;
    // 64 clients in 8 accounts, every client creating the same vault name in its account.
    let mut clients = Vec::with_capacity(CLIENTS);
    for i in 0..CLIENTS {
        let account = format!("{:012}", 100_000_000_000u64 + (i % 8) as u64);
        clients.push(backup_client_for(&gateway, "us-east-1", &account).await);
    }
    let outcomes = race(&clients, |_, client| async move {
        outcome(
            client
                .create_backup_vault()
                .backup_vault_name("everyone")
                .send()
                .await,
        )
    })
    .await;
    assert_eq!(
        tally(&outcomes),
        BTreeMap::from([
            ("Ok".to_owned(), 8),
            ("AlreadyExistsException".to_owned(), CLIENTS - 8)
        ])
    );
    for client in &clients[..8] {
        assert_eq!(vault_names(client).await, vec!["everyone".to_owned()]);
    }
}
