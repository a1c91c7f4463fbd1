//! Post pages: the reading page, the editor, the revision history, and the
//! pieces feeds share (the post card).

mod autosave;
mod card;
mod editor;
mod history;
mod post_page;
mod read_beacon;

pub use card::PostCardView;
pub use editor::{EditPostPage, NewPostPage};
pub use history::PostHistoryPage;
pub use post_page::PostPage;
