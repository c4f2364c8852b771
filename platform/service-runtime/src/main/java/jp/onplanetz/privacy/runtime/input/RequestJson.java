package jp.onplanetz.privacy.runtime.input;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * The JSON reader of request bodies: the application's strict mapper plus {@link TextRules} on every string.
 * Text rules apply to what callers send over HTTP only; events between the services are read with the
 * application's mapper, since a prose field (a note with a line break) legitimately travels inside them.
 */
@Provider
public class RequestJson implements ContextResolver<ObjectMapper> {

    private final ObjectMapper requests;

    public RequestJson(ObjectMapper application) {
        this.requests = application.copy()
                .registerModule(new SimpleModule("request-text").addDeserializer(String.class, new StrictTextDeserializer()));
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return requests;
    }
}
