//! Setting up the unit tree: units (create, rename, move, archive), their counters and officials (with a
//! photo). Administrators anywhere, unit managers below their unit. Every change is one transaction with its
//! audit entry; a new counter or official gets its QR code in the same transaction.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;

use super::{change, manager_reach, render_admin_page};
use crate::domain::access::Role;
use crate::domain::ids::{CounterId, OfficialId, UnitId};
use crate::domain::sample::TargetRule;
use crate::domain::unit_tree;
use crate::features::photos;
use crate::i18n::Locale;
use crate::services::audit::{self, Change};
use crate::services::photo;
use crate::services::qr;
use crate::store::{Archivable, NewOfficial, NewUnit, Photo, QrTarget, Tx};
use crate::web::caller::Staff;
use crate::web::csrf::{CsrfForm, CsrfMultipart};
use crate::web::extract::Id;
use crate::web::{AppError, AppState};

type Outcome = Result<Response, AppError>;

/// Names of units and counters; an official's full name is shorter (`MAX_PERSON_NAME`).
const MAX_NAME: usize = 200;
const MAX_PERSON_NAME: usize = 100;
const MAX_CODE: usize = 32;

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
    /// `1` when the unit's public page may show its officials' figures.
    #[serde(default)]
    publish_officials: String,
    /// The sample target rule for the unit's subtree (`tiered`, `slovin`, `per_kind`, `fixed` with
    /// `sample_fixed`); blank: the rule of the unit above.
    #[serde(default)]
    sample_rule: String,
    #[serde(default)]
    sample_fixed: String,
}

/// `POST /admin/units` — a new unit under a unit one manages (administrators may add roots).
pub async fn create_unit(State(state): State<AppState>, staff: Staff, CsrfForm(form): CsrfForm<UnitForm>) -> Outcome {
    let reach = manager_reach(&state, &staff).await?;
    let t = Locale::Vi.texts();
    let parent = form.parent_id.trim().parse::<i64>().ok();
    if !parent.map_or(staff.principal.role == Role::Administrator, |p| reach.contains(UnitId::new(p))) {
        return refused(&state, &staff, t.err_parent).await;
    }
    let Some(unit) = unit_of(&form, parent.map(UnitId::new)) else { return refused(&state, &staff, t.err_name).await };
    let mut tx = state.store.begin().await?;
    let created = tx.create_unit(unit, crate::clock::now()).await?;
    let after = json!({ "name": created.name, "kind": created.kind, "parent_id": created.parent_id });
    done(&state, tx, &staff, change(created.id, "unit.create", format!("unit:{}", created.id), None, Some(after))).await
}

/// `POST /admin/units/{id}` — rename, re-code, move (never beneath itself nor out of one's reach) or archive.
pub async fn update_unit(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id<UnitId>,
    CsrfForm(form): CsrfForm<UnitForm>,
) -> Outcome {
    let reach = manager_reach(&state, &staff).await?;
    let t = Locale::Vi.texts();
    let before = reach.unit(id)?.clone();
    // A manager's own root stays where it is: moving or archiving it would move it out of their reach.
    let is_own_root = staff.principal.unit_id == Some(id) && staff.principal.role != Role::Administrator;
    let target = format!("unit:{id}");
    let published = state.store.units_publishing_officials(&[id]).await?.contains(&id);
    let rule_before = state.store.sample_settings(&[]).await?.1.remove(&id);
    let before_json = json!({ "name": before.name, "kind": before.kind, "code": before.code,
        "parent_id": before.parent_id, "publish_officials": published, "sample_rule": rule_before });
    let mut tx;
    if form.archive == "1" {
        if is_own_root {
            return refused(&state, &staff, t.err_parent).await;
        }
        tx = state.store.begin().await?;
        tx.archive(Archivable::Unit, id.get()).await?;
        return done(&state, tx, &staff, change(id, "unit.archive", target, Some(before_json), None)).await;
    }
    let parent = if is_own_root { before.parent_id } else { form.parent_id.trim().parse::<UnitId>().ok() };
    let parent_ok = match parent {
        _ if is_own_root => true,
        Some(p) => reach.contains(p) && !unit_tree::would_cycle(&reach.nodes, id, p),
        None => staff.principal.role == Role::Administrator,
    };
    if !parent_ok {
        return refused(&state, &staff, t.err_parent).await;
    }
    let Some(unit) = unit_of(&form, parent) else { return refused(&state, &staff, t.err_name).await };
    let Some(rule) = sample_rule_of(&form) else { return refused(&state, &staff, t.err_sample_rule).await };
    let rule = rule.map(TargetRule::key);
    tx = state.store.begin().await?;
    let after = tx.update_unit(id, unit).await?;
    let publish = form.publish_officials == "1";
    tx.set_publish_officials(id, publish).await?;
    tx.set_sample_rule(id, rule.as_deref()).await?;
    let after_json = json!({ "name": after.name, "kind": after.kind, "code": after.code,
        "parent_id": after.parent_id, "publish_officials": publish, "sample_rule": rule });
    done(&state, tx, &staff, change(id, "unit.update", target, Some(before_json), Some(after_json))).await
}

