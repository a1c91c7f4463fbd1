// Writing and reading posts, with and without JavaScript: a creator writes a
// Markdown post (heading, bold, link, YouTube address with a start time),
// previews it, publishes it, and a visitor reads it. YouTube itself is not
// reachable here, so the test checks the address we give the player.
import { test, expect } from "@playwright/test";
import { hydrated, paste, signIn, sql } from "./helpers.mjs";

test("a creator previews and publishes a Markdown post that anyone can read", async ({ page, browser }, testInfo) => {
  const title = `Locket clues ${testInfo.project.name} ${Date.now().toString(36)}`;
  await signIn(page, testInfo.project.name === "js" ? "creator_cleo" : "mod_mira");
  await page.goto("/write");
  await expect(page.getByRole("heading", { level: 1, name: "Write a post" })).toBeVisible();
  if (testInfo.project.name === "js") await hydrated(page);
  await page.getByRole("textbox", { name: "Title", exact: true }).fill(title);
  const body = [
    "## Three clues",
    "",
    "The **crescent locket** shows up in [episode 12](https://example.com/ep12) first.",
    "",
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1m35s",
  ].join("\n");
  const js = testInfo.project.name === "js";
  const editor = page.getByRole("textbox", { name: "Body", exact: true });
  if (js) {
    // Hydrated, the body is the rich editor: the creator pastes from their notes.
    await editor.focus();
    await paste(editor, {
      "text/html": '<h2>Three clues</h2><p>The <b>crescent locket</b> shows up in <a href="https://example.com/ep12">episode 12</a> first.</p>',
    });
    await page.keyboard.press("Enter");
    await paste(editor, { "text/plain": "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1m35s" });
  } else {
    await editor.fill(body);
  }
  await page.getByLabel("Tags").fill("theories, locket");

  await page.getByRole("button", { name: "Preview" }).click();
  const preview = page.getByRole("region", { name: "Preview" });
  await expect(preview.getByRole("heading", { name: "Three clues" })).toBeVisible();
  await expect(preview.locator("strong", { hasText: "crescent locket" })).toBeVisible();
  // Nothing typed is lost by the preview.
  await expect(page.getByRole("textbox", { name: "Title", exact: true })).toHaveValue(title);
  if (js) await expect(editor).toContainText("The crescent locket shows up in episode 12 first.");
  else await expect(editor).toHaveValue(body);

  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page).toHaveURL(/\/p\/locket-clues-/);
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  const url = page.url();

  // A visitor, signed out, finds it in Latest and reads the whole post.
  const visitor = await browser.newPage({ javaScriptEnabled: testInfo.project.name === "js" });
  const latest = await visitor.goto("/latest");
  expect(latest.status()).toBe(200);
  await visitor.getByRole("feed", { name: "Latest" }).getByRole("link", { name: title }).click();
  await expect(visitor).toHaveURL(url);
  await expect(visitor.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(visitor.getByRole("heading", { level: 2, name: "Three clues" })).toBeVisible();
  await expect(visitor.locator("article strong", { hasText: "crescent locket" })).toBeVisible();
  await expect(visitor.getByRole("link", { name: "episode 12" })).toHaveAttribute("href", "https://example.com/ep12");
  await expect(visitor.getByRole("list", { name: "Tags" }).first().getByRole("link", { name: "#theories" })).toBeVisible();
  // The player starts where the address said (1 min 35 s).
  await expect(visitor.locator("iframe[title='YouTube video']")).toHaveAttribute(
    "src",
    "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=95&enablejsapi=1",
  );
  await expect(visitor.locator("meta[property='og:title']")).toHaveAttribute("content", title);
  await expect(visitor.locator("link[rel='canonical']")).toHaveAttribute("href", /\/p\/locket-clues-/);
  await visitor.close();
});

test("a creator adds a described cover picture that readers see", async ({ page }, testInfo) => {
  const js = testInfo.project.name === "js";
  const title = `Pier at dusk ${testInfo.project.name} ${Date.now().toString(36)}`;
  await signIn(page, js ? "creator_cleo" : "mod_mira");
  await page.goto("/write");
  if (js) await hydrated(page);
  // A real PNG: a screenshot of the page.
  const picture = await page.screenshot({ clip: { x: 0, y: 0, width: 320, height: 180 } });
  await page.getByRole("textbox", { name: "Title", exact: true }).fill(title);
  const text = "The pier, the lamp and the locket, all in one frame.";
  const editor = page.getByRole("textbox", { name: "Body", exact: true });
  if (js) {
    await editor.focus();
    await page.keyboard.type(text);
  } else {
    await editor.fill(text);
  }
  await page.getByLabel("Choose a picture").setInputFiles({ name: "pier.png", mimeType: "image/png", buffer: picture });
  // Hydrated, choosing the file uploads it; without JavaScript the button
  // sends the whole form and the editor comes back with the picture.
  if (!js) await page.getByRole("button", { name: "Upload picture" }).click();
  await expect(page.locator("#editor img[src^='/media/']")).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole("textbox", { name: "Title", exact: true })).toHaveValue(title);
  if (js) await expect(editor).toHaveText(text);
  else await expect(editor).toHaveValue(text);
  await page.getByLabel("Describe the picture").fill("The pier lamp glowing at dusk");
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page).toHaveURL(/\/p\/pier-at-dusk-/);
  await expect(page.getByRole("img", { name: "The pier lamp glowing at dusk" })).toBeVisible();
});

