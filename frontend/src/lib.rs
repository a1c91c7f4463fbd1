//! The browser entry point. The page's islands (`#[island]` components in
//! `app`) are exported from this module; Leptos' island script calls
//! [`hydrate`] once, then hydrates each island in document order.

use wasm_bindgen::prelude::wasm_bindgen;

/// Called by the island script before it hydrates the islands.
#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Also what links `app`, whose islands are this module's exports.
    app::hydration::start();
}
