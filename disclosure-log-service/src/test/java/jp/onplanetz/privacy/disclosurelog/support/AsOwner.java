package jp.onplanetz.privacy.disclosurelog.support;

import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/** What someone holding the database owner's password can do to the ledger: change rows past its triggers. */
public final class AsOwner {

    private AsOwner() {
    }

    /**
     * One statement with {@code table}'s append-only triggers off for its own transaction only; returns the rows it
     * changed.
     */
    public static int pastTriggers(ServiceDatabases.ServiceDatabase db, String table, String sql, Object... params)
            throws SQLException {
        try (Connection c = ServiceDb.connect(db)) {
            c.setAutoCommit(false);
            int changed;
            try (Statement st = c.createStatement()) {
                st.execute("alter table " + table + " disable trigger user");
            }
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                changed = ps.executeUpdate();
            }
            try (Statement st = c.createStatement()) {
                st.execute("alter table " + table + " enable trigger user");
            }
            c.commit();
            return changed;
        }
    }
}
