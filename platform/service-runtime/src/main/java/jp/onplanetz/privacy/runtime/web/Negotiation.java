package jp.onplanetz.privacy.runtime.web;

import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * Which of an endpoint's representations a caller gets, for endpoints that answer one resource in several media types
 * from one method. The caller's acceptable types are read in its order of preference, and the first that allows one
 * of the offered types decides; among the types it allows, the endpoint's own order decides. So the endpoint's first
 * type is what {@code *}{@code /*} (or no Accept header) gets: JSON for an export, Markdown for a notice that a
 * browser opens. None allowed: 406, a problem+json like every refusal.
 */
public final class Negotiation {

    private Negotiation() {
    }

    /** The offered type the caller prefers; {@link NotAcceptableException} when it accepts none of them. */
    public static MediaType choose(HttpHeaders headers, List<MediaType> offered) {
        for (MediaType wanted : headers.getAcceptableMediaTypes()) {
            for (MediaType type : offered) {
                if (wanted.isCompatible(type)) {
                    return type;
                }
            }
        }
        throw new NotAcceptableException();
    }
}
