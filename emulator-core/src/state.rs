//! What every service crate's store needs: a lock that survives a panicked handler, and its
//! state partitioned by account and region as AWS partitions it.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// Locks `mutex`, even a poisoned one. A poisoned lock means a handler panicked mid-change; the
/// gateway already answered 500, and the data is still the best there is, so a service keeps
/// serving rather than failing every later call.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A service's state `S` of each (account, region), each behind its own mutex, so that calls in
/// different regions never wait for each other. States are found with the caller's borrowed
/// names: reaching one allocates nothing once it exists.
pub struct RegionStates<S> {
    regions: Mutex<HashMap<String, HashMap<String, Shared<S>>>>,
}

/// One state, shared by the calls that lock it.
type Shared<S> = Arc<Mutex<S>>;

impl<S> Default for RegionStates<S> {
    fn default() -> Self {
        Self {
            regions: Mutex::new(HashMap::new()),
        }
    }
}

impl<S> fmt::Debug for RegionStates<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let regions = lock(&self.regions);
        let count: usize = regions.values().map(HashMap::len).sum();
        f.debug_struct("RegionStates")
            .field("regions", &count)
            .finish()
    }
}

impl<S: Default> RegionStates<S> {
    /// The state of `account_id` in `region`, created empty on first use.
    pub fn get(&self, account_id: &str, region: &str) -> Arc<Mutex<S>> {
        let mut regions = lock(&self.regions);
        if let Some(state) = regions.get(account_id).and_then(|r| r.get(region)) {
            return state.clone();
        }
        regions
            .entry(account_id.to_owned())
            .or_default()
            .entry(region.to_owned())
            .or_default()
            .clone()
    }
}

impl<S> RegionStates<S> {
    /// The state of `account_id` in `region` if it has one, without creating it.
    pub fn existing(&self, account_id: &str, region: &str) -> Option<Arc<Mutex<S>>> {
        lock(&self.regions)
            .get(account_id)
            .and_then(|states| states.get(region))
            .cloned()
    }

    /// Every (account, region) with its state, in (account, region) order.
    pub fn all(&self) -> Vec<((String, String), Shared<S>)> {
        let regions = lock(&self.regions);
        let mut all: Vec<_> = regions
            .iter()
            .flat_map(|(account, states)| {
                states
                    .iter()
                    .map(|(region, state)| ((account.clone(), region.clone()), state.clone()))
            })
            .collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all
    }

    /// Puts `state` in place for `account_id` in `region` (a loaded state, at start-up).
    pub fn insert(&self, account_id: &str, region: &str, state: S) {
        lock(&self.regions)
            .entry(account_id.to_owned())
            .or_default()
            .insert(region.to_owned(), Arc::new(Mutex::new(state)));
    }

    /// Drops every state.
    pub fn clear(&self) {
        lock(&self.regions).clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_are_per_account_and_region_and_created_on_first_use() {
        let states: RegionStates<Vec<u32>> = RegionStates::default();
        assert!(states.existing("1", "us-east-1").is_none());
        lock(&states.get("1", "us-east-1")).push(7);
        lock(&states.get("2", "us-east-1")).push(8);
        assert_eq!(*lock(&states.get("1", "us-east-1")), vec![7]);
        assert!(states.existing("1", "eu-west-1").is_none());
        states.insert("1", "eu-west-1", vec![9]);
        let keys: Vec<_> = states.all().into_iter().map(|(key, _)| key).collect();
        assert_eq!(
            keys,
            [("1", "eu-west-1"), ("1", "us-east-1"), ("2", "us-east-1")]
                .map(|(a, r)| (a.to_owned(), r.to_owned()))
        );
        states.clear();
        assert!(states.all().is_empty());
    }

    #[test]
    fn a_poisoned_lock_still_serves_its_data() {
        let mutex = Arc::new(Mutex::new(1));
        let poisoner = mutex.clone();
        let _ = std::thread::spawn(move || {
            let _guard = poisoner.lock().unwrap();
            panic!("a handler panicked");
        })
        .join();
        assert!(mutex.is_poisoned());
        assert_eq!(*lock(&mutex), 1);
    }
}
