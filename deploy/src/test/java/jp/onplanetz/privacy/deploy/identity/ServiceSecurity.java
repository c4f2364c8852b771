package jp.onplanetz.privacy.deploy.identity;

import jp.onplanetz.privacy.deploy.render.Kustomize;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the four services' compiled code says about security: the roles each endpoint allows, the roles checked in
 * code, the calls each service makes to another with its own token, and its OIDC settings. Read from the class
 * files the reactor built before this module (ASM reads them without loading a Quarkus app).
 *
 * @param services     the services, by {@code quarkus.application.name}
 * @param roleChecks   roles tested in code ({@code SecurityIdentity.hasRole}, {@code SecurityContext.isUserInRole}),
 *                     in the services and in platform/service-runtime, which every service runs
 * @param dynamicRoleChecks where a role is tested with a value that is not a constant: unknowable here, so an error
 * @param audience     {@code quarkus.oidc.token.audience}: every token must carry it
 */
record ServiceSecurity(List<Service> services, List<RoleCheck> roleChecks, List<String> dynamicRoleChecks,
                       String audience) {

    /** The services' Maven modules, relative to the repository. */
    static final List<String> MODULES = List.of("consent-service", "disclosure-log-service", "data-request-service",
            "analytics-gateway");
    static final String RUNTIME_MODULE = "platform/service-runtime";

    /**
     * @param name         {@code quarkus.application.name}
     * @param oidcClientId {@code quarkus.oidc-client.client-id}: the realm client the service takes tokens as
     */
    record Service(String name, String oidcClientId, List<Endpoint> endpoints, List<RestCall> calls) {
    }

    /** Who may call an endpoint: its method's annotation, else its class's, else nobody (deny-unannotated). */
    record Access(Kind kind, Set<String> roles) {
        enum Kind { ROLES, PERMIT_ALL, AUTHENTICATED, DENY_ALL, UNANNOTATED }

        static final Access UNANNOTATED = new Access(Kind.UNANNOTATED, Set.of());
    }

    record Endpoint(String where, String httpMethod, String path, Access access) {
        Endpoint withAccess(Access other) {
            return new Endpoint(where, httpMethod, path, other);
        }
    }

    /** A REST client method: a call to {@code target} (its configKey), with a token when {@code oidcFilter}. */
    record RestCall(String where, String target, boolean oidcFilter, String httpMethod, String path) {
    }

    record RoleCheck(String where, String role) {
    }

    Optional<Service> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Every role an endpoint allows or code checks. */
    Set<String> rolesInCode() {
        Set<String> roles = new LinkedHashSet<>();
        services.forEach(s -> s.endpoints().forEach(e -> roles.addAll(e.access().roles())));
        roleChecks.forEach(c -> roles.add(c.role()));
        return roles;
    }

    /** The same code with one role renamed everywhere: what a rename in the code alone would look like. */
    ServiceSecurity withRoleRenamed(String from, String to) {
        UnaryOperator<Set<String>> rename = roles -> roles.stream().map(r -> r.equals(from) ? to : r)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        List<Service> renamed = services.stream().map(s -> new Service(s.name(), s.oidcClientId(),
                s.endpoints().stream().map(e -> e.withAccess(new Access(e.access().kind(), rename.apply(e.access().roles()))))
                        .toList(), s.calls())).toList();
        List<RoleCheck> checks = roleChecks.stream()
                .map(c -> new RoleCheck(c.where(), c.role().equals(from) ? to : c.role())).toList();
        return new ServiceSecurity(renamed, checks, dynamicRoleChecks, audience);
    }

    private static ServiceSecurity scanned;

    /** The services as built in this reactor; a missing build output fails (these proofs are never skipped). */
    static synchronized ServiceSecurity scan() {
        if (scanned == null) {
            Path repository = Kustomize.deployDir().getParent();
            Properties runtimeDefaults = properties(repository.resolve(RUNTIME_MODULE)
                    .resolve("target/classes/META-INF/microprofile-config.properties"));
            List<Service> services = new ArrayList<>();
            List<RoleCheck> checks = new ArrayList<>();
            List<String> dynamic = new ArrayList<>();
            for (String module : MODULES) {
                Path classes = classesOf(repository.resolve(module));
                Config config = new Config(runtimeDefaults, properties(classes.resolve("application.properties")));
                Scan scan = Scan.of(classes);
                services.add(new Service(config.get("quarkus.application.name"),
                        config.get("quarkus.oidc-client.client-id"), scan.endpoints, scan.calls));
                checks.addAll(scan.roleChecks);
                dynamic.addAll(scan.dynamicRoleChecks);
            }
            Scan runtime = Scan.of(classesOf(repository.resolve(RUNTIME_MODULE)));
            checks.addAll(runtime.roleChecks);
            dynamic.addAll(runtime.dynamicRoleChecks);
            if (!runtime.endpoints.isEmpty()) {
                throw new IllegalStateException("service-runtime declares endpoints; say which service serves them");
            }
            String audience = new Config(runtimeDefaults, new Properties()).get("quarkus.oidc.token.audience");
            scanned = new ServiceSecurity(List.copyOf(services), List.copyOf(checks), List.copyOf(dynamic), audience);
        }
        return scanned;
    }

    private static Path classesOf(Path module) {
        Path classes = module.resolve("target/classes");
        if (!Files.isDirectory(classes)) {
            throw new IllegalStateException(classes + " is missing: build the services first (-am)");
        }
        return classes;
    }

    private static Properties properties(Path file) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(file + " is missing: build the services first (-am)", e);
        }
        return properties;
    }

    /**
     * A service's configuration as it runs in prod: its application.properties over service-runtime's defaults, a
     * {@code %prod.} key over the plain one, {@code ${key}} expanded.
     */
    private record Config(Properties defaults, Properties service) {
        String get(String key) {
            String value = Stream.of(service.getProperty("%prod." + key), service.getProperty(key),
                            defaults.getProperty("%prod." + key), defaults.getProperty(key))
                    .filter(v -> v != null).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + key + " in the services' configuration"));
            var expression = java.util.regex.Pattern.compile("\\$\\{([^}:]+)}").matcher(value);
            return expression.replaceAll(m -> java.util.regex.Matcher.quoteReplacement(get(m.group(1))));
        }
    }

    /** One module's class files. */
    private static final class Scan {
        private static final String PATH = "Ljakarta/ws/rs/Path;";
        private static final String ROLES_ALLOWED = "Ljakarta/annotation/security/RolesAllowed;";
        private static final String PERMIT_ALL = "Ljakarta/annotation/security/PermitAll;";
        private static final String DENY_ALL = "Ljakarta/annotation/security/DenyAll;";
        private static final String AUTHENTICATED = "Lio/quarkus/security/Authenticated;";
        private static final String REST_CLIENT = "Lorg/eclipse/microprofile/rest/client/inject/RegisterRestClient;";
        private static final String OIDC_CLIENT_FILTER = "Lio/quarkus/oidc/client/filter/OidcClientFilter;";
        private static final Set<String> HTTP_METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD",
                "OPTIONS");
        /** Owner and name of the methods that test a role given as their one String argument. */
        private static final Set<String> ROLE_TESTS = Set.of(
                "io/quarkus/security/identity/SecurityIdentity.hasRole",
                "jakarta/ws/rs/core/SecurityContext.isUserInRole");

        final List<Endpoint> endpoints = new ArrayList<>();
        final List<RestCall> calls = new ArrayList<>();
        final List<RoleCheck> roleChecks = new ArrayList<>();
        final List<String> dynamicRoleChecks = new ArrayList<>();

        static Scan of(Path classes) {
            Scan scan = new Scan();
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                    scan.read(Files.readAllBytes(file));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return scan;
        }

        /** The annotations of a class or a method that matter here. */
        private static final class Annotations {
            final Map<String, List<String>> values = new LinkedHashMap<>();

            AnnotationVisitor visitor(String descriptor) {
                List<String> collected = values.computeIfAbsent(descriptor, d -> new ArrayList<>());
                return new AnnotationVisitor(Opcodes.ASM9) {
                    @Override
                    public void visit(String name, Object value) {
                        collected.add(name + "=" + value);
                    }

                    @Override
                    public AnnotationVisitor visitArray(String name) {
                        return new AnnotationVisitor(Opcodes.ASM9) {
                            @Override
                            public void visit(String ignored, Object value) {
                                collected.add(name + "=" + value);
                            }
                        };
                    }
                };
            }

            boolean has(String descriptor) {
                return values.containsKey(descriptor);
            }

            List<String> all(String descriptor, String attribute) {
                return values.getOrDefault(descriptor, List.of()).stream().filter(v -> v.startsWith(attribute + "="))
                        .map(v -> v.substring(attribute.length() + 1)).toList();
            }

            Optional<String> one(String descriptor, String attribute) {
                return all(descriptor, attribute).stream().findFirst();
            }

            Optional<String> httpMethod() {
                return HTTP_METHODS.stream().filter(m -> has("Ljakarta/ws/rs/" + m + ";")).findFirst();
            }

            Optional<Access> access() {
                if (has(ROLES_ALLOWED)) {
                    return Optional.of(new Access(Access.Kind.ROLES, new LinkedHashSet<>(all(ROLES_ALLOWED, "value"))));
                }
                if (has(DENY_ALL)) {
                    return Optional.of(new Access(Access.Kind.DENY_ALL, Set.of()));
                }
                if (has(PERMIT_ALL)) {
                    return Optional.of(new Access(Access.Kind.PERMIT_ALL, Set.of()));
                }
                if (has(AUTHENTICATED)) {
                    return Optional.of(new Access(Access.Kind.AUTHENTICATED, Set.of()));
                }
                return Optional.empty();
            }
        }

        private record Method(String name, Annotations annotations) {
        }

        private void read(byte[] bytes) {
            Annotations type = new Annotations();
            List<Method> methods = new ArrayList<>();
            String[] className = new String[1];
            new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public void visit(int version, int access, String name, String signature, String superName,
                                  String[] interfaces) {
                    className[0] = name.replace('/', '.');
                }

                @Override
                public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
                    return type.visitor(descriptor);
                }

                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                 String[] exceptions) {
                    Method method = new Method(name, new Annotations());
                    methods.add(method);
                    return new RoleCheckFinder(className[0] + "." + name, method.annotations());
                }
            }, ClassReader.SKIP_FRAMES);

            String where = className[0];
            boolean restClient = type.has(REST_CLIENT);
            for (Method method : methods) {
                Optional<String> httpMethod = method.annotations().httpMethod();
                if (httpMethod.isEmpty()) {
                    continue;
                }
                String path = path(type.one(PATH, "value").orElse(""), method.annotations().one(PATH, "value").orElse(""));
                if (restClient) {
                    String target = type.one(REST_CLIENT, "configKey").orElseThrow(() ->
                            new IllegalStateException(where + ": a rest client without configKey names no service"));
                    calls.add(new RestCall(where + "." + method.name(), target,
                            type.has(OIDC_CLIENT_FILTER) || method.annotations().has(OIDC_CLIENT_FILTER),
                            httpMethod.get(), path));
                } else {
                    Access access = method.annotations().access().or(type::access).orElse(Access.UNANNOTATED);
                    endpoints.add(new Endpoint(where + "." + method.name(), httpMethod.get(), path, access));
                }
            }
        }

        /** Collects a method's annotations, and every role it tests with a constant (the compiler inlines those). */
        private final class RoleCheckFinder extends MethodVisitor {
            private final String where;
            private final Annotations annotations;
            private String lastConstant;

            RoleCheckFinder(String where, Annotations annotations) {
                super(Opcodes.ASM9);
                this.where = where;
                this.annotations = annotations;
            }

            @Override
            public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
                return annotations.visitor(descriptor);
            }

            @Override
            public void visitLdcInsn(Object value) {
                lastConstant = value instanceof String s ? s : null;
            }

            @Override
            public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
                if (ROLE_TESTS.contains(owner + "." + name) && descriptor.equals("(Ljava/lang/String;)Z")) {
                    if (lastConstant != null) {
                        roleChecks.add(new RoleCheck(where, lastConstant));
                    } else {
                        dynamicRoleChecks.add(where);
                    }
                }
                lastConstant = null;
            }

            // Any other instruction between the constant and the call means the argument is not that constant.
            @Override
            public void visitInsn(int opcode) {
                lastConstant = null;
            }

            @Override
            public void visitIntInsn(int opcode, int operand) {
                lastConstant = null;
            }

            @Override
            public void visitVarInsn(int opcode, int varIndex) {
                lastConstant = null;
            }

            @Override
            public void visitTypeInsn(int opcode, String type) {
                lastConstant = null;
            }

            @Override
            public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
                lastConstant = null;
            }

            @Override
            public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
                lastConstant = null;
            }

            @Override
            public void visitJumpInsn(int opcode, Label label) {
                lastConstant = null;
            }

            @Override
            public void visitIincInsn(int varIndex, int increment) {
                lastConstant = null;
            }

            @Override
            public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
                lastConstant = null;
            }

            @Override
            public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
                lastConstant = null;
            }

            @Override
            public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
                lastConstant = null;
            }
        }

        /** A JAX-RS path as one template: "/a/{id}/b", whatever the parameters are named or constrained to. */
        static String path(String typePath, String methodPath) {
            String joined = ("/" + typePath + "/" + methodPath).replaceAll("\\{[^}]*}", "{}").replaceAll("/+", "/");
            return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
        }
    }
}
