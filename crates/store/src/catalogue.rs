//! The catalogue: units, counters, officials (and their photos), procedures and questionnaires.

use hailong_domain::time::Timestamp;
use std::collections::{BTreeSet, HashMap, HashSet};

use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};

use super::sql::Sql;
use super::{
    found, rollups, Counter, NewOfficial, NewProcedure, NewUnit, Official, Photo, Procedure, Store, StoreError,
    StoreResult, Tx, Unit,
};
use hailong_domain::alert::{Rule, RuleKind};
use hailong_domain::gaming::Pattern;
use hailong_domain::ids::{CounterId, OfficialId, ProcedureId, QuestionnaireId, UnitId};
use hailong_domain::questionnaire::Questionnaire;

const UNIT_COLUMNS: &str = "id, parent_id, kind, name, code, questionnaire_code";
const OFFICIAL_COLUMNS: &str = "o.id, o.unit_id, o.counter_id, o.full_name, o.title, o.staff_code, \
     CASE WHEN p.official_id IS NULL THEN 0 ELSE 1 END AS photo_count, \
     CASE WHEN o.kiosk_pin_hash IS NULL THEN 0 ELSE 1 END AS pin_count";

impl Tx {
    /// A new unit, with the pattern rules every unit starts with (`domain::gaming`; its managers may remove them).
    pub async fn create_unit(&mut self, unit: NewUnit<'_>, now: Timestamp) -> StoreResult<Unit> {
        let created: Unit = sqlx::query_as(&format!(
            "INSERT INTO units (parent_id, kind, name, code, created_at) VALUES ($1, $2, $3, $4, $5) \
             RETURNING {UNIT_COLUMNS}"
        ))
        .bind(unit.parent_id.map(UnitId::get))
        .bind(unit.kind)
        .bind(unit.name)
        .bind(unit.code)
        .bind(now.millis())
        .fetch_one(&mut *self.0)
        .await
        .map_err(|e| StoreError::from_write(e, "unit"))?;
        for pattern in Pattern::ALL {
            let rule = Rule { kind: RuleKind::Pattern(pattern), threshold_percent: 0, window_hours: 0, min_count: 0 };
            self.add_alert_rule(created.id, &rule, now).await?;
        }
        Ok(created)
    }

    pub async fn create_counter(&mut self, unit_id: UnitId, name: &str, now: Timestamp) -> StoreResult<Counter> {
        sqlx::query_as(
            "INSERT INTO counters (unit_id, name, created_at) VALUES ($1, $2, $3) RETURNING id, unit_id, name",
        )
        .bind(unit_id.get())
        .bind(name)
        .bind(now.millis())
        .fetch_one(&mut *self.0)
        .await
        .map_err(|e| StoreError::from_write(e, "counter"))
    }

    pub async fn create_official(&mut self, official: NewOfficial<'_>, now: Timestamp) -> StoreResult<Official> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO officials (unit_id, counter_id, full_name, title, staff_code, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(official.unit_id.get())
        .bind(official.counter_id.map(CounterId::get))
        .bind(official.full_name)
        .bind(official.title)
        .bind(official.staff_code)
        .bind(now.millis())
        .fetch_one(&mut *self.0)
        .await
        .map_err(|e| StoreError::from_write(e, "official"))?;
        self.official(OfficialId::new(id)).await
    }

    /// The official as this transaction sees it.
    async fn official(&mut self, id: OfficialId) -> StoreResult<Official> {
        sqlx::query_as(&format!(
            "SELECT {OFFICIAL_COLUMNS} FROM officials o LEFT JOIN official_photos p ON p.official_id = o.id \
             WHERE o.id = $1 AND o.archived = FALSE"
        ))
        .bind(id.get())
        .fetch_optional(&mut *self.0)
        .await?
        .ok_or(StoreError::NotFound)
    }

    /// Stores (or replaces) an official's photo; the bytes are expected to be re-encoded already.
    pub async fn set_official_photo(
        &mut self,
        official_id: OfficialId,
        photo: &Photo,
        now: Timestamp,
    ) -> StoreResult<()> {
        put_photo(&mut self.0, PhotoOf::Official, official_id.get(), photo, now).await
    }

