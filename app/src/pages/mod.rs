//! Pages that belong to no single feature: the landing page and error pages.

mod design;
mod error_page;
mod landing;
mod not_found;

pub use design::DesignSystem;
pub use error_page::ErrorPage;
pub use landing::Landing;
pub use not_found::NotFound;
