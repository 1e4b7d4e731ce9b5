//! The search index of a library: derived data in `L/index/`, one tantivy document per page with
//! its document's and record's fields, rebuilt from the store whenever it is missing, damaged or of
//! another schema version. Searching is in [`search`].

mod boost;
mod collect;
mod fields;
mod memo;
mod query;
mod search;

pub use fields::schema_version;
pub use search::{Facets, Hit, SearchRequest, SearchResults, Sort, COUNT_BOUND, FUZZY_BELOW};

use aktenscan_analysis::{tokenizers, Dictionary};
use aktenscan_store::{DocumentRow, Library, RecordAccess, RecordRow};
use fields::Fields;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tantivy::schema::Facet;
use tantivy::{Index, IndexReader, IndexWriter, TantivyDocument, Term};

/// Caps glibc's malloc arenas at one per core (at least 2, at most 8), once per process.
/// glibc's default of eight per core let the resident memory of a long build climb with every
/// segment merge (516 → 863 MB over a million pages, index-schema/README.md); capped, it stays
/// near the writer's heap. Other allocators and systems are left as they are.
fn cap_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
            let arenas = cores.clamp(2, 8) as libc::c_int;
            // SAFETY: mallopt only sets a tunable of glibc's allocator; it takes effect for
            // arenas created afterwards and touches no memory of ours.
            unsafe { libc::mallopt(libc::M_ARENA_MAX, arenas) };
        });
    }
}

/// The `scope` column's prefix of a record's office (Organisationseinheit).
pub(crate) const SCOPE_OFFICE: &str = "amt:";
/// The `scope` column's prefix of a record's Aktenplan unit.
pub(crate) const SCOPE_UNIT: &str = "plan:";

/// The index folder inside a library.
pub const INDEX_DIR: &str = "index";
/// File in the index folder holding the schema version it was built with.
const VERSION_FILE: &str = "aktenscan-schema-version";
/// How the index writer works: its memory, its threads and when segments stop being merged.
/// The defaults are the measured best of `bench/run.sh` (index-schema/README.md).
#[derive(Debug, Clone, Copy)]
pub struct WriterSettings {
    /// Memory of all writer threads together; a thread writes a segment when its share is full.
    pub heap_bytes: usize,
    /// Threads analysing and indexing pages (0: one per core, at most 8).
    pub threads: usize,
    /// Segments of more pages than this are not merged any more (fewer rewrites of the index
    /// while a large library is built; a search visits a few more segments).
    pub max_docs_before_merge: usize,
}

impl Default for WriterSettings {
    fn default() -> WriterSettings {
        WriterSettings {
            heap_bytes: 200_000_000,
            threads: 0,
            max_docs_before_merge: 250_000,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error(transparent)]
    Store(#[from] aktenscan_store::StoreError),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("index-schema/schema.json: {0}")]
    Schema(String),
    #[error("query: {0}")]
    Query(String),
}

pub type Result<T> = std::result::Result<T, IndexError>;

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> IndexError + '_ {
    move |source| IndexError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Progress of a rebuild: pages indexed so far and in all.
pub type RebuildProgress<'a> = &'a mut dyn FnMut(usize, usize);

/// An open search index. A clone shares the index, its reader and what was worked out for it
/// (the workspaces of one process search one reader, which reads each commit once).
#[derive(Clone)]
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    /// Which pages of each segment each clearance may see, once worked out.
    visible: Arc<collect::VisibleMemo>,
    /// The facets of each segment, once read.
    facets: Arc<collect::FacetMemo>,
    /// Reads a commit made by another handle of the index (another process, a merge) a
    /// moment after it; dropped with the last clone.
    _watch: Arc<tantivy::directory::WatchHandle>,
}

/// The note to show when no German word list is found (compounds are then indexed whole only).
pub fn word_list_note() -> Option<String> {
    Dictionary::system().is_none().then(|| {
        format!(
            "no German word list at {} (Debian package wngerman; or set AKTENSCAN_WORDLIST): compound words are indexed whole only",
            aktenscan_analysis::SYSTEM_WORD_LIST
        )
    })
}

impl SearchIndex {
    /// Opens the library's index, rebuilding it when it is missing, damaged or of another schema
    /// version. Returns the reason when it was rebuilt.
    pub fn open(lib: &Library, progress: RebuildProgress) -> Result<(SearchIndex, Option<String>)> {
        let dir = lib.root().join(INDEX_DIR);
        let reason = match std::fs::read_to_string(dir.join(VERSION_FILE)) {
            Err(_) if !dir.exists() => "no index yet".to_string(),
            Err(_) => "index is incomplete".to_string(),
            Ok(v) if v.trim() != schema_version()?.to_string() => {
                format!(
                    "index has schema version {}, this build uses {}",
                    v.trim(),
                    schema_version()?
                )
            }
            Ok(_) => match SearchIndex::open_dir(&dir) {
                Ok(index) => return Ok((index, None)),
                Err(e) => format!("index is damaged ({e})"),
            },
        };
        Ok((SearchIndex::rebuild(lib, progress)?, Some(reason)))
    }

