//! Tests of the submission parser: one per error variant, the happy path, and properties over
//! arbitrary input (a fuzzed form must never panic the server: docs/design.md, *Quality bars*).

use super::*;
use proptest::prelude::*;

const ID: &str = "0F8FAD5B-D9CB-469F-A165-70867728950E";
const OFFERED: &[ProcedureId] = &[ProcedureId::new(7), ProcedureId::new(42)];

fn questionnaire() -> Questionnaire {
    Questionnaire::short()
}

/// A valid form to break one field at a time.
fn raw() -> RawSubmission {
    RawSubmission {
        submission_id: ID.to_owned(),
        overall: Some("2".to_owned()),
        answers: vec![
            ("tiep-can".to_owned(), "4".to_owned()),
            ("cong-chuc".to_owned(), "1".to_owned()),
            ("gop-y".to_owned(), String::new()),
        ],
        procedure: Some(" 42 ".to_owned()),
        reasons: vec!["thai-do".to_owned(), "cho-lau".to_owned(), "thai-do".to_owned()],
        comment: "  Chờ hơi lâu,\r\nnhưng cán bộ nhiệt tình.  ".to_owned(),
        phone: "+84 912.345-678".to_owned(),
        consent: true,
    }
}

fn errors_of(raw: &RawSubmission) -> Vec<SubmissionError> {
    parse_submission(raw, &questionnaire(), OFFERED).err().unwrap_or_default()
}

#[test]
fn a_full_form_parses_into_typed_fields() {
    let parsed = parse_submission(&raw(), &questionnaire(), OFFERED);
    let expected = Submission {
        id: SubmissionId("0f8fad5b-d9cb-469f-a165-70867728950e".to_owned()),
        overall: Level::Fair,
        answers: vec![("tiep-can".to_owned(), Level::VeryGood), ("cong-chuc".to_owned(), Level::Poor)],
        procedure_id: Some(ProcedureId::new(42)),
        reasons: vec!["thai-do".to_owned(), "cho-lau".to_owned()],
        comment: Some(Comment("Chờ hơi lâu,\nnhưng cán bộ nhiệt tình.".to_owned())),
        contact: Some(PhoneNumber("0912345678".to_owned())),
    };
    assert_eq!(parsed, Ok(expected));
}

#[test]
fn only_the_overall_rating_is_required() {
    let minimal = RawSubmission {
        submission_id: ID.to_owned(),
        overall: Some("4".to_owned()),
        consent: true,
        ..RawSubmission::default()
    };
    let parsed = parse_submission(&minimal, &questionnaire(), &[]);
    assert!(parsed.is_ok_and(|s| s.answers.is_empty() && s.contact.is_none()));
}

#[test]
fn bad_submission_ids() {
    let good = ["00000000-0000-0000-0000-000000000000", ID];
    for id in good {
        assert!(SubmissionId::parse(id).is_ok(), "{id}");
    }
    let no_hyphens = ID.replace('-', "");
    let braced = format!("{{{ID}}}");
    let spaced = format!(" {ID}");
    let bad = ["", "abc", "0F8FAD5B-D9CB-469F-A165-70867728950G", "0F8FAD5BD-9CB-469F-A165-70867728950E"];
    for id in bad.iter().copied().chain([no_hyphens.as_str(), &braced, &spaced]) {
        assert_eq!(SubmissionId::parse(id), Err(SubmissionError::BadSubmissionId), "{id}");
    }
    let form = RawSubmission { submission_id: "1".to_owned(), ..raw() };
    assert_eq!(errors_of(&form), [SubmissionError::BadSubmissionId]);
}

#[test]
fn missing_overall() {
    for overall in [None, Some(" ".to_owned())] {
        let form = RawSubmission { overall, ..raw() };
        assert_eq!(errors_of(&form), [SubmissionError::MissingOverall]);
    }
}

#[test]
fn bad_levels_name_their_field() {
    let form = RawSubmission {
        overall: Some("5".to_owned()),
        answers: vec![("thu-tuc".to_owned(), "tốt".to_owned())],
        ..raw()
    };
    let field = |f: &str| SubmissionError::BadLevel { field: f.to_owned() };
    assert_eq!(errors_of(&form), [field(OVERALL_FIELD), field("thu-tuc")]);
}

#[test]
fn unknown_question_even_when_unanswered() {
    let form = RawSubmission {
        answers: vec![("tiep-can.1".to_owned(), "3".to_owned()), ("x".to_owned(), String::new())],
        ..raw()
    };
    let unknown = |k: &str| SubmissionError::UnknownQuestion(k.to_owned());
    assert_eq!(errors_of(&form), [unknown("tiep-can.1"), unknown("x")]);
}

#[test]
fn a_repeated_question_keeps_its_first_answer() {
    let answers = vec![("ket-qua".to_owned(), "1".to_owned()), ("ket-qua".to_owned(), "4".to_owned())];
    let form = RawSubmission { answers, ..raw() };
    let parsed = parse_submission(&form, &questionnaire(), OFFERED);
    assert_eq!(parsed.map(|s| s.answers), Ok(vec![("ket-qua".to_owned(), Level::Poor)]));
}

