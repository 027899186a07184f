//! Rollups against a recount: random responses go in through the store (some flagged, from a staff browser), and
//! every dimension's counts for random subtrees and windows must equal what a plain count of those responses gives —
//! after the inserts, after voids and managers' reviews of flagged ones (of responses waiting to be counted and of
//! counted ones), after a unit moves to another parent, and after `rebuild_rollups`. The recount here shares no code with the rollups: local
//! days and hours come from chrono-tz, subtrees from a walk of the test's own tree.

use hailong::domain::time::Timestamp;
use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, TimeZone, Timelike, Utc};
use chrono_tz::Asia::Ho_Chi_Minh;
use hailong::domain::index::LevelCounts;
use hailong::domain::misuse::VoiceRules;
use hailong::domain::rating::Level;
use hailong::domain::rollup::{spans, Dimension};
use hailong::services::figures::{self, Window};
use hailong::store::{
    Channel, CitizenStamp, InsertOutcome, NewOfficial, NewProcedure, NewResponse, NewUnit, NewUser, Reviewed, Store,
    Tally,
};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

use crate::db::{count_all, TestDb};
use crate::on_both_backends;
use hailong::domain::ids::{CounterId, OfficialId, ProcedureId, QuestionnaireId, ResponseId, UnitId, UserId};

const RESPONSES: usize = 400;
const QUESTIONS: [&str; 4] = ["tiep-can", "thu-tuc", "cong-chuc", "ket-qua"];
const REASONS: [&str; 3] = ["cho-lau", "thai-do", "tre-hen"];
/// 2026-09-01 00:00 in Hanoi: the responses spread over ~100 days across four month ends.
const START_MS: i64 = 1_788_195_600_000;
const DAY_MS: i64 = 86_400_000;

struct Tree {
    /// (unit, parent)
    nodes: Vec<(UnitId, Option<UnitId>)>,
    counters: Vec<(UnitId, CounterId)>,
    officials: Vec<(UnitId, OfficialId)>,
    procedures: Vec<ProcedureId>,
}

impl Tree {
    fn subtree(&self, root: UnitId) -> Vec<UnitId> {
        let mut out = vec![root];
        let mut i = 0;
        while i < out.len() {
            let parent = out[i];
            out.extend(self.nodes.iter().filter(|(_, p)| *p == Some(parent)).map(|(id, _)| *id));
            i += 1;
        }
        out
    }
}

async fn tree(store: &Store) -> Tree {
    let mut tx = store.begin().await.unwrap();
    let unit = async |tx: &mut hailong::store::Tx, parent: Option<UnitId>, name: &str| {
        tx.create_unit(NewUnit { parent_id: parent, kind: "commune", name, code: None }, Timestamp::from_millis(1))
            .await
            .unwrap()
            .id
    };
    let province = unit(&mut tx, None, "Tỉnh").await;
    let a = unit(&mut tx, Some(province), "Xã A").await;
    let b = unit(&mut tx, Some(province), "Xã B").await;
    let station = unit(&mut tx, Some(a), "Trạm y tế A").await;
    let nodes = vec![(province, None), (a, Some(province)), (b, Some(province)), (station, Some(a))];
    let (mut counters, mut officials) = (vec![], vec![]);
    for (id, _) in &nodes {
        for n in 0..2 {
            let counter = tx.create_counter(*id, &format!("Quầy {n}"), Timestamp::from_millis(1)).await.unwrap();
            counters.push((*id, counter.id));
            let official = NewOfficial {
                unit_id: *id,
                counter_id: Some(counter.id),
                full_name: "Cán bộ",
                title: "",
                staff_code: None,
            };
            officials.push((*id, tx.create_official(official, Timestamp::from_millis(1)).await.unwrap().id));
        }
    }
    let mut procedures = vec![];
    for code in ["1.000001", "1.000002", "1.000003"] {
        let procedure = NewProcedure { code, name: code, field: "Hộ tịch", valid_from: "2020-01-01" };
        procedures.push(tx.upsert_procedure(procedure).await.unwrap());
    }
    tx.commit().await.unwrap();
    Tree { nodes, counters, officials, procedures }
}

