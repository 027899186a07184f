//! Demo data: a province with two communes, their counters, officials (placeholder portraits), the real
//! commune procedures, and ~5,000 responses over the last 90 days with plausible patterns — more traffic
//! on mornings and Mondays, one official noticeably worse rated — so every dashboard means something.

mod portrait;
pub mod province;
mod responses;

pub use portrait::portrait_png;

use crate::domain::access::Role;
use crate::domain::alert::{Rule, RuleKind};
use crate::domain::ids::{ProcedureId, UnitId};
use crate::domain::questionnaire::Questionnaire;
use crate::domain::rollup::{local_day, month_of_day};
use crate::services::qr;
use crate::store::{
    NewOfficial, NewProcedure, NewUnit, NewUser, Photo, QrTarget, Store, StoreError, StoreResult, TransactionCount, Tx,
};

const PROCEDURES_CSV: &str = include_str!("procedures-commune.csv");

/// The date the demo catalogue takes effect (the two-level local government).
const CATALOGUE_VALID_FROM: &str = "2025-07-01";

const COMMUNES: [(&str, &str, &str); 2] =
    [("ward", "Phường Nha Trang", "000.00.21.H34"), ("commune", "Xã Diên Khánh", "000.00.22.H34")];

const COUNTERS: [&str; 3] =
    ["Quầy 1 · Hộ tịch, Chứng thực", "Quầy 2 · Đất đai, Xây dựng", "Quầy 3 · Lao động, Xã hội, Kinh doanh"];

/// Invented names (two per counter per commune), with their titles.
const OFFICIALS: [[(&str, &str); 6]; 2] = [
    [
        ("Nguyễn Thị Thu Hà", "Công chức Tư pháp – Hộ tịch"),
        ("Lê Minh Tuấn", "Công chức Tư pháp – Hộ tịch"),
        ("Phạm Văn Đức", "Công chức Địa chính – Xây dựng"),
        ("Trần Thị Mai", "Công chức Địa chính – Xây dựng"),
        ("Võ Thanh Sơn", "Công chức Văn hóa – Xã hội"),
        ("Đặng Thị Lan", "Công chức Văn phòng – Thống kê"),
    ],
    [
        ("Huỳnh Văn Phúc", "Công chức Tư pháp – Hộ tịch"),
        ("Bùi Thị Hồng", "Công chức Tư pháp – Hộ tịch"),
        ("Ngô Quang Vinh", "Công chức Địa chính – Xây dựng"),
        ("Đỗ Thị Ngọc", "Công chức Địa chính – Xây dựng"),
        ("Lý Văn Hải", "Công chức Văn hóa – Xã hội"),
        ("Phan Thị Yến", "Công chức Văn phòng – Thống kê"),
    ],
];

/// Demo accounts, one per role, all with the administrator's password: (user name, full name, role,
/// unit index (0 the province, 1–2 the communes), official index in its commune).
const ACCOUNTS: [(&str, &str, Role, usize, Option<usize>); 5] = [
    ("noivu", "Phòng Nội vụ tỉnh", Role::UnitManager, 0, None),
    ("chutich.nhatrang", "Chủ tịch UBND phường Nha Trang", Role::Leader, 1, None),
    ("motcua.nhatrang", "Trưởng Bộ phận Một cửa phường Nha Trang", Role::CounterHead, 1, None),
    ("chutich.dienkhanh", "Chủ tịch UBND xã Diên Khánh", Role::Leader, 2, None),
    ("congchuc.ha", "Nguyễn Thị Thu Hà", Role::Official, 1, Some(0)),
];

/// The duty PIN every demo official has at the counter tablets.
pub const DEMO_PIN: &str = "1234";

