//! The public results pages' texts (công khai). Part of [`super::Texts`] as `t.publication`. Published in
//! Vietnamese, as the rules ask; a reader may ask for English (`?lang=en`).

#[cfg_attr(test, derive(serde::Serialize))]
pub struct PublicationTexts {
    pub index_title: &'static str,
    pub index_lead: &'static str,
    /// `{unit}`.
    pub title: &'static str,
    pub period: &'static str,
    pub show: &'static str,
    pub period_invalid: &'static str,
    pub headline: &'static str,
    pub composite: &'static str,
    pub responses: &'static str,
    pub withheld: &'static str,
    pub protects: &'static str,
    /// `{floor}`.
    pub protects_note: &'static str,
    pub factors: &'static str,
    pub factor: &'static str,
    pub index: &'static str,
    pub interval: &'static str,
    pub count: &'static str,
    pub quarters: &'static str,
    pub ranking: &'static str,
    pub place: &'static str,
    pub unit: &'static str,
    pub ranking_note: &'static str,
    pub thin: &'static str,
    pub protecting_units: &'static str,
    pub protecting_officials: &'static str,
    /// `{floor}`.
    pub protect_rule: &'static str,
    pub officials: &'static str,
    pub official: &'static str,
    pub officials_note: &'static str,
    pub method: &'static str,
    pub embed: &'static str,
    pub embed_hint: &'static str,
    pub full_page: &'static str,
    pub no_data: &'static str,
}

pub const VI: PublicationTexts = PublicationTexts {
    index_title: "Công khai kết quả đánh giá sự hài lòng",
    index_lead: "Kết quả người dân, tổ chức đánh giá sự phục vụ của các cơ quan, đơn vị. Chọn đơn vị để xem.",
    title: "Kết quả đánh giá sự hài lòng — {unit}",
    period: "Kỳ",
    show: "Xem",
    period_invalid: "Kỳ chưa hợp lệ (ví dụ: 2026-Q4 hoặc 2026): đang hiển thị quý hiện tại.",
    headline: "Chỉ số hài lòng",
    composite: "Chỉ số theo 5 yếu tố",
    responses: "phiếu đánh giá",
    withheld: "Chưa đủ mẫu để công bố",
    protects: "Ẩn để không suy ra được đơn vị ít phiếu",
    protects_note: "Số liệu của đơn vị này được ẩn trong kỳ này vì một đơn vị cùng cấp có dưới {floor} phiếu: nếu \
                    công bố, lấy số liệu của đơn vị cấp trên trừ đi sẽ suy ra được số liệu đã ẩn.",
    factors: "Theo yếu tố",
    factor: "Yếu tố",
    index: "Chỉ số hài lòng",
    interval: "Khoảng tin cậy 95%",
    count: "Số câu trả lời",
    quarters: "Qua các quý",
    ranking: "Xếp hạng các đơn vị trực thuộc",
    place: "Hạng",
    unit: "Đơn vị",
    ranking_note: "Chỉ xếp hạng đơn vị có đủ mẫu ({floor} phiếu trở lên). Các đơn vị có khoảng tin cậy chồng nhau \
                   cùng hạng: chênh lệch giữa họ có thể do ngẫu nhiên.",
    thin: "Chưa đủ mẫu để xếp hạng:",
    protecting_units: "Ẩn để không suy ra được đơn vị ít phiếu:",
    protecting_officials: "Ẩn để không suy ra được công chức ít phiếu:",
    protect_rule: "Khi có số liệu dưới {floor} phiếu bị ẩn, số liệu nhỏ nhất bên cạnh cũng được ẩn theo, để không ai \
                   lấy tổng trừ đi phần đã công bố mà suy ra được số liệu đã ẩn.",
    officials: "Theo công chức",
    official: "Công chức",
    officials_note: "Đơn vị đồng ý công khai kết quả từng công chức. Chỉ nêu công chức có từ {floor} phiếu trở lên.",
    method: "Chỉ số hài lòng = số phiếu Rất tốt và Tốt ÷ tổng số phiếu × 100%. Chỉ số dựa trên ít hơn {floor} câu trả \
             lời không được công bố. Phiếu bị hủy hoặc bấm lặp không được tính.",
    embed: "Nhúng vào trang thông tin điện tử của đơn vị",
    embed_hint: "Chép đoạn mã sau vào trang web của đơn vị:",
    full_page: "Xem đầy đủ",
    no_data: "Chưa có số liệu.",
};

pub const EN: PublicationTexts = PublicationTexts {
    index_title: "Published satisfaction results",
    index_lead: "How citizens and organisations rated the service of each agency and unit. Choose a unit to see.",
    title: "Satisfaction results — {unit}",
    period: "Period",
    show: "Show",
    period_invalid: "That period is not valid (e.g. 2026-Q4 or 2026): showing the current quarter.",
    headline: "Satisfaction index",
    composite: "Index of the 5 factors",
    responses: "ratings",
    withheld: "Too few ratings to publish",
    protects: "Withheld so that a unit with few ratings cannot be inferred",
    protects_note: "This unit's figures are withheld for this period because a unit at the same level has fewer than \
                    {floor} ratings: published, they would give that unit's away by subtraction from the unit above.",
    factors: "By factor",
    factor: "Factor",
    index: "Satisfaction index",
    interval: "95% interval",
    count: "Answers",
    quarters: "By quarter",
    ranking: "Units beneath, ranked",
    place: "Place",
    unit: "Unit",
    ranking_note: "Only units with enough ratings ({floor} or more) are ranked. Units whose intervals overlap share a \
                   place: the difference between them may be chance.",
    thin: "Too few ratings to rank:",
    protecting_units: "Withheld so that a unit with few ratings cannot be inferred:",
    protecting_officials: "Withheld so that an official with few ratings cannot be inferred:",
    protect_rule:
        "Where a figure under {floor} ratings is withheld, the smallest figure beside it is withheld too, so \
                   that nobody can subtract the published ones from the total to find it.",
    officials: "By official",
    official: "Official",
    officials_note: "The unit agreed to publish each official's results. Only officials with {floor} ratings or more \
                     are shown.",
    method:
        "Satisfaction index = ratings of Very good and Good ÷ all ratings × 100%. An index from fewer than {floor} \
             answers is not published. Cancelled ratings and repeated taps are not counted.",
    embed: "Embed on the unit's website",
    embed_hint: "Copy this code into the unit's web page:",
    full_page: "See in full",
    no_data: "No figures yet.",
};
