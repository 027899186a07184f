//! The public page a surveyor's badge opens (kiểm tra điều tra viên): whether the badge is valid and who carries
//! it, for the citizen being interviewed. Part of [`super::Texts`] as `t.badge_check`; the printed badge shows the
//! same facts in Vietnamese.

#[cfg_attr(test, derive(serde::Serialize))]
pub struct BadgeCheckTexts {
    pub title: &'static str,
    pub valid: &'static str,
    pub invalid: &'static str,
    pub invalid_hint: &'static str,
    pub campaign: &'static str,
    pub unit: &'static str,
    pub decision: &'static str,
    pub period: &'static str,
    pub photo_of: &'static str,
}

pub const VI: BadgeCheckTexts = BadgeCheckTexts {
    title: "Kiểm tra điều tra viên",
    valid: "Còn hiệu lực",
    invalid: "Đã hết hiệu lực",
    invalid_hint: "Thẻ này không còn giá trị. Ông/Bà không cần trả lời người mang thẻ.",
    campaign: "Đợt khảo sát",
    unit: "Đơn vị",
    decision: "Quyết định",
    period: "Thời gian",
    photo_of: "Ảnh của",
};

pub const EN: BadgeCheckTexts = BadgeCheckTexts {
    title: "Check a surveyor",
    valid: "Valid",
    invalid: "No longer valid",
    invalid_hint: "This badge is no longer valid. You need not answer the person carrying it.",
    campaign: "Survey",
    unit: "Unit",
    decision: "Approved by decision",
    period: "Dates",
    photo_of: "Photo of",
};
