package jp.onplanetz.privacy.deploy.render;

import java.nio.file.Path;

/** The Kustomize overlays a platform team installs. */
public enum Overlay {
    /** One replica each, local secrets generated: a laptop cluster such as kind. */
    LOCAL("k8s/overlays/local"),
    /** What a company runs. */
    PROD("k8s/overlays/prod");

    private final String dir;

    Overlay(String dir) {
        this.dir = dir;
    }

    /** The overlay's directory, relative to {@code deploy/}. */
    public Path dir() {
        return Path.of(dir);
    }
}
