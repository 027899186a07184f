//! Questionnaires (phiếu đánh giá) as data: the five SIPAS factors (yếu tố), their questions or
//! criteria (tiêu chí), and the reason chips shown on a low rating.
//!
//! A questionnaire is serialised to JSON and stored versioned in the database, and a response
//! records the version it answered, so wording can change without rewriting history. The two
//! built-in ones follow the Nam Dong 2024 plan (Kế hoạch 81/KH-UBND; docs/design.md, *The questionnaire*).

use serde::{Deserialize, Serialize};

/// One of the five SIPAS factors (yếu tố), numbered as in Nam Dong's plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Factor {
    /// Tiếp cận dịch vụ: waiting area and equipment.
    Access = 1,
    /// Thủ tục hành chính: posted procedure, documents, fees and deadlines as prescribed.
    Procedure = 2,
    /// Công chức: the official's courtesy, listening, answers, guidance and compliance.
    Official = 3,
    /// Kết quả: a result that is correct, complete and accurate.
    Result = 4,
    /// Tiếp nhận, giải quyết góp ý, phản ánh, kiến nghị: only for people who gave feedback.
    Feedback = 5,
}

impl Factor {
    /// All factors in the plan's order.
    pub const ALL: [Factor; 5] =
        [Factor::Access, Factor::Procedure, Factor::Official, Factor::Result, Factor::Feedback];

    /// A stable ASCII key, also the question key of the short questionnaire.
    pub const fn key(self) -> &'static str {
        match self {
            Factor::Access => "tiep-can",
            Factor::Procedure => "thu-tuc",
            Factor::Official => "cong-chuc",
            Factor::Result => "ket-qua",
            Factor::Feedback => "gop-y",
        }
    }

    /// The factor with this key, if any.
    pub fn from_key(key: &str) -> Option<Factor> {
        Factor::ALL.into_iter().find(|factor| factor.key() == key)
    }

    /// The factor's name as reports print it.
    pub const fn name_vi(self) -> &'static str {
        match self {
            Factor::Access => "Tiếp cận dịch vụ",
            Factor::Procedure => "Thủ tục hành chính",
            Factor::Official => "Công chức",
            Factor::Result => "Kết quả",
            Factor::Feedback => "Tiếp nhận, giải quyết góp ý, phản ánh, kiến nghị",
        }
    }

    /// The factor's name in the English version.
    pub const fn name_en(self) -> &'static str {
        match self {
            Factor::Access => "Access to the service",
            Factor::Procedure => "Administrative procedure",
            Factor::Official => "Officials",
            Factor::Result => "Result",
            Factor::Feedback => "Handling of feedback and complaints",
        }
    }
}

/// A question (câu hỏi) or criterion (tiêu chí), answered on the 4-level scale.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Question {
    /// Unique within its questionnaire: the factor key (short) or `factor.n` (detailed).
    pub key: String,
    pub factor: Factor,
    pub text_vi: String,
    pub text_en: String,
    /// Asked only of people to whom it applies: the feedback factor is for those who gave
    /// feedback, so an unanswered one is "not applicable", never "unsatisfied".
    pub only_if_applicable: bool,
}

/// A reason chip (lý do) offered on Bình thường or Chưa tốt, tied to the factor it explains.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    pub key: String,
    pub factor: Factor,
    pub label_vi: String,
    pub label_en: String,
}

/// A versioned questionnaire (phiếu đánh giá).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Questionnaire {
    /// `"short"` or `"detailed"` for the built-in ones.
    pub code: String,
    pub version: u32,
    /// The required overall question.
    pub overall_vi: String,
    pub overall_en: String,
    pub questions: Vec<Question>,
    pub reasons: Vec<Reason>,
}

const OVERALL_VI: &str = "Ông/Bà đánh giá thế nào về sự phục vụ hôm nay?";
const OVERALL_EN: &str = "How would you rate our service today?";

// The tables skip rustfmt, which would give every field its own line: one row a line reads best.

/// The short questionnaire: one question per factor, keyed by the factor's key.
#[rustfmt::skip]
const SHORT: [(Factor, &str, &str); 5] = [
    (Factor::Access, "Nơi ngồi chờ và trang thiết bị phục vụ", "The waiting area and equipment"),
    (Factor::Procedure, "Thủ tục được niêm yết đầy đủ; hồ sơ, phí và thời hạn đúng quy định",
        "The procedure is posted in full; documents, fees and time limits are as prescribed"),
    (Factor::Official, "Thái độ, sự lắng nghe và hướng dẫn của công chức",
        "The official's courtesy, attention and guidance"),
    (Factor::Result, "Kết quả đúng quy định, thông tin đầy đủ, chính xác",
        "The result is as prescribed, complete and accurate"),
    (Factor::Feedback, "Việc tiếp nhận, giải quyết góp ý, phản ánh, kiến nghị của Ông/Bà",
        "How your feedback or complaint was received and handled"),
];

