//! A small world to test against: a province with one commune, a counter with its official, two
//! procedures, and the application built on it exactly as `main` builds it.

use axum::body::Body;
use axum::http::{header, Request, Response, StatusCode};
use axum::Router;
use hailong::app::app;
use hailong::config::Config;
use hailong::domain::access::Role;
use hailong::domain::time::Timestamp;
use hailong::services::qr::issue as issue_qr_code;
use hailong::startup::{app_state, ensure_first_administrator, settings};
use hailong::store::{
    Counter, NewOfficial, NewProcedure, NewUnit, NewUser, Official, QrCode, QrTarget, Store, Tx, Unit,
};
use hailong::web::AppState;
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::db::TestDb;
use hailong::domain::ids::{OfficialId, ProcedureId, UnitId};

pub const ADMIN_PASSWORD: &str = "test-admin-password";
pub const PUBLIC_URL: &str = "http://hailong.test";

pub struct World {
    pub db: TestDb,
    pub state: AppState,
    pub province: Unit,
    pub commune: Unit,
    pub other_commune: Unit,
    pub counter: Counter,
    pub official: Official,
    pub procedures: Vec<ProcedureId>,
    pub counter_code: QrCode,
    pub official_code: QrCode,
}

/// Configuration as from the environment, for a test: fixed secret and password, nothing written to disk.
pub fn test_config(rate_limit_per_minute: u32) -> Config {
    use clap::Parser;
    let cli = hailong::config::Cli::parse_from([
        "hailong",
        "serve",
        "--secret",
        &"ab".repeat(32),
        "--admin-password",
        ADMIN_PASSWORD,
        "--public-url",
        PUBLIC_URL,
        "--data-dir",
        "/nonexistent-hailong-test-dir",
        // The tests' webhook receivers listen on loopback, as an operator's allowed office receiver would.
        "--webhook-allow",
        "127.0.0.1",
    ]);
    let hailong::config::Command::Serve { mut config, .. } = cli.command else { unreachable!() };
    config.rate_limit_per_minute = rate_limit_per_minute;
    // Tests tell client addresses apart with X-Forwarded-For.
    config.trust_proxy = true;
    config
}

pub async fn world(db: TestDb) -> World {
    world_with_rate_limit(db, 1000).await
}

pub async fn world_with_rate_limit(db: TestDb, rate_limit_per_minute: u32) -> World {
    world_with(db, |config| config.rate_limit_per_minute = rate_limit_per_minute).await
}

/// A world whose configuration the test changes first.
pub async fn world_with(db: TestDb, configure: impl FnOnce(&mut Config)) -> World {
    let mut config = test_config(1000);
    configure(&mut config);
    let rate_limit_per_minute = config.rate_limit_per_minute;
    let store = db.store.clone();
    ensure_first_administrator(&store, &config).await.expect("first administrator");
    let settings = settings(&config).expect("settings");
    let state = app_state(store.clone(), settings, (rate_limit_per_minute, 1000)).await.expect("state");
    let secret = state.settings.secret.clone();
    let mut tx = store.begin().await.unwrap();
    let province = tx
        .create_unit(
            NewUnit { parent_id: None, kind: "province", name: "Tỉnh Thử", code: None },
            Timestamp::from_millis(0),
        )
        .await
        .unwrap();
    let commune = tx
        .create_unit(
            NewUnit { parent_id: Some(province.id), kind: "commune", name: "Xã Một", code: None },
            Timestamp::from_millis(0),
        )
        .await
        .unwrap();
    let other_commune = tx
        .create_unit(
            NewUnit { parent_id: Some(province.id), kind: "commune", name: "Xã Hai", code: None },
            Timestamp::from_millis(0),
        )
        .await
        .unwrap();
    let counter = tx.create_counter(commune.id, "Quầy 1", Timestamp::from_millis(0)).await.unwrap();
    let official = tx
        .create_official(
            NewOfficial {
                unit_id: commune.id,
                counter_id: Some(counter.id),
                full_name: "Nguyễn Văn An",
                title: "Công chức Tư pháp",
                staff_code: None,
            },
            Timestamp::from_millis(0),
        )
        .await
        .unwrap();
    let mut procedures = Vec::new();
    for (code, name, field) in
        [("1.001193", "Đăng ký khai sinh", "Hộ tịch"), ("2.000815", "Chứng thực bản sao", "Chứng thực")]
    {
        let id = tx.upsert_procedure(NewProcedure { code, name, field, valid_from: "2025-07-01" }).await.unwrap();
        tx.offer_procedure(commune.id, id).await.unwrap();
        procedures.push(id);
    }
    let counter_code = issue_qr_code(&mut tx, &secret, commune.id, QrTarget::Counter(counter.id)).await.unwrap();
    let official_code = issue_qr_code(&mut tx, &secret, commune.id, QrTarget::Official(official.id)).await.unwrap();
    tx.commit().await.unwrap();
    World { db, state, province, commune, other_commune, counter, official, procedures, counter_code, official_code }
}

