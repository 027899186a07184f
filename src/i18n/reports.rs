//! The reports' texts: the page's controls, the national-style header, each table's title, columns and note.
//! Part of [`super::Texts`] as `t.reports`. Reports are official documents: their tables are written in
//! Vietnamese whatever the reader's language; English here serves the page around them.

#[cfg_attr(test, derive(serde::Serialize))]
pub struct ReportTexts {
    pub nav: &'static str,
    pub title: &'static str,
    pub unit: &'static str,
    pub period: &'static str,
    pub show: &'static str,
    pub print: &'static str,
    pub xlsx: &'static str,
    pub csv: &'static str,
    pub period_invalid: &'static str,
    /// The header: the motto lines, the document's name and its subject (`{unit}`, `{period}`).
    pub nation: &'static str,
    pub motto: &'static str,
    pub document: &'static str,
    pub subject: &'static str,
    /// `{place}, ngày {d} tháng {m} năm {y}`.
    pub dated: &'static str,
    /// `{n}` responses counted, `{apart}` set apart.
    pub lead: &'static str,
    /// The same when the unit's figures are withheld: `{why}`, `{apart}`.
    pub lead_withheld: &'static str,
    pub signer: &'static str,
    pub not_enough: &'static str,
    pub no_data: &'static str,
}

pub const VI: ReportTexts = ReportTexts {
    nav: "Báo cáo",
    title: "Báo cáo kết quả đánh giá",
    unit: "Đơn vị",
    period: "Kỳ báo cáo",
    show: "Xem báo cáo",
    print: "In / lưu PDF",
    xlsx: "Tải Excel (XLSX)",
    csv: "Tải CSV",
    period_invalid: "Kỳ báo cáo chưa hợp lệ (ví dụ: 2026, 2026-Q4, 2026-11): đang hiển thị quý hiện tại.",
    nation: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    motto: "Độc lập - Tự do - Hạnh phúc",
    document: "BÁO CÁO",
    subject: "Kết quả đánh giá sự hài lòng của người dân, tổ chức đối với sự phục vụ của {unit} {period}",
    dated: "ngày {d} tháng {m} năm {y}",
    lead: "Trong kỳ, {n} phiếu đánh giá được tính vào kết quả; {apart} phiếu bị hủy hoặc bấm lặp được để riêng, \
           không tính.",
    lead_withheld: "Trong kỳ, số phiếu đánh giá được tính vào kết quả không được nêu ({why}); {apart} phiếu bị hủy \
                    hoặc bấm lặp được để riêng, không tính.",
    signer: "THỦ TRƯỞNG ĐƠN VỊ",
    not_enough: "chưa đủ mẫu",
    no_data: "Không có số liệu trong kỳ.",
};

pub const EN: ReportTexts = ReportTexts {
    nav: "Reports",
    title: "Satisfaction report",
    unit: "Unit",
    period: "Period",
    show: "Show report",
    print: "Print / save as PDF",
    xlsx: "Download Excel (XLSX)",
    csv: "Download CSV",
    period_invalid: "That period is not valid (e.g. 2026, 2026-Q4, 2026-11): showing this quarter.",
    ..VI
};

/// The tables' titles, columns and notes (XLSX and CSV): Vietnamese only, as the report is. `{floor}` is the
/// sample floor; the subtitle names `{unit}`, `{period}` and the day it was made, `{day}`.
#[cfg_attr(test, derive(serde::Serialize))]
pub struct SheetTexts {
    pub about: &'static str,
    pub about_unit: &'static str,
    pub about_period: &'static str,
    pub about_method: &'static str,
    pub about_method_v1: &'static str,
    pub about_floor: &'static str,
    pub about_counted: &'static str,
    pub about_apart: &'static str,
    pub about_made: &'static str,
    pub item: &'static str,
    pub value: &'static str,
    pub indexes: &'static str,
    pub index: &'static str,
    pub percent: &'static str,
    pub interval: &'static str,
    pub answers: &'static str,
    pub headline: &'static str,
    pub composite: &'static str,
    pub mean: &'static str,
    pub indexes_note: &'static str,
    pub levels: &'static str,
    pub level: &'static str,
    pub responses: &'static str,
    pub share: &'static str,
    pub name: &'static str,
    pub detail: &'static str,
    pub units: &'static str,
    pub protects: &'static str,
    pub protect_note: &'static str,
    pub fields: &'static str,
    pub procedures: &'static str,
    pub officials: &'static str,
    pub officials_note: &'static str,
    pub channels: &'static str,
    pub channels_note: &'static str,
    pub samples: &'static str,
    pub transactions: &'static str,
    pub target: &'static str,
    pub collected: &'static str,
    pub reached: &'static str,
    pub verdict: &'static str,
    pub verdict_met: &'static str,
    pub verdict_on_track: &'static str,
    pub verdict_short: &'static str,
    pub samples_note: &'static str,
    pub rule: &'static str,
    pub reasons: &'static str,
    pub reason: &'static str,
    pub times: &'static str,
    pub comments: &'static str,
    pub when: &'static str,
    pub official: &'static str,
    pub comment: &'static str,
    pub comments_note: &'static str,
    pub commendation: &'static str,
    pub place: &'static str,
    pub commendation_note: &'static str,
    pub subtitle: &'static str,
}

