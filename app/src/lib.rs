//! Sparkle Universe: the Leptos application shared by the server (feature `ssr`)
//! and the browser (feature `hydrate`).
//!
//! Pages live in feature slices under [`features`] and shared pages in [`pages`];
//! [`shell`] is the HTML document the server streams, [`App`] the routed body.

// Leptos view types nest deeply; the default limit is too small for full builds.
#![recursion_limit = "512"]

pub mod auth;
#[cfg(feature = "ssr")]
pub mod context;
pub mod error;
pub mod features;
pub mod hydration;
mod layout;
pub mod pages;
pub mod request;
pub mod routes;
pub mod ui;

use leptos::prelude::*;
use leptos_meta::{Link, Meta, MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

pub use error::AppError;

// `cargo xtask sqlx-prepare` sets this (to a digest of the sources) so the
// query macros of this crate run again against its database; cargo tracks
// the variable, so no source file is touched and other builds stay fresh.
const _: Option<&str> = option_env!("SPARKLE_SQLX_PREPARE");

use features::accounts::components as accounts;

/// The HTML document around the app, rendered on the server for every page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let theme = features::theme::api::current_theme();
    view! {
        <!DOCTYPE html>
        <html lang="en" data-theme=theme.as_str()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                // When this page was drawn: the live channel replays what
                // happened between then and its connecting.
                <meta name="sparkle-rendered" content=rendered_ms()/>
                <link rel="stylesheet" id="sparkle-css" href=stylesheet_href(&options)/>
                // Islands: only the `#[island]` parts of a page hydrate, once the
                // browser is idle (every page works as plain HTML until then).
                <HydrationScripts options islands=true/>
                <MetaTags/>
            </head>
            <body class="min-h-dvh bg-canvas font-sans text-ink">
                <App/>
            </body>
        </html>
    }
}

/// `/pkg/sparkle.<hash>.css`, named from the `hash.txt` beside the server
/// binary, as leptos_meta's `HashedStylesheet` names it; read once, where
/// that component reads the file on every page.
fn stylesheet_href(options: &LeptosOptions) -> &'static str {
    static HREF: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HREF.get_or_init(|| {
        #[cfg(feature = "ssr")]
        let hash = options
            .hash_files
            .then(|| {
                let path = std::env::current_exe()
                    .ok()?
                    .parent()?
                    .join(options.hash_file.as_ref());
                let hashes = std::fs::read_to_string(path).ok()?;
                hashes
                    .lines()
                    .find_map(|line| Some(line.trim().strip_prefix("css:")?.trim().to_owned()))
            })
            .flatten();
        #[cfg(not(feature = "ssr"))]
        let hash: Option<String> = None;
        let name = &options.output_name;
        match hash {
            Some(hash) => format!("/{}/{name}.{hash}.css", options.site_pkg_dir),
            None => format!("/{}/{name}.css", options.site_pkg_dir),
        }
    })
}

/// Now, in milliseconds since 1970 (the server's clock; the shell is only
/// ever drawn on the server).
fn rendered_ms() -> String {
    #[cfg(feature = "ssr")]
    {
        chrono::Utc::now().timestamp_millis().to_string()
    }
    #[cfg(not(feature = "ssr"))]
    {
        String::new()
    }
}

/// The document title of a page. leptos_meta writes the server's `<title>`
/// without escaping it, so a post or display name containing `</title>`
/// could add markup to the head; on the server the text is escaped here
/// (the browser reads the entities back as the same text). In the browser
/// the title is set as text and must not be escaped.
fn page_title(title: String) -> String {
    let full = if title.is_empty() {
        "Sparkle Universe".to_owned()
    } else {
        format!("{title} · Sparkle Universe")
    };
    #[cfg(feature = "ssr")]
    let full = {
        let mut escaped = String::with_capacity(full.len());
        features::posts::document::render::escape(&mut escaped, &full);
        escaped
    };
    full
}

