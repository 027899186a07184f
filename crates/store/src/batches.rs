//! Group commit: ratings that arrive together are stored in one transaction, so one commit — one sync of the log —
//! serves them all (decision 007). Who gathers them is the web application's ingest writer.

use super::responses::append;
use super::{InsertOutcome, NewResponse, Store, StoreResult};

impl Store {
    /// Appends each response as [`Store::insert_response`] would, in order, all in one transaction; the outcomes in
    /// the same order. A duplicate or a conflict writes nothing and leaves its batch-mates be. Any error rolls the
    /// whole batch back — nothing of it is stored — and is returned, for the caller to store them one at a time.
    pub async fn insert_batch(&self, responses: &[NewResponse]) -> StoreResult<Vec<InsertOutcome>> {
        let mut tx = self.writer.begin().await?;
        let mut outcomes = Vec::with_capacity(responses.len());
        for response in responses {
            outcomes.push(append(&mut tx, response).await?);
        }
        tx.commit().await?;
        Ok(outcomes)
    }
}