pub const SHEET: SheetTexts = SheetTexts {
    about: "Thông tin chung",
    about_unit: "Đơn vị",
    about_period: "Kỳ báo cáo",
    about_method: "Phương pháp tính",
    about_method_v1: "Tỷ lệ hài lòng (Rất tốt + Tốt) trên số câu trả lời; chỉ số yếu tố là trung bình \
                      các câu hỏi của yếu tố; chỉ số 5 yếu tố là trung bình các yếu tố (phiên bản 1)",
    about_floor: "Ngưỡng mẫu tối thiểu của một chỉ số (câu trả lời)",
    about_counted: "Phiếu được tính",
    about_apart: "Phiếu để riêng (hủy, bấm lặp)",
    about_made: "Ngày lập",
    item: "Nội dung",
    value: "Giá trị",
    indexes: "Chỉ số",
    index: "Chỉ số",
    percent: "Chỉ số hài lòng (%)",
    interval: "Khoảng tin cậy 95% (%)",
    answers: "Số câu trả lời",
    headline: "Chỉ số hài lòng chung",
    composite: "Chỉ số theo 5 yếu tố",
    mean: "Điểm trung bình (1–4)",
    indexes_note: "Chỉ số hài lòng = số câu trả lời Rất tốt và Tốt ÷ tổng số câu trả lời × 100%. \
                   Khoảng tin cậy theo phương pháp Wilson. Chỉ số dựa trên ít hơn {floor} câu trả \
                   lời ghi “chưa đủ mẫu”.",
    levels: "Mức đánh giá",
    level: "Mức",
    responses: "Số phiếu",
    share: "Tỷ lệ (%)",
    name: "Tên",
    detail: "Ghi chú",
    units: "Đơn vị trực thuộc",
    protects: "ẩn để không suy ra được đơn vị ít phiếu",
    protect_note: "Số liệu dưới {floor} phiếu không được nêu; khi đó số liệu nhỏ nhất bên cạnh cũng \
                   được ẩn theo, để không ai lấy tổng trừ đi phần đã nêu mà suy ra được số liệu đã \
                   ẩn.",
    fields: "Lĩnh vực",
    procedures: "Thủ tục",
    officials: "Công chức",
    officials_note: "Chỉ nêu công chức có từ {floor} phiếu trở lên trong kỳ; {left} công chức có ít \
                     phiếu hơn không được nêu.",
    channels: "Kênh",
    channels_note: "Phiếu giấy dùng thang 2 mức (Hài lòng / Không hài lòng), phiếu điện tử thang 4 \
                    mức. Khi cộng chung: Hài lòng tính như Rất tốt hoặc Tốt, Không hài lòng như \
                    Bình thường hoặc Chưa tốt; chỉ số hài lòng chung là tỷ lệ hài lòng trên tổng số \
                    phiếu của mọi kênh.",
    samples: "Cỡ mẫu",
    transactions: "Giao dịch trong kỳ",
    target: "Cỡ mẫu tối thiểu",
    collected: "Đã thu",
    reached: "Đạt (%)",
    verdict: "Đánh giá",
    verdict_met: "Đạt",
    verdict_on_track: "Đúng tiến độ",
    verdict_short: "Cần khảo sát bổ sung",
    samples_note: "Cỡ mẫu tối thiểu của từng đơn vị theo cách tính đơn vị đó hoặc đơn vị cấp trên \
                   đã chọn; mặc định theo số giao dịch trong kỳ: đến 100 giao dịch, lấy tất cả; \
                   đến 1.000, 20% (ít nhất 100); đến 5.000, 10% (ít nhất 200); trên 5.000, 5% (ít \
                   nhất 500). Một đơn vị có đơn vị trực thuộc cộng cỡ mẫu của từng đơn vị.",
    rule: "Cách tính",
    reasons: "Lý do chưa hài lòng",
    reason: "Lý do",
    times: "Số lần chọn",
    comments: "Ý kiến",
    when: "Thời gian",
    official: "Công chức",
    comment: "Nội dung",
    comments_note: "{n} ý kiến mới nhất của kỳ.",
    commendation: "Khen thưởng đơn vị",
    place: "Thứ hạng",
    commendation_note: "Xếp hạng các đơn vị trực thuộc có từ {floor} phiếu, theo chỉ số hài lòng \
                        chung. Hai đơn vị có khoảng tin cậy 95% chồng nhau thì cùng thứ hạng: \
                        chênh lệch giữa họ có thể do ngẫu nhiên.",
    subtitle: "{unit} — {period} — lập ngày {day}",
};
