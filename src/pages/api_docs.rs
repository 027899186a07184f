//! `/api/v1/docs` — the OpenAPI description as a plain page: every operation with its parameters, body and answers,
//! then every schema with its fields. Read from the JSON description itself, so the page shows what the contract
//! says, no more; no script and nothing fetched from elsewhere (a commune's network may reach nothing else).

use leptos::prelude::*;
use serde_json::Value;

use super::{document, Document};
use crate::i18n::Locale;

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

pub fn render_api_docs(api: &Value) -> String {
    let info = &api["info"];
    let title = format!("{} API {}", text(&info["title"]), text(&info["version"]));
    let tags = list(&api["tags"]).iter().map(|tag| tag_section(api, tag)).collect_view();
    let schemas =
        object(&api["components"]["schemas"]).map(|(name, schema)| schema_section(name, schema)).collect_view();
    let heading = title.clone();
    document(
        Document { title: &title, locale: Locale::En, islands: None, body_class: "staff", web_app: false },
        view! {
            <main class="admin api-docs">
                <h1>{heading}</h1>
                <p>{prose(&info["description"])}</p>
                <p>
                    "Machine-readable: " <a href="/api/v1/openapi.json">"/api/v1/openapi.json"</a>
                    " (OpenAPI " {text(&api["openapi"])} ")."
                </p>
                {tags}
                <section class="panel">
                    <h2>"Schemas"</h2>
                    {schemas}
                </section>
            </main>
        },
    )
}

/// The operations of one tag, in the order of the description.
fn tag_section(api: &Value, tag: &Value) -> impl IntoView {
    let name = text(&tag["name"]);
    let operations = object(&api["paths"])
        .flat_map(|(path, item)| METHODS.iter().filter_map(move |m| item.get(*m).map(|op| (path, *m, op))))
        .filter(|(_, _, op)| list(&op["tags"]).iter().any(|t| text(t) == name))
        .map(|(path, method, op)| operation(path, method, op))
        .collect_view();
    view! {
        <section class="panel">
            <h2 id=format!("tag-{name}")>{name.clone()}</h2>
            <p class="muted">{prose(&tag["description"])}</p>
            {operations}
        </section>
    }
}

