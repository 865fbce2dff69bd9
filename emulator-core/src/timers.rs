//! One timer queue for every future event of a service: a min-heap keyed by due time, read
//! against the shared [`Clock`].
//!
//! A driver task sleeps until the earliest due time, or until a new earlier event is scheduled,
//! or until the clock is advanced; then it hands every due event to the service's handler. Idle
//! CPU is zero when nothing is due, and pending events cost memory, not polling: 100,000
//! pending jobs are 100,000 heap entries and one sleeping task.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};
use std::time::Duration;

use tokio::sync::Notify;

use crate::clock::Clock;
use crate::dto::Timestamp;

struct Entry<E> {
    due_millis: i64,
    seq: u64,
    event: E,
}

impl<E> PartialEq for Entry<E> {
    fn eq(&self, other: &Self) -> bool {
        (self.due_millis, self.seq) == (other.due_millis, other.seq)
    }
}
impl<E> Eq for Entry<E> {}
impl<E> PartialOrd for Entry<E> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl<E> Ord for Entry<E> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.due_millis, self.seq).cmp(&(other.due_millis, other.seq))
    }
}

/// [`Queue::settled_until`] when nothing is pending.
const NOTHING_PENDING: i64 = i64::MAX;
/// [`Queue::settled_until`] from taking a batch until a take finds nothing due: the batch may
/// still be in delivery, so callers must take the delivery lock and wait for it.
const DELIVERING: i64 = i64::MIN;

struct Queue<E> {
    heap: BinaryHeap<Reverse<Entry<E>>>,
    seq: u64,
    /// Nothing is due before this time (epoch milliseconds) and no batch is in delivery; written
    /// only under the queue's lock, read without it by [`Timers::run_due_with`], so that the
    /// requests of a service with nothing due take no lock at all.
    settled_until: Arc<AtomicI64>,
}

impl<E> Queue<E> {
    fn push(&mut self, due_millis: i64, event: E) {
        self.seq += 1;
        let seq = self.seq;
        self.heap.push(Reverse(Entry {
            due_millis,
            seq,
            event,
        }));
        self.settled_until.fetch_min(due_millis, Ordering::Release);
    }

    /// Removes every event due at or before `now_millis`, earliest first.
    fn take_due(&mut self, now_millis: i64) -> Vec<E> {
        let mut due = Vec::new();
        while self
            .heap
            .peek()
            .is_some_and(|Reverse(entry)| entry.due_millis <= now_millis)
        {
            if let Some(Reverse(entry)) = self.heap.pop() {
                due.push(entry.event);
            }
        }
        let settled_until = if due.is_empty() {
            self.next_due_millis().unwrap_or(NOTHING_PENDING)
        } else {
            DELIVERING
        };
        self.settled_until.store(settled_until, Ordering::Release);
        due
    }

    fn next_due_millis(&self) -> Option<i64> {
        self.heap.peek().map(|Reverse(entry)| entry.due_millis)
    }

    fn clear(&mut self) {
        self.heap.clear();
        // A batch in delivery stays waited for; the next empty take settles the hint.
        let _ = self
            .settled_until
            .fetch_update(Ordering::Release, Ordering::Relaxed, |hint| {
                (hint != DELIVERING).then_some(NOTHING_PENDING)
            });
    }
}

/// A handler the driver calls with every event that has come due, in due order.
pub type DueHandler<E> = Arc<dyn Fn(Vec<E>) + Send + Sync>;

/// Future events of type `E`, delivered when the clock reaches them.
pub struct Timers<E> {
    queue: Arc<Mutex<Queue<E>>>,
    /// The queue's `settled_until`, readable without its lock.
    settled_until: Arc<AtomicI64>,
    /// Held from taking a batch off the queue until its handler returns, by the driver and by
    /// [`Timers::run_due`] alike: a caller of `run_due` never answers while a batch the driver
    /// has taken is still being applied.
    delivering: Arc<Mutex<()>>,
    wake: Arc<Notify>,
    clock: Arc<Clock>,
    driver: OnceLock<()>,
    handler: OnceLock<DueHandler<E>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl<E: Send + 'static> Timers<E> {
    /// An empty queue reading `clock`.
    pub fn new(clock: Arc<Clock>) -> Self {
        let settled_until = Arc::new(AtomicI64::new(NOTHING_PENDING));
        Self {
            queue: Arc::new(Mutex::new(Queue {
                heap: BinaryHeap::new(),
                seq: 0,
                settled_until: settled_until.clone(),
            })),
            settled_until,
            delivering: Arc::new(Mutex::new(())),
            wake: Arc::new(Notify::new()),
            clock,
            driver: OnceLock::new(),
            handler: OnceLock::new(),
        }
    }

