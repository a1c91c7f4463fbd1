//! Account types shared by the server and the browser: validated newtypes for
//! what people type (checked in the browser for speed and on the server for
//! truth), roles and statuses, and the transfer objects the pages show.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Shortest password accepted.
pub const PASSWORD_MIN: usize = 10;
/// Longest password accepted (bounds hashing work).
pub const PASSWORD_MAX: usize = 256;
/// Usernames that would clash with site paths or impersonate the staff.
const RESERVED_USERNAMES: &[&str] = &[
    "admin",
    "administrator",
    "api",
    "dev",
    "mod",
    "moderator",
    "root",
    "settings",
    "signin",
    "signup",
    "sparkle",
    "staff",
    "support",
    "system",
];

/// A username: 3–30 letters, digits, `_` or `-`; unique ignoring case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Username(String);

impl Username {
    /// Checks `raw` (surrounding spaces ignored).
    pub fn parse(raw: &str) -> Result<Self, String> {
        let name = raw.trim();
        let len = name.chars().count();
        if !(3..=30).contains(&len) {
            return Err("Use 3 to 30 characters.".into());
        }
        if !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err("Use only letters, digits, _ and -.".into());
        }
        if RESERVED_USERNAMES.contains(&name.to_ascii_lowercase().as_str()) {
            return Err("That name is reserved. Please pick another.".into());
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An email address, trimmed and lower-cased.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    /// Checks the shape of `raw`; whether it can receive mail is proved by the
    /// verification link.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let email = raw.trim().to_lowercase();
        let invalid = || Err("Enter an email address like name@example.com.".to_owned());
        if email.is_empty() {
            return Err("Enter your email address.".into());
        }
        if email.len() > 254 || email.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return invalid();
        }
        let Some((local, domain)) = email.rsplit_once('@') else {
            return invalid();
        };
        if local.is_empty()
            || local.len() > 64
            || local.contains('@')
            || domain.len() < 3
            || !domain.contains('.')
            || domain.starts_with('.')
            || domain.ends_with('.')
            || domain.contains("..")
        {
            return invalid();
        }
        Ok(Self(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One password rule and whether the typed password meets it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordRule {
    pub text: &'static str,
    pub met: bool,
}

/// The password rules, checked against what was typed so far (shown live).
pub fn password_rules(password: &str, username: &str, email: &str) -> Vec<PasswordRule> {
    let len = password.chars().count();
    let lower = password.to_lowercase();
    let same_as = |other: &str| {
        let other = other.trim().to_lowercase();
        !other.is_empty() && lower == other
    };
    vec![
        PasswordRule {
            text: "At least 10 characters",
            met: (PASSWORD_MIN..=PASSWORD_MAX).contains(&len),
        },
        PasswordRule {
            text: "Not your username or email",
            met: len > 0 && !same_as(username) && !same_as(email),
        },
    ]
}

/// Checks a new password against the rules; the message names the first rule broken.
pub fn check_new_password(password: &str, username: &str, email: &str) -> Result<(), String> {
    let len = password.chars().count();
    if len < PASSWORD_MIN {
        return Err(format!("Use at least {PASSWORD_MIN} characters."));
    }
    if len > PASSWORD_MAX {
        return Err(format!("Use at most {PASSWORD_MAX} characters."));
    }
    if password_rules(password, username, email)
        .iter()
        .any(|rule| !rule.met)
    {
        return Err("Your password can't be your username or email.".into());
    }
    Ok(())
}

/// What a member may do on the site, from least to most trusted staff role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(
    feature = "ssr",
    sqlx(type_name = "user_role", rename_all = "SCREAMING_SNAKE_CASE")
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Role {
    User,
    Moderator,
    Admin,
    Creator,
    VerifiedCreator,
    System,
}

impl Role {
    /// Moderation powers: moderators, admins and the system account.
    pub fn can_moderate(self) -> bool {
        matches!(self, Self::Moderator | Self::Admin | Self::System)
    }

    /// Administration powers.
    pub fn is_admin(self) -> bool {
        matches!(self, Self::Admin | Self::System)
    }

    /// Creator tools (the editor's publishing extras, analytics).
    pub fn is_creator(self) -> bool {
        matches!(self, Self::Creator | Self::VerifiedCreator | Self::Admin)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::User => "Fan",
            Self::Moderator => "Moderator",
            Self::Admin => "Admin",
            Self::Creator => "Creator",
            Self::VerifiedCreator => "Verified creator",
            Self::System => "System",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Some(match raw {
            "USER" => Self::User,
            "MODERATOR" => Self::Moderator,
            "ADMIN" => Self::Admin,
            "CREATOR" => Self::Creator,
            "VERIFIED_CREATOR" => Self::VerifiedCreator,
            "SYSTEM" => Self::System,
            _ => return None,
        })
    }
}

/// Where an account stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(
    feature = "ssr",
    sqlx(type_name = "user_status", rename_all = "SCREAMING_SNAKE_CASE")
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum UserStatus {
    PendingVerification,
    Active,
    Suspended,
    Banned,
    Deleted,
}

impl UserStatus {
    pub fn parse(raw: &str) -> Option<Self> {
        Some(match raw {
            "PENDING_VERIFICATION" => Self::PendingVerification,
            "ACTIVE" => Self::Active,
            "SUSPENDED" => Self::Suspended,
            "BANNED" => Self::Banned,
            "DELETED" => Self::Deleted,
            _ => return None,
        })
    }
}

/// The signed-in person, as pages see them. Holds nothing secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub id: Uuid,
    pub username: String,
    pub display_name: Option<String>,
    pub role: Role,
    pub status: UserStatus,
    pub email_verified: bool,
}

impl Viewer {
    /// The name to show: the display name, or the username.
    pub fn name(&self) -> &str {
        self.display_name.as_deref().unwrap_or(&self.username)
    }
}

/// One signed-in browser or device, for the sessions list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    /// A handle for revoking this session (not the session id itself).
    pub handle: String,
    pub device: String,
    pub ip_address: Option<String>,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    /// This is the session making the request.
    pub current: bool,
}

/// One sign-in attempt, for the login history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginAttempt {
    pub device: String,
    pub ip_address: Option<String>,
    pub success: bool,
    pub reason: String,
    pub created_at: DateTime<Utc>,
}

