//! The texts of the transaction counts page (số giao dịch). Part of [`super::Texts`] as `t.transactions`.

#[cfg_attr(test, derive(serde::Serialize))]
pub struct TransactionTexts {
    pub title: &'static str,
    pub link: &'static str,
    pub help: &'static str,
    pub import_title: &'static str,
    pub format: &'static str,
    pub unit: &'static str,
    pub month: &'static str,
    pub procedure: &'static str,
    pub count: &'static str,
    pub lines_good: &'static str,
    pub stored: &'static str,
    /// Why a line of counts was refused (the API answers in English, the page in Vietnamese): `{n}` the largest
    /// count, `{code}` a procedure's code.
    pub unknown_unit: &'static str,
    pub bad_month: &'static str,
    pub future_month: &'static str,
    pub bad_count: &'static str,
    pub unknown_procedure: &'static str,
    pub unreadable: &'static str,
}

pub const VI: TransactionTexts = TransactionTexts {
    title: "Số giao dịch",
    link: "Số giao dịch",
    help: "Số hồ sơ mỗi đơn vị giải quyết trong tháng, theo thủ tục hoặc cả đơn vị: dùng để tính cỡ mẫu khảo sát và \
           tỷ lệ phản hồi. Phần mềm Một cửa có thể gửi thẳng qua API (PUT /api/v1/transactions); tháng không có số \
           khai báo thì tính số hồ sơ đã đăng ký phiếu đánh giá.",
    import_title: "Nhập từ tệp CSV",
    format: "Dòng đầu: unit,month,count,procedure_code — unit là mã số hoặc mã đơn vị, month dạng 2026-11, \
             procedure_code có thể bỏ trống (cả đơn vị). Số mới thay số cũ của cùng đơn vị, tháng và thủ tục.",
    unit: "Đơn vị",
    month: "Tháng",
    procedure: "Thủ tục",
    count: "Số giao dịch",
    lines_good: "dòng hợp lệ",
    stored: "Đã ghi",
    unknown_unit: "Không có đơn vị này trong phạm vi quản lý",
    bad_month: "Tháng phải viết dạng NNNN-TT, ví dụ 2026-11",
    future_month: "Tháng chưa đến",
    bad_count: "Số giao dịch phải là số nguyên từ 0 đến {n}",
    unknown_procedure: "Đơn vị không cung cấp thủ tục {code}",
    unreadable: "Không đọc được dòng này",
};

pub const EN: TransactionTexts = TransactionTexts {
    title: "Transaction counts",
    link: "Transactions",
    help: "How many dossiers each unit handled in a month, per procedure or in all: for survey sample sizes and the \
           response rate. The one-stop software can send them through the API (PUT /api/v1/transactions); a month \
           with no count declared counts the dossiers registered for rating slips.",
    import_title: "Import from a CSV file",
    format: "Header: unit,month,count,procedure_code — unit is the unit's id or code, month like 2026-11, \
             procedure_code may be empty (the whole unit). A new count replaces the one of the same unit, month and \
             procedure.",
    unit: "Unit",
    month: "Month",
    procedure: "Procedure",
    count: "Transactions",
    lines_good: "valid lines",
    stored: "Stored",
    unknown_unit: "no such unit",
    bad_month: "month is not YYYY-MM",
    future_month: "month is in the future",
    bad_count: "count must be a whole number from 0 to {n}",
    unknown_procedure: "procedure {code} is not offered by the unit",
    unreadable: "the line cannot be read",
};
