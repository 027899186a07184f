//! The authorisation matrix: every route of `hailong::app::ROUTES` × every role (plus an anonymous
//! visitor, and people of another commune) with the answer each must get. A route missing from this
//! table, or a row for a route that no longer exists, fails the test.

use hailong::domain::ids::QuestionnaireId;
use hailong::domain::time::Timestamp;
use std::collections::BTreeMap;

use axum::http::StatusCode;
use hailong::app::ROUTES;
use hailong::domain::access::Role;
use hailong::store::Photo;

use crate::db::TestDb;
use crate::fixture::{csrf_of, session_cookie, world, World};
use crate::on_both_backends;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Answer {
    /// 200.
    Ok,
    /// 303 somewhere other than the login page (a successful post).
    Done,
    /// 303 to the login page.
    Login,
    /// 401 (the API).
    Unauthorized,
    Forbidden,
    NotFound,
    /// 422: allowed, but the (empty) form was refused.
    Invalid,
}
use Answer::*;

/// Who tries: an anonymous visitor, the administrator, the province's office, commune B's office, and
/// commune A's leader, counter head and official, and commune B's leader.
const WHO: [&str; 8] = ["anonymous", "admin", "manager_p", "manager_b", "leader_a", "head_a", "official_a", "leader_b"];

/// The expected answers, in the order of `WHO`. Resources are commune A's.
fn matrix() -> BTreeMap<(&'static str, &'static str), [Answer; 8]> {
    let everyone = |a: Answer| [a; 8];
    let staff_only = |a: Answer| [Login, a, a, a, a, a, a, a];
    // Commune A's results: B's people get 404, officials only their own (page) or 403 (API).
    let a_results_page = [Login, Ok, Ok, NotFound, Ok, Ok, Ok, NotFound];
    let a_results_api = [Unauthorized, Ok, Ok, NotFound, Ok, Ok, Forbidden, NotFound];
    // Managing commune A's codes: its managers only.
    let a_catalogue_page = [Login, Ok, Ok, NotFound, Forbidden, Forbidden, Forbidden, Forbidden];
    let a_catalogue_post = [Login, Done, Done, NotFound, Forbidden, Forbidden, Forbidden, Forbidden];
    // Commune A's catalogue forms, sent empty: refused as invalid once authorised.
    let a_catalogue_form = [Login, Invalid, Invalid, NotFound, Forbidden, Forbidden, Forbidden, Forbidden];
    // Pages of one's own subtree for those who manage it.
    let managers = |a: Answer| [Login, a, a, a, Forbidden, Forbidden, Forbidden, Forbidden];
    let admin_only = |a: Answer| [Login, a, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden];
    BTreeMap::from([
        (("get", "/"), everyone(Ok)),
        (("get", "/q/{token}"), everyone(Ok)),
        (("post", "/q/{token}"), everyone(Done)),
        (("get", "/q/{token}/cam-on"), everyone(Ok)),
        (("get", "/qr/{file}"), everyone(Ok)),
        // A citizen sees an official's photo through the code they scanned; staff through their subtree.
        (("get", "/q/{token}/photo"), everyone(Ok)),
        // A QR code's token is no receipt link (http_receipts walks a real one).
        (("get", "/r/{token}"), everyone(NotFound)),
        (("post", "/r/{token}"), everyone(NotFound)),
        (("get", "/r/{token}/cam-on"), everyone(NotFound)),
        (("get", "/r/{token}/photo"), everyone(NotFound)),
        (("get", "/r/{token}/phieu"), everyone(NotFound)),
        (("get", "/r/{token}/{file}"), everyone(NotFound)),
        (("get", "/photos/official/{id}"), [Login, Ok, Ok, NotFound, Ok, Ok, Ok, NotFound]),
        // Survey campaigns: managers of the subtree. Forms sent empty are refused once authorised.
        (("get", "/surveys"), managers(Ok)),
        (("post", "/surveys"), [Login, Invalid, Invalid, Invalid, Forbidden, Forbidden, Forbidden, Forbidden]),
        (("get", "/surveys/{id}"), a_catalogue_page),
        (("post", "/surveys/{id}/respondents"), a_catalogue_form),
        (("post", "/surveys/{id}/sample"), a_catalogue_post),
        (("post", "/surveys/{id}/surveyors"), a_catalogue_form),
        (("post", "/surveys/{id}/close"), a_catalogue_post),
        (("get", "/surveyors/{id}/badge"), a_catalogue_page),
        (("get", "/surveys/{id}/paper"), a_catalogue_page),
        (("post", "/surveys/{id}/paper"), a_catalogue_form),
        (("post", "/surveys/{id}/paper/import"), a_catalogue_form),
        (("post", "/surveys/{id}/paper/again"), a_catalogue_form),
        (("post", "/surveys/{id}/rechecks"), a_catalogue_post),
        (("post", "/rechecks/{id}"), a_catalogue_form),
        (("post", "/respondents/{id}/outcome"), a_catalogue_form),
        (("post", "/surveyors/{id}/revoke"), a_catalogue_post),
        // The matrix revokes the surveyor first (rows run in order): a code is then refused once authorised.
        (("post", "/surveyors/{id}/sign-in-code"), a_catalogue_form),
        // A multipart form without a file: refused once authorised.
        (("post", "/surveyors/{id}/photo"), a_catalogue_form),
        // The surveyor's phone answers its own credential, never a person's session (http_surveyor_phones walks it).
        (("get", "/dieu-tra"), everyone(Ok)),
        (("post", "/dieu-tra/dang-nhap"), everyone(Invalid)),
        (("post", "/dieu-tra/api/interviews"), everyone(Unauthorized)),
        (("post", "/dieu-tra/api/outcomes"), everyone(Unauthorized)),
        // A surveyor's badge is checked by anyone.
        (("get", "/xac-minh/{token}"), everyone(Ok)),
        (("get", "/xac-minh/{token}/qr.png"), everyone(Ok)),
        // No photo uploaded in the matrix (http_surveyor_phones uploads one).
        (("get", "/xac-minh/{token}/photo"), everyone(NotFound)),
        // Public results: anyone.
        (("get", "/cong-khai"), everyone(Ok)),
        (("get", "/cong-khai/{id}"), everyone(Ok)),
        (("get", "/cong-khai/{id}/nhung"), everyone(Ok)),
        (("get", "/login"), everyone(Ok)),
        // A login form's own token (bound to the login page's cookie) is needed; a session's form token is not one.
        (
            ("post", "/login"),
            [Unauthorized, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden],
        ),
        (("post", "/logout"), everyone(Login)),
        (("get", "/account/password"), staff_only(Ok)),
        (("post", "/account/password"), staff_only(Invalid)),
        (("get", "/dashboard"), a_results_page),
        (("get", "/dashboard/live"), a_results_page),
        // Alerts are for those who handle them: not officials. An empty acknowledgement is refused.
        (("get", "/alerts"), [Login, Ok, Ok, NotFound, Ok, Ok, Forbidden, NotFound]),
        (
            ("post", "/alerts/{id}/acknowledge"),
            [Login, Invalid, Invalid, NotFound, Invalid, Invalid, Forbidden, NotFound],
        ),
        // The register is read like alerts; voiding is for managers (an empty reason is refused).
        (("get", "/responses"), [Login, Ok, Ok, NotFound, Ok, Ok, Forbidden, NotFound]),
        // Reports: leaders and managers of the subtree; not officials.
        (("get", "/reports"), [Login, Ok, Ok, NotFound, Ok, Ok, Forbidden, NotFound]),
        (("get", "/reports/xlsx"), [Login, Ok, Ok, NotFound, Ok, Ok, Forbidden, NotFound]),
        (("get", "/reports/csv"), [Login, Ok, Ok, NotFound, Ok, Ok, Forbidden, NotFound]),
        (
            ("post", "/responses/{id}/void"),
            [Login, Invalid, Invalid, NotFound, Forbidden, Forbidden, Forbidden, Forbidden],
        ),
        (
            ("post", "/responses/{id}/review"),
            [Login, Invalid, Invalid, NotFound, Forbidden, Forbidden, Forbidden, Forbidden],
        ),
        (("get", "/admin/units/{id}/alerts"), a_catalogue_page),
        (("post", "/admin/units/{id}/alert-rules"), a_catalogue_form),
        (("post", "/admin/alert-rules/{id}/remove"), a_catalogue_post),
        (("post", "/admin/units/{id}/webhook"), a_catalogue_form),
        (("post", "/admin/units/{id}/webhook/remove"), a_catalogue_post),
        // Commune A has no webhook here: nothing to test, once authorised.
        (
            ("post", "/admin/units/{id}/webhook/test"),
            [Login, NotFound, NotFound, NotFound, Forbidden, Forbidden, Forbidden, Forbidden],
        ),
        (("get", "/admin"), managers(Ok)),
        (("get", "/print/counter/{id}"), a_catalogue_page),
        (("get", "/print/official/{id}"), a_catalogue_page),
        (("get", "/print/unit/{id}"), a_catalogue_page),
        (("post", "/print/counter/{id}/new-code"), a_catalogue_post),
        (("post", "/print/official/{id}/new-code"), a_catalogue_post),
        (("post", "/admin/qr/{id}/revoke"), a_catalogue_post),
        (("post", "/admin/units"), managers(Invalid)),
        (("post", "/admin/units/{id}"), a_catalogue_form),
        (("post", "/admin/units/{id}/counters"), a_catalogue_form),
        (("post", "/admin/counters/{id}"), a_catalogue_form),
        (("post", "/admin/units/{id}/officials"), a_catalogue_form),
        (("post", "/admin/officials/{id}"), a_catalogue_form),
        (("get", "/admin/procedures"), managers(Ok)),
        // The national catalogue: administrators only.
        (("post", "/admin/procedures/preview"), admin_only(Invalid)),
        (("post", "/admin/procedures/import"), admin_only(Invalid)),
        (("get", "/admin/transactions"), managers(Ok)),
        (("post", "/admin/transactions/preview"), managers(Invalid)),
        (("post", "/admin/transactions/import"), managers(Invalid)),
        (("post", "/admin/units/{id}/procedures"), a_catalogue_post),
        (("get", "/admin/users"), managers(Ok)),
        (("post", "/admin/users"), managers(Invalid)),
        // On an account of commune A.
        (("post", "/admin/users/{id}/reset-password"), a_catalogue_page),
        (("post", "/admin/users/{id}/active"), a_catalogue_post),
        (("post", "/admin/users/{id}/unlock"), a_catalogue_post),
        (("get", "/admin/audit"), managers(Ok)),
        // Commune A's tablets: its managers; the pairing code is shown on the page answered.
        (("get", "/admin/units/{id}/devices"), a_catalogue_page),
        (("post", "/admin/counters/{id}/pairing-code"), a_catalogue_page),
        (("post", "/admin/devices/{id}/revoke"), a_catalogue_post),
        // Sent without the official whose PIN to unlock: refused once authorised (http_pin_locks unlocks one).
        (("post", "/admin/devices/{id}/pin-unlock"), a_catalogue_form),
        (("post", "/admin/officials/{id}/pin"), a_catalogue_form),
        (("post", "/admin/units/{id}/api-keys"), a_catalogue_form),
        (("post", "/admin/api-keys/{id}/revoke"), a_catalogue_post),
        // Machine clients only: a person's session is no API key.
        (("put", "/api/v1/counters/{id}/serving"), everyone(Unauthorized)),
        (("post", "/api/v1/dossiers"), everyone(Unauthorized)),
        (("put", "/api/v1/transactions"), everyone(Unauthorized)),
        // The API's description holds no data: public.
        (("get", "/api/v1/openapi.json"), everyone(Ok)),
        (("get", "/api/v1/docs"), everyone(Ok)),
        // The tablet's routes answer the tablet's credential, never a person's session.
        (("get", "/kiosk"), everyone(Ok)),
        (("post", "/kiosk/pair"), everyone(Invalid)),
        (("get", "/kiosk/photos/{id}"), everyone(NotFound)),
        (("post", "/kiosk/api/heartbeat"), everyone(Unauthorized)),
        (("post", "/kiosk/api/ratings"), everyone(Unauthorized)),
        (("post", "/kiosk/api/duty"), everyone(Unauthorized)),
        (("post", "/kiosk/api/duty/end"), everyone(Unauthorized)),
        (("get", "/api/v1/units"), [Unauthorized, Ok, Ok, Ok, Ok, Ok, Forbidden, Ok]),
        (("get", "/api/v1/units/{id}"), a_results_api),
        (("get", "/api/v1/units/{id}/counters"), a_results_api),
        (("get", "/api/v1/units/{id}/officials"), a_results_api),
        (("get", "/api/v1/units/{id}/procedures"), a_results_api),
        (("get", "/api/v1/units/{id}/summary"), a_results_api),
        (("get", "/api/v1/units/{id}/responses"), a_results_api),
        (("get", "/api/v1/{*rest}"), everyone(NotFound)),
        (("get", "/healthz"), everyone(Ok)),
        (("get", "/readyz"), everyone(Ok)),
        // Without the metrics token (none is configured here) it does not exist.
        (("get", "/metrics"), everyone(NotFound)),
    ])
}

