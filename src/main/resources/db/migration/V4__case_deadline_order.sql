-- The staff pages list a campaign's cases by deadline (none last) in keyset pages; this index makes
-- each page a range scan whatever the campaign's size.
CREATE INDEX dr_case_due_order_idx ON dr_case (campaign_id, (coalesce(due_at, 'infinity'::timestamptz)), developer_id);
