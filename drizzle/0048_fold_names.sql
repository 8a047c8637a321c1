-- Text folded for searching: accents and other marks taken off (the unaccent dictionary), then lower case, so
-- "nguyen" finds "Nguyễn". Search text is folded by the same function (src/platform/db/columns.ts `holds`).
CREATE EXTENSION IF NOT EXISTS unaccent;--> statement-breakpoint
CREATE FUNCTION concord_fold(text) RETURNS text
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
  AS $$ SELECT lower(unaccent($1)) $$;
