//! The national procedure catalogue's codes (mã thủ tục), as provinces write them.

/// Whether `wanted` names the procedure coded `code`: a province's code (`2.000815.000.00.00.H55`) names the national
/// one (`2.000815`) and the other way round.
pub fn same_procedure(code: &str, wanted: &str) -> bool {
    let extends = |long: &str, short: &str| long.strip_prefix(short).is_some_and(|rest| rest.starts_with('.'));
    code == wanted || extends(code, wanted) || extends(wanted, code)
}

/// Lower case without Vietnamese diacritics, so a search for "khai sinh" or "dang ky" finds "Đăng ký khai sinh"
/// (the procedure search on the citizen's form, in the browser).
pub fn fold(text: &str) -> String {
    text.chars().flat_map(char::to_lowercase).map(strip_diacritic).collect()
}

fn strip_diacritic(c: char) -> char {
    const GROUPS: [(char, &str); 7] = [
        ('a', "àáảãạăằắẳẵặâầấẩẫậ"),
        ('e', "èéẻẽẹêềếểễệ"),
        ('i', "ìíỉĩị"),
        ('o', "òóỏõọôồốổỗộơờớởỡợ"),
        ('u', "ùúủũụưừứửữự"),
        ('y', "ỳýỷỹỵ"),
        ('d', "đ"),
    ];
    GROUPS.iter().find(|(_, accented)| accented.contains(c)).map_or(c, |(base, _)| *base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_provinces_suffix_names_the_national_code() {
        assert!(same_procedure("2.000815", "2.000815.000.00.00.H55"));
        assert!(same_procedure("2.000815.000.00.00.H55", "2.000815"));
        assert!(same_procedure("1.001193", "1.001193"));
        assert!(!same_procedure("2.000815", "2.0008150"));
        assert!(!same_procedure("2.000815", "1.001193"));
    }

    #[test]
    fn folding_removes_vietnamese_marks_and_case() {
        assert_eq!(fold("Đăng ký khai sinh"), "dang ky khai sinh");
        assert_eq!(fold("Chứng thực chữ ký"), "chung thuc chu ky");
    }
}
