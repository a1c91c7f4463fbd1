//! Password hashing with argon2id at the OWASP-recommended parameters
//! (19 MiB, 2 passes, 1 lane), always on the blocking pool so a sign-in storm
//! cannot stall the async runtime.

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::error::AppError;

fn hasher() -> Result<Argon2<'static>, AppError> {
    let params = Params::new(19 * 1024, 2, 1, None).map_err(AppError::internal)?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes `password` into a PHC string (salt included).
pub async fn hash(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let argon = hasher()?;
        argon
            .hash_password(password.as_bytes())
            .map(|h: argon2::PasswordHash| h.to_string())
            .map_err(AppError::internal)
    })
    .await
    .map_err(AppError::internal)?
}

/// Whether `password` matches `stored`. With no stored hash (an unknown
/// account, or one that signs in only through a provider) a fixed hash is
/// checked instead, so the answer takes the same time either way.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        let argon = hasher()?;
        let (phc, real) = match stored {
            Some(s) => (s, true),
            None => (DUMMY_HASH.to_owned(), false),
        };
        let ok = argon
            .verify_password(password.as_bytes(), phc.as_str())
            .is_ok();
        Ok(ok && real)
    })
    .await
    .map_err(AppError::internal)?
}

/// The argon2id hash of a random string nobody knows, with our parameters.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c3BhcmtsZXVuaXZlcnNl$2hG0a3Yp3lV1w8e9PZb7xJ6m5gJ0tB0mI1J2K3L4M5A";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_wrong_passwords_fail() {
        let hash = hash("correct horse battery".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(
            verify("correct horse battery".into(), Some(hash.clone()))
                .await
                .unwrap()
        );
        assert!(
            !verify("wrong horse battery".into(), Some(hash))
                .await
                .unwrap()
        );
        assert!(!verify("anything".into(), None).await.unwrap());
    }
}
