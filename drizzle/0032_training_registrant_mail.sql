-- E-mail to someone registered for (or waiting for) a session, written by the organisation running it. The
-- change that causes it may be made by a person of another organisation (registering, or cancelling and so
-- freeing a seat), whose row-level scope cannot write the running organisation's outbox or jobs; the table
-- owner writes it, only to a registrant of that session, at the address and name they registered with, and
-- queues the delivery. Returns whether the message was new (a key already used is skipped, as in the outbox).
CREATE FUNCTION training_queue_registrant_mail(session uuid, person uuid, mail_key text, mail_subject text,
    mail_body text, mail_attachments jsonb, creator uuid) RETURNS boolean
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
  DECLARE
    reg record;
    written integer;
  BEGIN
    SELECT r.org_id, r.person_email, r.person_name INTO reg
      FROM training_registrations r JOIN training_sessions s ON s.id = r.session_id AND s.org_id = r.org_id
      WHERE r.session_id = session AND r.person_id = person;
    IF NOT FOUND OR reg.person_email = '' THEN
      RETURN false;
    END IF;
    INSERT INTO outbox_messages (org_id, key, to_address, to_name, person_id, subject, body, entity_type, entity_id,
        attachments, created_by)
      VALUES (reg.org_id, mail_key, reg.person_email, reg.person_name, person, mail_subject, mail_body,
        'training_session', session, mail_attachments, creator)
      ON CONFLICT (org_id, key) DO NOTHING;
    GET DIAGNOSTICS written = ROW_COUNT;
    IF written > 0 AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.org_id = reg.org_id AND j.kind = 'mail.deliver'
        AND j.status = 'queued') THEN
      INSERT INTO jobs (org_id, kind, payload, created_by) VALUES (reg.org_id, 'mail.deliver', '{}'::jsonb, creator);
    END IF;
    RETURN written > 0;
  END $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION training_queue_registrant_mail(uuid, uuid, text, text, text, jsonb, uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION training_queue_registrant_mail(uuid, uuid, text, text, text, jsonb, uuid) TO concord_app;
--> statement-breakpoint
-- As training_promote_waitlisted (migration 0010), answering who took the seat with the name and address they
-- registered with, so that they can be told; the person cancelling learns it only inside the application.
CREATE FUNCTION training_promote_waitlisted_contact(session uuid)
    RETURNS TABLE (person_id uuid, person_name text, person_email text, registered_at timestamptz)
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public
  AS $$
    UPDATE training_registrations r SET status = 'registered', version = r.version + 1
    WHERE (r.org_id, r.id) = (
      SELECT w.org_id, w.id FROM training_registrations w JOIN training_sessions s ON s.id = w.session_id
      WHERE w.session_id = session AND w.status = 'waitlisted'
        AND (s.capacity IS NULL OR training_seats_taken(session) < s.capacity)
      ORDER BY w.registered_at, w.id LIMIT 1 FOR UPDATE OF w)
    RETURNING r.person_id, r.person_name, r.person_email, r.registered_at
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION training_promote_waitlisted_contact(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION training_promote_waitlisted_contact(uuid) TO concord_app;
