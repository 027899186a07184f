//! The server's own daily backup into a folder (a mounted disk or a network share), and the rotation that keeps
//! the newest of the last days and months (`domain::backup::to_delete`). Owned by the server: started with it,
//! stopped by its graceful shutdown (a backup under way is finished first, never left half written); every failure
//! is logged as an error with the next attempt's time.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{NaiveTime, Utc};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::take;
use crate::domain::backup::{next_run, to_delete, BackupName, Purpose};
use crate::store::Store;

/// When and where the server backs up, and how many it keeps.
#[derive(Clone, Debug)]
pub struct Schedule {
    pub dir: PathBuf,
    /// Local time of day.
    pub at: NaiveTime,
    pub keep_daily: usize,
    pub keep_monthly: usize,
}

/// The running loop; [`Running::stop`] ends it.
pub struct Running {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

/// The wall clock is read again at least this often, so a clock set right (or a machine resumed) is followed.
const RECHECK: Duration = Duration::from_secs(600);

/// Starts the daily backups of the database behind `store` (at `database_url`).
pub fn start(store: Store, database_url: String, schedule: Schedule) -> Running {
    let (stop, mut stopped) = watch::channel(false);
    tracing::info!(
        dir = %schedule.dir.display(), at = %schedule.at, keep_daily = schedule.keep_daily,
        keep_monthly = schedule.keep_monthly, "daily backups on"
    );
    let task = tokio::spawn(async move {
        loop {
            let next = next_run(Utc::now(), schedule.at);
            while Utc::now() < next {
                let wait = (next - Utc::now()).to_std().unwrap_or_default().min(RECHECK);
                tokio::select! {
                    _ = stopped.changed() => return,
                    () = tokio::time::sleep(wait) => {}
                }
            }
            back_up_and_rotate(&store, &database_url, &schedule).await;
            if *stopped.borrow() {
                return;
            }
        }
    });
    Running { stop, task }
}

impl Running {
    /// Stops the loop, after the backup under way if there is one.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        if let Err(e) = self.task.await {
            tracing::error!(error = %e, "the backup loop had stopped by itself");
        }
    }
}

async fn back_up_and_rotate(store: &Store, database_url: &str, schedule: &Schedule) {
    let next = next_run(Utc::now(), schedule.at);
    match take(store, database_url, &schedule.dir, Purpose::Regular).await {
        Ok(taken) => tracing::info!(
            file = %taken.path.display(), bytes = taken.size, seconds = taken.took.as_secs_f64(), "backup taken"
        ),
        Err(e) => {
            tracing::error!(error = %e, dir = %schedule.dir.display(), next_attempt = %next, "backup failed");
            return;
        }
    }
    match rotate(&schedule.dir, schedule.keep_daily, schedule.keep_monthly) {
        Ok(deleted) => {
            for file in deleted {
                tracing::info!(file = %file.display(), "old backup deleted");
            }
        }
        Err(e) => tracing::error!(error = %e, dir = %schedule.dir.display(), "rotating the backups failed"),
    }
}

/// Deletes the backups in `dir` the rotation does not keep; returns them.
pub fn rotate(dir: &Path, keep_daily: usize, keep_monthly: usize) -> std::io::Result<Vec<PathBuf>> {
    let mut files = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if let Some(name) = entry.file_name().to_str().and_then(BackupName::parse) {
            files.insert(name, entry.path());
        }
    }
    let names: Vec<BackupName> = files.keys().cloned().collect();
    let mut deleted = Vec::new();
    for path in to_delete(&names, keep_daily, keep_monthly).iter().filter_map(|name| files.get(name)) {
        std::fs::remove_file(path)?;
        deleted.push(path.clone());
    }
    Ok(deleted)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rotation deletes only the backups it does not keep: other files, work folders and backups taken before
    /// an upgrade stay.
    #[test]
    fn rotating_a_folder_deletes_only_old_backups() {
        let dir = tempfile::tempdir().unwrap();
        let names = [
            "hailong-20261201T183000Z-schema27.sqlite.gz",
            "hailong-20261202T183000Z-schema27.sqlite.gz",
            "hailong-20261203T183000Z-schema27.sqlite.gz",
            "hailong-20250101T000000Z-schema26-before-upgrade.sqlite.gz",
            "notes.txt",
        ];
        for name in names {
            std::fs::write(dir.path().join(name), name).unwrap();
        }
        std::fs::create_dir(dir.path().join(".hailong-backup-x")).unwrap();
        let deleted = rotate(dir.path(), 2, 0).unwrap();
        assert_eq!(deleted, vec![dir.path().join(names[0])]);
        let mut left: Vec<String> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        left.sort();
        assert_eq!(left, [".hailong-backup-x", names[3], names[1], names[2], names[4]]);
    }
}
