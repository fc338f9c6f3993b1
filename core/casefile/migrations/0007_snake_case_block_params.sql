-- The API's params became snake_case (core/api/contract.ts). A narrative `events` block keeps an event filter
-- in its params, at `$.filter` or at the top level, and hands it back to events.list: rename the three filter
-- fields that were camelCase, keeping their values (booleans stay booleans: `->` carries JSON, not text).
UPDATE narrative_blocks SET params = json_set(json_remove(params, '$.filter.srcIp'), '$.filter.src_ip', params -> '$.filter.srcIp')
  WHERE json_valid(params) AND json_type(params, '$.filter.srcIp') IS NOT NULL;
UPDATE narrative_blocks SET params = json_set(json_remove(params, '$.filter.evidenceId'), '$.filter.evidence_id', params -> '$.filter.evidenceId')
  WHERE json_valid(params) AND json_type(params, '$.filter.evidenceId') IS NOT NULL;
UPDATE narrative_blocks SET params = json_set(json_remove(params, '$.filter.outOfScope'), '$.filter.out_of_scope', params -> '$.filter.outOfScope')
  WHERE json_valid(params) AND json_type(params, '$.filter.outOfScope') IS NOT NULL;
UPDATE narrative_blocks SET params = json_set(json_remove(params, '$.srcIp'), '$.src_ip', params -> '$.srcIp')
  WHERE json_valid(params) AND json_type(params, '$.srcIp') IS NOT NULL;
UPDATE narrative_blocks SET params = json_set(json_remove(params, '$.evidenceId'), '$.evidence_id', params -> '$.evidenceId')
  WHERE json_valid(params) AND json_type(params, '$.evidenceId') IS NOT NULL;
UPDATE narrative_blocks SET params = json_set(json_remove(params, '$.outOfScope'), '$.out_of_scope', params -> '$.outOfScope')
  WHERE json_valid(params) AND json_type(params, '$.outOfScope') IS NOT NULL;
