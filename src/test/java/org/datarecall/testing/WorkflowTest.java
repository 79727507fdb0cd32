package org.datarecall.testing;

import org.datarecall.notice.OutboxSender;
import org.datarecall.sweep.Sweep;
import org.junit.jupiter.api.BeforeEach;

import jakarta.inject.Inject;

/**
 * A test that drives the workflow as the service does, but on demand: the sweep and the outbox sender
 * run when the test calls them (both are off in the test profile), at the time the test sets, into
 * the real SMTP server (the class names {@link SmtpServer} as its test resource).
 */
public abstract class WorkflowTest extends ClockedTest {

    @Inject
    protected Sweep sweep;

    @Inject
    protected OutboxSender sender;

    @BeforeEach
    void mailServerUp() {
        SmtpServer.ensureUp();
    }
}
