//! The national procedure catalogue's codes (mã thủ tục), as provinces write them.

/// Whether `wanted` names the procedure coded `code`: a province's code (`2.000815.000.00.00.H55`) names the national
/// one (`2.000815`) and the other way round.
pub fn same_procedure(code: &str, wanted: &str) -> bool {
    let extends = |long: &str, short: &str| long.strip_prefix(short).is_some_and(|rest| rest.starts_with('.'));
    code == wanted || extends(code, wanted) || extends(wanted, code)
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
}
