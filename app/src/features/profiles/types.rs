//! Profile types shared by the server and the browser: what a profile page
//! shows, what the settings form sends, and the rules for each field
//! (checked in the browser for speed and on the server for truth).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::features::accounts::types::Role;
use crate::features::media::types::Image;

/// Most interests a profile lists.
pub const INTERESTS_MAX: usize = 10;
/// People per page of a followers or following list.
pub const PAGE_SIZE: i64 = 24;

/// Who may see something of mine (followers lists) or reach me (messages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    #[default]
    Everyone,
    Followers,
    Nobody,
}

impl Audience {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Everyone => "everyone",
            Self::Followers => "followers",
            Self::Nobody => "nobody",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "everyone" => Some(Self::Everyone),
            "followers" => Some(Self::Followers),
            "nobody" => Some(Self::Nobody),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Everyone => "Everyone",
            Self::Followers => "Only my followers",
            Self::Nobody => "Nobody but me",
        }
    }

    pub const ALL: [Audience; 3] = [Self::Everyone, Self::Followers, Self::Nobody];
}

/// Counts shown on a profile; real numbers from `user_stats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ProfileStats {
    pub posts: i32,
    pub followers: i32,
    pub following: i32,
}

/// How the viewer and the profile's owner relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Relationship {
    /// The viewer is looking at their own profile.
    pub is_self: bool,
    pub signed_in: bool,
    pub following: bool,
    /// The viewer follows with "notify me of new posts" on.
    pub notify_new_posts: bool,
    pub follows_you: bool,
    /// The viewer blocked the owner.
    pub blocked: bool,
    /// The owner blocked the viewer.
    pub blocked_by: bool,
}

impl Relationship {
    /// Either side blocked the other: no content, no actions but unblock.
    pub fn walled(&self) -> bool {
        self.blocked || self.blocked_by
    }
}

/// Social handles, as stored (no `@`, no URL).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Socials {
    pub twitter: Option<String>,
    pub instagram: Option<String>,
    pub tiktok: Option<String>,
    pub discord: Option<String>,
    pub youtube: Option<String>,
}

impl Socials {
    /// `(label, text, link)` for each handle set, in display order.
    pub fn links(&self) -> Vec<(&'static str, String, Option<String>)> {
        let mut out = Vec::new();
        if let Some(h) = &self.twitter {
            out.push((
                "X (Twitter)",
                format!("@{h}"),
                Some(format!("https://x.com/{h}")),
            ));
        }
        if let Some(h) = &self.instagram {
            out.push((
                "Instagram",
                format!("@{h}"),
                Some(format!("https://www.instagram.com/{h}/")),
            ));
        }
        if let Some(h) = &self.tiktok {
            out.push((
                "TikTok",
                format!("@{h}"),
                Some(format!("https://www.tiktok.com/@{h}")),
            ));
        }
        if let Some(h) = &self.discord {
            // Discord has no public profile address by name.
            out.push(("Discord", h.clone(), None));
        }
        if let Some(u) = &self.youtube {
            out.push(("YouTube", youtube_label(u), Some(u.clone())));
        }
        out
    }
}

fn youtube_label(url: &str) -> String {
    url.rsplit('/')
        .find(|s| !s.is_empty())
        .unwrap_or("YouTube")
        .to_owned()
}

/// A profile page. Everything here is public; blocked or hidden parts are
/// left out by the server, not hidden by the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    pub user_id: Uuid,
    pub username: String,
    pub display_name: Option<String>,
    pub role: Role,
    pub bio: Option<String>,
    pub pronouns: Option<String>,
    pub location: Option<String>,
    pub website: Option<String>,
    pub socials: Socials,
    pub interests: Vec<String>,
    pub avatar: Option<Image>,
    pub banner: Option<Image>,
    pub joined_at: DateTime<Utc>,
    pub level: i32,
    pub experience: i32,
    pub stats: ProfileStats,
    /// Online in the last five minutes, when the owner shows it.
    pub online: Option<bool>,
    /// The viewer may open the followers and following lists.
    pub lists_visible: bool,
    pub relationship: Relationship,
}

impl Profile {
    pub fn name(&self) -> &str {
        self.display_name.as_deref().unwrap_or(&self.username)
    }
}

/// Someone a writer may mention, as the "@" autocomplete offers them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentionSuggestion {
    pub username: String,
    pub display_name: Option<String>,
    pub avatar: Option<Image>,
}

/// One person in a followers or following list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonCard {
    pub username: String,
    pub display_name: Option<String>,
    pub avatar: Option<Image>,
    pub bio: Option<String>,
    /// When they followed (followers) or were followed (following).
    pub since: DateTime<Utc>,
}

impl PersonCard {
    pub fn name(&self) -> &str {
        self.display_name.as_deref().unwrap_or(&self.username)
    }
}