/// Loads the demo unless the database already has units. Returns whether it loaded. The demo accounts get
/// `password_hash` (the administrator's password, so one password opens every demo role); the officials get
/// `pin_hash` ([`DEMO_PIN`]) as their tablet PIN.
pub async fn load_if_empty(store: &Store, secret: &[u8], password_hash: &str, pin_hash: &str) -> StoreResult<bool> {
    if !store.units().await?.is_empty() {
        return Ok(false);
    }
    let now = crate::clock::now();
    let questionnaire_id = store.ensure_questionnaire(&Questionnaire::short(), now).await?;
    // The whole set-up is one change: a failure leaves an empty database that the next start fills again.
    let mut tx = store.begin().await?;
    let province = tx
        .create_unit(
            NewUnit { parent_id: None, kind: "province", name: "Tỉnh Khánh Hòa", code: Some("000.00.00.H34") },
            now,
        )
        .await?;
    let procedure_ids = load_procedures(&mut tx).await?;

    let mut staff = Vec::new();
    let mut unit_ids = vec![province.id];
    for (commune_index, (kind, name, code)) in COMMUNES.into_iter().enumerate() {
        let unit = tx.create_unit(NewUnit { parent_id: Some(province.id), kind, name, code: Some(code) }, now).await?;
        unit_ids.push(unit.id);
        for id in &procedure_ids {
            tx.offer_procedure(unit.id, *id).await?;
        }
        for (counter_index, counter_name) in COUNTERS.into_iter().enumerate() {
            let counter = tx.create_counter(unit.id, counter_name, now).await?;
            let counter_code = qr::issue(&mut tx, secret, unit.id, QrTarget::Counter(counter.id)).await?;
            for (full_name, title) in &OFFICIALS[commune_index][counter_index * 2..counter_index * 2 + 2] {
                let official = tx
                    .create_official(
                        NewOfficial {
                            unit_id: unit.id,
                            counter_id: Some(counter.id),
                            full_name,
                            title,
                            staff_code: None,
                        },
                        now,
                    )
                    .await?;
                let photo = Photo { content_type: "image/png".into(), bytes: portrait::portrait_png(staff.len()) };
                tx.set_official_photo(official.id, &photo, now).await?;
                tx.set_official_pin(official.id, Some(pin_hash)).await?;
                let official_code = qr::issue(&mut tx, secret, unit.id, QrTarget::Official(official.id)).await?;
                staff.push(responses::Desk {
                    unit_id: unit.id,
                    counter_id: counter.id,
                    official_id: official.id,
                    counter_code: counter_code.id,
                    official_code: official_code.id,
                });
            }
        }
    }
    // Every Chưa tốt of a commune alerts its leaders; the province watches for a week under 70 %.
    for unit in &unit_ids[1..] {
        tx.add_alert_rule(
            *unit,
            &Rule { kind: RuleKind::Poor, threshold_percent: 0, window_hours: 0, min_count: 0 },
            now,
        )
        .await?;
    }
    let low = Rule { kind: RuleKind::LowIndex, threshold_percent: 70, window_hours: 168, min_count: 20 };
    tx.add_alert_rule(province.id, &low, now).await?;
    tx.set_transaction_counts(&demo_transactions(&unit_ids[1..], now.millis()), now).await?;
    for (username, full_name, role, unit, official) in ACCOUNTS {
        let official_id = official.map(|i| staff[(unit - 1) * OFFICIALS[0].len() + i].official_id);
        let account = NewUser {
            username,
            full_name,
            password_hash,
            role: role.key(),
            unit_id: Some(unit_ids[unit]),
            official_id,
            must_change_password: false,
        };
        tx.create_user(account, now).await?;
    }
    tx.commit().await?;
    responses::generate(store, &staff, &procedure_ids, questionnaire_id, now.millis()).await?;
    Ok(true)
}

/// Each commune's dossiers for the months of this year so far, as the one-stop software would have sent them: a
/// ward of 2,400 a month and a commune of 900, so the dashboard's sample targets have something to work from.
fn demo_transactions(communes: &[UnitId], now_ms: i64) -> Vec<TransactionCount> {
    let this_month = month_of_day(local_day(now_ms)).unwrap_or_default();
    let january = this_month - this_month.rem_euclid(12);
    let per_month = [2_400, 900];
    (january..=this_month)
        .flat_map(|month| {
            communes.iter().zip(per_month).map(move |(unit_id, count)| TransactionCount {
                unit_id: *unit_id,
                procedure_id: None,
                month,
                count,
            })
        })
        .collect()
}

async fn load_procedures(tx: &mut Tx) -> StoreResult<Vec<ProcedureId>> {
    let mut reader = csv::Reader::from_reader(PROCEDURES_CSV.as_bytes());
    let mut ids = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| StoreError::Corrupt(format!("demo procedures: {e}")))?;
        let (Some(code), Some(name), Some(field)) = (record.get(0), record.get(1), record.get(2)) else {
            continue;
        };
        ids.push(tx.upsert_procedure(NewProcedure { code, name, field, valid_from: CATALOGUE_VALID_FROM }).await?);
    }
    Ok(ids)
}
