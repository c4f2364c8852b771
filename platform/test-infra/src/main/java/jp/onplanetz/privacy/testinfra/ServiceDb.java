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
        return ((Number) single(db, sql, params)).longValue();
    }

    /**
     * The one value the query's first row holds.
     *
     * @throws IllegalStateException when there is no row
     */
    public static Object single(ServiceDatabases.ServiceDatabase db, String sql, Object... params) {
        try (Connection c = connect(db); PreparedStatement ps = bind(c.prepareStatement(sql), params);
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("no row for: " + sql);
            }
            return rs.getObject(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a change behind the application's back (to stage a state a test needs); returns the rows changed. */
    public static int update(ServiceDatabases.ServiceDatabase db, String sql, Object... params) {
        try (Connection c = connect(db); PreparedStatement ps = bind(c.prepareStatement(sql), params)) {
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PreparedStatement bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
        return ps;
    }
}
