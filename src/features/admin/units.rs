//! Setting up the unit tree: units (create, rename, move, archive), their counters and officials (with a
//! photo). Administrators anywhere, unit managers below their unit. Every change is audited; a new
//! counter or official gets its QR code at once.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use serde::Deserialize;
use serde_json::json;

use super::render_admin_page;
use crate::domain::access::{Capability, Role};
use crate::domain::unit_tree;
use crate::i18n::Locale;
use crate::services::audit::{record, Change};
use crate::services::photo::{self, PhotoError};
use crate::services::qr::issue;
use crate::store::{Archivable, NewOfficial, NewUnit, QrTarget};
use crate::web::access::{require, Reach};
use crate::web::caller::Staff;
use crate::web::csrf::{CsrfForm, CsrfMultipart};
use crate::web::extract::Id;
use crate::web::{AppError, AppState};

type Outcome = Result<Response, AppError>;

#[derive(Debug, Default, Deserialize)]
pub struct UnitForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    parent_id: String,
    #[serde(default)]
    archive: String,
}

/// `POST /admin/units` — a new unit under a unit one manages (administrators may add roots).
pub async fn create_unit(State(state): State<AppState>, staff: Staff, CsrfForm(form): CsrfForm<UnitForm>) -> Outcome {
    let reach = manager_reach(&state, &staff).await?;
    let t = Locale::Vi.texts();
    let parent = form.parent_id.trim().parse::<i64>().ok();
    let parent_ok = match parent {
        Some(p) => reach.contains(p),
        None => staff.principal.role == Role::Administrator,
    };
    if !parent_ok {
        return refused(&state, &staff, t.err_parent).await;
    }
    let Some(unit) = unit_of(&form, parent) else { return refused(&state, &staff, t.err_name).await };
    let created = state.store.create_unit(unit, Utc::now().timestamp_millis()).await?;
    let after = json!({ "name": created.name, "kind": created.kind, "parent_id": created.parent_id });
    audit(&state, &staff, Some(created.id), "unit.create", format!("unit:{}", created.id), None, Some(after)).await
}

/// `POST /admin/units/{id}` — rename, re-code, move (never beneath itself nor out of one's reach) or archive.
pub async fn update_unit(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(form): CsrfForm<UnitForm>,
) -> Outcome {
    let reach = manager_reach(&state, &staff).await?;
    let t = Locale::Vi.texts();
    let before = reach.unit(id)?.clone();
    // A manager's own root stays where it is: moving or archiving it would move it out of their reach.
    let is_own_root = staff.principal.unit_id == Some(id) && staff.principal.role != Role::Administrator;
    if form.archive == "1" {
        if is_own_root {
            return refused(&state, &staff, t.err_parent).await;
        }
        state.store.archive(Archivable::Unit, id).await?;
        return audit(
            &state,
            &staff,
            Some(id),
            "unit.archive",
            format!("unit:{id}"),
            Some(json!({ "name": before.name })),
            None,
        )
        .await;
    }
    let parent = if is_own_root { before.parent_id } else { form.parent_id.trim().parse::<i64>().ok() };
    let parent_ok = match parent {
        _ if is_own_root => true,
        Some(p) => reach.contains(p) && !unit_tree::would_cycle(&reach.nodes, id, p),
        None => staff.principal.role == Role::Administrator,
    };
    if !parent_ok {
        return refused(&state, &staff, t.err_parent).await;
    }
    let Some(unit) = unit_of(&form, parent) else { return refused(&state, &staff, t.err_name).await };
    let after = state.store.update_unit(id, unit).await?;
    let change = (
        json!({ "name": before.name, "kind": before.kind, "code": before.code, "parent_id": before.parent_id }),
        json!({ "name": after.name, "kind": after.kind, "code": after.code, "parent_id": after.parent_id }),
    );
    audit(&state, &staff, Some(id), "unit.update", format!("unit:{id}"), Some(change.0), Some(change.1)).await
}

fn unit_of(form: &UnitForm, parent_id: Option<i64>) -> Option<NewUnit<'_>> {
    let name = form.name.trim();
    let kind = unit_tree::KINDS.iter().find(|(k, _)| *k == form.kind).map(|(k, _)| *k)?;
    let code = Some(form.code.trim()).filter(|c| !c.is_empty());
    (!name.is_empty() && name.chars().count() <= 200).then_some(NewUnit { parent_id, kind, name, code })
}

#[derive(Debug, Default, Deserialize)]
pub struct CounterForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    archive: String,
}

/// `POST /admin/units/{id}/counters` — a new counter, with its QR code.
pub async fn create_counter(
    State(state): State<AppState>,
    staff: Staff,
    Id(unit_id): Id,
    CsrfForm(form): CsrfForm<CounterForm>,
) -> Outcome {
    manager_reach(&state, &staff).await?.check(unit_id)?;
    let name = form.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return refused(&state, &staff, Locale::Vi.texts().err_name).await;
    }
    let counter = state.store.create_counter(unit_id, name, Utc::now().timestamp_millis()).await?;
    issue(&state.store, &state.settings.secret, QrTarget::Counter(counter.id)).await?;
    audit(
        &state,
        &staff,
        Some(unit_id),
        "counter.create",
        format!("counter:{}", counter.id),
        None,
        Some(json!({ "name": counter.name })),
    )
    .await
}

