// Writing and reading posts, with and without JavaScript: a creator writes a
// Markdown post (heading, bold, link, YouTube address with a start time),
// previews it, publishes it, and a visitor reads it. YouTube itself is not
// reachable here, so the test checks the address we give the player.
import { test, expect } from "@playwright/test";

async function signIn(page, login) {
  await page.goto("/signin");
  await page.getByLabel("Username or email").fill(login);
  await page.getByLabel("Password").fill("sparkle-demo-2026");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("summary", { hasText: "Account menu:" })).toBeVisible();
}

test("a creator previews and publishes a Markdown post that anyone can read", async ({ page, browser }, testInfo) => {
  const title = `Locket clues ${testInfo.project.name} ${Date.now().toString(36)}`;
  await signIn(page, testInfo.project.name === "js" ? "creator_cleo" : "mod_mira");
  await page.goto("/write");
  await expect(page.getByRole("heading", { level: 1, name: "Write a post" })).toBeVisible();
  if (testInfo.project.name === "js") {
    await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true", { timeout: 15_000 });
  }
  await page.getByRole("textbox", { name: "Title", exact: true }).fill(title);
  const body = [
    "## Three clues",
    "",
    "The **crescent locket** shows up in [episode 12](https://example.com/ep12) first.",
    "",
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1m35s",
  ].join("\n");
  await page.getByLabel("Body", { exact: true }).fill(body);
  await page.getByLabel("Tags").fill("theories, locket");

  await page.getByRole("button", { name: "Preview" }).click();
  const preview = page.getByRole("region", { name: "Preview" });
  await expect(preview.getByRole("heading", { name: "Three clues" })).toBeVisible();
  await expect(preview.locator("strong", { hasText: "crescent locket" })).toBeVisible();
  // Nothing typed is lost by the preview.
  await expect(page.getByRole("textbox", { name: "Title", exact: true })).toHaveValue(title);
  await expect(page.getByLabel("Body", { exact: true })).toHaveValue(body);

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
    "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=95",
  );
  await expect(visitor.locator("meta[property='og:title']")).toHaveAttribute("content", title);
  await expect(visitor.locator("link[rel='canonical']")).toHaveAttribute("href", /\/p\/locket-clues-/);
  await visitor.close();
});

test("a refused save keeps what was typed", async ({ page }, testInfo) => {
  await signIn(page, testInfo.project.name === "js" ? "creator_pip" : "creator_nova");
  await page.goto("/write");
  if (testInfo.project.name === "js") {
    await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true", { timeout: 15_000 });
  }
  await page.getByRole("textbox", { name: "Title", exact: true }).fill("A post with a bad link");
  const body = "Click [here](javascript:alert(1)) for a surprise.";
  await page.getByLabel("Body", { exact: true }).fill(body);
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByText("Block 1: links must start with https://")).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Title", exact: true })).toHaveValue("A post with a bad link");
  await expect(page.getByLabel("Body", { exact: true })).toHaveValue(body);
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