fn operation(path: &str, method: &str, op: &Value) -> impl IntoView {
    let security = list(&op["security"])
        .iter()
        .flat_map(|alternative| object(alternative).map(|(scheme, scopes)| access(scheme, scopes)).collect::<Vec<_>>())
        .collect::<Vec<_>>();
    let security = if security.is_empty() { "public".to_owned() } else { security.join(" or ") };
    let params = list(&op["parameters"])
        .iter()
        .map(|p| {
            view! {
                <tr>
                    <td><code>{text(&p["name"])}</code></td>
                    <td>{text(&p["in"])}</td>
                    <td>{type_of(&p["schema"])}</td>
                    <td>{if p["required"] == true { "yes" } else { "no" }}</td>
                    <td>{prose(&p["description"])}</td>
                </tr>
            }
        })
        .collect_view();
    let has_params = !list(&op["parameters"]).is_empty();
    let body = op.get("requestBody").map(|b| {
        view! { <p>"Body (JSON): " {type_of(&b["content"]["application/json"]["schema"])}</p> }
    });
    let responses = object(&op["responses"])
        .map(|(status, r)| {
            view! {
                <tr>
                    <td class="num">{status.to_owned()}</td>
                    <td>{prose(&r["description"])}</td>
                    <td>{type_of(&r["content"]["application/json"]["schema"])}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <article class="api-operation">
            <h3><span class="api-method">{method.to_uppercase()}</span> " " <code>{path.to_owned()}</code></h3>
            <p>{prose(&op["summary"])}</p>
            <p class="muted">{prose(&op["description"])}</p>
            <p>"Access: " {security}</p>
            {has_params.then(|| view! {
                <div class="panel-scroll" tabindex="0" role="region" aria-label="Parameters">
                    <table class="grid">
                        <thead><tr>
                            <th scope="col">"Parameter"</th><th scope="col">"In"</th><th scope="col">"Type"</th>
                            <th scope="col">"Required"</th><th scope="col">"Meaning"</th>
                        </tr></thead>
                        <tbody>{params}</tbody>
                    </table>
                </div>
            })}
            {body}
            <div class="panel-scroll" tabindex="0" role="region" aria-label="Answers">
                <table class="grid">
                    <thead><tr><th scope="col">"Status"</th><th scope="col">"Meaning"</th><th scope="col">"Body"</th></tr></thead>
                    <tbody>{responses}</tbody>
                </table>
            </div>
        </article>
    }
}

fn access(scheme: &str, scopes: &Value) -> String {
    let scopes: Vec<String> = list(scopes).iter().map(text).collect();
    match (scheme, scopes.is_empty()) {
        ("api_key", false) => format!("an API key of scope {}", scopes.join(", ")),
        ("api_key", true) => "an API key".to_owned(),
        ("session", _) => "a signed-in staff session".to_owned(),
        (other, _) => other.to_owned(),
    }
}

fn schema_section(name: &str, schema: &Value) -> impl IntoView {
    let required: Vec<String> = list(&schema["required"]).iter().map(text).collect();
    let fields = properties(schema)
        .map(|(field, s)| {
            view! {
                <tr>
                    <td><code>{field.to_owned()}</code></td>
                    <td>{type_of(s)}</td>
                    <td>{if required.iter().any(|r| r == field) { "yes" } else { "no" }}</td>
                    <td>{prose(&s["description"])}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <article class="api-schema">
            <h3 id=format!("schema-{name}")>{name.to_owned()}</h3>
            <p class="muted">{prose(&schema["description"])}</p>
            <p>{(schema.get("properties").is_none() && schema.get("allOf").is_none()).then(|| type_of(schema))}</p>
            <div class="panel-scroll" tabindex="0" role="region" aria-label=format!("{name} fields")>
                <table class="grid">
                    <thead><tr>
                        <th scope="col">"Field"</th><th scope="col">"Type"</th><th scope="col">"Always there"</th>
                        <th scope="col">"Meaning"</th>
                    </tr></thead>
                    <tbody>{fields}</tbody>
                </table>
            </div>
        </article>
    }
}

/// The fields of an object schema, with those of the schemas it is made of (`allOf`, serde's `flatten`).
fn properties(schema: &Value) -> impl Iterator<Item = (&str, &Value)> {
    let own = object(&schema["properties"]);
    let merged = list(&schema["allOf"]).iter().flat_map(|part| object(&part["properties"])).collect::<Vec<_>>();
    own.chain(merged)
}

/// A schema in a few words, `$ref`s as links to their section.
fn type_of(schema: &Value) -> AnyView {
    if let Some(target) = schema["$ref"].as_str() {
        let name = target.rsplit('/').next().unwrap_or(target).to_owned();
        return view! { <a href=format!("#schema-{name}")>{name.clone()}</a> }.into_any();
    }
    if let Some(values) = schema["enum"].as_array() {
        let values: Vec<String> = values.iter().map(|v| v.to_string()).collect();
        return format!("one of {}", values.join(", ")).into_any();
    }
    for combiner in ["oneOf", "anyOf", "allOf"] {
        if let Some(parts) = schema[combiner].as_array() {
            let joiner = if combiner == "allOf" { " and " } else { " or " };
            let parts = parts
                .iter()
                .enumerate()
                .map(|(i, part)| view! { {(i > 0).then_some(joiner)} {type_of(part)} })
                .collect_view();
            return view! { <span>{parts}</span> }.into_any();
        }
    }
    let kinds: Vec<String> = match &schema["type"] {
        Value::String(kind) => vec![kind.clone()],
        Value::Array(kinds) => kinds.iter().map(text).collect(),
        _ => Vec::new(),
    };
    let nullable = kinds.iter().any(|k| k == "null");
    let kind = kinds.into_iter().find(|k| k != "null").unwrap_or_else(|| "any".to_owned());
    let shown = if kind == "array" {
        if let Some(items) = schema["prefixItems"].as_array() {
            let items = items
                .iter()
                .enumerate()
                .map(|(i, item)| view! { {(i > 0).then_some(", ")} {type_of(item)} })
                .collect_view();
            view! { <span>"[" {items} "]"</span> }.into_any()
        } else {
            view! { <span>"array of " {type_of(&schema["items"])}</span> }.into_any()
        }
    } else {
        let format = schema["format"].as_str().map(|f| format!(" ({f})")).unwrap_or_default();
        format!("{kind}{format}").into_any()
    };
    view! { <span>{shown} {nullable.then_some(" or null")}</span> }.into_any()
}

/// A description's text, its `code` spans (Markdown's backticks) as code.
fn prose(value: &Value) -> impl IntoView {
    text(value)
        .split('`')
        .enumerate()
        .map(|(i, part)| {
            let part = part.to_owned();
            if i % 2 == 1 {
                view! { <code>{part}</code> }.into_any()
            } else {
                part.into_any()
            }
        })
        .collect_view()
}

fn text(value: &Value) -> String {
    value.as_str().map(str::to_owned).unwrap_or_default()
}

fn list(value: &Value) -> &[Value] {
    value.as_array().map_or(&[], Vec::as_slice)
}

fn object(value: &Value) -> impl Iterator<Item = (&str, &Value)> {
    value.as_object().into_iter().flat_map(|o| o.iter().map(|(k, v)| (k.as_str(), v)))
}
