//! Signed tokens for QR codes and receipt links, so nobody can mint a code for another counter or
//! official (docs/design.md, *Privacy*).
//!
//! A token names a database id (of a QR code or a receipt) and proves the server issued it; the
//! row it names says what it points at and whether it is revoked or used, so revoking and
//! reissuing a code needs no change here.
//!
//! Layout, then base64url without padding:
//!
//! ```text
//! id as big-endian bytes, leading zero bytes dropped (1–8 bytes; id 0 is one zero byte)
//! || the first 10 bytes of HMAC-SHA256(secret, purpose tag || those id bytes)
//! ```
//!
//! The tag has a fixed length, so the id's length is whatever precedes it and needs no length
//! byte: that keeps the largest token (a u64 id) at 18 bytes, 24 characters, and the ids a real
//! deployment sees at 15–16. An 80-bit tag is far beyond what anyone can guess over HTTP. Only the
//! minimal encoding verifies, so each id has exactly one token.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::fmt;

type HmacSha256 = Hmac<Sha256>;

const TAG_BYTES: usize = 10;
const MAX_ID_BYTES: usize = 8;
/// Longer strings are rejected before any decoding work, whatever arrives in a URL.
const MAX_TOKEN_CHARS: usize = 64;

/// What a token is for. It is part of the signed input, so a QR token never passes as a receipt
/// token (which is single-use) nor the other way round.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TokenPurpose {
    /// A printed QR code for a unit, counter or official.
    Qr,
    /// A one-time link on a dossier's receipt (phiếu hẹn).
    Receipt,
    /// A surveyor's badge (thẻ điều tra viên), checked by citizens at `/xac-minh/{token}`.
    Badge,
}

impl TokenPurpose {
    /// Neither tag is a prefix of the other, so no (purpose, id) pair signs like another.
    const fn tag(self) -> &'static [u8] {
        match self {
            TokenPurpose::Qr => b"hailong/qr/v1:",
            TokenPurpose::Receipt => b"hailong/receipt/v1:",
            TokenPurpose::Badge => b"hailong/badge/v1:",
        }
    }
}

/// Why a token was refused. Both mean "this link is not valid" to a citizen; they are told apart
/// for logs and rate limiting, where a burst of bad signatures suggests someone guessing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenError {
    /// Not a token at all: wrong length, not base64url, or a non-minimal id.
    Malformed,
    /// Well formed, but not signed with this secret for this purpose.
    BadSignature,
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TokenError::Malformed => "malformed token",
            TokenError::BadSignature => "token signature does not match",
        })
    }
}

impl std::error::Error for TokenError {}

/// The token for `id`: URL-safe, at most 24 characters.
pub fn sign(secret: &[u8], purpose: TokenPurpose, id: u64) -> String {
    let be_bytes = id.to_be_bytes();
    // Leading zero bytes dropped, but one kept for id 0.
    let leading_zero_bytes = (id.leading_zeros() / 8) as usize;
    let id_bytes = &be_bytes[leading_zero_bytes.min(MAX_ID_BYTES - 1)..];
    let mut token = id_bytes.to_vec();
    token.extend_from_slice(&mac(secret, purpose, id_bytes)[..TAG_BYTES]);
    URL_SAFE_NO_PAD.encode(token)
}

/// The id a token was signed for, if it was signed with `secret` for `purpose`. The tag is compared
/// in constant time, so response timing reveals nothing about how close a guess was.
pub fn verify(secret: &[u8], purpose: TokenPurpose, token: &str) -> Result<u64, TokenError> {
    if token.len() > MAX_TOKEN_CHARS {
        return Err(TokenError::Malformed);
    }
    let bytes = URL_SAFE_NO_PAD.decode(token).map_err(|_| TokenError::Malformed)?;
    let id_len = bytes
        .len()
        .checked_sub(TAG_BYTES)
        .filter(|len| (1..=MAX_ID_BYTES).contains(len))
        .ok_or(TokenError::Malformed)?;
    let (id_bytes, tag) = bytes.split_at(id_len);
    if id_bytes.len() > 1 && id_bytes.first() == Some(&0) {
        return Err(TokenError::Malformed);
    }
    keyed(secret, purpose, id_bytes).verify_truncated_left(tag).map_err(|_| TokenError::BadSignature)?;
    Ok(id_bytes.iter().fold(0u64, |id, &byte| (id << 8) | u64::from(byte)))
}

fn keyed(secret: &[u8], purpose: TokenPurpose, id_bytes: &[u8]) -> HmacSha256 {
    // HMAC accepts keys of any length (longer ones are hashed first), so this cannot fail; the
    // Result only exists because the generic Mac API also serves fixed-key MACs.
    let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC takes keys of any length");
    mac.update(purpose.tag());
    mac.update(id_bytes);
    mac
}

fn mac(secret: &[u8], purpose: TokenPurpose, id_bytes: &[u8]) -> [u8; 32] {
    keyed(secret, purpose, id_bytes).finalize().into_bytes().into()
}

/// What is stored of a secret that must be recognised but never read back — a tablet's credential, an API key, a
/// pairing code: its SHA-256, in hex.
pub fn stored_hash(secret: &str) -> String {
    use sha2::Digest;
    to_hex(&Sha256::digest(secret.as_bytes()))
}

