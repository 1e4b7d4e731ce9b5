// The search runs as you type: at once when idle, one search in flight, the latest text last.
import { describe, expect, it } from "vitest";
import { latestOnly } from "./schedule";

describe("latestOnly", () => {
  it("runs at once, coalesces calls while running and runs once more for the latest", async () => {
    const seen: string[] = [];
    let text = "B";
    const release: (() => void)[] = [];
    const run = latestOnly(async () => {
      seen.push(text);
      await new Promise<void>((r) => release.push(r));
    });
    const first = run();
    expect(seen).toEqual(["B"]); // no delay before the first search
    text = "Ba";
    void run();
    text = "Bau";
    void run();
    expect(seen).toEqual(["B"]); // nothing runs while one is in flight
    release.shift()?.();
    await new Promise((r) => setTimeout(r, 0));
    expect(seen).toEqual(["B", "Bau"]); // the two keystrokes became one search for the latest text
    release.shift()?.();
    await first;
    expect(seen).toEqual(["B", "Bau"]);
    void run();
    expect(seen).toEqual(["B", "Bau", "Bau"]); // idle again: at once
    release.shift()?.();
  });

  it("goes on after a failed run", async () => {
    let calls = 0;
    const run = latestOnly(async () => {
      calls += 1;
      if (calls === 1) throw new Error("kaputt");
    });
    await run();
    await run();
    expect(calls).toBe(2);
  });
});
