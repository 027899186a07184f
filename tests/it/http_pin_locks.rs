//! Duty PINs cannot be walked: five wrong PINs in a row for an official at a tablet lock that official's PIN there,
//! and only there, until a manager clears it (reach-checked, audited, shown on the device page) or the official
//! signs in on the staff side.

use axum::http::StatusCode;
use hailong::domain::access::Role;
use hailong::domain::ids::DeviceId;
use hailong::domain::time::Timestamp;
use hailong::store::{NewOfficial, Official};
use serde_json::{json, Value};

use crate::db::TestDb;
use crate::fixture::{csrf_of, world, World};
use crate::on_both_backends;

const PIN: &str = "2468";
const OTHER_PIN: &str = "13572468";
/// Wrong for both, and long enough never to turn up in the audit log by chance.
const WRONG: &str = "97531864";

/// A second official of the commune, with an 8-digit PIN; the fixture's official gets `PIN`.
async fn officials_with_pins(world: &World) -> Official {
    let (pin, other_pin) = (password_hash(PIN).await, password_hash(OTHER_PIN).await);
    let (official, commune) = (world.official.id, world.commune.id);
    world
        .write(async |tx| {
            let other = tx
                .create_official(
                    NewOfficial {
                        unit_id: commune,
                        counter_id: None,
                        full_name: "Trần Thị Bình",
                        title: "",
                        staff_code: None,
                    },
                    Timestamp::from_millis(0),
                )
                .await?;
            tx.set_official_pin(official, Some(&pin)).await?;
            tx.set_official_pin(other.id, Some(&other_pin)).await?;
            Ok(other)
        })
        .await
}

async fn password_hash(pin: &str) -> String {
    hailong::services::password::hash(pin).await.unwrap()
}

/// Asks for duty at the tablet: the status and the refusal's `error`, if any.
async fn duty(world: &World, tablet: &str, official: i64, pin: &str) -> (StatusCode, Value) {
    let reply = world.post_json("/kiosk/api/duty", &json!({ "official_id": official, "pin": pin }), Some(tablet)).await;
    let body: Value = serde_json::from_str(&reply.text).unwrap_or(Value::Null);
    (reply.status, body["error"].clone())
}

/// Five wrong PINs for the official at the tablet: four are just wrong, the fifth locks.
async fn lock(world: &World, tablet: &str, official: i64) {
    for _ in 0..4 {
        assert_eq!(duty(world, tablet, official, WRONG).await, (StatusCode::FORBIDDEN, json!("wrong_pin")));
    }
    assert_eq!(duty(world, tablet, official, WRONG).await, (StatusCode::LOCKED, json!("pin_locked")));
}

/// The id of the tablet paired under `name`.
async fn device_id(world: &World, name: &str) -> DeviceId {
    let devices = world.store().devices_in(&[world.commune.id]).await.unwrap();
    devices.iter().find(|d| d.name == name).map(|d| d.id).unwrap()
}

async fn five_wrong_pins_lock_that_official_at_that_tablet_only(db: TestDb) {
    let world = world(db).await;
    let other = officials_with_pins(&world).await;
    let official = world.official.id;
    let (first, second) = (world.pair_tablet("Máy quầy 1").await, world.pair_tablet("Máy quầy 2").await);

    lock(&world, &first, official.get()).await;
    assert_eq!(
        duty(&world, &first, official.get(), PIN).await,
        (StatusCode::LOCKED, json!("pin_locked")),
        "even the right PIN is refused at that tablet"
    );
    let (status, _) = duty(&world, &first, other.id.get(), OTHER_PIN).await;
    assert_eq!(status, StatusCode::OK, "wrong PINs typed for one official never lock another");
    let (status, _) = duty(&world, &second, official.get(), PIN).await;
    assert_eq!(status, StatusCode::OK, "nor the same official at another tablet");

    // A lock ends no duty: the official on duty at the second tablet stays on it, locked or not.
    lock(&world, &second, official.get()).await;
    let beat = world
        .post_json(
            "/kiosk/api/heartbeat",
            &json!({ "device_now": chrono::Utc::now().timestamp_millis() }),
            Some(&second),
        )
        .await;
    let beat: Value = serde_json::from_str(&beat.text).unwrap();
    assert_eq!(beat["duty"]["official"]["name"], world.official.full_name.as_str());

    let page = world.get("/kiosk", Some(&first)).await;
    assert!(page.text.contains("data-error=\"pin_locked\"") && page.text.contains("đã bị khóa trên máy này"));
    let admin = world.login().await;
    let audit = world.get("/admin/audit", Some(&admin)).await.text;
    assert_eq!(audit.matches("duty.pin_wrong").count(), 10, "every wrong PIN is in the audit log");
    assert_eq!(audit.matches("duty.pin_lock").count(), 2, "and each lock, once");
    assert!(!audit.contains(WRONG), "never the PIN typed");
}
on_both_backends!(five_wrong_pins_lock_that_official_at_that_tablet_only);

