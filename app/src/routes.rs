//! Route paths, shared by the router, links and tests.

/// The landing page.
pub const HOME: &str = "/";
/// The design system page (components, palette).
pub const DESIGN: &str = "/design";
/// Server functions are mounted under this prefix.
pub const API_PREFIX: &str = "/api";
/// Liveness probe (process is up).
pub const HEALTHZ: &str = "/healthz";
/// Readiness probe (database reachable).
pub const READYZ: &str = "/readyz";
/// Prometheus metrics.
pub const METRICS: &str = "/metrics";
/// The live channel (a WebSocket; `features::live`).
pub const LIVE: &str = "/live";
/// Create an account.
pub const SIGN_UP: &str = "/signup";
/// Sign in.
pub const SIGN_IN: &str = "/signin";
/// The two-factor step of signing in.
pub const SIGN_IN_TWO_FACTOR: &str = "/signin/two-factor";
/// Where verification links land.
pub const VERIFY_EMAIL: &str = "/verify-email";
/// Ask for a password reset link.
pub const FORGOT_PASSWORD: &str = "/forgot-password";
/// Where reset links land.
pub const RESET_PASSWORD: &str = "/reset-password";
/// Account security settings: password, sessions, login history.
pub const SETTINGS_SECURITY: &str = "/settings/security";
/// The development mail outbox (only without SMTP).
pub const DEV_MAIL: &str = "/dev/mail";
/// Profile, privacy and picture settings.
pub const SETTINGS_PROFILE: &str = "/settings/profile";
/// Uploaded files are served under this prefix.
pub const MEDIA: &str = "/media";

/// The profile page of `username`.
pub fn profile(username: &str) -> String {
    format!("/u/{username}")
}

/// The followers list of `username`.
pub fn followers(username: &str) -> String {
    format!("/u/{username}/followers")
}

/// The following list of `username`.
pub fn following(username: &str) -> String {
    format!("/u/{username}/following")
}
/// Account settings: sign-in methods, data export, deletion.
pub const SETTINGS_ACCOUNT: &str = "/settings/account";
/// Where an OpenID Connect provider sends the browser back to.
pub const OIDC_CALLBACK: &str = "/auth/oidc/callback";
/// The JSON download of everything a person owns.
pub const ACCOUNT_EXPORT: &str = "/settings/account/export";

/// Write a new post.
pub const WRITE: &str = "/write";

/// The editor of an existing post.
pub fn edit_post(id: impl std::fmt::Display) -> String {
    format!("/write/{id}")
}

/// The revision history of a post.
pub fn post_history(id: impl std::fmt::Display) -> String {
    format!("/write/{id}/history")
}

/// The reading page of a post.
pub fn post(slug: &str) -> String {
    format!("/p/{slug}")
}

/// The writer's own posts: drafts, scheduled, published, archived.
pub const MY_POSTS: &str = "/me/posts";

/// Newest posts.
pub const LATEST: &str = "/latest";

/// The activity of the people one follows (`?before=`).
pub const FOLLOWING: &str = "/following";

/// The signed-in person's bookmarks (`?folder=&tag=&after=`).
pub const BOOKMARKS: &str = "/bookmarks";

/// A public bookmark folder.
pub fn bookmark_folder(username: &str, id: uuid::Uuid) -> String {
    format!("/u/{username}/bookmarks/{id}")
}
/// Posts by time-decayed engagement.
pub const TRENDING: &str = "/trending";
/// Posts the staff featured.
pub const FEATURED: &str = "/featured";
/// Every category.
pub const CATEGORIES: &str = "/categories";
/// The category admin page.
pub const ADMIN_CATEGORIES: &str = "/admin/categories";
/// The Atom feed of the newest posts.
pub const LATEST_ATOM: &str = "/latest/feed.atom";
/// The sitemap index for search engines.
pub const SITEMAP: &str = "/sitemap.xml";
/// One part of the sitemap: the site's fixed pages and its categories, tags and series.
pub const SITEMAP_PAGES: &str = "/sitemaps/pages.xml";

/// The posts of a category (and its subcategories).
pub fn category(slug: &str) -> String {
    format!("/c/{slug}")
}

/// The Atom feed of a category.
pub fn category_atom(slug: &str) -> String {
    format!("/c/{slug}/feed.atom")
}

/// The posts with a tag.
pub fn tag(slug: &str) -> String {
    format!("/t/{slug}")
}

/// The Atom feed of a tag.
pub fn tag_atom(slug: &str) -> String {
    format!("/t/{slug}/feed.atom")
}

/// A series in reading order.
pub fn series(slug: &str) -> String {
    format!("/s/{slug}")
}

/// The Atom feed of an author's posts.
pub fn author_atom(username: &str) -> String {
    format!("/u/{username}/feed.atom")
}

/// The part of the sitemap with the posts published in `month` (`2026-11`).
pub fn sitemap_posts(month: &str) -> String {
    format!("/sitemaps/posts-{month}.xml")
}

/// A comment and the replies under it (`/p/{slug}/comments/{id}`).
pub fn comment_thread(slug: &str, id: impl std::fmt::Display) -> String {
    format!("/p/{slug}/comments/{id}")
}

/// How a comment read before its edits.
pub fn comment_history(slug: &str, id: impl std::fmt::Display) -> String {
    format!("/p/{slug}/comments/{id}/history")
}

/// Who reacted to a post.
pub fn post_reactions(slug: &str) -> String {
    format!("/p/{slug}/reactions")
}

/// Who reacted to a comment.
pub fn comment_reactions(slug: &str, id: impl std::fmt::Display) -> String {
    format!("/p/{slug}/comments/{id}/reactions")
}

/// The notification centre.
pub const NOTIFICATIONS: &str = "/notifications";
/// Which notifications arrive in the app and by email.
pub const SETTINGS_NOTIFICATIONS: &str = "/settings/notifications";
