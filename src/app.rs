//! The application: every route, written once in a table, and the layers around them. The router is built
//! from the table and the authorisation matrix test (`tests/it/access_matrix.rs`) walks it, so a route cannot
//! be added without the test noticing that its expectations are missing.

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::routing::{get, post, put};
use axum::Router;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::RequestBodyTimeoutLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::{Expiry, SessionManagerLayer};

use crate::features::{
    account, admin, alerts, api, citizen, dashboard, kiosk, ops, photos, print, publication, receipts, reports,
    responses, surveyor, surveys, transactions,
};
use crate::store::DbSessions;
use crate::web::{csp, deadline, error, headers, metrics, site, AppState};

/// Bodies of photo uploads may be this large; every other route keeps the application's small default.
const UPLOAD_LIMIT: usize = crate::services::photo::MAX_BYTES + 64 * 1024;

macro_rules! route_table {
    ($($method:ident $path:literal => $handler:path $([$limit:expr])?;)*) => {
        /// `(method, path)` of every route, in the order they are registered.
        pub const ROUTES: &[(&str, &str)] = &[$((stringify!($method), $path)),*];

        fn routes() -> Router<AppState> {
            Router::new()$(.route($path, $method($handler)$(.layer(DefaultBodyLimit::max($limit)))?))*
        }
    };
}

