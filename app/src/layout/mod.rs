//! The frame around every page: skip link, top bar with navigation, footer.

mod footer;
mod top_bar;

use leptos::prelude::*;

/// Navigation entries shown in the top bar, the mobile menu and the footer.
pub(crate) const NAV: [(&str, &str); 4] = [
    ("Latest", crate::routes::LATEST),
    ("Trending", crate::routes::TRENDING),
    ("Categories", crate::routes::CATEGORIES),
    ("Write", crate::routes::WRITE),
];

/// Wraps a page in the site frame.
#[component]
pub fn Shell(children: Children) -> impl IntoView {
    view! {
        <a href="#main" class="skip-link">"Skip to content"</a>
        <top_bar::TopBar/>
        <main id="main" tabindex="-1" class="mx-auto w-full max-w-6xl px-4 pb-16 sm:px-6">
            {children()}
        </main>
        <footer::Footer/>
        <crate::hydration::HydrationMarker/>
    }
}

/// The root island around the whole app: what islands share on a page (the
/// theme choice, the toast queue) lives on its owner, which the islands in
/// its children see as their parent.
#[island]
pub fn ClientRoot(children: Children) -> impl IntoView {
    crate::features::theme::components::provide_theme();
    view! { <crate::ui::Toaster>{children()}</crate::ui::Toaster> }
}