/// What a sign-in attempt led to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignInOutcome {
    /// Signed in.
    SignedIn,
    /// The password was right; a two-factor code is needed next.
    TwoFactorRequired,
}

/// An authenticator being set up: the QR code (an SVG made on the server),
/// the `otpauth://` link, and the secret spelled out for typing in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolment {
    pub secret: String,
    pub otpauth_url: String,
    pub qr_svg: String,
}

/// Two-factor sign-in as the security page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoFactorStatus {
    pub enabled: bool,
    pub recovery_codes_left: i32,
    /// Set-up started but not confirmed.
    pub pending: Option<Enrolment>,
    /// Recovery codes just made, shown this once.
    pub fresh_codes: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_follow_the_rules() {
        assert!(Username::parse("ana_b-2").is_ok());
        assert_eq!(Username::parse("  ana  ").map(|u| u.0), Ok("ana".into()));
        assert!(Username::parse("ab").is_err());
        assert!(Username::parse(&"a".repeat(31)).is_err());
        assert!(Username::parse("ana b").is_err());
        assert!(Username::parse("anä").is_err());
        assert!(Username::parse("Admin").is_err());
    }

    #[test]
    fn emails_are_normalised() {
        assert_eq!(
            Email::parse("  Ana@Example.COM ").map(|e| e.0),
            Ok("ana@example.com".into())
        );
        for bad in [
            "",
            "ana",
            "ana@",
            "@example.com",
            "ana@example",
            "a b@example.com",
            "ana@.com",
            "ana@example..com",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn passwords_need_length_and_must_differ_from_the_names() {
        assert!(check_new_password("correct horse", "ana", "ana@example.com").is_ok());
        assert!(check_new_password("short", "ana", "ana@example.com").is_err());
        assert!(check_new_password("AnaBanana1", "anabanana1", "x@example.com").is_err());
        assert!(check_new_password("ana@example.com", "ana", "ANA@example.com").is_err());
        let rules = password_rules("", "ana", "a@b.co");
        assert!(rules.iter().all(|r| !r.met));
    }
}

/// A sign-in provider linked to the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedAccount {
    /// The key to unlink it with (the issuer).
    pub provider: String,
    /// The provider's name as people know it.
    pub name: String,
    pub email: Option<String>,
    pub linked_at: chrono::DateTime<chrono::Utc>,
}

