//! Generated responses with the patterns a real office shows: busy Monday mornings, quiet Saturdays,
//! closed Sundays, mostly good ratings, and one official (the last of the second commune) rated worse.

use crate::domain::time::Timestamp;
use chrono::{Datelike, Duration, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Asia::Ho_Chi_Minh;
use rand::distributions::{Distribution, WeightedIndex};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

use crate::domain::ids::{CounterId, OfficialId, ProcedureId, QrCodeId, QuestionnaireId, UnitId};
use crate::domain::questionnaire::Factor;
use crate::store::{Channel, NewResponse, Store, StoreResult};

/// One official at their counter, with the codes citizens scan there.
pub struct Desk {
    pub unit_id: UnitId,
    pub counter_id: CounterId,
    pub official_id: OfficialId,
    pub counter_code: QrCodeId,
    pub official_code: QrCodeId,
}

const DAYS: i64 = 90;
/// ≈ 5,000 responses over 90 days across 12 officials.
const PER_OPEN_DAY: f64 = 66.0;

/// Weights of Rất tốt, Tốt, Bình thường, Chưa tốt.
const USUAL: [u32; 4] = [46, 36, 13, 5];
const POORLY_RATED: [u32; 4] = [14, 30, 30, 26];

const GOOD_COMMENTS: [&str; 5] = [
    "Cán bộ nhiệt tình, hướng dẫn rõ ràng.",
    "Làm thủ tục nhanh, không phải chờ lâu.",
    "Cảm ơn chị cán bộ đã giúp đỡ tận tình.",
    "Phòng chờ sạch sẽ, có nước uống.",
    "Trả kết quả đúng hẹn.",
];
const POOR_COMMENTS: [&str; 6] = [
    "Phải chờ gần một tiếng mới được tiếp nhận.",
    "Cán bộ trả lời cộc lốc, chưa lắng nghe.",
    "Hướng dẫn khó hiểu, phải đi lại hai lần.",
    "Yêu cầu nộp thêm giấy tờ không có trong quy định niêm yết.",
    "Hẹn trả kết quả nhưng đến nơi chưa có.",
    "Thiếu ghế ngồi chờ, trời nóng.",
];

pub async fn generate(
    store: &Store,
    desks: &[Desk],
    procedures: &[ProcedureId],
    questionnaire_id: QuestionnaireId,
    now_ms: i64,
) -> StoreResult<usize> {
    let mut rng = StdRng::seed_from_u64(2025);
    let today = Utc::now().with_timezone(&Ho_Chi_Minh).date_naive();
    let mut stored = 0;
    for days_ago in (0..DAYS).rev() {
        let day = today - Duration::days(days_ago);
        let traffic = match day.weekday() {
            Weekday::Mon => 1.5,
            Weekday::Sat => 0.35,
            Weekday::Sun => 0.0,
            _ => 1.0,
        };
        let count = (PER_OPEN_DAY * traffic * rng.gen_range(0.8..1.2)).round() as usize;
        for _ in 0..count {
            let local = day.and_time(local_time(&mut rng));
            let Some(at) = Ho_Chi_Minh.from_local_datetime(&local).single() else { continue };
            let submitted_at = at.with_timezone(&Utc).timestamp_millis();
            if submitted_at > now_ms {
                continue;
            }
            let desk_index = rng.gen_range(0..desks.len());
            let response = response(
                &mut rng,
                &desks[desk_index],
                desk_index + 1 == desks.len(),
                procedures,
                questionnaire_id,
                submitted_at,
            );
            store.insert_response(&response).await?;
            stored += 1;
        }
    }
    Ok(stored)
}

/// Office hours, mornings twice as busy as afternoons.
pub(super) fn local_time(rng: &mut StdRng) -> NaiveTime {
    let minutes = if rng.gen_bool(2.0 / 3.0) {
        rng.gen_range(7 * 60 + 30..11 * 60 + 30)
    } else {
        rng.gen_range(13 * 60 + 30..17 * 60)
    };
    NaiveTime::from_num_seconds_from_midnight_opt(minutes * 60 + rng.gen_range(0..60), 0).unwrap_or(NaiveTime::MIN)
}

pub(super) fn response(
    rng: &mut StdRng,
    desk: &Desk,
    poorly_rated: bool,
    procedures: &[ProcedureId],
    questionnaire_id: QuestionnaireId,
    at: i64,
) -> NewResponse {
    let weights = if poorly_rated { POORLY_RATED } else { USUAL };
    let overall = 4 - WeightedIndex::new(weights).map(|w| w.sample(rng)).unwrap_or(0) as u8;
    // Factor answers follow the overall rating, a level up or down now and then.
    let answers = if rng.gen_bool(0.4) {
        let mut answers = Vec::new();
        for factor in Factor::ALL {
            // Few people have given feedback before, so few answer the feedback factor.
            if factor == Factor::Feedback && !rng.gen_bool(0.1) {
                continue;
            }
            let level = (i16::from(overall) + rng.gen_range(-1..=1)).clamp(1, 4) as u8;
            answers.push((factor.key().to_owned(), level));
        }
        answers
    } else {
        Vec::new()
    };
    let mut reasons = Vec::new();
    if overall <= 2 && rng.gen_bool(0.7) {
        let pool: &[&str] = if poorly_rated {
            &["thai-do", "huong-dan", "cho-lau"]
        } else {
            &["cho-lau", "them-giay-to", "tre-hen", "thieu-cho-ngoi"]
        };
        let how_many = rng.gen_range(1..=2);
        reasons.extend(pool.choose_multiple(rng, how_many).map(|r| (*r).to_owned()));
    }
    let comment = rng.gen_bool(0.15).then(|| {
        let pool: &[&str] = if overall >= 3 { &GOOD_COMMENTS } else { &POOR_COMMENTS };
        pool.choose(rng).map(|c| (*c).to_owned()).unwrap_or_default()
    });
    let by_official_code = rng.gen_bool(0.5);
    let submission_id = uuid::Builder::from_random_bytes(rng.gen()).into_uuid().to_string();
    NewResponse {
        fingerprint: submission_id.clone(),
        submission_id,
        unit_id: desk.unit_id,
        counter_id: Some(desk.counter_id),
        // A counter code does not say who served; an official's code does.
        official_id: by_official_code.then_some(desk.official_id),
        procedure_id: rng.gen_bool(0.7).then(|| procedures.choose(rng).copied()).flatten(),
        qr_code_id: Some(if by_official_code { desk.official_code } else { desk.counter_code }),
        questionnaire_id,
        channel: Channel::Qr,
        overall,
        answers,
        reasons,
        comment,
        contact_phone: None,
        client_hash: None,
        submitted_at: Timestamp::from_millis(at),
        received_at: Timestamp::from_millis(at),
        kiosk: None,
        citizen: None,
        on_time: None,
    }
}
