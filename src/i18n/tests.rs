//! The checks that keep the tables the one way text is written: every field of every table says something, and no
//! Rust source outside the tables writes Vietnamese of its own.

use std::path::{Path, PathBuf};

use super::Locale;
use crate::domain::survey::PaperScale;

/// Every string in `value` (a table serialised), with the path of the field that holds it.
fn strings(value: &serde_json::Value, path: String, out: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::String(s) => out.push((path, s.clone())),
        serde_json::Value::Array(items) => {
            items.iter().enumerate().for_each(|(i, v)| strings(v, format!("{path}[{i}]"), out));
        }
        serde_json::Value::Object(fields) => fields.iter().for_each(|(k, v)| strings(v, format!("{path}.{k}"), out)),
        _ => {}
    }
}

/// The fields of a table that are blank (or only spaces).
fn blank_fields(name: &str, table: &impl serde::Serialize) -> Vec<String> {
    let mut found = vec![];
    strings(&serde_json::to_value(table).expect("a table serialises"), name.to_owned(), &mut found);
    assert!(!found.is_empty(), "{name}: no text found; is the table serialised?");
    found.into_iter().filter(|(_, text)| text.trim().is_empty()).map(|(path, _)| path).collect()
}

#[test]
fn every_field_of_every_table_says_something_in_each_language() {
    let mut blank = vec![];
    for locale in [Locale::Vi, Locale::En] {
        blank.extend(blank_fields(&format!("Texts({})", locale.code()), locale.texts()));
    }
    blank.extend(blank_fields("reports::SHEET", &super::reports::SHEET));
    blank.extend(blank_fields("surveys::VI", &super::surveys::VI));
    blank.extend(blank_fields("survey_checks::VI", &super::survey_checks::VI));
    blank.extend(blank_fields("surveyor::VI", &super::surveyor::VI));
    assert!(blank.is_empty(), "blank texts: {blank:#?}");
}

/// Vietnamese that is data, not text of ours, as (file, words): a literal passes once these words are taken out.
const DATA: &[(&str, &str)] = &[
    // Stored identifiers of a surveyor's forms (their serial, their batch): renaming them would split a campaign's
    // forms in two.
    ("src/services/survey_forms.rs", "ĐT-"),
    ("src/services/survey_forms.rs", "ĐTV"),
    // The API's description is English for developers; it names the Vietnamese terms it translates.
    ("src/features/api/openapi.rs", "Bộ phận Một cửa"),
    ("src/features/receipts/register.rs", "mã hồ sơ"),
    ("src/features/receipts/register.rs", "Thông tư"),
];

/// What is scanned: the web application and the two crates below it that could show a person text (the store's
/// messages, the islands' components). The domain is not: its Vietnamese names (levels, factors, unit kinds) are the
/// domain's data, and a test keeps the tables' copies of them equal.
const SCANNED: [&str; 3] = ["src", "crates/store/src", "crates/islands/src"];

/// Folders whose literals are not ours to check here: the tables themselves, the demo's made-up province (data).
const NOT_SCANNED: [&str; 2] = ["src/i18n", "src/demo"];

#[test]
fn no_rust_source_outside_the_tables_writes_vietnamese() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = vec![];
    for file in SCANNED.iter().flat_map(|folder| rust_files(&root.join(folder))) {
        let relative = file.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
        if NOT_SCANNED.iter().any(|folder| relative.starts_with(&format!("{folder}/"))) {
            continue;
        }
        let source = std::fs::read_to_string(&file).unwrap();
        for (line, literal) in literals(&source) {
            let ours = DATA.iter().filter(|(f, _)| *f == relative).fold(literal.clone(), |l, (_, w)| l.replace(w, ""));
            if ours.chars().any(is_vietnamese) {
                found.push(format!("{relative}:{line}: {literal:?}"));
            }
        }
    }
    assert!(found.is_empty(), "Vietnamese written outside src/i18n (put it in a table):\n{}", found.join("\n"));
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = vec![];
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// A letter only Vietnamese uses among the languages we write: ă â đ ê ô ơ ư, or a vowel with a tone mark.
fn is_vietnamese(c: char) -> bool {
    const LETTERS: &str = "ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ";
    c.to_lowercase().any(|c| LETTERS.contains(c))
}