impl World {
    pub fn router(&self) -> Router {
        app(self.state.clone())
    }

    /// Runs one write as its own committed transaction (tests setting the scene).
    pub async fn write<T>(&self, f: impl AsyncFnOnce(&mut Tx) -> hailong::store::StoreResult<T>) -> T {
        let mut tx = self.store().begin().await.unwrap();
        let out = f(&mut tx).await.unwrap();
        tx.commit().await.unwrap();
        out
    }

    /// How many responses the database holds.
    pub async fn responses(&self) -> i64 {
        use sqlx::Connection;
        let mut conn = sqlx::AnyConnection::connect(&self.db.url).await.unwrap();
        sqlx::query_scalar("SELECT COUNT(*) FROM responses").fetch_one(&mut conn).await.unwrap()
    }

    pub fn store(&self) -> &Store {
        &self.db.store
    }

    pub async fn get(&self, uri: &str, cookie: Option<&str>) -> Reply {
        let mut request = Request::get(uri);
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }

    /// A GET with an API key, as a machine client reads results.
    pub async fn machine_get(&self, uri: &str, key: &str) -> Reply {
        let request = Request::get(uri).header(header::AUTHORIZATION, format!("Bearer {key}"));
        self.send(request.body(Body::empty()).unwrap()).await
    }

    /// A GET whose body is not read (an event stream): status and headers only.
    pub async fn get_headers(&self, uri: &str, cookie: Option<&str>) -> Reply {
        let mut request = Request::get(uri);
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        let response = self.router().oneshot(request.body(Body::empty()).unwrap()).await.unwrap();
        Reply { status: response.status(), headers: response.headers().clone(), bytes: vec![], text: String::new() }
    }

    /// A form posted as a browser does. A citizen's rating sent without a cookie comes from a phone of its own
    /// (a fresh phone cookie): tests are many citizens unless they say otherwise, as `http_one_voice` does.
    pub async fn post_form(&self, uri: &str, pairs: &[(&str, &str)], cookie: Option<&str>) -> Reply {
        let body = serde_urlencoded::to_string(pairs).unwrap();
        let mut request = Request::post(uri).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        let citizen = uri.starts_with("/q/") || uri.starts_with("/r/");
        let phone = citizen.then(|| format!("hailong_phone={}", uuid::Uuid::new_v4().simple()));
        if let Some(cookie) = cookie.or(phone.as_deref()) {
            request = request.header(header::COOKIE, cookie);
        }
        self.send(request.body(Body::from(body)).unwrap()).await
    }