    /// Opens the index in a folder of its own, without a library (benchmarks).
    pub fn open_dir(dir: &Path) -> Result<SearchIndex> {
        let index = Index::open_in_dir(dir)?;
        let fields = Fields::new(&index.schema())?;
        tokenizers::register(index.tokenizers(), Dictionary::system());
        // A search runs on the caller's thread (segment after segment, block-max WAND skipping
        // most of each): many searches at once share the cores better than one spread over them.
        let reader = index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .doc_store_cache_num_blocks(STORED_BLOCKS_KEPT)
            .try_into()?;
        let visible = Arc::new(collect::VisibleMemo::new(collect::VISIBLE_BYTES));
        let facets = Arc::new(collect::FacetMemo::new(collect::FACET_BYTES));
        let watch = {
            let (watched, reader) = (index.clone(), reader.clone());
            let (visible, facets) = (visible.clone(), facets.clone());
            tantivy::directory::Directory::watch(
                index.directory(),
                tantivy::directory::WatchCallback::new(move || {
                    // A failed read leaves the searches on the commit before; the next
                    // change or refresh tries again.
                    let _ = read_newest(&watched, &reader, &visible, &facets);
                }),
            )?
        };
        Ok(SearchIndex {
            index,
            reader,
            fields,
            visible,
            facets,
            _watch: Arc::new(watch),
        })
    }

    /// Builds the index anew from every page of the store, beside the old one, then swaps it in.
    pub fn rebuild(lib: &Library, progress: RebuildProgress) -> Result<SearchIndex> {
        let dir = lib.root().join(INDEX_DIR);
        let fresh = lib.root().join(format!("{INDEX_DIR}.new"));
        if fresh.exists() {
            std::fs::remove_dir_all(&fresh).map_err(io(&fresh))?;
        }
        let created = SearchIndex::create_dir(&fresh)?;
        {
            let mut indexer = created.indexer()?;
            let records = lib.records()?;
            let mut docs = Vec::new();
            for record in &records {
                for doc in lib.documents(&record.id)? {
                    docs.push((record, doc));
                }
            }
            let total = docs.iter().map(|(_, d)| d.page_count.max(0) as usize).sum();
            let mut done = 0;
            progress(0, total);
            for (record, doc) in docs {
                done += indexer.add_pages(lib, record, &doc)?;
                progress(done, total);
            }
            indexer.finish()?;
        }
        drop(created);
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(io(&dir))?;
        }
        std::fs::rename(&fresh, &dir).map_err(io(&dir))?;
        SearchIndex::open_dir(&dir)
    }

    /// Creates an empty index in a new folder (a library's rebuild, benchmarks).
    pub fn create_dir(dir: &Path) -> Result<SearchIndex> {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        Index::create_in_dir(dir, fields::build_schema()?)?;
        std::fs::write(dir.join(VERSION_FILE), schema_version()?.to_string()).map_err(io(dir))?;
        SearchIndex::open_dir(dir)
    }

    /// The one writer of this index (tantivy refuses a second one while it lives). Waits while
    /// another writer of this process lives (a scan's job, the hot folder's, a page edit), so
    /// that they take turns instead of failing.
    pub fn indexer(&self) -> Result<Indexer> {
        self.indexer_with(WriterSettings::default())
    }

    /// [`SearchIndex::indexer`] with settings of one's own (benchmarks).
    pub fn indexer_with(&self, settings: WriterSettings) -> Result<Indexer> {
        cap_malloc_arenas();
        let turn = WRITER_TURN.lock().unwrap_or_else(|e| e.into_inner());
        let writer = if settings.threads == 0 {
            self.index.writer(settings.heap_bytes)?
        } else {
            self.index
                .writer_with_num_threads(settings.threads, settings.heap_bytes)?
        };
        let mut merging = tantivy::indexer::LogMergePolicy::default();
        merging.set_max_docs_before_merge(settings.max_docs_before_merge);
        writer.set_merge_policy(Box::new(merging));
        Ok(Indexer {
            writer,
            read: self.clone(),
            fields: self.fields,
            _turn: turn,
        })
    }

