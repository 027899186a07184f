//! The 4-level rating scale (mức đánh giá) of the digital forms: 4 Rất tốt · 3 Tốt ·
//! 2 Bình thường · 1 Chưa tốt.
//!
//! The numeric scores are the ones the plans hailong follows and the mean-score report use, so they are fixed by
//! the enum's discriminants; the stable text keys double as CSS classes and test ids.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// One answer on the 4-level scale (mức đánh giá).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Level {
    /// Chưa tốt.
    Poor = 1,
    /// Bình thường.
    Fair = 2,
    /// Tốt.
    Good = 3,
    /// Rất tốt.
    VeryGood = 4,
}

impl Level {
    /// The order in which the faces are shown to citizens: best first, as on the plans' forms.
    pub const DISPLAY_ORDER: [Level; 4] = [Level::VeryGood, Level::Good, Level::Fair, Level::Poor];

    /// The score 1–4 used for the mean score and stored in the database.
    pub const fn score(self) -> u8 {
        self as u8
    }

    /// The level for a stored score; `None` outside 1–4.
    pub const fn from_score(score: i64) -> Option<Level> {
        match score {
            1 => Some(Level::Poor),
            2 => Some(Level::Fair),
            3 => Some(Level::Good),
            4 => Some(Level::VeryGood),
            _ => None,
        }
    }

    /// Parses a form value: the score as text, `"1"` to `"4"`, surrounding whitespace ignored.
    pub fn parse(value: &str) -> Result<Level, LevelError> {
        match value.trim() {
            "1" => Ok(Level::Poor),
            "2" => Ok(Level::Fair),
            "3" => Ok(Level::Good),
            "4" => Ok(Level::VeryGood),
            _ => Err(LevelError),
        }
    }

    /// Satisfied (hài lòng) means Rất tốt or Tốt: the numerator of every satisfaction index.
    pub const fn is_satisfied(self) -> bool {
        matches!(self, Level::Good | Level::VeryGood)
    }

    /// Bình thường and Chưa tốt open the reason chips and the comment box.
    pub const fn asks_reason(self) -> bool {
        !self.is_satisfied()
    }

    /// A stable ASCII key, used as CSS class and test id.
    pub const fn key(self) -> &'static str {
        match self {
            Level::VeryGood => "rat-tot",
            Level::Good => "tot",
            Level::Fair => "binh-thuong",
            Level::Poor => "chua-tot",
        }
    }
}

impl FromStr for Level {
    type Err = LevelError;

    fn from_str(value: &str) -> Result<Level, LevelError> {
        Level::parse(value)
    }
}

/// A form value that is not one of the four levels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LevelError;

impl fmt::Display for LevelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a rating must be 1, 2, 3 or 4")
    }
}

impl std::error::Error for LevelError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_run_from_poor_1_to_very_good_4() {
        let scores: Vec<u8> = Level::DISPLAY_ORDER.iter().map(|l| l.score()).collect();
        assert_eq!(scores, [4, 3, 2, 1]);
    }

    #[test]
    fn from_score_inverts_score_and_rejects_the_rest() {
        for level in Level::DISPLAY_ORDER {
            assert_eq!(Level::from_score(i64::from(level.score())), Some(level));
        }
        for score in [i64::MIN, -1, 0, 5, i64::MAX] {
            assert_eq!(Level::from_score(score), None);
        }
    }

    #[test]
    fn parse_accepts_1_to_4_with_whitespace() {
        assert_eq!(Level::parse("1"), Ok(Level::Poor));
        assert_eq!(Level::parse(" 4\n"), Ok(Level::VeryGood));
        assert_eq!("3".parse::<Level>(), Ok(Level::Good));
    }

    #[test]
    fn parse_rejects_anything_else() {
        for bad in ["", " ", "0", "5", "01", "+2", "2.0", "tot", "١", "４"] {
            assert_eq!(Level::parse(bad), Err(LevelError), "{bad:?}");
        }
        assert!(!LevelError.to_string().is_empty());
    }

    #[test]
    fn good_and_very_good_are_satisfied_the_others_ask_a_reason() {
        for level in Level::DISPLAY_ORDER {
            assert_eq!(level.is_satisfied(), level.score() >= 3);
            assert_eq!(level.asks_reason(), !level.is_satisfied());
        }
    }

    #[test]
    fn keys_are_distinct_ascii() {
        let keys: Vec<&str> = Level::DISPLAY_ORDER.iter().map(|l| l.key()).collect();
        assert_eq!(keys, ["rat-tot", "tot", "binh-thuong", "chua-tot"]);
        assert!(keys.iter().all(|k| k.is_ascii()));
    }

    #[test]
    fn display_order_is_best_first() {
        let mut sorted = Level::DISPLAY_ORDER;
        sorted.sort_unstable_by(|a, b| b.cmp(a));
        assert_eq!(sorted, Level::DISPLAY_ORDER);
    }
}