test("a refused save keeps what was typed", async ({ page }, testInfo) => {
  const js = testInfo.project.name === "js";
  await signIn(page, js ? "creator_pip" : "creator_nova");
  await page.goto("/write");
  const editor = page.getByRole("textbox", { name: "Body", exact: true });
  if (js) {
    // The rich editor cannot hold a bad link (its link form refuses it), so
    // the server refuses a title that is too short instead.
    await hydrated(page);
    await page.getByRole("textbox", { name: "Title", exact: true }).fill("Hi");
    await editor.focus();
    await page.keyboard.type("Every word of this stays put.");
    await page.getByRole("button", { name: "Save draft" }).click();
    await expect(page.getByText("Give the post a title of at least 3 characters.")).toBeVisible();
    await expect(page.getByRole("textbox", { name: "Title", exact: true })).toHaveValue("Hi");
    await expect(editor).toHaveText("Every word of this stays put.");
    return;
  }
  await page.getByRole("textbox", { name: "Title", exact: true }).fill("A post with a bad link");
  const body = "Click [here](javascript:alert(1)) for a surprise.";
  await editor.fill(body);
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByText("Block 1: links must start with https://")).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Title", exact: true })).toHaveValue("A post with a bad link");
  await expect(editor).toHaveValue(body);
});

test("a missing post is a 404 page", async ({ page }) => {
  const response = await page.goto("/p/no-such-post-here");
  expect(response.status()).toBe(404);
});

test("feeds page on: infinite scroll with JavaScript, next-page links without", async ({ page }, testInfo) => {
  const response = await page.goto("/latest");
  expect(response.status()).toBe(200);
  const feed = page.getByRole("feed", { name: "Latest" });
  const cards = feed.getByRole("article");
  await expect(cards).toHaveCount(20);
  const firstPage = await cards.getByRole("heading").allTextContents();
  if (testInfo.project.name === "js") {
    await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true", { timeout: 15_000 });
    // Scrolling to the end loads the next page in place.
    await page.getByRole("link", { name: "More posts" }).scrollIntoViewIfNeeded();
    await expect(cards).toHaveCount(40, { timeout: 10_000 });
    await expect(page).toHaveURL(/\/latest$/);
  } else {
    await page.getByRole("link", { name: "More posts" }).click();
    await expect(page).toHaveURL(/\/latest\?after=/);
    await expect(cards).toHaveCount(20);
    await expect(page.getByRole("link", { name: "Back to the newest" })).toBeVisible();
  }
  const titles = await cards.getByRole("heading").allTextContents();
  const all = testInfo.project.name === "js" ? titles : [...firstPage, ...titles];
  expect(new Set(all).size).toBe(all.length);
});

test("the reading page reports the time spent and how far the reader scrolled", async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name !== "js", "the report is sent by the hydrated page; without JavaScript only the view counts");
  // An old post no other test opens, read by a visitor nobody else is (a
  // browser of its own with a user agent of its own).
  const slug = sql("select slug from posts where content_status = 'PUBLISHED' order by published_at, id offset 5 limit 1");
  const before = sql("select coalesce(max(id), 0) from view_history");
  const context = await browser.newContext({
    userAgent: `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 reader-${Date.now()}`,
    viewport: { width: 1280, height: 720 },
  });
  const page = await context.newPage();
  await page.goto(`/p/${slug}`);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true", { timeout: 15_000 });
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await page.waitForTimeout(3_000);
  // The reader switches tabs: the page is hidden (and stays, so the request
  // can be watched; leaving sends the same report on \`pagehide\`).
  const report = page.waitForRequest((r) => r.url().endsWith("/api/post_read") && r.method() === "POST");
  await page.evaluate(() => {
    Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
    document.dispatchEvent(new Event("visibilitychange"));
  });
  const body = new URLSearchParams((await report).postData());
  expect(Number(body.get("seconds"))).toBeGreaterThanOrEqual(3);
  expect(Number(body.get("depth"))).toBeGreaterThanOrEqual(95);
  // The server buffers views and reads and writes them every few seconds.
  const row = () =>
    sql(`select view_duration || ' ' || round(scroll_depth) from view_history v join posts p on p.id = v.post_id
         where p.slug = '${slug}' and v.id > ${before} order by v.id limit 1`);
  const seconds = () => Number(row().split(" ")[0] || 0);
  await expect.poll(seconds, { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
  expect(Number(row().split(" ")[1])).toBeGreaterThanOrEqual(95);
  await context.close();
});
