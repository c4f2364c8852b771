-- consent-service 1.2.0 events: a policy change can require renewal (consent.reconsent-required.v1), and a
-- renewing grant supersedes the old consent (consent.granted.v1's supersedes). Neither state counts.
alter table consent_projection drop constraint consent_projection_state_check;
alter table consent_projection alter column state type varchar(32);
alter table consent_projection add constraint consent_projection_state_check
    check (state in ('granted', 'reconsent-required', 'superseded', 'withdrawn'));
