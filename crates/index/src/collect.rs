//! How a search visits the index: the best pages of a query (block-max WAND where the query is
//! a union or intersection of terms), and the total and facet counts, counted exactly up to a
//! bound. Both see only the pages the searcher may see: the `access` column is read for every
//! candidate, so a page of a record above the searcher's confidentiality never reaches a hit, a
//! total or a facet count.

use crate::Result;
use aktenscan_model::Clearance;
use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeMap, BinaryHeap, HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering as Atomic};
use std::sync::{Arc, Mutex};
use tantivy::columnar::Column;
use tantivy::index::SegmentId;
use tantivy::query::{EnableScoring, Query};
use tantivy::schema::Facet;
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, SegmentReader, TERMINATED};

/// Searches running in this process now. A search counts its segments on several threads only
/// while it runs alone: beside other searches (a server under load) the cores are busy
/// already, and starting threads for each search only costs.
static RUNNING: AtomicUsize = AtomicUsize::new(0);

/// One running search, counted in [`RUNNING`] until dropped.
pub(crate) struct Running;

impl Running {
    pub(crate) fn start() -> Running {
        RUNNING.fetch_add(1, Atomic::AcqRel);
        Running
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        RUNNING.fetch_sub(1, Atomic::AcqRel);
    }
}

/// The pages of each segment that a clearance may see, worked out once per segment and
/// clearance and kept (a segment's pages never change; a deleted page is checked apart): a
/// search then checks a bit per page instead of reading three columns. A town hall has a few
/// dozen clearances; what is kept is at most [`MEMO_BYTES`], and forgotten as a whole beyond.
#[derive(Debug, Default)]
pub(crate) struct VisibleMemo {
    sets: Mutex<Kept>,
}

/// The bits of each segment and clearance kept, and their size in bytes.
#[derive(Debug, Default)]
struct Kept {
    bits: HashMap<(SegmentId, String), Arc<Vec<u64>>>,
    bytes: usize,
}

/// The most the memo keeps: a bit per page, so 64 MiB are 512 million page bits.
const MEMO_BYTES: usize = 64 << 20;

