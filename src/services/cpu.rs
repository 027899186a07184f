//! CPU-heavy work — argon2, decoding and resizing photos, drawing QR codes — runs here, off the async workers:
//! on tokio's blocking pool, at most as many jobs at once as there are cores, so that a burst of sign-ins or
//! uploads queues up instead of stalling every other request (or spawning hundreds of threads).

use std::sync::LazyLock;

use tokio::sync::Semaphore;

static PERMITS: LazyLock<Semaphore> =
    LazyLock::new(|| Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get())));

/// The job failed to finish: it panicked (a bug, logged) or the runtime is shutting down.
#[derive(Debug, thiserror::Error)]
#[error("a CPU job did not finish")]
pub struct JobLost;

/// Runs `job` on the blocking pool once a core is free.
pub async fn run<T: Send + 'static>(job: impl FnOnce() -> T + Send + 'static) -> Result<T, JobLost> {
    let _permit = PERMITS.acquire().await.map_err(|_| JobLost)?;
    tokio::task::spawn_blocking(job).await.map_err(|e| {
        tracing::error!(error = %e, "CPU job lost");
        JobLost
    })
}