#[test]
fn unknown_procedure() {
    for procedure in ["9", "abc", "42.0", "99999999999999999999"] {
        let form = RawSubmission { procedure: Some(procedure.to_owned()), ..raw() };
        assert_eq!(errors_of(&form), [SubmissionError::UnknownProcedure], "{procedure}");
    }
    for none in [None, Some(String::new())] {
        let form = RawSubmission { procedure: none, ..raw() };
        let parsed = parse_submission(&form, &questionnaire(), OFFERED);
        assert_eq!(parsed.map(|s| s.procedure_id), Ok(None));
    }
}

#[test]
fn unknown_reason() {
    let form = RawSubmission { reasons: vec!["phi".to_owned(), "khac".to_owned()], ..raw() };
    assert_eq!(errors_of(&form), [SubmissionError::UnknownReason("khac".to_owned())]);
}

#[test]
fn comment_too_long_counts_characters_not_bytes() {
    let at_limit = "ư".repeat(Comment::MAX_CHARS);
    assert!(Comment::parse(&at_limit).is_ok_and(|c| c.is_some()));
    let form = RawSubmission { comment: format!("{at_limit}ơ"), ..raw() };
    assert_eq!(errors_of(&form), [SubmissionError::CommentTooLong { chars: 1001 }]);
}

#[test]
fn comments_lose_control_characters_and_blank_ones_vanish() {
    let cleaned = Comment::parse("a\u{0}b\u{1b}[31m\tc\u{202E}d\n");
    assert_eq!(cleaned, Ok(Some(Comment("ab[31m\tcd".to_owned()))));
    assert_eq!(Comment::parse(" \r\n\u{7} "), Ok(None));
}

#[test]
fn phone_numbers_normalise_to_the_national_form() {
    for phone in ["0912345678", "091 234 5678", "0912.345.678", "+84912345678", "84-912-345-678"] {
        let parsed = PhoneNumber::parse(phone);
        assert_eq!(parsed.as_ref().map(PhoneNumber::as_str), Ok("0912345678"), "{phone}");
    }
}

#[test]
fn bad_phone() {
    for phone in ["091234567", "09123456789", "0012345678", "+840912345678", "0912a45678", "０912345678"] {
        assert_eq!(PhoneNumber::parse(phone), Err(SubmissionError::BadPhone), "{phone}");
    }
    let form = RawSubmission { phone: "12345".to_owned(), ..raw() };
    assert_eq!(errors_of(&form), [SubmissionError::BadPhone]);
}

#[test]
fn phone_without_consent_is_refused_and_consent_without_phone_ignored() {
    let form = RawSubmission { consent: false, ..raw() };
    assert_eq!(errors_of(&form), [SubmissionError::PhoneWithoutConsent]);
    let no_phone = RawSubmission { phone: " ".to_owned(), consent: true, ..raw() };
    let parsed = parse_submission(&no_phone, &questionnaire(), OFFERED);
    assert_eq!(parsed.map(|s| s.contact), Ok(None));
}

#[test]
fn every_error_is_reported_at_once() {
    let form = RawSubmission {
        submission_id: "x".to_owned(),
        overall: None,
        answers: vec![("nope".to_owned(), "1".to_owned()), ("ket-qua".to_owned(), "0".to_owned())],
        procedure: Some("1".to_owned()),
        reasons: vec!["nope".to_owned()],
        comment: "x".repeat(2000),
        phone: "1".to_owned(),
        consent: false,
    };
    let errors = errors_of(&form);
    assert_eq!(errors.len(), 9, "{errors:?}");
    assert!(errors.iter().all(|e| !e.to_string().is_empty()));
}

fn any_raw() -> impl Strategy<Value = RawSubmission> {
    let key = prop_oneof![
        prop::sample::select(vec!["tiep-can", "thu-tuc", "gop-y", ""]).prop_map(str::to_owned),
        any::<String>(),
    ];
    let level = prop_oneof!["[0-5 ]{0,2}", any::<String>()];
    (
        prop_oneof![Just(ID.to_owned()), any::<String>()],
        prop::option::of(level.clone()),
        prop::collection::vec((key.clone(), level), 0..6),
        prop::option::of(prop_oneof!["-?[0-9]{1,20}", any::<String>()]),
        prop::collection::vec(key, 0..4),
        any::<String>(),
        prop_oneof!["[+0-9 .-]{0,16}", any::<String>()],
        any::<bool>(),
    )
        .prop_map(|(submission_id, overall, answers, procedure, reasons, comment, phone, consent)| RawSubmission {
            submission_id,
            overall,
            answers,
            procedure,
            reasons,
            comment,
            phone,
            consent,
        })
}

proptest! {
    #[test]
    fn parse_submission_never_panics(raw in any_raw()) {
        let _ = parse_submission(&raw, &questionnaire(), OFFERED);
    }

    #[test]
    fn accepted_phone_numbers_are_ten_digits_and_stable(phone in "[+0-9 .-]{0,16}") {
        if let Ok(number) = PhoneNumber::parse(&phone) {
            prop_assert_eq!(number.as_str().len(), 10);
            prop_assert!(number.as_str().starts_with('0'));
            prop_assert_eq!(PhoneNumber::parse(number.as_str()), Ok(number.clone()));
        }
    }

    #[test]
    fn accepted_comments_are_trimmed_short_and_clean(text in any::<String>()) {
        if let Ok(Some(comment)) = Comment::parse(&text) {
            let text = comment.as_str();
            prop_assert!(text.chars().count() <= Comment::MAX_CHARS);
            prop_assert_eq!(text.trim(), text);
            prop_assert!(text.chars().all(|c| !c.is_control() || c == '\n' || c == '\t'));
        }
    }
}
