-- SPDX-License-Identifier: Apache-2.0
DROP TABLE IF EXISTS datasets;
CREATE TABLE datasets (
  id uuid PRIMARY KEY, title_sv text, title_en text, description_sv text, description_en text,
  keywords text, themes text[], publisher text, formats text[], licenses text[],
  access_rights text, modified timestamptz);
