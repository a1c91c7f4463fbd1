// Bookmarks and sharing, with and without JavaScript: a folder is made,
// a post is saved into it with a note and tags, found again on the
// Bookmarks page by folder and tag, and removed; the share menu offers the
// post's address (and, with JavaScript, copies it).
import { test, expect } from "@playwright/test";
import { hydrated, signIn, sql } from "./helpers.mjs";

test("a post is saved into a folder with a note and tags, found again and removed", async ({ page, context, baseURL }, testInfo) => {
  const js = testInfo.project.name === "js";
  const tag = `${testInfo.project.name}-${Date.now().toString(36)}`;
  // Each project its own post, as they may run at once.
  const [slug, ...title] = sql(
    `select slug || ' ' || title from posts where content_status = 'PUBLISHED'
     order by published_at desc offset ${js ? 0 : 1} limit 1`,
  ).split(" ");
  const postTitle = title.join(" ");
  await signIn(page, "sparkle_admin");

  // A new folder, purple and public.
  await page.goto("/bookmarks");
  if (js) await hydrated(page);
  const folderName = `Faves ${tag}`;
  await page.locator("summary", { hasText: "New folder" }).click();
  const newFolder = page.locator("details", { has: page.locator("summary", { hasText: "New folder" }) });
  await newFolder.getByLabel("Name").fill(folderName);
  await newFolder.locator("label.color-choice", { hasText: "Purple" }).click();
  await newFolder.getByLabel(/Public/).check();
  await newFolder.getByRole("button", { name: "Create folder" }).click();
  const folderLink = page.getByRole("navigation", { name: "Folders" }).getByRole("link", { name: new RegExp(folderName) });
  await expect(folderLink).toBeVisible();

  // Saved from the post page into it, with a note and tags.
  await page.goto(`/p/${slug}`);
  if (js) await hydrated(page);
  const menu = page.locator("#bookmark");
  await menu.locator("summary").click();
  await menu.getByLabel("Folder").selectOption({ label: folderName });
  await menu.getByLabel("Note").fill(`Re-read this ${tag}`);
  await menu.getByLabel("Tags").fill("Lore, #clues");
  await menu.getByRole("button", { name: "Save to bookmarks" }).click();
  await expect(menu.locator("summary")).toHaveText(/Saved/);
  if (js) await expect(menu).not.toHaveAttribute("open", "");

  // The share menu has the post's address; with JavaScript it copies it.
  const share = page.locator("#share");
  await share.locator("summary").click();
  await expect(share.getByLabel("Link to this post")).toHaveValue(new RegExp(`/p/${slug}$`));
  await expect(share.getByRole("link", { name: "Send by email" })).toHaveAttribute("href", /^mailto:/);
  if (js) {
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
    await share.getByRole("button", { name: "Copy link" }).click();
    await expect(share.getByRole("status")).toHaveText("Link copied ✓");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(new RegExp(`/p/${slug}$`));
  }

  // Found again: in the folder, and by tag, with the note.
  await page.goto("/bookmarks");
  await page.getByRole("navigation", { name: "Folders" }).getByRole("link", { name: new RegExp(folderName) }).click();
  await expect(page.getByRole("heading", { name: folderName })).toBeVisible();
  const item = page.locator("li", { hasText: `Re-read this ${tag}` });
  await expect(item).toContainText(postTitle);
  await item.getByRole("link", { name: "#clues" }).click();
  await expect(page).toHaveURL(/tag=clues/);
  await expect(page.locator("li", { hasText: `Re-read this ${tag}` })).toBeVisible();

  // Others see the public folder's posts, never the note.
  const folderId = sql(`select id from bookmark_folders where name = '${folderName}'`);
  const visitor = await (await page.context().browser().newContext()).newPage();
  await visitor.goto(`${baseURL}/u/sparkle_admin/bookmarks/${folderId}`);
  await expect(visitor.getByRole("heading", { name: folderName })).toBeVisible();
  await expect(visitor.getByText(postTitle).first()).toBeVisible();
  await expect(visitor.getByText(`Re-read this ${tag}`)).toHaveCount(0);
  await visitor.context().close();

  // Removed.
  await page.goto("/bookmarks");
  if (js) await hydrated(page);
  await page.locator("li", { hasText: `Re-read this ${tag}` }).getByRole("button", { name: "Remove" }).click();
  await expect(page.locator("li", { hasText: `Re-read this ${tag}` })).toHaveCount(0);
});
