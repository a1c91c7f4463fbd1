//! Line icons drawn as inline SVG, so they look the same on every device
//! (emoji fonts differ, and some systems have none).

use leptos::prelude::*;

/// The icons the design system offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IconName {
    Pen,
    Screen,
    Chat,
    Medal,
    People,
    Shield,
    Sparkles,
    Close,
    Menu,
    Bell,
}

impl IconName {
    fn path(self) -> &'static str {
        match self {
            Self::Pen => "M12 20h9M16.5 3.5a2.1 2.1 0 0 1 3 3L7 19l-4 1 1-4Z",
            Self::Screen => "M3 5h18v12H3zM10 8.5l5 2.5-5 2.5zM8 21h8",
            Self::Chat => {
                "M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12ZM8 12h.01M12 12h.01M16 12h.01"
            }
            Self::Medal => {
                "M7 3h10l-3 6h-4zM12 21a5.5 5.5 0 1 0 0-11 5.5 5.5 0 0 0 0 11ZM12 13.5l1 2 2 .3-1.5 1.4.4 2-1.9-1-1.9 1 .4-2-1.5-1.4 2-.3z"
            }
            Self::People => {
                "M16 20v-1a4 4 0 0 0-4-4H6a4 4 0 0 0-4 4v1M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8ZM22 20v-1a4 4 0 0 0-3-3.9M16 3.1a4 4 0 0 1 0 7.8"
            }
            Self::Shield => "M12 22s8-4 8-10V5l-8-3-8 3v7c0 6 8 10 8 10ZM9 12l2 2 4-4",
            Self::Sparkles => {
                "M12 3l1.8 5.2L19 10l-5.2 1.8L12 17l-1.8-5.2L5 10l5.2-1.8ZM19 15l.8 2.2L22 18l-2.2.8L19 21l-.8-2.2L16 18l2.2-.8Z"
            }
            Self::Close => "M6 6l12 12M18 6 6 18",
            Self::Menu => "M4 7h16M4 12h16M4 17h16",
            Self::Bell => "M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9M10.3 21a1.9 1.9 0 0 0 3.4 0",
        }
    }
}

/// A decorative icon (hidden from screen readers; label the control instead).
#[component]
pub fn Icon(name: IconName, #[prop(default = "w-5 h-5")] class: &'static str) -> impl IntoView {
    view! {
        <svg
            viewBox="0 0 24 24"
            aria-hidden="true"
            class=class
            fill="none"
            stroke="currentColor"
            stroke-width="1.8"
            stroke-linecap="round"
            stroke-linejoin="round"
        >
            <path d=name.path()/>
        </svg>
    }
}