/// A signed-in person (or a visitor who opened the login page): their cookie and their forms' token.
struct Visitor {
    cookie: String,
    csrf: String,
}

async fn visitors(world: &World) -> (Vec<Visitor>, i64) {
    let (a, b, p) = (world.commune.id, world.other_commune.id, world.province.id);
    let accounts = [
        ("manager_p", Role::UnitManager, Some(p), None),
        ("manager_b", Role::UnitManager, Some(b), None),
        ("leader_a", Role::Leader, Some(a), None),
        ("head_a", Role::CounterHead, Some(a), None),
        ("official_a", Role::Official, Some(a), Some(world.official.id)),
        ("leader_b", Role::Leader, Some(b), None),
    ];
    let login_page = world.get("/login", None).await;
    let anonymous = Visitor { cookie: session_cookie(&login_page).unwrap(), csrf: csrf_of(&login_page.text) };
    let mut out = vec![anonymous, signed_in(world, "admin", crate::fixture::ADMIN_PASSWORD).await];
    for (name, role, unit, official) in accounts {
        let password = world.account(name, role, unit, official).await;
        out.push(signed_in(world, name, &password).await);
    }
    // An account of commune A that nobody signs in with: the target of the account routes.
    world.account("spare_a", Role::CounterHead, Some(a), None).await;
    let spare = world.store().user_by_username("spare_a").await.unwrap().unwrap().id;
    (out, spare.get())
}

