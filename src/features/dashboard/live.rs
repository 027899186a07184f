//! `GET /dashboard/live?unit=` — the dashboard's live feed as server-sent events: each rating of the unit's subtree
//! (an official: their own) as an `event: rating` with the response id as its id (a receipt rating, released after
//! its day, without: decision 013), and each alert raised for the unit
//! or one above it as an `event: alert` (without an id: the page lists open alerts when it loads). A reconnecting
//! browser sends `Last-Event-ID` and first receives the ratings it missed, from the database; so does a dashboard too
//! slow for the bus. Comments every 15 s keep proxies from closing a quiet stream.
//!
//! Streams are bounded (each holds a connection and a task for hours): a signed-in browser may hold
//! [`PER_SESSION`], an account [`PER_ACCOUNT`], the server `HAILONG_MAX_LIVE_STREAMS`. Past a person's cap the
//! answer is 429, past the server's 503; the page then falls back to reloading.

use std::collections::{HashMap, HashSet, VecDeque};
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use futures_util::stream;
use serde::Deserialize;
use tokio::sync::broadcast::{error::RecvError, Receiver};
use tower_sessions::Session;

use crate::domain::access::Capability;
use crate::domain::ids::{OfficialId, UnitId};
use crate::i18n::Locale;
use crate::pages::notice::Notice;
use crate::services::live::{LiveEvent, LiveRating, StreamOf};
use crate::store::{Scope, Store, StoreResult};
use crate::web::access::Reach;
use crate::web::caller::Staff;
use crate::web::extract::Query;
use crate::web::places::{Full, Place};
use crate::web::{AppError, AppState};

/// Live streams one signed-in browser may hold: a dashboard in a few tabs.
pub const PER_SESSION: usize = 4;
/// Live streams one account may hold, across its browsers: a leader's desk, phone and the office screen.
pub const PER_ACCOUNT: usize = 8;

/// How far back a reconnecting dashboard is caught up, at most.
const CATCH_UP_MS: i64 = 24 * 3_600_000;
const CATCH_UP_LIMIT: i64 = 200;

#[derive(Debug, Deserialize)]
pub struct LiveQuery {
    unit: UnitId,
}

pub async fn stream(
    State(state): State<AppState>,
    staff: Staff,
    session: Session,
    headers: HeaderMap,
    Query(query): Query<LiveQuery>,
) -> Result<Response, AppError> {
    let principal = &staff.principal;
    let reach = Reach::of(&state.store, principal).await?;
    reach.check(query.unit)?;
    let mut caps = vec![(StreamOf::Account(staff.user_id), PER_ACCOUNT)];
    caps.extend(session.id().map(|id| (StreamOf::Session(id.to_string()), PER_SESSION)));
    let place = state.streams.take(caps).map_err(|full| match full {
        Full::Total => AppError::notice(Notice::Unavailable, Locale::Vi),
        Full::Key(_) => AppError::notice(Notice::TooManyRequests, Locale::Vi),
    })?;
    let official = if principal.role.allows(Capability::ViewUnitResults) {
        None
    } else {
        // An official account not linked to an official has no figures of its own: no stream.
        Some(principal.official_id.ok_or_else(AppError::not_found)?)
    };
    let names = reach.units.iter().map(|u| (u.id, u.name.clone())).collect::<HashMap<UnitId, String>>();
    // Subscribed before catching up, so nothing falls between the two.
    let receiver = state.live.subscribe();
    let last_seen = headers.get("last-event-id").and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse().ok());
    let mut feed = Feed {
        receiver,
        store: state.store.clone(),
        unit: query.unit,
        official: official.map(OfficialId::get),
        names,
        queued: VecDeque::new(),
        replayed: HashSet::new(),
        last_id: last_seen.unwrap_or(0),
        _place: place,
    };
    if last_seen.is_some() {
        feed.catch_up().await?;
    }
    let events =
        stream::unfold(
            feed,
            |mut feed| async move { feed.next().await.map(|event| (Ok::<_, Infallible>(event), feed)) },
        );
    let mut response = Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))).into_response();
    // nginx and its kind would otherwise hold the events back to fill a buffer.
    response.headers_mut().insert("x-accel-buffering", HeaderValue::from_static("no"));
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// One dashboard's feed: what the bus brings that it may see, after what it missed.
struct Feed {
    receiver: Receiver<Arc<LiveEvent>>,
    store: Store,
    unit: UnitId,
    official: Option<i64>,
    names: HashMap<UnitId, String>,
    queued: VecDeque<LiveRating>,
    /// Ids sent while catching up, which the bus may bring again.
    replayed: HashSet<i64>,
    last_id: i64,
    /// Given back when the browser goes and the stream is dropped.
    _place: Place<StreamOf>,
}

impl Feed {
    async fn next(&mut self) -> Option<Event> {
        loop {
            if let Some(rating) = self.queued.pop_front() {
                return Some(rating_event(&rating));
            }
            match self.receiver.recv().await {
                Ok(live) if live.visible_to(self.unit, self.official) => match &*live {
                    LiveEvent::Rating(rating) if rating.id.is_none_or(|id| !self.replayed.contains(&id)) => {
                        self.last_id = self.last_id.max(rating.id.unwrap_or(0));
                        let mut shown = rating.clone();
                        shown.chain.clear(); // the units above the viewer's are none of the browser's business
                        return Some(rating_event(&shown));
                    }
                    LiveEvent::Rating(_) => {}
                    LiveEvent::Alert(alert) => {
                        let mut shown = alert.clone();
                        shown.chain.clear();
                        let event = Event::default().event("alert");
                        return Some(event.clone().json_data(&shown).unwrap_or(event));
                    }
                },
                Ok(_) => {}
                // Too slow for the bus: what it dropped is read back from the database instead.
                Err(RecvError::Lagged(_)) => {
                    if let Err(e) = self.catch_up().await {
                        tracing::warn!(error = %e, "live feed could not catch up");
                    }
                }
                Err(RecvError::Closed) => return None,
            }
        }
    }

    /// Queues the subtree's ratings after `last_id` from the database.
    async fn catch_up(&mut self) -> StoreResult<()> {
        let now = Utc::now().timestamp_millis();
        let scope = Scope {
            unit_id: self.unit,
            from_ms: now - CATCH_UP_MS,
            to_ms: now + 1,
            official_id: self.official.map(OfficialId::new),
        };
        let rows = self.store.responses_after(&scope, self.last_id, CATCH_UP_LIMIT).await?;
        let ids: Vec<OfficialId> = rows.iter().filter_map(|r| r.official_id).collect();
        let officials: HashMap<i64, String> =
            self.store.officials_by_id(&ids).await?.into_iter().map(|o| (o.id.get(), o.full_name)).collect();
        for row in rows {
            self.last_id = self.last_id.max(row.id.get());
            self.replayed.insert(row.id.get());
            let unit = self.names.get(&row.unit_id).cloned().unwrap_or_default();
            let official = row.official_id.and_then(|id| officials.get(&id.get()).cloned());
            self.queued.push_back(LiveRating::from_row(row, unit, official));
        }
        Ok(())
    }
}

/// A rating as an event, with its id for catching up — a released receipt rating without one (decision 013).
fn rating_event(rating: &LiveRating) -> Event {
    let event = Event::default().event("rating");
    let event = match rating.id {
        Some(id) => event.id(id.to_string()),
        None => event,
    };
    // A rating always serialises; should it not, an empty event beats a dropped stream.
    event.clone().json_data(rating).unwrap_or(event)
}
