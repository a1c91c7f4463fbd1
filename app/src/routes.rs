//! Route paths, shared by the router, links and tests.

/// The landing page.
pub const HOME: &str = "/";
/// The design system page (components, palette).
pub const DESIGN: &str = "/design";
/// Server functions are mounted under this prefix.
pub const API_PREFIX: &str = "/api";
/// Liveness probe (process is up).
pub const HEALTHZ: &str = "/healthz";
/// Readiness probe (database reachable).
pub const READYZ: &str = "/readyz";
/// Prometheus metrics.
pub const METRICS: &str = "/metrics";