    /// Reads the newest commit now (another handle of the index, in this process or another,
    /// changed it), rather than a moment later when the reader would by itself. Costs a look
    /// at the index's list of segments when nothing changed.
    pub fn refresh(&self) -> Result<()> {
        read_newest(&self.index, &self.reader, &self.visible, &self.facets)
    }

    /// Number of pages in the index.
    pub fn pages(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Bytes on disk by field (term dictionary, postings, positions, norms and fast columns)
    /// and for the stored values (`stored`), largest first: what the index spends its size on.
    pub fn space_by_field(&self) -> Result<Vec<(String, u64)>> {
        let usage = self
            .reader
            .searcher()
            .space_usage()
            .map_err(|source| IndexError::Io {
                path: PathBuf::from(INDEX_DIR),
                source,
            })?;
        let mut by_field: std::collections::BTreeMap<String, u64> = Default::default();
        for segment in usage.segments() {
            for part in [
                segment.termdict(),
                segment.postings(),
                segment.positions(),
                segment.fieldnorms(),
                segment.fast_fields(),
            ] {
                for field in part.fields() {
                    *by_field.entry(field.field_name().to_string()).or_default() +=
                        field.total().get_bytes();
                }
            }
            *by_field.entry("stored".into()).or_default() += segment.store().total().get_bytes();
        }
        let mut out: Vec<(String, u64)> = by_field.into_iter().collect();
        out.sort_by_key(|f| std::cmp::Reverse(f.1));
        Ok(out)
    }
}

/// How many decompressed blocks of stored pages (words and boxes, for the snippets) each
/// segment keeps for the next hits, against tantivy's 100: a block is 16 KiB and holds two or
/// three pages, so at most 16 MiB a large segment; the pages that searches find often (the
/// first hits of common words, a result paged through) are then read without unpacking them
/// again. In `bench/server-load.sh`, 4–6 % more searches a second.
const STORED_BLOCKS_KEPT: usize = 1000;

/// Opens the segments of the newest commit for the searches, unless the reader has them open
/// already. Reopening costs every segment's files and fresh memory for their caches, so the
/// reader's clones and the directory's watch, which all ask after each commit, open it once.
/// What the memos kept for segments the new commit no longer has is forgotten.
fn read_newest(
    index: &Index,
    reader: &IndexReader,
    visible: &collect::VisibleMemo,
    facets: &collect::FacetMemo,
) -> Result<()> {
    static READING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one = READING.lock().unwrap_or_else(|e| e.into_inner());
    let key = |id: tantivy::index::SegmentId, deleted: u32| (id.uuid_string(), deleted);
    let mut committed: Vec<_> = index
        .searchable_segment_metas()?
        .iter()
        .map(|m| key(m.id(), m.num_deleted_docs()))
        .collect();
    let searcher = reader.searcher();
    let mut open: Vec<_> = searcher
        .segment_readers()
        .iter()
        .map(|r| key(r.segment_id(), r.num_deleted_docs()))
        .collect();
    committed.sort_unstable();
    open.sort_unstable();
    if committed != open {
        reader.reload()?;
        // What was worked out for the segments merged away is forgotten with them.
        let live: std::collections::HashSet<_> = reader
            .searcher()
            .segment_readers()
            .iter()
            .map(|r| r.segment_id())
            .collect();
        visible.retain_segments(|s| live.contains(s));
        facets.retain_segments(|s| live.contains(s));
    }
    Ok(())
}

/// Adds documents to the index; changes become visible with [`Indexer::commit`], so a batch
/// of documents can share one commit.
pub struct Indexer {
    writer: IndexWriter,
    /// The handle whose reader (shared by all its clones) reads each commit at once.
    read: SearchIndex,
    fields: Fields,
    /// Held while the writer lives (dropped after it: fields drop in order).
    _turn: std::sync::MutexGuard<'static, ()>,
}

/// One index writer at a time in this process.
static WRITER_TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());

impl Indexer {
    /// Puts a document's pages into the index, replacing what was there for it. Returns the
    /// number of pages.
    pub fn add_document(&mut self, lib: &Library, document_id: &str) -> Result<usize> {
        let doc = lib.document(document_id)?;
        let record = lib.record(&doc.record_id)?;
        self.add_pages(lib, &record, &doc)
    }

