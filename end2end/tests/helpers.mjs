// Shared steps of the browser tests.
import { execFileSync } from "node:child_process";
import zlib from "node:zlib";
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
  // On the editor's pages the rich editor's code is its own WASM chunk,
  // fetched after hydration; until then the body is the Markdown field.
  if (new URL(page.url()).pathname.startsWith("/write")) {
    await expect(page.locator('#field-body[contenteditable="true"]')).toBeAttached({ timeout: 15_000 });
  }
}

// The comment section under a post hydrates (and downloads its chunk) only
// when it comes near the viewport: scrolls to it and waits for that.
export async function commentsHydrated(page) {
  await hydrated(page);
  await page.locator("#comments").scrollIntoViewIfNeeded();
  await expect(page.locator('[data-hydrate-on="visible"]:has(#comments)')).toHaveAttribute("data-hydrated", "true", { timeout: 15_000 });
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

// A real PNG of `width` × `height` (a gradient), as a file upload gives it.
export function png(width, height) {
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) row.set([(x * 3) % 256, (y * 5) % 256, 200], 1 + x * 3);
    rows.push(row);
  }
  const chunk = (type, data) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, "ascii");
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
    return Buffer.concat([head, data, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", zlib.deflateSync(Buffer.concat(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

// Pastes (or drops, with `event: "drop"` and a `clientY`) files into the
// editor as a browser does: the event's DataTransfer carries File objects.
export async function sendFiles(locator, files, { event = "paste", clientY = 0 } = {}) {
  await locator.evaluate(
    (el, { files, event, clientY }) => {
      const transfer = new DataTransfer();
      for (const f of files) transfer.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
      if (event === "paste") {
        el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true }));
      } else {
        for (const type of ["dragenter", "dragover", "drop"]) {
          el.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, clientY, bubbles: true, cancelable: true }));
        }
      }
    },
    { files: files.map((f) => ({ ...f, bytes: [...f.bytes] })), event, clientY },
  );
}
