// Smoke tests of the foundation: the landing page, hydration, 404, readiness
// and the theme choice, as a visitor meets them.
import { test, expect } from "@playwright/test";

const jsEnabled = (testInfo) => testInfo.project.name === "js";

test("the landing page describes the community", async ({ page }) => {
  const response = await page.goto("/");
  expect(response.status()).toBe(200);
  await expect(page).toHaveTitle("Sparkle Universe");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("shine together");
  await expect(page.getByRole("heading", { name: "What's inside" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Footer" })).toBeVisible();
});

test("a link to a section works as a plain link", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "See what's inside" }).click();
  await expect(page).toHaveURL(/#inside$/);
});

test("the page hydrates and the theme switches in place", async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), "hydration needs JavaScript");
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/");
  // Wait until the WASM has hydrated the page.
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true", { timeout: 15_000 });
  await page.evaluate(() => { window.__noReload = true; });
  await page.getByRole("group", { name: "Colour theme" }).first().getByRole("button", { name: "Dark" }).click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  expect(await page.evaluate(() => window.__noReload)).toBe(true); // no navigation happened
  await expect(page.getByRole("button", { name: "Dark" }).first()).toHaveAttribute("aria-pressed", "true");
  expect(errors).toEqual([]);
});

test("the theme choice survives a reload", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/");
  await page.getByRole("group", { name: "Colour theme" }).first().getByRole("button", { name: "Dark" }).click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await page.getByRole("group", { name: "Colour theme" }).first().getByRole("button", { name: "Light" }).click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
});

test("the phone menu opens and its links work", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto("/");
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  await page.getByLabel("Menu").click();
  const mobile = page.getByRole("navigation", { name: "Mobile" });
  await expect(mobile).toBeVisible();
  await mobile.getByRole("link", { name: "Latest" }).click();
  await expect(page).toHaveURL(/\/latest$/);
});

test("an unknown page returns 404 with a way home", async ({ page }) => {
  const response = await page.goto("/this/does/not/exist");
  expect(response.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("empty");
  await page.getByRole("link", { name: "Back to the home page" }).click();
  await expect(page).toHaveURL(/\/$/);
});

test("the server is ready", async ({ request }) => {
  const response = await request.get("/readyz");
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ status: "ready" });
});

test("nothing overflows a 360 px phone", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  for (const path of ["/", "/missing", "/signup", "/signin", "/forgot-password", "/signin/two-factor", "/u/creator_cleo", "/u/fan_ana/following"]) {
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `horizontal overflow on ${path}`).toBeLessThanOrEqual(0);
  }
});

test("every theme picker on the page agrees", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "js", "in-place switching needs JavaScript");
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true", { timeout: 15_000 });
  await page.getByRole("group", { name: "Colour theme" }).first().getByRole("button", { name: "Dark" }).click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  const pressed = page.getByRole("button", { name: "Dark", pressed: true, includeHidden: true });
  await expect(pressed).toHaveCount(2);
});

test("the stylesheet and scripts load and style the page", async ({ page }, testInfo) => {
  const failed = [];
  const loaded = [];
  page.on("response", (r) => {
    if (!r.url().includes("/pkg/")) return;
    if (r.status() === 200) loaded.push(new URL(r.url()).pathname);
    else failed.push(`${r.status()} ${r.url()}`);
  });
  await page.goto("/");
  if (testInfo.project.name === "js") {
    await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true", { timeout: 15_000 });
    expect(loaded.some((p) => /^\/pkg\/sparkle\.[0-9a-f]{16}\.wasm$/.test(p))).toBe(true);
    expect(loaded.some((p) => /^\/pkg\/sparkle\.[0-9a-f]{16}\.js$/.test(p))).toBe(true);
  }
  const css = page.locator('link[rel="stylesheet"]');
  await expect(css).toHaveAttribute("href", /^\/pkg\/sparkle\.[0-9a-f]{16}\.css$/);
  // The token colours and the utilities are applied.
  const canvas = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(["rgb(255, 248, 251)", "rgb(18, 8, 24)"]).toContain(canvas);
  const heading = await page.getByRole("heading", { level: 1 }).evaluate((el) => getComputedStyle(el).fontWeight);
  expect(heading).toBe("900");
  expect(failed).toEqual([]);
});

test("what is typed while the app is still loading is kept", async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), "hydration needs JavaScript");
  // Hold the WASM back until the fields are filled, as on a slow phone.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route("**/*.wasm", async (route) => { await held; await route.continue(); });
  await page.goto("/signin");
  await page.getByLabel("Username or email").fill("fan_cy");
  await page.getByLabel("Password").fill("sparkle-demo-2026");
  await page.getByLabel("Remember me").check();
  release();
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true", { timeout: 15_000 });
  await expect(page.getByLabel("Username or email")).toHaveValue("fan_cy");
  await expect(page.getByLabel("Password")).toHaveValue("sparkle-demo-2026");
  await expect(page.getByLabel("Remember me")).toBeChecked();
  // And the hydrated form sends what is on screen.
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("summary", { hasText: "Account menu:" })).toBeVisible();
});