    /// Adds a procedure version, or returns the id of the one already stored for this code and start date.
    pub async fn upsert_procedure(&mut self, procedure: NewProcedure<'_>) -> StoreResult<ProcedureId> {
        let inserted: Option<i64> = sqlx::query_scalar(
            "INSERT INTO procedures (code, name, field, valid_from) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (code, valid_from) DO NOTHING RETURNING id",
        )
        .bind(procedure.code)
        .bind(procedure.name)
        .bind(procedure.field)
        .bind(procedure.valid_from)
        .fetch_optional(&mut *self.0)
        .await?;
        match inserted {
            Some(id) => Ok(ProcedureId::new(id)),
            None => Ok(sqlx::query_scalar("SELECT id FROM procedures WHERE code = $1 AND valid_from = $2")
                .bind(procedure.code)
                .bind(procedure.valid_from)
                .fetch_one(&mut *self.0)
                .await
                .map(ProcedureId::new)?),
        }
    }

    pub async fn offer_procedure(&mut self, unit_id: UnitId, procedure_id: ProcedureId) -> StoreResult<()> {
        sqlx::query("INSERT INTO unit_procedures (unit_id, procedure_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(unit_id.get())
            .bind(procedure_id.get())
            .execute(&mut *self.0)
            .await
            .map_err(|e| StoreError::from_write(e, "unit procedure"))?;
        Ok(())
    }
}

impl Store {
    pub async fn unit(&self, id: UnitId) -> StoreResult<Unit> {
        sqlx::query_as(&format!("SELECT {UNIT_COLUMNS} FROM units WHERE id = $1 AND archived = FALSE"))
            .bind(id.get())
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// Those of `ids` that opted in to show their officials' figures on their public pages.
    /// What sample targets need of units: the kind of each of `ids`, and the rule (its key) of every unit that chose
    /// one — few, and any of them may be above `ids`.
    pub async fn sample_settings(
        &self,
        ids: &[UnitId],
    ) -> StoreResult<(HashMap<UnitId, String>, HashMap<UnitId, String>)> {
        let mut sql = Sql::new("SELECT id, kind, sample_rule FROM units WHERE sample_rule IS NOT NULL");
        if !ids.is_empty() {
            sql.push(" OR id IN (").bind_list(ids.iter().copied()).push(")");
        }
        let rows: Vec<(i64, String, Option<String>)> = sql.query_as().fetch_all(&self.pool).await?;
        let kinds = rows.iter().map(|(id, kind, _)| (UnitId::new(*id), kind.clone())).collect();
        let rules = rows.into_iter().filter_map(|(id, _, rule)| Some((UnitId::new(id), rule?))).collect();
        Ok((kinds, rules))
    }

    pub async fn units_publishing_officials(&self, ids: &[UnitId]) -> StoreResult<HashSet<UnitId>> {
        if ids.is_empty() {
            return Ok(HashSet::new());
        }
        let mut sql = Sql::new("SELECT id FROM units WHERE publish_officials = TRUE AND id IN (");
        sql.bind_list(ids.iter().copied()).push(")");
        Ok(sql.query_scalar::<i64>().fetch_all(&self.pool).await?.into_iter().map(UnitId::new).collect())
    }

    /// The active units at the top of the tree (provinces, or whatever the installation's roots are).
    pub async fn root_units(&self) -> StoreResult<Vec<Unit>> {
        let sql =
            format!("SELECT {UNIT_COLUMNS} FROM units WHERE parent_id IS NULL AND archived = FALSE ORDER BY name, id");
        Ok(sqlx::query_as(&sql).fetch_all(&self.pool).await?)
    }

    /// The active units directly beneath `id`, by name.
    pub async fn child_units(&self, id: UnitId) -> StoreResult<Vec<Unit>> {
        let sql =
            format!("SELECT {UNIT_COLUMNS} FROM units WHERE parent_id = $1 AND archived = FALSE ORDER BY name, id");
        Ok(sqlx::query_as(&sql).bind(id.get()).fetch_all(&self.pool).await?)
    }

    /// Every unit ever made, archived ones included (their history — the audit log — stays readable).
    pub async fn units_with_archived(&self) -> StoreResult<Vec<Unit>> {
        Ok(sqlx::query_as(&format!("SELECT {UNIT_COLUMNS} FROM units ORDER BY name, id")).fetch_all(&self.pool).await?)
    }

    /// Every active unit, parents before children where ids allow, by name.
    pub async fn units(&self) -> StoreResult<Vec<Unit>> {
        Ok(sqlx::query_as(&format!("SELECT {UNIT_COLUMNS} FROM units WHERE archived = FALSE ORDER BY name, id"))
            .fetch_all(&self.pool)
            .await?)
    }

    /// A unit and every unit beneath it (archived ones and what lies below them left out, as in [`Store::units`]),
    /// walked in the database.
    pub async fn subtree_units(&self, root: UnitId) -> StoreResult<Vec<Unit>> {
        let sql = format!(
            "WITH RECURSIVE subtree(id) AS (SELECT id FROM units WHERE id = $1 AND archived = FALSE \
             UNION ALL SELECT u.id FROM units u JOIN subtree s ON u.parent_id = s.id WHERE u.archived = FALSE) \
             SELECT {UNIT_COLUMNS} FROM units WHERE id IN (SELECT id FROM subtree) ORDER BY name, id"
        );
        Ok(sqlx::query_as(&sql).bind(root.get()).fetch_all(&self.pool).await?)
    }

    pub async fn counter(&self, id: CounterId) -> StoreResult<Counter> {
        sqlx::query_as("SELECT id, unit_id, name FROM counters WHERE id = $1 AND archived = FALSE")
            .bind(id.get())
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// The counters of these units only (a view never loads the whole country's).
    pub async fn counters_in(&self, unit_ids: &[UnitId]) -> StoreResult<Vec<Counter>> {
        if unit_ids.is_empty() {
            return Ok(vec![]);
        }
        let mut sql = Sql::new("SELECT id, unit_id, name FROM counters WHERE archived = FALSE AND unit_id IN (");
        sql.bind_list(unit_ids.iter().copied()).push(") ORDER BY unit_id, name, id");
        Ok(sql.query_as().fetch_all(&self.pool).await?)
    }

    /// These counters (archived ones too: their past ratings still count), for naming the rows of a breakdown.
    pub async fn counters_by_id(&self, ids: &[CounterId]) -> StoreResult<Vec<Counter>> {
        rows_by_id(&self.pool, "SELECT id, unit_id, name FROM counters WHERE id IN", ids.iter().map(|id| id.get()))
            .await
    }

    pub async fn official(&self, id: OfficialId) -> StoreResult<Official> {
        sqlx::query_as(&format!(
            "SELECT {OFFICIAL_COLUMNS} FROM officials o LEFT JOIN official_photos p ON p.official_id = o.id \
             WHERE o.id = $1 AND o.archived = FALSE"
        ))
        .bind(id.get())
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)
    }

    /// The officials of these units only.
    pub async fn officials_in(&self, unit_ids: &[UnitId]) -> StoreResult<Vec<Official>> {
        if unit_ids.is_empty() {
            return Ok(vec![]);
        }
        let mut sql = Sql::new(&format!(
            "SELECT {OFFICIAL_COLUMNS} FROM officials o LEFT JOIN official_photos p ON p.official_id = o.id \
             WHERE o.archived = FALSE AND o.unit_id IN ("
        ));
        sql.bind_list(unit_ids.iter().copied()).push(") ORDER BY o.unit_id, o.full_name, o.id");
        Ok(sql.query_as().fetch_all(&self.pool).await?)
    }

    /// These officials (archived ones too: their past ratings still count), for naming the rows of a breakdown.
    pub async fn officials_by_id(&self, ids: &[OfficialId]) -> StoreResult<Vec<Official>> {
        let select = format!(
            "SELECT {OFFICIAL_COLUMNS} FROM officials o LEFT JOIN official_photos p ON p.official_id = o.id \
             WHERE o.id IN"
        );
        rows_by_id(&self.pool, &select, ids.iter().map(|id| id.get())).await
    }

    pub async fn official_photo(&self, official_id: OfficialId) -> StoreResult<Photo> {
        photo(&self.pool, PhotoOf::Official, official_id.get()).await
    }

    /// The procedures a unit offers today (`today` as ISO date), by field then name.
    pub async fn unit_procedures(&self, unit_id: UnitId, today: &str) -> StoreResult<Vec<Procedure>> {
        Ok(sqlx::query_as(
            "SELECT p.id, p.code, p.name, p.field, p.valid_from, p.valid_to FROM procedures p \
             JOIN unit_procedures up ON up.procedure_id = p.id \
             WHERE up.unit_id = $1 AND p.valid_from <= $2 AND (p.valid_to IS NULL OR p.valid_to > $2) \
             ORDER BY p.field, p.name, p.id",
        )
        .bind(unit_id.get())
        .bind(today)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Every procedure that ever existed (replaced ones included, so history stays readable).
    pub async fn procedures(&self) -> StoreResult<Vec<Procedure>> {
        Ok(sqlx::query_as(
            "SELECT id, code, name, field, valid_from, valid_to FROM procedures ORDER BY field, name, id",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// These procedures, for naming the rows of a breakdown.
    pub async fn procedures_by_id(&self, ids: &[ProcedureId]) -> StoreResult<Vec<Procedure>> {
        rows_by_id(
            &self.pool,
            "SELECT id, code, name, field, valid_from, valid_to FROM procedures WHERE id IN",
            ids.iter().map(|id| id.get()),
        )
        .await
    }

    /// Stores a questionnaire version unless that (code, version) is there already; returns its id.
    pub async fn ensure_questionnaire(
        &self,
        questionnaire: &Questionnaire,
        now: Timestamp,
    ) -> StoreResult<QuestionnaireId> {
        let definition = serde_json::to_string(questionnaire).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        sqlx::query(
            "INSERT INTO questionnaires (code, version, definition, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (code, version) DO NOTHING",
        )
        .bind(&questionnaire.code)
        .bind(i64::from(questionnaire.version))
        .bind(definition)
        .bind(now.millis())
        .execute(&self.writer)
        .await?;
        Ok(sqlx::query_scalar("SELECT id FROM questionnaires WHERE code = $1 AND version = $2")
            .bind(&questionnaire.code)
            .bind(i64::from(questionnaire.version))
            .fetch_one(&self.writer)
            .await
            .map(QuestionnaireId::new)?)
    }
}

/// A catalogue line to import; `valid_from` is `None` when the file gives no date.
#[derive(Clone, Copy, Debug)]
pub struct ImportedProcedure<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub field: &'a str,
    pub valid_from: Option<&'a str>,
}

/// The catalogue tables whose rows are archived rather than deleted (responses keep pointing at them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Archivable {
    Unit,
    Counter,
    Official,
}

impl Tx {
    /// Changes a unit; when it moves to another parent its subtree's rollups move with it.
    pub async fn update_unit(&mut self, id: UnitId, unit: NewUnit<'_>) -> StoreResult<Unit> {
        let before: Option<Option<i64>> = sqlx::query_scalar("SELECT parent_id FROM units WHERE id = $1")
            .bind(id.get())
            .fetch_optional(&mut *self.0)
            .await?;
        let before = before.map(|parent| parent.map(UnitId::new));
        if let Some(before) = before.filter(|p| *p != unit.parent_id) {
            rollups::hold_counting(&mut self.0).await?;
            let old = rollups::ancestors(&mut self.0, before).await?;
            let new = rollups::ancestors(&mut self.0, unit.parent_id).await?;
            let leaving: Vec<UnitId> = old.iter().copied().filter(|a| !new.contains(a)).collect();
            let joining: Vec<UnitId> = new.iter().copied().filter(|a| !old.contains(a)).collect();
            rollups::move_subtree(&mut self.0, id, &leaving, &joining).await?;
        }
        sqlx::query_as(&format!(
            "UPDATE units SET parent_id = $1, kind = $2, name = $3, code = $4 WHERE id = $5 AND archived = FALSE \
             RETURNING {UNIT_COLUMNS}"
        ))
        .bind(unit.parent_id.map(UnitId::get))
        .bind(unit.kind)
        .bind(unit.name)
        .bind(unit.code)
        .bind(id.get())
        .fetch_optional(&mut *self.0)
        .await
        .map_err(|e| StoreError::from_write(e, "unit"))?
        .ok_or(StoreError::NotFound)
    }

    pub async fn rename_counter(&mut self, id: CounterId, name: &str) -> StoreResult<()> {
        found(
            sqlx::query("UPDATE counters SET name = $1 WHERE id = $2 AND archived = FALSE")
                .bind(name)
                .bind(id.get())
                .execute(&mut *self.0)
                .await?,
        )?;
        Ok(())
    }

    pub async fn update_official(&mut self, id: OfficialId, official: NewOfficial<'_>) -> StoreResult<Official> {
        found(sqlx::query(
            "UPDATE officials SET counter_id = $1, full_name = $2, title = $3, staff_code = $4 WHERE id = $5 AND archived = FALSE",
        )
        .bind(official.counter_id.map(CounterId::get))
        .bind(official.full_name)
        .bind(official.title)
        .bind(official.staff_code)
        .bind(id.get())
        .execute(&mut *self.0)
        .await
        .map_err(|e| StoreError::from_write(e, "official"))?)?;
        self.official(id).await
    }

    /// Archives a row: it disappears from lists and its codes stop working; its history stays.
    pub async fn archive(&mut self, what: Archivable, id: i64) -> StoreResult<()> {
        let table = match what {
            Archivable::Unit => "units",
            Archivable::Counter => "counters",
            Archivable::Official => "officials",
        };
        found(
            sqlx::query(&format!("UPDATE {table} SET archived = TRUE WHERE id = $1 AND archived = FALSE"))
                .bind(id)
                .execute(&mut *self.0)
                .await?,
        )?;
        Ok(())
    }
}

impl Tx {
    /// Imports one catalogue line. With a start date, that version is added if missing. Without one, a
    /// line equal to the current version (same name and field) changes nothing, and a different one
    /// becomes a new version from `today`. A new version closes the earlier open ones of its code — they stay,
    /// with their history — and the units that offered them offer it instead. Returns the id and whether
    /// the version is new.
    pub async fn import_procedure(
        &mut self,
        p: ImportedProcedure<'_>,
        today: &str,
    ) -> StoreResult<(ProcedureId, bool)> {
        let tx = &mut self.0;
        let current: Option<(i64, String, String, String)> = sqlx::query_as(
            "SELECT id, name, field, valid_from FROM procedures WHERE code = $1 AND valid_to IS NULL \
             ORDER BY valid_from DESC LIMIT 1",
        )
        .bind(p.code)
        .fetch_optional(&mut **tx)
        .await?;
        let valid_from = match (p.valid_from, &current) {
            (Some(date), _) => date,
            (None, Some((id, name, field, _))) if name == p.name && field == p.field => {
                return Ok((ProcedureId::new(*id), false))
            }
            (None, _) => today,
        };
        // A version older than the current one (history being filled in) ends where the current one starts.
        let valid_to = current.as_ref().map(|c| c.3.as_str()).filter(|start| *start > valid_from);
        let inserted: Option<i64> = sqlx::query_scalar(
            "INSERT INTO procedures (code, name, field, valid_from, valid_to) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (code, valid_from) DO NOTHING RETURNING id",
        )
        .bind(p.code)
        .bind(p.name)
        .bind(p.field)
        .bind(valid_from)
        .bind(valid_to)
        .fetch_optional(&mut **tx)
        .await?;
        let Some(id) = inserted else {
            let id = sqlx::query_scalar("SELECT id FROM procedures WHERE code = $1 AND valid_from = $2")
                .bind(p.code)
                .bind(valid_from)
                .fetch_one(&mut **tx)
                .await?;
            return Ok((ProcedureId::new(id), false));
        };
        let closed: Vec<i64> = sqlx::query_scalar(
            "UPDATE procedures SET valid_to = $1 WHERE code = $2 AND valid_from < $1 AND valid_to IS NULL RETURNING id",
        )
        .bind(valid_from)
        .bind(p.code)
        .fetch_all(&mut **tx)
        .await?;
        for old in closed {
            sqlx::query(
                "INSERT INTO unit_procedures (unit_id, procedure_id) SELECT unit_id, $1 FROM unit_procedures \
                 WHERE procedure_id = $2 ON CONFLICT DO NOTHING",
            )
            .bind(id)
            .bind(old)
            .execute(&mut **tx)
            .await?;
        }
        Ok((ProcedureId::new(id), true))
    }

    /// Makes `procedure_ids` exactly the procedures the unit offers.
    pub async fn set_unit_procedures(&mut self, unit_id: UnitId, procedure_ids: &[ProcedureId]) -> StoreResult<()> {
        let tx = &mut self.0;
        sqlx::query("DELETE FROM unit_procedures WHERE unit_id = $1").bind(unit_id.get()).execute(&mut **tx).await?;
        for id in procedure_ids {
            sqlx::query("INSERT INTO unit_procedures (unit_id, procedure_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(unit_id.get())
                .bind(id.get())
                .execute(&mut **tx)
                .await
                .map_err(|e| StoreError::from_write(e, "unit procedure"))?;
        }
        Ok(())
    }

    /// Whether the unit's public page shows its officials' figures.
    pub async fn set_publish_officials(&mut self, unit_id: UnitId, publish: bool) -> StoreResult<()> {
        sqlx::query("UPDATE units SET publish_officials = $1 WHERE id = $2")
            .bind(publish)
            .bind(unit_id.get())
            .execute(&mut *self.0)
            .await?;
        Ok(())
    }

    /// The rule of sample targets the unit chose for itself and the units beneath it (`None`: the rule above).
    pub async fn set_sample_rule(&mut self, unit_id: UnitId, rule: Option<&str>) -> StoreResult<()> {
        sqlx::query("UPDATE units SET sample_rule = $1 WHERE id = $2")
            .bind(rule)
            .bind(unit_id.get())
            .execute(&mut *self.0)
            .await?;
        Ok(())
    }

    /// Which questionnaire (`short`, `detailed`) the unit's forms use from now on.
    pub async fn set_unit_questionnaire(&mut self, unit_id: UnitId, code: &str) -> StoreResult<()> {
        sqlx::query("UPDATE units SET questionnaire_code = $1 WHERE id = $2")
            .bind(code)
            .bind(unit_id.get())
            .execute(&mut *self.0)
            .await?;
        Ok(())
    }
}

/// Whose photo: each kind of person keeps theirs in a table of its own, keyed by their id.
#[derive(Clone, Copy)]
pub(super) enum PhotoOf {
    Official,
    Surveyor,
}

impl PhotoOf {
    fn table_and_key(self) -> (&'static str, &'static str) {
        match self {
            PhotoOf::Official => ("official_photos", "official_id"),
            PhotoOf::Surveyor => ("surveyor_photos", "surveyor_id"),
        }
    }
}

/// Stores (or replaces) a photo; the bytes are expected to be re-encoded already.
pub(super) async fn put_photo(
    conn: &mut sqlx::AnyConnection,
    of: PhotoOf,
    id: i64,
    photo: &Photo,
    now: Timestamp,
) -> StoreResult<()> {
    let (table, key) = of.table_and_key();
    sqlx::query(&format!(
        "INSERT INTO {table} ({key}, content_type, bytes, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT ({key}) DO UPDATE SET content_type = excluded.content_type, \
         bytes = excluded.bytes, updated_at = excluded.updated_at"
    ))
    .bind(id)
    .bind(&photo.content_type)
    .bind(&photo.bytes)
    .bind(now.millis())
    .execute(conn)
    .await
    .map_err(|e| StoreError::from_write(e, "photo"))?;
    Ok(())
}

pub(super) async fn photo(pool: &sqlx::AnyPool, of: PhotoOf, id: i64) -> StoreResult<Photo> {
    let (table, key) = of.table_and_key();
    let row = sqlx::query(&format!("SELECT content_type, bytes FROM {table} WHERE {key} = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok(Photo { content_type: row.try_get(0)?, bytes: row.try_get(1)? })
}

/// The rows `select … IN` finds for `ids`, each id bound once: callers pass one id a rating (a live batch, a page of
/// comments names a few officials hundreds of times), and every distinct list length is a statement to prepare.
async fn rows_by_id<T>(pool: &AnyPool, select: &str, ids: impl IntoIterator<Item = i64>) -> StoreResult<Vec<T>>
where
    T: for<'r> sqlx::FromRow<'r, AnyRow> + Send + Unpin,
{
    let ids: BTreeSet<i64> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let mut sql = Sql::new(select);
    sql.push(" (").bind_list(ids).push(")");
    Ok(sql.query_as().fetch_all(pool).await?)
}
