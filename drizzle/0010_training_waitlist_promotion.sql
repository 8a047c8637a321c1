-- Moves the longest-waiting person on a session's waitlist into a free seat, and returns who (or null). A
-- person cancelling their own registration cannot see the running organisation's other registrations, so the
-- table owner moves the waitlist; it only ever fills a seat that is actually free, so calling it is harmless.
CREATE FUNCTION training_promote_waitlisted(session uuid) RETURNS uuid
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public
  AS $$
    UPDATE training_registrations r SET status = 'registered', version = r.version + 1
    WHERE (r.org_id, r.id) = (
      SELECT w.org_id, w.id FROM training_registrations w JOIN training_sessions s ON s.id = w.session_id
      WHERE w.session_id = session AND w.status = 'waitlisted'
        AND (s.capacity IS NULL OR training_seats_taken(session) < s.capacity)
      ORDER BY w.registered_at, w.id LIMIT 1 FOR UPDATE OF w)
    RETURNING r.person_id
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION training_promote_waitlisted(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION training_promote_waitlisted(uuid) TO concord_app;