impl VisibleMemo {
    fn get_or_make(
        &self,
        segment: SegmentId,
        key: &str,
        make: impl FnOnce() -> Result<Vec<u64>>,
    ) -> Result<Arc<Vec<u64>>> {
        let id = (segment, key.to_string());
        if let Some(set) = self.lock().bits.get(&id) {
            return Ok(set.clone());
        }
        let set = Arc::new(make()?);
        let mut memo = self.lock();
        let bytes = set.len() * 8;
        if memo.bytes + bytes > MEMO_BYTES {
            memo.bits.clear();
            memo.bytes = 0;
        }
        memo.bytes += bytes;
        memo.bits.insert(id, set.clone());
        Ok(set)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Kept> {
        self.sets.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The facet paths of each segment by ordinal (`/jahr/1987`), read once per segment and kept
/// (a segment never changes): a search's tally names the ordinals it counted from here instead
/// of looking each up in the segment's dictionary (2–3 % of a saturated server's time).
#[derive(Debug, Default)]
pub(crate) struct FacetNames {
    segments: Mutex<HashMap<SegmentId, Arc<Vec<Arc<str>>>>>,
}

/// Segments whose facet paths are kept at most; beyond, all are forgotten (an index has a few
/// dozen segments, merged ones leave their names behind).
const FACET_SEGMENTS_KEPT: usize = 1024;

impl FacetNames {
    /// The paths of a segment's facets, by ordinal.
    fn of(&self, reader: &SegmentReader) -> Result<Arc<Vec<Arc<str>>>> {
        let id = reader.segment_id();
        if let Some(names) = self.lock().get(&id) {
            return Ok(names.clone());
        }
        let facets = reader.facet_reader("facets")?;
        let mut facet = Facet::root();
        let mut names = Vec::with_capacity(facets.num_facets());
        for ord in 0..facets.num_facets() as u64 {
            facets.facet_from_ord(ord, &mut facet)?;
            names.push(Arc::from(facet.to_path_string()));
        }
        let names = Arc::new(names);
        let mut kept = self.lock();
        if kept.len() >= FACET_SEGMENTS_KEPT {
            kept.clear();
        }
        kept.insert(id, names.clone());
        Ok(names)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<SegmentId, Arc<Vec<Arc<str>>>>> {
        self.segments.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// What a searcher may see: the `access` codes (see [`crate::search::access_code`]), whether
/// pages with personal data, and which offices and Aktenplan units ([`Clearance`], applied
/// through the `scope` column).
#[derive(Debug, Clone)]
pub(crate) struct Visible<'m> {
    levels: [bool; 6],
    clearance: Clearance,
    /// What the memo knows this by: the levels and the whole clearance.
    key: String,
    memo: &'m VisibleMemo,
}

impl Visible<'_> {
    pub(crate) fn of<'m>(
        codes: impl IntoIterator<Item = u64>,
        clearance: &Clearance,
        memo: &'m VisibleMemo,
    ) -> Visible<'m> {
        let mut levels = [false; 6];
        for c in codes {
            if let Some(slot) = levels.get_mut(c as usize) {
                *slot = true;
            }
        }
        Visible {
            levels,
            clearance: clearance.clone(),
            key: format!("{levels:?} {clearance:?}"),
            memo,
        }
    }

    /// The check for one segment: whether a page is alive and visible, from the segment's
    /// bits for this clearance ([`VisibleMemo`]; worked out by [`Visible::judged`] the first
    /// time).
    fn in_segment<'a>(&'a self, reader: &'a SegmentReader) -> Result<impl Fn(DocId) -> bool + 'a> {
        let bits = self.memo.get_or_make(reader.segment_id(), &self.key, || {
            let judge = self.judged(reader)?;
            let mut bits = vec![0u64; (reader.max_doc() as usize).div_ceil(64)];
            for doc in 0..reader.max_doc() {
                if judge(doc) {
                    bits[doc as usize / 64] |= 1 << (doc % 64);
                }
            }
            Ok(bits)
        })?;
        let alive = reader.alive_bitset();
        Ok(move |doc: DocId| {
            alive.is_none_or(|a| a.is_alive(doc))
                && bits
                    .get(doc as usize / 64)
                    .is_some_and(|word| word & (1 << (doc % 64)) != 0)
        })
    }

    /// Whether a page of the segment is visible, read from its columns (deleted or not). The
    /// `scope` column's terms (`amt:…`, `plan:…`) are judged once per segment.
    fn judged<'a>(&'a self, reader: &'a SegmentReader) -> Result<impl Fn(DocId) -> bool + 'a> {
        let access: Column<u64> = reader.fast_fields().u64("access")?;
        let personal: Column<u64> = reader.fast_fields().u64("personal_data")?;
        let everything = self.clearance.sees_everything();
        let scope = if everything {
            None
        } else {
            reader.fast_fields().str("scope")?
        };
        let mut granted = Vec::new();
        if let Some(column) = &scope {
            let mut term = String::new();
            for ord in 0..column.num_terms() as u64 {
                term.clear();
                let known =
                    column
                        .ord_to_str(ord, &mut term)
                        .map_err(|source| crate::IndexError::Io {
                            path: std::path::PathBuf::from(crate::INDEX_DIR),
                            source,
                        })?;
                granted.push(known && scope_admits(&self.clearance, &term));
            }
        }
        Ok(move |doc: DocId| {
            access
                .first(doc)
                .and_then(|c| self.levels.get(c as usize).copied())
                .unwrap_or(false)
                && (self.clearance.personal_data || personal.first(doc) == Some(0))
                && (everything
                    || scope.as_ref().is_some_and(|column| {
                        column
                            .term_ords(doc)
                            .any(|ord| granted.get(ord as usize).copied().unwrap_or(false))
                    }))
        })
    }
}

/// Whether a term of the `scope` column is within the clearance's offices and units.
fn scope_admits(clearance: &Clearance, term: &str) -> bool {
    if let Some(office) = term.strip_prefix(crate::SCOPE_OFFICE) {
        clearance.admits_office(office)
    } else if let Some(unit) = term.strip_prefix(crate::SCOPE_UNIT) {
        clearance.admits_unit(unit)
    } else {
        false
    }
}

/// A scored page; orders by score, then by address (earlier first) so results are stable.
#[derive(Clone, Copy, PartialEq)]
struct Scored(Score, DocAddress);

impl Eq for Scored {}

impl PartialOrd for Scored {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Scored {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0
            .total_cmp(&other.0)
            .then_with(|| other.1.cmp(&self.1))
    }
}

/// The `k` best visible pages of a query by score, leaving out those in `taken`. Segments whose
/// query is a union or an intersection of terms are searched by block-max WAND, which skips the
/// blocks of pages that cannot beat the `k`-th best so far.
pub(crate) fn best(
    searcher: &Searcher,
    query: &dyn Query,
    k: usize,
    visible: &Visible,
    taken: &HashSet<DocAddress>,
) -> Result<Vec<(Score, DocAddress)>> {
    if k == 0 {
        return Ok(Vec::new());
    }
    let weight = query.weight(EnableScoring::enabled_from_searcher(searcher))?;
    let mut heap: BinaryHeap<Reverse<Scored>> = BinaryHeap::with_capacity(k + 1);
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let shown = visible.in_segment(reader)?;
        let floor = |heap: &BinaryHeap<Reverse<Scored>>| {
            if heap.len() >= k {
                heap.peek().map_or(Score::MIN, |r| r.0 .0)
            } else {
                Score::MIN
            }
        };
        let start = floor(&heap);
        weight.for_each_pruning(start, reader, &mut |doc, score| {
            let address = DocAddress::new(ord as u32, doc);
            if shown(doc) && !taken.contains(&address) {
                heap.push(Reverse(Scored(score, address)));
                if heap.len() > k {
                    heap.pop();
                }
            }
            floor(&heap)
        })?;
    }
    let mut out: Vec<Scored> = heap.into_iter().map(|r| r.0).collect();
    out.sort_by(|a, b| b.cmp(a));
    Ok(out.into_iter().map(|s| (s.0, s.1)).collect())
}

/// The `k` newest visible pages of a query (by the `date` column; undated pages last).
pub(crate) fn newest(
    searcher: &Searcher,
    query: &dyn Query,
    k: usize,
    visible: &Visible,
) -> Result<Vec<DocAddress>> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let mut heap: BinaryHeap<Reverse<(i64, Reverse<DocAddress>)>> = BinaryHeap::new();
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let shown = visible.in_segment(reader)?;
        let date: Column<i64> = reader.fast_fields().i64("date")?;
        weight.for_each_no_score(reader, &mut |docs| {
            for &doc in docs {
                if !shown(doc) {
                    continue;
                }
                let key = date.first(doc).unwrap_or(i64::MIN);
                heap.push(Reverse((key, Reverse(DocAddress::new(ord as u32, doc)))));
                if heap.len() > k {
                    heap.pop();
                }
            }
        })?;
    }
    let mut out: Vec<(i64, Reverse<DocAddress>)> = heap.into_iter().map(|r| r.0).collect();
    out.sort_by(|a, b| b.cmp(a));
    Ok(out.into_iter().map(|(_, a)| a.0).collect())
}

