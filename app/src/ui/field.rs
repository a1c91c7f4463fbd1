//! A labelled text input with help text and its error messages.

use leptos::prelude::*;

/// An `<input>` with its `<label>`, optional hint and error list. The error list
/// is tied to the input with `aria-describedby` and `aria-invalid`, and the
/// value the user typed is kept by the caller's signal, never cleared on error.
#[component]
pub fn TextField(
    /// The form field name, also the key of its validation messages.
    #[prop(into)]
    name: String,
    #[prop(into)] label: String,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional, into)] value: RwSignal<String>,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional, into)] errors: Signal<Vec<String>>,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] autocomplete: Option<String>,
    /// The element id; `field-{name}` unless a page has several such forms.
    #[prop(optional, into)]
    id: Option<String>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| format!("field-{name}"));
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        let has_hint = hint.is_some();
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if !errors.get().is_empty() {
                ids.push(error_id.clone());
            }
            ids.join(" ")
        }
    };
    view! {
        <div class="flex flex-col gap-1.5">
            <label for=id.clone() class="text-sm font-semibold text-ink">
                {label}
                {required.then(|| view! { <span class="text-sparkle-600" aria-hidden="true">" *"</span> })}
            </label>
            <input
                id=id
                name=name
                type=kind
                required=required
                autocomplete=autocomplete
                // The attribute serves the page without JavaScript; the property keeps it live.
                value=value.get_untracked()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || (!errors.get().is_empty()).to_string()
                aria-describedby=described_by
                class="field-input"
            />
            {hint.map(|hint| view! { <p id=hint_id class="text-xs text-muted">{hint}</p> })}
            <ul id=error_id class="text-sm font-medium text-red-700 dark:text-red-300" aria-live="polite">
                {move || errors.get().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}
            </ul>
        </div>
    }
}

/// A labelled `<textarea>` with a live character count, hint and errors,
/// wired like [`TextField`]. Outside an island the count is kept live by
/// `hydration::counters` (the main module), from `data-max`.
#[component]
pub fn TextArea(
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] value: RwSignal<String>,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional, into)] errors: Signal<Vec<String>>,
    /// Longest text allowed, shown as a counter.
    #[prop(optional)]
    max: Option<usize>,
    #[prop(default = 4)] rows: u32,
    /// The element id; `field-{name}` unless a page has several such forms.
    #[prop(optional, into)]
    id: Option<String>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| format!("field-{name}"));
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let count_id = format!("{id}-count");
    let described_by = {
        let (hint_id, error_id, count_id) = (hint_id.clone(), error_id.clone(), count_id.clone());
        let has_hint = hint.is_some();
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if max.is_some() {
                ids.push(count_id.clone());
            }
            if !errors.get().is_empty() {
                ids.push(error_id.clone());
            }
            ids.join(" ")
        }
    };
    let over = move || max.is_some_and(|m| value.with(|v| v.chars().count()) > m);
    view! {
        <div class="flex flex-col gap-1.5">
            <label for=id.clone() class="text-sm font-semibold text-ink">{label}</label>
            <textarea
                id=id
                name=name
                rows=rows
                data-max=max
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || (!errors.get().is_empty() || over()).to_string()
                aria-describedby=described_by
                class="field-input"
            >
                {value.get_untracked()}
            </textarea>
            <div class="flex justify-between gap-3">
                {hint.map(|hint| view! { <p id=hint_id class="text-xs text-muted">{hint}</p> })}
                {max.map(|m| view! {
                    <p id=count_id class="ml-auto text-xs tabular-nums" class:text-muted=move || !over()
                        class:text-red-700=over>
                        {move || value.with(|v| v.chars().count())} " / " {m}
                    </p>
                })}
            </div>
            <ul id=error_id class="text-sm font-medium text-red-700 dark:text-red-300" aria-live="polite">
                {move || errors.get().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}
            </ul>
        </div>
    }
}
