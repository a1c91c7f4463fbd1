//! Keyset cursors: where the next page of a feed starts. A cursor names
//! the last row shown by its sort key and id, so posts published while a
//! reader pages never shift what comes next (no duplicates, no gaps).

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::error::AppError;

/// The position after the last post of a page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cursor {
    /// Newest-first feeds: the last post's publication time and id.
    Time { at: DateTime<Utc>, id: Uuid },
    /// Trending: the last post's score and id.
    Score { score: f64, id: Uuid },
    /// A series: the last part's number and id (numbers may repeat).
    Order { order: i32, id: Uuid },
    /// The home feed while it shows followed people and tags (published
    /// since `since`, fixed on the first page).
    Followed {
        since: DateTime<Utc>,
        at: DateTime<Utc>,
        id: Uuid,
    },
    /// The home feed's recommendations, after the followed posts.
    Recommended {
        since: DateTime<Utc>,
        score: f64,
        id: Uuid,
    },
}

impl Cursor {
    /// The text form used in links (`?after=`).
    pub fn encode(&self) -> String {
        let micros = |at: &DateTime<Utc>| at.timestamp_micros();
        let bits = |score: &f64| format!("{:x}", score.to_bits());
        match self {
            Self::Time { at, id } => format!("t{}_{}", micros(at), id.simple()),
            Self::Score { score, id } => format!("s{}_{}", bits(score), id.simple()),
            Self::Order { order, id } => format!("o{order}_{}", id.simple()),
            Self::Followed { since, at, id } => {
                format!("f{}_{}_{}", micros(since), micros(at), id.simple())
            }
            Self::Recommended { since, score, id } => {
                format!("r{}_{}_{}", micros(since), bits(score), id.simple())
            }
        }
    }

    /// Reads a cursor; a damaged one is a clear field error.
    pub fn decode(raw: &str) -> Result<Self, AppError> {
        Self::try_decode(raw).ok_or_else(|| {
            AppError::field(
                "after",
                "That page link is broken. Start from the first page.",
            )
        })
    }

    fn try_decode(raw: &str) -> Option<Self> {
        let time = |s: &str| DateTime::from_timestamp_micros(s.parse().ok()?);
        let score = |s: &str| {
            let value = f64::from_bits(u64::from_str_radix(s, 16).ok()?);
            (!value.is_nan()).then_some(value)
        };
        let id = |s: &str| Uuid::parse_str(s).ok();
        let kind = raw.chars().next()?;
        let parts: Vec<&str> = raw.get(1..)?.split('_').collect();
        match (kind, parts.as_slice()) {
            ('t', [at, i]) => Some(Self::Time {
                at: time(at)?,
                id: id(i)?,
            }),
            ('s', [s, i]) => Some(Self::Score {
                score: score(s)?,
                id: id(i)?,
            }),
            ('o', [order, i]) => Some(Self::Order {
                order: order.parse().ok()?,
                id: id(i)?,
            }),
            ('f', [since, at, i]) => Some(Self::Followed {
                since: time(since)?,
                at: time(at)?,
                id: id(i)?,
            }),
            ('r', [since, s, i]) => Some(Self::Recommended {
                since: time(since)?,
                score: score(s)?,
                id: id(i)?,
            }),
            _ => None,
        }
    }
}

/// The start of a newest-first feed: after every real post.
pub fn time_start() -> (DateTime<Utc>, Uuid) {
    (DateTime::<Utc>::MAX_UTC, Uuid::max())
}

/// The start of a score-ordered feed.
pub fn score_start() -> (f64, Uuid) {
    (f64::INFINITY, Uuid::max())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cursor_round_trips_and_damaged_ones_are_refused() {
        let at = DateTime::from_timestamp_micros(1_790_000_000_123_456).unwrap();
        let id = Uuid::new_v4();
        let cursors = [
            Cursor::Time { at, id },
            Cursor::Score {
                score: 39_777.123_456_789,
                id,
            },
            Cursor::Order { order: 7, id },
            Cursor::Followed { since: at, at, id },
            Cursor::Recommended {
                since: at,
                score: -0.5,
                id,
            },
        ];
        for cursor in cursors {
            assert_eq!(Cursor::decode(&cursor.encode()).unwrap(), cursor);
        }
        for bad in [
            "",
            "t",
            "t12",
            "x1_2",
            "tnope_abc",
            "s7ff8000000000000_00000000000000000000000000000000",
            "o1_2",
        ] {
            assert!(Cursor::decode(bad).is_err(), "{bad:?} should be refused");
        }
    }
}
