//! The library's workspaces in the server: one writer that every change takes turns at, one
//! lane for ingests (a desk's file is recognised there, so that an edit does not wait for
//! Tesseract), and a pool of readers that searches, lists and page views use side by side.
//! Each has its own SQLite connection; all share one index reader.

use aktenscan_core::{CoreError, Workspace};
use std::collections::VecDeque;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Mutex, MutexGuard};

/// The workspaces of one library.
pub(crate) struct Workspaces {
    writer: Mutex<Workspace>,
    /// Ingests, one at a time (each uses every core the settings allow). Its own SQLite
    /// connection; it takes the index writer's turn per document only.
    ingest: Mutex<Workspace>,
    /// The idle readers, and the requests waiting for one in the order they came: a reader
    /// given back goes straight to the longest waiting (a late request never overtakes, so no
    /// search waits far longer than the others when all readers are busy).
    idle: Mutex<Idle>,
    /// Counts the changes made through the writer; a reader that saw fewer reads the index
    /// anew before it answers, so that a clerk finds what she has just saved.
    changes: AtomicU64,
}

struct Reader {
    ws: Workspace,
    seen: u64,
}

struct Idle {
    readers: Vec<Reader>,
    waiting: VecDeque<mpsc::SyncSender<Reader>>,
}

impl Workspaces {
    /// The writer, and `readers` more workspaces of the same library, each with its index open
    /// (the writer's first: it rebuilds a missing index before any reader looks).
    pub(crate) fn open(mut writer: Workspace, readers: usize) -> Result<Workspaces, CoreError> {
        writer.open_index(&mut |_, _| {})?;
        let ingest = Mutex::new(writer.open_beside()?);
        let mut idle = Vec::with_capacity(readers);
        for _ in 0..readers.max(1) {
            let ws = writer.open_beside()?;
            idle.push(Reader { ws, seen: 0 });
        }
        Ok(Workspaces {
            writer: Mutex::new(writer),
            ingest,
            idle: Mutex::new(Idle {
                readers: idle,
                waiting: VecDeque::new(),
            }),
            changes: AtomicU64::new(0),
        })
    }

    /// The writer, for a change; the readers see the change on their next use.
    pub(crate) fn writer(&self) -> WriterGuard<'_> {
        WriterGuard {
            ws: self.writer.lock().unwrap_or_else(|e| e.into_inner()),
            changes: &self.changes,
        }
    }

    /// The ingest lane, for storing what a desk sent; the readers see it on their next use
    /// (and each document as soon as its commit is read).
    pub(crate) fn ingester(&self) -> WriterGuard<'_> {
        WriterGuard {
            ws: self.ingest.lock().unwrap_or_else(|e| e.into_inner()),
            changes: &self.changes,
        }
    }

    /// An idle reader (waiting for one when all are busy), its index as fresh as the last
    /// change through the writer.
    pub(crate) fn reader(&self) -> Result<ReaderGuard<'_>, CoreError> {
        // The pool's lock is let go before the reader is used (or refreshed, which may fail
        // and give it back).
        let free = {
            let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
            idle.readers.pop().ok_or_else(|| {
                let (turn, handed) = mpsc::sync_channel(1);
                idle.waiting.push_back(turn);
                handed
            })
        };
        let mut reader = match free {
            Ok(reader) => reader,
            // The pool outlives every request, and a waiting sender is only dropped after it
            // has handed over a reader.
            Err(handed) => handed
                .recv()
                .map_err(|_| CoreError::Io("the server is shutting down".into()))?,
        };
        let now = self.changes.load(Ordering::Acquire);
        if reader.seen < now {
            if let Err(e) = reader.ws.refresh_index() {
                self.give_back(reader);
                return Err(e);
            }
            reader.seen = now;
        }
        Ok(ReaderGuard {
            reader: Some(reader),
            pool: self,
        })
    }

    fn give_back(&self, mut reader: Reader) {
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        while let Some(turn) = idle.waiting.pop_front() {
            // A waiter that has gone (its request dropped) gives the reader back.
            match turn.send(reader) {
                Ok(()) => return,
                Err(mpsc::SendError(back)) => reader = back,
            }
        }
        idle.readers.push(reader);
    }
}