    fn add_pages(&mut self, lib: &Library, record: &RecordRow, doc: &DocumentRow) -> Result<usize> {
        self.writer
            .delete_term(Term::from_field_text(self.fields.document_id, &doc.id));
        let meta = Meta::of(record, doc);
        let pages = lib.pages(&doc.id)?;
        let mut words = lib.packed_words(&doc.id)?;
        for page in &pages {
            let words = words.remove(&page.page_no).and_then(|w| w.to_text());
            self.add(&PageEntry {
                document_id: &doc.id,
                record_id: &record.id,
                page: page.page_no.max(0) as u64,
                text: &page.text,
                title: &meta.title,
                aktenzeichen: record.aktenzeichen.as_deref(),
                plan: meta.plan.as_deref(),
                date: meta.date,
                office: record.office.as_deref(),
                doc_type: doc.doc_type.as_deref(),
                confidentiality: record.confidentiality.code(),
                personal_data: record.personal_data,
                words: words.as_deref(),
            })?;
        }
        Ok(pages.len())
    }

    /// Adds one page as it is (the store-independent entry, used by the benchmark).
    pub fn add(&mut self, p: &PageEntry) -> Result<()> {
        let f = self.fields;
        let mut d = TantivyDocument::new();
        d.add_text(f.page_id, format!("{}/{}", p.document_id, p.page));
        d.add_text(f.document_id, p.document_id);
        d.add_text(f.record_id, p.record_id);
        d.add_u64(f.page, p.page);
        d.add_text(f.text_exact, p.text);
        d.add_text(f.text, p.text);
        d.add_text(f.parts, p.text);
        d.add_text(f.title, p.title);
        d.add_text(f.ids, p.text);
        if let Some(az) = p.aktenzeichen {
            d.add_text(f.aktenzeichen, az);
        }
        // All facet counts come from the one `facets` field: a single column read per hit.
        if let Some(plan) = p.plan {
            let facet = plan_facet(plan);
            if let Some(group) = facet.to_path().first() {
                d.add_facet(f.facets, Facet::from_path(["plan", group]));
            }
            d.add_facet(f.plan, facet);
        }
        if let Some(date) = p.date {
            let year = (date / 10_000) as u64;
            d.add_u64(f.year, year);
            d.add_facet(
                f.facets,
                Facet::from_path(["jahr".to_string(), year.to_string()]),
            );
            d.add_i64(f.date, date);
        }
        if let Some(office) = p.office {
            d.add_text(f.office, office);
            d.add_facet(f.facets, Facet::from_path(["amt", office]));
        }
        if let Some(t) = p.doc_type {
            d.add_text(f.doc_type, t);
            d.add_facet(f.facets, Facet::from_path(["typ", t]));
        }
        let confidentiality = search::confidentiality_term(p.confidentiality);
        d.add_text(f.confidentiality, confidentiality);
        d.add_u64(f.access, search::access_code(confidentiality));
        d.add_u64(f.personal_data, p.personal_data.into());
        if let Some(office) = p.office.map(str::trim).filter(|o| !o.is_empty()) {
            d.add_text(f.scope, format!("{SCOPE_OFFICE}{office}"));
        }
        if let Some(unit) = p.plan.map(str::trim).filter(|u| !u.is_empty()) {
            d.add_text(f.scope, format!("{SCOPE_UNIT}{unit}"));
        }
        if let Some(words) = p.words {
            d.add_text(f.words, words);
        }
        self.writer.add_document(d)?;
        Ok(())
    }

    pub fn commit(&mut self) -> Result<()> {
        self.writer.commit()?;
        self.read_commit();
        Ok(())
    }

    /// Commits and waits for the merges under way (the end of a bulk load).
    pub fn finish(mut self) -> Result<()> {
        self.writer.commit()?;
        self.read_commit();
        self.writer.wait_merging_threads()?;
        Ok(())
    }

    /// Opens the commit just made for the searches. The commit stands either way: should the
    /// reading fail, the searches keep the one before until the next refresh or change.
    fn read_commit(&self) {
        let _ = self.read.refresh();
    }
}

