//! The comments on screen, held so that a new comment, an edit, a deletion
//! or new reaction counts change one entry in place. Built from the
//! server's page on both sides, so hydration finds what the server drew.

use leptos::prelude::*;
use uuid::Uuid;

use crate::features::comments::types::{Closed, Comment, Draft};

/// Which comment's reply or edit form is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Open {
    Reply(Uuid),
    Edit(Uuid),
}

/// One comment on screen.
#[derive(Clone)]
pub struct Entry {
    pub id: Uuid,
    pub comment: RwSignal<Comment>,
}

/// Everything the comment components share.
#[derive(Clone, Copy)]
pub struct Store {
    pub entries: RwSignal<Vec<Entry>>,
    pub open: RwSignal<Option<Open>>,
    pub post_id: Uuid,
    pub slug: StoredValue<String>,
    pub has_video: bool,
    pub can_react: bool,
    pub closed: Option<Closed>,
    /// A refused plain form post to show again.
    pub draft: StoredValue<Option<Draft>>,
    /// Depth of the shallowest comment shown (a thread page starts deeper).
    pub base_depth: i32,
    /// The section's owner: entries added later (by a form that then
    /// closes, or a live update) live as long as the section, not as long
    /// as whatever added them.
    owner: StoredValue<Option<Owner>>,
}

impl Store {
    pub fn new(
        comments: Vec<Comment>,
        post_id: Uuid,
        slug: String,
        has_video: bool,
        can_react: bool,
        closed: Option<Closed>,
        draft: Option<Draft>,
    ) -> Self {
        let base_depth = comments.iter().map(|c| c.depth).min().unwrap_or(0);
        // A form asked for in the address (`?reply=` or `?edit=`, the links'
        // targets without JavaScript), unless a refused post names one.
        let asked = {
            let id = |key: &str| {
                crate::request::page_query_param(key).and_then(|v| Uuid::parse_str(&v).ok())
            };
            id("edit").map(Open::Edit).or(id("reply").map(Open::Reply))
        };
        let open = match &draft {
            Some(Draft {
                editing: Some(id), ..
            }) => Some(Open::Edit(*id)),
            Some(Draft {
                parent_id: Some(id),
                ..
            }) => Some(Open::Reply(*id)),
            _ => asked,
        };
        Self {
            entries: RwSignal::new(comments.into_iter().map(Self::entry).collect()),
            owner: StoredValue::new(Owner::current()),
            open: RwSignal::new(open),
            post_id,
            slug: StoredValue::new(slug),
            has_video,
            can_react,
            closed,
            draft: StoredValue::new(draft),
            base_depth,
        }
    }

    /// Loads the page again (after pinning or featuring, which move comments).
    pub fn reload(&self) {
        #[cfg(feature = "hydrate")]
        let _ = window().location().reload();
    }

    fn entry(comment: Comment) -> Entry {
        Entry {
            id: comment.id,
            comment: RwSignal::new(comment),
        }
    }

    /// Adds a comment just written: a reply after its parent's replies, a
    /// top-level comment first. A comment already shown is left alone.
    pub fn insert(&self, comment: Comment) {
        self.entries.update(|entries| {
            if entries.iter().any(|e| e.id == comment.id) {
                return;
            }
            let at = match comment.parent_id {
                Some(parent) => match entries.iter().position(|e| e.id == parent) {
                    Some(i) => {
                        let depth = entries[i].comment.with_untracked(|c| c.depth);
                        entries[i].comment.update(|c| c.reply_count += 1);
                        let mut j = i + 1;
                        while j < entries.len()
                            && entries[j].comment.with_untracked(|c| c.depth) > depth
                        {
                            j += 1;
                        }
                        j
                    }
                    None => return,
                },
                // First, below a pinned comment.
                None => usize::from(
                    entries
                        .first()
                        .is_some_and(|e| e.comment.with_untracked(|c| c.pinned)),
                ),
            };
            let entry = match self.owner.get_value() {
                Some(owner) => owner.with(|| Self::entry(comment)),
                None => Self::entry(comment),
            };
            entries.insert(at, entry);
        });
    }

    /// Replaces a comment with its new version.
    pub fn replace(&self, comment: Comment) {
        self.entries.with_untracked(|entries| {
            if let Some(entry) = entries.iter().find(|e| e.id == comment.id) {
                entry.comment.set(comment);
            }
        });
    }

    /// Shows a comment as deleted, in its place.
    pub fn mark_deleted(&self, id: Uuid) {
        self.entries.with_untracked(|entries| {
            if let Some(entry) = entries.iter().find(|e| e.id == id) {
                entry.comment.update(|c| {
                    c.deleted = true;
                    c.html.clear();
                    c.body.clear();
                    c.author = None;
                    c.can_edit = false;
                    c.can_delete = false;
                    c.can_curate = false;
                    c.pinned = false;
                    c.featured = false;
                });
            }
        });
    }

    /// The draft for this form, if the refused post came from it.
    pub fn draft_for(&self, parent: Option<Uuid>, editing: Option<Uuid>) -> Option<Draft> {
        self.draft.with_value(|d| {
            d.as_ref()
                .filter(|d| d.parent_id == parent && d.editing == editing)
                .cloned()
        })
    }
}