/// The routed application body.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Meta name="description" content="Sparkle Universe is the community of the Sparkle YouTube channel: read, write, watch together and celebrate with fellow fans."/>
        <Meta name="theme-color" content="#ec4899"/>
        <Link rel="icon" href="/favicon.svg" type_="image/svg+xml"/>
        <Title formatter=page_title/>
        <layout::ClientRoot>
            <Router>
                <layout::Shell>
                    <Routes fallback=pages::NotFound>
                        // Async: the status (500 on a failed load) is known before the first byte.
                        <Route path=path!("/") view=pages::Landing ssr=SsrMode::Async/>
                        <Route path=path!("/design") view=pages::DesignSystem ssr=SsrMode::Async/>
                        <Route path=path!("/signup") view=accounts::SignUpPage ssr=SsrMode::Async/>
                        <Route path=path!("/signin") view=accounts::SignInPage ssr=SsrMode::Async/>
                        <Route path=path!("/signin/two-factor") view=accounts::TwoFactorSignInPage ssr=SsrMode::Async/>
                        <Route path=path!("/verify-email") view=accounts::VerifyEmailPage ssr=SsrMode::Async/>
                        <Route path=path!("/forgot-password") view=accounts::ForgotPasswordPage ssr=SsrMode::Async/>
                        <Route path=path!("/reset-password") view=accounts::ResetPasswordPage ssr=SsrMode::Async/>
                        <Route path=path!("/settings/security") view=accounts::SecuritySettingsPage ssr=SsrMode::Async/>
                        <Route path=path!("/settings/account") view=accounts::AccountSettingsPage ssr=SsrMode::Async/>
                        <Route path=path!("/settings/profile") view=features::profiles::components::ProfileSettingsPage ssr=SsrMode::Async/>
                        <Route path=path!("/u/:username") view=features::profiles::components::ProfilePage ssr=SsrMode::Async/>
                        <Route path=path!("/u/:username/followers") view=features::profiles::components::FollowersPage ssr=SsrMode::Async/>
                        <Route path=path!("/u/:username/following") view=features::profiles::components::FollowingPage ssr=SsrMode::Async/>
                        <Route path=path!("/write") view=features::posts::components::NewPostPage ssr=SsrMode::Async/>
                        <Route path=path!("/write/:id") view=features::posts::components::EditPostPage ssr=SsrMode::Async/>
                        <Route path=path!("/write/:id/history") view=features::posts::components::PostHistoryPage ssr=SsrMode::Async/>
                        <Route path=path!("/p/:slug") view=features::posts::components::PostPage ssr=SsrMode::Async/>
                        <Route path=path!("/p/:slug/reactions") view=features::reactions::components::PostReactionsPage ssr=SsrMode::Async/>
                        <Route path=path!("/p/:slug/comments/:id") view=features::comments::components::CommentThreadPage ssr=SsrMode::Async/>
                        <Route path=path!("/p/:slug/comments/:id/history") view=features::comments::components::CommentHistoryPage ssr=SsrMode::Async/>
                        <Route path=path!("/p/:slug/comments/:id/reactions") view=features::reactions::components::CommentReactionsPage ssr=SsrMode::Async/>
                        <Route path=path!("/notifications") view=features::notifications::components::NotificationsPage ssr=SsrMode::Async/>
                        <Route path=path!("/settings/notifications") view=features::notifications::components::NotificationPreferencesPage ssr=SsrMode::Async/>
                        <Route path=path!("/bookmarks") view=features::bookmarks::components::BookmarksPage ssr=SsrMode::Async/>
                        <Route path=path!("/following") view=features::activity::components::FollowingActivityPage ssr=SsrMode::Async/>
                        <Route path=path!("/u/:username/bookmarks/:id") view=features::bookmarks::components::PublicFolderPage ssr=SsrMode::Async/>
                        <Route path=path!("/latest") view=features::feeds::components::LatestPage ssr=SsrMode::Async/>
                        <Route path=path!("/trending") view=features::feeds::components::TrendingPage ssr=SsrMode::Async/>
                        <Route path=path!("/featured") view=features::feeds::components::FeaturedPage ssr=SsrMode::Async/>
                        <Route path=path!("/categories") view=features::feeds::components::CategoriesPage ssr=SsrMode::Async/>
                        <Route path=path!("/c/:slug") view=features::feeds::components::CategoryPage ssr=SsrMode::Async/>
                        <Route path=path!("/t/:slug") view=features::feeds::components::TagPage ssr=SsrMode::Async/>
                        <Route path=path!("/s/:slug") view=features::feeds::components::SeriesPage ssr=SsrMode::Async/>
                        <Route path=path!("/me/posts") view=features::feeds::components::MyPostsPage ssr=SsrMode::Async/>
                        <Route path=path!("/admin/categories") view=features::feeds::components::AdminCategoriesPage ssr=SsrMode::Async/>
                        <Route path=path!("/dev/mail") view=features::mail::components::DevMailPage ssr=SsrMode::Async/>
                    </Routes>
                </layout::Shell>
            </Router>
        </layout::ClientRoot>
    }
}
