//! The OpenAPI description against the running code: every `/api/v1` route of the router is described (and nothing
//! the router lacks), each operation says who may call it and answers refusals as the one `ErrorBody`; and real
//! answers — successes and refusals, from a world with ratings in it — validate against the schemas the description
//! gives for their status, with no field the description leaves out.

use axum::http::StatusCode;
use serde_json::{json, Map, Value};

use crate::db::TestDb;
use crate::fixture::{world, Reply};
use crate::http_live::rate;
use crate::on_both_backends;

fn description() -> &'static Value {
    hailong::features::api::openapi::document()
}

/// The routes the router answers under `/api/v1`, besides the catch-all that answers unknown paths with a 404.
fn api_routes() -> Vec<(String, String)> {
    hailong::app::ROUTES
        .iter()
        .filter(|(_, path)| path.starts_with("/api/v1/") && !path.contains("{*"))
        .map(|(method, path)| (method.to_string(), path.to_string()))
        .collect()
}

#[test]
fn every_api_route_is_described_and_nothing_else() {
    let api = description();
    assert_eq!(api["openapi"].as_str().map(|v| &v[..3]), Some("3.1"), "OpenAPI 3.1");
    let described: Vec<(String, String)> = api["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| item.as_object().unwrap().keys().map(move |method| (method.clone(), path.clone())))
        .collect();
    let routes = api_routes();
    assert!(routes.len() >= 12, "the router's API routes were found: {routes:?}");
    for route in &routes {
        assert!(described.contains(route), "{route:?} is in the router but not in the description");
    }
    for operation in &described {
        let served = routes.contains(operation) || hailong::app::ROUTES.contains(&(&operation.0, &operation.1));
        assert!(served, "{operation:?} is described but the router does not serve it");
    }
}

#[test]
fn every_operation_names_its_access_and_refuses_in_one_shape() {
    let api = description();
    let public = ["/healthz", "/api/v1/openapi.json", "/api/v1/docs"];
    for (path, item) in api["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let name = format!("{method} {path}");
            assert!(operation["summary"].as_str().is_some_and(|s| !s.is_empty()), "{name} has a summary");
            let security = operation["security"].as_array().map_or(0, Vec::len);
            assert_eq!(security == 0, public.contains(&path.as_str()), "{name}: access stated unless public");
            for (status, answer) in operation["responses"].as_object().unwrap() {
                if status.starts_with('4') {
                    let schema = &answer["content"]["application/json"]["schema"]["$ref"];
                    assert_eq!(schema, "#/components/schemas/ErrorBody", "{name} answers {status} as an ErrorBody");
                }
            }
        }
    }
    for scheme in ["api_key", "session"] {
        assert!(api["components"]["securitySchemes"][scheme].is_object(), "{scheme} is described");
    }
}

