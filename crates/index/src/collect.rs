//! How a search visits the index: the best pages of a query (block-max WAND where the query is
//! a union or intersection of terms), and the total and facet counts, counted exactly up to a
//! bound. Both see only the pages the searcher may see: the `access` column is read for every
//! candidate, so a page of a record above the searcher's confidentiality never reaches a hit, a
//! total or a facet count.

use crate::memo::{SegmentMemo, Weigh};
use crate::Result;
use aktenscan_model::Clearance;
use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeMap, BinaryHeap, HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering as Atomic};
use std::sync::Arc;
use tantivy::columnar::Column;
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

/// The pages of each segment that a clearance may see, a bit per page, worked out once per
/// segment and clearance (the key: levels and clearance) and kept: a search then checks a bit
/// per page instead of reading three columns. A town hall has a few dozen clearances; a bit
/// per page makes 64 MiB 512 million page bits.
pub(crate) type VisibleMemo = SegmentMemo<Arc<str>, Vec<u64>>;

/// The most the visibility memo keeps.
pub(crate) const VISIBLE_BYTES: usize = 64 << 20;

/// Each segment's facets, read once ([`SegmentFacets`]).
pub(crate) type FacetMemo = SegmentMemo<(), SegmentFacets>;

/// The most the facet memo keeps: 4 bytes a facet of a page (a page has at most four: plan,
/// jahr, amt, typ) and 4 a page, so a million pages take some 20 MB, and the budget holds
/// 13 million.
pub(crate) const FACET_BYTES: usize = 256 << 20;

/// A segment's facets as a tally reads them: each page's facet ordinals side by side, and the
/// facet and value of each ordinal (`jahr`, `1987`). Reading the ordinals from tantivy's facet
/// column looks each page up in the column's index (half of a saturated server's tally); here
/// a page's ordinals are a slice.
#[derive(Debug)]
pub(crate) struct SegmentFacets {
    /// The ordinals of page `doc` are `ords[starts[doc]..starts[doc + 1]]`.
    starts: Vec<u32>,
    ords: Vec<u32>,
    /// By ordinal; a path of another depth than two (`/jahr`, never indexed) is `("", "")`.
    names: Vec<(Arc<str>, Arc<str>)>,
}

impl SegmentFacets {
    fn read(reader: &SegmentReader) -> Result<SegmentFacets> {
        let column = reader.facet_reader("facets")?;
        let too_many = || {
            crate::IndexError::Tantivy(tantivy::TantivyError::InternalError(format!(
                "segment {}: more facet values than a tally counts",
                reader.segment_id().short_uuid_string()
            )))
        };
        let mut starts = Vec::with_capacity(reader.max_doc() as usize + 1);
        let mut ords = Vec::new();
        starts.push(0);
        for doc in 0..reader.max_doc() {
            for ord in column.facet_ords(doc) {
                ords.push(u32::try_from(ord).map_err(|_| too_many())?);
            }
            starts.push(u32::try_from(ords.len()).map_err(|_| too_many())?);
        }
        let mut facet = Facet::root();
        let mut names = Vec::with_capacity(column.num_facets());
        for ord in 0..column.num_facets() as u64 {
            column.facet_from_ord(ord, &mut facet)?;
            names.push(match facet.to_path().as_slice() {
                [name, value] => (Arc::from(*name), Arc::from(*value)),
                _ => (Arc::from(""), Arc::from("")),
            });
        }
        Ok(SegmentFacets {
            starts,
            ords,
            names,
        })
    }

    /// The facet ordinals of a page (none for a page beyond the segment).
    fn of(&self, doc: DocId) -> &[u32] {
        let doc = doc as usize;
        match (self.starts.get(doc), self.starts.get(doc + 1)) {
            (Some(&from), Some(&to)) => self.ords.get(from as usize..to as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

impl Weigh for SegmentFacets {
    fn bytes(&self) -> usize {
        (self.starts.len() + self.ords.len()) * 4
            + self
                .names
                .iter()
                .map(|(name, value)| name.len() + value.len() + 32)
                .sum::<usize>()
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
    key: Arc<str>,
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
            key: Arc::from(format!("{levels:?} {clearance:?}")),
            memo,
        }
    }

    /// The check for one segment: whether a page is alive and visible, from the segment's
    /// bits for this clearance ([`VisibleMemo`]; worked out by [`Visible::judged`] the first
    /// time).
    fn in_segment<'a>(&'a self, reader: &'a SegmentReader) -> Result<impl Fn(DocId) -> bool + 'a> {
        let bits = self
            .memo
            .get_or_make(reader.segment_id(), self.key.clone(), || {
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
    /// Pages per facet and value (`jahr` → `1987` → pages), over the pages counted.
    pub facets: HashMap<Arc<str>, BTreeMap<String, u64>>,
}

/// One segment's part of a [`tally`]: its matches, counted so far, and their facet ordinals.
struct SegmentCount<'r> {
    reader: &'r SegmentReader,
    scorer: Box<dyn tantivy::query::Scorer>,
    facets: Arc<SegmentFacets>,
    total: usize,
    counts: Vec<u64>,
}

impl SegmentCount<'_> {
    /// Counts on until `upto` visible pages are counted in this segment or it has no more.
    fn count_to(&mut self, visible: &Visible, upto: usize) -> Result<()> {
        let shown = visible.in_segment(self.reader)?;
        self.counts.resize(self.facets.names.len(), 0);
        let mut doc = self.scorer.doc();
        while doc != TERMINATED && self.total < upto {
            if shown(doc) {
                self.total += 1;
                for &ord in self.facets.of(doc) {
                    if let Some(n) = self.counts.get_mut(ord as usize) {
                        *n += 1;
                    }
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
    facets: &FacetMemo,
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
            facets: facets.get_or_make(reader.segment_id(), (), || SegmentFacets::read(reader))?,
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
    let mut facets: HashMap<Arc<str>, BTreeMap<String, u64>> = HashMap::new();
    for segment in &mut segments {
        if complete && segment.has_more(visible)? {
            complete = false;
        }
        for (ord, n) in segment.counts.iter().enumerate().filter(|(_, n)| **n > 0) {
            if let Some((facet, value)) = segment.facets.names.get(ord) {
                let values = facets.entry(facet.clone()).or_default();
                match values.get_mut(&**value) {
                    Some(sum) => *sum += n,
                    None => {
                        values.insert(value.to_string(), *n);
                    }
                }
            }
        }
    }
    Ok(Tally {
        total: total.min(bound),
        complete,
        facets,
    })
}
