//! Who is on the other end of the request: address, user agent, and a
//! readable device name ("Firefox on Linux") for session lists and alerts.

use std::net::{IpAddr, SocketAddr};

use axum::extract::ConnectInfo;
use leptos::prelude::use_context;

/// The client of the request being served.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Client {
    pub ip: Option<IpAddr>,
    pub user_agent: String,
}

impl Client {
    /// Reads the current request. Behind a trusted proxy (`trust_proxy`) the
    /// address is the last one the proxy appended to `X-Forwarded-For`.
    pub fn current(trust_proxy: bool) -> Self {
        match use_context::<http::request::Parts>() {
            Some(parts) => Self::from_parts(&parts, trust_proxy),
            None => Self::default(),
        }
    }

    /// Reads a request outside Leptos (a plain axum handler).
    pub fn from_parts(parts: &http::request::Parts, trust_proxy: bool) -> Self {
        let forwarded = trust_proxy
            .then(|| {
                parts
                    .headers
                    .get_all("x-forwarded-for")
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .flat_map(|v| v.split(','))
                    .filter_map(|s| s.trim().parse::<IpAddr>().ok())
                    .next_back()
            })
            .flatten();
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip());
        let user_agent = parts
            .headers
            .get(http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .chars()
            .take(512)
            .collect();
        Self {
            ip: forwarded.or(peer),
            user_agent,
        }
    }

    /// The key for per-address limits.
    pub fn ip_key(&self) -> String {
        self.ip
            .map_or_else(|| "unknown".to_owned(), |ip| ip.to_string())
    }

    /// "Firefox on Linux", "Safari on iOS", or "Unknown device".
    pub fn device(&self) -> String {
        device_name(&self.user_agent)
    }

    /// The network the address is in (IPv4 /24, IPv6 /48): "where from",
    /// without a geolocation database.
    pub fn network(&self) -> Option<String> {
        self.ip.map(network_of)
    }
}

/// A readable name for a user agent.
pub fn device_name(user_agent: &str) -> String {
    let Some(ua) = woothee::parser::Parser::new().parse(user_agent) else {
        return "Unknown device".into();
    };
    match (ua.name, ua.os) {
        ("UNKNOWN", "UNKNOWN") => "Unknown device".into(),
        (browser, "UNKNOWN") => browser.to_owned(),
        ("UNKNOWN", os) => format!("Unknown browser on {os}"),
        (browser, os) => format!("{browser} on {os}"),
    }
}

fn network_of(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            format!("{a}.{b}.{c}.0/24")
        }
        IpAddr::V6(v6) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}::/48", s[0], s[1], s[2])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_and_networks_are_named() {
        let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
        assert_eq!(device_name(firefox), "Firefox on Linux");
        assert_eq!(device_name(""), "Unknown device");
        assert_eq!(network_of("203.0.113.7".parse().unwrap()), "203.0.113.0/24");
        assert_eq!(
            network_of("2001:db8:1:2::5".parse().unwrap()),
            "2001:db8:1::/48"
        );
    }
}
