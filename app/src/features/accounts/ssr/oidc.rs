//! Sign-in with an OpenID Connect provider (authorization-code flow).
//!
//! `start` keeps a random state, a nonce and a PKCE verifier in the visitor's
//! server-side session and sends them to the provider; `callback` checks the
//! state, trades the code (with the verifier) for tokens, and checks the ID
//! token's signature, issuer, audience, expiry and nonce (openidconnect).
//!
//! What a provider identity may do:
//! - already linked: signs in to its account (two-factor still asked for);
//! - new, with an email the provider verified and nobody here uses: makes a
//!   new, active account without a password;
//! - new, with an email an account here already uses: nothing. Linking needs
//!   that account to prove itself first, by signing in and linking from
//!   Settings → Account; an email match alone never links.
//!
//! The provider key stored in `accounts.provider` is the issuer URL, because a
//! subject is only unique within its issuer.

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};

use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    AsyncHttpClient, AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
};
use serde::{Deserialize, Serialize};
use sqlx::{PgConnection, PgPool};
use tower_sessions::Session;
use uuid::Uuid;

use super::client::Client;
use super::limits::Limit;
use super::sessions;
use super::signin::{complete, record_attempt, refusal};
use super::users::{self, NewUser, Taken};
use crate::context::{OidcSettings, ServerContext};
use crate::error::AppError;
use crate::features::accounts::types::{LinkedAccount, OidcNotice, Role, UserStatus};
use crate::routes;

/// Session key of a sign-in waiting for the provider.
const PENDING: &str = "oidc.pending";
/// How long a visitor may spend at the provider.
const PENDING_SECS: i64 = 10 * 60;
/// How long discovered provider metadata (endpoints and keys) is kept.
const METADATA_TTL: Duration = Duration::from_secs(60 * 60);

/// What a flow started for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Intent {
    /// Sign in (or sign up); `remember` as on the sign-in form.
    SignIn { remember: bool },
    /// Link the provider to this signed-in account.
    Link { user_id: Uuid },
}

#[derive(Serialize, Deserialize)]
struct Pending {
    state: String,
    nonce: String,
    verifier: String,
    intent: Intent,
    started_at: i64,
}

/// What the provider said about the person (from the checked ID token).
#[derive(Debug, Clone)]
pub struct Identity {
    pub subject: String,
    pub email: Option<String>,
    pub email_verified: bool,
    pub username_hint: Option<String>,
}

/// The HTTP client openidconnect talks to the provider with: reqwest,
/// without following redirects (an SSRF guard the crate asks for).
struct Http(reqwest::Client);

impl<'c> AsyncHttpClient<'c> for Http {
    type Error = reqwest::Error;
    type Future =
        Pin<Box<dyn Future<Output = Result<openidconnect::HttpResponse, Self::Error>> + Send + 'c>>;

    fn call(&'c self, request: openidconnect::HttpRequest) -> Self::Future {
        Box::pin(async move {
            let response = self.0.execute(reqwest::Request::try_from(request)?).await?;
            let status = response.status();
            let headers = response.headers().clone();
            let mut out = http::Response::new(response.bytes().await?.to_vec());
            *out.status_mut() = status;
            *out.headers_mut() = headers;
            Ok(out)
        })
    }
}

/// The configured provider: settings, an HTTP client and cached discovery.
pub struct Oidc {
    settings: OidcSettings,
    redirect_url: String,
    http: Http,
    metadata: tokio::sync::Mutex<Option<(Instant, CoreProviderMetadata)>>,
}

