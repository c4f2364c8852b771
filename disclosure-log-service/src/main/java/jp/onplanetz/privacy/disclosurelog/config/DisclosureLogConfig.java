package jp.onplanetz.privacy.disclosurelog.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.ZoneId;

@ConfigMapping(prefix = "privacyops.disclosure-log")
public interface DisclosureLogConfig {

    /**
     * The calendar the register's dates (agreements, supervision checks) are kept in, and so what "today" is
     * when a date is refused as being in the future. Not the server's zone: a container in UTC would refuse a
     * check recorded on a Tokyo morning as dated tomorrow.
     */
    @WithDefault("Asia/Tokyo")
    ZoneId zone();
}
