-- A case event as a webhook's CloudEvents 1.0 document, for the set-based writers (the import, the
-- platform's records, bounces) that queue deliveries in the statement that appends their events. The
-- same fields, in the same order, as webhook.CloudEventDocument writes for the events written from Java.
CREATE FUNCTION dr_cloud_event(case_id uuid, campaign_id uuid, seq integer, type text, from_state text,
                               to_state text, actor text, at timestamptz, data text)
    RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS
$$
SELECT json_build_object(
    'specversion', '1.0',
    'id', case_id::text || ':' || seq,
    'source', '/campaigns/' || campaign_id::text || '/cases/' || case_id::text,
    'type', 'org.datarecall.case.' || type,
    'subject', case_id::text,
    'time', dr_instant_text(at),
    'datacontenttype', 'application/json',
    'data', json_build_object('campaignId', campaign_id::text, 'caseId', case_id::text, 'seq', seq, 'type', type,
                              'fromState', from_state, 'toState', to_state, 'actor', actor,
                              'at', dr_instant_text(at), 'data', data::json))::text
$$;