impl std::fmt::Debug for Oidc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Oidc")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl Oidc {
    /// The provider of `settings`, answering at `{public_url}/auth/oidc/callback`.
    pub fn new(settings: OidcSettings, public_url: &str) -> Result<Self, AppError> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(AppError::internal)?;
        Ok(Self {
            settings,
            redirect_url: format!("{public_url}{}", routes::OIDC_CALLBACK),
            http: Http(http),
            metadata: tokio::sync::Mutex::new(None),
        })
    }

    /// The provider's name for buttons and messages.
    pub fn name(&self) -> &str {
        &self.settings.name
    }

    /// The key of this provider in `accounts.provider`.
    pub fn key(&self) -> &str {
        &self.settings.issuer
    }

    async fn metadata(&self) -> Result<CoreProviderMetadata, AppError> {
        let mut cached = self.metadata.lock().await;
        if let Some((at, metadata)) = cached.as_ref()
            && at.elapsed() < METADATA_TTL
        {
            return Ok(metadata.clone());
        }
        let issuer = IssuerUrl::new(self.settings.issuer.clone()).map_err(AppError::internal)?;
        let metadata = CoreProviderMetadata::discover_async(issuer, &self.http)
            .await
            .map_err(|e| AppError::internal(format!("OIDC discovery failed: {e}")))?;
        *cached = Some((Instant::now(), metadata.clone()));
        Ok(metadata)
    }

    async fn client(
        &self,
    ) -> Result<
        CoreClient<
            openidconnect::EndpointSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointMaybeSet,
            openidconnect::EndpointMaybeSet,
        >,
        AppError,
    > {
        let redirect = RedirectUrl::new(self.redirect_url.clone()).map_err(AppError::internal)?;
        Ok(CoreClient::from_provider_metadata(
            self.metadata().await?,
            ClientId::new(self.settings.client_id.clone()),
            self.settings.client_secret.clone().map(ClientSecret::new),
        )
        .set_redirect_uri(redirect))
    }

    /// Starts a flow: remembers its secrets in `session`, returns the
    /// provider address to send the browser to.
    pub async fn start(&self, session: &Session, intent: Intent) -> Result<String, AppError> {
        let client = self.client().await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("email".into()))
            .add_scope(Scope::new("profile".into()))
            .set_pkce_challenge(challenge)
            .url();
        let pending = Pending {
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            verifier: verifier.secret().clone(),
            intent,
            started_at: chrono::Utc::now().timestamp(),
        };
        session
            .insert(PENDING, pending)
            .await
            .map_err(AppError::internal)?;
        Ok(url.to_string())
    }

    /// Checks the provider's answer against the pending flow (used once) and
    /// returns who signed in there and why the flow was started.
    async fn finish(
        &self,
        session: &Session,
        answer: &CallbackQuery,
    ) -> Result<(Intent, Identity), (Option<Intent>, OidcNotice)> {
        let pending: Option<Pending> = session.remove(PENDING).await.ok().flatten();
        let Some(pending) = pending else {
            return Err((None, OidcNotice::Expired));
        };
        let intent = Some(pending.intent);
        let fail = |notice| (intent, notice);
        if chrono::Utc::now().timestamp() - pending.started_at > PENDING_SECS {
            return Err(fail(OidcNotice::Expired));
        }
        let state_ok = answer.state.as_deref().is_some_and(|s| {
            use subtle_eq::eq;
            eq(s.as_bytes(), pending.state.as_bytes())
        });
        if !state_ok {
            tracing::warn!("OIDC callback with a state that does not match the session");
            return Err(fail(OidcNotice::Failed));
        }
        if let Some(error) = &answer.error {
            tracing::info!(%error, "OIDC provider returned an error");
            return Err(fail(if error == "access_denied" {
                OidcNotice::Cancelled
            } else {
                OidcNotice::Failed
            }));
        }
        let Some(code) = answer.code.clone() else {
            return Err(fail(OidcNotice::Failed));
        };
        let identity = self
            .exchange(code, pending.verifier, pending.nonce)
            .await
            .map_err(|e| {
                tracing::warn!(error = %e, "OIDC code exchange or ID token check failed");
                fail(OidcNotice::Failed)
            })?;
        Ok((pending.intent, identity))
    }

    async fn exchange(
        &self,
        code: String,
        verifier: String,
        nonce: String,
    ) -> Result<Identity, String> {
        let client = self.client().await.map_err(|e| e.to_string())?;
        let tokens = client
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|e| e.to_string())?
            .set_pkce_verifier(PkceCodeVerifier::new(verifier))
            .request_async(&self.http)
            .await
            .map_err(|e| format!("token request: {e}"))?;
        let id_token = tokens.id_token().ok_or("no ID token in the answer")?;
        let claims = id_token
            .claims(&client.id_token_verifier(), &Nonce::new(nonce))
            .map_err(|e| format!("ID token: {e}"))?;
        let username_hint = claims
            .preferred_username()
            .map(|u| u.as_str().to_owned())
            .or_else(|| {
                claims
                    .email()
                    .and_then(|e| e.as_str().split('@').next().map(str::to_owned))
            });
        Ok(Identity {
            subject: claims.subject().as_str().to_owned(),
            email: claims.email().map(|e| e.as_str().trim().to_lowercase()),
            email_verified: claims.email_verified() == Some(true),
            username_hint,
        })
    }
}

