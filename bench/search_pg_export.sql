-- SPDX-License-Identifier: Apache-2.0
-- The public datasets of a Samverka data folder as tab-separated rows for PostgreSQL's COPY.
SELECT d.id,
  replace(replace(coalesce(json_extract(d.document, '$.title.sv'), ''), char(9), ' '), char(10), ' '),
  replace(replace(coalesce(json_extract(d.document, '$.title.en'), ''), char(9), ' '), char(10), ' '),
  replace(replace(coalesce(json_extract(d.document, '$.description.sv'), ''), char(9), ' '), char(10), ' '),
  replace(replace(coalesce(json_extract(d.document, '$.description.en'), ''), char(9), ' '), char(10), ' '),
  coalesce((SELECT group_concat(k.value, ' ') FROM json_each(d.document, '$.keywords.sv') k), '') || ' ' ||
    coalesce((SELECT group_concat(k.value, ' ') FROM json_each(d.document, '$.keywords.en') k), ''),
  '{' || coalesce((SELECT group_concat(t.value) FROM json_each(d.document, '$.themes') t), '') || '}',
  o.slug,
  '{' || coalesce((SELECT group_concat(DISTINCT json_extract(x.value, '$.format')) FROM json_each(d.document, '$.distributions') x), '') || '}',
  '{' || coalesce((SELECT group_concat(DISTINCT json_extract(x.value, '$.license')) FROM json_each(d.document, '$.distributions') x), '') || '}',
  coalesce(json_extract(d.document, '$.access_rights'), ''),
  d.record_modified
FROM datasets d JOIN organizations o ON o.id = d.publisher_id
WHERE d.state = 'published' AND d.private = 0;
