// Vite build of the window into ui/dist (what tauri.conf.json's frontendDist points at); Vitest config.
import { defineConfig } from "vitest/config";

export default defineConfig({
  clearScreen: false,
  base: "./",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari15",
    // No inline scripts or data: URLs for the strict CSP.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
