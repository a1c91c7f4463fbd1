// The rich editor (hydrated pages only; without JavaScript the body is the
// Markdown field that posts.spec.mjs covers): writing with Markdown
// shortcuts and keyboard shortcuts, links, lists, undo and redo, pasting
// from other sites, preview, saving, reopening and publishing.
import { test, expect } from "@playwright/test";
import { hydrated, paste, png, sendFiles, signIn } from "./helpers.mjs";

test.beforeEach(async ({}, testInfo) => {
  test.skip(testInfo.project.name !== "js", "the rich editor runs in the browser");
});

test("a creator writes, links, lists, undoes and publishes a rich post with the keyboard alone", async ({ page }) => {
  test.slow(); // a long story: two page loads, an upload, a refused and a good publish
  // No mouse in this test: focus() and key presses only.
  const title = `Keyboard clues ${Date.now().toString(36)}`;
  await signIn(page, "creator_cleo");
  await page.goto("/write");
  await hydrated(page);
  await page.getByRole("textbox", { name: "Title", exact: true }).fill(title);
  const editor = page.getByRole("textbox", { name: "Body", exact: true });
  await expect(page.getByRole("toolbar", { name: "Formatting" })).toBeVisible();
  await editor.focus();
  await page.keyboard.type("## Three clues");
  await page.keyboard.press("Enter");
  await page.keyboard.type("The **crescent locket** is _everywhere_ in episode 12");
  await expect(editor.locator("h2")).toHaveText("Three clues");
  await expect(editor.locator("strong")).toHaveText("crescent locket");
  await expect(editor.locator("em")).toHaveText("everywhere");

  // A link on "episode 12": select it, Ctrl+K, an address the post may not use, then a good one.
  for (let i = 0; i < "episode 12".length; i++) await page.keyboard.press("Shift+ArrowLeft");
  await page.keyboard.press("Control+k");
  const address = page.getByLabel("Link address");
  await expect(address).toBeFocused();
  await address.fill("javascript:alert(1)");
  await address.press("Enter");
  await expect(page.getByText("Links must start with https://")).toBeVisible();
  await address.fill("https://example.com/ep12");
  await address.press("Enter");
  await expect(editor).toBeFocused();
  await expect(editor.getByRole("link", { name: "episode 12" })).toHaveAttribute("href", "https://example.com/ep12");

  // Bold from the keyboard, then a nested list.
  await page.keyboard.press("End");
  await page.keyboard.type(". ");
  await page.keyboard.press("Control+b");
  await page.keyboard.type("Watch closely");
  await page.keyboard.press("Control+b");
  await expect(page.getByRole("button", { name: "Bold" })).toHaveAttribute("aria-pressed", "false");
  await page.keyboard.press("Enter");
  await page.keyboard.type("- the locket");
  await page.keyboard.press("Enter");
  await page.keyboard.type("its glow");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Enter");
  await page.keyboard.type("the pier");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Enter");

  // Undo and redo, word by word.
  await page.keyboard.type("Gone soon");
  await page.keyboard.press("Control+z");
  await expect(editor).not.toContainText("Gone soon");
  await expect(editor).toContainText("Gone");
  await page.keyboard.press("Control+Shift+z");
  await expect(editor).toContainText("Gone soon");
  await page.keyboard.press("Control+z");
  await page.keyboard.press("Control+z");
  await expect(editor).not.toContainText("Gone");

  // The "/" menu narrows as you type; Enter inserts the highlighted block.
  await page.keyboard.type("/div");
  const blocksMenu = page.getByRole("listbox", { name: "Blocks to insert" });
  await expect(blocksMenu.getByRole("option")).toHaveText([/Divider/]);
  await expect(editor).toHaveAttribute("aria-activedescendant", "ed-menu-0");
  await page.keyboard.press("Enter");
  await expect(blocksMenu).toBeHidden();
  await expect(editor.locator(".ed-divider")).toHaveCount(1);
  await expect(editor).not.toContainText("/div");

  // @mentions: the menu offers people by their username; arrows move, Enter picks.
  await page.keyboard.type("Thanks @creator_");
  const people = page.getByRole("listbox", { name: "People to mention" });
  await expect(people.getByRole("option").first()).toBeVisible();
  await expect(people).not.toContainText("creator_cleo"); // never yourself
  await page.keyboard.type("p");
  await expect(people.getByRole("option").first()).toContainText("@creator_pip");
  await expect(people.getByRole("option").first()).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Enter");
  await expect(editor.locator(".ed-mention")).toHaveText("@creator_pip");
  await page.keyboard.type("for the tip.");
  await page.keyboard.press("Enter");

  // A picture from the "/" menu: the file chooser, the upload, then its alt
  // text field has the keyboard (and says it is needed before publishing).
  const chooser = page.waitForEvent("filechooser");
  await page.keyboard.type("/pic");
  await expect(blocksMenu.getByRole("option", { name: /Picture/ })).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Enter");
  await (await chooser).setFiles({ name: "pier.png", mimeType: "image/png", buffer: png(640, 400) });
  const altField = editor.getByLabel("Describe the picture (alt text)");
  await expect(altField).toBeFocused();
  await expect(editor.locator("figure.ed-figure img")).toHaveAttribute("src", /^\/media\/post\//);
  await expect(editor.getByText("Needed before publishing")).toBeVisible();

  // A YouTube address pasted on the empty line becomes the video; its start
  // time is set in the block's own field.
  await paste(editor, { "text/plain": "https://youtu.be/dQw4w9WgXcQ" });
  await expect(editor.getByRole("img", { name: "YouTube video dQw4w9WgXcQ" })).toBeAttached();
  const start = page.getByLabel("Starts at");
  await expect(start).toHaveValue("0:00");
  await start.fill("2:05");
  await expect(editor.locator("p", { hasText: "Starts at" })).toHaveCount(0);

  // Autosave has it ("Saved" a couple of seconds after the last key).
  await expect(page.locator("[data-autosave]")).toHaveText("Saved", { timeout: 15_000 });

  // Preview is the server's own rendering (the form is posted; the editor
  // comes back with the preview and everything as it was).
  await expect(page.getByText(/\d+ words · 1 min read/)).toBeVisible();
  const previewButton = page.getByRole("button", { name: "Preview" });
  await previewButton.focus();
  await page.keyboard.press("Enter");
  const preview = page.getByRole("region", { name: "Preview" });
  await expect(preview.getByRole("heading", { level: 2, name: "Three clues" })).toBeVisible();
  await expect(preview.locator("li > ul > li")).toHaveText("its glow");
  await expect(preview.getByRole("link", { name: "episode 12" })).toHaveAttribute("href", "https://example.com/ep12");
  await hydrated(page);

  // Saved as a draft, reopened: everything is still there.
  await page.getByRole("button", { name: "Save draft" }).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/write\/[0-9a-f-]+\?saved=draft/);
  await page.reload();
  await hydrated(page);
  const reopened = page.getByRole("textbox", { name: "Body", exact: true });
  await expect(reopened.locator("h2")).toHaveText("Three clues");
  await expect(reopened.locator("strong").first()).toHaveText("crescent locket");
  await expect(reopened.getByRole("link", { name: "episode 12" })).toBeVisible();
  await expect(reopened.locator(".ed-li.ed-indent-1")).toHaveText("its glow");
  await expect(reopened.locator(".ed-mention")).toHaveText("@creator_pip");

  // The draft kept the picture without alt text; publishing asks for it.
  const publish = page.getByRole("button", { name: "Publish" });
  await publish.focus();
  await page.keyboard.press("Enter");
  await expect(page.locator("#field-body-error")).toContainText("every picture needs alt text describing it before publishing");
  await reopened.getByLabel("Describe the picture (alt text)").focus();
  await page.keyboard.type("The old pier at dusk, lanterns lit");
  await expect(reopened.getByText("Needed before publishing")).toHaveCount(0);
  await publish.focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/p\/keyboard-clues-/);
  const article = page.locator("article");
  await expect(article.getByRole("heading", { level: 2, name: "Three clues" })).toBeVisible();
  await expect(article.locator("strong", { hasText: "Watch closely" })).toBeVisible();
  await expect(article.locator("em", { hasText: "everywhere" })).toBeVisible();
  await expect(article.getByRole("link", { name: "episode 12" })).toHaveAttribute("href", "https://example.com/ep12");
  await expect(article.locator("li", { hasText: "the pier" })).toBeVisible();
  await expect(article.locator("hr")).toHaveCount(1);
  await expect(article.getByRole("link", { name: "@creator_pip" })).toHaveAttribute("href", "/u/creator_pip");
  await expect(article.getByRole("img", { name: "The old pier at dusk, lanterns lit" })).toHaveAttribute("src", /^\/media\/post\//);
  await expect(article.locator("iframe[title='YouTube video']")).toHaveAttribute(
    "src",
    "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=125&enablejsapi=1",
  );
});

