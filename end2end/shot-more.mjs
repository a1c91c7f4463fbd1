import { chromium } from "@playwright/test";
import { execFileSync } from "node:child_process";
const base = "http://127.0.0.1:3111";
const db = "postgres://postgres@localhost/shots?host=/tmp/devpg";
const sql = (q) => execFileSync("psql", [db, "-XtAc", q], { encoding: "utf8" }).trim();
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
async function signedIn(login, opts) {
  const ctx = await browser.newContext(opts);
  const page = await ctx.newPage();
  await page.goto(base + "/signin");
  await page.getByLabel("Username or email").fill(login);
  await page.getByLabel("Password").fill("sparkle-demo-2026");
  await page.getByLabel("Password").press("Enter");
  await page.locator("summary", { hasText: "Account menu:" }).waitFor();
  return page;
}
const slug = sql("select p.slug from posts p where p.content_status='PUBLISHED' order by published_at desc limit 1");
const devices = { phone: { width: 360, height: 780 }, desktop: { width: 1280, height: 860 } };
const which = process.argv.slice(2);
for (const [device, viewport] of Object.entries(devices)) {
  for (const theme of ["light", "dark"]) {
    const page = await signedIn("fan_ana", { viewport, colorScheme: theme });
    await page.context().addCookies([{ name: "theme", value: theme, url: base }]);
    for (const what of which) {
      if (what === "bookmarks") {
        await page.goto(`${base}/bookmarks`);
        await page.locator("html[data-hydrated=true]").waitFor();
        await page.screenshot({ path: `/tmp/bm-${device}-${theme}.png`, fullPage: true });
      } else if (what === "reading") {
        const other = await signedIn("fan_ben", {});
        await other.goto(`${base}/p/${slug}`);
        await page.goto(`${base}/p/${slug}`);
        await page.locator(".reading-now", { hasText: "reading" }).waitFor();
        await page.locator("#comments-heading").scrollIntoViewIfNeeded();
        await page.evaluate(() => window.scrollBy(0, -100));
        await page.screenshot({ path: `/tmp/reading-${device}-${theme}.png` });
        await other.context().close();
      } else if (what === "menus") {
        await page.goto(`${base}/p/${slug}`);
        await page.locator("html[data-hydrated=true]").waitFor();
        await page.locator("#bookmark summary").click();
        await page.locator("#bookmark").scrollIntoViewIfNeeded();
        await page.screenshot({ path: `/tmp/save-${device}-${theme}.png` });
        await page.locator("#bookmark summary").click();
        await page.locator("#share summary").click();
        await page.screenshot({ path: `/tmp/share-${device}-${theme}.png` });
      } else {
        await page.goto(base + what);
        await page.locator("html[data-hydrated=true]").waitFor();
        await page.screenshot({ path: `/tmp/page-${what.replace(/\W+/g, "_")}-${device}-${theme}.png`, fullPage: true });
      }
    }
    await page.context().close();
  }
}
await browser.close();
