// Live updates between two people, each in their own browser context:
// Pip comments on Nova's post and reacts to it, and Nova's open page shows
// the comment, the new count and her bell's badge without reloading; Pip
// publishes a post and Nova's Latest page offers it ("1 new post").
// The pages also work without the socket; that is every other test in the
// no-JS project.
import { test, expect } from "@playwright/test";
import { commentsHydrated, hydrated, signIn, sql } from "./helpers.mjs";

test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, "live updates need the page's script");

// The live channel has caught up with what the page shows.
async function live(page) {
  await hydrated(page);
  // A post's comment section hydrates when scrolled near.
  if (await page.locator("#comments").count()) await commentsHydrated(page);
  await expect(page.locator("html")).toHaveAttribute("data-live", "ready", { timeout: 15_000 });
}

test("two people hold a live conversation on a post", async ({ browser }) => {
  test.slow();
  const tag = Date.now().toString(36);
  const slug = sql(
    `select p.slug from posts p join users u on u.id = p.author_id
     where u.username = 'creator_nova' and p.content_status = 'PUBLISHED' and p.allow_comments
     order by p.published_at desc limit 1`,
  );
  // Nova starts with nothing unread, so the first notification shows.
  sql(
    `update notifications set read_at = now(), joinable = false
     where user_id = (select id from users where username = 'creator_nova') and read_at is null`,
  );

  const nova = await (await browser.newContext()).newPage();
  const pip = await (await browser.newContext()).newPage();
  await signIn(nova, "creator_nova");
  await nova.goto(`/p/${slug}`);
  await live(nova);
  const bell = nova.getByRole("link", { name: /^Notifications/ });
  await expect(bell).toHaveAccessibleName("Notifications");

  await signIn(pip, "creator_pip");
  await pip.goto(`/p/${slug}`);
  await live(pip);

  // Both are reading: each page says so.
  await expect(nova.locator(".reading-now")).toHaveText(/\b2 fans reading now/, { timeout: 15_000 });

  // Pip comments; Nova's page shows it, with the count, without reloading.
  const heading = nova.getByRole("heading", { name: /^Comments \d+/ });
  const before = Number((await heading.textContent()).match(/\d+/)[0]);
  const words = `Live from Pip ${tag}`;
  await pip.getByRole("textbox", { name: "Add a comment" }).fill(words);
  await pip.getByRole("button", { name: "Post comment" }).click();
  await expect(pip.locator("article.comment", { hasText: words })).toBeVisible();
  const arrived = nova.locator("article.comment", { hasText: words });
  await expect(arrived).toBeVisible();
  await expect(arrived).toContainText("Pip's Lore Lab");
  await expect(heading).toHaveText(new RegExp(`Comments ${before + 1}\\b`));
  // Her bell counts the notification.
  await expect(bell).toHaveAccessibleName("Notifications, 1 unread");
  await expect(nova.locator(".bell-count")).toHaveText("1");

  // Pip reacts to the post; Nova sees the count move.
  const fire = (page) => page.locator("#reactions button[data-reaction='FIRE']").first();
  const fires = async (page) => Number((await page.locator("#reactions [data-reaction='FIRE'], #reactions span[title^='Fire']").first().textContent()).replace(/\D/g, "") || 0);
  const firesBefore = await fires(nova);
  const pressed = await fire(pip).getAttribute("aria-pressed");
  await fire(pip).click();
  const firesAfter = pressed === "true" ? firesBefore - 1 : firesBefore + 1;
  await expect(fire(pip)).toHaveAttribute("aria-pressed", pressed === "true" ? "false" : "true");
  await expect.poll(() => fires(nova)).toBe(firesAfter);
  // Nova's own "pressed" state is hers, untouched by Pip's.
  await expect(fire(nova)).toHaveAttribute("aria-pressed", /true|false/);

  // Pip edits the comment: Nova's copy follows.
  await pip.locator("article.comment", { hasText: words }).getByRole("link", { name: "Edit" }).click();
  await pip.getByRole("textbox", { name: "Edit your comment" }).fill(`${words} (edited)`);
  await pip.getByRole("button", { name: "Save" }).click();
  await expect(arrived).toContainText("(edited)");

  // Nova opens Latest; Pip publishes; the pill offers the new post.
  await nova.goto("/latest");
  await live(nova);
  const title = `Breaking sparkle ${tag}`;
  const saved = await pip.request.post("/api/save_post", {
    headers: { accept: "application/json" },
    form: {
      "form[title]": title,
      "form[body]": "Fresh off the press.",
      "form[allow_comments]": "on",
      "form[intent]": "publish",
    },
  });
  expect(saved.ok(), await saved.text()).toBeTruthy();
  const pill = nova.getByRole("button", { name: /1 new post/ });
  await expect(pill).toBeVisible();
  await pill.click();
  await expect(nova.getByRole("feed").getByRole("link", { name: title }).first()).toBeVisible();
  await expect(pill).toBeHidden();
});

test("the page reconnects after the socket drops and hears what it missed", async ({ browser }) => {
  test.slow();
  const tag = Date.now().toString(36);
  const slug = sql(
    `select p.slug from posts p join users u on u.id = p.author_id
     where u.username = 'creator_pip' and p.content_status = 'PUBLISHED' and p.allow_comments
     order by p.published_at desc limit 1`,
  );
  // The reader's socket goes through Playwright, which can cut it (as a
  // flaky network would) and keep refusing new ones while "down".
  const reader = await (await browser.newContext()).newPage();
  let down = false;
  const open = [];
  let connections = 0;
  await reader.routeWebSocket(/\/live$/, (ws) => {
    if (down) {
      ws.close({ code: 1006 });
      return;
    }
    connections += 1;
    ws.connectToServer();
    open.push(ws);
  });
  await reader.goto(`/p/${slug}`);
  await live(reader);
  expect(connections).toBe(1);

  down = true;
  for (const ws of open.splice(0)) await ws.close({ code: 1006 });
  await expect(reader.locator("html")).toHaveAttribute("data-live", "closed");

  // A comment is made while the reader is cut off.
  const writer = await (await browser.newContext()).newPage();
  await signIn(writer, "creator_nova");
  await writer.goto(`/p/${slug}`);
  const words = `While you were away ${tag}`;
  await writer.getByRole("textbox", { name: "Add a comment" }).fill(words);
  await writer.getByRole("button", { name: "Post comment" }).click();
  await expect(writer.locator("article.comment", { hasText: words })).toBeVisible();
  await expect(reader.locator("article.comment", { hasText: words })).toHaveCount(0);

  // The network comes back: the page reconnects by itself (with backoff),
  // resumes from the last event it heard, and the missed comment appears.
  down = false;
  await expect.poll(() => connections, { timeout: 45_000 }).toBeGreaterThan(1);
  await expect(reader.locator("html")).toHaveAttribute("data-live", "ready", { timeout: 15_000 });
  await expect(reader.locator("article.comment", { hasText: words })).toBeVisible();
});
