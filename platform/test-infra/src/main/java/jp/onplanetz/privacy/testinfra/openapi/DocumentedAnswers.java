package jp.onplanetz.privacy.testinfra.openapi;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.List;

/**
 * Holds every answer a service's REST tests receive to that service's own OpenAPI document: a success status the
 * operation does not document, or a JSON body its documented schema refuses, fails the test that received it. So
 * every existing and future REST test checks the document against what the code really answers.
 *
 * <p>Registered for every test by JUnit's extension auto-detection (the services' Surefire configuration turns it on).
 * A {@code @QuarkusTest} class runs in Quarkus' own class loader, with its own copy of REST Assured, while this module
 * is loaded parent-first: the REST Assured filter is therefore a proxy of the test's own {@code Filter} interface,
 * installed into the test's own copy, and it reads the request and answer reflectively.
 */
public final class DocumentedAnswers implements BeforeEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        ClassLoader loader = context.getRequiredTestInstance().getClass().getClassLoader();
        Class<?> restAssured;
        Class<?> filter;
        try {
            restAssured = Class.forName("io.restassured.RestAssured", true, loader);
            filter = Class.forName("io.restassured.filter.Filter", true, loader);
        } catch (ClassNotFoundException e) {
            return; // a test without REST Assured
        }
        synchronized (DocumentedAnswers.class) {
            List<?> filters = (List<?>) restAssured.getMethod("filters").invoke(null);
            boolean present = filters.stream().anyMatch(f -> Proxy.isProxyClass(f.getClass())
                    && Proxy.getInvocationHandler(f) instanceof Check);
            if (present) {
                return;
            }
            Object proxy = Proxy.newProxyInstance(loader, new Class<?>[]{filter}, new Check());
            Object array = java.lang.reflect.Array.newInstance(filter, 0);
            restAssured.getMethod("filters", filter, array.getClass()).invoke(null, proxy, array);
        }
    }

    /** {@code Filter.filter(requestSpec, responseSpec, ctx)}: lets the request through, then judges the answer. */
    private static final class Check implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "filter":
                    return filter(args[0], args[1], args[2]);
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                case "toString":
                    return "DocumentedAnswers";
                default:
                    throw new UnsupportedOperationException(method.getName());
            }
        }

        private static Object filter(Object request, Object responseSpec, Object context) throws Throwable {
            Object response = call(context, "next", request, responseSpec);
            String method = (String) call(request, "getMethod");
            URI uri = URI.create((String) call(request, "getURI"));
            int status = (Integer) call(response, "statusCode");
            String contentType = (String) call(response, "getContentType");
            String body = (String) call(response, "asString");
            String base = uri.getScheme() + "://" + uri.getAuthority();
            List<String> wrong = OpenApiDocument.of(base).check(method, uri.getRawPath(), status, contentType, body);
            if (!wrong.isEmpty()) {
                throw new AssertionError("The answer is not as the service's OpenAPI document says:\n  - "
                        + String.join("\n  - ", wrong));
            }
            return response;
        }

        private static Object call(Object target, String name, Object... args) throws Throwable {
            for (Class<?> type : interfacesOf(target.getClass())) {
                for (Method m : type.getMethods()) {
                    if (m.getName().equals(name) && m.getParameterCount() == args.length) {
                        try {
                            return m.invoke(target, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }
                }
            }
            throw new IllegalStateException("no public " + name + " on " + target.getClass());
        }

        /** Public interfaces first: the implementation classes of REST Assured are not all public. */
        private static List<Class<?>> interfacesOf(Class<?> type) {
            java.util.ArrayList<Class<?>> all = new java.util.ArrayList<>();
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                for (Class<?> i : c.getInterfaces()) {
                    collect(i, all);
                }
            }
            all.add(type);
            return all;
        }

        private static void collect(Class<?> i, List<Class<?>> all) {
            if (!all.contains(i)) {
                all.add(i);
                for (Class<?> parent : i.getInterfaces()) {
                    collect(parent, all);
                }
            }
        }
    }
}
