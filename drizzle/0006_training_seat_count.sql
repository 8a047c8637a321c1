-- Seats taken on a session, counted across every organisation's registrations. Row-level security lets a
-- registrant see only their own registration, so the count is taken by the table owner; it reveals only a
-- number.
CREATE FUNCTION training_seats_taken(session uuid) RETURNS integer
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT count(*)::integer FROM training_registrations WHERE session_id = session AND status = 'registered' $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION training_seats_taken(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION training_seats_taken(uuid) TO concord_app;
