-- Recorded sandbox traffic is purged after the retention period
-- (KETENTEST_SANDBOX_TRAFFIC_RETENTION): the purge deletes by time.
CREATE INDEX sandbox_traffic_at ON sandbox_traffic(at);