/// Visible pages matching a query, counted up to a bound, with their facet counts.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    pub total: usize,
    /// Whether every match was counted (`false`: there are more than `total`).
    pub complete: bool,
    /// Pages per facet path (`/jahr/1987`), over the pages counted.
    pub facets: BTreeMap<String, u64>,
}

/// One segment's part of a [`tally`]: its matches, counted so far, and their facet ordinals.
struct SegmentCount<'r> {
    reader: &'r SegmentReader,
    scorer: Box<dyn tantivy::query::Scorer>,
    total: usize,
    counts: Vec<u64>,
}

impl SegmentCount<'_> {
    /// Counts on until `upto` visible pages are counted in this segment or it has no more.
    fn count_to(&mut self, visible: &Visible, upto: usize) -> Result<()> {
        let shown = visible.in_segment(self.reader)?;
        let facets = self.reader.facet_reader("facets")?;
        let mut doc = self.scorer.doc();
        while doc != TERMINATED && self.total < upto {
            if shown(doc) {
                self.total += 1;
                for ord in facets.facet_ords(doc) {
                    let ord = ord as usize;
                    if self.counts.len() <= ord {
                        self.counts.resize(ord + 1, 0);
                    }
                    self.counts[ord] += 1;
                }
            }
            doc = self.scorer.advance();
        }
        Ok(())
    }

    /// Whether a further visible page follows where counting stopped.
    fn has_more(&mut self, visible: &Visible) -> Result<bool> {
        let shown = visible.in_segment(self.reader)?;
        let mut doc = self.scorer.doc();
        while doc != TERMINATED && !shown(doc) {
            doc = self.scorer.advance();
        }
        Ok(doc != TERMINATED)
    }
}

