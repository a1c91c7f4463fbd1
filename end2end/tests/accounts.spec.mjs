// The account journey a new fan takes, with and without JavaScript:
// sign up → confirm the email through the development outbox → sign in →
// see the session in security settings → edit the profile with a picture →
// follow a demo creator → sign out.
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
  const menu = page.locator("summary", { hasText: `Account menu: ${username}` });
  await expect(menu).toBeVisible();

  await page.goto("/settings/security");
  await expect(page.getByRole("heading", { name: "Where you're signed in" })).toBeVisible();
  await expect(page.getByText("This device")).toBeVisible();
  await expect(page.getByRole("table")).toContainText("Signed in");

  // Edit the profile, with a picture (a real PNG: a screenshot of the page).
  const picture = await page.screenshot({ clip: { x: 0, y: 0, width: 160, height: 120 } });
  await page.goto("/settings/profile");
  if (testInfo.project.name === "js") {
    // Text typed before hydration would be replaced by the hydrated values.
    await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true", { timeout: 15_000 });
  }
  await expect(page.getByRole("progressbar", { name: "Profile completeness" })).toHaveAttribute("value", "0");
  await page.getByLabel("Display name").fill("Journey Fan");
  await page.getByLabel("Bio").fill("Here for the sparkles.");
  await page.getByLabel("Interests", { exact: true }).fill("art, music");
  await page.getByLabel("Website").fill("not a website");
  await page.getByRole("button", { name: "Save profile" }).click();
  // Refused next to the field, and nothing typed is lost.
  await expect(page.getByText("Enter a web address")).toBeVisible();
  if (testInfo.project.name === "js") {
    await expect(page.getByLabel("Bio")).toHaveValue("Here for the sparkles.");
  } else {
    await page.getByLabel("Display name").fill("Journey Fan");
    await page.getByLabel("Bio").fill("Here for the sparkles.");
    await page.getByLabel("Interests", { exact: true }).fill("art, music");
  }
  await page.getByLabel("Website").fill("");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Profile saved.")).toBeVisible();
  await expect(page.getByRole("progressbar", { name: "Profile completeness" })).toHaveAttribute("value", "45");
  await page.getByLabel("Choose a new profile picture").setInputFiles({ name: "me.png", mimeType: "image/png", buffer: picture });
  await page.getByRole("button", { name: "Upload" }).first().click();
  await expect(page.getByText("New profile picture saved.")).toBeVisible();
  await expect(page.getByRole("img", { name: "Your profile picture" })).toBeVisible();
  await expect(page.getByRole("progressbar", { name: "Profile completeness" })).toHaveAttribute("value", "65");

  // The profile shows it all.
  await page.goto(`/u/${username}`);
  await expect(page.getByRole("heading", { name: "Journey Fan" })).toBeVisible();
  await expect(page.getByText("Here for the sparkles.")).toBeVisible();
  await expect(page.getByRole("img", { name: "Journey Fan's picture" })).toBeVisible();

  // Follow a demo creator; they list the fan among their followers.
  await page.goto("/u/creator_cleo");
  await expect(page.getByRole("heading", { name: /Cleo Creates/ })).toBeVisible();
  await page.getByRole("button", { name: "Follow", exact: true }).click();
  await expect(page.getByRole("button", { name: /Following/ })).toBeVisible();
  await page.goto("/u/creator_cleo/followers");
  await expect(page.getByRole("link", { name: new RegExp(`Journey Fan.*@${username}`) })).toBeVisible();

  await page.locator("summary", { hasText: "Account menu:" }).click();
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

// Sign in through the OpenID Connect provider that `cargo xtask test` runs
// beside the server (npm's oidc-provider; its login form takes an account id),
// see the link in account settings, download the data, delete the account and
// bring it back by signing in again.
async function continueWithProvider(page, who) {
  await page.getByRole("button", { name: "Continue with Fixture ID" }).click();
  // The provider asks who you are, unless it still remembers this browser.
  const back = /^http:\/\/127\.0\.0\.1:\d+\/(settings\/profile\?welcome=1)?$/;
  await page.waitForURL((url) => url.pathname.startsWith("/interaction/") || back.test(url.href));
  if (page.url().includes("/interaction/")) {
    await page.locator('input[name="login"]').fill(who);
    await page.getByRole("button", { name: "Sign in" }).click();
  }
}

test("sign in with the provider, export, delete and come back", async ({ page }, testInfo) => {
  const who = testInfo.project.name === "js" ? "ana" : "ben";
  await page.goto("/signin");
  await continueWithProvider(page, who);
  // A first visit makes the account and opens the profile settings.
  await expect(page).toHaveURL(/\/(settings\/profile\?welcome=1)?$/);
  await expect(page.locator("summary", { hasText: "Account menu:" })).toBeVisible();

  await page.goto("/settings/account");
  await expect(page.getByRole("heading", { name: "Account", level: 1 })).toBeVisible();
  const methods = page.getByRole("list", { name: "Sign-in methods" });
  await expect(methods).toContainText("Fixture ID");
  await expect(methods).toContainText(`${who}@example.com`);
  await expect(methods).toContainText("Not set");

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download my data" }).click();
  expect((await download).suggestedFilename()).toMatch(new RegExp(`^sparkle-universe-${who}-\\d{4}-\\d{2}-\\d{2}\\.json$`));

  if (testInfo.project.name === "js") {
    await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true", { timeout: 15_000 });
  }
  const confirm = page.getByLabel(/Type your username/);
  await confirm.fill("not me");
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page.getByText(`Type your username, ${who}, to confirm.`)).toBeVisible();
  await page.getByLabel(/Type your username/).fill(who);
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page).toHaveURL(/\/signin\?deleted=1$/);
  await expect(page.getByText("Your account is deleted")).toBeVisible();
  await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();

  // Signing in within 30 days brings it back.
  await continueWithProvider(page, who);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator("summary", { hasText: "Account menu:" })).toBeVisible();
});
