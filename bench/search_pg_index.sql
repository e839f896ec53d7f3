-- SPDX-License-Identifier: Apache-2.0
-- Full-text search the way a portal without a search engine does it: a tsvector column with
-- Swedish and English configurations, a GIN index, and indexes for the filters.
ALTER TABLE datasets ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('swedish', coalesce(title_sv, '')), 'A') ||
  setweight(to_tsvector('english', coalesce(title_en, '')), 'A') ||
  to_tsvector('swedish', coalesce(description_sv, '') || ' ' || coalesce(keywords, '')) ||
  to_tsvector('english', coalesce(description_en, ''))) STORED;
CREATE INDEX datasets_tsv ON datasets USING gin (tsv);
CREATE INDEX datasets_themes ON datasets USING gin (themes);
CREATE INDEX datasets_formats ON datasets USING gin (formats);
CREATE INDEX datasets_publisher ON datasets (publisher);
VACUUM ANALYZE datasets;
