package org.datarecall.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * The suite shares one database: mail other test classes left queued would go to whatever SMTP
 * server the current class runs (and cost a connection each). Parking it lets a class see only its own.
 */
public final class QueuedMail {

    private QueuedMail() {
    }

    /** Moves every queued mail's next attempt to infinity. */
    /** How many of a campaign's notices meet a condition (SQL over dr_notice). */
    public static long count(DataSource dataSource, String campaign, String condition) throws SQLException {
        try (java.sql.Connection con = dataSource.getConnection();
                java.sql.PreparedStatement ps = con.prepareStatement(
                        "SELECT count(*) FROM dr_notice WHERE campaign_id = ?::uuid AND " + condition)) {
            ps.setString(1, campaign);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public static void parkAll(DataSource dataSource) throws SQLException {
        try (Connection con = dataSource.getConnection();
                PreparedStatement ps = con.prepareStatement(
                        "UPDATE dr_notice SET next_attempt_at = 'infinity' WHERE status = 'QUEUED'")) {
            ps.executeUpdate();
        }
    }
}
