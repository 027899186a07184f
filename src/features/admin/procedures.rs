//! `/admin/procedures` — the procedure catalogue: import from CSV (preview with a verdict per line, then
//! import, all or nothing; administrators only, since every unit shares the catalogue), and which procedures (and
//! which questionnaire) each unit offers (its managers).

use std::collections::HashSet;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;

use crate::domain::access::Capability;
use crate::domain::ids::{ProcedureId, UnitId};
use crate::domain::period::local_date;
use crate::i18n::Locale;
use crate::pages::procedures::{render_procedures, ImportOutcome, ProceduresView};
use crate::services::audit::{self, Change};
use crate::services::catalogue_import::{self, CatalogueError};
use crate::store::ImportedProcedure;
use crate::web::access::{require, Reach};
use crate::web::caller::Staff;
use crate::web::csrf::{CsrfForm, CsrfMultipart};
use crate::web::extract::{Id, Query};
use crate::web::{AppError, AppState};

#[derive(Debug, Default, Deserialize)]
pub struct UnitQuery {
    unit: Option<UnitId>,
}

pub async fn page(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<UnitQuery>,
) -> Result<Html<String>, AppError> {
    Ok(Html(render_procedures(view(&state, &staff, query.unit, None).await?)))
}

/// `POST /admin/procedures/preview` (multipart, `catalogue` file) — what importing would do, line by line.
pub async fn preview(State(state): State<AppState>, staff: Staff, form: CsrfMultipart) -> Result<Response, AppError> {
    require(&staff.principal, Capability::EditNationalCatalogue)?;
    let bytes = form.file.unwrap_or_default();
    let outcome = match catalogue_import::parse(&bytes, &local_date(chrono::Utc::now()).to_string()) {
        Ok(catalogue) => {
            ImportOutcome::Preview { text: String::from_utf8_lossy(&bytes).into_owned(), report: catalogue.report }
        }
        Err(e) => return refused(&state, &staff, e).await,
    };
    Ok(Html(render_procedures(view(&state, &staff, None, Some(outcome)).await?)).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct ImportForm {
    #[serde(default)]
    csv: String,
}

/// `POST /admin/procedures/import` — applies the previewed file in one transaction with its audit entry: new
/// versions added, older versions of the same codes closed, invalid lines skipped; a failure imports nothing.
pub async fn import(
    State(state): State<AppState>,
    staff: Staff,
    CsrfForm(form): CsrfForm<ImportForm>,
) -> Result<Response, AppError> {
    require(&staff.principal, Capability::EditNationalCatalogue)?;
    let today = local_date(chrono::Utc::now()).to_string();
    let catalogue = match catalogue_import::parse(form.csv.as_bytes(), &today) {
        Ok(catalogue) => catalogue,
        Err(e) => return refused(&state, &staff, e).await,
    };
    let mut tx = state.store.begin().await?;
    let mut added = 0;
    for row in &catalogue.rows {
        let version = ImportedProcedure {
            code: &row.code,
            name: &row.name,
            field: &row.field,
            valid_from: row.valid_from.as_deref(),
        };
        added += usize::from(tx.import_procedure(version, &today).await?.1);
    }
    let (unchanged, skipped) = (catalogue.rows.len() - added, catalogue.report.len() - catalogue.rows.len());
    let after = json!({ "added": added, "unchanged": unchanged, "skipped": skipped });
    let change = Change {
        unit_id: None,
        action: "procedures.import",
        target: "catalogue".into(),
        before: None,
        after: Some(after),
    };
    audit::commit(tx, &staff.principal, change).await?;
    let outcome = ImportOutcome::Imported { added, unchanged, skipped };
    Ok(Html(render_procedures(view(&state, &staff, None, Some(outcome)).await?)).into_response())
}

#[derive(Debug, Default)]
pub struct OfferForm {
    procedure: Vec<ProcedureId>,
    questionnaire: String,
}

/// `POST /admin/units/{id}/procedures` — the unit's procedures (`procedure` repeated) and questionnaire.
pub async fn set_offer(
    State(state): State<AppState>,
    staff: Staff,
    Id(unit_id): Id<UnitId>,
    CsrfForm(form): CsrfForm<OfferFields>,
) -> Result<Redirect, AppError> {
    require(&staff.principal, Capability::ManageCatalogue)?;
    Reach::of(&state.store, &staff.principal).await?.check(unit_id)?;
    let form = form.into_offer();
    let known: HashSet<ProcedureId> = state.store.procedures().await?.into_iter().map(|p| p.id).collect();
    let chosen: Vec<ProcedureId> = form.procedure.into_iter().filter(|id| known.contains(id)).collect();
    let before: Vec<ProcedureId> = state
        .store
        .unit_procedures(unit_id, &local_date(chrono::Utc::now()).to_string())
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    let mut tx = state.store.begin().await?;
    tx.set_unit_procedures(unit_id, &chosen).await?;
    if matches!(form.questionnaire.as_str(), "short" | "detailed") {
        tx.set_unit_questionnaire(unit_id, &form.questionnaire).await?;
    }
    let change = Change {
        unit_id: Some(unit_id),
        action: "unit.procedures",
        target: format!("unit:{unit_id}"),
        before: Some(json!({ "procedures": before })),
        after: Some(json!({ "procedures": chosen, "questionnaire": form.questionnaire })),
    };
    audit::commit(tx, &staff.principal, change).await?;
    Ok(Redirect::to(&format!("/admin/procedures?unit={unit_id}")))
}

/// The offer form as posted: repeated `procedure` fields, which serde's urlencoded maps cannot collect.
#[derive(Debug, Default, Deserialize)]
#[serde(transparent)]
pub struct OfferFields(Vec<(String, String)>);

impl OfferFields {
    fn into_offer(self) -> OfferForm {
        let mut offer = OfferForm::default();
        for (name, value) in self.0 {
            match name.as_str() {
                "procedure" => offer.procedure.extend(value.parse::<ProcedureId>().ok()),
                "questionnaire" => offer.questionnaire = value,
                _ => {}
            }
        }
        offer
    }
}

async fn refused(state: &AppState, staff: &Staff, error: CatalogueError) -> Result<Response, AppError> {
    let view = view(state, staff, None, Some(ImportOutcome::Refused(error))).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(render_procedures(view))).into_response())
}

