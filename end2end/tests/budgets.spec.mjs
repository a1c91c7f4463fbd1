// The WASM size budget (end2end/budgets.json): what each page fetches before
// it is interactive — the main module (every page's shared islands) and the
// chunks of the page's lazy islands — summed in bytes of brotli as the
// server sends them. Pages are visited as a visitor and as a signed-in
// creator; moving between pages downloads only what the next page adds.
import fs from "node:fs";
import http from "node:http";
import { test, expect } from "@playwright/test";
import { hydrated, signIn, sql } from "./helpers.mjs";

const budgets = JSON.parse(fs.readFileSync(new URL("../budgets.json", import.meta.url), "utf8")).pages;

// The size of `url` as the server sends it to a browser that accepts brotli
// (asked here directly, so the number does not depend on what the browser
// under test happened to negotiate).
function brotliSize(url) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "HEAD", headers: { "accept-encoding": "br" } }, (res) => {
      res.resume();
      if (res.statusCode !== 200) return reject(new Error(`${res.statusCode} for ${url}`));
      expect(res.headers["content-encoding"], `${url} is served precompressed`).toBe("br");
      resolve(Number(res.headers["content-length"]));
    });
    req.on("error", reject);
    req.end();
  });
}

// Records the WASM files a page requests.
function recordWasm(page) {
  const urls = new Set();
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.pathname.endsWith(".wasm")) urls.add(url.href);
  });
  return urls;
}

async function visit(page, path) {
  const urls = recordWasm(page);
  await page.goto(path);
  await hydrated(page);
  // Chunks a page starts after hydration (the editor) have begun by now.
  await page.waitForLoadState("networkidle");
  return [...urls];
}

async function total(urls) {
  let sum = 0;
  for (const url of urls) sum += await brotliSize(url);
  return sum;
}

const rows = [];
test.afterAll(() => {
  if (rows.length) console.log(`\nWASM per page (brotli bytes, budget):\n${rows.map((r) => `  ${r}`).join("\n")}`);
});

function check(budgetKey, label, bytes, files) {
  const budget = budgets[budgetKey];
  expect(budget?.limit, `a budget for ${budgetKey}`).toBeGreaterThan(0);
  rows.push(`${label.padEnd(28)} ${String(bytes).padStart(9)} B  limit ${budget.limit}, goal ${budget.goal}  (${files.length} files)`);
  expect(bytes, `${label} fetches ${bytes} B of brotli WASM (${files.map((f) => new URL(f).pathname).join(", ")})`).toBeLessThanOrEqual(budget.limit);
}

function demoPost() {
  return sql(
    "select p.slug from posts p join post_stats s on s.post_id = p.id where p.content_status = 'PUBLISHED' order by s.comment_count desc, p.published_at desc limit 1",
  );
}

test.describe("WASM budget", () => {
  test.beforeEach(({}, testInfo) => {
    test.skip(testInfo.project.name !== "js", "the WASM is fetched only with JavaScript");
  });

  test("each page a visitor opens stays within its WASM budget", async ({ page }) => {
    const slug = demoPost();
    for (const [key, path] of [
      ["/", "/"],
      ["/latest", "/latest"],
      ["/p/{slug}", `/p/${slug}`],
      ["/u/{username}", "/u/creator_cleo"],
    ]) {
      const files = await visit(page, path);
      expect(files.length, `${path} fetches WASM`).toBeGreaterThan(0);
      check(key, `visitor ${path}`.slice(0, 28), await total(files), files);
    }
  });

  test("each page a signed-in creator opens stays within its WASM budget", async ({ page }) => {
    const slug = demoPost();
    await signIn(page, "creator_cleo");
    for (const [key, path] of [
      ["/", "/"],
      ["/p/{slug}", `/p/${slug}`],
      ["/notifications", "/notifications"],
      ["/write", "/write"],
    ]) {
      const files = await visit(page, path);
      check(key, `creator ${path}`.slice(0, 28), await total(files), files);
    }
  });

  test("going from one page to another downloads only what the next page adds", async ({ browser, page }) => {
    const slug = demoPost();
    // What the post page fetches on its own, in a browser with an empty cache.
    const fresh = await browser.newPage();
    const direct = await visit(fresh, `/p/${slug}`);
    await fresh.close();
    await visit(page, "/latest");
    // Then a link to the post (a page load: the main module and chunks are
    // served immutable, so the browser's cache has them).
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Network.enable");
    const wasm = new Map();
    cdp.on("Network.responseReceived", (e) => {
      if (new URL(e.response.url).pathname.endsWith(".wasm")) wasm.set(e.requestId, { url: e.response.url, bytes: 0 });
    });
    cdp.on("Network.loadingFinished", (e) => {
      const file = wasm.get(e.requestId);
      if (file) file.bytes = e.encodedDataLength;
    });
    await page.evaluate((href) => {
      const a = document.createElement("a");
      a.href = href;
      document.querySelector("main").append(a);
      a.click();
    }, `/p/${slug}`);
    await expect(page).toHaveURL(new RegExp(`/p/${slug}$`));
    await hydrated(page);
    await page.waitForLoadState("networkidle");
    const downloaded = [...wasm.values()].filter((f) => f.bytes > 1024).map((f) => f.url);
    // Not the main module again, nothing the post page does not load itself.
    expect(downloaded.filter((u) => /\/pkg\/sparkle\.[0-9a-f]{16}\.wasm$/.test(u))).toEqual([]);
    for (const url of downloaded) expect(direct, `${url} is one of the post page's own files`).toContain(url);
  });
});
