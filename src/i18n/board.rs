//! The dashboard's texts beyond the figures' names: the breakdowns, the heatmap, the custom period, the breadcrumb
//! and an official's own page. Part of [`super::Texts`] as `t.board`.

pub struct BoardTexts {
    pub my_results: &'static str,
    pub breadcrumb: &'static str,
    pub custom: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub period_invalid: &'static str,
    pub by_unit: &'static str,
    pub by_counter: &'static str,
    pub by_field: &'static str,
    pub by_channel: &'static str,
    pub counter: &'static str,
    pub field: &'static str,
    pub channel: &'static str,
    pub sort_hint: &'static str,
    pub heatmap: &'static str,
    pub heatmap_hint: &'static str,
    /// `{day}`, `{hour}`, `{n}`.
    pub heatmap_busiest: &'static str,
    pub heatmap_empty: &'static str,
    /// Monday first.
    pub weekdays: [&'static str; 7],
    pub interval_short: &'static str,
}

pub const VI: BoardTexts = BoardTexts {
    my_results: "Kết quả đánh giá của tôi",
    breadcrumb: "Đơn vị đang xem",
    custom: "Tùy chọn (từ ngày – đến ngày)",
    from: "Từ ngày",
    to: "Đến ngày",
    period_invalid: "Khoảng thời gian chưa hợp lệ (ngày bắt đầu phải trước ngày kết thúc, tối đa 3 năm): \
                     đang hiển thị 30 ngày qua.",
    by_unit: "Theo đơn vị trực thuộc",
    by_counter: "Theo quầy",
    by_field: "Theo lĩnh vực",
    by_channel: "Theo kênh đánh giá",
    counter: "Quầy",
    field: "Lĩnh vực",
    channel: "Kênh",
    sort_hint: "Bấm tiêu đề cột để sắp xếp lại.",
    heatmap: "Số phiếu theo giờ trong tuần",
    heatmap_hint: "Ô càng đậm càng nhiều phiếu; di chuột hoặc chạm vào ô để xem số phiếu và chỉ số.",
    heatmap_busiest: "Nhiều phiếu nhất: {day}, {hour} giờ ({n} phiếu)",
    heatmap_empty: "Chưa có phiếu nào trong kỳ.",
    weekdays: ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"],
    interval_short: "khoảng tin cậy",
};

pub const EN: BoardTexts = BoardTexts {
    my_results: "My ratings",
    breadcrumb: "Unit shown",
    custom: "Custom (from – to)",
    from: "From",
    to: "To",
    period_invalid: "That period is not valid (the start must come before the end, three years at most): showing the \
                     last 30 days.",
    by_unit: "By unit beneath",
    by_counter: "By counter",
    by_field: "By field",
    by_channel: "By channel",
    counter: "Counter",
    field: "Field",
    channel: "Channel",
    sort_hint: "Click a column's heading to sort by it.",
    heatmap: "Responses by hour of the week",
    heatmap_hint: "The darker a cell, the more responses; hover or tap a cell for its count and index.",
    heatmap_busiest: "Busiest: {day}, {hour}:00 ({n} responses)",
    heatmap_empty: "No responses in this period yet.",
    weekdays: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    interval_short: "interval",
};
