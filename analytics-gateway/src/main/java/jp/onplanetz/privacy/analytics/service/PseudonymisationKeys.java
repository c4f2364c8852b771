package jp.onplanetz.privacy.analytics.service;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import jp.onplanetz.privacy.analytics.anonymisation.KeyRing;
import jp.onplanetz.privacy.analytics.anonymisation.PseudonymKey;
import jp.onplanetz.privacy.analytics.anonymisation.Pseudonymiser;
import jp.onplanetz.privacy.analytics.config.AnalyticsConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

/**
 * The pseudonymisation key ring, read at startup from a file outside the database (production mounts a Secret):
 * a gateway that cannot pseudonymise must not start taking events. One {@code <version>:<base64 secret>} a line,
 * {@code #} comments; the highest version is current, the others are retired but kept for lookups. Rotation is a
 * new line with a higher version and a restart (see {@link KeyRing} for when an old line may go).
 */
@Singleton
@Startup
public class PseudonymisationKeys {

    private static final String SETTING = "privacyops.analytics.pseudonym-keys.location";

    private final KeyRing ring;
    private final Pseudonymiser pseudonymiser;

    public PseudonymisationKeys(AnalyticsConfig config) {
        this.ring = loadOrCreate(config.pseudonymKeys().location(), config.pseudonymKeys().generateIfMissing());
        this.pseudonymiser = new Pseudonymiser(ring);
        Log.infof("Pseudonymisation keys loaded: %s", ring);
    }

    public Pseudonymiser pseudonymiser() {
        return pseudonymiser;
    }

    public int currentVersion() {
        return ring.current().version();
    }

    static KeyRing loadOrCreate(Path location, boolean generateIfMissing) {
        try {
            try {
                return read(location);
            } catch (NoSuchFileException missing) {
                if (!generateIfMissing) {
                    throw new IllegalStateException("No pseudonymisation keys at " + location.toAbsolutePath() + " ("
                            + SETTING + "): mount them there, or for a local run allow generating them");
                }
                return create(location);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the pseudonymisation keys " + location.toAbsolutePath()
                    + " (" + SETTING + "): " + e.getMessage(), e);
        }
    }

    /** Like KeyPairFile: owner-only temp file, published by a hard link so that two starting instances agree. */
    private static KeyRing create(Path location) throws IOException {
        Path dir = location.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        byte[] secret = new byte[PseudonymKey.MINIMUM_SECRET_BYTES];
        new SecureRandom().nextBytes(secret);
        Path temp = Files.createTempFile(dir, location.getFileName() + ".", ".tmp");
        try {
            Files.writeString(temp, "# version:base64 secret; the highest version is current\n1:"
                    + Base64.getEncoder().encodeToString(secret) + "\n", StandardCharsets.US_ASCII);
            Files.createLink(location, temp);
            Log.warnf("Generated a new pseudonymisation key at %s", location.toAbsolutePath());
        } catch (FileAlreadyExistsException raced) {
            // another instance published its key first: use that one
        } finally {
            Files.deleteIfExists(temp);
        }
        return read(location);
    }

    private static KeyRing read(Path location) throws IOException {
        List<PseudonymKey> keys = new ArrayList<>();
        int lineNumber = 0;
        for (String line : Files.readAllLines(location, StandardCharsets.US_ASCII)) {
            lineNumber++;
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            int colon = text.indexOf(':');
            try {
                // the line itself is never in the message: it holds a secret
                keys.add(new PseudonymKey(Integer.parseInt(text.substring(0, colon)),
                        Base64.getDecoder().decode(text.substring(colon + 1))));
            } catch (RuntimeException e) {
                throw new IllegalStateException("line " + lineNumber + " of " + location.toAbsolutePath()
                        + " is not <version>:<base64 secret of at least " + PseudonymKey.MINIMUM_SECRET_BYTES
                        + " bytes>");
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException("no pseudonymisation key in " + location.toAbsolutePath());
        }
        keys.sort(Comparator.comparingInt(PseudonymKey::version));
        PseudonymKey current = keys.remove(keys.size() - 1);
        return new KeyRing(current, keys);
    }
}
