// Comments and reactions on a post, with and without JavaScript: a fan
// comments (with a moment of the video), replies, reacts, edits (the old
// words stay in the history) and deletes (the thread keeps its shape).
// YouTube is unreachable here: a stand-in page is served in place of its
// player through Playwright's routing, and it records the commands the
// page sends it, as the real player's IFrame API would receive them.
import { test, expect } from "@playwright/test";
import { commentsHydrated, hydrated, signIn, sql } from "./helpers.mjs";

// A published demo post with a video, the same for both projects.
function videoPost() {
  return sql(
    "select slug from posts where content_status = 'PUBLISHED' and youtube_video_id is not null order by published_at desc limit 1",
  );
}

// Stands in for the YouTube player: answers the IFrame API's "listening"
// handshake with its current time and keeps every command it is sent.
const STANDIN = `<!doctype html><title>Player stand-in</title><body style="margin:0;background:#111;color:#fff;font:14px sans-serif">
<p>YouTube stand-in</p><script>
window.commands = [];
addEventListener("message", (e) => {
  let data; try { data = JSON.parse(e.data); } catch { return; }
  if (data.event === "listening") parent.postMessage(JSON.stringify({ event: "infoDelivery", info: { currentTime: 125.4 } }), "*");
  if (data.event === "command") window.commands.push(data);
});
</script></body>`;

async function standIn(page) {
  await page.route("https://www.youtube-nocookie.com/embed/**", (route) =>
    route.fulfill({ status: 200, contentType: "text/html", body: STANDIN }),
  );
}

test("a fan comments, replies, reacts, edits and deletes", async ({ page }, testInfo) => {
  const js = testInfo.project.name === "js";
  const tag = `${testInfo.project.name}-${Date.now().toString(36)}`;
  const slug = videoPost();
  await standIn(page);
  await signIn(page, js ? "fan_ana" : "fan_cy");
  await page.goto(`/p/${slug}#comments`);
  if (js) await commentsHydrated(page);
  const section = page.getByRole("region", { name: /^Comments/ });
  await expect(section.getByRole("heading", { name: /^Comments \d+/ })).toBeVisible();

  // A comment with formatting and a moment typed in the text.
  const words = `Theory ${tag}: the locket at 1:23 is a **clue**`;
  await section.getByRole("textbox", { name: "Add a comment" }).fill(words);
  const before = page.url();
  await section.getByRole("button", { name: "Post comment" }).click();
  const mine = section.locator("article.comment", { hasText: `Theory ${tag}` });
  await expect(mine).toBeVisible();
  await expect(mine.locator("strong", { hasText: "clue" })).toBeVisible();
  await expect(mine.getByRole("link", { name: "1:23", exact: true })).toHaveAttribute("data-seek", "83");
  if (js) {
    expect(page.url(), "the comment appears in place").toBe(before);
    await expect(mine).toBeFocused();
  }

  // A reply under it.
  await mine.getByRole("link", { name: "↩ Reply" }).click();
  const replyText = `Reply ${tag}`;
  await page.getByRole("textbox", { name: "Your reply" }).fill(replyText);
  await page.getByRole("button", { name: "Reply", exact: true }).click();
  const reply = page.locator("article.comment", { hasText: replyText });
  await expect(reply).toBeVisible();
  await expect(reply).toHaveClass(/comment-reply/);
  if (!js) await expect(page).toHaveURL(/\/comments\//);
  const comment = page.locator("article.comment", { hasText: `Theory ${tag}` });

  // A reaction, from the picker.
  if (js) await comment.locator("summary", { hasText: "React" }).click();
  else await comment.locator("summary", { hasText: "React" }).click();
  await comment.getByRole("button", { name: /^Love/ }).click();
  const love = comment.locator("button[data-reaction='LOVE'][aria-pressed='true']").first();
  await expect(love).toBeVisible();
  await expect(love).toContainText("1");

  // An edit: the new words show, marked edited; the old ones are in the history.
  await comment.getByRole("link", { name: "Edit" }).click();
  const edit = page.getByRole("textbox", { name: "Edit your comment" });
  await expect(edit).toHaveValue(words);
  await edit.fill(`Theory ${tag}, revised: it was at 1:30`);
  await page.getByRole("button", { name: "Save" }).click();
  const revised = page.locator("article.comment", { hasText: `Theory ${tag}, revised` });
  await expect(revised).toBeVisible();
  await revised.getByRole("link", { name: "· edited" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /as it changed/ })).toBeVisible();
  await expect(page.getByText("the locket at 1:23 is a")).toBeVisible();
  await page.goBack();

  // Deleting keeps the thread's shape: the reply stays under "[deleted]".
  const target = page.locator("article.comment", { hasText: `Theory ${tag}, revised` });
  await target.locator("summary", { hasText: "Delete" }).click();
  await target.getByRole("button", { name: "Delete comment" }).click();
  await expect(page.locator("article.comment", { hasText: `Theory ${tag}` })).toHaveCount(0);
  await expect(page.locator("article.comment", { hasText: replyText })).toBeVisible();
  await expect(page.getByRole("article", { name: "[deleted]" }).first()).toBeVisible();
  expect(sql(`select count(*) from comments where body like 'Theory ${tag}%' and deleted_at is not null`)).toBe("1");
});