async fn view(
    state: &AppState,
    staff: &Staff,
    unit: Option<UnitId>,
    outcome: Option<ImportOutcome>,
) -> Result<ProceduresView, AppError> {
    require(&staff.principal, Capability::ManageCatalogue)?;
    let reach = Reach::of(&state.store, &staff.principal).await?;
    if let Some(unit) = unit {
        reach.check(unit)?;
    }
    let unit_id = unit.or(reach.units.first().map(|u| u.id));
    let today = local_date(chrono::Utc::now()).to_string();
    let catalogue = state.store.procedures().await?;
    let offered: HashSet<ProcedureId> = match unit_id {
        Some(id) => state.store.unit_procedures(id, &today).await?.into_iter().map(|p| p.id).collect(),
        None => HashSet::new(),
    };
    let questionnaire =
        unit_id.and_then(|id| reach.units.iter().find(|u| u.id == id)).map(|u| u.questionnaire_code.clone());
    Ok(ProceduresView {
        staff: staff.bar(),
        units: reach.units.iter().map(|u| (u.id.get(), u.name.clone())).collect(),
        unit_id,
        questionnaire: questionnaire.unwrap_or_else(|| "short".into()),
        procedures: catalogue
            .into_iter()
            .filter(|p| {
                p.valid_from.as_str() <= today.as_str() && p.valid_to.as_deref().is_none_or(|end| end > today.as_str())
            })
            .map(|p| (offered.contains(&p.id), p))
            .collect(),
        outcome,
        may_import: staff.principal.role.allows(Capability::EditNationalCatalogue),
        locale: Locale::Vi,
    })
}
