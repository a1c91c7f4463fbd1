// The shared components, exercised on the design system page.
import { test, expect } from "@playwright/test";

const js = (testInfo) => testInfo.project.name === "js";

async function hydrated(page) {
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true", { timeout: 15_000 });
}

test("the design system page renders every component", async ({ page }) => {
  const response = await page.goto("/design");
  expect(response.status()).toBe(200);
  await expect(page).toHaveTitle("Design system · Sparkle Universe");
  await expect(page.getByRole("list", { name: "Sparkle palette" }).getByRole("listitem")).toHaveCount(11);
  await expect(page.getByRole("img", { name: "Cleo Star" })).toHaveText("CS");
  await expect(page.getByLabel("Display name")).toBeVisible();
  await expect(page.getByRole("tablist", { name: "Example tabs" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Loading" })).toHaveCount(1);
  await expect(page.getByRole("heading", { name: "No posts yet" })).toBeVisible();
});

test("the menu opens and lists its links", async ({ page }) => {
  await page.goto("/design");
  await page.getByText("Card actions").click();
  await expect(page.getByRole("menuitem", { name: "House rules" })).toBeVisible();
});

test("a dialog opens, traps focus and closes with Escape", async ({ page }, testInfo) => {
  test.skip(!js(testInfo), "dialogs are opened by script");
  await page.goto("/design");
  await hydrated(page);
  await page.getByRole("button", { name: "Open a dialog" }).click();
  const dialog = page.getByRole("dialog", { name: "A dialog" });
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await page.getByRole("button", { name: "Open a dialog" }).click();
  await dialog.getByRole("button", { name: "Close dialog" }).click();
  await expect(dialog).toBeHidden();
});

test("a toast is announced and can be dismissed", async ({ page }, testInfo) => {
  test.skip(!js(testInfo), "toasts are shown by script");
  await page.goto("/design");
  await hydrated(page);
  await page.getByRole("button", { name: "Show a toast" }).click();
  const toast = page.getByRole("status").filter({ hasText: "Saved! Your changes are live." });
  await expect(toast).toBeVisible();
  await toast.getByRole("button", { name: "Dismiss" }).click();
  await expect(toast).toBeHidden();
});

test("tabs follow the arrow keys", async ({ page }, testInfo) => {
  test.skip(!js(testInfo), "keyboard tabs need script");
  await page.goto("/design");
  await hydrated(page);
  const tabs = page.getByRole("tablist", { name: "Example tabs" });
  await tabs.getByRole("tab", { name: "First" }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(tabs.getByRole("tab", { name: "Second" })).toHaveAttribute("aria-selected", "true");
  await expect(tabs.getByRole("tab", { name: "Second" })).toBeFocused();
  await expect(page.getByText("The second panel.")).toBeVisible();
  await expect(page.getByText("The first panel.")).toBeHidden();
});

test("a field shows its error next to it and keeps what was typed", async ({ page }, testInfo) => {
  test.skip(!js(testInfo), "live validation needs script");
  await page.goto("/design");
  await hydrated(page);
  const field = page.getByLabel("Display name");
  await field.fill("ab");
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Use 3 to 30 characters.")).toBeVisible();
  await expect(field).toHaveValue("ab");
  await field.fill("abc");
  await expect(field).toHaveAttribute("aria-invalid", "false");
});
