-- The policy as versioned data (Art. 3-4, 10 of the policy): the officer edits a draft; publishing it
-- freezes an immutable version identified by the SHA-256 of its canonical content. The V1 purpose table
-- becomes the draft's first content and is dropped: purposes, categories and recipients now live in the
-- versions, so a consent can always be read against the exact terms it was given under.

create table policy_draft (
    id          smallint     primary key check (id = 1),
    content     text         not null,
    updated_at  timestamptz  not null,
    updated_by  varchar(128) not null
);

-- The policy text of 2018-10-05 (shared/policy/privacy-policy.txt), as the first draft. The service
-- publishes it as version 1 on its first start (the hash is computed by the same code as every later one).
insert into policy_draft (id, content, updated_at, updated_by) values (1, '{
  "controller": {
    "name": "Onplanetz Co., Ltd.",
    "contact": "admin@onplanetz.com",
    "address": null
  },
  "categories": [
    {
      "code": "profile.name",
      "name": "Name",
      "dpv": "pd:Name"
    },
    {
      "code": "profile.organisation",
      "name": "Company or organisation name",
      "dpv": "pd:Employer"
    },
    {
      "code": "profile.job-title",
      "name": "Job title",
      "dpv": null
    },
    {
      "code": "profile.gender",
      "name": "Gender",
      "dpv": "pd:Gender"
    },
    {
      "code": "profile.birth-year",
      "name": "Year of birth",
      "dpv": "pd:BirthDate"
    },
    {
      "code": "profile.address",
      "name": "Address",
      "dpv": "pd:PhysicalAddress"
    },
    {
      "code": "profile.email",
      "name": "E-mail address",
      "dpv": "pd:EmailAddress"
    },
    {
      "code": "profile.phone",
      "name": "Telephone number",
      "dpv": "pd:TelephoneNumber"
    },
    {
      "code": "terminal.device-id",
      "name": "Terminal information: identifiers of the user''s device",
      "dpv": "pd:DeviceBased"
    },
    {
      "code": "log.ip-address",
      "name": "IP address",
      "dpv": "pd:IPAddress"
    },
    {
      "code": "log.request-time",
      "name": "Date and time of requests",
      "dpv": null
    },
    {
      "code": "log.operation-history",
      "name": "Operation history on our site",
      "dpv": "pd:BrowsingBehaviour"
    },
    {
      "code": "log.service-usage",
      "name": "Use of our services",
      "dpv": null
    },
    {
      "code": "cookie.anonymous-id",
      "name": "Cookies and anonymous IDs",
      "dpv": null
    },
    {
      "code": "external.service-profile",
      "name": "Data obtained from external services (e.g. Facebook), within the user''s privacy settings there",
      "dpv": null
    }
  ],
  "purposes": [
    {
      "code": "service-provision",
      "name": "Providing, executing and improving our services",
      "legalBasis": "contract",
      "thirdParty": false,
      "categories": [
        "external.service-profile",
        "profile.address",
        "profile.birth-year",
        "profile.email",
        "profile.gender",
        "profile.job-title",
        "profile.name",
        "profile.organisation",
        "profile.phone"
      ],
      "dpv": "dpv:ServiceProvision",
      "policyRef": "Art. 3(1)"
    },
    {
      "code": "contact-support",
      "name": "Contacting users, reports and responses to inquiries",
      "legalBasis": "contract",
      "thirdParty": false,
      "categories": [
        "profile.address",
        "profile.email",
        "profile.job-title",
        "profile.name",
        "profile.organisation",
        "profile.phone"
      ],
      "dpv": "dpv:CustomerCare",
      "policyRef": "Art. 3(1)"
    },
    {
      "code": "fraud-prevention",
      "name": "Preventing fraudulent requests; maintaining and protecting the site",
      "legalBasis": "contract",
      "thirdParty": false,
      "categories": [
        "cookie.anonymous-id",
        "log.ip-address",
        "log.operation-history",
        "log.request-time",
        "log.service-usage",
        "terminal.device-id"
      ],
      "dpv": "dpv:FraudPreventionAndDetection",
      "policyRef": "Art. 2(2), 3(2)"
    },
    {
      "code": "newsletter",
      "name": "Blogs, e-mail magazines and other information to users",
      "legalBasis": "consent",
      "thirdParty": false,
      "categories": [
        "profile.email",
        "profile.name"
      ],
      "dpv": "dpv:DirectMarketing",
      "policyRef": "Art. 3(2)"
    },
    {
      "code": "attribute-suggestions",
      "name": "Suggestions of services according to user attributes",
      "legalBasis": "consent",
      "thirdParty": false,
      "categories": [
        "cookie.anonymous-id",
        "log.operation-history",
        "log.service-usage",
        "profile.address",
        "profile.job-title",
        "profile.name",
        "profile.organisation",
        "terminal.device-id"
      ],
      "dpv": "dpv:ServicePersonalisation",
      "policyRef": "Art. 3(2)"
    },
    {
      "code": "own-marketing",
      "name": "Marketing related to our company",
      "legalBasis": "consent",
      "thirdParty": false,
      "categories": [
        "cookie.anonymous-id",
        "log.service-usage",
        "profile.address",
        "profile.email",
        "profile.job-title",
        "profile.name",
        "profile.organisation",
        "profile.phone"
      ],
      "dpv": "dpv:Marketing",
      "policyRef": "Art. 3(2)"
    },
    {
      "code": "third-party-ads",
      "name": "Third parties display advertisements tailored to users",
      "legalBasis": "consent",
      "thirdParty": true,
      "categories": [
        "cookie.anonymous-id",
        "log.ip-address",
        "log.operation-history",
        "log.request-time",
        "log.service-usage",
        "profile.address",
        "profile.email",
        "profile.job-title",
        "profile.name",
        "profile.organisation",
        "profile.phone",
        "terminal.device-id"
      ],
      "dpv": "dpv:PersonalisedAdvertising",
      "policyRef": "Art. 3(3)"
    },
    {
      "code": "third-party-ad-effect",
      "name": "Third parties analyse the effect of advertisements",
      "legalBasis": "consent",
      "thirdParty": true,
      "categories": [
        "cookie.anonymous-id",
        "log.ip-address",
        "log.operation-history",
        "log.request-time",
        "log.service-usage",
        "profile.address",
        "profile.email",
        "profile.job-title",
        "profile.name",
        "profile.organisation",
        "profile.phone",
        "terminal.device-id"
      ],
      "dpv": "dpv:Advertising",
      "policyRef": "Art. 3(3), 7"
    },
    {
      "code": "third-party-market",
      "name": "Third parties analyse markets and do marketing",
      "legalBasis": "consent",
      "thirdParty": true,
      "categories": [
        "cookie.anonymous-id",
        "log.ip-address",
        "log.operation-history",
        "log.request-time",
        "log.service-usage",
        "profile.address",
        "profile.email",
        "profile.job-title",
        "profile.name",
        "profile.organisation",
        "profile.phone",
        "terminal.device-id"
      ],
      "dpv": "dpv:Marketing",
      "policyRef": "Art. 3(3)"
    },
    {
      "code": "anonymised-statistics",
      "name": "Statistics made unidentifiable, provided to third parties",
      "legalBasis": "consent",
      "thirdParty": true,
      "categories": [
        "cookie.anonymous-id",
        "log.ip-address",
        "log.operation-history",
        "log.request-time",
        "log.service-usage",
        "profile.address",
        "profile.birth-year",
        "profile.gender",
        "profile.job-title",
        "profile.organisation",
        "terminal.device-id"
      ],
      "dpv": null,
      "policyRef": "Art. 3(4)"
    }
  ],
  "recipients": [
    {
      "code": "google-analytics",
      "name": "Google LLC (Google Analytics)",
      "address": "1600 Amphitheatre Parkway, Mountain View, CA 94043, USA",
      "representative": "Sundar Pichai, Chief Executive Officer",
      "purposes": [
        "third-party-ad-effect"
      ]
    }
  ]
}', now(), 'policy-seed');

