//! How rows become records. The records (`model.rs`) are plain data; the mapping — including what `sqlx::Any` cannot
//! decode alike on both backends (booleans computed in SQL arrive as integers, small numbers as `i64`) — lives here,
//! so no sqlx type or workaround leaves the store.

use hailong_domain::time::Timestamp;
use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};

use super::{AuditEntry, CommentRow, Counter, FeedRow, Official, Procedure, QrCode, ResponseRow, Review, Unit, User};
use hailong_domain::ids::{CounterId, OfficialId, ProcedureId, QrCodeId, ResponseId, UnitId, UserId};

impl FromRow<'_, AnyRow> for Unit {
    fn from_row(row: &AnyRow) -> sqlx::Result<Unit> {
        Ok(Unit {
            id: UnitId::new(row.try_get("id")?),
            parent_id: row.try_get::<Option<i64>, _>("parent_id")?.map(UnitId::new),
            kind: row.try_get("kind")?,
            name: row.try_get("name")?,
            code: row.try_get("code")?,
            questionnaire_code: row.try_get("questionnaire_code")?,
        })
    }
}

impl FromRow<'_, AnyRow> for Counter {
    fn from_row(row: &AnyRow) -> sqlx::Result<Counter> {
        Ok(Counter {
            id: CounterId::new(row.try_get("id")?),
            unit_id: UnitId::new(row.try_get("unit_id")?),
            name: row.try_get("name")?,
        })
    }
}

impl FromRow<'_, AnyRow> for Official {
    fn from_row(row: &AnyRow) -> sqlx::Result<Official> {
        Ok(Official {
            id: OfficialId::new(row.try_get("id")?),
            unit_id: UnitId::new(row.try_get("unit_id")?),
            counter_id: row.try_get::<Option<i64>, _>("counter_id")?.map(CounterId::new),
            full_name: row.try_get("full_name")?,
            title: row.try_get("title")?,
            staff_code: row.try_get("staff_code")?,
            has_photo: row.try_get::<i64, _>("photo_count")? > 0,
            has_pin: row.try_get::<i64, _>("pin_count")? > 0,
        })
    }
}

impl FromRow<'_, AnyRow> for Procedure {
    fn from_row(row: &AnyRow) -> sqlx::Result<Procedure> {
        Ok(Procedure {
            id: ProcedureId::new(row.try_get("id")?),
            code: row.try_get("code")?,
            name: row.try_get("name")?,
            field: row.try_get("field")?,
            valid_from: row.try_get("valid_from")?,
            valid_to: row.try_get("valid_to")?,
        })
    }
}

impl FromRow<'_, AnyRow> for QrCode {
    fn from_row(row: &AnyRow) -> sqlx::Result<QrCode> {
        Ok(QrCode {
            id: QrCodeId::new(row.try_get("id")?),
            unit_id: UnitId::new(row.try_get("unit_id")?),
            counter_id: row.try_get::<Option<i64>, _>("counter_id")?.map(CounterId::new),
            official_id: row.try_get::<Option<i64>, _>("official_id")?.map(OfficialId::new),
            token: row.try_get("token")?,
            created_at: Timestamp::from_millis(row.try_get("created_at")?),
            revoked_at: row.try_get::<Option<i64>, _>("revoked_at")?.map(Timestamp::from_millis),
        })
    }
}

impl FromRow<'_, AnyRow> for User {
    fn from_row(row: &AnyRow) -> sqlx::Result<User> {
        Ok(User {
            id: UserId::new(row.try_get("id")?),
            username: row.try_get("username")?,
            full_name: row.try_get("full_name")?,
            password_hash: row.try_get("password_hash")?,
            role: row.try_get("role")?,
            unit_id: row.try_get::<Option<i64>, _>("unit_id")?.map(UnitId::new),
            official_id: row.try_get::<Option<i64>, _>("official_id")?.map(OfficialId::new),
            disabled: row.try_get::<i64, _>("disabled_flag")? != 0,
            must_change_password: row.try_get::<i64, _>("must_change_flag")? != 0,
            credentials_version: row.try_get("credentials_version")?,
        })
    }
}

