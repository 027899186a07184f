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

fn schema_of(name: &str) -> &'static Value {
    &description()["components"]["schemas"][name]
}

/// What the handlers check is what the description states: lengths, counts, ranges, dates and patterns, from the
/// very constants of the rules (a limit changed in the code and not in the description fails here).
#[test]
fn the_description_states_the_constraints_the_handlers_enforce() {
    use hailong::domain::{dossier, period, queue};
    let ticket = &schema_of("ServingRequest")["properties"]["ticket"];
    assert_eq!(ticket["minLength"], 1);
    assert_eq!(ticket["maxLength"], queue::MAX_TICKET_CHARS);
    assert_eq!(ticket["pattern"], queue::TICKET_PATTERN);
    let dossier = &schema_of("DossierRequest")["properties"];
    assert_eq!(dossier["dossier_code"]["pattern"], dossier::CODE_PATTERN);
    assert_eq!(dossier["dossier_code"]["minLength"], 1);
    for date in ["received_on", "due_on", "returned_on"] {
        assert_eq!(dossier[date]["format"], "date", "{date}");
    }
    let counts = &schema_of("TransactionsRequest")["properties"]["counts"];
    assert_eq!((&counts["minItems"], &counts["maxItems"]), (&json!(1), &json!(hailong::domain::import::MAX_LINES)));
    let line = &schema_of("CountLine")["properties"];
    assert_eq!(line["month"]["pattern"], period::MONTH_PATTERN);
    let max_count = hailong::services::transaction_counts::MAX_COUNT;
    assert_eq!((&line["count"]["minimum"], &line["count"]["maximum"]), (&json!(0), &json!(max_count)));
    let parameters = description()["paths"]["/api/v1/units/{id}/responses"]["get"]["parameters"].as_array().unwrap();
    let limit = &parameters.iter().find(|p| p["name"] == "limit").unwrap()["schema"];
    let max_recent = hailong::features::api::MAX_RECENT;
    assert_eq!((&limit["minimum"], &limit["maximum"]), (&json!(1), &json!(max_recent)));

    // Every refusal an operation can meet is listed: reading the body, the query string, the path id, the key.
    for (path, item) in description()["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let lists = |status: &str| operation["responses"][status].is_object();
            let name = format!("{method} {path}");
            if operation["requestBody"].is_object() {
                for status in ["400", "413", "415", "422"] {
                    assert!(lists(status), "{name} lists {status}");
                }
            }
            let parameters = operation["parameters"].as_array().cloned().unwrap_or_default();
            if parameters.iter().any(|p| p["in"] == "query") {
                assert!(lists("400"), "{name} lists 400");
            }
            if path.contains("{id}") {
                assert!(lists("404"), "{name} lists 404");
            }
            if operation["security"].as_array().is_some_and(|s| !s.is_empty()) {
                for status in ["401", "403", "429"] {
                    assert!(lists(status), "{name} lists {status}");
                }
            }
        }
    }
}

/// A property's schema as a validator, formats checked.
fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::options().should_validate_formats(true).build(schema).expect("the description's schema compiles")
}

/// The patterns take exactly what the rules take — around every white-space and control character, at the length
/// limits — so a client that checks its requests against the description is never refused for the same thing.
#[test]
fn the_patterns_and_formats_take_what_the_rules_take() {
    use hailong::domain::{dossier, period, queue};
    let odd: Vec<char> = (0..=0x3000u32)
        .filter_map(char::from_u32)
        .filter(|c| c.is_whitespace() || c.is_control() || c.is_ascii_alphanumeric())
        .chain(['\u{FEFF}', '\u{200B}', 'đ', '-', '.'])
        .collect();
    let mut samples = vec![String::new()];
    for c in &odd {
        samples.extend([c.to_string(), format!("A{c}"), format!("{c}A"), format!("A{c}1"), format!("{c}{c}")]);
    }
    for n in [19, 20, 21, 63, 64, 65] {
        samples.extend([" ".repeat(n), "9".repeat(n), format!(" {}", "9".repeat(n)), format!("{} ", "9".repeat(n))]);
    }
    samples.extend(["2026-11", "2026-1", "0999-12", "2026-13", "2026-00", "+2026-11", "2026-11\n"].map(String::from));
    let ticket = validator(&schema_of("ServingRequest")["properties"]["ticket"]);
    let code = validator(&schema_of("DossierRequest")["properties"]["dossier_code"]);
    let month = validator(&schema_of("CountLine")["properties"]["month"]);
    let valid = |validator: &jsonschema::Validator, value: &str| validator.is_valid(&json!(value));
    for sample in &samples {
        assert_eq!(valid(&ticket, sample), queue::check_ticket(sample).is_some(), "ticket {sample:?}");
        assert_eq!(valid(&code, sample), dossier::check_code(sample).is_ok(), "dossier_code {sample:?}");
        assert_eq!(valid(&month, sample), period::parse_month_label(sample).is_some(), "month {sample:?}");
    }
    let received_on = validator(&schema_of("DossierRequest")["properties"]["received_on"]);
    for day in ["2026-11-20", "2024-02-29", "2026-02-29", "2026-1-5", " 2026-11-20", "2026-11-20 ", "20/11/2026", ""] {
        assert_eq!(valid(&received_on, day), period::parse_day(day).is_some(), "date {day:?}");
    }
}

/// Checks `reply` against what the description says `method path` answers with its status: the status is one it
/// lists, and a JSON body validates against the schema given for it — fields the schema does not name refused.
pub fn conforms(method: &str, path: &str, reply: &Reply) {
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
    let commune = world.commune.id;
    // Two ratings are below the floor: the summary says so with null figures, as described.
    rate(&world, &world.counter_code, "1", "").await;
    rate(&world, &world.counter_code, "4", "").await;
    crate::db::count_all(world.store()).await;
    let withheld = world.machine_get(&format!("/api/v1/units/{commune}/summary?period=7d"), &key).await;
    conforms("get", "/api/v1/units/{id}/summary", &withheld);
    assert_eq!(serde_json::from_str::<Value>(&withheld.text).unwrap()["withheld"], "below_floor");
    for overall in ["4", "3", "2"] {
        rate(&world, &world.counter_code, overall, "").await;
    }
    crate::db::count_all(world.store()).await;

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