/// Every criterion of the plan, in its order (2 + 5 + 6 + 3 + 4), shortened for a phone screen.
#[rustfmt::skip]
const DETAILED: [(Factor, &str, &str); 20] = [
    (Factor::Access, "Nơi ngồi chờ có đủ chỗ ngồi", "There are enough seats while waiting"),
    (Factor::Access, "Trang thiết bị phục vụ đầy đủ, hiện đại, dễ sử dụng",
        "Equipment is adequate, modern and easy to use"),
    (Factor::Procedure, "Thủ tục được niêm yết công khai đầy đủ",
        "The procedure is posted in full"),
    (Factor::Procedure, "Thủ tục được niêm yết công khai chính xác",
        "The procedure is posted accurately"),
    (Factor::Procedure, "Thành phần hồ sơ phải nộp đúng quy định",
        "Required documents are as prescribed"),
    (Factor::Procedure, "Phí, lệ phí phải nộp đúng quy định", "Fees and charges are as prescribed"),
    (Factor::Procedure, "Thời hạn giải quyết đúng quy định",
        "The processing time is as prescribed"),
    (Factor::Official, "Công chức giao tiếp lịch sự, đeo thẻ công chức",
        "The official is courteous and wears a staff badge"),
    (Factor::Official, "Công chức chú ý lắng nghe ý kiến", "The official listens attentively"),
    (Factor::Official, "Công chức trả lời, giải đáp đầy đủ",
        "The official answers questions fully"),
    (Factor::Official, "Công chức hướng dẫn kê khai hồ sơ tận tình, chu đáo",
        "The official helps fill in the forms with care"),
    (Factor::Official, "Công chức hướng dẫn hồ sơ dễ hiểu",
        "The official's guidance is easy to follow"),
    (Factor::Official, "Công chức tuân thủ đúng quy định khi giải quyết công việc",
        "The official follows the rules"),
    (Factor::Result, "Kết quả đúng quy định", "The result is as prescribed"),
    (Factor::Result, "Kết quả có thông tin đầy đủ", "The result's information is complete"),
    (Factor::Result, "Kết quả có thông tin chính xác", "The result's information is accurate"),
    (Factor::Feedback, "Có hình thức tiếp nhận góp ý, phản ánh, kiến nghị",
        "There is a way to give feedback or complain"),
    (Factor::Feedback, "Góp ý, phản ánh, kiến nghị dễ dàng", "Giving feedback is easy"),
    (Factor::Feedback, "Góp ý, phản ánh, kiến nghị được tiếp nhận, xử lý tích cực",
        "Feedback is received and handled actively"),
    (Factor::Feedback, "Kết quả xử lý góp ý, phản ánh, kiến nghị được thông báo kịp thời",
        "The outcome of feedback is reported in good time"),
];

/// The reason chips: the six of docs/design.md, plus a seat shortage (the plan's first Access
/// criterion) and a wrong result (its Result criteria), the two complaints the plan names that
/// the six do not cover.
#[rustfmt::skip]
const REASONS: [(&str, Factor, &str, &str); 8] = [
    ("cho-lau", Factor::Access, "Chờ lâu", "Long wait"),
    ("thieu-cho-ngoi", Factor::Access, "Thiếu chỗ ngồi chờ", "Not enough seats"),
    ("them-giay-to", Factor::Procedure, "Yêu cầu thêm giấy tờ", "Asked for extra documents"),
    ("phi", Factor::Procedure, "Thu phí không đúng", "Wrong fees charged"),
    ("thai-do", Factor::Official, "Thái độ chưa tốt", "Unfriendly attitude"),
    ("huong-dan", Factor::Official, "Hướng dẫn khó hiểu", "Guidance hard to follow"),
    ("tre-hen", Factor::Result, "Trả kết quả trễ hẹn", "Result returned late"),
    ("ket-qua-sai", Factor::Result, "Kết quả có sai sót", "Mistakes in the result"),
];

impl Questionnaire {
    /// The default form: the overall question and one optional question per factor.
    pub fn short() -> Questionnaire {
        let questions =
            SHORT.iter().map(|&(factor, vi, en)| question(factor.key().to_owned(), factor, vi, en)).collect();
        Questionnaire::built_in("short", questions)
    }

    /// Every criterion of the plan, keyed `factor.n` with `n` counting from 1 within the factor.
    pub fn detailed() -> Questionnaire {
        let mut questions: Vec<Question> = Vec::with_capacity(DETAILED.len());
        for &(factor, vi, en) in &DETAILED {
            let n = questions.iter().filter(|q| q.factor == factor).count() + 1;
            questions.push(question(format!("{}.{n}", factor.key()), factor, vi, en));
        }
        Questionnaire::built_in("detailed", questions)
    }

    fn built_in(code: &str, questions: Vec<Question>) -> Questionnaire {
        let reasons = REASONS
            .iter()
            .map(|&(key, factor, vi, en)| Reason {
                key: key.to_owned(),
                factor,
                label_vi: vi.to_owned(),
                label_en: en.to_owned(),
            })
            .collect();
        Questionnaire {
            code: code.to_owned(),
            version: 1,
            overall_vi: OVERALL_VI.to_owned(),
            overall_en: OVERALL_EN.to_owned(),
            questions,
            reasons,
        }
    }

    /// The question with this key, if this questionnaire asks it.
    pub fn question(&self, key: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.key == key)
    }

    /// The reason chip with this key, if this questionnaire offers it.
    pub fn reason(&self, key: &str) -> Option<&Reason> {
        self.reasons.iter().find(|r| r.key == key)
    }

    /// The questions of one factor, in order.
    pub fn questions_of(&self, factor: Factor) -> impl Iterator<Item = &Question> + '_ {
        self.questions.iter().filter(move |q| q.factor == factor)
    }
}

fn question(key: String, factor: Factor, text_vi: &str, text_en: &str) -> Question {
    Question {
        key,
        factor,
        text_vi: text_vi.to_owned(),
        text_en: text_en.to_owned(),
        only_if_applicable: factor == Factor::Feedback,
    }
}

#[cfg(test)]
mod tests;
