package jp.onplanetz.privacy.consent.receipt;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReceiptSigningKeyTest {

    @TempDir
    Path dir;

    // Repeated: a single round may not make both loaders find the file missing.
    @RepeatedTest(10)
    void twoInstancesStartingTogetherOnAMissingFileEndWithTheSameKey() throws Exception {
        Path location = dir.resolve("keys/receipt-signing-key.pem");
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<ReceiptSigningKey>> loaders = Stream.<Future<ReceiptSigningKey>>of(
                    pool.submit(() -> { start.await(); return TestReceiptConfig.generatedKeyAt(location); }),
                    pool.submit(() -> { start.await(); return TestReceiptConfig.generatedKeyAt(location); }))
                    .toList();
            start.countDown();
            String first = loaders.get(0).get(30, TimeUnit.SECONDS).kid();
            String second = loaders.get(1).get(30, TimeUnit.SECONDS).kid();

            assertThat(second).isEqualTo(first);
            assertThat(TestReceiptConfig.generatedKeyAt(location).kid()).as("after a restart").isEqualTo(first);
            try (Stream<Path> files = Files.list(location.getParent())) {
                assertThat(files).as("no temp file left behind").containsExactly(location);
            }
            if (Files.getFileStore(location).supportsFileAttributeView("posix")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(location))).isEqualTo("rw-------");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aMissingKeyWithoutGenerationStopsStartupNamingTheProperty() {
        Path location = dir.resolve("receipt-signing-key.pem");

        assertThatThrownBy(() -> new ReceiptSigningKey(new TestReceiptConfig(location, false)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("privacyops.consent.receipts.signing-key-location")
                .hasMessageContaining(location.toString());
        assertThat(location).doesNotExist();
    }

    @Test
    void theKeyIdIsTheRfc7638ThumbprintOfThePublicKey() throws Exception {
        ReceiptSigningKey key = TestReceiptConfig.generatedKeyAt(dir.resolve("key.pem"));
        @SuppressWarnings("unchecked")
        Map<String, Object> jwk = ((List<Map<String, Object>>) new ReceiptSigner(key).publishedKeys().get("keys")).get(0);

        // RFC 7638, 3.2: the required members of an EC key, in lexicographic order, no whitespace.
        Map<String, Object> required = new LinkedHashMap<>();
        required.put("crv", "P-256");
        required.put("kty", "EC");
        required.put("x", jwk.get("x"));
        required.put("y", jwk.get("y"));
        byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest(new ObjectMapper().writeValueAsString(required).getBytes(StandardCharsets.UTF_8));

        String thumbprint = Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        assertThat(key.kid()).isEqualTo(thumbprint);
        assertThat(jwk.get("kid")).isEqualTo(thumbprint);
    }

    @Test
    void aFileWhosePublicKeyIsNotThePrivateKeysHalfIsRejected() throws Exception {
        TestReceiptConfig.generatedKeyAt(dir.resolve("a.pem"));
        TestReceiptConfig.generatedKeyAt(dir.resolve("b.pem"));
        String a = Files.readString(dir.resolve("a.pem"));
        String b = Files.readString(dir.resolve("b.pem"));
        String begin = "-----BEGIN PUBLIC KEY-----";
        Path mixed = Files.writeString(dir.resolve("mixed.pem"),
                a.substring(0, a.indexOf(begin)) + b.substring(b.indexOf(begin)));

        assertThatThrownBy(() -> TestReceiptConfig.generatedKeyAt(mixed))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not the public half");
    }
}
