//! Tests of the built-in questionnaires: the shape docs/design.md and Nam Dong's plan give them, unique
//! keys, and a lossless JSON round trip (they are stored as JSON).

use super::*;
use std::collections::HashSet;

fn per_factor(q: &Questionnaire) -> Vec<usize> {
    Factor::ALL.iter().map(|&f| q.questions_of(f).count()).collect()
}

#[test]
fn short_has_one_question_per_factor_keyed_by_the_factor() {
    let short = Questionnaire::short();
    assert_eq!(short.questions.len(), 5);
    assert_eq!(per_factor(&short), [1, 1, 1, 1, 1]);
    for factor in Factor::ALL {
        assert_eq!(short.question(factor.key()).map(|q| q.factor), Some(factor));
    }
}

#[test]
fn detailed_has_the_seeds_20_criteria_split_2_5_6_3_4() {
    let detailed = Questionnaire::detailed();
    assert_eq!(detailed.questions.len(), 20);
    assert_eq!(per_factor(&detailed), [2, 5, 6, 3, 4]);
    assert_eq!(detailed.question("cong-chuc.6").map(|q| q.factor), Some(Factor::Official));
    assert!(detailed.question("cong-chuc.7").is_none());
}

#[test]
fn only_feedback_questions_are_conditional() {
    for q in Questionnaire::short().questions.iter().chain(&Questionnaire::detailed().questions) {
        assert_eq!(q.only_if_applicable, q.factor == Factor::Feedback, "{}", q.key);
    }
}

#[test]
fn all_keys_are_unique_and_texts_present() {
    for q in [Questionnaire::short(), Questionnaire::detailed()] {
        let keys: HashSet<&str> = q.questions.iter().map(|q| q.key.as_str()).collect();
        assert_eq!(keys.len(), q.questions.len(), "{}", q.code);
        let reasons: HashSet<&str> = q.reasons.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(reasons.len(), q.reasons.len(), "{}", q.code);
        assert!(q.questions.iter().all(|q| !q.text_vi.is_empty() && !q.text_en.is_empty()));
    }
}

#[test]
fn the_reasons_of_the_design_are_offered_on_their_factors() {
    let short = Questionnaire::short();
    for (key, factor) in [
        ("cho-lau", Factor::Access),
        ("thai-do", Factor::Official),
        ("huong-dan", Factor::Official),
        ("them-giay-to", Factor::Procedure),
        ("phi", Factor::Procedure),
        ("tre-hen", Factor::Result),
    ] {
        assert_eq!(short.reason(key).map(|r| r.factor), Some(factor), "{key}");
    }
    assert!(short.reason("khac").is_none());
}

#[test]
fn json_round_trip_keeps_everything() -> Result<(), serde_json::Error> {
    for q in [Questionnaire::short(), Questionnaire::detailed()] {
        let json = serde_json::to_string(&q)?;
        assert_eq!(serde_json::from_str::<Questionnaire>(&json)?, q);
    }
    Ok(())
}

#[test]
fn factor_keys_round_trip() {
    for factor in Factor::ALL {
        assert_eq!(Factor::from_key(factor.key()), Some(factor));
    }
    assert_eq!(Factor::from_key("Tiep-can"), None);
    assert_eq!(Factor::from_key(""), None);
}
