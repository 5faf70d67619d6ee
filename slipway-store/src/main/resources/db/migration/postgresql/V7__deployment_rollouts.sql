-- How a deployment rolls out a new version its model URI names, and the version it last followed.
-- Keep in step with ../sqlite/V7__deployment_rollouts.sql.

-- rows from V6 predate rollouts: they swap directly and have followed their stable version
ALTER TABLE deployments ADD COLUMN rollout_strategy TEXT NOT NULL DEFAULT 'DIRECT'
    CHECK (rollout_strategy IN ('DIRECT', 'CANARY', 'SHADOW'));
ALTER TABLE deployments ADD COLUMN rollout_initial_percent INTEGER NOT NULL DEFAULT 0
    CHECK (rollout_initial_percent BETWEEN 0 AND 100);
ALTER TABLE deployments ADD COLUMN rollout_step_percent INTEGER NOT NULL DEFAULT 0
    CHECK (rollout_step_percent BETWEEN 0 AND 100);
ALTER TABLE deployments ADD COLUMN rollout_step_millis BIGINT NOT NULL DEFAULT 0
    CHECK (rollout_step_millis >= 0);
ALTER TABLE deployments ADD COLUMN followed_version INTEGER;
UPDATE deployments SET followed_version = stable_version;
ALTER TABLE deployments ALTER COLUMN followed_version SET NOT NULL;
