//! Profile services and SQL: reading and editing profiles, and the social
//! graph (follows and blocks).

pub mod graph;
pub mod mentions;
pub mod profiles;
