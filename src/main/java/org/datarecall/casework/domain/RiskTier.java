package org.datarecall.casework.domain;

import java.time.Duration;
import java.time.Instant;

/** HIGH when the developer read the affected data recently before the incident was detected. */
public enum RiskTier {
    HIGH,
    STANDARD;

    public static RiskTier of(Instant lastAccessAt, Instant detectedAt, Duration recentAccessWindow) {
        if (lastAccessAt == null) {
            return STANDARD;
        }
        return lastAccessAt.isBefore(detectedAt.minus(recentAccessWindow)) ? STANDARD : HIGH;
    }
}
