//! The load: `concurrency` clients each posting its share of `requests` distinct ratings, one at a time, each from
//! its own address (a trusted `X-Forwarded-For`, so the rate limit sees a phone each), timing every answer.

use std::time::{Duration, Instant};

/// What a run of the load saw.
pub struct Run {
    /// How long each answer took, every client's together.
    pub latencies: Vec<Duration>,
    /// Answered 303 (stored, as far as the server says).
    pub accepted: usize,
    pub elapsed: Duration,
}

impl Run {
    pub fn per_second(&self) -> f64 {
        self.accepted as f64 / self.elapsed.as_secs_f64()
    }

    /// The answer time at `p` (0–1) of all the requests.
    pub fn percentile(&self, p: f64) -> f64 {
        let mut sorted = self.latencies.clone();
        sorted.sort();
        let at = ((sorted.len() as f64 * p) as usize).min(sorted.len() - 1);
        sorted[at].as_secs_f64() * 1000.0
    }

    /// `1,234 ratings/s  p50 12.34 ms  p99 45.67 ms`
    pub fn summary(&self) -> String {
        format!(
            "{:>6.0} ratings/s  p50 {:>6.2} ms  p99 {:>6.2} ms",
            self.per_second(),
            self.percentile(0.50),
            self.percentile(0.99)
        )
    }
}

/// Posts the ratings to `url` and waits for every answer.
pub async fn drive(url: &str, requests: usize, concurrency: usize) -> Run {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(concurrency)
        .build()
        .expect("client");
    let started = Instant::now();
    let per_worker = requests / concurrency;
    let workers: Vec<_> = (0..concurrency)
        .map(|w| {
            let (client, url) = (client.clone(), url.to_owned());
            tokio::spawn(async move {
                let mut latencies = Vec::with_capacity(per_worker);
                let mut accepted = 0usize;
                for n in w * per_worker..(w + 1) * per_worker {
                    let ip = format!("10.{}.{}.{}", n >> 16 & 255, n >> 8 & 255, n & 255);
                    let sent = Instant::now();
                    let reply = client.post(&url).header("x-forwarded-for", ip).form(&form(n)).send().await;
                    latencies.push(sent.elapsed());
                    if matches!(reply, Ok(r) if r.status() == reqwest::StatusCode::SEE_OTHER) {
                        accepted += 1;
                    }
                }
                (latencies, accepted)
            })
        })
        .collect();
    let mut run = Run { latencies: Vec::with_capacity(requests), accepted: 0, elapsed: Duration::ZERO };
    for worker in workers {
        let (latencies, accepted) = worker.await.expect("worker");
        run.latencies.extend(latencies);
        run.accepted += accepted;
    }
    run.elapsed = started.elapsed();
    run
}

/// The `n`th rating: a fresh submission id, the four levels in turn, a comment on every seventh.
fn form(n: usize) -> [(&'static str, String); 4] {
    let comment = if n.is_multiple_of(7) { "Cán bộ hướng dẫn tận tình" } else { "" };
    [
        ("submission_id", uuid::Uuid::new_v4().to_string()),
        ("overall", (n % 4 + 1).to_string()),
        ("answer.cong-chuc", ((n / 4) % 4 + 1).to_string()),
        ("comment", comment.into()),
    ]
}
