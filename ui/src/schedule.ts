// Results as you type without a fixed delay: a keystroke starts the search at once when none is
// running; keystrokes while one runs are coalesced into one more search for the latest text.
// So no more than one search is in flight, and the last text typed is always searched.

/// Wraps `task` so that calls run one at a time, the latest waiting call replacing older ones.
export function latestOnly(task: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  const go = async (): Promise<void> => {
    do {
      again = false;
      try {
        await task();
      } catch {
        // The task shows its own errors; the queue goes on.
      }
    } while (again);
    running = null;
  };
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = go();
    return running;
  };
}
