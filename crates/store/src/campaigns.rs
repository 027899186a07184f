//! Survey campaigns, their targets, the customer list drawn from and the surveyors (`domain::survey`).

use hailong_domain::time::Timestamp;
use std::collections::HashMap;

use sqlx::Row;

use super::sql::Sql;
use super::{Store, StoreError, StoreResult, Tx};
use hailong_domain::ids::{CampaignId, RespondentId, SurveyorId, UnitId};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Campaign {
    pub id: CampaignId,
    pub unit_id: UnitId,
    pub name: String,
    pub first_day: String,
    pub last_day: String,
    pub method: String,
    pub questionnaire: String,
    pub target_rule: String,
    pub decision: String,
    pub payment_per_form: i64,
    pub sample_seed: Option<i64>,
    pub sample_rule: Option<String>,
    pub closed_at: Option<Timestamp>,
}

pub struct NewCampaign<'a> {
    pub unit_id: UnitId,
    pub name: &'a str,
    pub first_day: &'a str,
    pub last_day: &'a str,
    pub method: &'a str,
    pub questionnaire: &'a str,
    pub target_rule: &'a str,
    pub decision: &'a str,
    pub payment_per_form: i64,
}

/// A unit's target (`field` empty) or one of its quotas by field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub unit_id: UnitId,
    pub field: String,
    pub target: i64,
}

/// A customer of the list. `name` and `contact` are `None` once the campaign closed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Respondent {
    pub id: RespondentId,
    pub unit_id: UnitId,
    pub name: Option<String>,
    pub contact: Option<String>,
    pub procedure: String,
    pub field: String,
    pub served_on: String,
    pub drawn: bool,
    pub surveyor_id: Option<SurveyorId>,
    pub outcome: String,
}

#[derive(Debug)]
pub struct NewRespondent {
    pub unit_id: UnitId,
    pub name: String,
    pub contact: String,
    pub procedure: String,
    pub field: String,
    pub served_on: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Surveyor {
    pub id: SurveyorId,
    pub campaign_id: CampaignId,
    pub full_name: String,
    pub organisation: String,
    pub revoked_at: Option<Timestamp>,
    /// When a phone last signed in as them with a code, and when it last called.
    pub signed_in_at: Option<Timestamp>,
    pub last_seen_at: Option<Timestamp>,
    /// The badge has a photo of them.
    pub has_photo: bool,
}

const CAMPAIGN_COLUMNS: &str = "id, unit_id, name, first_day, last_day, method, questionnaire, target_rule, decision, \
                                payment_per_form, sample_seed, sample_rule, closed_at";

fn campaign(row: &sqlx::any::AnyRow) -> sqlx::Result<Campaign> {
    Ok(Campaign {
        id: CampaignId::new(row.try_get(0)?),
        unit_id: UnitId::new(row.try_get(1)?),
        name: row.try_get(2)?,
        first_day: row.try_get(3)?,
        last_day: row.try_get(4)?,
        method: row.try_get(5)?,
        questionnaire: row.try_get(6)?,
        target_rule: row.try_get(7)?,
        decision: row.try_get(8)?,
        payment_per_form: row.try_get(9)?,
        sample_seed: row.try_get(10)?,
        sample_rule: row.try_get(11)?,
        closed_at: row.try_get::<Option<i64>, _>(12)?.map(Timestamp::from_millis),
    })
}

pub(super) const SURVEYOR_COLUMNS: &str =
    "id, campaign_id, full_name, organisation, revoked_at, signed_in_at, last_seen_at, photo_updated_at";

pub(super) fn surveyor(row: &sqlx::any::AnyRow) -> sqlx::Result<Surveyor> {
    Ok(Surveyor {
        id: SurveyorId::new(row.try_get(0)?),
        campaign_id: CampaignId::new(row.try_get(1)?),
        full_name: row.try_get(2)?,
        organisation: row.try_get(3)?,
        revoked_at: row.try_get::<Option<i64>, _>(4)?.map(Timestamp::from_millis),
        signed_in_at: row.try_get::<Option<i64>, _>(5)?.map(Timestamp::from_millis),
        last_seen_at: row.try_get::<Option<i64>, _>(6)?.map(Timestamp::from_millis),
        has_photo: row.try_get::<Option<i64>, _>(7)?.is_some(),
    })
}

const RESPONDENT_COLUMNS: &str = "id, unit_id, name, contact, procedure, field, served_on, \
                                  CASE WHEN drawn THEN 1 ELSE 0 END, surveyor_id, outcome";

fn respondent(row: &sqlx::any::AnyRow) -> sqlx::Result<Respondent> {
    Ok(Respondent {
        id: RespondentId::new(row.try_get(0)?),
        unit_id: UnitId::new(row.try_get(1)?),
        name: row.try_get(2)?,
        contact: row.try_get(3)?,
        procedure: row.try_get(4)?,
        field: row.try_get(5)?,
        served_on: row.try_get(6)?,
        drawn: row.try_get::<i64, _>(7)? != 0,
        surveyor_id: row.try_get::<Option<i64>, _>(8)?.map(SurveyorId::new),
        outcome: row.try_get(9)?,
    })
}

impl Tx {
    pub async fn create_campaign(&mut self, c: NewCampaign<'_>, now: Timestamp) -> StoreResult<CampaignId> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO campaigns (unit_id, name, first_day, last_day, method, questionnaire, target_rule, decision, \
             payment_per_form, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(c.unit_id.get())
        .bind(c.name)
        .bind(c.first_day)
        .bind(c.last_day)
        .bind(c.method)
        .bind(c.questionnaire)
        .bind(c.target_rule)
        .bind(c.decision)
        .bind(c.payment_per_form)
        .bind(now.millis())
        .fetch_one(&mut *self.0)
        .await?;
        Ok(CampaignId::new(id))
    }

