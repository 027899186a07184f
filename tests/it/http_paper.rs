//! Paper forms and phúc tra over HTTP: forms keyed one by one (a serial keyed twice refused, a digit the 2-level form
//! has not refused) and as a batch (all or none); they count as channel paper; a re-check sample of at least 10 % of
//! each batch is the stated algorithm's for the seed; outcomes recorded, a form proven false voided and out of every
//! figure; the discrepancy rate shown; the share keyed twice compared with the first keying; every change audited.

use axum::http::{header, StatusCode};
use hailong::domain::time::Timestamp;

use crate::db::{count_all, TestDb};
use crate::fixture::{csrf_of, world};
use crate::http_surveys::plan;
use crate::on_both_backends;
use hailong::domain::ids::{CampaignId, ResponseId};
use hailong::domain::report::ReportPeriod;

async fn paper_forms_are_keyed_rechecked_and_a_false_one_voided(db: TestDb) {
    let world = world(db).await;
    let admin = world.login().await;
    let campaign = plan(&world, &admin).await; // the 2-level paper form
    let id: CampaignId = campaign.rsplit('/').next().unwrap().parse().unwrap();
    let page = format!("{campaign}/paper");
    let csrf = csrf_of(&world.get(&page, Some(&admin)).await.text);
    let unit = world.commune.id.to_string();
    let form = |serial: &'static str, overall: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("unit", unit.clone()),
            ("batch", "L1".into()),
            ("serial", serial.into()),
            ("overall", overall.into()),
            ("f3", "1".into()),
        ]
    };
    let as_refs = |f: &Vec<(&'static str, String)>| f.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>();
    let post = |fields: Vec<(&'static str, String)>| {
        let world = &world;
        let admin = admin.clone();
        let page = page.clone();
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            world.post_form(&page, &fields, Some(&admin)).await
        }
    };
    let saved = post(as_refs(&form("L1-001", "1"))).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    let next = saved.header(header::LOCATION).unwrap();
    assert!(next.contains("saved=L1-001") && next.contains("batch=L1"), "the next form keeps the batch: {next}");
    assert!(world.get(&next, Some(&admin)).await.text.contains("Đã lưu phiếu số L1-001."));
    let again = post(as_refs(&form("L1-001", "0"))).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.text.contains("Số phiếu này đã được nhập"));
    // A form filled in on the campaign's first day counts on that day (local noon), whenever it is keyed.
    let mut dated = as_refs(&form("D-001", "1"));
    let first_day =
        format!("{}-01-01", chrono::Datelike::year(&hailong::domain::period::local_date(chrono::Utc::now())));
    dated.push(("date", first_day.clone()));
    assert_eq!(post(dated).await.status, StatusCode::SEE_OTHER);
    let everything =
        hailong::store::Scope { unit_id: world.province.id, from_ms: 0, to_ms: i64::MAX, official_id: None };
    let stored =
        world.store().recent_responses(&everything, hailong::store::ListPlace::FIRST, 50, false).await.unwrap();
    let noon =
        hailong::domain::period::local_midnight_ms(chrono::NaiveDate::parse_from_str(&first_day, "%Y-%m-%d").unwrap())
            + 12 * 3_600_000;
    assert!(stored.iter().any(|r| r.submitted_at == Timestamp::from_millis(noon)), "the dated form counts on its day");
    let three = post(as_refs(&form("L1-002", "3"))).await;
    assert_eq!(three.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(three.text.contains("gõ 1 (hài lòng) hoặc 0 (không hài lòng)"));

    // A batch: one bad line refuses it all; then 19 more of L1 and 10 of L2.
    let import = format!("{campaign}/paper/import");
    let bad = format!("unit,serial,batch,overall\n{unit},L1-050,L1,1\n{unit},L1-051,L1,x\n");
    let refused = world.post_form(&import, &[("csrf", &csrf), ("csv", &bad)], Some(&admin)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text.contains("Dòng 3:"));
    let mut csv = String::from("unit,serial,batch,overall,f1\n");
    for i in 2..=20 {
        csv += &format!("{unit},L1-{i:03},L1,{},1\n", i % 4 != 0);
    }
    for i in 1..=10 {
        csv += &format!("{unit},L2-{i:03},L2,1,\n");
    }
    let csv = csv.replace(",true,", ",1,").replace(",false,", ",0,");
    let imported = world.post_form(&import, &[("csrf", &csrf), ("csv", &csv)], Some(&admin)).await;
    assert_eq!(imported.status, StatusCode::SEE_OTHER, "{}", imported.text);
    let store = world.store();
    let forms = store.campaign_forms(id).await.unwrap();
    assert_eq!(forms.len(), 31);
    count_all(store).await;

    // Re-checks: 10 % of each batch, rounded up — 3 of L1's 21, 1 of L2's 10 — as the algorithm draws for seed 5.
    let expected = hailong::services::paper::draw_rechecks(&forms, &[], 10, 5);
    let drawn = world
        .post_form(&format!("{campaign}/rechecks"), &[("csrf", &csrf), ("percent", "10"), ("seed", "5")], Some(&admin))
        .await;
    assert_eq!(drawn.status, StatusCode::SEE_OTHER);
    let rechecks = store.rechecks(id).await.unwrap();
    let mut got: Vec<ResponseId> = rechecks.iter().map(|r| r.form.response_id).collect();
    let mut want = expected.clone();
    got.sort_unstable();
    want.sort_unstable();
    assert_eq!((got.len(), got), (4, want));
    let shown = world.get(&page, Some(&admin)).await.text;
    let draws = &shown[shown.find("Các lần đã chọn").expect("the draws are listed")..];
    assert!(draws.contains("10% số phiếu của mỗi điều tra viên hoặc lô") && draws.contains(">5</strong>: 4 phiếu"));
    let low =
        world.post_form(&format!("{campaign}/rechecks"), &[("csrf", &csrf), ("percent", "5")], Some(&admin)).await;
    assert_eq!(low.status, StatusCode::UNPROCESSABLE_ENTITY, "below 10 % is refused");

    // Outcomes: confirmed; answers differ (voided); respondent not found (kept).
    let outcomes = [("confirmed", ""), ("differs", "1"), ("not_found", "")];
    for (recheck, (outcome, void)) in rechecks.iter().zip(outcomes) {
        let fields = [("csrf", csrf.as_str()), ("outcome", outcome), ("note", "Gọi điện lại"), ("void", void)];
        let recorded = world.post_form(&format!("/rechecks/{}", recheck.form.response_id), &fields, Some(&admin)).await;
        assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.text);
    }
    let after = store.rechecks(id).await.unwrap();
    let voided: Vec<bool> = after.iter().map(|r| r.form.voided).collect();
    assert_eq!(voided.iter().filter(|v| **v).count(), 1, "only the form whose answers differ is voided");
    let shown = world.get(&page, Some(&admin)).await.text;
    assert!(shown.contains("66,7%"), "two discrepancies of three re-checks");

    // The second keying of the share keyed twice: two forms of that share keyed, then keyed again — one alike, one
    // with another overall answer; a form outside the share is refused.
    let chosen: Vec<String> =
        (0..).map(|i| format!("Z-{i:03}")).filter(|s| hailong::domain::survey::keyed_twice(id, s)).take(2).collect();
    let outside = (0..).map(|i| format!("Y-{i:03}")).find(|s| !hailong::domain::survey::keyed_twice(id, s)).unwrap();
    let batch = format!(
        "unit,serial,batch,overall,f2\n{unit},{},Z,1,1\n{unit},{},Z,1,\n{unit},{outside},Z,1,\n",
        chosen[0], chosen[1]
    );
    let keyed = world.post_form(&import, &[("csrf", &csrf), ("csv", &batch)], Some(&admin)).await;
    assert_eq!(keyed.status, StatusCode::SEE_OTHER, "{}", keyed.text);
    let again = format!("{campaign}/paper/again");
    let second = |serial: &str, overall: &str, f2: &str| {
        let fields = [
            ("csrf", csrf.clone()),
            ("serial", serial.to_owned()),
            ("overall", overall.to_owned()),
            ("f2", f2.to_owned()),
        ];
        let (world, admin, again) = (&world, admin.clone(), again.clone());
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            world.post_form(&again, &fields, Some(&admin)).await
        }
    };
    assert_eq!(second(&chosen[0], "1", "1").await.status, StatusCode::SEE_OTHER);
    assert_eq!(second(&chosen[1], "0", "").await.status, StatusCode::SEE_OTHER);
    assert_eq!(second(&chosen[1], "1", "").await.status, StatusCode::UNPROCESSABLE_ENTITY, "keyed twice already");
    let refused = second(&outside, "1", "").await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text.contains("không thuộc phần nhập lần hai"));
    let forms = store.campaign_forms(id).await.unwrap();
    let second_of = |serial: &str| forms.iter().find(|f| f.serial == serial).unwrap().second_match;
    assert_eq!((second_of(&chosen[0]), second_of(&chosen[1])), (Some(true), Some(false)));
    let shown = world.get(&page, Some(&admin)).await.text;
    let mismatches = &shown[shown.find("Phiếu nhập lần hai không khớp").expect("the mismatches")..];
    assert!(mismatches[..mismatches.find("</p>").unwrap()].contains(chosen[1].as_str()));

    // A form keyed wrong is voided and keyed anew under its serial; while it stands, its serial is taken.
    let wrong = forms.iter().find(|f| f.serial == chosen[1]).unwrap().response_id;
    let void = [("csrf", csrf.as_str()), ("reason", "Nhập sai: đối chiếu phiếu giấy")];
    assert_eq!(
        world.post_form(&format!("/responses/{wrong}/void"), &void, Some(&admin)).await.status,
        StatusCode::SEE_OTHER
    );
    let rekey = [
        ("csrf", csrf.as_str()),
        ("unit", unit.as_str()),
        ("batch", "Z"),
        ("serial", chosen[1].as_str()),
        ("overall", "0"),
    ];
    assert_eq!(world.post_form(&page, &rekey, Some(&admin)).await.status, StatusCode::SEE_OTHER, "keyed anew");
    assert_eq!(world.post_form(&page, &rekey, Some(&admin)).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let standing = store.campaign_forms(id).await.unwrap();
    let of_serial: Vec<bool> = standing.iter().filter(|f| f.serial == chosen[1]).map(|f| f.voided).collect();
    assert_eq!(of_serial, [true, false]);

    // The figures: 30 paper forms less the voided one, channel paper (and the three keyed for the second keying).
    count_all(store).await;
    let today = hailong::domain::rollup::local_day(chrono::Utc::now().timestamp_millis());
    let quarter = ReportPeriod::Quarter { year: 2000, quarter: 1 }.current(today).key();
    let report = world.get(&format!("/reports/csv?unit={}&period={quarter}", world.commune.id), Some(&admin)).await;
    let paper_line = report.text.lines().find(|l| l.starts_with("Phiếu giấy,")).expect("the paper channel's line");
    // 31 keyed, 3 more for the second keying, one voided; the form dated 1 January counts in the first quarter.
    let expected = if quarter.ends_with("-Q1") { 33 } else { 32 };
    assert!(paper_line.contains(&format!(",{expected},")), "{paper_line}");
    let audit = store.audit_entries(&[world.commune.id], false, 50).await.unwrap();
    let actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
    for action in [
        "campaign.key_paper",
        "campaign.import_paper",
        "campaign.draw_rechecks",
        "campaign.recheck",
        "campaign.key_again",
    ] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
}
on_both_backends!(paper_forms_are_keyed_rechecked_and_a_false_one_voided);
