// The account journey a new fan takes, with and without JavaScript:
// sign up → confirm the email through the development outbox → sign in →
// see the session in security settings → sign out.
import { test, expect } from "@playwright/test";

const PASSWORD = "correct horse battery";

function unique(prefix, testInfo) {
  return `${prefix}${testInfo.project.name.replace("-", "")}${Date.now().toString(36)}`.slice(0, 30);
}

test("sign up, confirm through /dev/mail, sign in and out", async ({ page }, testInfo) => {
  const username = unique("fan", testInfo);
  const email = `${username}@example.com`;

  await page.goto("/signup");
  await expect(page).toHaveTitle(/Join/);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel(/^Password/).fill("short");
  if (testInfo.project.name === "js") {
    // The rules tick off as the fan types.
    await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true", { timeout: 15_000 });
    await page.getByLabel(/^Password/).fill("short");
    await expect(page.getByRole("list", { name: "Rules for your password" }).getByText("(not yet)").first()).toBeAttached();
  }
  await page.getByRole("button", { name: "Create account" }).click();
  // Refused on the server, with the message next to the field.
  await expect(page.getByText("Use at least 10 characters.")).toBeVisible();

  if (testInfo.project.name === "no-js") {
    // Without JavaScript the form comes back empty; fill it again.
    await page.getByLabel("Username").fill(username);
    await page.getByLabel("Email").fill(email);
  }
  await page.getByLabel(/^Password/).fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();

  // The verification mail is in the development outbox.
  await page.goto("/dev/mail");
  const mail = page.getByRole("article", { name: "Confirm your email for Sparkle Universe" }).filter({ hasText: email }).first();
  await expect(mail).toBeVisible();
  await mail.getByRole("link", { name: /verify-email\?token=/ }).click();
  await page.getByRole("button", { name: "Confirm my email" }).click();
  await expect(page).toHaveURL(/\/signin\?verified=1/);
  await expect(page.getByText("Your email is confirmed.")).toBeVisible();

  // A wrong password gets the generic answer.
  await page.getByLabel("Username or email").fill(username);
  await page.getByLabel("Password").fill("not my password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Wrong username or password.")).toBeVisible();

  await page.getByLabel("Username or email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/$/);
  const menu = page.getByLabel(`Account menu for ${username}`);
  await expect(menu).toBeVisible();

  await page.goto("/settings/security");
  await expect(page.getByRole("heading", { name: "Where you're signed in" })).toBeVisible();
  await expect(page.getByText("This device")).toBeVisible();
  await expect(page.getByRole("table")).toContainText("Signed in");

  await page.getByLabel(`Account menu for ${username}`).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.goto("/settings/security");
  await expect(page.getByRole("heading", { name: "Please sign in" })).toBeVisible();
});

test("forgot password answers the same for any address", async ({ page }) => {
  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill("nobody-here@example.com");
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByText("If an account uses that address")).toBeVisible();
});
