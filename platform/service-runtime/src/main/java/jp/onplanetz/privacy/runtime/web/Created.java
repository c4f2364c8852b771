package jp.onplanetz.privacy.runtime.web;

import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestResponse;

import java.net.URI;

/** {@code 201 Created} with the new resource in the body and where to read it again in {@code Location}. */
public final class Created {

    private Created() {
    }

    /** Made by a POST to a collection: the resource is the collection's URL followed by its id. */
    public static <T> RestResponse<T> inCollection(UriInfo uri, Object id, T body) {
        return at(uri.getAbsolutePathBuilder().path(String.valueOf(id)).build(), body);
    }

    /** The resource lives at {@code location}. */
    public static <T> RestResponse<T> at(URI location, T body) {
        return RestResponse.ResponseBuilder.create(RestResponse.Status.CREATED, body).location(location).build();
    }
}
