//! A unit's counter tablets: each with its counter, last heartbeat, version, queue, clock skew and state; a pairing
//! code per counter (shown once); revoking; and the officials' duty PINs, with where wrong ones locked them.

use leptos::prelude::*;

use super::{document, Confirmed, CsrfField, Document, ErrorList, StaffBar, StaffHeader};
use crate::domain::access::ApiScope;
use crate::domain::ids::UnitId;
use crate::domain::period::local_time_label;
use crate::i18n::kiosk::KioskTexts;
use crate::i18n::{Locale, Texts};
use crate::store::{ApiKey, Counter, Device, Official, PinLock};

pub struct DevicesView {
    pub staff: StaffBar,
    pub unit_name: String,
    pub counters: Vec<Counter>,
    pub devices: Vec<DeviceRow>,
    pub officials: Vec<Official>,
    /// The officials' PINs locked at a tablet by wrong ones.
    pub pin_locks: Vec<PinLock>,
    pub unit_id: UnitId,
    pub api_keys: Vec<ApiKey>,
    /// A secret made just now, shown once.
    pub shown: Shown,
    pub errors: Vec<&'static str>,
}

/// What the page shows once, right after it was made.
pub enum Shown {
    Nothing,
    /// (counter name, code as shown, expiry).
    PairingCode(String, String, i64),
    ApiKey(String),
}

pub struct DeviceRow {
    pub device: Device,
    pub counter_name: String,
    pub online: bool,
}

pub fn render_devices(v: DevicesView) -> String {
    let t = Locale::Vi.texts();
    let k: &KioskTexts = t.kiosk;
    let csrf = v.staff.csrf.clone();
    let counters = v
        .counters
        .into_iter()
        .map(|c| {
            view! {
                <form method="post" action=format!("/admin/counters/{}/pairing-code", c.id) class="inline-form">
                    <CsrfField token=csrf.clone()/>
                    <span>{c.name}</span>
                    <button type="submit" class="button small">{k.new_pairing_code}</button>
                </form>
            }
        })
        .collect_view();
    let pins = v
        .officials
        .into_iter()
        .map(|o| {
            let locks = v.pin_locks.iter().filter(|l| l.official_id == o.id).cloned().collect();
            pin_row(o, locks, &csrf, k)
        })
        .collect_view();
    let body = view! {
        <StaffHeader bar=v.staff.clone()/>
        <main class="admin">
            <h1>{k.devices_title}" — "{v.unit_name}</h1>
            <ErrorList errors=v.errors/>
            {shown_once(v.shown, k)}
            <section class="panel">
                <h2>{k.new_pairing_code}</h2>
                {counters}
            </section>
            {devices_panel(v.devices, &csrf, t)}
            <section class="panel">
                <h2>{k.pins_title}</h2>
                <ul class="plain">{pins}</ul>
            </section>
            {api_keys_panel(v.api_keys, v.unit_id.get(), &csrf, t)}
        </main>
    };
    document(
        Document { title: k.devices_title, locale: Locale::Vi, islands: None, body_class: "staff", web_app: false },
        body,
    )
}

/// A pairing code or an API key just made: shown this once.
fn shown_once(shown: Shown, k: &'static KioskTexts) -> Option<AnyView> {
    match shown {
        Shown::Nothing => None,
        Shown::PairingCode(counter, code, expires) => Some(
            view! {
                <div class="panel pairing-code" role="status">
                    <p>{k.pairing_code_for}" "<strong>{counter}</strong></p>
                    <p class="code-big" data-testid="pairing-code">{code}</p>
                    <p class="muted">{k.pairing_code_help}" "{local_time_label(expires)}</p>
                </div>
            }
            .into_any(),
        ),
        Shown::ApiKey(key) => Some(
            view! {
                <div class="panel pairing-code" role="status">
                    <p>{k.api_key_shown}</p>
                    <p><code class="api-key" data-testid="api-key">{key}</code></p>
                </div>
            }
            .into_any(),
        ),
    }
}

