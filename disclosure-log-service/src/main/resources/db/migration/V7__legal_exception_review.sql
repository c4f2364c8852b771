-- The review that closes a use on an APPI Art. 27(1) ground (legal_exception_use, V2). consent-service records such a
-- use as needing review; a privacy officer reviews it here, once: the review is a row of its own beside the use,
-- which stays as it was recorded (the register is append-only).
create table legal_exception_review (
    use_id       uuid           primary key references legal_exception_use (use_id),
    -- upheld: the ground applied and the use stands; not-upheld: it did not, and remediation says what was done
    outcome      varchar(16)    not null check (outcome in ('upheld', 'not-upheld')),
    remediation  varchar(4000),
    note         varchar(4000)  not null,
    reviewed_by  varchar(128)   not null,
    reviewed_at  timestamptz    not null,
    check ((outcome = 'not-upheld') = (remediation is not null))
);

-- The open ones are read by the uses left without a review, newest first (legal_exception_use_decided, V2).

grant select, insert on legal_exception_review to ${app_role};

-- A review is evidence of how the company answered for a use without consent: nobody rewrites or removes it.
create trigger legal_exception_review_append_only before update or delete on legal_exception_review
    for each row execute function refuse_change();
create trigger legal_exception_review_no_truncate before truncate on legal_exception_review
    for each statement execute function refuse_change();
