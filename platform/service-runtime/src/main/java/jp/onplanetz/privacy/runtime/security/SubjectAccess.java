package jp.onplanetz.privacy.runtime.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jp.onplanetz.privacy.runtime.problem.ProblemException;

/**
 * The rule that a data subject reaches only its own data: the token's {@code sub} is the subject's opaque
 * id. Callers with any other role allowed on the endpoint act on behalf of the company and pass.
 */
@RequestScoped
public class SubjectAccess {

    private final SecurityIdentity identity;

    public SubjectAccess(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** @throws ProblemException 403 if the caller is only a data subject and {@code subjectId} is not its own */
    public void requireAccessTo(String subjectId) {
        if (actsOnlyAsSubject() && !callerId().equals(subjectId)) {
            throw ProblemException.forbidden("A data subject may reach only its own data.");
        }
    }

    /** True when the caller's only relevant role is data-subject. */
    public boolean actsOnlyAsSubject() {
        return identity.hasRole(Roles.DATA_SUBJECT) && !identity.hasRole(Roles.PRIVACY_OFFICER)
                && !identity.hasRole(Roles.OPERATOR) && identity.getRoles().stream().noneMatch(r -> r.startsWith("svc-"));
    }

    /** The token's subject: a data subject's id, or a person's or service account's id. */
    public String callerId() {
        return identity.getPrincipal().getName();
    }
}
