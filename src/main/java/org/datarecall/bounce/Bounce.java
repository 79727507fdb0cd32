package org.datarecall.bounce;

import java.util.UUID;

/**
 * A mail that came back: the notice it answers, the address that refused it, the server's status
 * (RFC 3463, e.g. {@code 5.1.1}) and its diagnostic.
 */
public record Bounce(UUID noticeId, String recipient, String status, String diagnostic) {
}
