//! Small labels: roles, rarities, statuses.

use leptos::prelude::*;

/// The colour family of a badge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BadgeTone {
    #[default]
    Sparkle,
    Violet,
    Neutral,
    Success,
    Warning,
}

impl BadgeTone {
    fn classes(self) -> &'static str {
        match self {
            Self::Sparkle => {
                "bg-sparkle-100 text-sparkle-800 dark:bg-sparkle-900/60 dark:text-sparkle-100"
            }
            Self::Violet => {
                "bg-violet-100 text-violet-800 dark:bg-violet-900/60 dark:text-violet-100"
            }
            Self::Neutral => "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-200",
            Self::Success => {
                "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/60 dark:text-emerald-100"
            }
            Self::Warning => "bg-amber-100 text-amber-900 dark:bg-amber-900/60 dark:text-amber-100",
        }
    }
}

/// A pill-shaped label.
#[component]
pub fn Badge(#[prop(optional)] tone: BadgeTone, children: Children) -> impl IntoView {
    view! {
        <span class=format!("inline-flex items-center gap-1 rounded-full px-2.5 py-0.5 text-xs font-semibold {}", tone.classes())>
            {children()}
        </span>
    }
}
