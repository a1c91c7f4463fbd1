//! Notification types, their default channels, and what the centre shows.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The 18 notification types, in the order of the database enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(
    feature = "ssr",
    sqlx(type_name = "notification_type", rename_all = "SCREAMING_SNAKE_CASE")
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Kind {
    PostLiked,
    PostCommented,
    CommentLiked,
    UserFollowed,
    AchievementUnlocked,
    LevelUp,
    Mention,
    System,
    GroupInvite,
    GroupPost,
    EventReminder,
    WatchPartyInvite,
    DirectMessage,
    YoutubePremiere,
    QuestComplete,
    TradeRequest,
    ContentFeatured,
    MilestoneReached,
}

impl Kind {
    pub const ALL: [Kind; 18] = [
        Self::PostLiked,
        Self::PostCommented,
        Self::CommentLiked,
        Self::UserFollowed,
        Self::AchievementUnlocked,
        Self::LevelUp,
        Self::Mention,
        Self::System,
        Self::GroupInvite,
        Self::GroupPost,
        Self::EventReminder,
        Self::WatchPartyInvite,
        Self::DirectMessage,
        Self::YoutubePremiere,
        Self::QuestComplete,
        Self::TradeRequest,
        Self::ContentFeatured,
        Self::MilestoneReached,
    ];

    /// The types something on the site can raise today; the others arrive
    /// with their features (groups, events, messages, rewards…), and their
    /// settings appear with them.
    pub const PRODUCED: [Kind; 8] = [
        Self::PostCommented,
        Self::Mention,
        Self::PostLiked,
        Self::CommentLiked,
        Self::UserFollowed,
        Self::ContentFeatured,
        Self::MilestoneReached,
        Self::System,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::PostLiked => "POST_LIKED",
            Self::PostCommented => "POST_COMMENTED",
            Self::CommentLiked => "COMMENT_LIKED",
            Self::UserFollowed => "USER_FOLLOWED",
            Self::AchievementUnlocked => "ACHIEVEMENT_UNLOCKED",
            Self::LevelUp => "LEVEL_UP",
            Self::Mention => "MENTION",
            Self::System => "SYSTEM",
            Self::GroupInvite => "GROUP_INVITE",
            Self::GroupPost => "GROUP_POST",
            Self::EventReminder => "EVENT_REMINDER",
            Self::WatchPartyInvite => "WATCH_PARTY_INVITE",
            Self::DirectMessage => "DIRECT_MESSAGE",
            Self::YoutubePremiere => "YOUTUBE_PREMIERE",
            Self::QuestComplete => "QUEST_COMPLETE",
            Self::TradeRequest => "TRADE_REQUEST",
            Self::ContentFeatured => "CONTENT_FEATURED",
            Self::MilestoneReached => "MILESTONE_REACHED",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(raw.trim()))
    }

    /// The preferences form's field for this type's switch on `channel`
    /// (`in_app` or `email`): `in_app_post_liked`, `email_mention`.
    pub fn field(self, channel: &str) -> String {
        format!("{channel}_{}", self.as_str().to_ascii_lowercase())
    }

    /// The setting's name.
    pub fn label(self) -> &'static str {
        match self {
            Self::PostLiked => "Reactions to your posts",
            Self::PostCommented => "Comments on your posts and replies to you",
            Self::CommentLiked => "Reactions to your comments",
            Self::UserFollowed => "New followers",
            Self::AchievementUnlocked => "Achievements",
            Self::LevelUp => "Level ups",
            Self::Mention => "Mentions",
            Self::System => "News from the Sparkle team",
            Self::GroupInvite => "Group invitations",
            Self::GroupPost => "Posts in your groups",
            Self::EventReminder => "Event reminders",
            Self::WatchPartyInvite => "Watch party invitations",
            Self::DirectMessage => "Direct messages",
            Self::YoutubePremiere => "New Sparkle videos",
            Self::QuestComplete => "Quests",
            Self::TradeRequest => "Trade requests",
            Self::ContentFeatured => "Your posts and comments featured",
            Self::MilestoneReached => "Milestones",
        }
    }

    /// The filter tab it falls under in the notification centre.
    pub fn filter(self) -> Filter {
        match self {
            Self::PostCommented => Filter::Comments,
            Self::Mention => Filter::Mentions,
            Self::PostLiked | Self::CommentLiked => Filter::Reactions,
            Self::UserFollowed => Filter::Follows,
            _ => Filter::Other,
        }
    }

    /// Sent by email unless the person says otherwise: what someone said to
    /// or about you, and the team's news; reactions stay in the app.
    pub fn email_by_default(self) -> bool {
        matches!(
            self,
            Self::PostCommented
                | Self::Mention
                | Self::DirectMessage
                | Self::GroupInvite
                | Self::WatchPartyInvite
                | Self::EventReminder
                | Self::TradeRequest
                | Self::System
        )
    }
}