/// Checks `reply` against what the description says `method path` answers with its status: the status is one it
/// lists, and a JSON body validates against the schema given for it — fields the schema does not name refused.
fn conforms(method: &str, path: &str, reply: &Reply) {
    let api = description();
    let status = reply.status.as_u16().to_string();
    let answer = &api["paths"][path][method]["responses"][&status];
    assert!(
        answer.is_object(),
        "{method} {path} answered {status}, which the description does not list: {}",
        reply.text
    );
    let Some(schema) = answer["content"]["application/json"]["schema"].as_object() else {
        return;
    };
    let body: Value = serde_json::from_str(&reply.text).unwrap_or_else(|_| panic!("JSON from {path}: {}", reply.text));
    let mut root = schema.clone();
    root.insert("$schema".into(), json!("https://json-schema.org/draft/2020-12/schema"));
    root.insert("components".into(), closed(&api["components"]));
    let validator = jsonschema::validator_for(&Value::Object(root)).expect("the description's schema compiles");
    let errors: Vec<String> = validator.iter_errors(&body).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{method} {path} {status} does not match its schema: {errors:#?}\n{body:#}");
}

/// The components with every object schema closed (`unevaluatedProperties: false`, which sees through `allOf`), so
/// an answer's field the description forgot fails. A schema used as a part of another (`allOf`) stays open: the
/// whole it is part of is closed instead.
fn closed(components: &Value) -> Value {
    let mut components = components.clone();
    let schemas = components["schemas"].as_object().cloned().unwrap_or_default();
    let parts: Vec<String> = schemas
        .values()
        .flat_map(|s| s["allOf"].as_array().cloned().unwrap_or_default())
        .filter_map(|part| part["$ref"].as_str().map(|r| r.rsplit('/').next().unwrap_or(r).to_owned()))
        .collect();
    let mut shut = Map::new();
    for (name, mut schema) in schemas {
        let object = schema.get("properties").is_some() || schema.get("allOf").is_some();
        if object && !parts.contains(&name) {
            schema["unevaluatedProperties"] = json!(false);
        }
        shut.insert(name, schema);
    }
    components["schemas"] = Value::Object(shut);
    components
}

#[test]
#[should_panic(expected = "does not match its schema")]
fn a_field_the_description_lacks_fails_the_check() {
    let text = r#"{"status": "ok", "database": "sqlite", "uptime": 3}"#.to_owned();
    let reply = Reply { status: StatusCode::OK, headers: Default::default(), bytes: text.clone().into_bytes(), text };
    conforms("get", "/healthz", &reply);
}

async fn real_answers_match_the_description(db: TestDb) {
    let world = world(db).await;
    let admin = world.login().await;
    let key = world.api_key(&admin, world.commune.id, &["queue", "dossiers", "transactions", "results"]).await;
    let narrow = world.api_key(&admin, world.commune.id, &["queue"]).await;
    rate(&world, &world.counter_code, "1", "").await;
    rate(&world, &world.counter_code, "4", "").await;
    crate::db::count_all(world.store()).await;

    let commune = world.commune.id;
    let gets = [
        ("/api/v1/units", "/api/v1/units".to_owned()),
        ("/api/v1/units/{id}", format!("/api/v1/units/{commune}")),
        ("/api/v1/units/{id}/counters", format!("/api/v1/units/{commune}/counters")),
        ("/api/v1/units/{id}/officials", format!("/api/v1/units/{commune}/officials")),
        ("/api/v1/units/{id}/procedures", format!("/api/v1/units/{commune}/procedures")),
        ("/api/v1/units/{id}/summary", format!("/api/v1/units/{commune}/summary?period=7d")),
        ("/api/v1/units/{id}/responses", format!("/api/v1/units/{commune}/responses")),
    ];
    for (template, uri) in &gets {
        let reply = world.machine_get(uri, &key).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}: {}", reply.text);
        conforms("get", template, &reply);
        let by_session = world.get(uri, Some(&admin)).await;
        assert_eq!(by_session.status, StatusCode::OK, "{uri} by a session");
        conforms("get", template, &by_session);
        conforms("get", template, &world.get(uri, None).await);
        conforms("get", template, &world.machine_get(uri, &narrow).await);
    }
    let summary: Value = serde_json::from_str(&world.machine_get(&gets[5].1, &key).await.text).unwrap();
    assert_eq!(summary["overall"]["poor"], 1, "the ratings are in the summary that was checked");
    let elsewhere = format!("/api/v1/units/{}/summary", world.other_commune.id);
    let refused = world.machine_get(&elsewhere, &key).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND, "another commune's unit does not exist for this key");
    conforms("get", "/api/v1/units/{id}/summary", &refused);

    let dossier = json!({
        "dossier_code": "000.00.20.H55-261124-0042", "unit_id": commune, "counter_id": world.counter.id,
        "official_id": world.official.id, "procedure_code": "9.999999", "received_on": "2026-11-20",
    });
    let created = world.machine_post("/api/v1/dossiers", &dossier, &key).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    conforms("post", "/api/v1/dossiers", &created);
    conforms("post", "/api/v1/dossiers", &world.machine_post("/api/v1/dossiers", &dossier, &key).await);
    let bad_date = json!({ "dossier_code": "x", "unit_id": commune, "received_on": "20/11/2026" });
    let invalid = world.machine_post("/api/v1/dossiers", &bad_date, &key).await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
    conforms("post", "/api/v1/dossiers", &invalid);
    conforms("post", "/api/v1/dossiers", &world.machine_post("/api/v1/dossiers", &dossier, &narrow).await);

    let counts = json!({ "counts": [
        { "unit_id": commune, "month": "2026-10", "count": 120 },
        { "unit_id": commune, "month": "10/2026", "count": -1 },
    ]});
    let bad_lines = world.put_json("/api/v1/transactions", &counts, Some(&key), None).await;
    assert_eq!(bad_lines.status, StatusCode::UNPROCESSABLE_ENTITY);
    conforms("put", "/api/v1/transactions", &bad_lines);
    let good = json!({ "counts": [{ "unit_id": commune, "month": "2026-10", "count": 120 }] });
    conforms("put", "/api/v1/transactions", &world.put_json("/api/v1/transactions", &good, Some(&key), None).await);

    let serving = format!("/api/v1/counters/{}/serving", world.counter.id);
    let ticket = json!({ "ticket": "A-012", "procedure_code": "9.999999" });
    let set = world.put_json(&serving, &ticket, Some(&narrow), None).await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.text);
    conforms("put", "/api/v1/counters/{id}/serving", &set);
    let empty = world.put_json(&serving, &json!({ "ticket": "" }), Some(&narrow), None).await;
    conforms("put", "/api/v1/counters/{id}/serving", &empty);

    conforms("get", "/healthz", &world.get("/healthz", None).await);
    let docs = world.get("/api/v1/docs", None).await;
    assert_eq!(docs.status, StatusCode::OK);
    for (method, path) in api_routes() {
        assert!(docs.text.contains(&path), "the page shows {method} {path}");
    }
    let served: Value = serde_json::from_str(&world.get("/api/v1/openapi.json", None).await.text).unwrap();
    assert_eq!(&served, description(), "the served description is the one tested here");
}
on_both_backends!(real_answers_match_the_description);