/// Indexes one completed document right away (opening, or first rebuilding, the library's index)
/// and commits. For many documents in a row, keep one [`SearchIndex::indexer`] and commit in
/// batches. Fails (tantivy's lock) while another writer of the same index is alive.
impl SearchIndex {
    /// Re-adds every complete document of a record: the index holds each page with its record's
    /// fields, so a metadata change must reach all of them, and a page edit (moved, deleted,
    /// split off into a new document) changes which pages a document has. A document whose
    /// pages are all stored but whose PDF/A an ingest beside this edit still writes is in the
    /// index already, and is re-added too (else it would keep the fields from before the edit).
    pub fn refresh_record(&self, lib: &Library, record_id: &str) -> Result<()> {
        let mut indexer = self.indexer()?;
        for d in lib.documents(record_id)? {
            let indexed = d.status == aktenscan_model::DocumentStatus::Complete
                || lib.stored_page_numbers(&d.id)?.len() as i64 == d.page_count;
            if indexed {
                indexer.add_document(lib, &d.id)?;
            }
        }
        indexer.commit()
    }
}

pub fn index_document(lib: &Library, document_id: &str) -> Result<()> {
    let (index, rebuilt) = SearchIndex::open(lib, &mut |_, _| {})?;
    if rebuilt.is_none() {
        let mut indexer = index.indexer()?;
        indexer.add_document(lib, document_id)?;
        indexer.commit()?;
    }
    Ok(())
}

/// One page with its document's and record's fields, as the index takes it.
pub struct PageEntry<'a> {
    pub document_id: &'a str,
    pub record_id: &'a str,
    pub page: u64,
    pub text: &'a str,
    /// Record title, and the document title when it differs.
    pub title: &'a str,
    pub aktenzeichen: Option<&'a str>,
    /// Aktenplan unit, e.g. `632.10`.
    pub plan: Option<&'a str>,
    /// `YYYYMMDD` (`YYYY0000` when only the year is known).
    pub date: Option<i64>,
    pub office: Option<&'a str>,
    pub doc_type: Option<&'a str>,
    pub confidentiality: &'a str,
    pub personal_data: bool,
    /// The page's words and boxes packed as text ([`aktenscan_model::PageWords::to_text`]),
    /// kept for the snippets of its hits; without them a hit's words are asked of the store.
    pub words: Option<&'a str>,
}

/// The Aktenplan unit a record is filed under: its own, else the one its Aktenzeichen names.
/// Search, facets and access ([`admits`]) all use this one.
pub fn record_unit(record: &RecordRow) -> Option<String> {
    unit_of(&record.aktenplan_unit, &record.aktenzeichen)
}

/// [`record_unit`] of the two columns it reads.
fn unit_of(aktenplan_unit: &Option<String>, aktenzeichen: &Option<String>) -> Option<String> {
    aktenplan_unit
        .clone()
        .filter(|u| !u.trim().is_empty())
        .or_else(|| plan_of_aktenzeichen(aktenzeichen.as_deref().unwrap_or("")))
}

/// Whether a person with this clearance may see the record: the rule the search applies to its
/// pages (through the `access`, `personal_data` and `scope` columns), for a page, a file or an
/// export read outside the search.
pub fn admits(clearance: &aktenscan_model::Clearance, record: &RecordRow) -> bool {
    admits_access(clearance, &record.access())
}

/// [`admits`] of the record's access columns alone ([`aktenscan_store::Library::records_access`]).
pub fn admits_access(clearance: &aktenscan_model::Clearance, record: &RecordAccess) -> bool {
    let unit = unit_of(&record.aktenplan_unit, &record.aktenzeichen);
    clearance.admits(&aktenscan_model::AccessFacts {
        office: record.office.as_deref(),
        unit: unit.as_deref(),
        confidentiality: record.confidentiality,
        personal_data: record.personal_data,
    })
}

/// The derived facts of a page's document and record.
struct Meta {
    title: String,
    plan: Option<String>,
    /// `YYYYMMDD`, for sorting by date.
    date: Option<i64>,
}

impl Meta {
    fn of(record: &RecordRow, doc: &DocumentRow) -> Meta {
        let az = record.aktenzeichen.as_deref().unwrap_or("");
        let plan = record_unit(record);
        let date = [doc.doc_date, record.laufzeit_from]
            .into_iter()
            .flatten()
            .find_map(|d| date_key(&d.to_string()))
            .or_else(|| year_of_aktenzeichen(az).map(|y| y as i64 * 10_000));
        let title = if doc.title.is_empty() || doc.title == record.title {
            record.title.clone()
        } else {
            format!("{} · {}", record.title, doc.title)
        };
        Meta { title, plan, date }
    }
}