    /// A `multipart/form-data` post (forms with a file), as a browser sends it.
    pub async fn post_multipart(
        &self,
        uri: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, &[u8])>,
        cookie: &str,
    ) -> Reply {
        const BOUNDARY: &str = "hailong-test-boundary-7d3f";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend(
                format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").bytes(),
            );
        }
        if let Some((name, bytes)) = file {
            body.extend(
                format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"photo\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend(b"\r\n");
        }
        body.extend(format!("--{BOUNDARY}--\r\n").bytes());
        let request = Request::post(uri)
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
            .header(header::COOKIE, cookie)
            .body(Body::from(body))
            .unwrap();
        self.send(request).await
    }

    /// A JSON post, as the kiosk's script sends it.
    pub async fn post_json(&self, uri: &str, body: &serde_json::Value, cookie: Option<&str>) -> Reply {
        let mut request = Request::post(uri).header(header::CONTENT_TYPE, "application/json");
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        self.send(request.body(Body::from(body.to_string())).unwrap()).await
    }

    /// A JSON put, as machine clients send it (`key`: their API key).
    pub async fn put_json(
        &self,
        uri: &str,
        body: &serde_json::Value,
        key: Option<&str>,
        cookie: Option<&str>,
    ) -> Reply {
        self.machine(Request::put(uri), body, key, cookie).await
    }

    /// A JSON post with an API key, as the one-stop software sends it.
    pub async fn machine_post(&self, uri: &str, body: &serde_json::Value, key: &str) -> Reply {
        self.machine(Request::post(uri), body, Some(key), None).await
    }

    async fn machine(
        &self,
        request: axum::http::request::Builder,
        body: &serde_json::Value,
        key: Option<&str>,
        cookie: Option<&str>,
    ) -> Reply {
        let mut request = request.header(header::CONTENT_TYPE, "application/json");
        if let Some(key) = key {
            request = request.header(header::AUTHORIZATION, format!("Bearer {key}"));
        }
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        self.send(request.body(Body::from(body.to_string())).unwrap()).await
    }

    /// Makes an API key with these scopes for `unit` through the device page, as a manager does; returns the key
    /// shown once.
    pub async fn api_key(&self, cookie: &str, unit: UnitId, scopes: &[&str]) -> String {
        let page = format!("/admin/units/{unit}/devices");
        let csrf = csrf_of(&self.get(&page, Some(cookie)).await.text);
        let mut form = vec![("csrf", csrf.as_str()), ("name", "Phần mềm Một cửa")];
        form.extend(scopes.iter().map(|scope| (*scope, "1")));
        let reply = self.post_form(&format!("/admin/units/{unit}/api-keys"), &form, Some(cookie)).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        let at = reply.text.find("data-testid=\"api-key\"").expect("the new key is shown");
        let start = at + reply.text[at..].find('>').unwrap() + 1;
        reply.text[start..].split('<').next().unwrap().to_owned()
    }

    /// Pairs a tablet with the world's counter (a code made as a manager would, typed as the tablet would) and
    /// returns its credential cookie.
    pub async fn pair_tablet(&self, name: &str) -> String {
        let now = Timestamp::from(chrono::Utc::now());
        let counter = self.counter.id;
        let code = self.write(async |tx| hailong::services::kiosk::create_pairing_code(tx, counter, now).await).await;
        let reply = self.post_form("/kiosk/pair", &[("code", &code), ("name", name)], None).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "pairing should succeed: {}", reply.text);
        session_cookie(&reply).expect("the device credential")
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        Reply::read(self.router().oneshot(request).await.unwrap()).await
    }

    /// Signs in as the configured administrator and returns the session cookie.
    pub async fn login(&self) -> String {
        self.login_as("admin", ADMIN_PASSWORD).await
    }

    /// A new account of `role`, signed in: its session cookie.
    pub async fn signed_in(&self, username: &str, role: Role, unit: Option<UnitId>, official: Option<i64>) -> String {
        let password = self.account(username, role, unit, official.map(OfficialId::new)).await;
        self.login_as(username, &password).await
    }

    /// Signs in through the login page (its CSRF token included) and returns the session cookie.
    pub async fn login_as(&self, username: &str, password: &str) -> String {
        let reply = self.try_login(username, password).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "login of {username} should redirect: {}", reply.text);
        session_cookie(&reply).expect("a new session cookie at login")
    }

    pub async fn try_login(&self, username: &str, password: &str) -> Reply {
        let page = self.get("/login", None).await;
        let cookie = session_cookie(&page).expect("the login page's cookie");
        let csrf = csrf_of(&page.text);
        self.post_form("/login", &[("username", username), ("password", password), ("csrf", &csrf)], Some(&cookie))
            .await
    }

    /// Posts a staff form the way the browser does: with the CSRF token of the page it came from.
    pub async fn post_staff_form(&self, page: &str, action: &str, cookie: &str) -> Reply {
        let csrf = csrf_of(&self.get(page, Some(cookie)).await.text);
        self.post_form(action, &[("csrf", &csrf)], Some(cookie)).await
    }

    /// Creates an account with a role; returns its password.
    pub async fn account(
        &self,
        username: &str,
        role: Role,
        unit_id: Option<UnitId>,
        official_id: Option<OfficialId>,
    ) -> String {
        let password = format!("{username}-password");
        let hash = hailong::services::password::hash(&password).await.unwrap();
        let user = NewUser {
            username,
            full_name: username,
            password_hash: &hash,
            role: role.key(),
            unit_id,
            official_id,
            must_change_password: false,
        };
        let mut tx = self.store().begin().await.unwrap();
        tx.create_user(user, Timestamp::from_millis(0)).await.unwrap();
        tx.commit().await.unwrap();
        password
    }
}

/// The `name=value` of a `Set-Cookie` header, if the reply sets one.
pub fn session_cookie(reply: &Reply) -> Option<String> {
    reply.header(header::SET_COOKIE).and_then(|c| c.split(';').next().map(str::to_owned))
}

/// The cookie `name` a reply sets, as a `Cookie` header's `name=value`.
pub fn cookie_named(reply: &Reply, name: &str) -> Option<String> {
    let prefix = format!("{name}=");
    let set = reply.headers.get_all(header::SET_COOKIE).iter().filter_map(|v| v.to_str().ok());
    set.filter(|v| v.starts_with(&prefix)).find_map(|v| v.split(';').next().map(str::to_owned))
}

/// The CSRF token of a page's forms.
pub fn csrf_of(html: &str) -> String {
    let marker = r#"name="csrf" value=""#;
    let start = html.find(marker).map(|i| i + marker.len()).expect("a form with a CSRF token");
    html[start..].split('"').next().unwrap_or_default().to_owned()
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub bytes: Vec<u8>,
    pub text: String,
}

impl Reply {
    async fn read(response: Response<Body>) -> Reply {
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes().to_vec();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        Reply { status, headers, bytes, text }
    }

    pub fn header(&self, name: header::HeaderName) -> Option<String> {
        self.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
    }

    pub fn location(&self) -> String {
        self.header(header::LOCATION).unwrap_or_default()
    }
}
