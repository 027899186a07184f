//! The surveyor's phone (điều tra viên): signing in with a manager's code, the respondents to interview, the
//! interview form and the queue of forms not yet sent; and what a manager sees of it. In Vietnamese: surveyors are
//! the campaign's own staff.

#[cfg_attr(test, derive(serde::Serialize))]
pub struct PhoneTexts {
    pub title: &'static str,
    pub sign_in_title: &'static str,
    pub sign_in_help: &'static str,
    pub code: &'static str,
    pub sign_in: &'static str,
    pub err_code: &'static str,
    pub ended_title: &'static str,
    pub ended_body: &'static str,
    pub needs_script: &'static str,
    pub respondents: &'static str,
    pub none: &'static str,
    pub interview: &'static str,
    pub refused: &'static str,
    pub not_reached: &'static str,
    /// Names of the outcomes `pending`, `completed`, `refused`, `not_reached`, in that order.
    pub outcomes: [&'static str; 4],
    pub form_title: &'static str,
    pub overall: &'static str,
    pub factors: &'static str,
    pub not_asked: &'static str,
    pub save: &'static str,
    pub back: &'static str,
    pub choose_overall: &'static str,
    pub badge: &'static str,
    pub badge_help: &'static str,
    pub insecure: &'static str,
    /// What the script says of its queue.
    pub script: ScriptTexts,
    /// Manager's side: the sign-in code just made, and the column of the surveyors' table.
    pub give_code: &'static str,
    pub code_made: &'static str,
    pub code_where: &'static str,
    pub code_hint: &'static str,
    pub phone: &'static str,
    pub phone_never: &'static str,
    pub phone_seen: &'static str,
    /// The phone's API refusals, and the name its changes are audited under (`{name}`: a surveyor has no account).
    pub bad_serial: &'static str,
    pub bad_outcome: &'static str,
    pub already_saved: &'static str,
    pub audited_as: &'static str,
}

/// The texts the phone's script shows, handed to it in the page.
#[derive(Clone, Copy, Debug, serde::Serialize)]
pub struct ScriptTexts {
    pub all_sent: &'static str,
    /// `{n}` entries not sent yet.
    pub waiting: &'static str,
    pub conflict: &'static str,
    /// An entry the server refused for a reason it did not name; `{n}` its HTTP status.
    pub not_taken: &'static str,
    pub signed_out: &'static str,
    pub ended: &'static str,
}

pub const VI: PhoneTexts = PhoneTexts {
    title: "Điều tra viên",
    sign_in_title: "Đăng nhập điều tra viên",
    sign_in_help: "Nhập mã đăng nhập do cán bộ quản lý đợt khảo sát cấp cho bạn (8 chữ cái, dùng một lần).",
    code: "Mã đăng nhập",
    sign_in: "Đăng nhập",
    err_code: "Mã không đúng, đã dùng hoặc đã hết hạn. Hãy xin cán bộ quản lý mã mới.",
    ended_title: "Không còn nhập phiếu được",
    ended_body: "Thẻ điều tra viên của bạn đã bị thu hồi hoặc đợt khảo sát đã kết thúc. Phiếu chưa gửi trên máy này \
                 không gửi được nữa: hãy báo cán bộ quản lý đợt khảo sát.",
    needs_script: "Trang này cần JavaScript để lưu phiếu trên máy khi mất mạng.",
    respondents: "Người cần phỏng vấn",
    none: "Chưa có người nào được giao cho bạn.",
    interview: "Phỏng vấn",
    refused: "Từ chối",
    not_reached: "Không liên lạc được",
    outcomes: ["Chưa phỏng vấn", "Đã phỏng vấn", "Từ chối", "Không liên lạc được"],
    form_title: "Phiếu phỏng vấn",
    overall: "Ông/Bà đánh giá thế nào về sự phục vụ khi làm thủ tục?",
    factors: "Các yếu tố (hỏi nếu người dân đồng ý)",
    not_asked: "Không hỏi",
    save: "Lưu phiếu",
    back: "Quay lại danh sách",
    choose_overall: "Hãy chọn câu trả lời cho câu hỏi chung.",
    badge: "Thẻ của bạn",
    badge_help: "Người dân quét mã này bằng điện thoại để kiểm tra bạn là điều tra viên được giao.",
    insecure: "Trang không chạy qua HTTPS: khi mất mạng, tải lại trang sẽ không được. Phiếu vẫn được giữ trên máy.",
    script: ScriptTexts {
        all_sent: "Mọi phiếu đã được gửi về máy chủ.",
        waiting: "{n} mục chưa gửi — máy sẽ tự gửi khi có mạng. Đừng xóa dữ liệu trình duyệt.",
        conflict: "người này đã có phiếu phỏng vấn được lưu; mục này không được lưu",
        not_taken: "máy chủ không nhận mục này (mã lỗi {n}); hãy báo cán bộ quản lý",
        signed_out: "Điện thoại này đã bị đăng xuất (có thể bạn đã đăng nhập trên máy khác). Các mục chưa gửi vẫn \
                     được giữ trên máy này: hãy báo cán bộ quản lý.",
        ended: "Thẻ điều tra viên đã bị thu hồi hoặc đợt khảo sát đã kết thúc: các mục chưa gửi không gửi được nữa.",
    },
    give_code: "Cấp mã đăng nhập",
    code_made: "Mã đăng nhập trên điện thoại của",
    code_where: "Mở trên điện thoại:",
    code_hint: "Mã dùng một lần, trong 24 giờ; cấp mã mới thì điện thoại cũ không nhập phiếu được nữa.",
    phone: "Điện thoại",
    phone_never: "Chưa đăng nhập",
    phone_seen: "Liên lạc lần cuối",
    bad_serial: "Mã phiếu trên điện thoại không hợp lệ",
    bad_outcome: "Kết quả: pending, refused hoặc not_reached",
    already_saved: "Người này đã có phiếu phỏng vấn được lưu",
    audited_as: "Điều tra viên {name}",
};
