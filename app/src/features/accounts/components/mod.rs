//! Account pages.

mod account;
mod account_menu;
mod form;
mod recovery;
mod security;
mod sign_in;
mod sign_up;
mod two_factor;

pub use account::AccountSettingsPage;
pub use account_menu::AccountMenu;
pub use form::{AuthCard, FormAlert, Notice, PasswordRules, Problem, action_error, field_errors};
pub use recovery::{ForgotPasswordPage, ResetPasswordPage, VerifyEmailPage};
pub use security::SecuritySettingsPage;
pub use sign_in::{SignInPage, TwoFactorSignInPage};
pub use sign_up::SignUpPage;
