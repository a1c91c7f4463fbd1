//! Product capabilities, one folder each (see docs/ARCHITECTURE.md).

pub mod site;
pub mod theme;
