-- The rule that sets sample targets (cỡ mẫu, issue 10 point 1) for a unit and the units beneath it, as
-- `domain::sample::TargetRule` keys: tiered, slovin, per_kind, fixed:N. NULL: the rule of the unit above; at the
-- top of the tree, the tiered rule of seed 004.
ALTER TABLE units ADD COLUMN sample_rule TEXT;