/// The account settings page: how the person signs in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSettings {
    pub username: String,
    pub email: String,
    pub has_password: bool,
    pub linked: Vec<LinkedAccount>,
    /// The configured provider's name, when sign-in with one is on.
    pub provider: Option<String>,
}

/// What became of a trip to the OpenID Connect provider, as a short code in
/// the address of the page the browser comes back to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OidcNotice {
    Cancelled,
    Failed,
    Expired,
    TooMany,
    NoEmail,
    Unverified,
    EmailTaken,
    Restricted,
    Linked,
    LinkedElsewhere,
    AlreadyLinked,
}

impl OidcNotice {
    const ALL: [OidcNotice; 11] = [
        Self::Cancelled,
        Self::Failed,
        Self::Expired,
        Self::TooMany,
        Self::NoEmail,
        Self::Unverified,
        Self::EmailTaken,
        Self::Restricted,
        Self::Linked,
        Self::LinkedElsewhere,
        Self::AlreadyLinked,
    ];

    /// The code in the address.
    pub fn code(self) -> &'static str {
        match self {
            Self::Cancelled => "cancelled",
            Self::Failed => "failed",
            Self::Expired => "expired",
            Self::TooMany => "too_many",
            Self::NoEmail => "no_email",
            Self::Unverified => "unverified",
            Self::EmailTaken => "email_taken",
            Self::Restricted => "restricted",
            Self::Linked => "linked",
            Self::LinkedElsewhere => "linked_elsewhere",
            Self::AlreadyLinked => "already_linked",
        }
    }

    /// The notice of `code`, if it is one.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|n| n.code() == code)
    }

    /// Good news rather than a problem.
    pub fn is_success(self) -> bool {
        self == Self::Linked
    }

    /// What to tell the person; `provider` is the provider's name.
    pub fn message(self, provider: &str) -> String {
        match self {
            Self::Cancelled => format!("Sign-in with {provider} was cancelled. Nothing changed."),
            Self::Failed => {
                format!("We couldn't complete sign-in with {provider}. Please try again.")
            }
            Self::Expired => {
                "That sign-in took too long or was started elsewhere. Please start again.".into()
            }
            Self::TooMany => {
                "Too many sign-in attempts from your network. Wait a few minutes and try again."
                    .into()
            }
            Self::NoEmail => format!(
                "{provider} didn't share an email address, and every account needs one. Sign up with a password instead."
            ),
            Self::Unverified => format!(
                "{provider} hasn't confirmed your email address, so we can't make an account from it. Confirm it there, or sign up with a password."
            ),
            Self::EmailTaken => format!(
                "An account here already uses that email address. Sign in with your password, then link {provider} in Settings → Account."
            ),
            Self::Restricted => "This account can't sign in right now.".into(),
            Self::Linked => format!("{provider} is linked: you can sign in with it from now on."),
            Self::LinkedElsewhere => format!(
                "That {provider} account is already linked to another Sparkle Universe account."
            ),
            Self::AlreadyLinked => format!(
                "You already have a {provider} account linked. Unlink it first to link a different one."
            ),
        }
    }
}

/// A security alert about the account (a new sign-in, a new way to sign in).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityAlert {
    pub id: Uuid,
    pub kind: String,
    /// `low`, `medium`, `high` or `critical`.
    pub severity: String,
    pub title: String,
    pub description: String,
    /// Marked reviewed by the person.
    pub resolved: bool,
    pub created_at: DateTime<Utc>,
}
