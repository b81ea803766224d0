//! The bearer token that guards the staff endpoints (comments and the CSV export).
//!
//! Only the token's SHA-256 is kept (see [`digest`]), and a presented token is compared by
//! digest in constant time, so timing leaks neither the token's content nor its length.

use crate::error::AppError;
use axum::http::header::{self, HeaderMap};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// What the server keeps of a token.
pub(crate) fn digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// Checks `Authorization: Bearer <token>` against `expected`, the configured token's
/// digest. Without a configured token the staff endpoints are off (503), not open.
pub(crate) fn require_bearer(
    expected: Option<&[u8; 32]>,
    headers: &HeaderMap,
) -> Result<(), AppError> {
    let expected = expected.ok_or(AppError::NoTokenConfigured)?;
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim());
    if presented.is_some_and(|t| bool::from(digest(t).ct_eq(expected))) {
        Ok(())
    } else {
        Err(AppError::Unauthorized)
    }
}