test("pasting from a web page keeps headings, lists and links and drops scripts and styles", async ({ page }) => {
  await signIn(page, "creator_pip");
  await page.goto("/write");
  await hydrated(page);
  const editor = page.getByRole("textbox", { name: "Body", exact: true });
  await editor.focus();
  await paste(editor, {
    "text/html":
      '<meta charset="utf-8"><style>p { color: red }</style><h1 style="font-size:40px">Big news</h1>' +
      '<p>Read <a href="https://example.com/x" onclick="window.pwned=1">this</a> and <a href="javascript:window.pwned=1">that</a>' +
      '<script>window.pwned = 1</script><img src="x" onerror="window.pwned=1"></p>' +
      "<ul><li>one<ul><li>one and a half</li></ul></li><li>two</li></ul>",
    "text/plain": "Big news",
  });
  await expect(editor.locator("h2")).toHaveText("Big news");
  await expect(editor.getByRole("link", { name: "this" })).toHaveAttribute("href", "https://example.com/x");
  await expect(editor.getByText("that")).toBeVisible();
  await expect(editor.getByRole("link", { name: "that" })).toHaveCount(0);
  await expect(editor.locator(".ed-li")).toHaveText(["one", "one and a half", "two"]);
  await expect(editor.locator("script, style, img, [onclick], [style]")).toHaveCount(0);
  expect(await page.evaluate(() => window.pwned)).toBeUndefined();
  const json = await page.locator('input[name="form[body_json]"]').inputValue();
  expect(json).not.toMatch(/script|color|onclick|pwned/);
});

