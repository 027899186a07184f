//! Backups' file names and which of them a backup folder keeps (sao lưu).
//!
//! A name says when the backup was taken (UTC), the schema version it holds and what kind of database it is, so an
//! operator picks the right file from a listing without opening any: `hailong-20261208T013000Z-schema27.sqlite.gz`.
//! A backup taken before migrations are applied carries `-before-upgrade` and is never deleted by the rotation: it
//! is the way back from an upgrade, and upgrades are rare.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, NaiveDateTime, NaiveTime, Utc};

use crate::period::LOCAL_UTC_OFFSET_MS;

const PREFIX: &str = "hailong-";
const STAMP: &str = "%Y%m%dT%H%M%SZ";
const BEFORE_UPGRADE: &str = "-before-upgrade";

/// What kind of database a backup holds, and so how it is restored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// A SQLite database file (`VACUUM INTO`).
    Sqlite,
    /// A PostgreSQL dump in `pg_dump`'s custom format.
    Postgres,
}

impl Kind {
    /// The name's extension before `.gz`, and the key in a backup's header.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Sqlite => "sqlite",
            Kind::Postgres => "pgdump",
        }
    }

    pub fn of_key(key: &str) -> Option<Kind> {
        [Kind::Sqlite, Kind::Postgres].into_iter().find(|k| k.key() == key)
    }
}

/// Why a backup was taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Purpose {
    /// By the schedule or by hand: rotated.
    Regular,
    /// Just before migrations changed the schema: kept until an operator deletes it.
    BeforeUpgrade,
}

/// A backup file's name, parsed.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct BackupName {
    pub taken_at: DateTime<Utc>,
    pub schema: i64,
    pub kind: Kind,
    pub purpose: Purpose,
}

impl BackupName {
    /// `hailong-20261208T013000Z-schema27.sqlite.gz`, or `…-schema27-before-upgrade.sqlite.gz`.
    pub fn file_name(&self) -> String {
        let purpose = match self.purpose {
            Purpose::Regular => "",
            Purpose::BeforeUpgrade => BEFORE_UPGRADE,
        };
        format!("{PREFIX}{}-schema{}{purpose}.{}.gz", self.taken_at.format(STAMP), self.schema, self.kind.key())
    }

    /// The name of a backup file, or `None` for any other file (the rotation leaves those alone).
    pub fn parse(file_name: &str) -> Option<BackupName> {
        let rest = file_name.strip_prefix(PREFIX)?.strip_suffix(".gz")?;
        let (rest, kind) = rest.rsplit_once('.')?;
        let kind = Kind::of_key(kind)?;
        let (rest, purpose) = match rest.strip_suffix(BEFORE_UPGRADE) {
            Some(rest) => (rest, Purpose::BeforeUpgrade),
            None => (rest, Purpose::Regular),
        };
        let (stamp, schema) = rest.split_once("-schema")?;
        let schema = schema.parse().ok().filter(|s: &i64| *s >= 0 && schema.bytes().all(|b| b.is_ascii_digit()))?;
        let taken_at = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?.and_utc();
        Some(BackupName { taken_at, schema, kind, purpose })
    }

    /// The local day (Asia/Ho_Chi_Minh) and month it was taken in, as the rotation counts them.
    fn local_day_and_month(&self) -> (i64, (i32, u32)) {
        let local = self.taken_at + chrono::Duration::milliseconds(LOCAL_UTC_OFFSET_MS);
        let day = local.timestamp_millis().div_euclid(24 * 3600 * 1000);
        (day, (local.year(), local.month()))
    }
}

/// Which backups to delete from a folder holding `backups`: every regular backup but the newest of each of the
/// `keep_daily` most recent days that have one and the newest of each of the `keep_monthly` most recent months
/// (local time). Backups taken before an upgrade are always kept. Keeping at least one is guaranteed: the newest
/// backup is the newest of its day and of its month.
pub fn to_delete(backups: &[BackupName], keep_daily: usize, keep_monthly: usize) -> Vec<BackupName> {
    let mut regular: Vec<&BackupName> = backups.iter().filter(|b| b.purpose == Purpose::Regular).collect();
    regular.sort_by(|a, b| b.cmp(a));
    let mut kept: BTreeSet<&BackupName> = BTreeSet::new();
    let (mut days, mut months) = (BTreeSet::new(), BTreeSet::new());
    for backup in &regular {
        let (day, month) = backup.local_day_and_month();
        // Newest first: the first of a day (month) seen is its newest.
        if days.len() < keep_daily.max(1) && days.insert(day) {
            kept.insert(backup);
        }
        if months.len() < keep_monthly && months.insert(month) {
            kept.insert(backup);
        }
    }
    regular.into_iter().filter(|b| !kept.contains(b)).cloned().collect()
}