/// The rule chosen on the form: `Some(None)` for "as the unit above", `None` for a choice that is no rule.
fn sample_rule_of(form: &UnitForm) -> Option<Option<TargetRule>> {
    match form.sample_rule.as_str() {
        "" => Some(None),
        key => TargetRule::chosen(key, &form.sample_fixed).map(Some),
    }
}

fn unit_of(form: &UnitForm, parent_id: Option<UnitId>) -> Option<NewUnit<'_>> {
    let name = form.name.trim();
    let kind = unit_tree::KINDS.iter().find(|(k, _)| *k == form.kind).map(|(k, _)| *k)?;
    let code = Some(form.code.trim()).filter(|c| !c.is_empty());
    let fits = !name.is_empty() && name.chars().count() <= MAX_NAME && code.is_none_or(|c| c.len() <= MAX_CODE);
    fits.then_some(NewUnit { parent_id, kind, name, code })
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
    Id(unit_id): Id<UnitId>,
    CsrfForm(form): CsrfForm<CounterForm>,
) -> Outcome {
    manager_reach(&state, &staff).await?.check(unit_id)?;
    let Some(name) = counter_name(&form) else { return refused(&state, &staff, Locale::Vi.texts().err_name).await };
    let mut tx = state.store.begin().await?;
    let counter = tx.create_counter(unit_id, name, crate::clock::now()).await?;
    qr::issue(&mut tx, &state.settings.secret, unit_id, QrTarget::Counter(counter.id)).await?;
    let after = json!({ "name": counter.name });
    done(&state, tx, &staff, change(unit_id, "counter.create", format!("counter:{}", counter.id), None, Some(after)))
        .await
}

/// `POST /admin/counters/{id}` — rename or archive a counter (archiving stops its QR code and revokes its tablets).
pub async fn update_counter(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id<CounterId>,
    CsrfForm(form): CsrfForm<CounterForm>,
) -> Outcome {
    let reach = manager_reach(&state, &staff).await?;
    let counter = state.store.counter(id).await?;
    reach.check(counter.unit_id)?;
    let (target, before) = (format!("counter:{id}"), Some(json!({ "name": counter.name })));
    let mut tx;
    if form.archive == "1" {
        tx = state.store.begin().await?;
        tx.archive(Archivable::Counter, id.get()).await?;
        tx.revoke_counter_devices(id, crate::clock::now()).await?;
        return done(&state, tx, &staff, change(counter.unit_id, "counter.archive", target, before, None)).await;
    }
    let Some(name) = counter_name(&form) else { return refused(&state, &staff, Locale::Vi.texts().err_name).await };
    tx = state.store.begin().await?;
    tx.rename_counter(id, name).await?;
    done(&state, tx, &staff, change(counter.unit_id, "counter.rename", target, before, Some(json!({ "name": name }))))
        .await
}

fn counter_name(form: &CounterForm) -> Option<&str> {
    let name = form.name.trim();
    (!name.is_empty() && name.chars().count() <= MAX_NAME).then_some(name)
}

