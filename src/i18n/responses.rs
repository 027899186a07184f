//! The texts of the response register (sổ phiếu đánh giá), where managers void a response, and the names of the
//! channels a response comes by. Part of [`super::Texts`] as `t.register`.

#[cfg_attr(test, derive(serde::Serialize))]
pub struct ResponseTexts {
    pub title: &'static str,
    pub link: &'static str,
    pub help: &'static str,
    pub when: &'static str,
    pub place: &'static str,
    pub channel: &'static str,
    pub level: &'static str,
    pub state: &'static str,
    pub counted: &'static str,
    /// A flagged response's rule, by the start of its key (`domain::misuse::MisuseRule::key`): repeat press,
    /// same phone, the phone's daily cap, a staff browser, a tablet's burst, a tablet's misdated tap, a
    /// phone's flood, a network's flood.
    pub misuse: [&'static str; 8],
    /// Review of a flagged response: the summary, the reason's label and hint, the two decisions, what each did.
    pub review: &'static str,
    pub review_reason: &'static str,
    pub review_hint: &'static str,
    pub restore: &'static str,
    pub confirm: &'static str,
    pub restored: &'static str,
    pub confirmed: &'static str,
    pub err_not_flagged: &'static str,
    /// The register's filter: every response, or only the flagged ones.
    pub show_all: &'static str,
    pub show_flagged: &'static str,
    pub voided: &'static str,
    pub void_reason: &'static str,
    pub void_hint: &'static str,
    pub void: &'static str,
    pub err_reason: &'static str,
    pub none: &'static str,
    pub older: &'static str,
    pub voided_apart: &'static str,
    /// Names of the channels `qr`, `kiosk`, `receipt`, `paper`, `survey`, in that order.
    pub channels: [&'static str; 5],
}

impl ResponseTexts {
    /// The name of a channel key; the key itself for one this version does not know.
    pub fn channel_name(&self, key: &str) -> String {
        match ["qr", "kiosk", "receipt", "paper", "survey"].iter().position(|k| *k == key) {
            Some(i) => self.channels[i].to_owned(),
            None => key.to_owned(),
        }
    }
}

pub const VI: ResponseTexts = ResponseTexts {
    title: "Sổ phiếu đánh giá",
    link: "Sổ phiếu",
    help: "Mọi phiếu đã nhận, mới nhất trước. Phiếu bị hủy vẫn được lưu nguyên vẹn cùng lý do hủy, nhưng không \
           được tính vào bất kỳ chỉ số nào. Phiếu bị gắn cờ (bấm lặp, gửi dồn, cùng một điện thoại, máy của cán bộ) \
           không được tính cho đến khi người quản lý xem xét và khôi phục, có ghi lý do.",
    when: "Thời điểm",
    place: "Nơi đánh giá",
    channel: "Kênh",
    level: "Mức",
    state: "Trạng thái",
    counted: "Được tính",
    misuse: [
        "Bấm lặp — không tính",
        "Cùng điện thoại đã đánh giá nơi này — không tính",
        "Điện thoại quá số phiếu trong ngày — không tính",
        "Gửi từ máy đang đăng nhập của cán bộ — không tính",
        "Máy tính bảng gửi dồn nhanh hơn người bấm được — không tính",
        "Máy tính bảng ghi giờ không thể bấm được — không tính",
        "Điện thoại gửi hàng loạt trong ngày (như máy tự động) — không tính",
        "Một mạng gửi hàng loạt cho cùng nơi trong ngày (như máy tự động) — không tính",
    ],
    review: "Xem xét",
    review_reason: "Lý do quyết định",
    review_hint: "Ví dụ: đã hỏi cán bộ, đúng là hai công dân khác nhau…",
    restore: "Khôi phục — tính vào chỉ số",
    confirm: "Xác nhận — không tính",
    restored: "Đã khôi phục, được tính",
    confirmed: "Đã xác nhận không tính",
    err_not_flagged: "Phiếu này không bị gắn cờ (hoặc đã bị hủy): không có gì để xem xét.",
    show_all: "Mọi phiếu",
    show_flagged: "Chỉ phiếu bị gắn cờ",
    voided: "Đã hủy",
    void_reason: "Lý do hủy",
    void_hint: "Ví dụ: phiếu thử của cán bộ, phiếu bấm nhầm…",
    void: "Hủy phiếu",
    err_reason: "Hãy ghi lý do hủy phiếu (tối đa 500 ký tự).",
    none: "Không có phiếu nào trong khoảng thời gian này.",
    older: "Xem phiếu cũ hơn",
    voided_apart: "phiếu đã bị hủy (có lý do) không được tính vào chỉ số",
    channels: ["Mã QR", "Máy tính bảng tại quầy", "Giấy biên nhận", "Phiếu giấy", "Điều tra viên phỏng vấn"],
};

pub const EN: ResponseTexts = ResponseTexts {
    title: "Response register",
    link: "Responses",
    help: "Every response received, newest first. A voided response is kept as it was with the reason, but counts in \
           no figure. A flagged response (a repeat press, a burst, the same phone, a staff browser) does not count \
           unless a manager reviews and restores it, with a reason.",
    when: "When",
    place: "Where",
    channel: "Channel",
    level: "Level",
    state: "State",
    counted: "Counted",
    misuse: [
        "Repeat press — not counted",
        "Same phone rated this already — not counted",
        "Phone past its ratings for the day — not counted",
        "Sent from a signed-in staff browser — not counted",
        "Tablet ratings arriving faster than a person taps — not counted",
        "Tablet rating dated when it cannot have been tapped — not counted",
        "A phone sending in bulk that day (like a machine) — not counted",
        "One network sending in bulk for one place that day (like a machine) — not counted",
    ],
    review: "Review",
    review_reason: "Reason for the decision",
    review_hint: "E.g. asked the official: two different citizens indeed…",
    restore: "Restore — count it",
    confirm: "Confirm — leave it out",
    restored: "Restored, counted",
    confirmed: "Confirmed, not counted",
    err_not_flagged: "This response is not flagged (or is voided): there is nothing to review.",
    show_all: "Every response",
    show_flagged: "Flagged only",
    voided: "Voided",
    void_reason: "Reason for voiding",
    void_hint: "E.g. a staff test, a mistaken press…",
    void: "Void",
    err_reason: "Give the reason for voiding (at most 500 characters).",
    none: "No response in this period.",
    older: "Older responses",
    voided_apart: "voided responses (with a reason) left out of the indexes",
    channels: ["QR code", "Counter tablet", "Receipt", "Paper form", "Surveyor's interview"],
};
