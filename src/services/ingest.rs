//! The ingest writer: group commit of ratings (decision 007). A rating is queued here; a writer takes whatever is
//! queued — one rating when it is alone, everything that arrived during the previous commit under load — stores it
//! in one transaction (`Store::insert_batch`) and answers each rating only once that commit has returned, so every
//! acknowledgement stands on a synced log. There is no timer: a lone rating is stored at once, and batches grow with
//! the load by themselves.

use std::sync::{Arc, Mutex};

use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

use crate::store::{InsertOutcome, NewResponse, Store, StoreError, StoreResult};

/// Ratings stored in one transaction at most: 64 clients' worth, a few milliseconds of writing on SQLite.
const BATCH: usize = 128;
/// Ratings waiting beyond this make a submit wait for room (the writers are behind; nothing is dropped).
const QUEUE: usize = 4096;

/// Why a rating was not stored.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The server is stopping (or a writer died): the rating was not taken, and the citizen is told to retry.
    #[error("the ingest writer has stopped")]
    Stopped,
}

/// What travels to a writer: an item (a rating and where its outcome goes), or the order to finish.
enum Job<T> {
    Item(T),
    Close,
}

/// A rating and where its outcome goes.
type Rating = (NewResponse, oneshot::Sender<StoreResult<InsertOutcome>>);

/// The handle requests store ratings through; cloned into the application state.
#[derive(Clone)]
pub struct Ingest {
    queue: mpsc::Sender<Job<Rating>>,
    writers: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl Ingest {
    /// Starts the writers, one per connection that can write: on SQLite one (it has one writer anyway), so every
    /// rating waiting shares a commit; on PostgreSQL as many as the pool holds, because a citizen's rating takes
    /// several round trips (the phone's rules) and one connection's trips in turn cannot keep up with the clients.
    pub fn start(store: Store) -> Ingest {
        let (queue, receiver) = mpsc::channel(QUEUE);
        let receiver = Arc::new(tokio::sync::Mutex::new(receiver));
        let writers =
            (0..store.concurrent_writes()).map(|_| tokio::spawn(write(store.clone(), receiver.clone()))).collect();
        Ingest { queue, writers: Arc::new(Mutex::new(writers)) }
    }

    /// Stores a rating with whatever else is waiting, and returns once its batch is committed.
    pub async fn insert(&self, response: NewResponse) -> Result<InsertOutcome, IngestError> {
        let (reply, outcome) = oneshot::channel();
        self.queue.send(Job::Item((response, reply))).await.map_err(|_| IngestError::Stopped)?;
        Ok(outcome.await.map_err(|_| IngestError::Stopped)??)
    }

    /// Stops taking ratings, stores and answers the ones queued, and returns when the writers have finished. Called
    /// once the server has finished its requests in flight.
    pub async fn close(&self) {
        // Behind every rating already queued; a rating sent after it is refused (`Stopped`).
        let _ = self.queue.send(Job::Close).await;
        let writers = std::mem::take(&mut *self.writers.lock().unwrap_or_else(|e| e.into_inner()));
        for writer in writers {
            if let Err(e) = writer.await {
                tracing::error!(error = %e, "an ingest writer failed");
            }
        }
    }
}

/// A writer: a batch at a time until the queue is closed and empty. The writers share the queue; the one holding it
/// waits for the next rating, the others for their turn.
async fn write(store: Store, queue: Arc<tokio::sync::Mutex<mpsc::Receiver<Job<Rating>>>>) {
    loop {
        let ratings = {
            let mut queue = queue.lock().await;
            match next_batch(&mut queue).await {
                Some(ratings) => ratings,
                None => return,
            }
        };
        store_batch(&store, ratings).await;
    }
}

/// The ratings waiting — at least one, waiting for it when there is none — up to [`BATCH`]; `None` once the queue is
/// closed and empty. A `Close` among them closes the queue: what was sent before it is still taken.
async fn next_batch<T>(queue: &mut mpsc::Receiver<Job<T>>) -> Option<Vec<T>> {
    loop {
        let mut jobs = Vec::with_capacity(BATCH);
        if queue.recv_many(&mut jobs, BATCH).await == 0 {
            return None;
        }
        let mut items = Vec::with_capacity(jobs.len());
        for job in jobs {
            match job {
                Job::Item(item) => items.push(item),
                Job::Close => queue.close(),
            }
        }
        if !items.is_empty() {
            return Some(items);
        }
    }
}

/// One transaction for the batch, then each rating answered. Should it fail, nothing of it was stored (or, if the
/// commit's fate is unknown, all of it): each rating is then stored alone, so one bad rating fails only itself and
/// a rating stored after all comes back as a duplicate — never lost, never twice.
async fn store_batch(store: &Store, ratings: Vec<Rating>) {
    let (responses, replies): (Vec<_>, Vec<_>) = ratings.into_iter().unzip();
    match store.insert_batch(&responses).await {
        Ok(outcomes) => {
            for (reply, outcome) in replies.into_iter().zip(outcomes) {
                // A requester gone (its connection closed) is no loss: the rating is stored.
                let _ = reply.send(Ok(outcome));
            }
        }
        Err(e) => {
            tracing::warn!(error = %e, ratings = responses.len(), "a batch of ratings failed; storing them one at a time");
            for (response, reply) in responses.iter().zip(replies) {
                let _ = reply.send(store.insert_response(response).await);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn queue() -> (mpsc::Sender<Job<usize>>, mpsc::Receiver<Job<usize>>) {
        mpsc::channel(QUEUE)
    }

    fn send(queue: &mpsc::Sender<Job<usize>>, items: std::ops::Range<usize>) {
        items.for_each(|n| queue.try_send(Job::Item(n)).expect("room"));
    }

    #[tokio::test]
    async fn a_batch_takes_what_is_waiting_without_waiting_for_more() {
        let (queue, mut receiver) = queue();
        send(&queue, 0..3);
        assert_eq!(next_batch(&mut receiver).await, Some(vec![0, 1, 2]));
        send(&queue, 3..4);
        assert_eq!(next_batch(&mut receiver).await, Some(vec![3]));
    }

    #[tokio::test]
    async fn a_batch_is_capped() {
        let (queue, mut receiver) = queue();
        send(&queue, 0..BATCH + 5);
        assert_eq!(next_batch(&mut receiver).await.map(|b| b.len()), Some(BATCH));
        assert_eq!(next_batch(&mut receiver).await, Some((BATCH..BATCH + 5).collect()));
    }

    #[tokio::test]
    async fn close_lets_the_queued_through_and_refuses_the_later() {
        let (queue, mut receiver) = queue();
        send(&queue, 0..1);
        queue.try_send(Job::Close).expect("room");
        assert_eq!(next_batch(&mut receiver).await, Some(vec![0]));
        assert!(queue.try_send(Job::Item(1)).is_err(), "closed");
        assert_eq!(next_batch(&mut receiver).await, None);
    }
}