/// `POST /admin/units/{id}/officials` (multipart) — a new official, with a photo if one is sent, and a QR code.
pub async fn create_official(
    State(state): State<AppState>,
    staff: Staff,
    Id(unit_id): Id<UnitId>,
    form: CsrfMultipart,
) -> Outcome {
    manager_reach(&state, &staff).await?.check(unit_id)?;
    let (official, photo) = match official_of(&state, unit_id, &form).await? {
        Ok(parsed) => parsed,
        Err(message) => return refused(&state, &staff, message).await,
    };
    let mut tx = state.store.begin().await?;
    let created = tx.create_official(official, crate::clock::now()).await?;
    set_photo(&mut tx, created.id, photo.as_ref()).await?;
    qr::issue(&mut tx, &state.settings.secret, unit_id, QrTarget::Official(created.id)).await?;
    let after = json!({ "full_name": created.full_name, "title": created.title, "counter_id": created.counter_id,
        "photo": photo.is_some() });
    let target = format!("official:{}", created.id);
    done(&state, tx, &staff, change(unit_id, "official.create", target, None, Some(after))).await
}

/// `POST /admin/officials/{id}` (multipart) — edit an official, replace the photo, or archive.
pub async fn update_official(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id<OfficialId>,
    form: CsrfMultipart,
) -> Outcome {
    let reach = manager_reach(&state, &staff).await?;
    let before = state.store.official(id).await?;
    reach.check(before.unit_id)?;
    let target = format!("official:{id}");
    let before_json = json!({ "full_name": before.full_name, "title": before.title, "counter_id": before.counter_id });
    let mut tx;
    if form.field("archive") == "1" {
        tx = state.store.begin().await?;
        tx.archive(Archivable::Official, id.get()).await?;
        return done(&state, tx, &staff, change(before.unit_id, "official.archive", target, Some(before_json), None))
            .await;
    }
    let (official, photo) = match official_of(&state, before.unit_id, &form).await? {
        Ok(parsed) => parsed,
        Err(message) => return refused(&state, &staff, message).await,
    };
    tx = state.store.begin().await?;
    let after = tx.update_official(id, official).await?;
    set_photo(&mut tx, id, photo.as_ref()).await?;
    let after_json = json!({ "full_name": after.full_name, "title": after.title, "counter_id": after.counter_id,
        "new_photo": photo.is_some() });
    done(&state, tx, &staff, change(before.unit_id, "official.update", target, Some(before_json), Some(after_json)))
        .await
}

/// The official's fields as posted (the counter must be one of the unit's) and the photo, prepared before any
/// transaction starts: decoding an image must not hold the database's writer.
async fn official_of<'a>(
    state: &AppState,
    unit_id: UnitId,
    form: &'a CsrfMultipart,
) -> Result<Result<(NewOfficial<'a>, Option<Photo>), &'static str>, AppError> {
    let t = Locale::Vi.texts();
    let full_name = form.field("full_name").trim();
    let title = form.field("title").trim();
    let staff_code = Some(form.field("staff_code").trim()).filter(|c| !c.is_empty());
    if full_name.is_empty() || full_name.chars().count() > MAX_PERSON_NAME || title.chars().count() > MAX_NAME {
        return Ok(Err(t.err_full_name));
    }
    if staff_code.is_some_and(|c| c.len() > MAX_CODE) {
        return Ok(Err(t.err_full_name));
    }
    let counter_id = form.field("counter_id").trim().parse::<i64>().ok();
    if let Some(counter) = counter_id {
        if state.store.counter(CounterId::new(counter)).await.ok().is_none_or(|c| c.unit_id != unit_id) {
            return Ok(Err(t.err_counter));
        }
    }
    let photo = match form.file.clone() {
        Some(bytes) => match photo::prepare(bytes).await {
            Ok(photo) => Some(photo),
            Err(e) => return Ok(Err(photos::refusal(e))),
        },
        None => None,
    };
    Ok(Ok((NewOfficial { unit_id, counter_id: counter_id.map(CounterId::new), full_name, title, staff_code }, photo)))
}

async fn set_photo(tx: &mut Tx, official_id: OfficialId, photo: Option<&Photo>) -> Result<(), AppError> {
    if let Some(photo) = photo {
        tx.set_official_photo(official_id, photo, crate::clock::now()).await?;
    }
    Ok(())
}

async fn refused(state: &AppState, staff: &Staff, message: &'static str) -> Outcome {
    let page = render_admin_page(state, staff, vec![message]).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// Commits the change with its audit entry, then back to the administration page.
/// Commits a change of the tree; the public pages' copies are dropped, so a name or an opt-in shows at once.
async fn done(state: &AppState, tx: Tx, staff: &Staff, change: Change<'_>) -> Outcome {
    audit::commit(tx, &staff.principal, change).await?;
    state.cache.public_pages.clear();
    Ok(Redirect::to("/admin").into_response())
}
