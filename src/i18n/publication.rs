//! The public results pages' texts (công khai): published in Vietnamese, as the rules ask, whatever the reader's
//! language.

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
