package jp.onplanetz.privacy.runtime.testapp;

import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.SuiteInfrastructure;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Plain JDBC to the test database, outside the application: what is really committed. */
public final class Db {
    private Db() {
    }

    public static Connection connect() throws SQLException {
        var db = ServiceDatabases.PLATFORM_TEST;
        return DriverManager.getConnection(SuiteInfrastructure.get().postgres().jdbcUrl(db.database()), db.role(),
                db.password());
    }

    public static long count(String sql) {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