/// Constant-time comparison of the state, so timing says nothing about it.
mod subtle_eq {
    pub fn eq(a: &[u8], b: &[u8]) -> bool {
        use sha2::{Digest, Sha256};
        // Equal-length digests compared in full: no early exit on a mismatch.
        let (a, b) = (Sha256::digest(a), Sha256::digest(b));
        a.iter()
            .zip(b.iter())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
    }
}

/// The query the provider sends the browser back with.
#[derive(Debug, Default, Deserialize)]
pub struct CallbackQuery {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
}

/// Handles the provider's answer; returns where to send the browser.
pub async fn callback(
    pool: &PgPool,
    ctx: &ServerContext,
    session: &Session,
    client: &Client,
    answer: &CallbackQuery,
) -> String {
    let Some(oidc) = ctx.oidc.as_deref() else {
        return routes::SIGN_IN.to_owned();
    };
    let back = |intent: Option<Intent>, notice: OidcNotice| match intent {
        Some(Intent::Link { .. }) => format!("{}?oidc={}", routes::SETTINGS_ACCOUNT, notice.code()),
        _ => format!("{}?oidc={}", routes::SIGN_IN, notice.code()),
    };
    let (intent, identity) = match oidc.finish(session, answer).await {
        Ok(found) => found,
        Err((intent, notice)) => return back(intent, notice),
    };
    let result = match intent {
        Intent::Link { user_id } => link(pool, oidc, session, user_id, &identity)
            .await
            .map(|()| {
                format!(
                    "{}?oidc={}",
                    routes::SETTINGS_ACCOUNT,
                    OidcNotice::Linked.code()
                )
            }),
        Intent::SignIn { remember } => {
            sign_in(pool, ctx, oidc, session, client, &identity, remember).await
        }
    };
    match result {
        Ok(target) => target,
        Err(Refused(notice)) => back(Some(intent), notice),
        Err(Broken(e)) => {
            tracing::error!(error = %e, "OIDC sign-in failed");
            back(Some(intent), OidcNotice::Failed)
        }
    }
}

/// Why a checked identity still gets no further.
enum Failure {
    Refused(OidcNotice),
    Broken(AppError),
}
use Failure::{Broken, Refused};

impl From<AppError> for Failure {
    fn from(e: AppError) -> Self {
        Broken(e)
    }
}

impl From<sqlx::Error> for Failure {
    fn from(e: sqlx::Error) -> Self {
        Broken(e.into())
    }
}

/// The account `subject` of this provider is linked to, if any.
async fn owner_of(
    conn: &mut PgConnection,
    oidc: &Oidc,
    subject: &str,
) -> Result<Option<Uuid>, AppError> {
    Ok(sqlx::query_scalar!(
        "select user_id from accounts where provider = $1 and provider_account_id = $2",
        oidc.key(),
        subject
    )
    .fetch_optional(conn)
    .await?)
}

