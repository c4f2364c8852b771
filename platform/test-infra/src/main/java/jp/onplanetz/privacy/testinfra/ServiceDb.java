package jp.onplanetz.privacy.testinfra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Plain JDBC to a service's database, outside the application: what is really committed. */
public final class ServiceDb {
    private ServiceDb() {
    }

    public static Connection connect(ServiceDatabases.ServiceDatabase db) throws SQLException {
        return DriverManager.getConnection(SuiteInfrastructure.get().postgres().jdbcUrl(db.database()), db.role(),
                db.password());
    }

    /** The single number a counting query returns, with {@code ?} parameters bound in order. */
    public static long count(ServiceDatabases.ServiceDatabase db, String sql, Object... params) {
        try (Connection c = connect(db); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