test("autosave keeps every word: saved, reloaded, offline, reloaded offline, back online", async ({ page }) => {
  await signIn(page, "creator_nova");
  await page.goto("/write");
  await hydrated(page);
  const title = page.getByRole("textbox", { name: "Title", exact: true });
  await title.fill("Autosaved thoughts");
  const editor = page.getByRole("textbox", { name: "Body", exact: true });
  await editor.focus();
  await page.keyboard.type("First words stay.");
  const status = page.locator("[data-autosave]");
  await expect(status).toHaveText("Saved", { timeout: 10_000 });
  // The address now finds this draft again.
  await expect(page).toHaveURL(/\/write\?draft=[0-9a-f-]{36}$/);
  await page.reload();
  await hydrated(page);
  await expect(page.getByText("Welcome back.")).toBeVisible();
  await expect(title).toHaveValue("Autosaved thoughts");
  await expect(editor).toHaveText("First words stay.");

  // The network fails: the words are kept in this browser.
  await page.route("**/api/autosave_post", (route) => route.abort());
  await editor.focus();
  await page.keyboard.press("Control+End");
  await page.keyboard.type(" Offline words too.");
  await expect(status).toHaveText("Offline — kept on this device", { timeout: 10_000 });
  await page.reload();
  await hydrated(page);
  await expect(editor).toHaveText("First words stay. Offline words too.");

  // Back online, the kept copy reaches the server.
  await page.unroute("**/api/autosave_post");
  await expect(status).toHaveText("Saved", { timeout: 20_000 });
  await page.reload();
  await hydrated(page);
  await expect(editor).toHaveText("First words stay. Offline words too.");
});

