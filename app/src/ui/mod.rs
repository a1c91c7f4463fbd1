//! The Sparkle design system: small components every feature reuses.
//!
//! Colours come from the theme tokens in `style/tokens.css` (`bg-surface`,
//! `text-ink`, `text-muted`, `border-line`) and the `sparkle` palette, so most
//! components follow the light/dark choice by themselves; the few fixed colours
//! (badges, hover tints) carry `dark:` variants.

mod avatar;
mod badge;
mod button;
mod card;
mod dialog;
mod empty_state;
mod field;
mod icon;
mod menu;
mod skeleton;
mod tabs;
mod toast;

pub use avatar::{Avatar, initials};
pub use badge::{Badge, BadgeTone};
pub use button::{Button, ButtonLink, ButtonVariant};
pub use card::Card;
pub use dialog::Dialog;
pub use empty_state::EmptyState;
pub use field::{TextArea, TextField};
pub use icon::{Icon, IconName};
pub use menu::{Menu, MenuItem};
pub use skeleton::Skeleton;
pub use tabs::{Tab, Tabs};
pub use toast::{ToastKind, Toaster, Toasts, use_toasts};