async fn a_manager_clears_a_lock_within_their_reach(db: TestDb) {
    let world = world(db).await;
    officials_with_pins(&world).await;
    let official = world.official.id;
    let tablet = world.pair_tablet("Máy quầy 1").await;
    let device = device_id(&world, "Máy quầy 1").await;
    lock(&world, &tablet, official.get()).await;

    let (commune, other_commune) = (world.commune.id, world.other_commune.id);
    let manager = world.account("quanly", Role::UnitManager, Some(commune), None).await;
    let manager = world.login_as("quanly", &manager).await;
    let devices_page = format!("/admin/units/{commune}/devices");
    let page = world.get(&devices_page, Some(&manager)).await.text;
    let unlock = format!("/admin/devices/{device}/pin-unlock");
    assert!(page.contains("PIN bị khóa tại Máy quầy 1") && page.contains(&unlock), "the page says where it is locked");

    // Others cannot: a manager of another commune is told there is no such tablet, a leader that they may not.
    let foreign = world.account("quanly_b", Role::UnitManager, Some(other_commune), None).await;
    let foreign = world.login_as("quanly_b", &foreign).await;
    let csrf = csrf_of(&world.get(&format!("/admin/units/{other_commune}/devices"), Some(&foreign)).await.text);
    let official_field = official.to_string();
    let refused = world.post_form(&unlock, &[("csrf", &csrf), ("official", &official_field)], Some(&foreign)).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    let leader = world.account("chutich", Role::Leader, Some(commune), None).await;
    let leader = world.login_as("chutich", &leader).await;
    let csrf = csrf_of(&world.get("/account/password", Some(&leader)).await.text);
    let refused = world.post_form(&unlock, &[("csrf", &csrf), ("official", &official_field)], Some(&leader)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let stranger = world
        .write(async |tx| {
            let new =
                NewOfficial { unit_id: other_commune, counter_id: None, full_name: "X", title: "", staff_code: None };
            tx.create_official(new, Timestamp::from_millis(0)).await
        })
        .await;
    let csrf = csrf_of(&page);
    let stranger = stranger.id.to_string();
    let refused = world.post_form(&unlock, &[("csrf", &csrf), ("official", &stranger)], Some(&manager)).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND, "an official of another unit is never locked here");
    assert!(world.store().pin_locked(device, official).await.unwrap(), "none of that unlocked it");

    let cleared = world.post_form(&unlock, &[("csrf", &csrf), ("official", &official_field)], Some(&manager)).await;
    assert_eq!((cleared.status, cleared.location()), (StatusCode::SEE_OTHER, devices_page.clone()));
    assert!(!world.get(&devices_page, Some(&manager)).await.text.contains("PIN bị khóa tại"), "gone from the page");
    assert_eq!(duty(&world, &tablet, official.get(), PIN).await.0, StatusCode::OK, "the right PIN works again");
    let audit = world.get("/admin/audit", Some(&manager)).await.text;
    assert_eq!(audit.matches("official.pin_unlock").count(), 1, "the clear is audited");
    assert!(audit.contains("quanly"));
}
on_both_backends!(a_manager_clears_a_lock_within_their_reach);

async fn the_officials_own_sign_in_unlocks_their_pin(db: TestDb) {
    let world = world(db).await;
    let other = officials_with_pins(&world).await;
    let official = world.official.id;
    let tablet = world.pair_tablet("Máy quầy 1").await;
    let device = device_id(&world, "Máy quầy 1").await;
    lock(&world, &tablet, official.get()).await;

    let commune = Some(world.commune.id);
    let colleague = world.account("congchuc.binh", Role::Official, commune, Some(other.id)).await;
    world.login_as("congchuc.binh", &colleague).await;
    assert!(
        world.store().pin_locked(device, official).await.unwrap(),
        "a colleague's sign-in unlocks nothing of theirs"
    );

    let own = world.account("congchuc.an", Role::Official, commune, Some(official)).await;
    world.login_as("congchuc.an", &own).await;
    assert_eq!(duty(&world, &tablet, official.get(), PIN).await.0, StatusCode::OK, "signing in gave the PIN back");
    let admin = world.login().await;
    let audit = world.get("/admin/audit", Some(&admin)).await.text;
    assert_eq!(audit.matches("official.pin_unlock").count(), 1, "the unlock by sign-in is audited");
}
on_both_backends!(the_officials_own_sign_in_unlocks_their_pin);