/// `POST /admin/counters/{id}` — rename or archive a counter.
pub async fn update_counter(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id,
    CsrfForm(form): CsrfForm<CounterForm>,
) -> Outcome {
    let counter = state.store.counter(id).await?;
    manager_reach(&state, &staff).await?.check(counter.unit_id)?;
    let before = Some(json!({ "name": counter.name }));
    if form.archive == "1" {
        state.store.archive(Archivable::Counter, id).await?;
        return audit(&state, &staff, Some(counter.unit_id), "counter.archive", format!("counter:{id}"), before, None)
            .await;
    }
    let name = form.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return refused(&state, &staff, Locale::Vi.texts().err_name).await;
    }
    state.store.rename_counter(id, name).await?;
    audit(
        &state,
        &staff,
        Some(counter.unit_id),
        "counter.rename",
        format!("counter:{id}"),
        before,
        Some(json!({ "name": name })),
    )
    .await
}

/// `POST /admin/units/{id}/officials` (multipart) — a new official, with a photo if one is sent, and a QR code.
pub async fn create_official(
    State(state): State<AppState>,
    staff: Staff,
    Id(unit_id): Id,
    form: CsrfMultipart,
) -> Outcome {
    manager_reach(&state, &staff).await?.check(unit_id)?;
    let official = match official_of(&state, unit_id, &form).await? {
        Ok(official) => official,
        Err(message) => return refused(&state, &staff, message).await,
    };
    let photo = match form.file.as_deref().map(photo::prepare).transpose() {
        Ok(photo) => photo,
        Err(e) => return refused(&state, &staff, photo_message(e)).await,
    };
    let now = Utc::now().timestamp_millis();
    let created = state.store.create_official(official, now).await?;
    if let Some(photo) = &photo {
        state.store.set_official_photo(created.id, photo, now).await?;
    }
    issue(&state.store, &state.settings.secret, QrTarget::Official(created.id)).await?;
    let after = json!({ "full_name": created.full_name, "title": created.title, "counter_id": created.counter_id, "photo": photo.is_some() });
    audit(&state, &staff, Some(unit_id), "official.create", format!("official:{}", created.id), None, Some(after)).await
}

/// `POST /admin/officials/{id}` (multipart) — edit an official, replace the photo, or archive.
pub async fn update_official(State(state): State<AppState>, staff: Staff, Id(id): Id, form: CsrfMultipart) -> Outcome {
    let before = state.store.official(id).await?;
    manager_reach(&state, &staff).await?.check(before.unit_id)?;
    let before_json = json!({ "full_name": before.full_name, "title": before.title, "counter_id": before.counter_id });
    if form.field("archive") == "1" {
        state.store.archive(Archivable::Official, id).await?;
        return audit(
            &state,
            &staff,
            Some(before.unit_id),
            "official.archive",
            format!("official:{id}"),
            Some(before_json),
            None,
        )
        .await;
    }
    let official = match official_of(&state, before.unit_id, &form).await? {
        Ok(official) => official,
        Err(message) => return refused(&state, &staff, message).await,
    };
    let photo = match form.file.as_deref().map(photo::prepare).transpose() {
        Ok(photo) => photo,
        Err(e) => return refused(&state, &staff, photo_message(e)).await,
    };
    let after = state.store.update_official(id, official).await?;
    if let Some(photo) = &photo {
        state.store.set_official_photo(id, photo, Utc::now().timestamp_millis()).await?;
    }
    let after_json = json!({ "full_name": after.full_name, "title": after.title, "counter_id": after.counter_id, "new_photo": photo.is_some() });
    audit(
        &state,
        &staff,
        Some(before.unit_id),
        "official.update",
        format!("official:{id}"),
        Some(before_json),
        Some(after_json),
    )
    .await
}

/// The official's fields as posted; the counter must be one of the unit's.
async fn official_of<'a>(
    state: &AppState,
    unit_id: i64,
    form: &'a CsrfMultipart,
) -> Result<Result<NewOfficial<'a>, &'static str>, AppError> {
    let t = Locale::Vi.texts();
    let full_name = form.field("full_name").trim();
    if full_name.is_empty() || full_name.chars().count() > 100 {
        return Ok(Err(t.err_full_name));
    }
    let counter_id = form.field("counter_id").trim().parse::<i64>().ok();
    if let Some(counter) = counter_id {
        if state.store.counter(counter).await.ok().is_none_or(|c| c.unit_id != unit_id) {
            return Ok(Err(t.err_counter));
        }
    }
    let staff_code = Some(form.field("staff_code").trim()).filter(|c| !c.is_empty());
    Ok(Ok(NewOfficial { unit_id, counter_id, full_name, title: form.field("title").trim(), staff_code }))
}

fn photo_message(e: PhotoError) -> &'static str {
    let t = Locale::Vi.texts();
    match e {
        PhotoError::TooLarge => t.err_photo_size,
        PhotoError::NotAnImage => t.err_photo_type,
    }
}

async fn manager_reach(state: &AppState, staff: &Staff) -> Result<Reach, AppError> {
    require(&staff.principal, Capability::ManageCatalogue)?;
    Ok(Reach::of(&state.store, &staff.principal).await?)
}

async fn refused(state: &AppState, staff: &Staff, message: &'static str) -> Outcome {
    let page = render_admin_page(state, staff, vec![message]).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

async fn audit(
    state: &AppState,
    staff: &Staff,
    unit_id: Option<i64>,
    action: &str,
    target: String,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> Outcome {
    record(&state.store, &staff.principal, Change { unit_id, action, target, before, after }).await?;
    Ok(Redirect::to("/admin").into_response())
}
