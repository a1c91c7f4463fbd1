//! Rate limits on the account endpoints (governor's keyed GCRA limiters), per
//! client address and per account. They live in the server process; the
//! lockout after repeated wrong passwords is kept in PostgreSQL instead (see
//! `signin`), so it holds across instances and restarts.

use std::num::NonZeroU32;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::error::AppError;

/// Which limit a request counts against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// Sign-in attempts from one address.
    SignInPerIp,
    /// Sign-in attempts naming one account.
    SignInPerAccount,
    /// Sign-ups from one address.
    SignUpPerIp,
    /// Mails asked for (verification resend, password reset) from one address.
    MailPerIp,
    /// Mails asked for one address.
    MailPerAccount,
    /// Two-factor codes tried for one pending sign-in.
    TwoFactorPerAccount,
    /// Pictures uploaded by one account (avatars, covers, post pictures).
    UploadPerAccount,
    /// Username look-ups (mention suggestions) by one account.
    LookupPerAccount,
    /// Comments written or edited by one account.
    CommentPerAccount,
    /// Reactions added or removed by one account.
    ReactPerAccount,
}

fn quota(per_hour: u32, burst: u32) -> Quota {
    let per_hour = NonZeroU32::new(per_hour).unwrap_or(NonZeroU32::MIN);
    let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
    Quota::per_hour(per_hour).allow_burst(burst)
}

/// One limiter per [`Limit`].
pub struct RateLimits {
    sign_in_ip: DefaultKeyedRateLimiter<String>,
    sign_in_account: DefaultKeyedRateLimiter<String>,
    sign_up_ip: DefaultKeyedRateLimiter<String>,
    mail_ip: DefaultKeyedRateLimiter<String>,
    mail_account: DefaultKeyedRateLimiter<String>,
    two_factor: DefaultKeyedRateLimiter<String>,
    upload: DefaultKeyedRateLimiter<String>,
    lookup: DefaultKeyedRateLimiter<String>,
    comment: DefaultKeyedRateLimiter<String>,
    react: DefaultKeyedRateLimiter<String>,
}

impl Default for RateLimits {
    fn default() -> Self {
        Self {
            // A household or office shares an address: generous, but bounded.
            sign_in_ip: RateLimiter::keyed(quota(300, 30)),
            // Slows a password guesser spread over many addresses to one try
            // every 6 minutes after a burst of 10, without ever locking the
            // owner out for good.
            sign_in_account: RateLimiter::keyed(quota(10, 10)),
            sign_up_ip: RateLimiter::keyed(quota(20, 5)),
            mail_ip: RateLimiter::keyed(quota(20, 5)),
            mail_account: RateLimiter::keyed(quota(6, 3)),
            two_factor: RateLimiter::keyed(quota(30, 6)),
            // A picture-heavy post is a few dozen pictures at once.
            upload: RateLimiter::keyed(quota(300, 60)),
            // One look-up per typed letter after "@", while writing.
            lookup: RateLimiter::keyed(quota(3600, 120)),
            // A lively conversation, not a flood.
            comment: RateLimiter::keyed(quota(240, 20)),
            // Tapping through reactions while reading a long thread.
            react: RateLimiter::keyed(quota(1800, 120)),
        }
    }
}

impl RateLimits {
    fn limiter(&self, limit: Limit) -> &DefaultKeyedRateLimiter<String> {
        match limit {
            Limit::SignInPerIp => &self.sign_in_ip,
            Limit::SignInPerAccount => &self.sign_in_account,
            Limit::SignUpPerIp => &self.sign_up_ip,
            Limit::MailPerIp => &self.mail_ip,
            Limit::MailPerAccount => &self.mail_account,
            Limit::TwoFactorPerAccount => &self.two_factor,
            Limit::UploadPerAccount => &self.upload,
            Limit::LookupPerAccount => &self.lookup,
            Limit::CommentPerAccount => &self.comment,
            Limit::ReactPerAccount => &self.react,
        }
    }

    /// Counts one request against `limit` for `key`; `RateLimited` when over.
    pub fn check(&self, limit: Limit, key: &str) -> Result<(), AppError> {
        let key = key.trim().to_lowercase();
        self.limiter(limit).check_key(&key).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            tracing::info!(?limit, "rate limited");
            AppError::RateLimited {
                retry_after_secs: wait.as_secs().max(1),
            }
        })
    }

    /// Forgets keys whose limits have fully recovered (bounds memory).
    pub fn retain_recent(&self) {
        for limit in [
            Limit::SignInPerIp,
            Limit::SignInPerAccount,
            Limit::SignUpPerIp,
            Limit::MailPerIp,
            Limit::MailPerAccount,
            Limit::TwoFactorPerAccount,
            Limit::UploadPerAccount,
            Limit::LookupPerAccount,
            Limit::CommentPerAccount,
            Limit::ReactPerAccount,
        ] {
            let limiter = self.limiter(limit);
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_allowed_then_refused_per_key() {
        let limits = RateLimits::default();
        for _ in 0..10 {
            limits.check(Limit::SignInPerAccount, "Ana").unwrap();
        }
        let err = limits.check(Limit::SignInPerAccount, "ana").unwrap_err();
        assert!(matches!(err, AppError::RateLimited { retry_after_secs } if retry_after_secs > 0));
        // Another account is unaffected.
        limits.check(Limit::SignInPerAccount, "ben").unwrap();
    }
}
