package org.datarecall.platform.http;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The address a request comes from, as the portal's limiter and the attestation record (evidence) use
 * it. The TCP peer, unless the peer is one of {@code quarkus.http.proxy.trusted-proxies} (the ingress):
 * then the nearest address in {@code X-Forwarded-For} that is not a trusted proxy, read from the right.
 * A proxy appends the address it saw, so everything left of that is whatever the client wrote; taking
 * the leftmost entry (as Quarkus's own forwarding does) would let a client invent a new address for every
 * try. With no trusted proxy configured, the header is ignored.
 */
@ApplicationScoped
public class ClientAddress {

    /** An address range: its bytes, and how many leading bits must match. */
    record Range(byte[] address, int bits) {

        static Range parse(String text) {
            String t = text.strip();
            int slash = t.indexOf('/');
            InetAddress a = literal(slash < 0 ? t : t.substring(0, slash));
            if (a == null) {
                throw new IllegalArgumentException("not an address or CIDR range: " + text);
            }
            int max = a.getAddress().length * 8;
            int bits = slash < 0 ? max : Integer.parseInt(t.substring(slash + 1));
            if (bits < 0 || bits > max) {
                throw new IllegalArgumentException("not a prefix length for " + t);
            }
            return new Range(a.getAddress(), bits);
        }

        boolean contains(InetAddress candidate) {
            byte[] b = candidate.getAddress();
            if (b.length != address.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (b[i] != address[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return rest == 0 || (b[full] & mask) == (address[full] & mask);
        }
    }

    @ConfigProperty(name = "quarkus.http.proxy.trusted-proxies")
    Optional<List<String>> trustedProxies;

    private List<Range> trusted = List.of();

    @PostConstruct
    void parse() {
        trusted = trustedProxies.orElse(List.of()).stream().filter(s -> !s.isBlank()).map(Range::parse).toList();
    }

    /** For tests and tools: the resolution with these trusted ranges. */
    static ClientAddress trusting(List<String> ranges) {
        ClientAddress c = new ClientAddress();
        c.trustedProxies = Optional.of(ranges);
        c.parse();
        return c;
    }

    public String of(HttpServerRequest request) {
        // The connection's peer: never rewritten from headers, whatever forwarding is configured.
        SocketAddress peer = request.connection() == null ? request.remoteAddress() : request.connection().remoteAddress();
        return resolve(peer == null ? null : peer.hostAddress(), request.headers().getAll("X-Forwarded-For"));
    }

    /** The client: the peer, or from a trusted peer the rightmost forwarded address that is not a trusted proxy. */
    String resolve(String peer, List<String> forwardedFor) {
        InetAddress peerAddress = literal(peer);
        if (peerAddress == null) {
            return peer == null ? "unknown" : peer;
        }
        if (!isTrusted(peerAddress)) {
            return peerAddress.getHostAddress();
        }
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String hop : header.split(",")) {
                hops.add(hop.strip());
            }
        }
        InetAddress client = peerAddress;
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = literal(withoutPort(hops.get(i)));
            if (hop == null) {
                // Not an address: written by the client, not by a proxy. Stop at the last good one.
                break;
            }
            client = hop;
            if (!isTrusted(hop)) {
                break;
            }
        }
        return client.getHostAddress();
    }

    private boolean isTrusted(InetAddress a) {
        return trusted.stream().anyMatch(r -> r.contains(a));
    }

    /** "[::1]:443" → "::1", "10.0.0.1:443" → "10.0.0.1"; a bare IPv6 address stays. */
    private static String withoutPort(String hop) {
        if (hop.startsWith("[") && hop.contains("]")) {
            return hop.substring(1, hop.indexOf(']'));
        }
        int colon = hop.indexOf(':');
        return colon > 0 && colon == hop.lastIndexOf(':') ? hop.substring(0, colon) : hop;
    }

    /** A literal IPv4 or IPv6 address, never a name to look up; null when it is not one. */
    private static InetAddress literal(String text) {
        if (text == null || text.isBlank() || text.length() > 45) {
            return null;
        }
        try {
            return InetAddress.ofLiteral(text.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