test("pictures come in by paste and drop, blocks move by their handle, menus answer the mouse", async ({ page }) => {
  test.slow(); // three uploads
  await signIn(page, "creator_pip");
  await page.goto("/write");
  await hydrated(page);
  const editor = page.getByRole("textbox", { name: "Body", exact: true });
  await editor.click();
  for (const line of ["one", "two", "three"]) {
    await page.keyboard.type(line);
    if (line !== "three") await page.keyboard.press("Enter");
  }
  const blocks = editor.locator("[data-block]");
  await expect(blocks).toHaveText(["one", "two", "three"]);

  // Drag "three" above "one" by the handle beside it; undo puts it back.
  await blocks.nth(2).hover();
  const handle = page.locator(".ed-handle");
  await expect(handle).toBeVisible();
  await handle.dragTo(blocks.nth(0), { targetPosition: { x: 30, y: 3 } });
  await expect(blocks).toHaveText(["three", "one", "two"]);
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(blocks).toHaveText(["one", "two", "three"]);
  await page.getByRole("button", { name: "Redo" }).click();
  await expect(blocks).toHaveText(["three", "one", "two"]);

  // A picture pasted as a file uploads and lands at the caret.
  await blocks.nth(2).click();
  await page.keyboard.press("End");
  await sendFiles(editor, [{ name: "pasted.png", type: "image/png", bytes: png(300, 200) }]);
  await expect(editor.locator("figure.ed-figure")).toHaveCount(1);
  await expect(editor.getByLabel("Describe the picture (alt text)")).toBeFocused();
  await expect(blocks.nth(3)).toHaveClass(/ed-figure/);
  // A file that only claims to be a picture is refused with the reason.
  await sendFiles(editor, [{ name: "notes.png", type: "image/png", bytes: Buffer.from("not a picture at all") }]);
  await expect(page.getByRole("alert").filter({ hasText: "notes.png:" })).toContainText("isn't a picture");
  await expect(editor.locator("figure.ed-figure")).toHaveCount(1);
  // Dropped on the top half of the first block: it goes first.
  const top = await blocks.nth(0).boundingBox();
  await sendFiles(editor, [{ name: "dropped.png", type: "image/png", bytes: png(320, 240) }], {
    event: "drop",
    clientY: top.y + 2,
  });
  await expect(editor.locator("figure.ed-figure")).toHaveCount(2);
  await expect(blocks.nth(0)).toHaveClass(/ed-figure/);
  const json = JSON.parse(await page.locator('input[name="form[body_json]"]').inputValue());
  expect(json.blocks.filter((b) => b.type === "image").map((b) => [b.width, b.height])).toEqual([
    [320, 240],
    [300, 200],
  ]);

  // Menus by mouse; Escape closes one for good while that word is typed.
  await blocks.last().click();
  await page.keyboard.press("End");
  await page.keyboard.press("Enter");
  await page.keyboard.type("/");
  const blocksMenu = page.getByRole("listbox", { name: "Blocks to insert" });
  await expect(blocksMenu).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(blocksMenu).toBeHidden();
  await page.keyboard.type("q");
  await expect(blocksMenu).toBeHidden();
  await page.keyboard.press("Backspace");
  await page.keyboard.press("Backspace");
  await page.keyboard.type("/quo");
  await blocksMenu.getByRole("option", { name: /Quote/ }).click();
  await expect(editor.locator(".ed-quoted")).toHaveCount(1);
  await page.keyboard.type("as @creator_n");
  const people = page.getByRole("listbox", { name: "People to mention" });
  await people.getByRole("option", { name: /creator_nova/ }).click();
  await expect(editor.locator(".ed-quoted .ed-mention")).toHaveText("@creator_nova");
});

test("the editor's code is fetched only on the pages that use it", async ({ page }) => {
  const chunks = [];
  page.on("request", (request) => {
    if (/\/pkg\/split_rich_editor_[0-9]+\.[0-9a-f]{16}\.wasm$/.test(request.url())) chunks.push(request.url());
  });
  await signIn(page, "creator_cleo");
  await page.goto("/");
  await hydrated(page);
  await page.goto("/latest");
  await hydrated(page);
  expect(chunks).toEqual([]);
  await page.goto("/write");
  await hydrated(page);
  expect(chunks).toHaveLength(1);
  await expect(page.getByRole("toolbar", { name: "Formatting" })).toBeVisible();
});

