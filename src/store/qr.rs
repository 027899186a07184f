//! QR codes: issued per counter or per official, revoked and reissued, never deleted.

use super::{QrCode, QrTarget, Store, StoreError, StoreResult};

const QR_COLUMNS: &str = "id, unit_id, counter_id, official_id, token, created_at, revoked_at";

impl Store {
    /// Makes `code` the one valid code of its target: any code issued before for it is revoked in the
    /// same transaction, so exactly one URL per counter or official works at a time.
    pub async fn issue_qr_code(&self, code: &QrCode) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        let (column, target_id) = target_column(code)?;
        sqlx::query(&format!("UPDATE qr_codes SET revoked_at = $1 WHERE {column} = $2 AND revoked_at IS NULL"))
            .bind(code.created_at)
            .bind(target_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO qr_codes (id, unit_id, counter_id, official_id, token, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(code.id)
        .bind(code.unit_id)
        .bind(code.counter_id)
        .bind(code.official_id)
        .bind(&code.token)
        .bind(code.created_at)
        .execute(&mut *tx)
        .await
        .map_err(|e| StoreError::from_write(e, "qr code"))?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn qr_code(&self, id: i64) -> StoreResult<QrCode> {
        sqlx::query_as(&format!("SELECT {QR_COLUMNS} FROM qr_codes WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// The code currently valid for a target, if one was issued.
    pub async fn active_qr_code(&self, target: QrTarget) -> StoreResult<Option<QrCode>> {
        let (column, id) = match target {
            QrTarget::Counter(id) => ("official_id IS NULL AND counter_id", id),
            QrTarget::Official(id) => ("official_id", id),
        };
        Ok(sqlx::query_as(&format!(
            "SELECT {QR_COLUMNS} FROM qr_codes WHERE {column} = $1 AND revoked_at IS NULL \
             ORDER BY created_at DESC LIMIT 1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    pub async fn revoke_qr_code(&self, id: i64, now_ms: i64) -> StoreResult<()> {
        let done = sqlx::query("UPDATE qr_codes SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(now_ms)
            .bind(id)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            // Either unknown, or revoked already: revoking twice is harmless, an unknown id is not.
            self.qr_code(id).await?;
        }
        Ok(())
    }
}

fn target_column(code: &QrCode) -> StoreResult<(&'static str, i64)> {
    match (code.official_id, code.counter_id) {
        (Some(id), _) => Ok(("official_id", id)),
        (None, Some(id)) => Ok(("official_id IS NULL AND counter_id", id)),
        (None, None) => Err(StoreError::Conflict("qr code without target")),
    }
}
