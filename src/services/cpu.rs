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

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    use super::*;

    /// A burst of jobs runs at most one per core; the others wait their turn, and every one finishes.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_burst_runs_no_more_than_one_job_per_core() {
        let (running, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let mut jobs = tokio::task::JoinSet::new();
        for n in 0..16 {
            let (running, most) = (running.clone(), most.clone());
            jobs.spawn(run(move || {
                most.fetch_max(running.fetch_add(1, Ordering::SeqCst) + 1, Ordering::SeqCst);
                std::thread::sleep(std::time::Duration::from_millis(5));
                running.fetch_sub(1, Ordering::SeqCst);
                n
            }));
        }
        let mut done = Vec::new();
        while let Some(job) = jobs.join_next().await {
            done.push(job.unwrap().unwrap());
        }
        done.sort_unstable();
        assert_eq!(done, (0..16).collect::<Vec<_>>());
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        assert!(most.load(Ordering::SeqCst) <= cores, "{} jobs at once on {cores} cores", most.load(Ordering::SeqCst));
    }
}
