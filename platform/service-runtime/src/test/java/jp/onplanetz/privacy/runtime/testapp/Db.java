package jp.onplanetz.privacy.runtime.testapp;

import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;

import java.sql.Connection;
import java.sql.SQLException;

/** The test application's database, read outside the application. */
public final class Db {
    private Db() {
    }

    public static Connection connect() throws SQLException {
        return ServiceDb.connect(ServiceDatabases.PLATFORM_TEST);
    }

    public static long count(String sql) {
        return ServiceDb.count(ServiceDatabases.PLATFORM_TEST, sql);
    }
}
