// The window's event listeners, kept so that a window built anew (after signing in again)
// first ends those of the window before, which would otherwise go on writing into screens
// no longer shown.

export type Unlisten = () => void;

export class Listeners {
  private active: Promise<Unlisten>[] = [];

  /// Keeps a listener being registered; returns it unchanged.
  add(listening: Promise<Unlisten>): Promise<Unlisten> {
    this.active.push(listening);
    return listening;
  }

  /// Ends every listener kept so far (one that failed to register is skipped); those added
  /// afterwards stay.
  async endAll(): Promise<void> {
    const all = this.active.splice(0);
    for (const listening of all) {
      try {
        (await listening)();
      } catch {
        // never registered: nothing to end
      }
    }
  }

  get count(): number {
    return this.active.length;
  }
}

export const windowListeners = new Listeners();
