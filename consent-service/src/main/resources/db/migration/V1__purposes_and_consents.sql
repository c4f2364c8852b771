-- The purposes of use announced in the privacy policy (Art. 3), as data. The full catalogue (categories,
-- recipients, DPV codes, policy versions) grows from here.
create table purpose (
    code         varchar(64)  primary key,
    name         varchar(200) not null,
    legal_basis  varchar(32)  not null check (legal_basis in ('consent', 'contract')),
    third_party  boolean      not null,
    policy_ref   varchar(64)  not null
);

insert into purpose (code, name, legal_basis, third_party, policy_ref) values
    ('service-provision',     'Providing, executing and improving our services',                      'contract', false, 'Art. 3(1)'),
    ('contact-support',       'Contacting users, reports and responses to inquiries',                 'contract', false, 'Art. 3(1)'),
    ('fraud-prevention',      'Preventing fraudulent requests; maintaining and protecting the site',  'contract', false, 'Art. 3(2)'),
    ('newsletter',            'Blogs, e-mail magazines and other information to users',               'consent',  false, 'Art. 3(2)'),
    ('attribute-suggestions', 'Suggestions of services according to user attributes',                'consent',  false, 'Art. 3(2)'),
    ('own-marketing',         'Marketing related to our company',                                     'consent',  false, 'Art. 3(2)'),
    ('third-party-ads',       'Third parties display advertisements tailored to users',               'consent',  true,  'Art. 3(3)'),
    ('third-party-ad-effect', 'Third parties analyse the effect of advertisements',                   'consent',  true,  'Art. 3(3)'),
    ('third-party-market',    'Third parties analyse markets and do marketing',                       'consent',  true,  'Art. 3(3)'),
    ('anonymised-statistics', 'Statistics made unidentifiable, provided to third parties',            'consent',  true,  'Art. 3(4)');

create table consent_record (
    id            uuid         primary key,
    subject_id    varchar(128) not null,
    purpose       varchar(64)  not null references purpose (code),
    recipient     varchar(64),
    method        varchar(32)  not null,
    granted_at    timestamptz  not null,
    expires_at    timestamptz,
    granted_by    varchar(128) not null,
    withdrawn_at  timestamptz,
    withdrawn_by  varchar(128),
    check ((withdrawn_at is null) = (withdrawn_by is null))
);

create index consent_record_subject on consent_record (subject_id, purpose);
