//! The forms a campaign collected by hand — paper forms keyed from its batches (channel paper) and the interviews
//! surveyors entered on their phones (channel survey) — and their re-verification (phúc tra).

use hailong_domain::time::Timestamp;
use sqlx::Row;

use super::responses::append;
use super::{InsertOutcome, NewResponse, Store, StoreError, StoreResult, Tx};
use hailong_domain::ids::{CampaignId, RespondentId, ResponseId, SurveyorId, UnitId, UserId};

/// Where a form came from.
pub struct FormOrigin<'a> {
    pub campaign_id: CampaignId,
    pub serial: &'a str,
    pub batch: &'a str,
    pub surveyor_id: Option<SurveyorId>,
    /// The staff account that keyed a paper form; `None` for a surveyor's own.
    pub entered_by: Option<i64>,
    /// The drawn respondent a surveyor interviewed.
    pub respondent_id: Option<RespondentId>,
}

/// A form as the campaign lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CampaignForm {
    pub response_id: ResponseId,
    pub unit_id: UnitId,
    pub serial: String,
    pub batch: String,
    pub surveyor_id: Option<SurveyorId>,
    pub overall: u8,
    pub voided: bool,
    /// Entered by a surveyor on their phone (channel survey), not keyed from paper.
    pub survey: bool,
    /// The respondent a surveyor's form is of, until the campaign closes.
    pub respondent_id: Option<RespondentId>,
    /// The second keying (for the share keyed twice): matched or not; `None` until keyed again.
    pub second_match: Option<bool>,
}

/// A draw of forms for phúc tra: when, the share of each surveyor's or batch's forms, the seed that makes it
/// reproducible, and how many forms it drew.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecheckDraw {
    pub drawn_at: Timestamp,
    pub percent: i64,
    pub seed: i64,
    pub drawn: i64,
}

/// A form drawn for re-checking, and what the re-check found (`None` until recorded).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recheck {
    pub form: CampaignForm,
    pub outcome: Option<String>,
    pub note: Option<String>,
}

const FORM_COLUMNS: &str = "p.response_id, r.unit_id, p.serial, p.batch, p.surveyor_id, r.overall, \
                            CASE WHEN v.response_id IS NULL THEN 0 ELSE 1 END, p.second_match, \
                            CASE WHEN r.channel = 'survey' THEN 1 ELSE 0 END, p.respondent_id";
const FORM_JOINS: &str = "JOIN responses r ON r.id = p.response_id \
                          LEFT JOIN response_voids v ON v.response_id = p.response_id";

fn form(row: &sqlx::any::AnyRow) -> sqlx::Result<CampaignForm> {
    Ok(CampaignForm {
        response_id: ResponseId::new(row.try_get(0)?),
        unit_id: UnitId::new(row.try_get(1)?),
        serial: row.try_get(2)?,
        batch: row.try_get(3)?,
        surveyor_id: row.try_get::<Option<i64>, _>(4)?.map(SurveyorId::new),
        overall: u8::try_from(row.try_get::<i64, _>(5)?).unwrap_or(0),
        voided: row.try_get::<i64, _>(6)? != 0,
        second_match: row.try_get::<Option<i64>, _>(7)?.map(|m| m != 0),
        survey: row.try_get::<i64, _>(8)? != 0,
        respondent_id: row.try_get::<Option<i64>, _>(9)?.map(RespondentId::new),
    })
}

impl Tx {
    /// Stores a keyed form; `Conflict` when a form of its serial stands in the campaign (not voided). A serial keyed
    /// anew after its form was voided gets a submission id of its own (`…-2`, `…-3`), so the two stay apart.
    pub async fn append_paper_form(
        &mut self,
        response: &NewResponse,
        origin: FormOrigin<'_>,
    ) -> StoreResult<ResponseId> {
        let conn = &mut *self.0;
        let (standing, voided) = serial_use(&mut *conn, origin.campaign_id, origin.serial).await?;
        if standing > 0 {
            return Err(StoreError::Conflict("paper form serial"));
        }
        let anew;
        let response = match voided {
            0 => response,
            n => {
                anew =
                    NewResponse { submission_id: format!("{}-{}", response.submission_id, n + 1), ..response.clone() };
                &anew
            }
        };
        let id = match append(&mut *conn, response).await? {
            InsertOutcome::Created(id) | InsertOutcome::Flagged(id, _) => id,
            InsertOutcome::Duplicate(_) | InsertOutcome::Conflict => {
                return Err(StoreError::Conflict("paper form serial"))
            }
        };
        insert_form(conn, id, &origin).await?;
        Ok(id)
    }