fn random_response(rng: &mut StdRng, tree: &Tree, questionnaire_id: QuestionnaireId, i: usize) -> NewResponse {
    let (unit_id, _) = *tree.nodes.choose(rng).unwrap();
    fn in_unit<T: Copy>(list: &[(UnitId, T)], unit_id: UnitId) -> Vec<T> {
        list.iter().filter(|(u, _)| *u == unit_id).map(|(_, id)| *id).collect()
    }
    let at = START_MS + rng.gen_range(0..100 * DAY_MS);
    let mut questions = QUESTIONS.to_vec();
    questions.shuffle(rng);
    let mut reasons = REASONS.to_vec();
    reasons.shuffle(rng);
    let channel = *[Channel::Qr, Channel::Receipt, Channel::Paper].choose(rng).unwrap();
    NewResponse {
        submission_id: format!("00000000-0000-4000-8000-{i:012}"),
        fingerprint: format!("fp-{i}"),
        unit_id,
        counter_id: rng.gen_bool(0.8).then(|| *in_unit(&tree.counters, unit_id).choose(rng).unwrap()),
        official_id: rng.gen_bool(0.5).then(|| *in_unit(&tree.officials, unit_id).choose(rng).unwrap()),
        procedure_id: rng.gen_bool(0.7).then(|| *tree.procedures.choose(rng).unwrap()),
        qr_code_id: None,
        questionnaire_id,
        channel,
        overall: rng.gen_range(1..=4),
        answers: questions[..rng.gen_range(0..=4)].iter().map(|q| ((*q).to_owned(), rng.gen_range(1..=4))).collect(),
        reasons: reasons[..rng.gen_range(0..=2)].iter().map(|r| (*r).to_owned()).collect(),
        comment: None,
        contact_phone: None,
        client_hash: None,
        submitted_at: Timestamp::from_millis(at),
        received_at: Timestamp::from_millis(at),
        kiosk: None,
        // One in six from a browser signed in as staff: flagged, counted apart until a manager restores it.
        citizen: rng.gen_bool(1.0 / 6.0).then(|| CitizenStamp {
            voice_hash: format!("v{i}"),
            rules: VoiceRules { window_ms: 1, daily_cap: 1_000, flood: 0 },
            staff_device: true,
        }),
        // A receipt link's dossier is on time or late; other channels know nothing of it.
        on_time: (channel == Channel::Receipt).then(|| rng.gen_bool(0.7)),
    }
}

fn local_day(ms: i64) -> i64 {
    let date = Utc.timestamp_millis_opt(ms).unwrap().with_timezone(&Ho_Chi_Minh).date_naive();
    date.signed_duration_since(chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()).num_days()
}

fn hour_of_week(ms: i64) -> i64 {
    let local = Utc.timestamp_millis_opt(ms).unwrap().with_timezone(&Ho_Chi_Minh);
    i64::from(local.weekday().num_days_from_monday()) * 24 + i64::from(local.hour())
}

/// The responses as stored, which of them (by index) were voided, and which are flagged and not restored.
struct Stored<'a> {
    responses: &'a [NewResponse],
    voided: &'a BTreeSet<usize>,
    apart: &'a BTreeSet<usize>,
}

/// The plain count: per (member, label), the levels of the responses of `units` on days `[from, to)`.
fn recount(stored: &Stored<'_>, units: &[UnitId], (from, to): (i64, i64), dimension: Dimension) -> Vec<Tally> {
    let mut out: BTreeMap<(i64, String), LevelCounts> = BTreeMap::new();
    let mut add = |member: i64, label: &str, level: u8| {
        out.entry((member, label.to_owned())).or_default().add(Level::from_score(i64::from(level)).unwrap());
    };
    for (i, r) in stored.responses.iter().enumerate().filter(|(_, r)| units.contains(&r.unit_id)) {
        if !(from..to).contains(&local_day(r.submitted_at.millis())) {
            continue;
        }
        if stored.voided.contains(&i) || stored.apart.contains(&i) {
            let apart = if stored.voided.contains(&i) { Dimension::Void } else { Dimension::Misuse };
            if dimension == apart {
                add(0, "", r.overall);
            }
            continue;
        }
        match dimension {
            Dimension::All => add(0, "", r.overall),
            Dimension::Counter => r.counter_id.into_iter().for_each(|id| add(id.get(), "", r.overall)),
            Dimension::Official => r.official_id.into_iter().for_each(|id| add(id.get(), "", r.overall)),
            Dimension::Procedure => r.procedure_id.into_iter().for_each(|id| add(id.get(), "", r.overall)),
            Dimension::Channel => add(0, r.channel.as_str(), r.overall),
            // A receipt rating's hour would date it (decision 013): it is in every figure but the hours.
            Dimension::HourOfWeek if r.channel != Channel::Receipt => {
                add(hour_of_week(r.submitted_at.millis()), "", r.overall)
            }
            Dimension::HourOfWeek => {}
            Dimension::Question => r.answers.iter().for_each(|(key, level)| add(0, key, *level)),
            Dimension::Reason => r.reasons.iter().for_each(|key| add(0, key, r.overall)),
            Dimension::Timeliness => r.on_time.into_iter().for_each(|t| add(i64::from(t), "", r.overall)),
            Dimension::Misuse | Dimension::Void => {}
        }
    }
    out.into_iter().map(|((member, label), counts)| Tally { member, label, counts }).collect()
}

