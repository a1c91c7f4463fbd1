//! What travels over the live channel: the topics a page watches, the
//! client's requests and the server's messages. Every event carries a
//! state, not a delta (a comment's id to read again, absolute counts), so
//! hearing one twice — after a reconnect replays the last few seconds — is
//! harmless.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::features::reactions::types::Target;

/// The topic of a post's page: new comments, reactions, readers.
pub fn post_topic(id: Uuid) -> String {
    format!("post:{id}")
}

/// A person's own topic (the unread count); the server adds it to every
/// signed-in connection, and refuses it to anyone else.
pub fn user_topic(id: Uuid) -> String {
    format!("user:{id}")
}

/// Posts newly published anywhere.
pub const LATEST: &str = "latest";

/// Whether a client may ask for `topic` (its own user topic comes by itself).
pub fn watchable(topic: &str) -> bool {
    topic == LATEST
        || topic
            .strip_prefix("post:")
            .is_some_and(|id| Uuid::parse_str(id).is_ok())
}

/// What a page sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum ClientMessage {
    /// The whole set of topics the page wants now. `since`: the last event
    /// id it saw (after a reconnect), so nothing in between is lost;
    /// `rendered_ms`: when the server drew the page (first connection), so
    /// events between drawing it and connecting are replayed.
    Watch {
        topics: Vec<String>,
        #[serde(default)]
        since: Option<i64>,
        #[serde(default)]
        rendered_ms: Option<i64>,
    },
}

/// What changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "data", rename_all = "snake_case")]
pub enum Payload {
    /// A comment was written, edited, deleted, pinned or featured: read it
    /// again. `total`: the post's comment count now.
    Comment {
        id: Uuid,
        parent_id: Option<Uuid>,
        total: i32,
    },
    /// The reaction counts of a post or comment now (like `Reactions::counts`).
    Reactions { target: Target, counts: Vec<i32> },
    /// The person's unread notifications now.
    Unread { count: i64 },
    /// A post was published.
    Post { id: Uuid },
}

impl Payload {
    /// The `kind` column and the `data` JSON of the event row.
    #[cfg(feature = "ssr")]
    pub fn parts(&self) -> (&'static str, serde_json::Value) {
        let kind = match self {
            Self::Comment { .. } => "comment",
            Self::Reactions { .. } => "reactions",
            Self::Unread { .. } => "unread",
            Self::Post { .. } => "post",
        };
        let data = serde_json::to_value(self)
            .ok()
            .and_then(|mut v| v.get_mut("data").map(serde_json::Value::take))
            .unwrap_or_default();
        (kind, data)
    }
}

/// One event as a page hears it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LiveEvent {
    pub id: i64,
    pub topic: String,
    #[serde(flatten)]
    pub payload: Payload,
}

/// What the server sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerMessage {
    Event(LiveEvent),
    /// The watch was taken and everything missed was replayed; `head` is
    /// the newest event id there is (the next `since`).
    Ready {
        head: i64,
    },
    /// How many people have `topic` open now.
    Presence {
        topic: String,
        count: i64,
    },
    /// Sent every 25 seconds, so a page notices a dead connection.
    Beat,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_read_back_from_the_wire_form() {
        let id = Uuid::nil();
        let event = ServerMessage::Event(LiveEvent {
            id: 7,
            topic: post_topic(id),
            payload: Payload::Comment {
                id,
                parent_id: None,
                total: 3,
            },
        });
        let text = serde_json::to_string(&event).unwrap();
        assert!(text.contains(r#""type":"event""#), "{text}");
        assert!(text.contains(r#""kind":"comment""#), "{text}");
        assert_eq!(serde_json::from_str::<ServerMessage>(&text).unwrap(), event);
        let watch: ClientMessage =
            serde_json::from_str(r#"{"op":"watch","topics":["latest"]}"#).unwrap();
        assert_eq!(
            watch,
            ClientMessage::Watch {
                topics: vec![LATEST.into()],
                since: None,
                rendered_ms: None
            }
        );
    }

    #[test]
    fn only_posts_and_latest_can_be_asked_for() {
        assert!(watchable("latest"));
        assert!(watchable(&post_topic(Uuid::nil())));
        assert!(!watchable(&user_topic(Uuid::nil())));
        assert!(!watchable("post:nope"));
    }
}
