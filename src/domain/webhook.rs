//! Outgoing webhooks: what a delivery is signed with, how long to wait before trying again, and which addresses a
//! manager may give. A receiver checks `X-Hailong-Signature` = `sha256=` + hex HMAC-SHA256 of
//! `"{X-Hailong-Timestamp}.{body}"` with the webhook's secret, and may refuse old timestamps (replays).

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Attempts before a delivery is given up.
pub const MAX_ATTEMPTS: u32 = 8;
const FIRST_RETRY_MS: i64 = 30_000;
const LONGEST_RETRY_MS: i64 = 6 * 3_600_000;
/// Longest address accepted.
pub const URL_MAX_CHARS: usize = 500;

/// The signature header's value for a body sent at `timestamp` (seconds since the epoch).
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    let digest = mac.finalize().into_bytes();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256={hex}")
}

/// How long to wait after the `attempt`-th failed attempt (1-based): 30 s, 2 min, 8 min, 32 min, ~2 h, then 6 h;
/// `None` once [`MAX_ATTEMPTS`] have failed (the delivery is given up, and says so in the log).
pub fn retry_delay_ms(attempt: u32) -> Option<i64> {
    if attempt >= MAX_ATTEMPTS {
        return None;
    }
    let growth = 4_i64.saturating_pow(attempt.saturating_sub(1));
    Some(FIRST_RETRY_MS.saturating_mul(growth).min(LONGEST_RETRY_MS))
}

/// Why an address is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UrlProblem {
    /// Not `http://` or `https://`, no host, or not an address at all.
    NotHttp,
    /// `user:password@` in the address: it would be shown and logged; the signature is the authentication.
    Credentials,
    TooLong,
}

/// Checks an address a manager typed: http(s), a host, no credentials, not too long.
pub fn check_url(raw: &str) -> Result<String, UrlProblem> {
    let raw = raw.trim();
    if raw.chars().count() > URL_MAX_CHARS {
        return Err(UrlProblem::TooLong);
    }
    let rest = raw.strip_prefix("https://").or_else(|| raw.strip_prefix("http://")).ok_or(UrlProblem::NotHttp)?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Err(UrlProblem::Credentials);
    }
    let host = authority.rsplit_once(':').map_or(authority, |(host, _)| host);
    if host.is_empty() || raw.chars().any(char::is_whitespace) {
        return Err(UrlProblem::NotHttp);
    }
    Ok(raw.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_the_hmac_of_timestamp_dot_body() {
        let got = signature("key", 1, "{}");
        assert!(got.starts_with("sha256=") && got.len() == 7 + 64);
        assert_eq!(got, signature("key", 1, "{}"), "the same input signs the same");
        assert_ne!(got, signature("key", 2, "{}"), "the timestamp is signed");
        assert_ne!(got, signature("other", 1, "{}"), "the secret matters");
        // Computed apart: `printf '1700000000.hello' | openssl dgst -sha256 -hmac secret`.
        assert_eq!(
            signature("secret", 1_700_000_000, "hello"),
            "sha256=47b1df0ab12338b2685470b0d2b37033add7c3b2bc8172f313e77413f1bb78c8"
        );
    }

    #[test]
    fn retries_wait_longer_each_time_then_stop() {
        let delays: Vec<_> = (1..=MAX_ATTEMPTS).map(retry_delay_ms).collect();
        assert_eq!(delays[0], Some(30_000));
        assert_eq!(delays[1], Some(120_000));
        assert_eq!(delays[2], Some(480_000));
        assert_eq!(delays[6], Some(LONGEST_RETRY_MS), "capped at six hours");
        assert_eq!(delays[7], None, "given up after the eighth");
    }

    #[test]
    fn only_plain_http_addresses_are_taken() {
        assert_eq!(
            check_url(" https://motcua.khanhhoa.gov.vn/hook "),
            Ok("https://motcua.khanhhoa.gov.vn/hook".into())
        );
        assert_eq!(check_url("http://10.0.0.5:8080/hailong"), Ok("http://10.0.0.5:8080/hailong".into()));
        assert_eq!(check_url("ftp://x"), Err(UrlProblem::NotHttp));
        assert_eq!(check_url("https://"), Err(UrlProblem::NotHttp));
        assert_eq!(check_url("https://a b"), Err(UrlProblem::NotHttp));
        assert_eq!(check_url("javascript:alert(1)"), Err(UrlProblem::NotHttp));
        assert_eq!(check_url("https://u:p@host/x"), Err(UrlProblem::Credentials));
        assert_eq!(check_url(&format!("https://h/{}", "a".repeat(600))), Err(UrlProblem::TooLong));
    }
}
