// Takes screenshots of pages on a phone and a desktop, light and dark, for a
// person to look at: `node screenshots.mjs [base-url] [path ...]`.
// Writes end2end/screenshots/<name>-<device>-<theme>.png. Set SESSION to a
// session id to see pages behind sign-in, FULL=1 for whole pages.
import { chromium } from "@playwright/test";
import { mkdirSync } from "node:fs";

const base = process.argv[2] || "http://127.0.0.1:3000";
const paths = process.argv.slice(3).length ? process.argv.slice(3) : ["/", "/missing-page"];
const devices = { phone: { width: 360, height: 780 }, desktop: { width: 1280, height: 860 } };
mkdirSync("screenshots", { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
for (const path of paths) {
  for (const [device, viewport] of Object.entries(devices)) {
    for (const theme of ["light", "dark"]) {
      const context = await browser.newContext({ viewport, colorScheme: theme, deviceScaleFactor: 1 });
      const url = new URL(path, base);
      await context.addCookies([{ name: "theme", value: theme, url: base }]);
      // SESSION=<id> takes the screenshots signed in (pages behind sign-in).
      if (process.env.SESSION) await context.addCookies([{ name: "sparkle_session", value: process.env.SESSION, url: base }]);
      const page = await context.newPage();
      await page.goto(url.toString(), { waitUntil: "networkidle" });
      await page.emulateMedia({ reducedMotion: "reduce" });
      const name = path === "/" ? "home" : path.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "");
      await page.screenshot({ path: `screenshots/${name}-${device}-${theme}.png`, fullPage: process.env.FULL === "1" });
      await context.close();
    }
  }
}
await browser.close();