async fn signed_in(world: &World, name: &str, password: &str) -> Visitor {
    let cookie = world.login_as(name, password).await;
    let csrf = csrf_of(&world.get("/account/password", Some(&cookie)).await.text);
    Visitor { cookie, csrf }
}

/// Commune A's things the routes act on, besides the fixture's.
struct Targets {
    spare_user: i64,
    device: i64,
    key: i64,
    rule: i64,
    alert: i64,
    response: i64,
    campaign: i64,
    surveyor: i64,
    badge: String,
    recheck: i64,
    respondent: i64,
}

/// The id a route's `{id}` takes for commune A's resources.
fn id_of(world: &World, path: &str, of_a: &Targets) -> i64 {
    match path {
        p if p.starts_with("/alerts/") => of_a.alert,
        p if p.starts_with("/admin/alert-rules/") => of_a.rule,
        p if p.starts_with("/admin/users/") => of_a.spare_user,
        p if p.starts_with("/admin/devices/") => of_a.device,
        p if p.starts_with("/admin/api-keys/") => of_a.key,
        p if p.starts_with("/responses/") => of_a.response,
        p if p.starts_with("/surveys/") => of_a.campaign,
        p if p.starts_with("/surveyors/") => of_a.surveyor,
        p if p.starts_with("/rechecks/") => of_a.recheck,
        p if p.starts_with("/respondents/") => of_a.respondent,
        p if p.starts_with("/api/v1/counters/") => world.counter.id.get(),
        p if p.starts_with("/kiosk/photos/") => world.official.id.get(),
        p if p.starts_with("/photos/official/") || p.starts_with("/print/official/") => world.official.id.get(),
        p if p.starts_with("/print/counter/") || p.starts_with("/admin/counters/") => world.counter.id.get(),
        p if p.starts_with("/admin/officials/") => world.official.id.get(),
        p if p.starts_with("/admin/qr/") => world.counter_code.id.get(),
        _ => world.commune.id.get(),
    }
}

