//! Waits for a driver's reader thread to finish its work before the last byte of a page is read.
//!
//! SANE drivers built on `sanei_thread` with pthreads (Debian builds them so) read a page in a
//! thread of their own and cancel that thread asynchronously (`pthread_cancel`) in the very
//! `sane_read` that hands out the page's last byte, then wait for it (`pthread_join`). If the
//! reader is at that moment still freeing its buffers on its way out, it dies holding the C
//! allocator's lock, never ends, and the join waits forever: the scan hangs. SANE's own `test`
//! backend did so about once in 150 pages on a busy machine. Holding back the last byte until
//! the reader thread has ended, or sleeps, closes that window.
//!
//! A driver's thread is recognised by its name: a new thread is named as the thread that
//! started it, so the threads named like the scanning thread that appeared after `sane_start`
//! are the driver's. A thread that scans should therefore have a name of its own (the app's
//! scan sessions run on a thread named `scan`; the CLI scans on its main thread): a namesake
//! started meanwhile for other work would be waited for too, at most [`crate::READER_END_LIMIT`].
//! On systems without `/proc` nothing is waited for.

use std::collections::HashSet;
use std::path::Path;
use std::time::{Duration, Instant};

/// The threads named like the calling thread when a frame was started.
pub(crate) struct DriverThreads {
    name: Option<String>,
    /// The calling thread, never a namesake of its own.
    me: Option<u32>,
    before: HashSet<u32>,
}

impl DriverThreads {
    /// Notes the calling thread's namesakes; call it right before `sane_start`.
    pub(crate) fn before_start() -> DriverThreads {
        let (name, me) = (own_name(), own_tid());
        let before = name
            .as_deref()
            .map(|n| namesakes(n, me).into_iter().map(|(tid, _)| tid).collect())
            .unwrap_or_default();
        DriverThreads { name, me, before }
    }

    /// Waits, at most `limit`, until no thread started since [`Self::before_start`] under the
    /// calling thread's name is running (it has ended or sleeps). Returns whether it had to wait.
    pub(crate) fn await_idle(&self, limit: Duration) -> bool {
        let Some(name) = self.name.as_deref() else {
            return false;
        };
        let start = Instant::now();
        let mut waited = false;
        while start.elapsed() < limit {
            let running = namesakes(name, self.me)
                .into_iter()
                .any(|(tid, state)| state == 'R' && !self.before.contains(&tid));
            if !running {
                break;
            }
            waited = true;
            std::thread::sleep(Duration::from_millis(1));
        }
        waited
    }
}

/// The calling thread's name, as new threads it starts inherit it.
fn own_name() -> Option<String> {
    let comm = std::fs::read_to_string("/proc/thread-self/comm").ok()?;
    Some(comm.trim_end_matches('\n').to_string())
}

/// The calling thread's id.
fn own_tid() -> Option<u32> {
    // `/proc/thread-self` links to `<pid>/task/<tid>`.
    let link = std::fs::read_link("/proc/thread-self").ok()?;
    link.file_name()?.to_str()?.parse().ok()
}

/// The threads of this process other than `me` named `name`, each with its scheduler state
/// (`R` running, `S` sleeping, …). A thread that ends while it is looked at is left out.
fn namesakes(name: &str, me: Option<u32>) -> Vec<(u32, char)> {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return Vec::new();
    };
    tasks
        .flatten()
        .filter_map(|task| {
            let tid: u32 = task.file_name().to_str()?.parse().ok()?;
            if Some(tid) == me {
                return None;
            }
            let dir = task.path();
            let comm = std::fs::read_to_string(dir.join("comm")).ok()?;
            if comm.trim_end_matches('\n') != name {
                return None;
            }
            Some((tid, state(&dir)?))
        })
        .collect()
}

/// A task's state letter from its `stat` line, `<tid> (<name>) <state> …`; the name may
/// itself hold spaces and parentheses, so the state follows the last `)`.
fn state(task: &Path) -> Option<char> {
    let stat = std::fs::read_to_string(task.join("stat")).ok()?;
    let (_, rest) = stat.rsplit_once(')')?;
    rest.trim_start().chars().next()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;

    /// One test: parallel tests of this module share a thread name (the harness names each
    /// test's thread after the test, cut to 15 bytes).
    #[test]
    fn a_running_thread_started_by_the_caller_is_waited_for_a_sleeping_or_ended_one_is_not() {
        let threads = DriverThreads::before_start();
        assert!(threads.name.is_some(), "Linux has /proc/thread-self");
        assert!(
            !threads.await_idle(Duration::from_secs(1)),
            "nothing to wait for yet"
        );

        // Unnamed std threads inherit the caller's name, as a driver's pthreads do.
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        let sleeper = std::thread::spawn(move || rx.recv().ok());
        std::thread::sleep(Duration::from_millis(20));
        assert!(
            !threads.await_idle(Duration::from_secs(1)),
            "a sleeping one is not waited for"
        );

        let stop = Arc::new(AtomicBool::new(false));
        let spin = {
            let stop = stop.clone();
            std::thread::spawn(move || {
                let start = Instant::now();
                while !stop.load(Ordering::Relaxed) && start.elapsed() < Duration::from_secs(5) {
                    std::hint::spin_loop();
                }
            })
        };
        std::thread::sleep(Duration::from_millis(20));
        let started = Instant::now();
        assert!(
            threads.await_idle(Duration::from_millis(100)),
            "a running one is waited for"
        );
        assert!(
            started.elapsed() >= Duration::from_millis(100),
            "up to the limit"
        );
        stop.store(true, Ordering::Relaxed);
        spin.join().unwrap();
        assert!(
            !threads.await_idle(Duration::from_secs(1)),
            "an ended one is not"
        );
        drop(tx);
        sleeper.join().unwrap();
    }
}
