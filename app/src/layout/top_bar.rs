//! The sticky top bar: logo, navigation, theme picker and the phone menu.

use leptos::prelude::*;

use super::NAV;
use crate::features::accounts::components::AccountMenu;
use crate::features::theme::components::ThemePicker;
use crate::ui::{Icon, IconName};

/// The Sparkle mark: a four-point star in the brand gradient.
#[component]
pub fn Logo() -> impl IntoView {
    view! {
        <svg viewBox="0 0 32 32" aria-hidden="true" class="w-8 h-8 animate-twinkle">
            <defs>
                <linearGradient id="logo-gradient" x1="0" y1="0" x2="1" y2="1">
                    <stop offset="0" stop-color="#f472b6"/>
                    <stop offset="1" stop-color="#7c3aed"/>
                </linearGradient>
            </defs>
            <path fill="url(#logo-gradient)" d="M16 1c1.2 7.6 4.4 10.8 12 12-7.6 1.2-10.8 4.4-12 12-1.2-7.6-4.4-10.8-12-12C11.6 11.8 14.8 8.6 16 1z"/>
            <circle cx="26" cy="25" r="2.5" fill="#f9a8d4"/>
        </svg>
    }
}

/// The top bar.
#[component]
pub fn TopBar() -> impl IntoView {
    view! {
        <header class="sticky top-0 z-40 border-b border-line bg-canvas/80 backdrop-blur-md">
            <div class="mx-auto flex h-16 max-w-6xl items-center justify-between gap-3 px-4 sm:px-6">
                <a href="/" class="flex shrink-0 items-center gap-1.5 whitespace-nowrap rounded-lg font-display text-base font-extrabold tracking-tight sm:gap-2 sm:text-lg">
                    <Logo/>
                    <span class="text-gradient">"Sparkle Universe"</span>
                </a>
                <nav aria-label="Main" class="hidden items-center gap-1 md:flex">
                    {NAV
                        .iter()
                        .map(|(label, href)| view! { <a href=*href class="nav-link">{*label}</a> })
                        .collect_view()}
                </nav>
                <div class="flex items-center gap-1 sm:gap-2">
                    <div class="hidden sm:block">
                        <ThemePicker/>
                    </div>
                    <AccountMenu/>
                    <MobileMenu/>
                </div>
            </div>
        </header>
    }
}

/// The phone menu: a disclosure (every link is a page load, which closes it).
#[component]
fn MobileMenu() -> impl IntoView {
    view! {
        <details class="md:hidden">
            <summary class="btn-icon list-none" aria-label="Menu">
                <Icon name=IconName::Menu class="w-6 h-6"/>
            </summary>
            <div class="absolute inset-x-0 top-16 border-b border-line bg-canvas/95 px-4 pb-6 pt-2 shadow-xl backdrop-blur-md animate-drop-in">
                <nav aria-label="Mobile" class="flex flex-col">
                    {NAV
                        .iter()
                        .map(|(label, href)| {
                            view! {
                                <a href=*href class="rounded-xl px-3 py-3 text-base font-semibold text-ink hover:bg-sparkle-500/10">
                                    {*label}
                                </a>
                            }
                        })
                        .collect_view()}
                </nav>
                <div class="mt-4 flex items-center justify-between gap-3 border-t border-line pt-4 sm:hidden">
                    <span class="text-sm font-semibold text-muted">"Theme"</span>
                    <ThemePicker/>
                </div>
            </div>
        </details>
    }
}
