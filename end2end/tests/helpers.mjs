// Shared steps of the browser tests.
import { execFileSync } from "node:child_process";
import { expect } from "@playwright/test";

// What the browser cannot see (a row the server wrote), read with psql from
// the test database `cargo xtask test` gives the server.
export function sql(query) {
  return execFileSync("psql", [process.env.E2E_DATABASE_URL, "-XtAc", query], { encoding: "utf8" }).trim();
}

// Signs in with the demo password, with the keyboard only.
export async function signIn(page, login) {
  await page.goto("/signin");
  await page.getByLabel("Username or email").fill(login);
  await page.getByLabel("Password").fill("sparkle-demo-2026");
  await page.getByLabel("Password").press("Enter");
  await expect(page.locator("summary", { hasText: "Account menu:" })).toBeVisible();
}

export async function hydrated(page) {
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true", { timeout: 15_000 });
}

// Pastes into the focused editor as a browser does (a paste event carrying
// the clipboard's HTML or plain text).
export async function paste(locator, data) {
  await locator.evaluate((el, data) => {
    const transfer = new DataTransfer();
    for (const [type, value] of Object.entries(data)) transfer.setData(type, value);
    el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, data);
}
