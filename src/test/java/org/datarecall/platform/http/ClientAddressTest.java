package org.datarecall.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Which address a request comes from, with and without trusted proxies in front. */
class ClientAddressTest {

    private static final ClientAddress NO_PROXY = ClientAddress.trusting(List.of());
    private static final ClientAddress INGRESS = ClientAddress.trusting(List.of("10.0.0.0/8", "fd00::/8"));

    @Test
    void without_a_trusted_proxy_the_header_is_the_clients_own_words_and_ignored() {
        assertThat(NO_PROXY.resolve("127.0.0.1", List.of("203.0.113.9"))).isEqualTo("127.0.0.1");
        assertThat(NO_PROXY.resolve("10.1.2.3", List.of("203.0.113.9"))).isEqualTo("10.1.2.3");
    }

    @Test
    void behind_the_ingress_the_address_it_saw_counts_not_what_the_client_wrote_before_it() {
        // The client wrote 198.51.100.7; the ingress appended the address it saw.
        assertThat(INGRESS.resolve("10.1.2.3", List.of("198.51.100.7, 203.0.113.9"))).isEqualTo("203.0.113.9");
        // Two proxies: the inner one is trusted too.
        assertThat(INGRESS.resolve("10.1.2.3", List.of("203.0.113.9, 10.0.0.5"))).isEqualTo("203.0.113.9");
        assertThat(INGRESS.resolve("10.1.2.3", List.of("198.51.100.7", "203.0.113.9"))).isEqualTo("203.0.113.9");
        // A peer outside the range is a client, whatever it sends.
        assertThat(INGRESS.resolve("192.0.2.1", List.of("203.0.113.9"))).isEqualTo("192.0.2.1");
        // From the ingress without a header: the ingress itself.
        assertThat(INGRESS.resolve("10.1.2.3", List.of())).isEqualTo("10.1.2.3");
    }

    @Test
    void garbage_ports_and_ipv6_in_the_header() {
        assertThat(INGRESS.resolve("10.1.2.3", List.of("not-an-ip, 203.0.113.9:5123"))).isEqualTo("203.0.113.9");
        // Garbage on the right was not written by a proxy: nothing left of it is believed.
        assertThat(INGRESS.resolve("10.1.2.3", List.of("203.0.113.9, evil.example"))).isEqualTo("10.1.2.3");
        assertThat(INGRESS.resolve("fd12::1", List.of("[2001:db8::5]:443"))).isEqualTo("2001:db8:0:0:0:0:0:5");
        assertThat(INGRESS.resolve(null, List.of("203.0.113.9"))).isEqualTo("unknown");
    }

    @Test
    void a_range_that_is_not_one_stops_the_service_at_start() {
        assertThatThrownBy(() -> ClientAddress.trusting(List.of("10.0.0.0/33")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientAddress.trusting(List.of("ingress.example")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ClientAddress.trusting(List.of("127.0.0.1")).resolve("127.0.0.1", List.of("203.0.113.9")))
                .isEqualTo("203.0.113.9");
    }
}
