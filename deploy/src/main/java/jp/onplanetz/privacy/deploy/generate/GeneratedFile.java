package jp.onplanetz.privacy.deploy.generate;

import java.nio.file.Path;

/**
 * One file of {@code deploy/} that is made from the code, never edited by hand.
 *
 * @param path    relative to the {@code deploy/} directory
 * @param content the whole file, as committed
 */
public record GeneratedFile(Path path, String content) {
}
