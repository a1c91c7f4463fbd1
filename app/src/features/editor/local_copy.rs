//! This browser's copy of an editor form, kept in `localStorage` on every
//! change so nothing typed is lost to a network error, a closed tab or a
//! reload. It is the form as the browser would post it
//! (`application/x-www-form-urlencoded`), so putting it back needs no
//! knowledge of the form's fields, and it says whether the server has it.

use leptos::wasm_bindgen::JsCast;
use web_sys::{
    HtmlFormElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement, Storage,
    UrlSearchParams,
};

/// The body field's name in the form, as the rich editor posts it.
const BODY_JSON: &str = "form[body_json]";

/// A kept form.
pub struct LocalCopy {
    /// The fields, URL-encoded.
    pub fields: String,
    /// The server has not confirmed it has this copy.
    pub unsaved: bool,
}

fn storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn storage_key(draft_key: &str) -> String {
    format!("sparkle.editor.{draft_key}")
}

/// The copy kept for the editor of `draft_key` (a post id or a new post's
/// draft key).
pub fn read(draft_key: &str) -> Option<LocalCopy> {
    let raw = storage()?.get_item(&storage_key(draft_key)).ok()??;
    let (flag, fields) = raw.split_once('\n')?;
    Some(LocalCopy {
        fields: fields.to_owned(),
        unsaved: flag == "unsaved",
    })
}

/// Keeps `fields` (URL-encoded) as the copy of `draft_key`.
pub fn write(draft_key: &str, fields: &str, unsaved: bool) {
    let flag = if unsaved { "unsaved" } else { "saved" };
    if let Some(storage) = storage() {
        let _ = storage.set_item(&storage_key(draft_key), &format!("{flag}\n{fields}"));
    }
}

/// Forgets the copy (the writer discarded it).
pub fn forget(draft_key: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(&storage_key(draft_key));
    }
}

/// The fields of a copy the server never got, if this browser has one.
pub fn unsaved_fields(draft_key: &str) -> Option<UrlSearchParams> {
    read(draft_key)
        .filter(|copy| copy.unsaved)
        .and_then(|copy| UrlSearchParams::new_with_str(&copy.fields).ok())
}

/// The rich editor's document in the unsaved copy, if it has one.
pub fn unsaved_body(draft_key: &str) -> Option<String> {
    unsaved_fields(draft_key)?
        .get(BODY_JSON)
        .filter(|json| !json.trim().is_empty())
}

/// Shows the editor's "Welcome back" notice (`#editor-restored`, drawn
/// hidden by the server) for a copy put back now.
pub fn announce_restored() {
    let document = leptos::prelude::document();
    let Some(notice) = document.get_element_by_id("editor-restored") else {
        return;
    };
    if let Ok(Some(when)) = notice.query_selector("[data-restored-at]") {
        // Now, as the server writes the time (`%-d %b %H:%M UTC`), from the
        // browser's clock (chrono's formatting would weigh more than this).
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let now = js_sys::Date::new_0();
        let month = MONTHS
            .get(now.get_utc_month() as usize)
            .copied()
            .unwrap_or_default();
        when.set_text_content(Some(&format!(
            "{} {month} {:02}:{:02} UTC",
            now.get_utc_date(),
            now.get_utc_hours(),
            now.get_utc_minutes()
        )));
    }
    let _ = notice.remove_attribute("hidden");
}

/// Puts the unsaved copy of `draft_key` back into `form`'s fields (the rich
/// editor's document is [`unsaved_body`]'s), showing the notice if that
/// changed anything. True if there was an unsaved copy.
pub fn restore(form: &HtmlFormElement, draft_key: &str) -> bool {
    let Some(copy) = unsaved_fields(draft_key) else {
        return false;
    };
    let Ok(fields) = form.query_selector_all("input[name], textarea[name], select[name]") else {
        return true;
    };
    let mut changed = false;
    for i in 0..fields.length() {
        let Some(field) = fields.item(i) else {
            continue;
        };
        if let Some(input) = field.dyn_ref::<HtmlInputElement>() {
            let name = input.name();
            match input.type_().as_str() {
                "checkbox" => {
                    let checked = copy.has(&name);
                    changed |= input.checked() != checked;
                    input.set_checked(checked);
                }
                "file" | "submit" | "button" => {}
                _ => {
                    if let Some(value) = copy.get(&name) {
                        changed |= input.value() != value;
                        input.set_value(&value);
                    }
                }
            }
        } else if let Some(area) = field.dyn_ref::<HtmlTextAreaElement>() {
            if let Some(value) = copy.get(&area.name()) {
                changed |= area.value() != value;
                area.set_value(&value);
            }
        } else if let Some(select) = field.dyn_ref::<HtmlSelectElement>()
            && let Some(value) = copy.get(&select.name())
        {
            changed |= select.value() != value;
            select.set_value(&value);
        }
    }
    if changed {
        announce_restored();
    }
    true
}

/// Tells the form's listeners (autosave) that it changed.
pub fn changed(form: &HtmlFormElement) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    if let Ok(event) = web_sys::Event::new_with_event_init_dict("change", &init) {
        let _ = form.dispatch_event(&event);
    }
}
