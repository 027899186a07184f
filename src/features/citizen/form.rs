//! The citizen form as it arrives over HTTP: field pairs in, a [`RawSubmission`] and the values to show
//! again out; domain errors out as messages in the citizen's language.

use crate::domain::submission::{RawSubmission, SubmissionError, OVERALL_FIELD};
use crate::i18n::{Locale, Texts};
use crate::pages::rate::{FieldError, FormValues};

/// A posted form, split into what the domain validates and what only the web layer cares about.
pub struct PostedForm {
    pub raw: RawSubmission,
    pub locale: Locale,
    /// The hidden honeypot field: people never fill it, form-filling robots do.
    pub honeypot_filled: bool,
}

impl PostedForm {
    /// Field pairs as posted (`reason` and `answer.*` may repeat). Unknown fields are ignored.
    pub fn from_pairs(pairs: Vec<(String, String)>) -> PostedForm {
        let mut raw = RawSubmission::default();
        let mut locale = Locale::Vi;
        let mut honeypot_filled = false;
        for (name, value) in pairs {
            match name.as_str() {
                "submission_id" => raw.submission_id = value,
                "overall" => raw.overall = Some(value),
                "procedure" => raw.procedure = Some(value),
                "reason" => raw.reasons.push(value),
                "comment" => raw.comment = value,
                "phone" => raw.phone = value,
                "consent" => raw.consent = !value.is_empty(),
                "lang" => locale = Locale::parse(Some(&value)),
                "website" => honeypot_filled = !value.trim().is_empty(),
                _ => {
                    if let Some(key) = name.strip_prefix("answer.") {
                        raw.answers.push((key.to_owned(), value));
                    }
                }
            }
        }
        PostedForm { raw, locale, honeypot_filled }
    }

    /// The citizen's input, to fill the form again after a rejection (nothing typed is lost).
    pub fn values(&self) -> FormValues {
        let level = |v: &str| v.trim().parse::<u8>().ok().filter(|l| (1..=4).contains(l));
        FormValues {
            submission_id: self.raw.submission_id.clone(),
            overall: self.raw.overall.as_deref().and_then(level),
            answers: self.raw.answers.iter().filter_map(|(k, v)| Some((k.clone(), level(v)?))).collect(),
            procedure: self.raw.procedure.as_deref().and_then(|p| p.trim().parse().ok()),
            reasons: self.raw.reasons.clone(),
            comment: self.raw.comment.clone(),
            phone: self.raw.phone.clone(),
            consent: self.raw.consent,
        }
    }
}

/// One message per problem, attached to the field it concerns.
pub fn messages(errors: &[SubmissionError], t: &Texts) -> Vec<FieldError> {
    errors
        .iter()
        .map(|e| {
            let (field, message) = match e {
                SubmissionError::BadSubmissionId => ("form", t.err_submission_id.to_owned()),
                SubmissionError::MissingOverall => (OVERALL_FIELD, t.err_missing_overall.to_owned()),
                SubmissionError::BadLevel { .. } => (OVERALL_FIELD, t.err_bad_level.to_owned()),
                SubmissionError::UnknownQuestion(_) => ("form", t.err_unknown_question.to_owned()),
                SubmissionError::UnknownProcedure => ("procedure", t.err_unknown_procedure.to_owned()),
                SubmissionError::UnknownReason(_) => ("reason", t.err_unknown_reason.to_owned()),
                SubmissionError::CommentTooLong { chars } => {
                    ("comment", Texts::with_number(t.err_comment_too_long, chars))
                }
                SubmissionError::BadPhone => ("phone", t.err_bad_phone.to_owned()),
                SubmissionError::PhoneWithoutConsent => ("phone", t.err_phone_without_consent.to_owned()),
            };
            FieldError { field, message }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn repeated_reasons_and_answers_are_all_kept() {
        let form = PostedForm::from_pairs(pairs(&[
            ("overall", "1"),
            ("reason", "cho-lau"),
            ("reason", "thai-do"),
            ("answer.cong-chuc", "2"),
            ("lang", "en"),
        ]));
        assert_eq!(form.raw.reasons, ["cho-lau", "thai-do"]);
        assert_eq!(form.raw.answers, [("cong-chuc".to_owned(), "2".to_owned())]);
        assert_eq!(form.locale, Locale::En);
        assert!(!form.honeypot_filled);
    }

    #[test]
    fn a_filled_honeypot_is_noticed() {
        assert!(PostedForm::from_pairs(pairs(&[("website", "http://spam")])).honeypot_filled);
    }

    #[test]
    fn values_keep_what_was_typed_even_when_invalid() {
        let form = PostedForm::from_pairs(pairs(&[("overall", "9"), ("comment", "xin chào"), ("phone", "12")]));
        let values = form.values();
        assert_eq!(values.overall, None);
        assert_eq!(values.comment, "xin chào");
        assert_eq!(values.phone, "12");
    }

    #[test]
    fn comment_too_long_message_names_the_limit_in_vietnamese() {
        let messages = messages(&[SubmissionError::CommentTooLong { chars: 1200 }], Locale::Vi.texts());
        assert_eq!(messages[0].field, "comment");
        assert_eq!(messages[0].message, "Góp ý dài 1200 ký tự, tối đa 1000 ký tự.");
    }
}