test("a post's reactions toggle, and the who-reacted page lists people", async ({ page }, testInfo) => {
  const js = testInfo.project.name === "js";
  const slug = videoPost();
  await standIn(page);
  await signIn(page, js ? "fan_ben" : "mod_mira");
  await page.goto(`/p/${slug}`);
  if (js) await hydrated(page);
  const bar = page.getByRole("group", { name: "Reactions" }).first();
  const mindBlown = bar.locator("button[data-reaction='MIND_BLOWN']");
  const pressed = (await mindBlown.getAttribute("aria-pressed")) === "true";
  const count = () => sql(`select reaction_counts[5] from post_stats s join posts p on p.id = s.post_id where p.slug = '${slug}'`);
  const start = Number(count());
  await mindBlown.click();
  await expect(bar.locator("button[data-reaction='MIND_BLOWN']")).toHaveAttribute("aria-pressed", String(!pressed));
  await expect.poll(() => Number(count())).toBe(start + (pressed ? -1 : 1));
  await bar.locator("button[data-reaction='MIND_BLOWN']").click();
  await expect(bar.locator("button[data-reaction='MIND_BLOWN']")).toHaveAttribute("aria-pressed", String(pressed));
  await expect.poll(() => Number(count())).toBe(start);
  await bar.getByRole("link", { name: /reactions? · who\?/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Who reacted" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Reaction kinds" }).getByRole("link", { name: /^All \d+/ })).toBeVisible();
});

test("a comment's moment seeks the player, the player's time fills the moment, the heat strip filters", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "js", "seeking in place needs the page's code; without it the links reload the page (next test)");
  const tag = Date.now().toString(36);
  const slug = videoPost();
  await standIn(page);
  await signIn(page, "fan_ben");
  await page.goto(`/p/${slug}`);
  await commentsHydrated(page);
  const player = page.frameLocator("#video iframe, .prose-post iframe").first();
  await expect(player.getByText("YouTube stand-in")).toBeVisible();
  const section = page.getByRole("region", { name: /^Comments/ });
  await section.getByRole("textbox", { name: "Add a comment" }).fill(`Seek test ${tag}`);
  // The stand-in reports 125.4 s: the button fills in 2:05.
  await section.getByRole("button", { name: "⏱ Use the player's time" }).click();
  await expect(section.getByLabel(/Moment of the video/)).toHaveValue("2:05");
  await section.getByRole("button", { name: "Post comment" }).click();
  const mine = section.locator("article.comment", { hasText: `Seek test ${tag}` });
  await expect(mine).toBeVisible();

  const url = page.url();
  await mine.getByRole("link", { name: "Play the video from 2:05" }).click();
  const frame = page.frames().find((f) => f.url().includes("youtube-nocookie.com/embed/"));
  await expect.poll(() => frame.evaluate(() => window.commands.map((c) => `${c.func}:${c.args.join(",")}`))).toContain("seekTo:125,true");
  expect(page.url(), "seeking stays on the page").toBe(url);

  // The heat strip's bar over 2:05 filters the thread to that stretch.
  const bars = section.getByRole("navigation", { name: "Moments of the video" }).getByRole("link");
  const starts = await bars.evaluateAll((links) => links.map((a) => Number(a.dataset.seek)));
  const index = starts.findLastIndex((from) => from <= 125);
  await bars.nth(index).click();
  await expect(page).toHaveURL(/[?&]at=\d+-\d+/);
  // The section has two status lines (the filter's and "n fans reading now").
  await expect(section.getByRole("status").filter({ hasText: "Threads about" })).toBeVisible();
  await expect(section.locator("article.comment", { hasText: `Seek test ${tag}` })).toBeVisible();
});

test("without JavaScript a moment reloads the page with the player started there, and a refused comment keeps its words", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "no-js", "the plain-HTML path");
  const slug = videoPost();
  await standIn(page);
  await signIn(page, "fan_ana");
  await page.goto(`/p/${slug}`);
  const section = page.getByRole("region", { name: /^Comments/ });
  const words = `Kept ${Date.now().toString(36)}`;
  await section.getByRole("textbox", { name: "Add a comment" }).fill(words);
  await section.getByLabel(/Moment of the video/).fill("9:99");
  await section.getByRole("button", { name: "Post comment" }).click();
  await expect(page.getByText("Write the moment as minutes:seconds, like 1:23.")).toBeVisible();
  await expect(section.getByRole("textbox", { name: "Add a comment" })).toHaveValue(words);
  await expect(section.getByLabel(/Moment of the video/)).toHaveValue("9:99");
  await section.getByLabel(/Moment of the video/).fill("0:40");
  await section.getByRole("button", { name: "Post comment" }).click();
  const mine = page.locator("article.comment", { hasText: words });
  await mine.getByRole("link", { name: "Play the video from 0:40" }).click();
  await expect(page).toHaveURL(/[?&]t=40#video$/);
  await expect(page.locator("#video iframe")).toHaveAttribute("src", /start=40&enablejsapi=1/);
});
