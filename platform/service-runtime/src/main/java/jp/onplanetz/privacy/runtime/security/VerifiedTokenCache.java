package jp.onplanetz.privacy.runtime.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Remembers for a short while the identity quarkus-oidc made from a bearer token, so that the same token sent again
 * is not parsed and verified again. Services keep one access token for minutes and call many times a second with
 * it; on a busy service, verifying each (parsing the JWT twice, the RSA signature, the claims, building the
 * identity) cost about a quarter of its CPU.
 * <p>
 * Safety rests on three things. The key is the whole token string, so a token differing in any byte (another
 * signature, another claim) is a miss and goes through quarkus-oidc. Only identities quarkus-oidc made are
 * remembered (the augmentor below sees them before any other augmentor; cached copies carry a mark and are never
 * stored again). An entry is dropped at the token's {@code exp} and at the latest after {@code ttl}: a signed JWT is
 * not revocable anyway, and the only verdict that can change before {@code exp} is the signing key's removal from
 * the issuer's JWKS, which a cached token outlives by at most {@code ttl}.
 * <p>
 * A cached identity is copied for each request with that request's own routing context and blocking-API
 * attributes, never another request's. One bean is both the provider (tried before quarkus-oidc's) and the
 * augmentor (run before any other): both roles want the highest priority. {@code ttl} 0 turns it off.
 */
@ApplicationScoped
public class VerifiedTokenCache implements IdentityProvider<TokenAuthenticationRequest>, SecurityIdentityAugmentor {

    /** Attribute marking an identity taken from this cache, so that the augmentor does not store it again. */
    static final String FROM_CACHE = "privacyops.verified-token-cache.hit";

    /** Attributes that belong to one request and so are neither kept nor handed to another. */
    private static final Set<String> PER_REQUEST = Set.of(RoutingContext.class.getName(),
            AuthenticationRequestContext.class.getName(), FROM_CACHE);

    private record Entry(SecurityIdentity identity, long expiresAtMillis) {
    }

    private final Cache<String, Entry> verified;
    private final Clock clock;

    @Inject
    public VerifiedTokenCache(VerifiedTokensConfig config, MeterRegistry meters) {
        this(config.ttl(), config.maxSize(), meters, Clock.systemUTC());
    }

    VerifiedTokenCache(Duration ttl, long maxSize, MeterRegistry meters, Clock clock) {
        this.clock = clock;
        if (ttl.isZero() || ttl.isNegative()) {
            this.verified = null;
            return;
        }
        long ttlNanos = ttl.toNanos();
        this.verified = Caffeine.newBuilder().maximumSize(maxSize).recordStats()
                .expireAfter(new Expiry<String, Entry>() {
                    @Override
                    public long expireAfterCreate(String token, Entry entry, long now) {
                        long untilExp = Duration.ofMillis(entry.expiresAtMillis() - clock.millis()).toNanos();
                        return Math.max(0, Math.min(ttlNanos, untilExp));
                    }

                    @Override
                    public long expireAfterUpdate(String token, Entry entry, long now, long remaining) {
                        return expireAfterCreate(token, entry, now);
                    }

                    @Override
                    public long expireAfterRead(String token, Entry entry, long now, long remaining) {
                        return remaining;
                    }
                }).build();
        CaffeineCacheMetrics.monitor(meters, verified, "verified_tokens");
    }

    /** Tried before quarkus-oidc, remembered before any other augmentor runs. */
    @Override
    public int priority() {
        return Integer.MAX_VALUE;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** A hit: the remembered identity, with this request's own attributes. A miss: null, so quarkus-oidc verifies. */
    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        if (verified == null || !(request.getToken() instanceof AccessTokenCredential token)) {
            return Uni.createFrom().nullItem();
        }
        Entry entry = verified.getIfPresent(token.getToken());
        // Caffeine's expiry is checked on its own ticker; the token's exp is checked here as well, on the clock.
        if (entry == null || clock.millis() >= entry.expiresAtMillis()) {
            return Uni.createFrom().nullItem();
        }
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(FROM_CACHE, Boolean.TRUE);
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (routing != null) {
            attributes.put(RoutingContext.class.getName(), routing);
            Object blocking = routing.get(AuthenticationRequestContext.class.getName());
            if (blocking != null) {
                attributes.put(AuthenticationRequestContext.class.getName(), blocking);
            }
        }
        return Uni.createFrom().item(copy(entry.identity(), attributes));
    }

    /** Remembers an identity quarkus-oidc has just made from an access token; passes every identity on unchanged. */
    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (verified != null && !identity.isAnonymous() && identity.getAttribute(FROM_CACHE) == null
                && identity.getPrincipal() instanceof JsonWebToken jwt) {
            AccessTokenCredential token = identity.getCredential(AccessTokenCredential.class);
            long expiresAtMillis = jwt.getExpirationTime() * 1000;
            if (token != null && token.getToken() != null && expiresAtMillis > clock.millis()) {
                verified.put(token.getToken(), new Entry(copy(identity, Map.of()), expiresAtMillis));
            }
        }
        return Uni.createFrom().item(identity);
    }

    /** The identity without its per-request attributes, plus {@code attributes}. */
    private static SecurityIdentity copy(SecurityIdentity identity, Map<String, Object> attributes) {
        Map<String, Object> kept = new HashMap<>();
        identity.getAttributes().forEach((name, value) -> {
            if (!PER_REQUEST.contains(name)) {
                kept.put(name, value);
            }
        });
        kept.putAll(attributes);
        return QuarkusSecurityIdentity.builder().setPrincipal(identity.getPrincipal()).addRoles(identity.getRoles())
                .addCredentials(identity.getCredentials()).addPermissions(identity.getPermissions())
                .addAttributes(kept).build();
    }
}