/// The writer while a change is made; counted as a change when let go.
pub(crate) struct WriterGuard<'a> {
    ws: MutexGuard<'a, Workspace>,
    changes: &'a AtomicU64,
}

impl Drop for WriterGuard<'_> {
    fn drop(&mut self) {
        self.changes.fetch_add(1, Ordering::AcqRel);
    }
}

impl Deref for WriterGuard<'_> {
    type Target = Workspace;
    fn deref(&self) -> &Workspace {
        &self.ws
    }
}

impl DerefMut for WriterGuard<'_> {
    fn deref_mut(&mut self) -> &mut Workspace {
        &mut self.ws
    }
}

/// A reader lent to one request; back in the pool when let go.
pub(crate) struct ReaderGuard<'a> {
    reader: Option<Reader>,
    pool: &'a Workspaces,
}

impl Drop for ReaderGuard<'_> {
    fn drop(&mut self) {
        if let Some(reader) = self.reader.take() {
            self.pool.give_back(reader);
        }
    }
}

impl Deref for ReaderGuard<'_> {
    type Target = Workspace;
    fn deref(&self) -> &Workspace {
        match &self.reader {
            Some(r) => &r.ws,
            None => unreachable!("a reader guard holds its reader until dropped"),
        }
    }
}

impl DerefMut for ReaderGuard<'_> {
    fn deref_mut(&mut self) -> &mut Workspace {
        match &mut self.reader {
            Some(r) => &mut r.ws,
            None => unreachable!("a reader guard holds its reader until dropped"),
        }
    }
}

/// How many readers: two per core (a search waits on the disk now and then), at least two.
pub(crate) fn default_readers() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get() * 2)
        .unwrap_or(2)
        .max(2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::time::Duration;

    /// How many requests wait for a reader now.
    fn waiting(pool: &Workspaces) -> usize {
        pool.idle.lock().map(|idle| idle.waiting.len()).unwrap_or(0)
    }

    fn until(what: impl Fn() -> bool) {
        for _ in 0..500 {
            if what() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("waited 5 s in vain");
    }

    #[test]
    fn a_reader_that_cannot_read_the_index_answers_with_the_error_and_stays_in_the_pool() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let ws = Workspace::open(dir.path()).expect("a new library");
        let pool = Arc::new(Workspaces::open(ws, 1).expect("the pool"));
        drop(pool.writer()); // a change, so the reader reads the index anew when taken
        let meta = dir.path().join("index").join("meta.json");
        let kept = meta.with_extension("kept");
        std::fs::rename(&meta, &kept).expect("meta.json moved away");
        let (tx, rx) = std::sync::mpsc::channel();
        let asking = pool.clone();
        std::thread::spawn(move || {
            let _ = tx.send(asking.reader().is_err());
        });
        assert_eq!(
            rx.recv_timeout(Duration::from_secs(10)),
            Ok(true),
            "the request gets the error, it does not hang"
        );
        std::fs::rename(&kept, &meta).expect("meta.json back");
        assert!(pool.reader().is_ok(), "the reader is back in the pool");
    }

    #[test]
    fn a_reader_given_back_goes_to_the_request_that_waited_longest() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let ws = Workspace::open(dir.path()).expect("a new library");
        let pool = Arc::new(Workspaces::open(ws, 1).expect("the pool"));
        let busy = pool.reader().expect("the only reader");
        let (served, order) = std::sync::mpsc::channel();
        let mut requests = Vec::new();
        for name in ["first", "second", "third"] {
            let (shared, served) = (pool.clone(), served.clone());
            let before = waiting(&pool);
            requests.push(std::thread::spawn(move || {
                let reader = shared.reader().expect("a reader in turn");
                served.send(name).expect("the test listens");
                // Held a moment, so that the next in line surely waits for it.
                std::thread::sleep(Duration::from_millis(20));
                drop(reader);
            }));
            until(|| waiting(&pool) == before + 1);
        }
        drop(busy);
        for request in requests {
            request.join().expect("the request ends");
        }
        let got: Vec<&str> = order.try_iter().collect();
        assert_eq!(got, ["first", "second", "third"]);
        assert_eq!(waiting(&pool), 0);
        assert!(pool.reader().is_ok(), "the reader is idle again");
    }
}