impl FromRow<'_, AnyRow> for AuditEntry {
    fn from_row(row: &AnyRow) -> sqlx::Result<AuditEntry> {
        Ok(AuditEntry {
            id: row.try_get("id")?,
            at: Timestamp::from_millis(row.try_get("at")?),
            username: row.try_get("username")?,
            unit_id: row.try_get::<Option<i64>, _>("unit_id")?.map(UnitId::new),
            action: row.try_get("action")?,
            target: row.try_get("target")?,
            before: row.try_get("before")?,
            after: row.try_get("after")?,
        })
    }
}

impl FromRow<'_, AnyRow> for CommentRow {
    fn from_row(row: &AnyRow) -> sqlx::Result<CommentRow> {
        let overall: i64 = row.try_get("overall")?;
        Ok(CommentRow {
            id: ResponseId::new(row.try_get("id")?),
            submitted_at: Timestamp::from_millis(row.try_get("submitted_at")?),
            channel: row.try_get("channel")?,
            overall: u8::try_from(overall).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
            comment: row.try_get("comment")?,
            unit_id: UnitId::new(row.try_get("unit_id")?),
            counter_id: row.try_get::<Option<i64>, _>("counter_id")?.map(CounterId::new),
            official_id: row.try_get::<Option<i64>, _>("official_id")?.map(OfficialId::new),
            procedure_id: row.try_get::<Option<i64>, _>("procedure_id")?.map(ProcedureId::new),
        })
    }
}

impl FromRow<'_, AnyRow> for ResponseRow {
    fn from_row(row: &AnyRow) -> sqlx::Result<ResponseRow> {
        let overall: i64 = row.try_get("overall")?;
        Ok(ResponseRow {
            id: ResponseId::new(row.try_get("id")?),
            unit_id: UnitId::new(row.try_get("unit_id")?),
            submitted_at: Timestamp::from_millis(row.try_get("submitted_at")?),
            received_at: row.try_get::<Option<i64>, _>("received_at")?.map(Timestamp::from_millis),
            device_at: row.try_get::<Option<i64>, _>("device_at")?.map(Timestamp::from_millis),
            channel: row.try_get("channel")?,
            overall: u8::try_from(overall).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
            counter_id: row.try_get::<Option<i64>, _>("counter_id")?.map(CounterId::new),
            official_id: row.try_get::<Option<i64>, _>("official_id")?.map(OfficialId::new),
            procedure_id: row.try_get::<Option<i64>, _>("procedure_id")?.map(ProcedureId::new),
            misuse_rule: row.try_get("misuse_rule")?,
            review: match (row.try_get::<Option<String>, _>("review_decision")?, row.try_get("review_reason")?) {
                (Some(decision), Some(reason)) => Some(Review { restored: decision == "restore", reason }),
                _ => None,
            },
            void_reason: row.try_get("void_reason")?,
        })
    }
}

impl FromRow<'_, AnyRow> for FeedRow {
    fn from_row(row: &AnyRow) -> sqlx::Result<FeedRow> {
        let overall: i64 = row.try_get("overall")?;
        Ok(FeedRow {
            id: ResponseId::new(row.try_get("id")?),
            unit_id: UnitId::new(row.try_get("unit_id")?),
            submitted_at: Timestamp::from_millis(row.try_get("submitted_at")?),
            overall: u8::try_from(overall).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
            counter_id: row.try_get::<Option<i64>, _>("counter_id")?.map(CounterId::new),
            official_id: row.try_get::<Option<i64>, _>("official_id")?.map(OfficialId::new),
            channel: row.try_get("channel")?,
            comment: row.try_get("comment")?,
        })
    }
}