/// `1987-03-12` → 19870312, `1987` → 19870000.
fn date_key(s: &str) -> Option<i64> {
    let digits: String = s.chars().filter(char::is_ascii_digit).take(8).collect();
    let year: i64 = digits.get(..4)?.parse().ok()?;
    let rest: i64 = digits
        .get(4..)
        .filter(|r| r.len() == 4)
        .and_then(|r| r.parse().ok())
        .unwrap_or(0);
    Some(year * 10_000 + rest)
}

/// The Aktenplan unit an Aktenzeichen starts with: `632.10/1987-014` → `632.10`.
fn plan_of_aktenzeichen(az: &str) -> Option<String> {
    let head = az.split('/').next()?.trim();
    (head.len() >= 3
        && head.starts_with(|c: char| c.is_ascii_digit())
        && head.chars().all(|c| c.is_ascii_digit() || c == '.'))
    .then(|| head.to_string())
}

/// The year in an Aktenzeichen of the form `unit/YYYY-nnn`.
fn year_of_aktenzeichen(az: &str) -> Option<i32> {
    let (_, rest) = az.split_once('/')?;
    let year: String = rest.chars().take_while(char::is_ascii_digit).collect();
    (year.len() == 4).then(|| year.parse().ok()).flatten()
}

/// The facet of an Aktenplan unit: `632.10` → `/6/63/632/632.10`, so `plan:6`, `plan:63` and
/// `plan:632.10` all find it.
fn plan_facet(unit: &str) -> Facet {
    let unit = unit.trim();
    let group: String = unit.chars().take_while(char::is_ascii_digit).collect();
    let mut path: Vec<String> = (1..=group.len()).map(|n| group[..n].to_string()).collect();
    if unit.len() > group.len() {
        path.push(unit.to_string());
    }
    Facet::from_path(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writers_of_one_process_take_turns_instead_of_failing() {
        let dir = tempfile::tempdir().unwrap();
        let index = std::sync::Arc::new(SearchIndex::create_dir(dir.path()).unwrap());
        let first = index.indexer().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let other = index.clone();
        let waiting = std::thread::spawn(move || {
            // Blocks until `first` is dropped; tantivy alone would refuse with LockBusy.
            let second = other.indexer().map(|_| ());
            tx.send(second.is_ok()).unwrap();
        });
        assert!(
            rx.recv_timeout(std::time::Duration::from_millis(300))
                .is_err(),
            "the second writer must wait"
        );
        drop(first);
        assert_eq!(
            rx.recv_timeout(std::time::Duration::from_secs(30)),
            Ok(true)
        );
        waiting.join().unwrap();
    }

    #[test]
    fn handles_of_one_index_read_each_commit_at_once_and_once_only() {
        let dir = tempfile::tempdir().unwrap();
        let index = SearchIndex::create_dir(dir.path()).unwrap();
        let beside = index.clone();
        let generation = |i: &SearchIndex| i.reader.searcher().generation().generation_id();
        let before = generation(&beside);
        // Asked again with nothing committed, no handle opens the segments anew.
        beside.refresh().unwrap();
        index.refresh().unwrap();
        assert_eq!(generation(&beside), before);
        let mut indexer = index.indexer().unwrap();
        indexer
            .add(&PageEntry {
                document_id: "d",
                record_id: "r",
                page: 1,
                text: "Baugenehmigung",
                title: "Bauakte",
                aktenzeichen: None,
                plan: None,
                date: None,
                office: Some("Bauamt"),
                doc_type: None,
                confidentiality: "003",
                personal_data: false,
                words: None,
            })
            .unwrap();
        indexer.commit().unwrap();
        drop(indexer);
        // The other handle searches the new page without being told to look.
        assert_eq!(beside.pages(), 1);
        let after = generation(&beside);
        assert_ne!(after, before);
        beside.refresh().unwrap();
        index.refresh().unwrap();
        assert_eq!(generation(&index), after, "the commit is read once");
    }

    #[test]
    fn facts_from_an_aktenzeichen() {
        assert_eq!(
            plan_of_aktenzeichen("632.10/1987-014").as_deref(),
            Some("632.10")
        );
        assert_eq!(plan_of_aktenzeichen("Tgb.-Nr. 147/21"), None);
        assert_eq!(year_of_aktenzeichen("022.31/1998-017"), Some(1998));
        assert_eq!(year_of_aktenzeichen("Tgb.-Nr. 147/21"), None);
        assert_eq!(plan_facet("632.10").to_path_string(), "/6/63/632/632.10");
        assert_eq!(date_key("1987-03-12"), Some(19870312));
        assert_eq!(date_key("1987"), Some(19870000));
    }
}
