-- Art. 7 of the policy of 2018-10-05 (shared/policy/privacy-policy.txt), "Information gathering module": the site
-- incorporates Google Analytics, which may give user information to its provider. The seeded recipient
-- google-analytics gets the facts the published notice of external transmissions states (what is sent, what for,
-- the provider's privacy policy, how to opt out), as data a privacy officer maintains from then on
-- (PUT /api/v1/policy/draft/recipients/google-analytics).
--
-- Written into the draft: on a new database the first start publishes it as version 1 with the rest of the seed;
-- where a version is published already, an officer publishes the draft (a notice-only change). Only a
-- google-analytics recipient still in the draft and without these facts is touched.
update policy_draft
set content = jsonb_set(content::jsonb, '{recipients}', (
        select jsonb_agg(case
                   when r ->> 'code' = 'google-analytics' and r -> 'externalTransmission' is null
                   then r || jsonb_build_object('externalTransmission', jsonb_build_object(
                       'module', 'Google Analytics',
                       'purpose', 'To analyse how our site is browsed (the pages viewed) and the effect of advertisements, including those'
                           || ' on our site. The provider receives the information without what identifies a person'
                           || ' and handles it under its own privacy policy.',
                       'categories', jsonb_build_array('cookie.anonymous-id', 'log.ip-address',
                           'log.operation-history', 'terminal.device-id'),
                       'privacyPolicy', 'http://www.google.com/intl/ja/policies/privacy/',
                       'optOut', 'Do not give, or withdraw, your consent to "Third parties analyse the effect of'
                           || ' advertisements" for Google Analytics in our site''s consent settings; or install'
                           || ' Google''s opt-out browser add-on (https://tools.google.com/dlpage/gaoptout); or refuse'
                           || ' cookies in your browser''s settings (some of our site may then not be available).',
                       'policyRef', 'Art. 7'))
                   else r end order by ord)
        from jsonb_array_elements(content::jsonb -> 'recipients') with ordinality as e(r, ord)))::text,
    updated_at = now(),
    updated_by = 'policy-seed'
where id = 1
  and exists (select 1 from jsonb_array_elements(content::jsonb -> 'recipients') r
              where r ->> 'code' = 'google-analytics' and r -> 'externalTransmission' is null);
