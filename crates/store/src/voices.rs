//! One phone, one voice (`domain::misuse`), judged in the transaction that stores a citizen's rating: a staff
//! browser's rating, a phone's or a network's flood, then the phone's same-place and daily rules. The first rating
//! past a flood also takes the day's earlier ones of that phone (or network and place) out of the figures.

use sqlx::AnyConnection;

use super::recount::{lock_rollups, move_counts};
use super::{CitizenStamp, NewResponse, StoreResult};
use hailong_domain::ids::{CounterId, OfficialId, ResponseId, UnitId};
use hailong_domain::misuse::{flooded, one_voice, MisuseRule, Rated};

/// What the rules say of a citizen's rating: its own rule, and the floods it is the first past.
pub(super) struct Voice {
    pub(super) rule: Option<MisuseRule>,
    pub(super) floods: Vec<MisuseRule>,
}

/// Same counter or official as the rating in `$3` (official), `$4` (counter), `$5` (unit), as `Rated` reads it;
/// 0 stands for none (ids start at 1).
const SAME_PLACE: &str =
    "((official_id IS NOT NULL AND official_id = $3) OR (counter_id IS NOT NULL AND counter_id = $4) \
                          OR ($3 = 0 AND $4 = 0 AND unit_id = $5 AND official_id IS NULL AND counter_id IS NULL))";

/// The rules for a citizen's rating. On PostgreSQL, locks on the phone's hash and the network's, held to the commit
/// and always taken in that order, make a burst of one phone's or one network's ratings wait for each other, so
/// none is judged without the ones before it.
pub(super) async fn judge_voice(
    conn: &mut AnyConnection,
    response: &NewResponse,
    citizen: &CitizenStamp,
) -> StoreResult<Voice> {
    if citizen.staff_device {
        return Ok(Voice { rule: Some(MisuseRule::StaffDevice), floods: vec![] });
    }
    let network = response.client_hash.as_deref();
    if conn.backend_name() == "PostgreSQL" {
        sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))::text")
            .bind(&citizen.voice_hash)
            .execute(&mut *conn)
            .await?;
        if let Some(network) = network {
            sqlx::query("SELECT pg_advisory_xact_lock(4, hashtext($1))::text")
                .bind(network)
                .execute(&mut *conn)
                .await?;
        }
    }
    let flood = citizen.rules.flood;
    let phone_before: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM responses WHERE voice_hash = $1 AND submission_id <> $2")
            .bind(&citizen.voice_hash)
            .bind(&response.submission_id)
            .fetch_one(&mut *conn)
            .await?;
    let network_before: i64 = match network {
        Some(network) => {
            let sql = format!(
                "SELECT COUNT(*) FROM responses WHERE client_hash = $1 AND submission_id <> $2 AND {SAME_PLACE}"
            );
            bind_place(sqlx::query_scalar(&sql).bind(network).bind(&response.submission_id), response)
                .fetch_one(&mut *conn)
                .await?
        }
        None => 0,
    };
    let judged = [
        (flooded(phone_before as usize, flood), MisuseRule::PhoneFlood { over: flood }),
        (flooded(network_before as usize, flood), MisuseRule::NetworkFlood { over: flood }),
    ];
    let floods: Vec<MisuseRule> =
        judged.iter().filter(|(first, _)| *first == Some(true)).map(|(_, rule)| *rule).collect();
    if let Some((_, rule)) = judged.iter().find(|(verdict, _)| verdict.is_some()) {
        return Ok(Voice { rule: Some(*rule), floods });
    }
    let earlier: Vec<(i64, i64, Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT submitted_at, unit_id, counter_id, official_id FROM responses \
         WHERE voice_hash = $1 AND submission_id <> $2 ORDER BY submitted_at DESC LIMIT $3",
    )
    .bind(&citizen.voice_hash)
    .bind(&response.submission_id)
    .bind(i64::from(citizen.rules.daily_cap))
    .fetch_all(&mut *conn)
    .await?;
    let rated = |(at_ms, unit_id, counter_id, official_id): (i64, i64, Option<i64>, Option<i64>)| Rated {
        at_ms,
        unit_id: UnitId::new(unit_id),
        counter_id: counter_id.map(CounterId::new),
        official_id: official_id.map(OfficialId::new),
    };
    let earlier: Vec<Rated> = earlier.into_iter().map(rated).collect();
    let this = Rated {
        at_ms: response.submitted_at.millis(),
        unit_id: response.unit_id,
        counter_id: response.counter_id,
        official_id: response.official_id,
    };
    Ok(Voice { rule: one_voice(&earlier, &this, citizen.rules), floods })
}

/// The first rating past a flood: the day's earlier ratings of the phone (or of the network for the same place)
/// that still count are flagged with the flood's rule and leave every figure, in this transaction.
pub(super) async fn take_out_earlier(
    conn: &mut AnyConnection,
    response: &NewResponse,
    flood: MisuseRule,
    this_id: ResponseId,
) -> StoreResult<()> {
    const STANDING: &str =
        "id <> $2 AND misuse_rule IS NULL AND NOT EXISTS (SELECT 1 FROM misuse_later l WHERE l.response_id = r.id)";
    let earlier: Vec<i64> = match (flood, &response.citizen, &response.client_hash) {
        (MisuseRule::PhoneFlood { .. }, Some(citizen), _) => {
            sqlx::query_scalar(&format!("SELECT id FROM responses r WHERE voice_hash = $1 AND {STANDING}"))
                .bind(&citizen.voice_hash)
                .bind(this_id.get())
                .fetch_all(&mut *conn)
                .await?
        }
        (MisuseRule::NetworkFlood { .. }, _, Some(network)) => {
            let sql = format!("SELECT id FROM responses r WHERE client_hash = $1 AND {STANDING} AND {SAME_PLACE}");
            bind_place(sqlx::query_scalar(&sql).bind(network).bind(this_id.get()), response)
                .fetch_all(&mut *conn)
                .await?
        }
        _ => vec![],
    };
    if earlier.is_empty() {
        return Ok(());
    }
    lock_rollups(conn).await?;
    for id in earlier {
        sqlx::query("INSERT INTO misuse_later (response_id, rule, flagged_at) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(flood.key())
            .bind(response.received_at.millis())
            .execute(&mut *conn)
            .await?;
        move_counts(conn, ResponseId::new(id), |was| was.misuse = false).await?;
    }
    Ok(())
}

/// Binds the rating's place to `SAME_PLACE`'s `$3`–`$5`.
fn bind_place<'q, O>(
    query: sqlx::query::QueryScalar<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>>,
    response: &NewResponse,
) -> sqlx::query::QueryScalar<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>> {
    query
        .bind(response.official_id.map_or(0, OfficialId::get))
        .bind(response.counter_id.map_or(0, CounterId::get))
        .bind(response.unit_id.get())
}
