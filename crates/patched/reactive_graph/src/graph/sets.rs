//! Types that hold the set of sources or subscribers affiliated with a reactive node.
//!
//! At the moment, these are implemented as linear maps built on a `Vec<_>`. This is for the sake
//! of minimizing binary size as much as possible, and on the assumption that the M:N relationship
//! between sources and subscribers usually consists of fairly small numbers, such that the cost of
//! a linear search is not significantly more expensive than a hash and lookup.

use super::{AnySource, AnySubscriber, Source};
use indexmap::IndexSet;
use rustc_hash::FxHasher;
use std::{hash::BuildHasherDefault, mem};

type FxIndexSet<T> = IndexSet<T, BuildHasherDefault<FxHasher>>;

#[derive(Default, Clone, Debug)]
pub struct SourceSet(FxIndexSet<AnySource>);

impl SourceSet {
    pub fn new() -> Self {
        Self(Default::default())
    }

    pub fn insert(&mut self, source: AnySource) {
        self.0.insert(source);
    }

    pub fn remove(&mut self, source: &AnySource) {
        self.0.shift_remove(source);
    }

    pub fn take(&mut self) -> FxIndexSet<AnySource> {
        mem::take(&mut self.0)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn clear_sources(&mut self, subscriber: &AnySubscriber) {
        for source in self.take() {
            source.remove_subscriber(subscriber);
        }
    }
}

impl IntoIterator for SourceSet {
    type Item = AnySource;
    type IntoIter = <FxIndexSet<AnySource> as IntoIterator>::IntoIter;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a SourceSet {
    type Item = &'a AnySource;
    type IntoIter = <&'a FxIndexSet<AnySource> as IntoIterator>::IntoIter;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}
// PATCHED (plan-explorer, see crates/patched/README.md): a subscriber that is
// dropped (a render effect of a view that was removed, a memo that went out of
// scope) never unsubscribes itself in 0.2.16, so its entry stayed in the sets of
// every source it had read, keeping the allocation behind its `Weak`, for as long
// as that source lived. Long-lived sources (the locale, the route) grew by one
// dead entry per dropped reader. `subscribe` now sweeps dead entries out whenever
// the set has doubled since the last sweep: amortised O(1), order kept.
#[derive(Debug, Default, Clone)]
pub struct SubscriberSet {
    subscribers: FxIndexSet<AnySubscriber>,
    /// The length at which `subscribe` next sweeps out dead subscribers.
    sweep_at: usize,
}

impl SubscriberSet {
    /// Below this length a set is never swept: small sets stay cheap.
    const MIN_SWEEP_LEN: usize = 8;

    pub fn new() -> Self {
        Self {
            subscribers: FxIndexSet::with_capacity_and_hasher(
                2,
                Default::default(),
            ),
            sweep_at: Self::MIN_SWEEP_LEN,
        }
    }

    pub fn subscribe(&mut self, subscriber: AnySubscriber) {
        if self.subscribers.len() >= self.sweep_at {
            self.subscribers.retain(|s| s.1.strong_count() > 0);
            self.sweep_at =
                (self.subscribers.len() * 2).max(Self::MIN_SWEEP_LEN);
        }
        // No new subscriber can share a dead one's address (its key): a dead
        // entry's `Weak` keeps that memory allocated until every set has let go.
        self.subscribers.insert(subscriber);
    }

    pub fn unsubscribe(&mut self, subscriber: &AnySubscriber) {
        // note: do not use `.swap_remove()` here.
        // using `.remove()` is slower because it shifts other items
        // but it maintains the order of the subscribers, which is important
        // to correctness when you're using this to drive something like a UI,
        // which can have nested effects, where the inner one assumes the outer
        // has already run (for example, an outer effect that checks .is_some(),
        // and an inner effect that unwraps)
        self.subscribers.shift_remove(subscriber);
    }

    pub fn take(&mut self) -> FxIndexSet<AnySubscriber> {
        mem::take(&mut self.subscribers)
    }

    pub fn len(&self) -> usize {
        self.subscribers.len()
    }
}

impl IntoIterator for SubscriberSet {
    type Item = AnySubscriber;
    type IntoIter = <FxIndexSet<AnySubscriber> as IntoIterator>::IntoIter;

    fn into_iter(self) -> Self::IntoIter {
        self.subscribers.into_iter()
    }
}

impl<'a> IntoIterator for &'a SubscriberSet {
    type Item = &'a AnySubscriber;
    type IntoIter = <&'a FxIndexSet<AnySubscriber> as IntoIterator>::IntoIter;

    fn into_iter(self) -> Self::IntoIter {
        self.subscribers.iter()
    }
}

// PATCHED (plan-explorer): the sweep's tests.
#[cfg(test)]
mod sweep_tests {
    use super::SubscriberSet;
    use crate::graph::{
        AnySource, AnySubscriber, ReactiveNode, Subscriber,
    };
    use std::sync::{Arc, Weak};

    struct Reader;

    impl ReactiveNode for Reader {
        fn mark_dirty(&self) {}
        fn mark_check(&self) {}
        fn mark_subscribers_check(&self) {}
        fn update_if_necessary(&self) -> bool {
            false
        }
    }

    impl Subscriber for Reader {
        fn add_source(&self, _: AnySource) {}
        fn clear_sources(&self, _: &AnySubscriber) {}
    }

    fn subscriber_of(reader: &Arc<Reader>) -> AnySubscriber {
        AnySubscriber(
            Arc::as_ptr(reader) as usize,
            Arc::downgrade(reader) as Weak<dyn Subscriber + Send + Sync>,
        )
    }

    #[test]
    fn dropped_readers_do_not_pile_up() {
        let mut set = SubscriberSet::new();
        let live: Vec<Arc<Reader>> = (0..5).map(|_| Arc::new(Reader)).collect();
        for reader in &live {
            set.subscribe(subscriber_of(reader));
        }
        // Ten thousand readers that subscribe and are dropped, as the views
        // of a long session do with the locale and the route.
        for _ in 0..10_000 {
            let reader = Arc::new(Reader);
            set.subscribe(subscriber_of(&reader));
        }
        assert!(set.len() <= 32, "{} entries kept", set.len());
        // The live ones are all still there, in their order.
        let kept: Vec<usize> = (&set)
            .into_iter()
            .filter(|s| s.1.strong_count() > 0)
            .map(|s| s.0)
            .collect();
        let expected: Vec<usize> =
            live.iter().map(|r| Arc::as_ptr(r) as usize).collect();
        assert_eq!(kept, expected);
    }

    #[test]
    fn live_readers_are_never_swept() {
        let mut set = SubscriberSet::new();
        let live: Vec<Arc<Reader>> =
            (0..1_000).map(|_| Arc::new(Reader)).collect();
        for reader in &live {
            set.subscribe(subscriber_of(reader));
        }
        assert_eq!(set.len(), 1_000);
    }
}
