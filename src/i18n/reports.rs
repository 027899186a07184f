//! The reports' texts: the page's controls, the national-style header, each table's title, columns and note.
//! Part of [`super::Texts`] as `t.reports`. Reports are official documents: their tables are written in
//! Vietnamese whatever the reader's language; English here serves the page around them.

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

/// The tables' titles, columns and notes: Vietnamese only, as the report is.
pub mod sheet {
    pub const ABOUT: &str = "Thông tin chung";
    pub const ABOUT_UNIT: &str = "Đơn vị";
    pub const ABOUT_PERIOD: &str = "Kỳ báo cáo";
    pub const ABOUT_METHOD: &str = "Phương pháp tính";
    pub const ABOUT_METHOD_V1: &str =
        "Tỷ lệ hài lòng (Rất tốt + Tốt) trên số câu trả lời; chỉ số yếu tố là trung bình \
                                       các câu hỏi của yếu tố; chỉ số 5 yếu tố là trung bình các yếu tố (phiên bản 1)";
    pub const ABOUT_FLOOR: &str = "Ngưỡng mẫu tối thiểu của một chỉ số (câu trả lời)";
    pub const ABOUT_COUNTED: &str = "Phiếu được tính";
    pub const ABOUT_APART: &str = "Phiếu để riêng (hủy, bấm lặp)";
    pub const ABOUT_MADE: &str = "Ngày lập";
    pub const ITEM: &str = "Nội dung";
    pub const VALUE: &str = "Giá trị";

    pub const INDEXES: &str = "Chỉ số";
    pub const INDEX: &str = "Chỉ số";
    pub const PERCENT: &str = "Chỉ số hài lòng (%)";
    pub const INTERVAL: &str = "Khoảng tin cậy 95% (%)";
    pub const ANSWERS: &str = "Số câu trả lời";
    pub const HEADLINE: &str = "Chỉ số hài lòng chung";
    pub const COMPOSITE: &str = "Chỉ số theo 5 yếu tố";
    pub const MEAN: &str = "Điểm trung bình (1–4)";
    pub const INDEXES_NOTE: &str = "Chỉ số hài lòng = số câu trả lời Rất tốt và Tốt ÷ tổng số câu trả lời × 100%. \
                                    Khoảng tin cậy theo phương pháp Wilson. Chỉ số dựa trên ít hơn {floor} câu trả \
                                    lời ghi “chưa đủ mẫu”.";

    pub const LEVELS: &str = "Mức đánh giá";
    pub const LEVEL: &str = "Mức";
    pub const RESPONSES: &str = "Số phiếu";
    pub const SHARE: &str = "Tỷ lệ (%)";

    pub const NAME: &str = "Tên";
    pub const DETAIL: &str = "Ghi chú";
    pub const UNITS: &str = "Đơn vị trực thuộc";
    pub const PROTECTS: &str = "ẩn để không suy ra được đơn vị ít phiếu";
    pub const PROTECT_NOTE: &str = "Số liệu dưới {floor} phiếu không được nêu; khi đó số liệu nhỏ nhất bên cạnh cũng \
                                    được ẩn theo, để không ai lấy tổng trừ đi phần đã nêu mà suy ra được số liệu đã \
                                    ẩn.";
    pub const FIELDS: &str = "Lĩnh vực";
    pub const PROCEDURES: &str = "Thủ tục";
    pub const OFFICIALS: &str = "Công chức";
    pub const OFFICIALS_NOTE: &str = "Chỉ nêu công chức có từ {floor} phiếu trở lên trong kỳ; {left} công chức có ít \
                                      phiếu hơn không được nêu.";
    pub const CHANNELS: &str = "Kênh";
    pub const CHANNELS_NOTE: &str = "Phiếu giấy dùng thang 2 mức (Hài lòng / Không hài lòng), phiếu điện tử thang 4 \
                                     mức. Khi cộng chung: Hài lòng tính như Rất tốt hoặc Tốt, Không hài lòng như \
                                     Bình thường hoặc Chưa tốt; chỉ số hài lòng chung là tỷ lệ hài lòng trên tổng số \
                                     phiếu của mọi kênh.";

    pub const SAMPLES: &str = "Cỡ mẫu";
    pub const TRANSACTIONS: &str = "Giao dịch trong kỳ";
    pub const TARGET: &str = "Cỡ mẫu tối thiểu";
    pub const COLLECTED: &str = "Đã thu";
    pub const REACHED: &str = "Đạt (%)";
    pub const VERDICT: &str = "Đánh giá";
    pub const VERDICT_MET: &str = "Đạt";
    pub const VERDICT_ON_TRACK: &str = "Đúng tiến độ";
    pub const VERDICT_SHORT: &str = "Cần khảo sát bổ sung";
    pub const SAMPLES_NOTE: &str = "Cỡ mẫu tối thiểu của từng đơn vị theo cách tính đơn vị đó hoặc đơn vị cấp trên \
                                    đã chọn; mặc định theo số giao dịch trong kỳ: đến 100 giao dịch, lấy tất cả; \
                                    đến 1.000, 20% (ít nhất 100); đến 5.000, 10% (ít nhất 200); trên 5.000, 5% (ít \
                                    nhất 500). Một đơn vị có đơn vị trực thuộc cộng cỡ mẫu của từng đơn vị.";
    pub const RULE: &str = "Cách tính";

    pub const REASONS: &str = "Lý do chưa hài lòng";
    pub const REASON: &str = "Lý do";
    pub const TIMES: &str = "Số lần chọn";

    pub const COMMENTS: &str = "Ý kiến";
    pub const WHEN: &str = "Thời gian";
    pub const OFFICIAL: &str = "Công chức";
    pub const COMMENT: &str = "Nội dung";
    pub const COMMENTS_NOTE: &str = "{n} ý kiến mới nhất của kỳ.";

    pub const COMMENDATION: &str = "Khen thưởng đơn vị";
    pub const PLACE: &str = "Thứ hạng";
    pub const COMMENDATION_NOTE: &str = "Xếp hạng các đơn vị trực thuộc có từ {floor} phiếu, theo chỉ số hài lòng \
                                         chung. Hai đơn vị có khoảng tin cậy 95% chồng nhau thì cùng thứ hạng: \
                                         chênh lệch giữa họ có thể do ngẫu nhiên.";
}