/// The notification centre's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Filter {
    #[default]
    All,
    Unread,
    Comments,
    Mentions,
    Reactions,
    Follows,
    Other,
}

impl Filter {
    pub const ALL: [Filter; 7] = [
        Self::All,
        Self::Unread,
        Self::Comments,
        Self::Mentions,
        Self::Reactions,
        Self::Follows,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Unread => "unread",
            Self::Comments => "comments",
            Self::Mentions => "mentions",
            Self::Reactions => "reactions",
            Self::Follows => "follows",
            Self::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::All => "All",
            Self::Unread => "Unread",
            Self::Comments => "Comments",
            Self::Mentions => "Mentions",
            Self::Reactions => "Reactions",
            Self::Follows => "Follows",
            Self::Other => "Other",
        }
    }

    pub fn parse(raw: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|f| f.as_str() == raw.trim())
            .unwrap_or_default()
    }

    /// The types it shows (`None`: every type).
    pub fn kinds(self) -> Option<Vec<Kind>> {
        match self {
            Self::All | Self::Unread => None,
            other => Some(
                Kind::ALL
                    .into_iter()
                    .filter(|k| k.filter() == other)
                    .collect(),
            ),
        }
    }
}

/// One entry of the notification centre (events grouped while unread).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub id: Uuid,
    pub kind: Kind,
    /// "Ana and 12 others reacted to your post “Hello”".
    pub text: String,
    /// The latest person behind it.
    pub actor_name: Option<String>,
    pub actor_avatar: Option<String>,
    pub actor_count: i32,
    /// Where opening it leads.
    pub url: String,
    pub read: bool,
    pub updated_at: DateTime<Utc>,
    pub updated_label: String,
}

/// A page of the notification centre.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationsPage {
    pub filter: Filter,
    pub items: Vec<Notification>,
    pub unread: i64,
    pub next_cursor: Option<String>,
}

/// "Ana", "Ana and Ben", "Ana and 12 others".
pub fn people(first: &str, count: i32) -> String {
    match count {
        ..=1 => first.to_owned(),
        2 => format!("{first} and 1 other"),
        n => format!("{first} and {} others", n - 1),
    }
}

/// One type's switches on the preferences page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindSetting {
    pub kind: Kind,
    pub in_app: bool,
    pub email: bool,
}

/// How a person wants to hear of things.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preferences {
    /// One row per type the site produces today.
    pub kinds: Vec<KindSetting>,
    /// Email at all (off: no notification email whatever the rows say).
    pub email: bool,
    pub weekly_digest: bool,
    /// Quiet hours as "HH:MM" in `timezone`: no email between them (the
    /// app still shows everything). Both or neither.
    pub quiet_start: Option<String>,
    pub quiet_end: Option<String>,
    /// An IANA zone name ("Europe/Paris").
    pub timezone: String,
    /// Whether the address is verified (nothing is emailed until it is).
    pub email_verified: bool,
    /// What was just saved, to say so.
    pub saved: bool,
    /// Every time zone to choose from.
    pub zones: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_reads_back_and_has_a_tab() {
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(Filter::Mentions.kinds(), Some(vec![Kind::Mention]));
        assert_eq!(people("Ana", 1), "Ana");
        assert_eq!(people("Ana", 2), "Ana and 1 other");
        assert_eq!(people("Ana", 13), "Ana and 12 others");
    }
}
