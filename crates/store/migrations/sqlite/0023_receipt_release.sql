-- A receipt-link rating is counted and announced only once its local day has closed (decision 013): its place in
-- the counting queue says from when. 0 for every other rating: counted at once, as before.
ALTER TABLE rollup_queue ADD COLUMN release_at BIGINT NOT NULL DEFAULT 0;
