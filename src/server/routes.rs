//! The route table: every route of the application, written once. The router is built from it and the
//! authorisation matrix test (`tests/it/access_matrix.rs`) walks it, so a route cannot be added without
//! the test noticing that its expectations are missing.

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;

use super::{
    account, admin, api, audit, auth, catalogue, citizen, dashboard, images, print, procedures, users, AppState,
};

/// Bodies of photo uploads may be this large; every other route keeps the application's small default.
const UPLOAD_LIMIT: usize = super::photo::MAX_BYTES + 64 * 1024;

macro_rules! route_table {
    ($($method:ident $path:literal => $handler:path $([$limit:expr])?;)*) => {
        /// `(method, path)` of every route, in the order they are registered.
        pub const ROUTES: &[(&str, &str)] = &[$((stringify!($method), $path)),*];

        pub fn routes() -> Router<AppState> {
            Router::new()$(.route($path, $method($handler)$(.layer(DefaultBodyLimit::max($limit)))?))*
        }
    };
}

route_table! {
    get "/" => citizen::home;
    get "/q/{token}" => citizen::form;
    post "/q/{token}" => citizen::submit;
    get "/q/{token}/cam-on" => citizen::thanks;
    get "/q/{token}/photo" => images::citizen_photo;
    get "/qr/{file}" => images::qr_image;
    get "/photos/official/{id}" => images::official_photo;
    get "/login" => auth::login_page;
    post "/login" => auth::login;
    post "/logout" => auth::logout;
    get "/account/password" => account::page;
    post "/account/password" => account::change;
    get "/dashboard" => dashboard::page;
    get "/admin" => admin::page;
    get "/print/counter/{id}" => print::counter_poster;
    get "/print/official/{id}" => print::official_card;
    get "/print/unit/{id}" => print::unit_sheet;
    post "/print/counter/{id}/new-code" => print::new_counter_code;
    post "/print/official/{id}/new-code" => print::new_official_code;
    post "/admin/qr/{id}/revoke" => admin::revoke_qr;
    post "/admin/units" => catalogue::create_unit;
    post "/admin/units/{id}" => catalogue::update_unit;
    post "/admin/units/{id}/counters" => catalogue::create_counter;
    post "/admin/counters/{id}" => catalogue::update_counter;
    post "/admin/units/{id}/officials" => catalogue::create_official [UPLOAD_LIMIT];
    post "/admin/officials/{id}" => catalogue::update_official [UPLOAD_LIMIT];
    get "/admin/procedures" => procedures::page;
    post "/admin/procedures/preview" => procedures::preview [UPLOAD_LIMIT];
    post "/admin/procedures/import" => procedures::import [UPLOAD_LIMIT];
    post "/admin/units/{id}/procedures" => procedures::set_offer;
    get "/admin/users" => users::page;
    post "/admin/users" => users::create;
    post "/admin/users/{id}/reset-password" => users::reset_password;
    post "/admin/users/{id}/active" => users::set_active;
    get "/admin/audit" => audit::page;
    get "/api/v1/units" => api::units;
    get "/api/v1/units/{id}" => api::unit;
    get "/api/v1/units/{id}/counters" => api::counters;
    get "/api/v1/units/{id}/officials" => api::officials;
    get "/api/v1/units/{id}/procedures" => api::procedures;
    get "/api/v1/units/{id}/summary" => api::unit_summary;
    get "/api/v1/{*rest}" => api::not_found;
    get "/healthz" => api::health;
}
