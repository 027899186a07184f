//! Imports are bounded: a campaign's customer list, a batch of paper forms and a manager's transaction counts each
//! refuse a file over their cap whole, saying the cap, and name only the first 20 bad lines of a bad file, counting
//! the rest — so a file of any length answers with a short page (30,000 bad lines had made a 2.5 MB one).

use axum::http::StatusCode;
use hailong::domain::access::Role;
use hailong::domain::ids::CampaignId;

use crate::db::TestDb;
use crate::fixture::{csrf_of, world, Reply, World};
use crate::on_both_backends;

/// A page short whatever the file's length.
const SHORT_PAGE: usize = 100 * 1024;

/// `n` lines that name no unit of the campaign or the manager, after `header`.
fn bad_lines(header: &str, n: usize) -> String {
    format!("{header}\n{}", "x\n".repeat(n))
}

/// A refusal naming lines 2 to 21 (by `named`, e.g. `Dòng 21:`), and no line after them.
fn names_twenty(reply: &Reply, named: impl Fn(usize) -> String, counted: &str) {
    assert!(reply.text.len() < SHORT_PAGE, "a short page, not {} bytes", reply.text.len());
    assert!(reply.text.contains(&named(2)) && reply.text.contains(&named(21)), "the first 20 are named");
    assert!(!reply.text.contains(&named(22)), "the 21st bad line is only counted");
    assert!(reply.text.contains(counted), "the rest counted: {counted}");
}

async fn campaign(world: &World, admin: &str) -> (String, String) {
    let page = crate::http_surveys::plan(world, admin).await;
    let csrf = csrf_of(&world.get(&page, Some(admin)).await.text);
    (page, csrf)
}

async fn a_customer_list_names_its_first_bad_lines_and_refuses_one_over_the_cap(db: TestDb) {
    let world = world(db).await;
    let admin = world.login().await;
    let (page, csrf) = campaign(&world, &admin).await;
    let import = format!("{page}/respondents");
    let header = "unit,name,contact,procedure,field,date";
    let bad = bad_lines(header, 30_000);
    let refused = world.post_form(&import, &[("csrf", &csrf), ("csv", &bad)], Some(&admin)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    names_twenty(&refused, |n| format!("Dòng {n}:"), "… và 29.980 dòng lỗi khác");

    let mut long = format!("{header}\n");
    for i in 0..50_001 {
        long += &format!("{},N{i},,P,F,2026-11-02\n", world.commune.id);
    }
    let refused = world.post_form(&import, &[("csrf", &csrf), ("csv", &long)], Some(&admin)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text.contains("Tệp quá dài: tối đa 50.000 dòng"), "the cap is said");
    let id: CampaignId = page.rsplit('/').next().unwrap().parse().unwrap();
    assert!(world.store().respondents(id).await.unwrap().is_empty(), "nothing of it stored");
}
on_both_backends!(a_customer_list_names_its_first_bad_lines_and_refuses_one_over_the_cap);

async fn a_paper_batch_names_its_first_bad_lines_and_refuses_one_over_the_cap(db: TestDb) {
    let world = world(db).await;
    let admin = world.login().await;
    let (page, csrf) = campaign(&world, &admin).await;
    let import = format!("{page}/paper/import");
    let header = "unit,serial,batch,overall";
    let refused = world.post_form(&import, &[("csrf", &csrf), ("csv", &bad_lines(header, 5_000))], Some(&admin)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    names_twenty(&refused, |n| format!("Dòng {n}:"), "… và 4.980 dòng lỗi khác");

    let mut long = format!("{header}\n");
    for i in 0..5_001 {
        long += &format!("{},S-{i},L,1\n", world.commune.id);
    }
    let refused = world.post_form(&import, &[("csrf", &csrf), ("csv", &long)], Some(&admin)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text.contains("Tệp quá dài: tối đa 5.000 dòng"), "the API's cap is said");
    let id: CampaignId = page.rsplit('/').next().unwrap().parse().unwrap();
    assert!(world.store().campaign_forms(id).await.unwrap().is_empty(), "no form of it stored");
}
on_both_backends!(a_paper_batch_names_its_first_bad_lines_and_refuses_one_over_the_cap);

async fn a_counts_file_names_its_first_bad_lines_and_refuses_one_over_the_cap(db: TestDb) {
    let world = world(db).await;
    let commune = world.commune.id;
    let password = world.account("quanly.a", Role::UnitManager, Some(commune), None).await;
    let manager = world.login_as("quanly.a", &password).await;
    let csrf = csrf_of(&world.get("/admin/transactions", Some(&manager)).await.text);
    let preview = |csv: String| {
        let (world, manager, csrf) = (&world, &manager, &csrf);
        async move {
            let file = Some(("counts", csv.as_bytes()));
            world.post_multipart("/admin/transactions/preview", &[("csrf", csrf)], file, manager).await
        }
    };
    let checked = preview(bad_lines("unit,month,count", 5_000)).await;
    assert_eq!(checked.status, StatusCode::OK);
    assert!(checked.text.contains("0 / 5000 dòng hợp lệ"), "every line counted");
    // A named line is a row whose first cell is its number.
    names_twenty(&checked, |n| format!("<td class=\"num\">{n}</td>"), "… và 4.980 dòng lỗi khác");

    let month = chrono::Utc::now().format("%Y-%m").to_string();
    let long = format!("unit,month,count\n{}", format!("{commune},{month},1\n").repeat(5_001));
    let refused = preview(long.clone()).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text.contains("Tệp quá dài: tối đa 5.000 dòng"), "the API's cap is said");
    let imported =
        world.post_form("/admin/transactions/import", &[("csrf", &csrf), ("csv", &long)], Some(&manager)).await;
    assert_eq!(imported.status, StatusCode::UNPROCESSABLE_ENTITY, "the import checks the cap again");
    assert_eq!(world.store().transactions_in(&[commune], 0, i64::MAX).await.unwrap(), 0, "nothing stored");
}
on_both_backends!(a_counts_file_names_its_first_bad_lines_and_refuses_one_over_the_cap);
