//! Password hashing with argon2 (default parameters: Argon2id, 19 MiB, 2 passes) on the CPU pool, and the rules a
//! new password must meet.

use std::sync::OnceLock;

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

use super::cpu;

pub const MIN_LENGTH: usize = 10;

#[derive(Debug, thiserror::Error)]
#[error("password hashing failed")]
pub struct HashFailed;

/// The argon2 hash of `password`, computed off the async workers.
pub async fn hash(password: &str) -> Result<String, HashFailed> {
    let password = password.to_owned();
    cpu::run(move || hash_now(&password)).await.map_err(|_| HashFailed)?.map_err(|_| HashFailed)
}

fn hash_now(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default().hash_password(password.as_bytes(), &salt)?.to_string())
}

/// Checks `password` against `stored`, or against a throwaway hash when there is no account, so that
/// an unknown user name costs the same time as a wrong password (no user enumeration by timing).
pub async fn verify(stored: Option<&str>, password: &str) -> bool {
    let (stored, password) = (stored.map(str::to_owned), password.to_owned());
    cpu::run(move || verify_now(stored.as_deref(), &password)).await.unwrap_or(false)
}

fn verify_now(stored: Option<&str>, password: &str) -> bool {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash_now("not a real password").unwrap_or_default());
    let Ok(parsed) = PasswordHash::new(stored.unwrap_or(dummy)) else { return false };
    let matches = Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok();
    matches && stored.is_some()
}

/// Why a new password is refused, if it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weakness {
    TooShort,
    Mismatch,
}

pub fn check_new(password: &str, confirmation: &str) -> Result<(), Weakness> {
    if password.chars().count() < MIN_LENGTH {
        Err(Weakness::TooShort)
    } else if password != confirmation {
        Err(Weakness::Mismatch)
    } else {
        Ok(())
    }
}

/// A temporary password for a new account or a reset: 12 letters and digits without look-alikes
/// (no 0/O, 1/l/I), to be read off a screen and typed once, then replaced.
pub fn temporary() -> String {
    use rand::seq::SliceRandom;
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::thread_rng();
    (0..12).filter_map(|_| ALPHABET.choose(&mut rng).map(|b| char::from(*b))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let stored = hash("một mật khẩu dài").await.unwrap();
        assert!(verify(Some(&stored), "một mật khẩu dài").await);
        assert!(!verify(Some(&stored), "một mật khẩu khác").await);
    }

    #[tokio::test]
    async fn no_account_never_verifies_even_with_the_dummy_password() {
        assert!(!verify(None, "not a real password").await);
    }

    #[test]
    fn temporary_passwords_are_long_enough_and_unambiguous() {
        let p = temporary();
        assert!(p.chars().count() >= MIN_LENGTH);
        assert!(!p.contains(['0', 'O', '1', 'l', 'I']));
        assert_ne!(p, temporary());
    }

    #[test]
    fn new_passwords_need_ten_characters_and_the_same_twice() {
        assert_eq!(check_new("ngắn", "ngắn"), Err(Weakness::TooShort));
        assert_eq!(check_new("đủ dài rồi đấy", "đủ dài rồi đây"), Err(Weakness::Mismatch));
        assert_eq!(check_new("đủ dài rồi đấy", "đủ dài rồi đấy"), Ok(()));
    }
}
