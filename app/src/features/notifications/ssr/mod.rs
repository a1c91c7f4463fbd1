//! Raising, grouping and listing notifications.

pub mod centre;
pub mod mentions;
pub mod notify;