/// Lowercase hex of bytes.
pub fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A response's id as the API shows it: the id under a keyed permutation of the numbers below 2^62 (a four-round
/// Feistel network, HMAC as its round function). Ids follow arrival, so their gaps tell when a rating that is not
/// listed yet arrived — a receipt rating held for its day's release (decision 013); shown ids keep no order and no
/// gaps, yet stay distinct, so a client can still tell responses apart.
pub fn shown_response_id(secret: &[u8], id: i64) -> i64 {
    const HALF: u32 = 31;
    const MASK: u64 = (1 << HALF) - 1;
    let (mut left, mut right) = ((id as u64 >> HALF) & MASK, id as u64 & MASK);
    for round in 0u8..4 {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC accepts keys of any length");
        mac.update(b"hailong/response-id/v1:");
        mac.update(&[round]);
        mac.update(&right.to_be_bytes());
        let bytes = mac.finalize().into_bytes();
        let f = u64::from_be_bytes(bytes[..8].try_into().expect("eight bytes")) & MASK;
        (left, right) = (right, left ^ f);
    }
    ((left << HALF) | right) as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SECRET: &[u8] = b"a test secret, at least 32 bytes long";

    #[test]
    fn round_trips_small_and_extreme_ids() {
        for id in [0, 1, 255, 256, 42_000, u64::from(u32::MAX) + 1, u64::MAX] {
            for purpose in [TokenPurpose::Qr, TokenPurpose::Receipt] {
                assert_eq!(verify(SECRET, purpose, &sign(SECRET, purpose, id)), Ok(id));
            }
        }
    }

    #[test]
    fn tokens_are_short_and_url_safe() {
        let longest = sign(SECRET, TokenPurpose::Qr, u64::MAX);
        assert_eq!(longest.len(), 24);
        assert_eq!(sign(SECRET, TokenPurpose::Qr, 1234).len(), 16);
        let url_safe = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
        assert!(longest.chars().all(url_safe));
    }

    #[test]
    fn a_flipped_character_fails() {
        let token = sign(SECRET, TokenPurpose::Qr, 77);
        for i in 0..token.len() {
            let mut chars: Vec<char> = token.chars().collect();
            chars[i] = if chars[i] == 'A' { 'B' } else { 'A' };
            let forged: String = chars.into_iter().collect();
            assert!(verify(SECRET, TokenPurpose::Qr, &forged).is_err(), "position {i}");
        }
    }

    #[test]
    fn another_secret_or_purpose_fails() {
        let token = sign(SECRET, TokenPurpose::Qr, 77);
        let other = verify(b"another secret", TokenPurpose::Qr, &token);
        assert_eq!(other, Err(TokenError::BadSignature));
        let receipt = verify(SECRET, TokenPurpose::Receipt, &token);
        assert_eq!(receipt, Err(TokenError::BadSignature));
    }

    #[test]
    fn garbage_is_malformed() {
        let overlong = "A".repeat(65);
        let padded = format!("{}=", sign(SECRET, TokenPurpose::Qr, 5));
        for bad in ["", "A", "AAAA", "not a token!", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "é€😀"] {
            assert_eq!(verify(SECRET, TokenPurpose::Qr, bad), Err(TokenError::Malformed), "{bad:?}");
        }
        assert_eq!(verify(SECRET, TokenPurpose::Qr, &overlong), Err(TokenError::Malformed));
        assert_eq!(verify(SECRET, TokenPurpose::Qr, &padded), Err(TokenError::Malformed));
        assert!(!TokenError::Malformed.to_string().is_empty());
    }

    #[test]
    fn a_non_minimal_id_encoding_is_malformed_even_if_correctly_signed() {
        let mut bytes = vec![0u8, 7];
        bytes.extend_from_slice(&mac(SECRET, TokenPurpose::Qr, &[0, 7])[..TAG_BYTES]);
        let padded_id = URL_SAFE_NO_PAD.encode(bytes);
        assert_eq!(verify(SECRET, TokenPurpose::Qr, &padded_id), Err(TokenError::Malformed));
    }

    #[test]
    fn an_empty_secret_still_signs_consistently() {
        assert_eq!(verify(b"", TokenPurpose::Qr, &sign(b"", TokenPurpose::Qr, 9)), Ok(9));
    }

    proptest! {
        #[test]
        fn verify_never_panics(token in ".{0,80}") {
            let _ = verify(SECRET, TokenPurpose::Qr, &token);
        }

        #[test]
        fn verify_never_panics_on_base64url(token in "[A-Za-z0-9_-]{0,30}") {
            let _ = verify(SECRET, TokenPurpose::Receipt, &token);
        }

        #[test]
        fn sign_then_verify_round_trips(id in any::<u64>()) {
            let token = sign(SECRET, TokenPurpose::Qr, id);
            prop_assert!(token.len() <= 24);
            prop_assert_eq!(verify(SECRET, TokenPurpose::Qr, &token), Ok(id));
        }
    }

    #[test]
    fn shown_response_ids_keep_no_order_and_no_gaps_yet_stay_distinct() {
        let secret = b"test secret";
        let shown: Vec<i64> = (1..=1_000).map(|id| shown_response_id(secret, id)).collect();
        let mut distinct = shown.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), 1_000, "a permutation: no two ids share a shown id");
        assert!(shown.iter().all(|id| *id >= 0), "non-negative, as ids are");
        let rising = shown.windows(2).filter(|w| w[0] < w[1]).count();
        assert!((350..650).contains(&rising), "consecutive ids are not shown in order ({rising} of 999 rise)");
        assert_ne!(shown_response_id(b"another", 7), shown_response_id(secret, 7), "keyed by the secret");
    }
}
