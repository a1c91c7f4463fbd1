//! The light / dark / system picker (in the top bar and the phone menu).

use leptos::prelude::*;

use crate::features::theme::api::{SetTheme, current_theme};
use crate::features::theme::types::Theme;

/// The page's theme choice, shared by every picker on the page.
#[derive(Debug, Clone, Copy)]
pub struct ThemeChoice(pub RwSignal<Theme>);

/// Provides the [`ThemeChoice`] and keeps `<html data-theme>` in step with it.
pub fn provide_theme() {
    let choice = ThemeChoice(RwSignal::new(current_theme()));
    provide_context(choice);
    Effect::new(move |_| {
        let theme = choice.0.get();
        #[cfg(feature = "hydrate")]
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-theme", theme.as_str());
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = theme;
    });
}

/// Three small forms, one per choice, so the picker works as plain HTML; once
/// hydrated it switches the theme in place without a reload.
#[island]
pub fn ThemePicker() -> impl IntoView {
    let set_theme = ServerAction::<SetTheme>::new();
    let chosen =
        use_context::<ThemeChoice>().map_or_else(|| RwSignal::new(current_theme()), |c| c.0);

    Effect::new(move |_| {
        if let Some(Ok(theme)) = set_theme.value().get() {
            chosen.set(theme);
        }
    });

    view! {
        <div role="group" aria-label="Colour theme" class="flex items-center gap-1 rounded-full border border-line bg-surface/70 p-1">
            {Theme::ALL
                .into_iter()
                .map(|theme| {
                    view! {
                        <ActionForm action=set_theme attr:class="contents">
                            <input type="hidden" name="theme" value=theme.as_str()/>
                            <button
                                type="submit"
                                aria-pressed=move || (chosen.get() == theme).to_string()
                                title=format!("{} theme", theme.label())
                                class="rounded-full px-2.5 py-1 text-xs font-semibold text-muted transition-colors hover:text-ink focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sparkle-500 aria-pressed:bg-gradient-to-r aria-pressed:from-sparkle-600 aria-pressed:to-violet-600 aria-pressed:text-white"
                            >
                                {theme.label()}
                            </button>
                        </ActionForm>
                    }
                })
                .collect_view()}
        </div>
    }
}