    pub async fn set_campaign_targets(&mut self, campaign_id: CampaignId, targets: &[Target]) -> StoreResult<()> {
        for t in targets {
            sqlx::query("INSERT INTO campaign_targets (campaign_id, unit_id, field, target) VALUES ($1, $2, $3, $4)")
                .bind(campaign_id.get())
                .bind(t.unit_id.get())
                .bind(&t.field)
                .bind(t.target)
                .execute(&mut *self.0)
                .await?;
        }
        Ok(())
    }

    pub async fn add_respondents(&mut self, campaign_id: CampaignId, respondents: &[NewRespondent]) -> StoreResult<()> {
        for r in respondents {
            sqlx::query(
                "INSERT INTO respondents (campaign_id, unit_id, name, contact, procedure, field, served_on) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(campaign_id.get())
            .bind(r.unit_id.get())
            .bind(&r.name)
            .bind(&r.contact)
            .bind(&r.procedure)
            .bind(&r.field)
            .bind(&r.served_on)
            .execute(&mut *self.0)
            .await?;
        }
        Ok(())
    }

    /// Records a draw: its seed and rule on the campaign, and each drawn respondent with the surveyor it goes to.
    pub async fn record_draw(
        &mut self,
        campaign_id: CampaignId,
        seed: i64,
        rule: &str,
        drawn: &[(RespondentId, Option<SurveyorId>)],
    ) -> StoreResult<()> {
        sqlx::query("UPDATE campaigns SET sample_seed = $1, sample_rule = $2 WHERE id = $3")
            .bind(seed)
            .bind(rule)
            .bind(campaign_id.get())
            .execute(&mut *self.0)
            .await?;
        for (respondent, surveyor) in drawn {
            sqlx::query("UPDATE respondents SET drawn = TRUE, surveyor_id = $1 WHERE id = $2 AND campaign_id = $3")
                .bind(surveyor.map(SurveyorId::get))
                .bind(respondent.get())
                .bind(campaign_id.get())
                .execute(&mut *self.0)
                .await?;
        }
        Ok(())
    }

    pub async fn create_surveyor(
        &mut self,
        campaign_id: CampaignId,
        full_name: &str,
        organisation: &str,
        now: Timestamp,
    ) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO surveyors (campaign_id, full_name, organisation, created_at) VALUES ($1, $2, $3, $4) \
             RETURNING id",
        )
        .bind(campaign_id.get())
        .bind(full_name)
        .bind(organisation)
        .bind(now.millis())
        .fetch_one(&mut *self.0)
        .await?)
    }

    /// Revokes a surveyor's badge; `false` when it was revoked already.
    pub async fn revoke_surveyor(&mut self, id: SurveyorId, now: Timestamp) -> StoreResult<bool> {
        let done = sqlx::query("UPDATE surveyors SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(now.millis())
            .bind(id.get())
            .execute(&mut *self.0)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// What became of a drawn respondent (pending, completed, refused, not reached).
    pub async fn set_respondent_outcome(&mut self, id: RespondentId, outcome: &str) -> StoreResult<()> {
        sqlx::query("UPDATE respondents SET outcome = $1 WHERE id = $2 AND drawn = TRUE")
            .bind(outcome)
            .bind(id.get())
            .execute(&mut *self.0)
            .await?;
        Ok(())
    }

    /// Closes the campaign and erases its respondents' names and contacts, and the links from surveyors' forms to
    /// them; returns how many respondents were erased.
    pub async fn close_campaign(&mut self, id: CampaignId, now: Timestamp) -> StoreResult<u64> {
        let closed = sqlx::query("UPDATE campaigns SET closed_at = $1 WHERE id = $2 AND closed_at IS NULL")
            .bind(now.millis())
            .bind(id.get())
            .execute(&mut *self.0)
            .await?;
        if closed.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let erased = sqlx::query(
            "UPDATE respondents SET name = NULL, contact = NULL \
             WHERE campaign_id = $1 AND (name IS NOT NULL OR contact IS NOT NULL)",
        )
        .bind(id.get())
        .execute(&mut *self.0)
        .await?;
        // Without the names the link is harmless, but it has no use left either: phúc tra is over.
        sqlx::query("UPDATE campaign_forms SET respondent_id = NULL WHERE campaign_id = $1")
            .bind(id.get())
            .execute(&mut *self.0)
            .await?;
        Ok(erased.rows_affected())
    }
}

impl Store {
    /// The campaigns planned for any of `unit_ids`, newest first.
    pub async fn campaigns_of(&self, unit_ids: &[UnitId]) -> StoreResult<Vec<Campaign>> {
        if unit_ids.is_empty() {
            return Ok(vec![]);
        }
        let mut sql = Sql::new(&format!("SELECT {CAMPAIGN_COLUMNS} FROM campaigns WHERE unit_id IN ("));
        sql.bind_list(unit_ids.iter().copied()).push(") ORDER BY id DESC");
        let rows = sql.query().fetch_all(&self.pool).await?;
        Ok(rows.iter().map(campaign).collect::<sqlx::Result<_>>()?)
    }

    pub async fn campaign(&self, id: CampaignId) -> StoreResult<Campaign> {
        let row = sqlx::query(&format!("SELECT {CAMPAIGN_COLUMNS} FROM campaigns WHERE id = $1"))
            .bind(id.get())
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(campaign(&row)?)
    }

    pub async fn campaign_targets(&self, campaign_id: CampaignId) -> StoreResult<Vec<Target>> {
        let rows: Vec<(i64, String, i64)> = sqlx::query_as(
            "SELECT unit_id, field, target FROM campaign_targets WHERE campaign_id = $1 ORDER BY unit_id, field",
        )
        .bind(campaign_id.get())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(unit_id, field, target)| Target { unit_id: UnitId::new(unit_id), field, target })
            .collect())
    }

    /// The campaign's customer list, in the order it was imported.
    pub async fn respondents(&self, campaign_id: CampaignId) -> StoreResult<Vec<Respondent>> {
        let rows =
            sqlx::query(&format!("SELECT {RESPONDENT_COLUMNS} FROM respondents WHERE campaign_id = $1 ORDER BY id"))
                .bind(campaign_id.get())
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.iter().map(respondent).collect::<sqlx::Result<_>>()?)
    }

    /// The respondents drawn for a surveyor, in the list's order, each with the name of their unit (archived ones
    /// too: the person was served there).
    pub async fn respondents_of_surveyor(&self, surveyor_id: SurveyorId) -> StoreResult<Vec<(Respondent, String)>> {
        let rows = sqlx::query(&format!(
            "SELECT {RESPONDENT_COLUMNS}, (SELECT u.name FROM units u WHERE u.id = respondents.unit_id) \
             FROM respondents WHERE surveyor_id = $1 AND drawn = TRUE ORDER BY id"
        ))
        .bind(surveyor_id.get())
        .fetch_all(&self.pool)
        .await?;
        let with_unit = |row: &sqlx::any::AnyRow| Ok((respondent(row)?, row.try_get(10)?));
        Ok(rows.iter().map(with_unit).collect::<sqlx::Result<_>>()?)
    }

    /// A respondent and the campaign it belongs to.
    pub async fn respondent(&self, id: RespondentId) -> StoreResult<(CampaignId, Respondent)> {
        let row = sqlx::query(&format!("SELECT {RESPONDENT_COLUMNS}, campaign_id FROM respondents WHERE id = $1"))
            .bind(id.get())
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok((CampaignId::new(row.try_get(10)?), respondent(&row)?))
    }

    /// The campaign a respondent belongs to.
    pub async fn respondent_campaign(&self, id: RespondentId) -> StoreResult<CampaignId> {
        sqlx::query_scalar("SELECT campaign_id FROM respondents WHERE id = $1")
            .bind(id.get())
            .fetch_optional(&self.pool)
            .await?
            .map(CampaignId::new)
            .ok_or(StoreError::NotFound)
    }

    pub async fn surveyors(&self, campaign_id: CampaignId) -> StoreResult<Vec<Surveyor>> {
        let rows = sqlx::query(&format!("SELECT {SURVEYOR_COLUMNS} FROM surveyors WHERE campaign_id = $1 ORDER BY id"))
            .bind(campaign_id.get())
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(surveyor).collect::<sqlx::Result<_>>()?)
    }

    pub async fn surveyor(&self, id: SurveyorId) -> StoreResult<Surveyor> {
        let row = sqlx::query(&format!("SELECT {SURVEYOR_COLUMNS} FROM surveyors WHERE id = $1"))
            .bind(id.get())
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(surveyor(&row)?)
    }

    /// Each unit's declared transactions per field (lĩnh vực, through the procedure) over months `first..=last`:
    /// what a campaign's quotas are proportional to. Counts declared without a procedure have no field.
    pub async fn transactions_by_field(
        &self,
        unit_ids: &[UnitId],
        first: i64,
        last: i64,
    ) -> StoreResult<HashMap<i64, HashMap<String, i64>>> {
        if unit_ids.is_empty() {
            return Ok(HashMap::new());
        }
        let mut sql = Sql::new(
            "SELECT t.unit_id, p.field, CAST(SUM(t.count) AS BIGINT) FROM transaction_counts t \
             JOIN procedures p ON p.id = t.procedure_id WHERE t.month BETWEEN ",
        );
        sql.bind(first).push(" AND ").bind(last).push(" AND t.unit_id IN (");
        sql.bind_list(unit_ids.iter().copied()).push(") GROUP BY t.unit_id, p.field");
        let rows: Vec<(i64, String, i64)> = sql.query_as().fetch_all(&self.pool).await?;
        let mut out: HashMap<i64, HashMap<String, i64>> = HashMap::new();
        for (unit, field, count) in rows {
            out.entry(unit).or_default().insert(field, count);
        }
        Ok(out)
    }
}
