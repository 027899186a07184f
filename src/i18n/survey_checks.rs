//! Why a survey campaign's form or file was refused (planning, the customer list, paper forms keyed once or twice,
//! re-checks, surveyors), in Vietnamese as the staff pages are. `{n}` is a limit; other placeholders are named.

#[cfg_attr(test, derive(serde::Serialize))]
pub struct SurveyChecks {
    // Planning a campaign.
    pub unit_in_reach: &'static str,
    pub name: &'static str,
    pub decision: &'static str,
    pub dates: &'static str,
    pub method: &'static str,
    pub questionnaire: &'static str,
    pub rule: &'static str,
    pub payment: &'static str,
    // Running it.
    pub closed: &'static str,
    pub seed: &'static str,
    pub outcome: &'static str,
    pub surveyor: &'static str,
    pub badge_revoked: &'static str,
    /// How a draw is made, recorded with its seed (on the campaign and in the audit log) so anyone can redo it.
    pub draw_rule: &'static str,
    // A file read whole: the customer list or a batch of paper forms.
    pub no_header: &'static str,
    /// `{column}`.
    pub missing_column: &'static str,
    pub unreadable: &'static str,
    pub list_unit: &'static str,
    pub list_date: &'static str,
    pub list_required: &'static str,
    pub list_cell: &'static str,
    pub list_empty: &'static str,
    // A paper form.
    /// `{first}` and `{last}`: the days a form may have been filled in.
    pub paper_date: &'static str,
    pub paper_unit: &'static str,
    pub paper_serial: &'static str,
    pub paper_batch: &'static str,
    /// The digits a form of each scale takes, as `{digits}` in the two below.
    pub digits_2: &'static str,
    pub digits_4: &'static str,
    pub paper_overall: &'static str,
    /// `{factor}`, `{digits}`.
    pub paper_factor: &'static str,
    /// `{n}`: the line the serial was first on.
    pub paper_duplicate: &'static str,
    pub paper_empty: &'static str,
    pub paper_keyed: &'static str,
    pub batch_keyed: &'static str,
    // Keying a form the second time (`{serial}`).
    pub again_not_share: &'static str,
    pub again_missing: &'static str,
    pub again_phone: &'static str,
    pub again_done: &'static str,
    // Re-checks.
    pub recheck_draw: &'static str,
    pub recheck_outcome: &'static str,
    /// Why a form proven false was voided: `{outcome}`, then the note if any.
    pub recheck_void: &'static str,
}

pub const VI: SurveyChecks = SurveyChecks {
    unit_in_reach: "Chọn đơn vị trong phạm vi quản lý",
    name: "Tên đợt khảo sát: bắt buộc, tối đa {n} ký tự",
    decision: "Quyết định phê duyệt (in trên thẻ điều tra viên): bắt buộc, tối đa {n} ký tự",
    dates: "Thời gian: ngày bắt đầu trước ngày kết thúc, không quá {n} ngày",
    method: "Chọn hình thức khảo sát",
    questionnaire: "Chọn mẫu phiếu",
    rule: "Chọn cách tính cỡ mẫu (số phiếu cố định: từ 1 đến 1.000.000)",
    payment: "Tiền công mỗi phiếu: số đồng, từ 0 đến 10.000.000",
    closed: "Đợt khảo sát đã kết thúc",
    seed: "Số gốc ngẫu nhiên: số nguyên từ 0 đến 4.294.967.295, hoặc để trống",
    outcome: "Chọn kết quả phỏng vấn (đợt khảo sát chưa kết thúc)",
    surveyor: "Họ tên và tổ chức của điều tra viên: bắt buộc, tối đa {n} ký tự",
    badge_revoked: "Thẻ của điều tra viên này đã bị thu hồi: không cấp mã đăng nhập",
    draw_rule: "Với từng đơn vị và từng lĩnh vực (hoặc cả đơn vị nếu không chia lĩnh vực), danh sách giữ đúng thứ tự \
                đã nhập được trộn ngẫu nhiên như xáo một cỗ bài theo số gốc, rồi lấy đủ chỉ tiêu từ đầu danh sách \
                đã trộn. Cùng danh sách và cùng số gốc luôn cho cùng một mẫu, nên ai cũng kiểm tra lại được (cách \
                trộn Fisher–Yates, số ngẫu nhiên SplitMix64)",
    no_header: "Không đọc được dòng tiêu đề",
    missing_column: "Thiếu cột {column}",
    unreadable: "Không đọc được dòng này",
    list_unit: "Không có đơn vị này trong phạm vi đợt khảo sát",
    list_date: "Ngày phải viết dạng NNNN-TT-NN, ví dụ 2026-11-20",
    list_required: "Cần có họ tên, thủ tục và lĩnh vực",
    list_cell: "Mỗi ô tối đa {n} ký tự",
    list_empty: "Danh sách không có dòng nào",
    paper_date: "Ngày phỏng vấn: NNNN-TT-NN, từ {first} đến {last}",
    paper_unit: "Đơn vị: không có trong phạm vi đợt khảo sát",
    paper_serial: "Số phiếu: bắt buộc, tối đa {n} ký tự",
    paper_batch: "Lô phiếu: bắt buộc, tối đa {n} ký tự",
    digits_2: "1 (hài lòng) hoặc 0 (không hài lòng)",
    digits_4: "4 (rất tốt), 3 (tốt), 2 (bình thường) hoặc 1 (chưa tốt)",
    paper_overall: "Câu đánh giá chung: gõ {digits}",
    paper_factor: "{factor}: gõ {digits}, hoặc để trống",
    paper_duplicate: "Số phiếu trùng với dòng {n}",
    paper_empty: "Lô phiếu không có dòng nào",
    paper_keyed: "Số phiếu này đã được nhập trong đợt khảo sát",
    batch_keyed: "Lô có số phiếu đã được nhập trước đây: không phiếu nào được lưu",
    again_not_share: "Phiếu số {serial} không thuộc phần nhập lần hai",
    again_missing: "Chưa có phiếu số {serial} trong đợt khảo sát",
    again_phone: "Phiếu số {serial} do điều tra viên nhập trên điện thoại: không nhập lần hai",
    again_done: "Phiếu số {serial} đã được nhập lần hai",
    recheck_draw: "Tỷ lệ phúc tra: từ {n} đến 100 (%); số gốc: số nguyên hoặc để trống",
    recheck_outcome: "Chọn kết quả phúc tra (ghi chú tối đa 500 ký tự)",
    recheck_void: "Phúc tra: {outcome}",
};
