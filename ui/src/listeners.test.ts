import { describe, expect, it } from "vitest";
import { Listeners } from "./listeners";

describe("the window's listeners", () => {
  it("are all ended when the window is built anew, and later ones stay", async () => {
    const l = new Listeners();
    const ended: string[] = [];
    l.add(Promise.resolve(() => ended.push("hotfolder-entry")));
    l.add(Promise.reject(new Error("not in the app")));
    l.add(Promise.resolve(() => ended.push("send-file")));
    const ending = l.endAll();
    l.add(Promise.resolve(() => ended.push("of the new window")));
    await ending;
    expect(ended).toEqual(["hotfolder-entry", "send-file"]);
    expect(l.count).toBe(1);
  });
});