/// A page of people; `next` is the cursor of the following page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeoplePage {
    pub owner: String,
    pub owner_name: String,
    pub people: Vec<PersonCard>,
    pub next: Option<String>,
}

/// What the profile settings form edits, as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ProfileForm {
    pub display_name: String,
    pub bio: String,
    pub pronouns: String,
    pub location: String,
    pub website: String,
    pub twitter: String,
    pub instagram: String,
    pub tiktok: String,
    pub discord: String,
    pub youtube: String,
    /// Comma-separated.
    pub interests: String,
}

/// The profile settings page: the form, the images and privacy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileSettings {
    pub username: String,
    pub form: ProfileForm,
    pub avatar: Option<Image>,
    pub banner: Option<Image>,
    pub completeness: i32,
    pub followers_visibility: Audience,
    pub message_privacy: Audience,
    pub show_online_status: bool,
}

/// A profile edit after its rules were checked: blanks are `None`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CleanProfile {
    pub display_name: Option<String>,
    pub bio: Option<String>,
    pub pronouns: Option<String>,
    pub location: Option<String>,
    pub website: Option<String>,
    pub socials: Socials,
    pub interests: Vec<String>,
}

fn blank(raw: &str) -> Option<String> {
    let t = raw.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

fn max_chars(
    errors: &mut BTreeMap<String, Vec<String>>,
    field: &str,
    value: &Option<String>,
    max: usize,
) {
    if value.as_ref().is_some_and(|v| v.chars().count() > max) {
        errors
            .entry(field.into())
            .or_default()
            .push(format!("Keep it to {max} characters."));
    }
}

/// A handle with an optional leading `@`, checked against `allowed` and a length.
fn handle(
    errors: &mut BTreeMap<String, Vec<String>>,
    field: &str,
    raw: &str,
    len: std::ops::RangeInclusive<usize>,
    allowed: fn(char) -> bool,
    rule: &str,
) -> Option<String> {
    let h = blank(raw)?;
    let h = h.trim_start_matches('@').to_owned();
    if !len.contains(&h.chars().count()) || !h.chars().all(allowed) {
        errors.entry(field.into()).or_default().push(rule.into());
        return None;
    }
    Some(h)
}

fn is_web_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            host.contains('.')
                && !host.starts_with('.')
                && host
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'))
                && !url.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    }
}

/// The interests typed as a comma-separated list, trimmed, de-duplicated.
pub fn split_interests(raw: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in raw.split(',') {
        let t = part.trim().trim_start_matches('#').trim();
        if !t.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(t)) {
            out.push(t.to_owned());
        }
    }
    out
}

impl ProfileForm {
    /// Checks every field; the error names each field with what to fix.
    pub fn clean(&self) -> Result<CleanProfile, BTreeMap<String, Vec<String>>> {
        let mut errors = BTreeMap::new();
        let display_name = blank(&self.display_name);
        max_chars(&mut errors, "display_name", &display_name, 50);
        if display_name
            .as_ref()
            .is_some_and(|d| d.chars().any(char::is_control))
        {
            errors
                .entry("display_name".into())
                .or_default()
                .push("Remove the special characters.".into());
        }
        let bio = blank(&self.bio);
        max_chars(&mut errors, "bio", &bio, 500);
        let pronouns = blank(&self.pronouns);
        max_chars(&mut errors, "pronouns", &pronouns, 30);
        let location = blank(&self.location);
        max_chars(&mut errors, "location", &location, 60);
        let mut website = blank(&self.website);
        if let Some(w) = &website {
            let w = if w.contains("://") {
                w.clone()
            } else {
                format!("https://{w}")
            };
            if w.chars().count() > 200 || !is_web_url(&w) {
                errors
                    .entry("website".into())
                    .or_default()
                    .push("Enter a web address, like https://example.com.".into());
            }
            website = Some(w);
        }
        let twitter = handle(
            &mut errors,
            "twitter",
            &self.twitter,
            1..=15,
            |c| c.is_ascii_alphanumeric() || c == '_',
            "X handles are 1 to 15 letters, digits or _.",
        );
        let instagram = handle(
            &mut errors,
            "instagram",
            &self.instagram,
            1..=30,
            |c| c.is_ascii_alphanumeric() || c == '_' || c == '.',
            "Instagram names are up to 30 letters, digits, _ or dots.",
        );
        let tiktok = handle(
            &mut errors,
            "tiktok",
            &self.tiktok,
            2..=24,
            |c| c.is_ascii_alphanumeric() || c == '_' || c == '.',
            "TikTok names are 2 to 24 letters, digits, _ or dots.",
        );
        let discord = handle(
            &mut errors,
            "discord",
            &self.discord,
            2..=32,
            |c| c.is_ascii_alphanumeric() || c == '_' || c == '.',
            "Discord names are 2 to 32 letters, digits, _ or dots.",
        )
        .map(|d| d.to_ascii_lowercase());
        let youtube = blank(&self.youtube).and_then(|y| {
            let url = if y.starts_with('@') {
                format!("https://www.youtube.com/{y}")
            } else if y.contains("://") {
                y
            } else {
                format!("https://{y}")
            };
            let host_ok = [
                "https://www.youtube.com/",
                "https://youtube.com/",
                "https://m.youtube.com/",
            ]
            .iter()
            .any(|p| url.starts_with(p));
            if host_ok && url.len() <= 200 && is_web_url(&url) {
                Some(url)
            } else {
                errors
                    .entry("youtube".into())
                    .or_default()
                    .push("Enter your channel's address on youtube.com, or its @handle.".into());
                None
            }
        });
        let interests = split_interests(&self.interests);
        if interests.len() > INTERESTS_MAX {
            errors
                .entry("interests".into())
                .or_default()
                .push(format!("List up to {INTERESTS_MAX} interests."));
        }
        if interests.iter().any(|i| i.chars().count() > 30) {
            errors
                .entry("interests".into())
                .or_default()
                .push("Keep each interest to 30 characters.".into());
        }
        if errors.is_empty() {
            Ok(CleanProfile {
                display_name,
                bio,
                pronouns,
                location,
                website,
                socials: Socials {
                    twitter,
                    instagram,
                    tiktok,
                    discord,
                    youtube,
                },
                interests,
            })
        } else {
            Err(errors)
        }
    }
}

