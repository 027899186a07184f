//! Whatever of an API request does not read — the query string, the path id, the body (not JSON, not sent as JSON,
//! too large, JSON of another shape) — is refused as an `ErrorBody` with a status the description lists for the
//! operation (checked by `openapi::conforms`), never axum's plain text.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use serde_json::{json, Value};

use crate::db::TestDb;
use crate::fixture::{world, Reply, World};
use crate::on_both_backends;
use crate::openapi::conforms;

const JSON: Option<&str> = Some("application/json");

async fn send(world: &World, method: &str, uri: &str, key: &str, content_type: Option<&str>, body: String) -> Reply {
    let mut request = Request::builder().method(method).uri(uri).header(header::AUTHORIZATION, format!("Bearer {key}"));
    if let Some(content_type) = content_type {
        request = request.header(header::CONTENT_TYPE, content_type);
    }
    world.send(request.body(Body::from(body)).unwrap()).await
}

/// `reply` is the `ErrorBody` of `error` with `status`, one the description lists for `method template`.
fn refused(method: &str, template: &str, reply: &Reply, status: u16, error: &str) {
    assert_eq!(reply.status.as_u16(), status, "{method} {template}: {}", reply.text);
    let body: Value = serde_json::from_str(&reply.text).unwrap_or_else(|_| panic!("an ErrorBody: {}", reply.text));
    assert_eq!(body["error"], error, "{method} {template}: {}", reply.text);
    conforms(method, template, reply);
}

async fn what_does_not_read_is_refused_as_the_description_says(db: TestDb) {
    let world = world(db).await;
    let admin = world.login().await;
    let key = world.api_key(&admin, world.commune.id, &["queue", "dossiers", "transactions", "results"]).await;
    let commune = world.commune.id;

    let responses = "/api/v1/units/{id}/responses";
    for (query, status, error) in [
        ("limit=-9223372036854775809", 400, "bad_request"),
        ("limit=ten", 400, "bad_request"),
        ("limit=0", 422, "invalid"),
        ("limit=501", 422, "invalid"),
    ] {
        let reply = world.machine_get(&format!("/api/v1/units/{commune}/responses?{query}"), &key).await;
        refused("get", responses, &reply, status, error);
    }
    let most = world.machine_get(&format!("/api/v1/units/{commune}/responses?limit=500"), &key).await;
    assert_eq!(most.status, StatusCode::OK, "{}", most.text);
    let twice = world.machine_get(&format!("/api/v1/units/{commune}/summary?period=7d&period=30d"), &key).await;
    refused("get", "/api/v1/units/{id}/summary", &twice, 400, "bad_request");

    for (template, uri) in [
        ("/api/v1/units/{id}", "/api/v1/units/abc".to_owned()),
        ("/api/v1/units/{id}/summary", "/api/v1/units/99999999999999999999/summary".to_owned()),
        ("/api/v1/units/{id}/responses", format!("/api/v1/units/{commune}.5/responses")),
    ] {
        refused("get", template, &world.machine_get(&uri, &key).await, 404, "not_found");
    }
    let ticket = r#"{"ticket": "A-012"}"#.to_owned();
    let no_counter = send(&world, "PUT", "/api/v1/counters/abc/serving", &key, JSON, ticket.clone()).await;
    refused("put", "/api/v1/counters/{id}/serving", &no_counter, 404, "not_found");

    let serving = format!("/api/v1/counters/{}/serving", world.counter.id);
    let dossier = json!({ "dossier_code": "H55-261120-0001", "unit_id": commune, "received_on": "2026-11-20" });
    let counts = json!({ "counts": [{ "unit_id": commune, "month": "2026-10", "count": 3 }] });
    let calls = [
        ("put", "/api/v1/counters/{id}/serving", serving.as_str(), ticket, r#"{"ticket": 12}"#),
        ("post", "/api/v1/dossiers", "/api/v1/dossiers", dossier.to_string(), r#"{"dossier_code": "H55"}"#),
        ("put", "/api/v1/transactions", "/api/v1/transactions", counts.to_string(), r#"{"counts": {}}"#),
    ];
    for (method, template, uri, good, other_shape) in calls {
        let http = method.to_uppercase();
        for (body, content_type, status, error) in [
            (good[..good.len() - 1].to_owned(), JSON, 400, "bad_request"),
            ("[]".to_owned(), JSON, 422, "invalid"),
            (other_shape.to_owned(), JSON, 422, "invalid"),
            (good.clone(), None, 415, "unsupported_media_type"),
            (good.clone(), Some("text/plain"), 415, "unsupported_media_type"),
            (format!("{} {good}", " ".repeat(1 << 20)), JSON, 413, "too_large"),
        ] {
            let reply = send(&world, &http, uri, &key, content_type, body).await;
            refused(method, template, &reply, status, error);
        }
        let taken = send(&world, &http, uri, &key, JSON, good).await;
        assert!(taken.status.is_success(), "{method} {uri}: {}", taken.text);
    }

    // Transaction counts take 5,000 lines (far over the other calls' 64 KiB), each judged; one more is refused whole.
    let lines = |n| json!({ "counts": vec![json!({ "unit_id": commune, "month": "2026-1", "count": 1 }); n] });
    let most = world.put_json("/api/v1/transactions", &lines(5_000), Some(&key), None).await;
    refused("put", "/api/v1/transactions", &most, 422, "invalid");
    let named: Value = serde_json::from_str(&most.text).unwrap();
    assert_eq!(named["lines"].as_array().map(Vec::len), Some(5_000), "every line is read and named");
    assert!(named["lines"][4_999].as_str().unwrap().starts_with("counts[4999]: "), "{}", named["lines"][4_999]);
    let over = world.put_json("/api/v1/transactions", &lines(5_001), Some(&key), None).await;
    refused("put", "/api/v1/transactions", &over, 422, "invalid");
    assert!(over.text.contains("send 1 to 5000"), "{}", over.text);
}
on_both_backends!(what_does_not_read_is_refused_as_the_description_says);