create table policy_version (
    version_number  integer      primary key,
    hash            char(64)     not null unique,
    content         text         not null,
    previous_hash   char(64)     references policy_version (hash),
    published_at    timestamptz  not null,
    published_by    varchar(128) not null,
    summary         varchar(2000),
    classification  varchar(32)  not null check (classification in ('initial', 'notice-only', 'consent-required')),
    changes         text         not null
);

-- A published version never changes: not by the service, not by a hand at the console.
create function policy_version_is_immutable() returns trigger language plpgsql as $$
begin
    raise exception 'policy_version is immutable (% refused)', tg_op;
end $$;
create trigger policy_version_immutable before update or delete on policy_version
    for each row execute function policy_version_is_immutable();

alter table consent_record drop constraint consent_record_purpose_fkey;
drop table purpose;

-- The current state of each consent: a projection of consent_history, updated in the same transaction.
alter table consent_record
    add column state           varchar(32)  not null default 'granted'
        check (state in ('granted', 'reconsent-required', 'superseded', 'withdrawn')),
    add column policy_version  char(64),
    add column categories      text         not null default '',
    add column channel         varchar(64),
    add column user_agent      varchar(512),
    add column ip_prefix       varchar(64),
    add column updated_at      timestamptz;
update consent_record set state = 'withdrawn' where withdrawn_at is not null;
update consent_record set updated_at = coalesce(withdrawn_at, granted_at);
alter table consent_record alter column updated_at set not null;
alter table consent_record alter column state drop default;

-- At most one consent that still counts (or awaits renewal) per subject, purpose and recipient.
create unique index consent_record_one_open on consent_record (subject_id, purpose, coalesce(recipient, ''))
    where state in ('granted', 'reconsent-required');

-- What happened to every consent, in order. Never updated, never deleted.
create table consent_history (
    seq            bigserial    primary key,
    consent_id     uuid         not null references consent_record (id),
    subject_id     varchar(128) not null,
    action         varchar(32)  not null check (action in ('granted', 'reconsent-required', 'superseded', 'withdrawn')),
    policy_version char(64)     not null,
    occurred_at    timestamptz  not null,
    actor          varchar(128) not null,
    detail         text         not null
);
create index consent_history_consent on consent_history (consent_id, seq);

create function consent_history_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'consent_history is append-only (% refused)', tg_op;
end $$;
create trigger consent_history_append_only before update or delete on consent_history
    for each row execute function consent_history_is_append_only();