/// The whole application as one router, apart from `main` so tests drive it directly.
pub fn app(state: AppState) -> Router {
    let sessions = SessionManagerLayer::new(DbSessions(state.store.clone()))
        .with_name("hailong_session")
        .with_secure(state.settings.cookie_secure)
        .with_http_only(true)
        .with_same_site(tower_sessions::cookie::SameSite::Lax)
        .with_expiry(Expiry::OnInactivity(tower_sessions::cookie::time::Duration::hours(8)))
        // Rolling: every request of a signed-in person pushes the expiry 8 hours on (otherwise it would run from
        // the last change to the session, i.e. the sign-in).
        .with_always_save(true);

    routes()
        .route_layer(axum::middleware::from_fn_with_state(state.clone(), metrics::mark_route))
        .fallback(site::serve)
        .layer(axum::middleware::from_fn_with_state(state.clone(), deadline::request_deadline))
        .layer(axum::middleware::from_fn_with_state(state.clone(), metrics::count_requests))
        .layer(RequestBodyTimeoutLayer::new(state.settings.requests.body_gap))
        .layer(axum::middleware::from_fn(error::json_errors_under_api))
        .layer(sessions)
        .layer(DefaultBodyLimit::max(64 * 1024))
        .layer(CompressionLayer::new())
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(axum::middleware::from_fn(csp::content_security_policy))
        .layer(axum::middleware::from_fn_with_state(state.clone(), headers::security_headers))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

route_table! {
    get "/" => citizen::home;
    get "/q/{token}" => citizen::form;
    post "/q/{token}" => citizen::submit;
    get "/q/{token}/cam-on" => citizen::thanks;
    get "/q/{token}/photo" => photos::citizen_photo;
    get "/r/{token}" => citizen::receipt::form;
    post "/r/{token}" => citizen::receipt::submit;
    get "/r/{token}/cam-on" => citizen::receipt::thanks;
    get "/r/{token}/photo" => photos::receipt_photo;
    get "/r/{token}/phieu" => receipts::slip;
    get "/r/{token}/{file}" => receipts::qr_image;
    get "/qr/{file}" => print::qr_image;
    get "/photos/official/{id}" => photos::official_photo;
    get "/cong-khai" => publication::index;
    get "/cong-khai/{id}" => publication::unit;
    get "/cong-khai/{id}/nhung" => publication::embed;
    get "/login" => account::login_page;
    post "/login" => account::login;
    post "/logout" => account::logout;
    get "/account/password" => account::password_page;
    post "/account/password" => account::change_password;
    get "/dashboard" => dashboard::page;
    get "/dashboard/live" => dashboard::live::stream;
    get "/reports" => reports::page;
    get "/reports/xlsx" => reports::xlsx;
    get "/reports/csv" => reports::csv;
    get "/surveys" => surveys::list;
    post "/surveys" => surveys::plan;
    get "/surveys/{id}" => surveys::page;
    post "/surveys/{id}/respondents" => surveys::import_respondents [UPLOAD_LIMIT];
    post "/surveys/{id}/sample" => surveys::draw;
    post "/surveys/{id}/surveyors" => surveys::badge::add;
    post "/surveys/{id}/close" => surveys::close;
    get "/surveys/{id}/paper" => surveys::paper::page;
    post "/surveys/{id}/paper" => surveys::paper::key;
    post "/surveys/{id}/paper/import" => surveys::paper::import [UPLOAD_LIMIT];
    post "/surveys/{id}/paper/again" => surveys::paper::again;
    post "/surveys/{id}/rechecks" => surveys::paper::draw;
    post "/rechecks/{id}" => surveys::paper::record;
    post "/respondents/{id}/outcome" => surveys::set_outcome;
    get "/surveyors/{id}/badge" => surveys::badge::badge;
    post "/surveyors/{id}/revoke" => surveys::badge::revoke;
    post "/surveyors/{id}/sign-in-code" => surveys::phones::new_sign_in_code;
    post "/surveyors/{id}/photo" => surveys::badge::set_photo [UPLOAD_LIMIT];
    get "/xac-minh/{token}" => surveys::badge::verify;
    get "/xac-minh/{token}/qr.png" => surveys::badge::qr;
    get "/xac-minh/{token}/photo" => surveys::badge::photo;
    get "/dieu-tra" => surveyor::page;
    post "/dieu-tra/dang-nhap" => surveyor::sign_in;
    post "/dieu-tra/api/interviews" => surveyor::phone_api::interview;
    post "/dieu-tra/api/outcomes" => surveyor::phone_api::outcome;
    get "/alerts" => alerts::history;
    post "/alerts/{id}/acknowledge" => alerts::acknowledge;
    get "/responses" => responses::register;
    post "/responses/{id}/void" => responses::void;
    post "/responses/{id}/review" => responses::review;
    get "/admin" => admin::page;
    get "/print/counter/{id}" => print::counter_poster;
    get "/print/official/{id}" => print::official_card;
    get "/print/unit/{id}" => print::unit_sheet;
    post "/print/counter/{id}/new-code" => print::new_counter_code;
    post "/print/official/{id}/new-code" => print::new_official_code;
    post "/admin/qr/{id}/revoke" => admin::revoke_qr;
    post "/admin/units" => admin::units::create_unit;
    post "/admin/units/{id}" => admin::units::update_unit;
    post "/admin/units/{id}/counters" => admin::units::create_counter;
    post "/admin/counters/{id}" => admin::units::update_counter;
    post "/admin/units/{id}/officials" => admin::units::create_official [UPLOAD_LIMIT];
    post "/admin/officials/{id}" => admin::units::update_official [UPLOAD_LIMIT];
    get "/admin/procedures" => admin::procedures::page;
    post "/admin/procedures/preview" => admin::procedures::preview [UPLOAD_LIMIT];
    post "/admin/procedures/import" => admin::procedures::import [UPLOAD_LIMIT];
    post "/admin/units/{id}/procedures" => admin::procedures::set_offer;
    get "/admin/users" => admin::users::page;
    post "/admin/users" => admin::users::create;
    post "/admin/users/{id}/reset-password" => admin::users::reset_password;
    post "/admin/users/{id}/active" => admin::users::set_active;
    post "/admin/users/{id}/unlock" => admin::users::unlock;
    get "/admin/audit" => admin::audit::page;
    get "/admin/transactions" => transactions::import::page;
    post "/admin/transactions/preview" => transactions::import::preview [UPLOAD_LIMIT];
    post "/admin/transactions/import" => transactions::import::import [UPLOAD_LIMIT];
    get "/admin/units/{id}/devices" => admin::devices::page;
    post "/admin/counters/{id}/pairing-code" => admin::devices::new_pairing_code;
    post "/admin/devices/{id}/revoke" => admin::devices::revoke;
    post "/admin/devices/{id}/pin-unlock" => admin::devices::unlock_pin;
    post "/admin/officials/{id}/pin" => admin::devices::set_pin;
    post "/admin/units/{id}/api-keys" => admin::devices::new_api_key;
    post "/admin/api-keys/{id}/revoke" => admin::devices::revoke_api_key;
    get "/admin/units/{id}/alerts" => admin::alerts::page;
    post "/admin/units/{id}/alert-rules" => admin::alerts::add;
    post "/admin/alert-rules/{id}/remove" => admin::alerts::remove;
    post "/admin/units/{id}/webhook" => admin::alerts::set_webhook;
    post "/admin/units/{id}/webhook/remove" => admin::alerts::remove_webhook;
    post "/admin/units/{id}/webhook/test" => admin::alerts::test_webhook;
    get "/kiosk" => kiosk::page;
    post "/kiosk/pair" => kiosk::pair;
    get "/kiosk/photos/{id}" => photos::kiosk_photo;
    post "/kiosk/api/heartbeat" => kiosk::device_api::heartbeat;
    post "/kiosk/api/ratings" => kiosk::device_api::rate;
    post "/kiosk/api/duty" => kiosk::device_api::start_duty;
    post "/kiosk/api/duty/end" => kiosk::device_api::end_duty;
    get "/api/v1/units" => api::units;
    get "/api/v1/units/{id}" => api::unit;
    get "/api/v1/units/{id}/counters" => api::counters;
    get "/api/v1/units/{id}/officials" => api::officials;
    get "/api/v1/units/{id}/procedures" => api::procedures;
    get "/api/v1/units/{id}/summary" => api::unit_summary;
    get "/api/v1/units/{id}/responses" => api::responses;
    put "/api/v1/counters/{id}/serving" => api::serving::set_serving;
    post "/api/v1/dossiers" => receipts::register;
    put "/api/v1/transactions" => transactions::put [transactions::MAX_BODY_BYTES];
    get "/api/v1/openapi.json" => api::openapi::json;
    get "/api/v1/docs" => api::openapi::page;
    get "/api/v1/{*rest}" => api::not_found;
    get "/healthz" => api::health;
    get "/readyz" => ops::readyz;
    get "/metrics" => ops::metrics;
}