test("words typed while the editor's code is still on its way stay, in the Markdown field", async ({ page }) => {
  await signIn(page, "creator_pip");
  // A slow network: the editor's chunk arrives two seconds late.
  await page.route(/\/pkg\/split_rich_editor_[0-9]+\.[0-9a-f]{16}\.wasm$/, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await route.continue();
  });
  let fetched = false;
  page.on("requestfinished", (request) => {
    if (/split_rich_editor/.test(request.url())) fetched = true;
  });
  await page.goto("/write");
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true", { timeout: 15_000 });
  const markdown = page.getByRole("textbox", { name: "Body", exact: true });
  await markdown.fill("## Typed early\n\nEvery **word** stays.");
  await expect.poll(() => fetched, { timeout: 10_000 }).toBe(true);
  // Time for the chunk to compile and the editor to have swapped in, had it.
  await page.waitForTimeout(2000);
  // The Markdown field was kept (not swapped for an empty rich editor).
  await expect(page.locator('#field-body[contenteditable="true"]')).toHaveCount(0);
  await expect(markdown).toHaveValue("## Typed early\n\nEvery **word** stays.");
  await page.getByRole("textbox", { name: "Title", exact: true }).fill("Typed before the editor");
  await page.getByRole("button", { name: "Preview" }).click();
  const preview = page.getByRole("region", { name: "Preview" });
  await expect(preview.getByRole("heading", { level: 2, name: "Typed early" })).toBeVisible();
  await expect(preview.locator("strong")).toHaveText("word");
});

test("on a 360 px phone, words from an on-screen keyboard's input method land in the post", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await signIn(page, "creator_nova");
  await page.goto("/write");
  await hydrated(page);
  const editor = page.getByRole("textbox", { name: "Body", exact: true });
  await editor.tap();
  // What Android keyboards do: compose a word, then commit it.
  const cdp = await context.newCDPSession(page);
  for (const [partial, word] of [["Spark", "Sparkle "], ["fa", "fans"]]) {
    await cdp.send("Input.imeSetComposition", { text: partial, selectionStart: partial.length, selectionEnd: partial.length });
    await cdp.send("Input.insertText", { text: word });
  }
  await expect(editor).toHaveText("Sparkle fans");
  await expect
    .poll(async () => JSON.parse(await page.locator('input[name="form[body_json]"]').inputValue()).blocks[0]?.content?.[0]?.text)
    .toBe("Sparkle fans");
  // The toolbar is one row that scrolls sideways; nothing is wider than the screen.
  const bar = page.getByRole("toolbar", { name: "Formatting" });
  const box = await bar.boundingBox();
  expect(box.height).toBeLessThan(60);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  // The "/" menu fits the screen too.
  await page.keyboard.press("Enter");
  await page.keyboard.type("/");
  const menu = page.getByRole("listbox", { name: "Blocks to insert" });
  await expect(menu).toBeVisible();
  const menuBox = await menu.boundingBox();
  expect(menuBox.x).toBeGreaterThanOrEqual(0);
  expect(menuBox.x + menuBox.width).toBeLessThanOrEqual(360);
  await context.close();
});

test("the editor, with its mention and block menus open, has no accessibility violations", async ({ page }) => {
  const { default: AxeBuilder } = await import("@axe-core/playwright");
  const check = async () => {
    const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  };
  await signIn(page, "creator_nova");
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto("/write");
    await hydrated(page);
    const editor = page.getByRole("textbox", { name: "Body", exact: true });
    await editor.focus();
    await page.keyboard.type("Thanks @creator_");
    await expect(page.getByRole("listbox", { name: "People to mention" })).toBeVisible();
    await check();
    await page.keyboard.press("Escape");
    await page.keyboard.press("Enter");
    await page.keyboard.type("/");
    const blocks = page.getByRole("listbox", { name: "Blocks to insert" });
    await expect(blocks).toBeVisible();
    await check();
    // The scrolling list is a tab stop of its own; its keys work there too.
    await blocks.focus();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await expect(editor).toBeFocused();
    await expect(editor.locator("h2")).toHaveCount(1);
  }
});
