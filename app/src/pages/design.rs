//! The design system page: every shared component, live, in both themes.
//! It is how the team reviews the look and how browser tests exercise the
//! components; it is not linked from the navigation and asks not to be indexed.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::ui::{
    Avatar, Badge, BadgeTone, Button, ButtonVariant, Card, Dialog, EmptyState, Menu, MenuItem,
    Skeleton, Tab, Tabs, TextField, ToastKind, use_toasts,
};

/// `/design`.
#[component]
pub fn DesignSystem() -> impl IntoView {
    view! {
        <Title text="Design system"/>
        <Meta name="robots" content="noindex"/>
        <Components/>
    }
}

/// The page's live components, an island (in its own WASM chunk, so only
/// this page pays for the dialog and the demos).
#[island(lazy)]
fn Components() -> impl IntoView {
    crate::hydration::keep_typed();
    let dialog_open = RwSignal::new(false);
    let toasts = use_toasts();
    let name = RwSignal::new(String::new());
    let name_errors = Signal::derive(move || {
        let value = name.get();
        if value.is_empty() || (3..=30).contains(&value.chars().count()) {
            Vec::new()
        } else {
            vec!["Use 3 to 30 characters.".to_owned()]
        }
    });
    // Whole class names, so the stylesheet generator sees them.
    let swatches = [
        ("50", "bg-sparkle-50"),
        ("100", "bg-sparkle-100"),
        ("200", "bg-sparkle-200"),
        ("300", "bg-sparkle-300"),
        ("400", "bg-sparkle-400"),
        ("500", "bg-sparkle-500"),
        ("600", "bg-sparkle-600"),
        ("700", "bg-sparkle-700"),
        ("800", "bg-sparkle-800"),
        ("900", "bg-sparkle-900"),
        ("950", "bg-sparkle-950"),
    ];

    view! {
        <section class="py-12">
            <h1 class="font-display text-4xl font-black text-ink">"Design system"</h1>
            <p class="mt-2 max-w-2xl text-muted">"The building blocks of every Sparkle Universe page. Switch the theme in the top bar to see both."</p>

            <h2 class="mt-10 font-display text-2xl font-bold text-ink">"Palette"</h2>
            <ul class="mt-4 grid grid-cols-6 gap-2 sm:grid-cols-11" aria-label="Sparkle palette">
                {swatches
                    .iter()
                    .map(|(shade, bg)| {
                        view! {
                            <li class="flex flex-col items-center gap-1 text-xs text-muted">
                                <span class=format!("block h-10 w-full rounded-xl border border-line {bg}")></span>
                                {*shade}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>

            <h2 class="mt-10 font-display text-2xl font-bold text-ink">"Buttons and badges"</h2>
            <div class="mt-4 flex flex-wrap items-center gap-3">
                <Button variant=ButtonVariant::Primary on_click=Callback::new(move |()| toasts.push(ToastKind::Success, "Saved! Your changes are live."))>
                    "Show a toast"
                </Button>
                <Button variant=ButtonVariant::Secondary on_click=Callback::new(move |()| dialog_open.set(true))>"Open a dialog"</Button>
                <Button variant=ButtonVariant::Ghost>"Ghost"</Button>
                <Button variant=ButtonVariant::Danger>"Delete"</Button>
                <Button disabled=true>"Disabled"</Button>
            </div>
            <div class="mt-4 flex flex-wrap gap-2">
                <Badge>"Sparkle"</Badge>
                <Badge tone=BadgeTone::Violet>"Creator"</Badge>
                <Badge tone=BadgeTone::Neutral>"Member"</Badge>
                <Badge tone=BadgeTone::Success>"Verified"</Badge>
                <Badge tone=BadgeTone::Warning>"Spoiler"</Badge>
            </div>

            <h2 class="mt-10 font-display text-2xl font-bold text-ink">"Avatars"</h2>
            <div class="mt-4 flex items-center gap-3">
                <Avatar name="Ada Sparkle" size=24/>
                <Avatar name="Ben Glitter" size=32/>
                <Avatar name="Cleo Star" size=48/>
                <Avatar name="Dee" size=96/>
            </div>

            <h2 class="mt-10 font-display text-2xl font-bold text-ink">"Form field"</h2>
            <div class="mt-4 max-w-md">
                <TextField
                    name="display_name"
                    label="Display name"
                    value=name
                    hint="How other fans see you."
                    errors=name_errors
                    required=true
                    autocomplete="nickname"
                />
            </div>

            <h2 class="mt-10 font-display text-2xl font-bold text-ink">"Cards, menu and tabs"</h2>
            <div class="mt-4 grid gap-4 md:grid-cols-2">
                <Card glow=true>
                    <div class="flex items-start justify-between gap-3">
                        <div>
                            <h3 class="font-display text-lg font-bold text-ink">"A card"</h3>
                            <p class="mt-1 text-sm text-muted">"Hover it for the sparkle glow."</p>
                        </div>
                        <Menu
                            label="Card actions"
                            items=vec![
                                MenuItem { label: "Back to the home page".into(), href: "/".into() },
                                MenuItem { label: "House rules".into(), href: "/#values".into() },
                            ]
                        />
                    </div>
                </Card>
                <Card>
                    <Tabs
                        label="Example tabs"
                        tabs=vec![
                            Tab::new("one", "First", || view! { <p class="text-muted">"The first panel."</p> }),
                            Tab::new("two", "Second", || view! { <p class="text-muted">"The second panel."</p> }),
                        ]
                    />
                </Card>
            </div>

            <h2 class="mt-10 font-display text-2xl font-bold text-ink">"Loading and empty"</h2>
            <div class="mt-4 grid gap-4 md:grid-cols-2">
                <Card><Skeleton lines=3/></Card>
                <EmptyState title="No posts yet" message="When fans you follow post, their posts show up here."/>
            </div>
        </section>
        <Dialog open=dialog_open title="A dialog">
            <p class="text-muted">"Press Escape, click outside or use the close button."</p>
        </Dialog>
    }
}
