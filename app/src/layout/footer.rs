//! The site footer.

use leptos::prelude::*;

use super::NAV;

/// The footer with navigation repeated and a word about who runs the place.
#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="border-t border-line bg-surface/60">
            <div class="mx-auto flex max-w-6xl flex-col gap-6 px-4 py-10 sm:px-6 md:flex-row md:items-start md:justify-between">
                <div class="max-w-sm">
                    <p class="font-display text-lg font-extrabold text-gradient">"Sparkle Universe"</p>
                    <p class="mt-2 text-sm text-muted">
                        "A fan-run home for the Sparkle YouTube community. Be kind, give credit, and keep spoilers behind the tag."
                    </p>
                </div>
                <nav aria-label="Footer" class="flex flex-wrap gap-x-6 gap-y-2 text-sm">
                    {NAV
                        .iter()
                        .map(|(label, href)| view! { <a href=*href class="text-muted underline-offset-4 hover:text-ink hover:underline">{*label}</a> })
                        .collect_view()}
                    <a href="#main" class="text-muted underline-offset-4 hover:text-ink hover:underline">"Back to top"</a>
                </nav>
            </div>
        </footer>
    }
}