    /// Sets the function that receives due events. Call once, when the service is built; the
    /// driver task starts on the first [`Self::schedule`] made inside a Tokio runtime.
    pub fn set_handler(&self, handler: DueHandler<E>) {
        let _ = self.handler.set(handler);
    }

    /// Schedules `event` for `due`. An event already due is delivered on the driver's next turn.
    pub fn schedule(&self, due: Timestamp, event: E) {
        lock(&self.queue).push(due.epoch_millis(), event);
        self.ensure_driver();
        self.wake.notify_one();
    }

    /// Removes and returns every event due at or before `now`, earliest first, waiting for a
    /// batch in delivery. Not for a handler (it would wait for itself): see [`Self::run_due`].
    pub fn pop_due(&self, now: Timestamp) -> Vec<E> {
        let _delivering = lock(&self.delivering);
        lock(&self.queue).take_due(now.epoch_millis())
    }

    /// The earliest due time, if anything is pending.
    pub fn next_due(&self) -> Option<Timestamp> {
        lock(&self.queue)
            .next_due_millis()
            .map(Timestamp::from_epoch_millis)
    }

    /// Every pending event with its due time, earliest first, without removing any (a restart
    /// rebuilds the queue from state; tests compare the two).
    pub fn snapshot(&self) -> Vec<(Timestamp, E)>
    where
        E: Clone,
    {
        let queue = lock(&self.queue);
        let mut entries: Vec<&Entry<E>> = queue.heap.iter().map(|Reverse(entry)| entry).collect();
        entries.sort();
        entries
            .into_iter()
            .map(|entry| {
                (
                    Timestamp::from_epoch_millis(entry.due_millis),
                    entry.event.clone(),
                )
            })
            .collect()
    }

    /// How many events are pending.
    pub fn len(&self) -> usize {
        lock(&self.queue).heap.len()
    }

    /// Whether nothing is pending.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Drops every pending event.
    pub fn clear(&self) {
        lock(&self.queue).clear();
        self.wake.notify_one();
    }

    /// Delivers everything due now to the handler, on the caller's thread, including events the
    /// handler itself schedules for a time already reached (a step that queues the next one),
    /// until nothing is due. The driver does the same on its own; this lets a caller settle due
    /// work before it answers (for example after the clock moved).
    pub fn run_due(&self) {
        if let Some(handler) = self.handler.get() {
            self.run_due_with(|due| handler(due));
        }
    }

    /// [`Self::run_due`], handing the due batches to `deliver` instead of the handler; a caller
    /// that holds its service (not the handler's weak reference) delivers directly. Costs one
    /// clock read and one atomic load when nothing is due and no batch is in delivery, which is
    /// what almost every request finds, and only the atomic load when nothing is pending at all.
    pub fn run_due_with(&self, mut deliver: impl FnMut(Vec<E>)) {
        // Nothing pending at all: not even the clock is read (about 120 instructions).
        if self.settled_until.load(Ordering::Acquire) == NOTHING_PENDING
            || self.settled(self.clock.now_millis())
        {
            return;
        }
        let _delivering = lock(&self.delivering);
        loop {
            let due = lock(&self.queue).take_due(self.clock.now_millis());
            if due.is_empty() {
                return;
            }
            deliver(due);
        }
    }

    /// Whether nothing is due at `now_millis` and no batch is in delivery.
    fn settled(&self, now_millis: i64) -> bool {
        self.settled_until.load(Ordering::Acquire) > now_millis
    }

    fn ensure_driver(&self) {
        if self.driver.get().is_some() {
            return;
        }
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let Some(handler) = self.handler.get().cloned() else {
            return;
        };
        if self.driver.set(()).is_err() {
            return;
        }
        let queue = self.queue.clone();
        let delivering = self.delivering.clone();
        let wake = self.wake.clone();
        let clock = self.clock.clone();
        runtime.spawn(drive(queue, delivering, wake, clock, handler));
    }
}