/// What a complete profile has, with the weight of each part (they add to 100).
pub const COMPLETENESS_PARTS: [(&str, i32); 9] = [
    ("A profile picture", 20),
    ("A bio", 20),
    ("Your interests", 15),
    ("A display name", 10),
    ("A banner", 10),
    ("A social handle", 10),
    ("Pronouns", 5),
    ("A location", 5),
    ("A website", 5),
];

impl CleanProfile {
    /// Which parts of [`COMPLETENESS_PARTS`] this profile has.
    pub fn parts_done(&self, has_avatar: bool, has_banner: bool) -> [bool; 9] {
        let s = &self.socials;
        [
            has_avatar,
            self.bio.is_some(),
            !self.interests.is_empty(),
            self.display_name.is_some(),
            has_banner,
            s.twitter.is_some()
                || s.instagram.is_some()
                || s.tiktok.is_some()
                || s.discord.is_some()
                || s.youtube.is_some(),
            self.pronouns.is_some(),
            self.location.is_some(),
            self.website.is_some(),
        ]
    }

    /// The completeness percentage, 0 to 100.
    pub fn completeness(&self, has_avatar: bool, has_banner: bool) -> i32 {
        self.parts_done(has_avatar, has_banner)
            .iter()
            .zip(COMPLETENESS_PARTS)
            .filter(|(done, _)| **done)
            .map(|(_, (_, weight))| weight)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completeness_weights_add_to_100() {
        assert_eq!(COMPLETENESS_PARTS.iter().map(|p| p.1).sum::<i32>(), 100);
        let empty = CleanProfile::default();
        assert_eq!(empty.completeness(false, false), 0);
        assert_eq!(empty.completeness(true, false), 20);
    }

    #[test]
    fn blank_fields_are_none_and_handles_lose_their_at() {
        let form = ProfileForm {
            display_name: "  Ana  ".into(),
            twitter: "@ana_sparkles".into(),
            discord: "Ana.Sparkles".into(),
            youtube: "@SparkleChannel".into(),
            website: "ana.example.com".into(),
            interests: "art, Music ,art, #cosplay,".into(),
            ..Default::default()
        };
        let clean = form.clean().unwrap_or_default();
        assert_eq!(clean.display_name.as_deref(), Some("Ana"));
        assert_eq!(clean.bio, None);
        assert_eq!(clean.socials.twitter.as_deref(), Some("ana_sparkles"));
        assert_eq!(clean.socials.discord.as_deref(), Some("ana.sparkles"));
        assert_eq!(
            clean.socials.youtube.as_deref(),
            Some("https://www.youtube.com/@SparkleChannel")
        );
        assert_eq!(clean.website.as_deref(), Some("https://ana.example.com"));
        assert_eq!(clean.interests, vec!["art", "Music", "cosplay"]);
    }

    #[test]
    fn bad_fields_are_named() {
        let form = ProfileForm {
            display_name: "x".repeat(51),
            website: "javascript:alert(1)".into(),
            twitter: "has space".into(),
            youtube: "https://evil.example.com/@x".into(),
            interests: (0..11).map(|i| i.to_string()).collect::<Vec<_>>().join(","),
            ..Default::default()
        };
        let errors = form.clean().err().unwrap_or_default();
        for field in ["display_name", "website", "twitter", "youtube", "interests"] {
            assert!(errors.contains_key(field), "{field} should be refused");
        }
    }
}
