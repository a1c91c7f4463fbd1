//! Feed pages and the pieces they share.

mod categories;
mod feed;
mod header;
mod mine;
mod pages;

pub use categories::{AdminCategoriesPage, CategoriesPage};
pub use feed::FeedList;
pub use header::{FeedHeader, FeedTabs};
pub use mine::MyPostsPage;
pub use pages::{
    AuthorPosts, CategoryPage, FeaturedPage, FeedPage, LatestPage, SeriesPage, TagPage,
    TrendingPage, TrendingSection,
};