/// The string and character literals of a Rust source with their line, outside comments and outside the
/// `#[cfg(test)]` module (test inputs are data).
fn literals(source: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = source.chars().collect();
    let (mut out, mut i, mut line) = (vec![], 0, 1);
    // The brace depth, and the depth at which a `#[cfg(test)]` item began (its literals are skipped).
    let (mut depth, mut test_item): (usize, Option<usize>) = (0, None);
    let at = |i: usize, s: &str| chars[i..].iter().take(s.chars().count()).copied().eq(s.chars());
    while i < chars.len() {
        let c = chars[i];
        if at(i, "//") {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if at(i, "/*") {
            i = skip_block_comment(&chars, i, &mut line);
        } else if at(i, "#[cfg(test)]") {
            test_item = test_item.or(Some(depth));
            i += "#[cfg(test)]".len();
        } else if string_starts(&chars, i) {
            let (start, (text, next)) = (line, read_string(&chars, i, &mut line));
            if test_item.is_none() {
                out.push((start, text));
            }
            i = next;
        } else if c == '\'' && (chars.get(i + 1) == Some(&'\\') || chars.get(i + 2) == Some(&'\'')) {
            // A character literal (a lifetime has no closing quote): an escape is at least two characters.
            let from = if chars[i + 1] == '\\' { i + 3 } else { i + 2 };
            let end = (from..chars.len()).find(|&j| chars[j] == '\'').unwrap_or(chars.len());
            if test_item.is_none() {
                out.push((line, chars[i + 1..end].iter().collect()));
            }
            i = end + 1;
        } else {
            match c {
                '\n' => line += 1,
                '{' => depth += 1,
                '}' => {
                    depth = depth.saturating_sub(1);
                    if test_item == Some(depth) {
                        test_item = None;
                    }
                }
                _ => {}
            }
            i += 1;
        }
    }
    out
}

/// Whether a string literal opens at `i`: `"`, or `r`, `b`, `br` then `#`s and `"`, not inside an identifier.
fn string_starts(chars: &[char], i: usize) -> bool {
    if i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_') {
        return false;
    }
    let prefix = chars[i..].iter().take_while(|&&c| c == 'b' || c == 'r').count();
    let hashes = chars[i + prefix..].iter().take_while(|&&c| c == '#').count();
    let raw = chars[i..i + prefix].contains(&'r');
    prefix <= 2 && (hashes == 0 || raw) && chars.get(i + prefix + hashes) == Some(&'"')
}

fn skip_block_comment(chars: &[char], mut i: usize, line: &mut usize) -> usize {
    let mut nesting = 0;
    while i + 1 < chars.len() {
        match (chars[i], chars[i + 1]) {
            ('/', '*') => (nesting, i) = (nesting + 1, i + 2),
            ('*', '/') => {
                (nesting, i) = (nesting - 1, i + 2);
                if nesting == 0 {
                    return i;
                }
            }
            (c, _) => {
                *line += usize::from(c == '\n');
                i += 1;
            }
        }
    }
    chars.len()
}

/// A string literal from its opening (`"`, `r"`, `r#"`, `b"`, `br"`): its text and where the source goes on.
fn read_string(chars: &[char], mut i: usize, line: &mut usize) -> (String, usize) {
    while chars[i] == 'b' || chars[i] == 'r' {
        i += 1;
    }
    let raw = chars[..i].ends_with(&['r']);
    let hashes = chars[i..].iter().take_while(|&&c| c == '#').count();
    i += hashes + 1;
    let mut text = String::new();
    while i < chars.len() {
        let c = chars[i];
        if c == '"' && chars[i + 1..].iter().take(hashes).filter(|&&h| h == '#').count() == hashes {
            return (text, i + 1 + hashes);
        }
        if c == '\\' && !raw {
            text.push(c);
            text.push(chars[i + 1]);
            i += 2;
            continue;
        }
        *line += usize::from(c == '\n');
        text.push(c);
        i += 1;
    }
    (text, i)
}

#[test]
fn the_tables_name_the_domains_things_as_it_did() {
    // The names moved here from the domain's own `name_vi`; the two stay the same until the domain's go.
    let t = Locale::Vi.texts();
    for factor in crate::domain::questionnaire::Factor::ALL {
        assert_eq!(t.factor(factor), factor.name_vi());
        assert_eq!(Locale::En.texts().factor(factor), factor.name_en());
    }
    for period in crate::domain::report::ReportPeriod::recent(20_000) {
        assert_eq!(t.period(period), period.heading_vi());
    }
    for period in crate::domain::report::ReportPeriod::recent(20_000) {
        assert_eq!(t.period_in_sentence(period), period.title_vi());
    }
    for (i, (_, name)) in crate::domain::unit_tree::KINDS.iter().enumerate() {
        assert_eq!(t.unit_kinds[i], *name);
    }
    for scale in [PaperScale::TwoLevel, PaperScale::FourLevel] {
        for (digit, label) in scale.answers() {
            assert_eq!(t.paper_answer(scale, digit), *label);
        }
    }
    for role in crate::domain::access::Role::ALL {
        assert_eq!(t.role(role), role.name_vi());
    }
    for scope in crate::domain::access::ApiScope::ALL {
        assert_eq!(t.scope(scope), scope.name_vi());
    }
}