/// The unit's tablets: state, last heartbeat, version, queue, clock.
fn devices_panel(devices: Vec<DeviceRow>, csrf: &str, t: &'static Texts) -> impl IntoView {
    let k = t.kiosk;
    let rows = devices.into_iter().map(|row| device_row(row, csrf, k)).collect_view();
    let empty = rows.is_empty();
    view! {
        <section class="panel">
            <h2>{k.devices_title}</h2>
            {empty.then(|| view! { <p class="muted">{k.devices_none}</p> })}
            <div class="panel-scroll" tabindex="0" role="region" aria-label=k.devices_title hidden=empty>
                <table class="grid devices">
                    <thead><tr>
                        <th>{k.device}</th><th>{t.counter}</th><th>{k.state}</th><th>{k.last_heartbeat}</th>
                        <th>{k.app_version}</th><th>{k.queue_length}</th><th>{k.clock_skew}</th><th></th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// The unit's API keys and the form that makes one.
fn api_keys_panel(api_keys: Vec<ApiKey>, unit_id: i64, csrf: &str, t: &'static Texts) -> impl IntoView {
    let k = t.kiosk;
    let keys = api_keys.into_iter().map(|key| api_key_row(key, csrf, k)).collect_view();
    view! {
        <section class="panel">
            <h2>{k.api_keys_title}</h2>
            <p class="hint">{k.api_keys_help}" "<a href="/api/v1/docs">{k.api_docs_link}</a></p>
            <ul class="plain">{keys}</ul>
            <form method="post" action=format!("/admin/units/{unit_id}/api-keys") class="inline-form">
                <CsrfField token=csrf.to_owned()/>
                <input name="name" required=true maxlength="60" aria-label=k.api_key_name placeholder=k.api_key_name/>
                <fieldset class="scopes">
                    <legend>{k.api_key_scopes}</legend>
                    {ApiScope::ALL.map(|scope| view! {
                        <label><input type="checkbox" name=scope.key() value="1"/>" "{t.scope(scope)}</label>
                    }).collect_view()}
                </fieldset>
                <button type="submit" class="button small">{k.new_api_key}</button>
            </form>
        </section>
    }
}

fn device_row(row: DeviceRow, csrf: &str, k: &'static KioskTexts) -> impl IntoView {
    let d = row.device;
    let (state, class) = match (d.is_revoked(), row.online) {
        (true, _) => (k.revoked_state, "state-revoked"),
        (false, true) => (k.online, "state-online"),
        (false, false) => (k.offline_state, "state-offline"),
    };
    let revoke = (!d.is_revoked()).then(|| {
        view! {
            <Confirmed
                action=format!("/admin/devices/{}/revoke", d.id)
                csrf=csrf.to_owned()
                label=k.revoke
                warning=k.revoke_tablet_warning.to_owned()
                confirm=k.revoke_confirm
            />
        }
    });
    view! {
        <tr class=class>
            <td>{d.name.clone()}</td>
            <td>{row.counter_name}</td>
            <td><span class=format!("badge {class}")>{state}</span></td>
            <td>{d.last_seen_at.map_or_else(|| k.never.to_owned(), |at| local_time_label(at.millis()))}</td>
            <td>{d.app_version.clone().unwrap_or_default()}</td>
            <td>{d.queue_length.map(|n| n.to_string()).unwrap_or_default()}</td>
            <td>{d.clock_skew_ms.map(skew_label).unwrap_or_default()}</td>
            <td>{revoke}</td>
        </tr>
    }
}

/// The device's clock against ours, in words a manager reads at a glance: "+3 s", "−1 ngày 2 giờ".
fn skew_label(skew_ms: i64) -> String {
    // Positive skew: the server is ahead, the device's clock is behind.
    let (t, sign) = (Locale::Vi.texts(), if skew_ms > 0 { "−" } else { "+" });
    let seconds = skew_ms.unsigned_abs() / 1000;
    match seconds {
        0 => "0 s".to_owned(),
        1..60 => format!("{sign}{seconds} s"),
        60..3600 => Texts::fill(t.span_minutes, &[("sign", &sign), ("n", &(seconds / 60))]),
        3600..86_400 => Texts::fill(t.span_hours, &[("sign", &sign), ("n", &(seconds / 3600))]),
        _ => {
            Texts::fill(t.span_days, &[("sign", &sign), ("n", &(seconds / 86_400)), ("h", &(seconds % 86_400 / 3600))])
        }
    }
}

fn api_key_row(key: ApiKey, csrf: &str, k: &'static KioskTexts) -> impl IntoView {
    let revoked = key.revoked_at.is_some();
    let last_used = key
        .last_used_at
        .map_or_else(|| k.never_used.to_owned(), |at| format!("{} {}", k.last_used, local_time_label(at.millis())));
    view! {
        <li class="pin-row" class:muted=revoked>
            <span>{key.name}" "<code>{key.prefix}"…"</code>" "<small class="muted">{key.scopes.iter().map(|s| Locale::Vi.texts().scope(*s)).collect::<Vec<_>>().join(" · ")}</small></span>
            <small>{k.created}" "{local_time_label(key.created_at.millis())}" · "{last_used}</small>
            {if revoked {
                view! { <span class="badge state-revoked">{k.revoked_state}</span> }.into_any()
            } else {
                view! {
                    <Confirmed
                        action=format!("/admin/api-keys/{}/revoke", key.id)
                        csrf=csrf.to_owned()
                        label=k.revoke
                        warning=k.revoke_key_warning.to_owned()
                        confirm=k.revoke_confirm
                    />
                }
                .into_any()
            }}
        </li>
    }
}

fn pin_row(o: Official, locks: Vec<PinLock>, csrf: &str, k: &'static KioskTexts) -> impl IntoView {
    let has_pin = o.has_pin;
    let action = format!("/admin/officials/{}/pin", o.id);
    let official_id = o.id.to_string();
    let locks = locks
        .into_iter()
        .map(|lock| {
            let label = format!("{} {} · {}", k.pin_locked_at, lock.device_name, local_time_label(lock.locked_at.millis()));
            view! {
                <form method="post" action=format!("/admin/devices/{}/pin-unlock", lock.device_id) class="inline-form pin-lock">
                    <CsrfField token=csrf.to_owned()/>
                    <input type="hidden" name="official" value=official_id.clone()/>
                    <span class="badge state-revoked">{label}</span>
                    <button type="submit" class="button small">{k.unlock_pin}</button>
                </form>
            }
        })
        .collect_view();
    view! {
        <li class="pin-row" data-name=o.full_name.clone()>
            <span>{o.full_name.clone()}" "<small class="muted">{if has_pin { k.pin_set } else { k.pin_unset }}</small></span>
            <form method="post" action=action.clone() class="inline-form" autocomplete="off">
                <CsrfField token=csrf.to_owned()/>
                <input name="pin" type="password" inputmode="numeric" minlength="4" maxlength="8" pattern="[0-9]{4,8}"
                    aria-label=k.pin placeholder=k.pin_hint title=k.pin_hint autocomplete="new-password"/>
                <button type="submit" class="button small">{k.set_pin}</button>
            </form>
            {has_pin.then(|| view! {
                <form method="post" action=action class="inline-form">
                    <CsrfField token=csrf.to_owned()/>
                    <input type="hidden" name="clear" value="1"/>
                    <button type="submit" class="button small">{k.clear_pin}</button>
                </form>
            })}
            {locks}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::skew_label;

    #[test]
    fn skew_reads_as_the_device_clock_ahead_or_behind() {
        assert_eq!(skew_label(0), "0 s");
        assert_eq!(skew_label(400), "0 s", "network delay is no skew");
        assert_eq!(skew_label(3_000), "−3 s", "server ahead: the tablet is 3 s behind");
        assert_eq!(skew_label(-120_000), "+2 phút");
        assert_eq!(skew_label(86_400_000 + 2 * 3_600_000), "−1 ngày 2 giờ");
    }
}
