//! Theme components.

mod theme_picker;

pub use theme_picker::{ThemeChoice, ThemePicker, provide_theme};
