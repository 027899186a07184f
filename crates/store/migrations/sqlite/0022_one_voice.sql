-- One phone, one voice: the phone a citizen's rating came from, as HMAC(the day's salt, its cookie) — or, without
-- a cookie, the day's client hash. Like client_hash it means something for one local day only: nobody can link two
-- days' ratings of a phone, nor turn the hash back into a cookie or an address. Read to judge the phone's next rating.
ALTER TABLE responses ADD COLUMN voice_hash TEXT;
CREATE INDEX responses_by_voice ON responses (voice_hash, submitted_at) WHERE voice_hash IS NOT NULL;