/// An id that nothing has: a refusal for it must read exactly like the refusal for a record that exists.
const NO_SUCH_ID: i64 = 999_999_999;

/// The concrete URL of a route with `id` for its `{id}` and commune A's other resources.
fn url(world: &World, path: &str, of_a: &Targets, id: i64) -> String {
    let token = if path.starts_with("/xac-minh/") { &of_a.badge } else { &world.official_code.token };
    let url = path
        .replace("{token}", token)
        .replace("{file}", &format!("{}.png", world.official_code.token))
        .replace("{id}", &id.to_string())
        .replace("{*rest}", "no-such-thing");
    if path == "/dashboard" {
        format!("{url}?unit={}&period=30d", world.commune.id)
    } else if path.starts_with("/reports") {
        format!("{url}?unit={}&period=2026-Q4", world.commune.id)
    } else if path == "/dashboard/live" || path == "/alerts" || path == "/responses" {
        format!("{url}?unit={}", world.commune.id)
    } else {
        url
    }
}

/// One request of the matrix: `unique` makes each citizen's form a submission of its own.
async fn send(
    world: &World,
    (method, path): (&str, &str),
    url: &str,
    visitor: &Visitor,
    unique: &str,
) -> crate::fixture::Reply {
    let multipart = path.ends_with("/officials")
        || path == "/admin/officials/{id}"
        || path.ends_with("/preview")
        || path == "/surveyors/{id}/photo";
    if path == "/dashboard/live" {
        world.get_headers(url, Some(&visitor.cookie)).await // an event stream never ends
    } else if method == "get" {
        world.get(url, Some(&visitor.cookie)).await
    } else if method == "put" {
        world.put_json(url, &serde_json::json!({ "ticket": "A001" }), None, Some(&visitor.cookie)).await
    } else if multipart {
        world.post_multipart(url, &[("csrf", visitor.csrf.as_str()), ("full_name", "")], None, &visitor.cookie).await
    } else {
        let submission = format!("00000000-0000-4000-8000-{unique}");
        let form = [
            ("csrf", visitor.csrf.as_str()),
            ("submission_id", &submission),
            ("overall", "4"),
            ("username", "nobody"),
            ("password", "wrong-password"),
        ];
        world.post_form(url, &form, Some(&visitor.cookie)).await
    }
}

