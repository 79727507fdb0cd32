package org.datarecall.testing;

import org.datarecall.portal.FailureLimiter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import jakarta.inject.Inject;

/**
 * A test that sets the clock: each test starts with no failed developer links remembered and ends on
 * the real clock again, so that no test hands its time or its failures to the next.
 */
public abstract class ClockedTest {

    @Inject
    protected TestClock clock;

    @Inject
    protected FailureLimiter limiter;

    @BeforeEach
    void forgetFailedLinks() {
        limiter.forgetAll();
    }

    @AfterEach
    void backToRealTime() {
        clock.useSystemTime();
        limiter.forgetAll();
    }
}