/// Every unit's subtree, every dimension, over windows of a day, a week, a ragged quarter and everything (so
/// day, week and month buckets all count).
async fn assert_rollups_match(store: &Store, tree: &Tree, responses: &Stored<'_>, when: &str) {
    let first = local_day(START_MS);
    let windows = [(first, first + 100), (first + 20, first + 21), (first + 25, first + 32), (first + 17, first + 88)];
    let mut checked = 0;
    for unit in tree.nodes.iter().map(|(unit, _)| *unit) {
        let units = tree.subtree(unit);
        for window in windows {
            for dimension in Dimension::ALL {
                let stored = store.rollup_totals(unit, dimension, &spans(window.0, window.1), None).await.unwrap();
                let expected = recount(responses, &units, window, dimension);
                assert_eq!(stored, expected, "{when}: unit {unit}, days {window:?}, {}", dimension.key());
                checked += expected.len();
            }
        }
        // A low-index rule's window: every counted rating from the local hour holding `from` on — each `from` just
        // after a rating, which then counts only when the window starts on the hour.
        for from in [7, 123, 321].map(|i| responses.responses[i].submitted_at.millis() + 1) {
            let local = Utc.timestamp_millis_opt(from).unwrap().with_timezone(&Ho_Chi_Minh);
            let hour = local.with_minute(0).and_then(|t| t.with_second(0)).and_then(|t| t.with_nanosecond(0));
            let hour = hour.unwrap().timestamp_millis();
            let mut expected = LevelCounts::default();
            for (_, r) in responses.responses.iter().enumerate().filter(|(i, r)| {
                units.contains(&r.unit_id)
                    && !responses.voided.contains(i)
                    && !responses.apart.contains(i)
                    && r.submitted_at >= Timestamp::from_millis(hour)
                    && r.channel != Channel::Receipt
            }) {
                expected.add(Level::from_score(i64::from(r.overall)).unwrap());
            }
            assert_eq!(store.counts_since(unit, from).await.unwrap(), expected, "{when}: unit {unit}, since {from}");
        }
        // The trend of October, a whole month: a point per day, read from day buckets rather than the month's.
        let october = Window { unit_id: unit, from_day: first + 30, to_day: first + 61, official_id: None };
        let points = figures::trend(store, &october).await.unwrap();
        assert_eq!(points.len(), 31);
        for (day, point) in (october.from_day..october.to_day).zip(points) {
            let expected = recount(responses, &units, (day, day + 1), Dimension::All);
            let expected = expected.first().map(|t| t.counts).unwrap_or_default();
            assert_eq!(point.counts, expected, "{when}: unit {unit}, day {day}");
        }
    }
    assert!(checked > 500, "the windows hold data ({checked} tallies compared)");
}