fn answer_of(status: StatusCode, location: &str) -> Option<Answer> {
    Some(match status {
        StatusCode::OK => Ok,
        StatusCode::SEE_OTHER if location.starts_with("/login") => Login,
        StatusCode::SEE_OTHER => Done,
        StatusCode::UNAUTHORIZED => Unauthorized,
        StatusCode::FORBIDDEN => Forbidden,
        StatusCode::NOT_FOUND => NotFound,
        StatusCode::UNPROCESSABLE_ENTITY => Invalid,
        _ => return None,
    })
}

async fn every_route_answers_every_role_as_the_matrix_says(db: TestDb) {
    let world = world(db).await;
    let photo = Photo { content_type: "image/png".into(), bytes: hailong::demo::portrait_png(0) };
    world.write(async |tx| tx.set_official_photo(world.official.id, &photo, Timestamp::from_millis(0)).await).await;
    let matrix = matrix();
    let table: Vec<(&str, &str)> = ROUTES.to_vec();
    for route in &table {
        assert!(matrix.contains_key(route), "route {route:?} has no row in the authorisation matrix");
    }
    for route in matrix.keys() {
        assert!(table.contains(route), "the matrix has a row for {route:?}, which is not a route");
    }
    let (visitors, spare_user) = visitors(&world).await;
    world.pair_tablet("Máy quầy 1").await;
    let device = world.store().devices_in(&[world.commune.id]).await.unwrap()[0].id;
    let commune = world.commune.id;
    let key = world
        .write(async |tx| {
            let key = hailong::store::NewApiKey {
                unit_id: commune,
                name: "Phần mềm xếp hàng",
                scopes: &[hailong::domain::access::ApiScope::Queue],
                prefix: "hl_test",
                key_hash: "not-a-real-hash",
            };
            tx.create_api_key(key, Timestamp::from_millis(0)).await
        })
        .await
        .id;
    // A rule of commune A and an alert it raised.
    let rule = hailong::domain::alert::Rule::new(hailong::domain::alert::RuleKind::Poor, 0, 0, 0).unwrap();
    let rule_id = world.write(async |tx| tx.add_alert_rule(commune, &rule, Timestamp::from_millis(0)).await).await;
    let raised = hailong::store::NewAlert {
        rule_id,
        unit_id: commune,
        raised_at: Timestamp::from_millis(0),
        response_id: None,
        counter_id: None,
        official_id: None,
        detail: "Chưa tốt".into(),
        quiet_ms: 0,
    };
    let alert = world.store().raise_alerts(&[raised]).await.unwrap()[0].id;
    let response = crate::http_live::rate(&world, &world.counter_code, "1", "").await;
    // A campaign of commune A with a surveyor, and the surveyor's badge.
    let campaign = hailong::store::NewCampaign {
        unit_id: commune,
        name: "Khảo sát năm",
        first_day: "2026-01-01",
        last_day: "2026-12-31",
        method: "field",
        questionnaire: "short",
        target_rule: "tiered",
        decision: "Quyết định số 1/QĐ-UBND",
        payment_per_form: 30_000,
    };
    let campaign = world.write(async |tx| tx.create_campaign(campaign, Timestamp::from_millis(0)).await).await;
    let surveyor = world
        .write(async |tx| tx.create_surveyor(campaign, "Lê Văn Điều", "Bưu điện tỉnh", Timestamp::from_millis(0)).await)
        .await;
    let badge = hailong::domain::token::sign(
        &world.state.settings.secret,
        hailong::domain::token::TokenPurpose::Badge,
        surveyor.unsigned_abs(),
    );
    // A paper form of the campaign, drawn for a re-check.
    let keyed = hailong::services::paper::Keyed {
        unit_id: commune,
        serial: "P-001".into(),
        batch: "Lô 1".into(),
        overall: hailong::domain::rating::Level::Good,
        answers: vec![],
        on: None,
    };
    let paper = hailong::services::paper::response(campaign, QuestionnaireId::new(1), &keyed, 0);
    let origin = |entered_by| hailong::store::FormOrigin {
        campaign_id: campaign,
        serial: "P-001",
        batch: "Lô 1",
        surveyor_id: None,
        entered_by: Some(entered_by),
        respondent_id: None,
    };
    let recheck = world.write(async |tx| tx.append_paper_form(&paper, origin(1)).await).await;
    let draw = hailong::store::RecheckDraw { drawn_at: Timestamp::from_millis(0), percent: 10, seed: 1, drawn: 1 };
    world.write(async |tx| tx.draw_rechecks(campaign, &[recheck], &draw).await).await;
    let listed = hailong::store::NewRespondent {
        unit_id: commune,
        name: "Người Dân".into(),
        contact: String::new(),
        procedure: "Khai sinh".into(),
        field: "Hộ tịch".into(),
        served_on: "2026-11-02".into(),
    };
    world.write(async |tx| tx.add_respondents(campaign, std::slice::from_ref(&listed)).await).await;
    let respondent = world.store().respondents(campaign).await.unwrap()[0].id;
    let of_a = Targets {
        spare_user,
        device: device.get(),
        key: key.get(),
        rule: rule_id.get(),
        alert: alert.get(),
        response,
        campaign: campaign.get(),
        surveyor,
        badge,
        recheck: recheck.get(),
        respondent: respondent.get(),
    };
    // Logging out ends the session, so it goes last; closing the campaign just before (a closed one refuses changes).
    let mut order = table.clone();
    order.sort_by_key(|(method, path)| match (*method, *path) {
        ("post", "/logout") => 2,
        ("post", "/surveys/{id}/close") => 1,
        _ => 0,
    });
    let mut failures = Vec::new();
    for (n, (method, path)) in order.into_iter().enumerate() {
        for (i, (who, visitor)) in WHO.iter().zip(&visitors).enumerate() {
            let target = url(&world, path, &of_a, id_of(&world, path, &of_a));
            let reply = send(&world, (method, path), &target, visitor, &format!("{n:06}{i:06}")).await;
            let expected = matrix[&(method, path)][i];
            let got = answer_of(reply.status, &reply.location());
            if got != Some(expected) {
                failures.push(format!(
                    "{method} {target} as {who}: expected {expected:?}, got {} {}",
                    reply.status,
                    reply.location()
                ));
            }
            // A refusal must not tell whether the record exists: the same answer, word for word, for an id that
            // does not (a handler that reads the record before checking the role or the reach fails here).
            if path.contains("{id}") && matches!(expected, Login | Unauthorized | Forbidden | NotFound) {
                let ghost_url = url(&world, path, &of_a, NO_SUCH_ID);
                let ghost = send(&world, (method, path), &ghost_url, visitor, &format!("{n:06}{:06}", i + 100)).await;
                if answer_of(ghost.status, &ghost.location()) != got || ghost.text != reply.text {
                    failures.push(format!(
                        "{method} {path} as {who}: {} for an existing id but {} for one that does not exist",
                        reply.status, ghost.status
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "authorisation matrix violated:\n{}", failures.join("\n"));
}
on_both_backends!(every_route_answers_every_role_as_the_matrix_says);