/// The driver: sleep until the earliest event, a wake-up, or a clock change; deliver what is due.
async fn drive<E: Send + 'static>(
    queue: Arc<Mutex<Queue<E>>>,
    delivering: Arc<Mutex<()>>,
    wake: Arc<Notify>,
    clock: Arc<Clock>,
    handler: DueHandler<E>,
) {
    let mut clock_changes = clock.subscribe();
    loop {
        let now = clock.now_millis();
        let next = {
            let _delivering = lock(&delivering);
            let (due, next) = {
                let mut queue = lock(&queue);
                let due = queue.take_due(now);
                (due, queue.next_due_millis())
            };
            if !due.is_empty() {
                handler(due);
                continue;
            }
            next
        };
        let sleep = match next {
            // The heap holds wall-clock (plus offset) times; sleeping the difference is exact
            // unless the clock is advanced meanwhile, which wakes us through `clock_changes`.
            Some(next) => Duration::from_millis(u64::try_from(next - now).unwrap_or(0)),
            None => Duration::from_secs(3600),
        };
        tokio::select! {
            () = tokio::time::sleep(sleep) => {}
            () = wake.notified() => {}
            changed = clock_changes.changed() => {
                if changed.is_err() {
                    return;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    fn at(seconds: i64) -> Timestamp {
        Timestamp::from_epoch_millis(seconds * 1000)
    }

    #[test]
    fn events_come_out_in_due_order_then_insertion_order() {
        let timers = Timers::new(Arc::new(Clock::default()));
        timers.schedule(at(30), "c");
        timers.schedule(at(10), "a");
        timers.schedule(at(20), "b1");
        timers.schedule(at(20), "b2");
        assert_eq!(timers.next_due(), Some(at(10)));
        assert_eq!(
            timers.snapshot(),
            vec![(at(10), "a"), (at(20), "b1"), (at(20), "b2"), (at(30), "c")]
        );
        assert_eq!(timers.pop_due(at(5)), Vec::<&str>::new());
        assert_eq!(timers.pop_due(at(20)), vec!["a", "b1", "b2"]);
        assert_eq!(timers.len(), 1);
        timers.clear();
        assert!(timers.is_empty());
    }

    #[test]
    fn run_due_also_delivers_follow_ups_that_are_already_due() {
        let timers = Arc::new(Timers::new(Arc::new(Clock::default())));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (queue, log) = (Arc::downgrade(&timers), seen.clone());
        timers.set_handler(Arc::new(move |events: Vec<u32>| {
            for event in events {
                lock(&log).push(event);
                if let (true, Some(timers)) = (event < 3, queue.upgrade()) {
                    timers.schedule(at(event.into()), event + 1);
                }
            }
        }));
        timers.schedule(at(0), 1);
        timers.schedule(at(i64::MAX / 2000), 99);
        timers.run_due();
        assert_eq!(*lock(&seen), vec![1, 2, 3]);
        assert_eq!(timers.len(), 1, "the far-future event stays queued");
    }

    #[test]
    fn settled_only_when_nothing_is_due_and_no_batch_is_in_delivery() {
        let clock = Arc::new(Clock::default());
        let timers = Arc::new(Timers::new(clock.clone()));
        let now = clock.now_millis();
        assert!(timers.settled(now), "an empty queue");
        timers.schedule(Timestamp::from_epoch_millis(now + 60_000), 1);
        assert!(timers.settled(now), "only a future event");
        assert!(!timers.settled(now + 60_000), "that event, once due");
        timers.schedule(Timestamp::from_epoch_millis(now), 2);
        assert!(!timers.settled(now), "an event due now");
        let mut delivered = Vec::new();
        timers.run_due_with(|batch| {
            // The batch is off the queue and nothing else is due, yet a caller must still wait.
            assert!(!timers.settled(now));
            timers.clear();
            assert!(!timers.settled(now), "a clear does not end a delivery");
            delivered.extend(batch);
        });
        assert_eq!(delivered, vec![2]);
        assert!(
            timers.settled(now),
            "the delivery ended and the queue was cleared"
        );
        assert!(timers.settled(i64::MAX - 1));
    }

    #[tokio::test]
    async fn the_driver_delivers_due_events_and_wakes_when_the_clock_moves() {
        let clock = Arc::new(Clock::default());
        let timers = Timers::new(clock.clone());
        let (tx, rx) = mpsc::channel();
        let tx = Mutex::new(tx);
        timers.set_handler(Arc::new(move |events: Vec<u32>| {
            for event in events {
                let _ = lock(&tx).send(event);
            }
        }));
        let now = clock.now();
        timers.schedule(now, 1);
        timers.schedule(now.plus_seconds(86_400), 2);
        let first = tokio::task::spawn_blocking(move || {
            let got = rx
                .recv_timeout(Duration::from_secs(5))
                .expect("due event delivered");
            (got, rx)
        })
        .await
        .unwrap();
        assert_eq!(first.0, 1);
        // A day ahead: delivered as soon as the clock is advanced, with no real waiting.
        clock.advance(86_400.0);
        let rx = first.1;
        let second = tokio::task::spawn_blocking(move || rx.recv_timeout(Duration::from_secs(5)))
            .await
            .unwrap();
        assert_eq!(second.expect("advanced event delivered"), 2);
        assert!(timers.is_empty());
    }
}
