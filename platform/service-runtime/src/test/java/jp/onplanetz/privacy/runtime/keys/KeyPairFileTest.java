package jp.onplanetz.privacy.runtime.keys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The key file as a service loads it at startup: created once, read the same ever after, refused when broken. */
class KeyPairFileTest {

    @TempDir
    Path dir;

    @Test
    void aGeneratedKeyIsReadBackAsTheSamePair() {
        Path location = dir.resolve("keys/checkpoint.pem");
        KeyPair first = KeyPairFile.ed25519().loadOrCreate(location, true, "some.setting");
        KeyPair again = KeyPairFile.ed25519().loadOrCreate(location, false, "some.setting");
        assertThat(again.getPublic().getEncoded()).isEqualTo(first.getPublic().getEncoded());
        assertThat(again.getPrivate().getEncoded()).isEqualTo(first.getPrivate().getEncoded());
        assertThat(first.getPublic().getAlgorithm()).isIn("Ed25519", "EdDSA");
    }

    @Test
    void aMissingKeyIsAnErrorNamingTheSettingUnlessGenerationIsAllowed() {
        Path location = dir.resolve("absent.pem");
        assertThatThrownBy(() -> KeyPairFile.ed25519().loadOrCreate(location, false, "privacyops.some.key-location"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("privacyops.some.key-location").hasMessageContaining(location.toString());
        assertThat(location).doesNotExist();
    }

    @Test
    void halvesOfTwoDifferentKeysAreRefused() throws Exception {
        Path a = dir.resolve("a.pem");
        Path b = dir.resolve("b.pem");
        KeyPairFile.ed25519().loadOrCreate(a, true, "s");
        KeyPairFile.ed25519().loadOrCreate(b, true, "s");
        String privateOfA = Files.readString(a).split("(?=-----BEGIN PUBLIC KEY-----)")[0];
        String publicOfB = Files.readString(b).split("(?=-----BEGIN PUBLIC KEY-----)")[1];
        Path mixed = dir.resolve("mixed.pem");
        Files.writeString(mixed, privateOfA + publicOfB);
        assertThatThrownBy(() -> KeyPairFile.ed25519().loadOrCreate(mixed, false, "s"))
                .hasMessageContaining("not the public half");
    }

    @Test
    void aFileWithoutItsBlocksIsRefused() throws Exception {
        Path broken = dir.resolve("broken.pem");
        Files.writeString(broken, "not a key\n");
        assertThatThrownBy(() -> KeyPairFile.ed25519().loadOrCreate(broken, true, "s"))
                .hasMessageContaining("no PRIVATE KEY block");
    }
}