/// The cores this process may use, asked once (the answer reads the cgroup's files: 0.6 % of
/// a saturated server's time when asked per search).
fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Counts the visible pages of a query and their facets, stopping at `bound`. Every segment
/// first counts up to its share of the bound by its size (the segments in parallel, on up to
/// four threads, while no other search runs), so that the facet counts of a large result come
/// from the whole index and not only from its oldest segment; what is left of the bound is
/// then counted segment by segment.
pub(crate) fn tally(
    searcher: &Searcher,
    query: &dyn Query,
    visible: &Visible,
    names: &FacetNames,
    bound: usize,
) -> Result<Tally> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let readers = searcher.segment_readers();
    let all_docs: u64 = readers.iter().map(|r| u64::from(r.max_doc())).sum();
    let mut segments = Vec::with_capacity(readers.len());
    for reader in readers {
        segments.push(SegmentCount {
            reader,
            scorer: weight.scorer(reader, 1.0)?,
            total: 0,
            counts: Vec::new(),
        });
    }
    let share = |reader: &SegmentReader| {
        ((bound as u64 * u64::from(reader.max_doc())) / all_docs.max(1)) as usize
    };
    let threads = if RUNNING.load(Atomic::Acquire) > 1 {
        1
    } else {
        cores().clamp(1, 4)
    };
    let count_shares = |part: &mut [SegmentCount]| -> Result<()> {
        for segment in part {
            segment.count_to(visible, share(segment.reader))?;
        }
        Ok(())
    };
    if threads == 1 {
        count_shares(&mut segments)?;
    } else {
        let chunk = segments.len().div_ceil(threads).max(1);
        let count_shares = &count_shares;
        std::thread::scope(|scope| {
            let workers: Vec<_> = segments
                .chunks_mut(chunk)
                .map(|part| scope.spawn(move || count_shares(part)))
                .collect();
            workers
                .into_iter()
                .try_for_each(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
        })?;
    }
    let mut total: usize = segments.iter().map(|s| s.total).sum();
    for segment in &mut segments {
        if total >= bound {
            break;
        }
        let before = segment.total;
        segment.count_to(visible, before + (bound - total))?;
        total += segment.total - before;
    }
    let mut complete = true;
    let mut counted: HashMap<Arc<str>, u64> = HashMap::new();
    for segment in &mut segments {
        if complete && segment.has_more(visible)? {
            complete = false;
        }
        let paths = names.of(segment.reader)?;
        for (ord, n) in segment.counts.iter().enumerate().filter(|(_, n)| **n > 0) {
            if let Some(path) = paths.get(ord) {
                *counted.entry(path.clone()).or_default() += n;
            }
        }
    }
    Ok(Tally {
        total: total.min(bound),
        complete,
        facets: counted
            .into_iter()
            .map(|(path, n)| (path.to_string(), n))
            .collect(),
    })
}
