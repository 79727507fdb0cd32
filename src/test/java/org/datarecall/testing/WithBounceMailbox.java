package org.datarecall.testing;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The real SMTP server and a real IMAP bounce mailbox (GreenMail), for the tests of reaching developers. */
public class WithBounceMailbox implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(SmtpServer.class, Map.of(), true),
                new TestResourceEntry(BounceMailboxServer.class, Map.of(), true));
    }
}
