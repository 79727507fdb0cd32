package org.datarecall.notice;

import javax.sql.DataSource;

import org.datarecall.sweep.Sweep;
import org.datarecall.testing.QueuedMail;
import org.junit.jupiter.api.BeforeEach;

import jakarta.inject.Inject;

/**
 * A test against the misbehaving SMTP server: the sweep and the sender on demand, other tests' mail
 * parked so that each test sends only its own, and counts of a campaign's notices.
 */
abstract class MisbehavingServerTest {

    @Inject
    Sweep sweep;

    @Inject
    OutboxSender sender;

    @Inject
    DataSource dataSource;

    @BeforeEach
    void parkOtherTestsMail() throws Exception {
        QueuedMail.parkAll(dataSource);
    }

    long count(String campaign, String condition) throws Exception {
        return QueuedMail.count(dataSource, campaign, condition);
    }
}
