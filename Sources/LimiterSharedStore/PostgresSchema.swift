/// The store's tables and functions, version ``version``; created on first use.
///
/// Permits, holds, hosts and the boot marker are UNLOGGED (fast, measured 142–159 µs per
/// acquire on loopback vs 280–361 µs logged): a crash empties them, and the missing boot
/// marker then makes every group wait its longest window plus the longest lease, so rows
/// lost with the crash cannot let the account exceed its limit. The schema version table
/// is logged.
enum PostgresSchema {
    /// The version this build creates and understands (2: the acquire reads the clock after its lock;
    /// 3: a report settles at the answer's instant, `upbit_limiter_report_v2`).
    static let version = 3

    /// Serialises schema creation across hosts (session advisory lock key).
    static let lockKey: Int64 = 0x5550_4249_544c_494d

    static let statements: [String] = [
        """
        CREATE TABLE IF NOT EXISTS upbit_limiter_schema (
            version int PRIMARY KEY, created timestamptz NOT NULL DEFAULT clock_timestamp())
        """,
        """
        CREATE UNLOGGED TABLE IF NOT EXISTS upbit_limiter_permits (
            account text NOT NULL, grp text NOT NULL, permit text NOT NULL, settle timestamptz NOT NULL,
            PRIMARY KEY (account, grp, permit))
        """,
        "CREATE INDEX IF NOT EXISTS upbit_limiter_permits_settle ON upbit_limiter_permits (account, grp, settle)",
        """
        CREATE UNLOGGED TABLE IF NOT EXISTS upbit_limiter_holds (
            account text NOT NULL, grp text NOT NULL, until timestamptz NOT NULL, PRIMARY KEY (account, grp))
        """,
        """
        CREATE UNLOGGED TABLE IF NOT EXISTS upbit_limiter_hosts (
            account text NOT NULL, host text NOT NULL, seen timestamptz NOT NULL, PRIMARY KEY (account, host))
        """,
        "CREATE UNLOGGED TABLE IF NOT EXISTS upbit_limiter_boot (id int PRIMARY KEY, booted timestamptz NOT NULL)",
        acquireFunction,
        """
        CREATE OR REPLACE FUNCTION upbit_limiter_report_v2(p_account text, p_grp text, p_permit text, p_age_us bigint)
        RETURNS void LANGUAGE sql AS $$
            UPDATE upbit_limiter_permits SET settle = least(settle, clock_timestamp() - p_age_us * interval '1 microsecond')
            WHERE account = p_account AND grp = p_grp AND permit = p_permit $$
        """,
        """
        CREATE OR REPLACE FUNCTION upbit_limiter_hold_v1(p_account text, p_grps text[], p_us bigint) RETURNS void
        LANGUAGE sql AS $$
            INSERT INTO upbit_limiter_holds
            SELECT p_account, g, clock_timestamp() + p_us * interval '1 microsecond' FROM unnest(p_grps) AS g
            ON CONFLICT (account, grp) DO UPDATE SET until = greatest(upbit_limiter_holds.until, EXCLUDED.until) $$
        """,
        "INSERT INTO upbit_limiter_schema (version) VALUES (3) ON CONFLICT DO NOTHING",
    ]

    /// One acquire in one statement (one round trip, one transaction): lock the key, then read
    /// the store's clock, honour the boot marker and holds, drop rows no window counts, count per
    /// window, insert at the lease bound or answer when the oldest row leaves.
    static let acquireFunction = """
        CREATE OR REPLACE FUNCTION upbit_limiter_acquire_v1(
            p_account text, p_grp text, p_limits bigint[], p_windows_us bigint[], p_permit text,
            p_lease_us bigint, p_longest_lease_us bigint, p_host text,
            OUT granted boolean, OUT wait_us bigint, OUT hosts int)
        LANGUAGE plpgsql AS $$
        DECLARE
            now_ timestamptz;
            longest_ bigint := 0;
            booted_ timestamptz;
            held_ timestamptz;
            win_ interval;
            count_ bigint;
            leaving_ timestamptz;
        BEGIN
            granted := false; wait_us := 0; hosts := 0;
            PERFORM pg_advisory_xact_lock(hashtextextended(p_account || '/' || p_grp, 0));
            -- The clock after the lock: time spent waiting for it does not shorten the new row's lease.
            now_ := clock_timestamp();
            FOR i IN 1 .. coalesce(array_length(p_windows_us, 1), 0) LOOP
                longest_ := greatest(longest_, p_windows_us[i]);
            END LOOP;
            IF EXISTS (SELECT 1 FROM upbit_limiter_permits
                       WHERE account = p_account AND grp = p_grp AND permit = p_permit) THEN
                granted := true;
            ELSE
                INSERT INTO upbit_limiter_boot VALUES (1, now_) ON CONFLICT (id) DO NOTHING;
                SELECT booted INTO booted_ FROM upbit_limiter_boot WHERE id = 1;
                IF now_ < booted_ + (longest_ + p_longest_lease_us) * interval '1 microsecond' THEN
                    wait_us := ceil(extract(epoch FROM booted_ - now_) * 1e6)::bigint + longest_ + p_longest_lease_us;
                    RETURN;
                END IF;
                SELECT until INTO held_ FROM upbit_limiter_holds WHERE account = p_account AND grp = p_grp;
                IF held_ IS NOT NULL AND held_ > now_ THEN
                    wait_us := ceil(extract(epoch FROM held_ - now_) * 1e6)::bigint;
                    RETURN;
                END IF;
                DELETE FROM upbit_limiter_permits WHERE account = p_account AND grp = p_grp
                    AND settle < now_ - longest_ * interval '1 microsecond';
                FOR i IN 1 .. coalesce(array_length(p_windows_us, 1), 0) LOOP
                    win_ := p_windows_us[i] * interval '1 microsecond';
                    IF p_limits[i] <= 0 THEN
                        wait_us := greatest(wait_us, p_windows_us[i]);
                        CONTINUE;
                    END IF;
                    SELECT count(*) INTO count_ FROM upbit_limiter_permits
                        WHERE account = p_account AND grp = p_grp AND settle >= now_ - win_;
                    IF count_ >= p_limits[i] THEN
                        SELECT settle INTO leaving_ FROM upbit_limiter_permits
                            WHERE account = p_account AND grp = p_grp AND settle >= now_ - win_
                            ORDER BY settle OFFSET count_ - p_limits[i] LIMIT 1;
                        wait_us := greatest(wait_us, ceil(extract(epoch FROM leaving_ + win_ - now_) * 1e6)::bigint + 1);
                    END IF;
                END LOOP;
                IF wait_us > 0 THEN RETURN; END IF;
                INSERT INTO upbit_limiter_permits
                    VALUES (p_account, p_grp, p_permit, now_ + p_lease_us * interval '1 microsecond');
                granted := true;
            END IF;
            INSERT INTO upbit_limiter_hosts VALUES (p_account, p_host, now_)
                ON CONFLICT (account, host) DO UPDATE SET seen = EXCLUDED.seen;
            DELETE FROM upbit_limiter_hosts WHERE account = p_account AND seen < now_ - interval '1 hour';
            SELECT count(*) INTO hosts FROM upbit_limiter_hosts
                WHERE account = p_account AND seen >= now_ - interval '10 seconds';
        END $$
        """
}
