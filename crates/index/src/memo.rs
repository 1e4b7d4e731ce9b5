//! What a search works out once per index segment and keeps: a segment never changes once
//! written (a deleted page is checked apart), so a value made from it stays true until the
//! segment is merged away. A segment's values are forgotten when the searches read a commit
//! without it; all are forgotten when they would pass a budget of bytes.

use crate::Result;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, MutexGuard};
use tantivy::index::SegmentId;

/// The size of a kept value, for the memo's budget.
pub(crate) trait Weigh {
    fn bytes(&self) -> usize;
}

/// Values of each segment and key (`()` for one value a segment), at most `budget` bytes.
#[derive(Debug)]
pub(crate) struct SegmentMemo<K, V> {
    kept: Mutex<Kept<K, V>>,
    budget: usize,
}

#[derive(Debug)]
struct Kept<K, V> {
    values: HashMap<(SegmentId, K), Arc<V>>,
    bytes: usize,
}

impl<K: Eq + Hash, V: Weigh> SegmentMemo<K, V> {
    pub(crate) fn new(budget: usize) -> Self {
        SegmentMemo {
            kept: Mutex::new(Kept {
                values: HashMap::new(),
                bytes: 0,
            }),
            budget,
        }
    }

    /// The kept value of a segment and key, made by `make` (outside the lock) the first time.
    /// Two searches may both make a missing value; the later one is kept.
    pub(crate) fn get_or_make(
        &self,
        segment: SegmentId,
        key: K,
        make: impl FnOnce() -> Result<V>,
    ) -> Result<Arc<V>> {
        let id = (segment, key);
        if let Some(value) = self.lock().values.get(&id) {
            return Ok(value.clone());
        }
        let value = Arc::new(make()?);
        let bytes = value.bytes();
        let mut kept = self.lock();
        if kept.bytes + bytes > self.budget {
            kept.values.clear();
            kept.bytes = 0;
        }
        kept.bytes += bytes;
        if let Some(old) = kept.values.insert(id, value.clone()) {
            kept.bytes -= old.bytes();
        }
        Ok(value)
    }

    /// Forgets the values of the segments `keep` says no to (segments merged away: the
    /// searches read a new commit).
    pub(crate) fn retain_segments(&self, keep: impl Fn(&SegmentId) -> bool) {
        let mut kept = self.lock();
        let mut freed = 0;
        kept.values.retain(|(segment, _), value| {
            let stays = keep(segment);
            if !stays {
                freed += value.bytes();
            }
            stays
        });
        kept.bytes = kept.bytes.saturating_sub(freed);
    }

    /// The bytes kept now.
    #[cfg(test)]
    pub(crate) fn bytes(&self) -> usize {
        self.lock().bytes
    }

    /// A search that panicked while holding the lock left the map whole (each change is one
    /// insert or clear), so the lock is taken over.
    fn lock(&self) -> MutexGuard<'_, Kept<K, V>> {
        self.kept.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Weigh for Vec<u64> {
    fn bytes(&self) -> usize {
        self.len() * 8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment() -> SegmentId {
        SegmentId::generate_random()
    }

    #[test]
    fn a_value_is_made_once_per_segment_and_key() {
        let memo: SegmentMemo<&str, Vec<u64>> = SegmentMemo::new(1 << 20);
        let (a, b) = (segment(), segment());
        let mut made = 0;
        for _ in 0..3 {
            for (seg, key) in [(a, "x"), (a, "y"), (b, "x")] {
                memo.get_or_make(seg, key, || {
                    made += 1;
                    Ok(vec![made])
                })
                .unwrap();
            }
        }
        assert_eq!(made, 3, "three segment-and-key pairs, each made once");
        assert_eq!(*memo.get_or_make(a, "y", || Ok(vec![99])).unwrap(), vec![2]);
        assert_eq!(memo.bytes(), 3 * 8);
    }

    #[test]
    fn past_the_budget_everything_is_forgotten_and_made_anew() {
        let memo: SegmentMemo<(), Vec<u64>> = SegmentMemo::new(100);
        let (a, b) = (segment(), segment());
        memo.get_or_make(a, (), || Ok(vec![1; 10])).unwrap();
        assert_eq!(memo.bytes(), 80);
        // 80 + 80 bytes exceed 100: a is forgotten, b kept.
        memo.get_or_make(b, (), || Ok(vec![2; 10])).unwrap();
        assert_eq!(memo.bytes(), 80);
        let again = memo.get_or_make(a, (), || Ok(vec![3; 10])).unwrap();
        assert_eq!(again[0], 3, "a was forgotten and made anew");
    }

    #[test]
    fn a_failed_make_keeps_nothing() {
        let memo: SegmentMemo<(), Vec<u64>> = SegmentMemo::new(100);
        let a = segment();
        let failed = memo.get_or_make(a, (), || {
            Err(crate::IndexError::Schema("no such column".into()))
        });
        assert!(failed.is_err());
        assert_eq!(memo.bytes(), 0);
        assert_eq!(memo.get_or_make(a, (), || Ok(vec![7])).unwrap()[0], 7);
    }

    #[test]
    fn the_values_of_segments_merged_away_are_forgotten() {
        let memo: SegmentMemo<(), Vec<u64>> = SegmentMemo::new(1 << 20);
        let (merged, live) = (segment(), segment());
        memo.get_or_make(merged, (), || Ok(vec![1; 4])).unwrap();
        memo.get_or_make(live, (), || Ok(vec![2; 2])).unwrap();
        memo.retain_segments(|s| *s == live);
        assert_eq!(
            memo.bytes(),
            16,
            "only the live segment's two words are kept"
        );
        assert_eq!(memo.get_or_make(live, (), || Ok(vec![9])).unwrap()[0], 2);
        assert_eq!(memo.get_or_make(merged, (), || Ok(vec![9])).unwrap()[0], 9);
    }
}
