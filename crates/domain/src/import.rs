//! Bounded imports. A file a person uploads (a campaign's customer list, a batch of paper forms, transaction counts)
//! has a cap on its lines, and its refusal names only the first problems and counts the rest: a bad file of any
//! length answers with a short page (120 KB of bad lines had made a 2.5 MB one).

use super::report::grouped;

/// Most lines one batch of transaction counts (a file, or a call of the API) or of paper forms may carry: a
/// province's month, unit by procedure, fits many times over.
pub const MAX_LINES: usize = 5_000;

/// Problems a refusal names; the rest are counted.
pub const NAMED_PROBLEMS: usize = 20;

/// The first `cap` lines, or `None` when there are more: such a file is refused whole, and read no further.
pub fn capped<I: Iterator>(lines: I, cap: usize) -> Option<Vec<I::Item>> {
    let lines: Vec<I::Item> = lines.take(cap + 1).collect();
    (lines.len() <= cap).then_some(lines)
}

/// `template` with its `{n}` written as Vietnamese readers write numbers (`5.000`).
pub fn with_grouped(template: &str, n: usize) -> String {
    template.replace("{n}", &grouped(n as u64))
}

/// The problems of an import: the first [`NAMED_PROBLEMS`] kept, the others only counted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportProblems<T> {
    named: Vec<T>,
    more: usize,
}

impl<T> Default for ImportProblems<T> {
    fn default() -> Self {
        ImportProblems { named: Vec::new(), more: 0 }
    }
}

impl<T> ImportProblems<T> {
    /// A refusal of the whole file for one reason.
    pub fn one(problem: T) -> Self {
        let mut problems = ImportProblems::default();
        problems.push(problem);
        problems
    }

    pub fn push(&mut self, problem: T) {
        if self.named.len() < NAMED_PROBLEMS {
            self.named.push(problem);
        } else {
            self.more += 1;
        }
    }

    pub fn is_empty(&self) -> bool {
        self.named.is_empty()
    }

    pub fn named(&self) -> &[T] {
        &self.named
    }

    /// Problems found beyond the named ones.
    pub fn more(&self) -> usize {
        self.more
    }

    /// Every problem found, named or counted.
    pub fn count(&self) -> usize {
        self.named.len() + self.more
    }

    /// Every named problem as text, then `more` (a template with `{n}`) filled with the count of the others, if any.
    pub fn lines(&self, text: impl Fn(&T) -> String, more: &str) -> Vec<String> {
        let counted = (self.more > 0).then(|| with_grouped(more, self.more));
        self.named.iter().map(text).chain(counted).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_problems_are_named_and_the_rest_counted() {
        let mut problems = ImportProblems::default();
        assert!(problems.is_empty());
        for line in 2..30_002 {
            problems.push(line);
        }
        assert_eq!(problems.named(), (2..2 + NAMED_PROBLEMS).collect::<Vec<_>>());
        assert_eq!((problems.more(), problems.count()), (30_000 - NAMED_PROBLEMS, 30_000));
        let lines = problems.lines(|l| format!("Dòng {l}"), "… và {n} dòng lỗi khác");
        assert_eq!(lines.len(), NAMED_PROBLEMS + 1);
        assert_eq!((lines[0].as_str(), lines[NAMED_PROBLEMS].as_str()), ("Dòng 2", "… và 29.980 dòng lỗi khác"));
    }

    #[test]
    fn a_file_over_the_cap_is_not_read_past_it() {
        assert_eq!(capped(1..=5, 5), Some(vec![1, 2, 3, 4, 5]));
        let mut lines = 1..=100;
        assert_eq!(capped(lines.by_ref(), 5), None);
        assert_eq!(lines.next(), Some(7), "one line past the cap is enough to refuse");
        assert_eq!(with_grouped("tối đa {n} dòng", MAX_LINES), "tối đa 5.000 dòng");
    }

    #[test]
    fn a_few_problems_are_all_named_with_nothing_counted() {
        let problems = ImportProblems::one("Thiếu cột unit");
        assert_eq!(problems.lines(|p| p.to_string(), "… và {n} dòng lỗi khác"), ["Thiếu cột unit"]);
    }
}