    /// Stores a surveyor's form of an interview and marks its respondent completed. A resend of the same submission
    /// is `Duplicate` (nothing written); `Conflict` when the id was used for other answers, or when a form of the
    /// respondent stands already.
    pub async fn append_survey_form(
        &mut self,
        response: &NewResponse,
        origin: FormOrigin<'_>,
    ) -> StoreResult<InsertOutcome> {
        let conn = &mut *self.0;
        let id = match append(&mut *conn, response).await? {
            InsertOutcome::Created(id) | InsertOutcome::Flagged(id, _) => id,
            other => return Ok(other),
        };
        let respondent_has_form: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM campaign_forms p LEFT JOIN response_voids v ON v.response_id = p.response_id \
             WHERE p.respondent_id = $1 AND v.response_id IS NULL",
        )
        .bind(origin.respondent_id.map(RespondentId::get))
        .fetch_one(&mut *conn)
        .await?;
        if respondent_has_form > 0 || serial_use(&mut *conn, origin.campaign_id, origin.serial).await?.0 > 0 {
            return Err(StoreError::Conflict("respondent interviewed"));
        }
        insert_form(&mut *conn, id, &origin).await?;
        sqlx::query("UPDATE respondents SET outcome = 'completed' WHERE id = $1")
            .bind(origin.respondent_id.map(RespondentId::get))
            .execute(&mut *conn)
            .await?;
        Ok(InsertOutcome::Created(id))
    }

    /// Records a draw for phúc tra and the forms it drew.
    pub async fn draw_rechecks(
        &mut self,
        campaign_id: CampaignId,
        response_ids: &[ResponseId],
        draw: &RecheckDraw,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO recheck_draws (campaign_id, drawn_at, percent, seed, drawn) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(campaign_id.get())
        .bind(draw.drawn_at.millis())
        .bind(draw.percent)
        .bind(draw.seed)
        .bind(draw.drawn)
        .execute(&mut *self.0)
        .await?;
        for id in response_ids {
            sqlx::query("INSERT INTO rechecks (response_id, campaign_id, drawn_at) VALUES ($1, $2, $3)")
                .bind(id.get())
                .bind(campaign_id.get())
                .bind(draw.drawn_at.millis())
                .execute(&mut *self.0)
                .await?;
        }
        Ok(())
    }

    /// Records the second keying of a form; `false` when it was keyed twice before.
    pub async fn record_second_keying(
        &mut self,
        response_id: ResponseId,
        matched: bool,
        by: UserId,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE campaign_forms SET second_match = $1, second_by = $2 WHERE response_id = $3 AND second_match IS NULL",
        )
        .bind(i64::from(matched))
        .bind(by.get())
        .bind(response_id.get())
        .execute(&mut *self.0)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Records what a re-check found; `false` when it was recorded before.
    pub async fn record_recheck(
        &mut self,
        response_id: ResponseId,
        outcome: &str,
        note: &str,
        now: Timestamp,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE rechecks SET outcome = $1, note = $2, recorded_at = $3 WHERE response_id = $4 AND outcome IS NULL",
        )
        .bind(outcome)
        .bind(note)
        .bind(now.millis())
        .bind(response_id.get())
        .execute(&mut *self.0)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}

/// How many forms of the campaign carry this serial: `(standing, voided)`.
async fn serial_use(conn: &mut sqlx::AnyConnection, campaign_id: CampaignId, serial: &str) -> StoreResult<(i64, i64)> {
    Ok(sqlx::query_as(
        "SELECT COALESCE(SUM(CASE WHEN v.response_id IS NULL THEN 1 ELSE 0 END), 0), \
         COALESCE(SUM(CASE WHEN v.response_id IS NULL THEN 0 ELSE 1 END), 0) \
         FROM campaign_forms p LEFT JOIN response_voids v ON v.response_id = p.response_id \
         WHERE p.campaign_id = $1 AND p.serial = $2",
    )
    .bind(campaign_id.get())
    .bind(serial)
    .fetch_one(conn)
    .await?)
}