async fn rollups_equal_a_recount_of_the_responses(db: TestDb) {
    let store = &db.store;
    let questionnaire_id = store
        .ensure_questionnaire(&hailong::domain::questionnaire::Questionnaire::short(), Timestamp::from_millis(1))
        .await
        .unwrap();
    let mut tree = tree(store).await;
    let mut rng = StdRng::seed_from_u64(20261124);
    let responses: Vec<NewResponse> =
        (0..RESPONSES).map(|i| random_response(&mut rng, &tree, questionnaire_id, i)).collect();
    let (mut ids, mut apart) = (vec![], BTreeSet::new());
    for (i, response) in responses.iter().enumerate() {
        match store.insert_response(response).await.unwrap() {
            InsertOutcome::Created(id) => ids.push(id),
            InsertOutcome::Flagged(id, _) => {
                ids.push(id);
                apart.insert(i);
            }
            other => panic!("stored: {other:?}"),
        }
    }
    assert!(apart.len() > 30, "some are flagged ({})", apart.len());
    // Voided or reviewed while waiting to be counted: counted straight into where they now belong.
    let manager = manager(store).await;
    let (mut voided, mut reviewed) = (BTreeSet::new(), BTreeSet::new());
    void_some(store, UserId::new(manager), &ids, &mut voided, &mut rng).await;
    review_some(store, UserId::new(manager), &ids, (&voided, &mut apart, &mut reviewed), &mut rng).await;
    // Two counters at once, as two server instances would: each response is still counted once.
    tokio::join!(count_all(store), count_all(store));
    let stored = Stored { responses: &responses, voided: &voided, apart: &apart };
    assert_rollups_match(store, &tree, &stored, "after the inserts").await;
    // Voided or reviewed once counted: moved in every figure.
    void_some(store, UserId::new(manager), &ids, &mut voided, &mut rng).await;
    review_some(store, UserId::new(manager), &ids, (&voided, &mut apart, &mut reviewed), &mut rng).await;
    assert_eq!(store.rollup_queue_length().await.unwrap(), 0);
    assert_rollups_match(
        store,
        &tree,
        &Stored { responses: &responses, voided: &voided, apart: &apart },
        "after voids",
    )
    .await;
    let responses = Stored { responses: &responses, voided: &voided, apart: &apart };

    // The health station moves from commune A to commune B: its counts leave A and join B.
    let (station, _) = tree.nodes[3];
    let (b, _) = tree.nodes[2];
    let mut tx = store.begin().await.unwrap();
    tx.update_unit(station, NewUnit { parent_id: Some(b), kind: "commune", name: "Trạm y tế A", code: None })
        .await
        .unwrap();
    tx.commit().await.unwrap();
    tree.nodes[3].1 = Some(b);
    assert_rollups_match(store, &tree, &responses, "after the move").await;

    assert_eq!(store.rebuild_rollups().await.unwrap(), RESPONSES as i64);
    assert_rollups_match(store, &tree, &responses, "after the rebuild").await;
    assert!(!store.rollups_missing().await.unwrap());
}
on_both_backends!(rollups_equal_a_recount_of_the_responses);

async fn manager(store: &Store) -> i64 {
    let mut tx = store.begin().await.unwrap();
    let user = NewUser {
        username: "quanly",
        full_name: "Quản lý",
        password_hash: "-",
        role: "administrator",
        unit_id: None,
        official_id: None,
        must_change_password: false,
    };
    let id = tx.create_user(user, Timestamp::from_millis(START_MS)).await.unwrap().id;
    tx.commit().await.unwrap();
    id.get()
}

/// Voids up to twenty more responses; one drawn twice is voided once (the second void does nothing).
async fn void_some(store: &Store, by: UserId, ids: &[ResponseId], voided: &mut BTreeSet<usize>, rng: &mut StdRng) {
    for _ in 0..20 {
        let i = rng.gen_range(0..ids.len());
        let mut tx = store.begin().await.unwrap();
        let fresh = tx.void_response(ids[i], by, "phiếu thử", Timestamp::from_millis(START_MS)).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(fresh, voided.insert(i), "a second void of response {} changes nothing", ids[i]);
    }
}

/// Reviews up to ten flagged responses, restoring about half: a restored one counts, a confirmed one stays apart;
/// a second decision changes nothing, and a voided one has nothing to decide.
async fn review_some(
    store: &Store,
    by: UserId,
    ids: &[ResponseId],
    (voided, apart, reviewed): (&BTreeSet<usize>, &mut BTreeSet<usize>, &mut BTreeSet<usize>),
    rng: &mut StdRng,
) {
    let flagged: Vec<usize> = apart.iter().chain(reviewed.iter()).copied().collect();
    for _ in 0..10 {
        let i = *flagged.choose(rng).unwrap();
        let restore = rng.gen_bool(0.5);
        let mut tx = store.begin().await.unwrap();
        let outcome =
            tx.review_misuse(ids[i], restore, by, "đã hỏi lại", Timestamp::from_millis(START_MS)).await.unwrap();
        tx.commit().await.unwrap();
        let expected = if voided.contains(&i) {
            Reviewed::NotFlagged
        } else if !reviewed.insert(i) {
            Reviewed::DecidedBefore
        } else {
            if restore {
                apart.remove(&i);
            }
            Reviewed::Recorded
        };
        assert_eq!(outcome, expected, "review of response {}", ids[i]);
    }
}
