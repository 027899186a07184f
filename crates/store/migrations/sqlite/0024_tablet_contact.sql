-- Tablets paced by the server's clock (domain::kiosk::tablet_pace): when the server last started hearing from a
-- tablet after it missed a heartbeat, and its last contact before that gap. A tap dated while the tablet was in touch
-- was sent at once; one dated in the gap waited in the tablet's queue.
ALTER TABLE kiosk_devices ADD COLUMN in_touch_since BIGINT;
ALTER TABLE kiosk_devices ADD COLUMN out_of_touch_from BIGINT;
-- A tablet's latest rating by arrival, read for each of its next ratings.
CREATE INDEX responses_device_arrival ON responses (device_id, received_at) WHERE device_id IS NOT NULL;
