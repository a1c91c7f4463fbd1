// Automated accessibility checks (axe-core, WCAG 2.1 A and AA) of every page,
// in the light and the dark theme, on a phone and on a desktop.
import { test, expect } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { sql } from "./helpers.mjs";

const pages = ["/", "/design", "/no-such-page", "/signup", "/signin", "/signin/two-factor", "/forgot-password", "/u/creator_cleo", "/u/creator_cleo/followers"];
// Pages behind sign-in, checked as the demo fan Cy.
// Also the busiest post with a video (comments, heat strip, reactions, the
// comment form), a thread page and the notification centre.
const memberPages = ["/settings/profile", "/settings/security", "/settings/account", "/notifications", "/settings/notifications", "/bookmarks", "/following"];
function conversationPages() {
  const [slug, comment] = sql(
    `select p.slug || ' ' || (select c.id from comments c where c.post_id = p.id and c.parent_id is null order by c.reply_count desc limit 1)
     from posts p join post_stats s on s.post_id = p.id
     where p.youtube_video_id is not null and p.content_status = 'PUBLISHED' order by s.comment_count desc limit 1`,
  ).split(" ");
  return [`/p/${slug}`, `/p/${slug}/comments/${comment}`, `/p/${slug}/reactions`];
}
const sizes = { phone: { width: 360, height: 740 }, desktop: { width: 1280, height: 800 } };

for (const path of pages) {
  for (const theme of ["light", "dark"]) {
    for (const [device, viewport] of Object.entries(sizes)) {
      test(`${path} has no accessibility violations (${theme}, ${device})`, async ({ page, context, baseURL }, testInfo) => {
        // axe runs as a script inside the page; the markup it checks is the
        // same server-rendered HTML the no-JS project gets.
        test.skip(testInfo.project.name !== "js", "axe needs JavaScript in the page");
        await context.addCookies([{ name: "theme", value: theme, url: baseURL }]);
        await page.setViewportSize(viewport);
        await page.emulateMedia({ reducedMotion: "reduce" });
        await page.goto(path);
        const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
        const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
        expect(summary).toEqual([]);
      });
    }
  }
}

for (const theme of ["light", "dark"]) {
  for (const [device, viewport] of Object.entries(sizes)) {
    test(`member pages have no accessibility violations (${theme}, ${device})`, async ({ page, context, baseURL }, testInfo) => {
      test.skip(testInfo.project.name !== "js", "axe needs JavaScript in the page");
      // Nine pages, each checked by axe: more than the default 30 s when the
      // machine is busy with the other worker.
      test.slow();
      await context.addCookies([{ name: "theme", value: theme, url: baseURL }]);
      await page.setViewportSize(viewport);
      await page.emulateMedia({ reducedMotion: "reduce" });
      await page.goto("/signin");
      await page.getByLabel("Username or email").fill("fan_cy");
      await page.getByLabel("Password").fill("sparkle-demo-2026");
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.locator("summary", { hasText: "Account menu:" })).toBeVisible();
      for (const path of [...memberPages, ...conversationPages()]) {
        await page.goto(path);
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
        const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
        expect(summary, path).toEqual([]);
      }
    });
  }
}
