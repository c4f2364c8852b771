package jp.onplanetz.privacy.benchmarks.support;

import jp.onplanetz.privacy.localstack.LocalStack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The benchmarks' own look into the stack's PostgreSQL: as its superuser, beside the services' roles. */
public final class StackDatabase {

    private StackDatabase() {
    }

    public static Connection superuser(LocalStack stack, String database) throws SQLException {
        return DriverManager.getConnection(stack.postgres().jdbcUrl(database), "postgres", "postgres");
    }

    /** The first column of a query's one row. */
    public static long single(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
