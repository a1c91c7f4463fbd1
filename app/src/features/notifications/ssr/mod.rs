//! Raising, grouping and listing notifications.

pub mod centre;
pub mod email;
pub mod mentions;
pub mod notify;
pub mod settings;