/// Signs in the account linked to `identity`, or makes one for it.
async fn sign_in(
    pool: &PgPool,
    ctx: &ServerContext,
    oidc: &Oidc,
    session: &Session,
    client: &Client,
    identity: &Identity,
    remember: bool,
) -> Result<String, Failure> {
    if ctx
        .limits
        .check(Limit::SignInPerIp, &client.ip_key())
        .is_err()
    {
        return Err(Refused(OidcNotice::TooMany));
    }
    let mut conn = pool.acquire().await?;
    let linked = owner_of(&mut conn, oidc, &identity.subject).await?;
    let (user, created) = match linked {
        Some(user_id) => {
            let user = users::find_by_id(&mut conn, user_id)
                .await?
                .ok_or(Refused(OidcNotice::Failed))?;
            (user, false)
        }
        None => {
            drop(conn);
            let user_id = create_account(pool, oidc, identity).await?;
            conn = pool.acquire().await?;
            let user = users::find_by_id(&mut conn, user_id)
                .await?
                .ok_or(Refused(OidcNotice::Failed))?;
            (user, true)
        }
    };
    let user = if user.status == UserStatus::Deleted {
        super::deletion::restore(&mut conn, &user).await?
    } else {
        user
    };
    if let Some((reason, _)) = refusal(&user) {
        record_attempt(&mut conn, user.id, client, false, reason).await?;
        return Err(Refused(OidcNotice::Restricted));
    }
    if user.two_factor_enabled {
        sessions::begin_two_factor(session, user.id, remember).await?;
        return Ok(routes::SIGN_IN_TWO_FACTOR.to_owned());
    }
    drop(conn);
    complete(pool, ctx, session, client, &user, remember, "oidc").await?;
    Ok(if created {
        format!("{}?welcome=1", routes::SETTINGS_PROFILE)
    } else {
        routes::HOME.to_owned()
    })
}

/// Makes an active, password-less account for a new provider identity.
async fn create_account(pool: &PgPool, oidc: &Oidc, identity: &Identity) -> Result<Uuid, Failure> {
    let Some(email) = identity.email.as_deref() else {
        return Err(Refused(OidcNotice::NoEmail));
    };
    if !identity.email_verified {
        return Err(Refused(OidcNotice::Unverified));
    }
    let Ok(email) = crate::features::accounts::types::Email::parse(email) else {
        return Err(Refused(OidcNotice::NoEmail));
    };
    let base = username_base(identity.username_hint.as_deref().unwrap_or("fan"));
    let mut tx = pool.begin().await?;
    for attempt in 0..8 {
        let username = if attempt == 0 {
            base.clone()
        } else {
            format!("{base}{}", random_suffix()?)
        };
        let created = users::create(
            &mut tx,
            &NewUser {
                username: &username,
                email: email.as_str(),
                password_hash: None,
                role: Role::User,
                status: UserStatus::Active,
                email_verified: true,
            },
        )
        .await?;
        match created {
            Ok(user_id) => {
                let inserted = sqlx::query!(
                    "insert into accounts (user_id, provider, provider_account_id, email)
                     values ($1, $2, $3, $4) on conflict do nothing",
                    user_id,
                    oidc.key(),
                    identity.subject,
                    email.as_str()
                )
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if inserted == 0 {
                    // The same identity signed up a moment ago in another tab.
                    return Err(Refused(OidcNotice::Failed));
                }
                tx.commit().await?;
                return Ok(user_id);
            }
            Err(Taken::Username) => continue,
            Err(Taken::Email) => return Err(Refused(OidcNotice::EmailTaken)),
        }
    }
    Err(Broken(AppError::internal("no free username after 8 tries")))
}