/// When the daily backup at local time `at` next falls after `now`.
pub fn next_run(now: DateTime<Utc>, at: NaiveTime) -> DateTime<Utc> {
    let offset = chrono::Duration::milliseconds(LOCAL_UTC_OFFSET_MS);
    let local = (now + offset).naive_utc();
    let today = local.date().and_time(at);
    let next = if today > local { today } else { today + chrono::Duration::days(1) };
    next.and_utc() - offset
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(stamp: &str) -> BackupName {
        let taken_at = NaiveDateTime::parse_from_str(stamp, "%Y-%m-%d %H:%M").unwrap().and_utc();
        BackupName { taken_at, schema: 27, kind: Kind::Sqlite, purpose: Purpose::Regular }
    }

    fn stamps(names: &[BackupName]) -> Vec<String> {
        let mut out: Vec<String> = names.iter().map(|n| n.taken_at.format("%Y-%m-%d %H:%M").to_string()).collect();
        out.sort();
        out
    }

    #[test]
    fn a_name_says_when_which_schema_and_what_kind_and_reads_back() {
        let name = BackupName { schema: 27, ..at("2026-12-08 01:30") };
        assert_eq!(name.file_name(), "hailong-20261208T013000Z-schema27.sqlite.gz");
        assert_eq!(BackupName::parse(&name.file_name()), Some(name.clone()));
        let before = BackupName { kind: Kind::Postgres, purpose: Purpose::BeforeUpgrade, schema: 5, ..name };
        assert_eq!(before.file_name(), "hailong-20261208T013000Z-schema5-before-upgrade.pgdump.gz");
        assert_eq!(BackupName::parse(&before.file_name()), Some(before));
    }

    #[test]
    fn other_files_are_not_backups() {
        for other in [
            "hailong.db",
            "hailong-20261208T013000Z-schema27.sqlite.gz.partial",
            "hailong-20261208T013000Z-schema27.sqlite",
            "hailong-20261208T013000Z-schema-1.sqlite.gz",
            "hailong-20261208T013000Z-schema+1.sqlite.gz",
            "hailong-2026120T013000Z-schema27.sqlite.gz",
            "hailong-20261208T013000Z-schema27.mysql.gz",
            "notes-20261208T013000Z-schema27.sqlite.gz",
        ] {
            assert_eq!(BackupName::parse(other), None, "{other}");
        }
    }

    #[test]
    fn a_folder_keeps_the_newest_of_each_recent_day_and_month() {
        // Daily at 18:30 UTC (01:30 in Vietnam, the next local day) for 90 days, and one by hand on 7 December.
        let start = at("2026-09-09 18:30").taken_at;
        let mut backups: Vec<BackupName> = (0..90)
            .map(|d| BackupName { taken_at: start + chrono::Duration::days(d), ..at("2026-01-01 00:00") })
            .collect();
        backups.push(at("2026-12-07 09:00"));
        let deleted = to_delete(&backups, 7, 3);
        let kept: Vec<BackupName> = backups.iter().filter(|b| !deleted.contains(b)).cloned().collect();
        assert_eq!(
            stamps(&kept),
            [
                // The newest of October and November, local time (18:30 UTC is 01:30 the next local day)…
                "2026-10-30 18:30",
                "2026-11-29 18:30",
                // …and of the last seven local days: 8 December (also December's newest), 7 December's being the
                // one taken by hand at 16:00 local, then 6 to 2 December.
                "2026-12-01 18:30",
                "2026-12-02 18:30",
                "2026-12-03 18:30",
                "2026-12-04 18:30",
                "2026-12-05 18:30",
                "2026-12-07 09:00",
                "2026-12-07 18:30",
            ]
        );
        assert_eq!(deleted.len(), backups.len() - kept.len());
    }

    #[test]
    fn the_daily_backup_runs_next_at_its_local_time() {
        let at = NaiveTime::from_hms_opt(1, 30, 0).unwrap();
        // 01:30 in Vietnam is 18:30 UTC the day before.
        assert_eq!(next_run(at_utc("2026-12-07 10:00"), at), at_utc("2026-12-07 18:30"));
        assert_eq!(next_run(at_utc("2026-12-07 18:30"), at), at_utc("2026-12-08 18:30"));
        assert_eq!(next_run(at_utc("2026-12-07 18:29"), at), at_utc("2026-12-07 18:30"));
        assert_eq!(next_run(at_utc("2026-12-07 23:00"), at), at_utc("2026-12-08 18:30"));
    }

    fn at_utc(stamp: &str) -> DateTime<Utc> {
        at(stamp).taken_at
    }

    #[test]
    fn backups_before_an_upgrade_and_the_newest_are_never_deleted() {
        let upgrade = BackupName { purpose: Purpose::BeforeUpgrade, ..at("2025-01-01 00:00") };
        let backups = vec![upgrade.clone(), at("2026-12-01 00:00"), at("2026-12-02 00:00")];
        assert_eq!(to_delete(&backups, 0, 0), vec![at("2026-12-01 00:00")]);
        assert_eq!(to_delete(&backups, 2, 0), vec![]);
        assert_eq!(to_delete(&[], 7, 12), vec![]);
    }
}