async fn insert_form(
    conn: &mut sqlx::AnyConnection,
    response_id: ResponseId,
    origin: &FormOrigin<'_>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO campaign_forms (response_id, campaign_id, serial, batch, surveyor_id, entered_by, respondent_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(response_id.get())
    .bind(origin.campaign_id.get())
    .bind(origin.serial)
    .bind(origin.batch)
    .bind(origin.surveyor_id.map(SurveyorId::get))
    .bind(origin.entered_by)
    .bind(origin.respondent_id.map(RespondentId::get))
    .execute(conn)
    .await
    .map_err(|e| StoreError::from_write(e, "campaign form"))?;
    Ok(())
}

impl Store {
    /// The campaign's forms, in the order they were stored.
    pub async fn campaign_forms(&self, campaign_id: CampaignId) -> StoreResult<Vec<CampaignForm>> {
        let sql = format!(
            "SELECT {FORM_COLUMNS} FROM campaign_forms p {FORM_JOINS} WHERE p.campaign_id = $1 ORDER BY p.response_id"
        );
        let rows = sqlx::query(&sql).bind(campaign_id.get()).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(form).collect::<sqlx::Result<_>>()?)
    }

    /// The campaign's draws for phúc tra, first first.
    pub async fn recheck_draws(&self, campaign_id: CampaignId) -> StoreResult<Vec<RecheckDraw>> {
        let rows: Vec<(i64, i64, i64, i64)> = sqlx::query_as(
            "SELECT drawn_at, percent, seed, drawn FROM recheck_draws WHERE campaign_id = $1 ORDER BY id",
        )
        .bind(campaign_id.get())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(at, percent, seed, drawn)| RecheckDraw {
                drawn_at: Timestamp::from_millis(at),
                percent,
                seed,
                drawn,
            })
            .collect())
    }

    pub async fn rechecks(&self, campaign_id: CampaignId) -> StoreResult<Vec<Recheck>> {
        let sql = format!(
            "SELECT {FORM_COLUMNS}, k.outcome, k.note FROM rechecks k JOIN campaign_forms p ON p.response_id = k.response_id \
             {FORM_JOINS} WHERE k.campaign_id = $1 ORDER BY p.serial"
        );
        let rows = sqlx::query(&sql).bind(campaign_id.get()).fetch_all(&self.pool).await?;
        let recheck = |row: &sqlx::any::AnyRow| -> sqlx::Result<Recheck> {
            Ok(Recheck { form: form(row)?, outcome: row.try_get(10)?, note: row.try_get(11)? })
        };
        Ok(rows.iter().map(recheck).collect::<sqlx::Result<_>>()?)
    }

    /// The standing (not voided) form of the campaign with this serial, with its factor answers (question key, level).
    pub async fn campaign_form(
        &self,
        campaign_id: CampaignId,
        serial: &str,
    ) -> StoreResult<(CampaignForm, Vec<(String, u8)>)> {
        let sql = format!(
            "SELECT {FORM_COLUMNS} FROM campaign_forms p {FORM_JOINS} \
                           WHERE p.campaign_id = $1 AND p.serial = $2 AND v.response_id IS NULL"
        );
        let row = sqlx::query(&sql)
            .bind(campaign_id.get())
            .bind(serial)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        let form = form(&row)?;
        let answers: Vec<(String, i64)> = sqlx::query_as(
            "SELECT question_key, level FROM response_answers WHERE response_id = $1 ORDER BY question_key",
        )
        .bind(form.response_id.get())
        .fetch_all(&self.pool)
        .await?;
        Ok((form, answers.into_iter().map(|(k, l)| (k, u8::try_from(l).unwrap_or(0))).collect()))
    }

    /// The campaign a re-check belongs to.
    pub async fn recheck_campaign(&self, response_id: ResponseId) -> StoreResult<CampaignId> {
        sqlx::query_scalar("SELECT campaign_id FROM rechecks WHERE response_id = $1")
            .bind(response_id.get())
            .fetch_optional(&self.pool)
            .await?
            .map(CampaignId::new)
            .ok_or(StoreError::NotFound)
    }
}