/// A valid username from a provider's hint: allowed characters only, 3–24 long.
pub fn username_base(hint: &str) -> String {
    let mut name: String = hint
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .take(24)
        .collect();
    while name.chars().count() < 3 {
        name.push('_');
    }
    name
}

fn random_suffix() -> Result<String, AppError> {
    let mut bytes = [0u8; 2];
    getrandom::fill(&mut bytes).map_err(AppError::internal)?;
    Ok(format!("{}", u16::from_le_bytes(bytes) % 10_000))
}

/// Links `identity` to the signed-in account `user_id`.
async fn link(
    pool: &PgPool,
    oidc: &Oidc,
    session: &Session,
    user_id: Uuid,
    identity: &Identity,
) -> Result<(), Failure> {
    // The session that started linking must still be that person's.
    let signed_in: Option<Uuid> = session
        .get(crate::auth::keys::USER_ID)
        .await
        .map_err(AppError::internal)?;
    if signed_in != Some(user_id) {
        return Err(Refused(OidcNotice::Expired));
    }
    let mut tx = pool.begin().await?;
    let owner = owner_of(&mut tx, oidc, &identity.subject).await?;
    match owner {
        Some(owner) if owner == user_id => return Ok(()),
        Some(_) => return Err(Refused(OidcNotice::LinkedElsewhere)),
        None => {}
    }
    let inserted = sqlx::query!(
        "insert into accounts (user_id, provider, provider_account_id, email)
         values ($1, $2, $3, $4) on conflict do nothing",
        user_id,
        oidc.key(),
        identity.subject,
        identity.email
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Err(Refused(OidcNotice::AlreadyLinked));
    }
    sqlx::query!(
        "insert into security_alerts (user_id, kind, severity, title, description)
         values ($1, 'sign_in_method_added', 'medium', 'New way to sign in', $2)",
        user_id,
        format!(
            "Your {} account can now sign you in. If this wasn't you, unlink it in Settings → Account and change your password.",
            oidc.name()
        ),
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The providers linked to `user_id`.
pub async fn linked(
    conn: &mut PgConnection,
    ctx: &ServerContext,
    user_id: Uuid,
) -> Result<Vec<LinkedAccount>, AppError> {
    let rows = sqlx::query!(
        "select provider, email, created_at from accounts where user_id = $1 order by created_at",
        user_id
    )
    .fetch_all(conn)
    .await?;
    let current = ctx.oidc.as_deref();
    Ok(rows
        .into_iter()
        .map(|r| LinkedAccount {
            name: match current {
                Some(oidc) if oidc.key() == r.provider => oidc.name().to_owned(),
                _ => r.provider.clone(),
            },
            provider: r.provider,
            email: r.email,
            linked_at: r.created_at,
        })
        .collect())
}

/// Unlinks `provider` from `user_id`, unless it is their only way in.
pub async fn unlink(pool: &PgPool, user_id: Uuid, provider: &str) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let ways = sqlx::query!(
        r#"select password_hash is not null as "has_password!",
                  (select count(*) from accounts where user_id = $1) as "links!"
           from users where id = $1 for update"#,
        user_id
    )
    .fetch_one(&mut *tx)
    .await?;
    if !ways.has_password && ways.links <= 1 {
        return Err(AppError::Conflict {
            message: "This is your only way to sign in. Set a password first (use \"Forgot password?\" on the sign-in page), then unlink it.".into(),
        });
    }
    let removed = sqlx::query!(
        "delete from accounts where user_id = $1 and provider = $2",
        user_id,
        provider
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if removed == 0 {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_from_hints_are_valid() {
        assert_eq!(username_base("ana"), "ana");
        assert_eq!(username_base("a"), "a__");
        assert_eq!(username_base("Zoë Müller!"), "ZoMller");
        assert_eq!(username_base(&"x".repeat(40)).len(), 24);
        assert!(subtle_eq::eq(b"abc", b"abc"));
        assert!(!subtle_eq::eq(b"abc", b"abd"));
    }
}
